"""EU Digital Services Act: notices (Art. 16) with double opt-in mail to their senders, statements
of reasons (Art. 17) for every rejection, mailed to the author, and their export (Art. 24(5)).

Mail goes to a real SMTP server (tests/mailbox.py); links are followed as a reader would.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from rejoinder.domain import dsa as rules
from rejoinder.domain.errors import Forbidden
from rejoinder.domain.principal import Principal
from rejoinder.services import dsa as dsa_service
from rejoinder.services import mail
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account, DsaStatement, Report
from tests import mailbox as box
from tests.conftest import make_site
from tests.helpers import cli_invoker, post
from tests.integration.signed_in import SignedIn, sign_in
from tests.mailbox import (
    ACCOUNT_SITE,
    FORM,
    PUBLIC_URL,
    Mailbox,
    body_of,
    log_in,
    post_as,
    shift_clock,
    sign_up,
)

mailbox, settings = box.mailbox, box.settings

NOTIFIER = "nina@example.org"
CONFIRM = "/dsa/notices/confirm"
REDRESS = "https://news.example/complaints"
DSA = {"redress_url": REDRESS, "contact_email": "Complaints@News.example"}
AUTO = {"banned_words": ["casino"], "suspect_words": ["crypto"]}
ILLEGAL_GROUNDS = {
    "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
    "legal_ground": "§ 186 StGB (defamation)",
    "explanation": "It states as fact that a named official took bribes.",
    "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
}
TERMS_GROUNDS = {
    "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
    "terms_ground": "Comment rules, section 2: no insults",
    "explanation": "It calls another reader names.",
    "category": "STATEMENT_CATEGORY_CYBER_VIOLENCE",
    "reference_url": "https://news.example/rules#2",
}


@pytest.fixture
async def site(app: FastAPI) -> str:
    await make_site(app, "news", dsa=DSA, **ACCOUNT_SITE)
    return "news"


async def _notice(
    reader: httpx.AsyncClient, comment_id: int, expect: int = 201, **fields: Any
) -> dict[str, Any]:
    payload = {
        "reason": "illegal",
        "legal_ground": "Defamation (§ 186 StGB)",
        "detail": "It says a named official took bribes, which is untrue.",
        **fields,
    }
    response = await reader.post(f"/api/v1/sites/news/comments/{comment_id}/reports", json=payload)
    assert response.status_code == expect, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def _decide(
    client: httpx.AsyncClient,
    mod: SignedIn,
    comment_id: int,
    action: str = "reject",
    expect: int = 200,
    site: str = "news",
    **fields: Any,
) -> httpx.Response:
    response = await client.post(
        f"/api/v1/sites/{site}/moderation/comments/{comment_id}",
        json={"action": action, **fields},
        headers=mod.headers,
    )
    assert response.status_code == expect, response.text
    return response


async def _reports(app: FastAPI) -> list[Report]:
    async with session_factory(app.state.engine)() as db:
        return list((await db.execute(select(Report).order_by(Report.id))).scalars())


async def _statements(app: FastAPI) -> list[DsaStatement]:
    async with session_factory(app.state.engine)() as db:
        query = select(DsaStatement).order_by(DsaStatement.id)
        return list((await db.execute(query)).scalars())


async def _confirmed(app: FastAPI, report_id: int) -> bool:
    return any(r.reporter_email_confirmed_at for r in await _reports(app) if r.id == report_id)


# --- notices -----------------------------------------------------------------------------------


async def test_a_notice_needs_its_legal_ground_and_is_stored_with_its_fields(
    client: httpx.AsyncClient, site: str, readers: Any, app: FastAPI, mailbox: Mailbox
) -> None:
    comment = await post(client, site)
    reader = readers("198.51.100.10")
    missing = await _notice(reader, comment["id"], expect=400, legal_ground=None)
    assert missing["error"]["code"] == "bad_request"
    assert "legal_ground" in missing["error"]["message"]
    short = await _notice(reader, comment["id"], expect=400, detail="Untrue.")
    assert "detail" in short["error"]["message"] and "20" in short["error"]["message"]
    bad_address = await _notice(reader, comment["id"], expect=422, reporter_email="no\r\nBcc: x")
    assert "email" in bad_address["error"]["message"]
    await _notice(reader, comment["id"], expect=422, language="pt")

    spam = await readers("198.51.100.11").post(
        f"/api/v1/sites/news/comments/{comment['id']}/reports",
        json={"reason": "spam", "legal_ground": "n/a", "reporter_email": "s@example.org"},
    )
    assert spam.status_code == 201, spam.text  # other reasons: as before, the extras ignored
    filed = await _notice(reader, comment["id"], reporter_email="Nina@Example.org", language="ja")
    assert filed["reason"] == "illegal"

    stored = {r.reason: r for r in await _reports(app)}
    assert (stored["spam"].legal_ground, stored["spam"].reporter_email) == ("", None)
    notice = stored["illegal"]
    assert notice.legal_ground == "Defamation (§ 186 StGB)"
    assert notice.detail == "It says a named official took bribes, which is untrue."
    assert (notice.reporter_email, notice.reporter_language) == (NOTIFIER, "ja")
    assert notice.reporter_email_confirmed_at is None
    mod = await sign_in(app, "desk", moderates=(site,))
    queue = await client.get(
        "/api/v1/sites/news/moderation/queue", params={"status": "reported"}, headers=mod.headers
    )
    (item,) = queue.json()["items"]
    grounds = {(n["reason"], n["legal_ground"]) for n in item["report_details"]}
    assert grounds == {("spam", ""), ("illegal", "Defamation (§ 186 StGB)")}
    assert "example.org" not in queue.text.lower()  # moderators never see who sent it
    assert await mailbox.to("s@example.org") == []
    (confirmation,) = await mailbox.to(NOTIFIER)
    assert "確認" in str(confirmation["Subject"])  # in the language the notice asked for
    assert (await mailbox.last_link(NOTIFIER)).startswith(f"{PUBLIC_URL}{CONFIRM}?lang=ja&")


async def test_a_notifier_confirms_by_post_then_hears_of_the_notice_and_the_decisions(
    client: httpx.AsyncClient, site: str, readers: Any, app: FastAPI, mailbox: Mailbox
) -> None:
    mod = await sign_in(app, "desk", moderates=(site,))
    first, second = await post(client, site), await post(client, site)
    reporter = readers("198.51.100.20")
    notice = await _notice(reporter, first["id"], reporter_email=NOTIFIER)
    (confirmation,) = await mailbox.to(NOTIFIER)
    assert "Confirm" in str(confirmation["Subject"])
    link = await mailbox.last_link(NOTIFIER)
    assert link.startswith(f"{PUBLIC_URL}{CONFIRM}?")
    for _ in range(3):  # a mail scanner opening the link, again and again
        page = await client.get(link.removeprefix(PUBLIC_URL))
        assert page.status_code == 200 and 'method="post"' in page.text
    assert not await _confirmed(app, notice["id"])
    key = await mailbox.last_key(NOTIFIER)
    foreign = await client.post(
        CONFIRM, content=f"token={key}", headers=FORM | {"origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert len(await mailbox.to(NOTIFIER)) == 1 and not await _confirmed(app, notice["id"])

    done = await client.post(CONFIRM, content=f"token={key}&lang=en", headers=FORM)
    assert done.status_code == 200 and "Address confirmed" in done.text
    assert await _confirmed(app, notice["id"])
    ack = (await mailbox.to(NOTIFIER))[1]
    assert "We received your notice" in str(ack["Subject"])
    assert f"comment {first['id']} on News" in body_of(ack)
    assert f"news-notice-{notice['id']}" in body_of(ack)
    again = await client.post(CONFIRM, content=f"token={key}", headers=FORM)
    assert again.status_code == 200 and len(await mailbox.to(NOTIFIER)) == 2  # no second ack

    later = await _notice(reporter, second["id"], reporter_email=NOTIFIER)  # confirmed already
    third = (await mailbox.to(NOTIFIER))[2]
    assert "We received your notice" in str(third["Subject"])
    assert f"news-notice-{later['id']}" in body_of(third)

    await _decide(client, mod, first["id"], grounds=ILLEGAL_GROUNDS)
    removed = body_of((await mailbox.to(NOTIFIER))[3])
    assert "removed the comment" in removed and "§ 186 StGB (defamation)" in removed
    assert REDRESS in removed and "complaints@news.example" in removed
    await _decide(client, mod, second["id"], action="approve")
    kept = (await mailbox.to(NOTIFIER))[4]
    assert f"news-notice-{later['id']}" in str(kept["Subject"]) and "kept it" in body_of(kept)


async def test_an_unconfirmed_address_gets_the_confirmation_and_nothing_else(
    client: httpx.AsyncClient, site: str, readers: Any, app: FastAPI, mailbox: Mailbox
) -> None:
    mod = await sign_in(app, "desk", moderates=(site,))
    comment = await post(client, site)
    notice = await _notice(readers("198.51.100.30"), comment["id"], reporter_email=NOTIFIER)
    await _decide(client, mod, comment["id"], grounds=ILLEGAL_GROUNDS)
    assert len(await mailbox.to(NOTIFIER)) == 1  # the confirmation, no acknowledgement nor decision

    key = await mailbox.last_key(NOTIFIER)
    report_id, expires, mac = key.split("-")
    forged = [
        f"{report_id}-{expires}-{'0' * 32}",
        f"{report_id}-{int(expires) + 3600}-{mac}",  # a longer life
        f"{int(report_id) + 1}-{expires}-{mac}",  # another notice
        "not-a-key",
    ]
    for wrong in forged:
        refused = await client.post(CONFIRM, content=f"token={wrong}", headers=FORM)
        assert refused.status_code == 422 and "not valid" in refused.text
    shift_clock(app, timedelta(hours=49))
    expired = await client.post(CONFIRM, content=f"token={key}", headers=FORM)
    assert expired.status_code == 422
    assert not await _confirmed(app, notice["id"])
    assert len(await mailbox.to(NOTIFIER)) == 1


# --- statements of reasons ---------------------------------------------------------------------


async def _author(client: httpx.AsyncClient, mailbox: Mailbox, email: str) -> dict[str, Any]:
    await sign_up(client, mailbox, email, email.split("@")[0].title() + " Author")
    return await log_in(client, email)


async def _set_language(app: FastAPI, email: str, language: str) -> None:
    async with session_factory(app.state.engine)() as db:
        await db.execute(update(Account).where(Account.email == email).values(language=language))
        await db.commit()


async def test_rejections_make_valid_statements_that_their_authors_receive(
    client: httpx.AsyncClient, site: str, readers: Any, app: FastAPI, mailbox: Mailbox
) -> None:
    mod = await sign_in(app, "desk", moderates=(site,))
    ada = await _author(client, mailbox, "ada@example.org")
    noticed, insulting, off_topic = [await post_as(client, ada) for _ in range(3)]
    guest = await post(client, site, author_email="guest@example.org")
    await _notice(readers("198.51.100.40"), noticed["id"])

    await _decide(client, mod, noticed["id"], action="approve", grounds=ILLEGAL_GROUNDS, expect=400)
    no_ground = await _decide(
        client, mod, noticed["id"], grounds={**ILLEGAL_GROUNDS, "legal_ground": None}, expect=400
    )
    assert "legal_ground" in no_ground.json()["error"]["message"]
    mixed = {**TERMS_GROUNDS, "legal_ground": "§ 1"}
    assert (
        "not legal_ground"
        in (await _decide(client, mod, insulting["id"], grounds=mixed, expect=400)).json()["error"][
            "message"
        ]
    )
    unknown = {**TERMS_GROUNDS, "category": "STATEMENT_CATEGORY_UNCATEGORISED"}
    await _decide(client, mod, insulting["id"], grounds=unknown, expect=422)
    assert await _statements(app) == []  # refused decisions change nothing

    await _decide(client, mod, noticed["id"], grounds=ILLEGAL_GROUNDS)
    await _decide(client, mod, insulting["id"], grounds=TERMS_GROUNDS)
    await mail.drain()  # the two mails are written (in English) by now
    await _set_language(app, "ada@example.org", "ja")
    await _decide(client, mod, off_topic["id"], reason="Advertising, off topic.")
    await _decide(client, mod, guest["id"], grounds=TERMS_GROUNDS)
    await _decide(client, mod, guest["id"])  # rejected again, no new grounds: no new statement

    rows = await _statements(app)
    assert [row.comment_id for row in rows] == [
        noticed["id"], insulting["id"], off_topic["id"], guest["id"],
    ]  # fmt: skip
    assert all(rules.statement_problems(row.statement) == [] for row in rows)
    assert len({row.puid for row in rows}) == 4
    assert all(row.statement["puid"] == row.puid for row in rows)
    illegal, terms, rules_only, _guest = (row.statement for row in rows)
    assert illegal["source_type"] == "SOURCE_ARTICLE_16"
    assert illegal["illegal_content_legal_ground"] == "§ 186 StGB (defamation)"
    assert (illegal["automated_detection"], illegal["automated_decision"]) == (
        "No", "AUTOMATED_DECISION_NOT_AUTOMATED",
    )  # fmt: skip
    assert terms["source_type"] == "SOURCE_VOLUNTARY"
    assert terms["incompatible_content_ground"] == "Comment rules, section 2: no insults"
    assert terms["decision_ground_reference_url"] == "https://news.example/rules#2"
    assert rules_only["incompatible_content_ground"] == "The comment rules of News"
    assert rules_only["incompatible_content_explanation"] == "Advertising, off topic."
    assert rules_only["category"] == "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
    published = json.dumps([row.statement for row in rows]).lower()
    assert "ada@" not in published and "ada author" not in published  # no personal data

    mails = (await mailbox.to("ada@example.org"))[1:]  # after the sign-up's confirmation
    assert len(mails) == 3
    first = body_of(mails[0])
    assert f"your comment {noticed['id']} on News" in first
    assert "Ground: illegal content, under § 186 StGB (defamation)" in first
    assert REDRESS in first and "complaints@news.example" in first and rows[0].puid in first
    assert "taken by a person" in first
    assert "削除されました" in str(mails[2]["Subject"])  # the author's own language
    assert await mailbox.to("guest@example.org") == []  # a guest's address is never confirmed


async def test_an_automated_rejection_has_a_statement_of_its_own(
    client: httpx.AsyncClient, site: str, app: FastAPI, mailbox: Mailbox
) -> None:
    await make_site(app, "auto", dsa=DSA, moderation={**ACCOUNT_SITE["moderation"], **AUTO})
    mod = await sign_in(app, "desk", moderates=("auto",))
    bea = await _author(client, mailbox, "bea@example.org")
    rejected = await post_as(client, bea, site="auto", body="Visit my CASINO tonight", expect=202)
    assert rejected["status"] == "rejected"
    held = await post_as(client, bea, site="auto", body="Crypto will fix it all.", expect=202)
    assert held["status"] == "pending"
    await mail.drain()
    await _decide(client, mod, held["id"], site="auto", reason="Promotes a scheme.")

    automated, flagged = (row.statement for row in await _statements(app))
    assert rules.statement_problems(automated) == [] == rules.statement_problems(flagged)
    assert automated["automated_decision"] == "AUTOMATED_DECISION_FULLY"
    assert (automated["automated_detection"], automated["source_type"]) == (
        "Yes", "SOURCE_VOLUNTARY",
    )  # fmt: skip
    assert "words" in automated["incompatible_content_explanation"]
    assert flagged["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert flagged["automated_detection"] == "Yes"  # the pipeline held it for its words
    mails = (await mailbox.to("bea@example.org"))[1:]
    assert len(mails) == 2
    assert "automated means, without a person" in body_of(mails[0])


# --- export --------------------------------------------------------------------------------------


async def test_the_export_of_a_shift_is_valid_json_lines_for_the_database(
    client: httpx.AsyncClient,
    site: str,
    readers: Any,
    app: FastAPI,
    mailbox: Mailbox,
    database_url: str,
    tmp_path: Path,
) -> None:
    await make_site(app, "other")
    mod = await sign_in(app, "desk", moderates=(site,))
    other_mod = await sign_in(app, "elsewhere", moderates=("other",))
    comments = [await post(client, site) for _ in range(5)]
    await _notice(readers("198.51.100.50"), comments[0]["id"])
    for comment, grounds in zip(comments, [ILLEGAL_GROUNDS, TERMS_GROUNDS, None, None],
                                strict=False):  # fmt: skip
        fields: dict[str, Any] = {"grounds": grounds} if grounds else {}
        await _decide(client, mod, comment["id"], **fields)
    await _decide(client, mod, comments[4]["id"], action="approve")

    invoke = cli_invoker(database_url, tmp_path / "cli")
    exported = await asyncio.to_thread(invoke, "dsa", "export", "--site", site)
    statements = [json.loads(line) for line in exported.splitlines()]
    assert len(statements) == 4
    assert [rules.statement_problems(s) for s in statements] == [[], [], [], []]
    assert len({s["puid"] for s in statements}) == 4
    assert statements == [row.statement for row in await _statements(app)]

    out = tmp_path / "statements.jsonl"
    said = await asyncio.to_thread(
        invoke, "dsa", "export", "--site", site, "--since", "2020-01-01", "--output", str(out)
    )
    assert "4 statements" in said and out.read_text(encoding="utf-8") == exported
    later = await asyncio.to_thread(
        invoke, "dsa", "export", "--site", site, "--since", "2999-01-01"
    )
    assert later == ""
    bad_day = await asyncio.to_thread(
        invoke, "dsa", "export", "--site", site, "--since", "2026-13-01", expect=2
    )
    assert "--since" in bad_day and "%Y-%m-%d" in bad_day
    missing = await asyncio.to_thread(invoke, "dsa", "export", "--site", "nowhere", expect=1)
    assert "Error:" in missing and "nowhere" in missing

    async with session_factory(app.state.engine)() as db:
        as_desk = Principal(mod.account_id, "desk", False, "bearer")
        assert len(await dsa_service.export_statements(db, site, as_desk, None)) == 4
        with pytest.raises(Forbidden):
            as_other = Principal(other_mod.account_id, "elsewhere", False, "bearer")
            await dsa_service.export_statements(db, site, as_other, None)
