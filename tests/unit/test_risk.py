"""Queue priority: what moves a comment up, and the words that say why."""

from rejoinder.domain.risk import Judged, Risk, explain, from_summary, when_judged, with_reports


def test_the_model_the_rules_and_the_record_add_up_and_say_so() -> None:
    calm = when_judged(Judged(scores={"toxicity": 0.05}, rule_codes=[]))
    rude = when_judged(Judged(scores={"toxicity": 0.81}, rule_codes=[]))
    record = when_judged(
        Judged(scores={"toxicity": 0.81}, rule_codes=[], author_recent_rejected=3, new_account=True)
    )
    assert calm.value < rude.value < record.value
    assert calm.factors == ()
    assert rude.factors == ("score 0.81 toxicity",)
    assert record.factors[1:] == ("author: 3 rejected in 30 days", "new account")


def test_a_slur_outranks_a_rude_score_and_a_busy_story_counts() -> None:
    slur = when_judged(Judged(scores={"toxicity": 0.1}, rule_codes=["slur"]))
    rude = when_judged(Judged(scores={"toxicity": 0.81}, rule_codes=[]))
    assert slur.value > rude.value
    busy = when_judged(Judged(scores={"toxicity": 0.81}, rule_codes=[], story_comments=1000))
    assert busy.value > rude.value and "busy story (1000 comments)" in busy.factors


def test_an_illegal_notice_comes_before_everything_else() -> None:
    worst = when_judged(Judged(scores={"toxicity": 1.0}, rule_codes=["slur"], new_account=True))
    notice = with_reports(Risk(0.0, ()), {"illegal": 1})
    assert notice.value > with_reports(worst, {"abuse": 10}).value
    assert notice.factors == ("illegal-content notice",)
    assert with_reports(Risk(1.0, ()), {"spam": 2}).factors == ("2 reports",)


def test_the_judged_part_survives_the_summary_and_older_comments_read_as_zero() -> None:
    judged = when_judged(Judged(scores={"insult": 0.5}, rule_codes=["suspect_words"]))
    assert from_summary({"risk": judged.to_json()}) == Risk(round(judged.value, 4), judged.factors)
    assert from_summary({"action": "publish"}) == Risk(0.0, ())


def test_every_factor_reads_back_into_its_code_and_values_for_the_dashboard() -> None:
    judged = when_judged(
        Judged(
            scores={"insult": 0.81},
            rule_codes=["slur", "links"],
            author_recent_rejected=2,
            new_account=True,
            story_comments=120,
        )
    )
    factors = with_reports(judged, {"illegal": 2, "spam": 3}).factors
    assert [explain(f) for f in factors] == [
        ("notices", {"n": "2"}),
        ("reports", {"n": "3"}),
        ("score", {"score": "0.81", "category": "insult"}),
        ("rules", {"rules": "slur, links"}),
        ("author_rejected", {"n": "2"}),
        ("new_account", {}),
        ("busy_story", {"n": "120"}),
    ]
    assert explain("illegal-content notice") == ("notice", {})
    assert explain("1 report") == ("report", {})
    assert explain("something older") == ("text", {"text": "something older"})
