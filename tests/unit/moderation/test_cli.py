import json
from pathlib import Path

from click.testing import CliRunner

from rejoinder.cli.moderation import moderation


def test_score_writes_one_line_per_input() -> None:
    lines = ['{"text": "Thanks, good article."}', '{"text": "What a stupid idea, you clown."}']
    result = CliRunner().invoke(moderation, ["score"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert set(first["scores"]) == {"toxicity", "insult", "identity_attack", "profanity"}
    assert first["flags"] == [] and first["explanation"] == {}
    assert "toxicity" in second["flags"]
    assert second["explanation"]["toxicity"]


def test_bad_lines_get_an_error_object_and_exit_status_1() -> None:
    data = '{"text": "fine"}\nnot json\n{"txt": 1}\n'
    result = CliRunner().invoke(moderation, ["score"], input=data)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert "scores" in out[0]
    assert out[1]["line"] == 2 and "invalid JSON" in out[1]["error"]
    assert out[2]["line"] == 3
    assert "line 2: invalid JSON" in result.stderr


def test_evaluate_on_csv_and_tsv(tmp_path: Path) -> None:
    rows = [("You are a stupid clown", "OFF"), ("Lovely weather today", "NOT"),
            ("Shut up, idiot", "OFF"), ("The council meets on Monday", "NOT")]  # fmt: skip
    tsv = tmp_path / "sample.tsv"
    tsv.write_text("tweet\tlabel\n" + "".join(f"{t}\t{y}\n" for t, y in rows))
    csv_file = tmp_path / "sample.csv"
    csv_file.write_text("text,toxic\n" + "".join(f'"{t}",{int(y == "OFF")}\n' for t, y in rows))
    for path, text, label in ((tsv, "tweet", "label"), (csv_file, "text", "toxic")):
        result = CliRunner().invoke(
            moderation, ["evaluate", str(path), "--text-column", text, "--label-column", label]
        )
        assert result.exit_code == 0, result.output
        assert "roc_auc\t1.0000" in result.output
        assert "macro_f1\t" in result.output


def test_evaluate_reports_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\nhello,1\n")
    result = CliRunner().invoke(
        moderation, ["evaluate", str(path), "--text-column", "text", "--label-column", "b"]
    )
    assert result.exit_code != 0
    assert "column 'text' not found" in result.output


def test_mode_chooses_the_fast_model_or_the_cascade(tmp_path: Path) -> None:
    path = tmp_path / "sample.csv"
    path.write_text("text,toxic\nwhat a load of rubbish,1\nthanks for the update,0\n")
    args = ["evaluate", str(path), "--text-column", "text", "--label-column", "toxic"]
    accurate = CliRunner().invoke(moderation, [*args, "--mode", "accurate"])
    fast = CliRunner().invoke(moderation, [*args, "--mode", "fast"])
    assert accurate.exit_code == 0 and fast.exit_code == 0, accurate.output + fast.output
    assert "share_scored_by_accurate_model\t" in accurate.output
    assert "share_scored_by_accurate_model" not in fast.output
    bad = CliRunner().invoke(moderation, ["score", "--mode", "slow"], input="")
    assert bad.exit_code == 2 and "'slow' is not one of" in bad.output
