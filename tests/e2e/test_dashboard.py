"""The moderator workspace in Chromium (issue 12): a moderator's session, by keyboard alone.

One real `rejoinder demo` process for the module, with a pre-moderated site of the tests' own
("night"), a moderator made from the shell, and comments held by the real pipeline. The moderator
signs in with a password, then decides the queue with keys only: approve, reject with a reason,
move, the keys dialog, select and reject in bulk, ban the author; reads the decisions back in the
audit log and downloads the DSA statements. The same install signs staff in through a real OpenID
Connect provider too (oidc-provider-mock in a thread), with the provider's own form in the browser.
The moderator's session runs again on an install of its own on PostgreSQL (a throwaway database on
the tests' server), as every integration test runs on both databases.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from rejoinder.domain.dsa import statement_problems
from tests.e2e.dashboard_screens import oidc_env, run_cli, sign_in, site, staff
from tests.e2e.server import DemoServer, start_demo, throwaway_postgres
from tests.processes import free_port

with warnings.catch_warnings():
    # oidc-provider-mock 0.3 imports `authlib.jose`, which Authlib 1.7 deprecated.
    warnings.filterwarnings("ignore", "authlib.jose module is deprecated", DeprecationWarning)
    import oidc_provider_mock

pytestmark = [
    pytest.mark.e2e,
    # The provider issues ID tokens through Authlib's deprecated `get_jwt_config` (its thread).
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]

MODERATOR = "moira@newsroom.example"
NIGHT = "night"  # pre-moderated: every comment waits for a moderator
NIGHT_SETTINGS = {"moderation": {"mode": "pre", "nudge_enabled": False}}
STORY = "harbour-vote"
LAW = "§ 111 StGB (public incitement to crimes)"
ABUSIVE = "Pathetic bunch of clowns, the lot of them."
CALM = [
    "The harbour vote was closer than the polls said it would be.",
    "I would like to know who pays for the new ferry terminal.",
    "Turnout in the northern wards was the highest in a decade.",
    "The council should publish the full costings before the next meeting.",
    "Good reporting, thank you for the breakdown by ward.",
    "Will the night buses keep running while the works go on?",
]
FOCUSED = "() => document.activeElement?.closest('[data-comment-id]')?.dataset.commentId ?? null"
SSO_SUBJECT = "ada-night-desk"
SSO_CLAIMS = {
    "email": "ada@newsroom.example",
    "email_verified": True,
    "name": "Ada Lovelace",
    "groups": ["night-desk", "interns"],
}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def _install(workdir: Path, provider: str, database_url: str | None = None) -> Iterator[DemoServer]:
    """Staff sign in with a password, or with the provider ("night-desk" moderates the demo
    site); the night site and its moderator come from the shell."""
    port = free_port()
    env = oidc_env(provider, port, {"night-desk": "moderator:demo"})
    with start_demo(workdir, env=env, port=port, database_url=database_url) as server:
        run_cli(server, site(NIGHT, server, NIGHT_SETTINGS),
                staff("Moira Night", MODERATOR, NIGHT))  # fmt: skip
        yield server


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory, provider: str) -> Iterator[DemoServer]:
    """The install, on SQLite in its data directory."""
    with _install(tmp_path_factory.mktemp("desk"), provider) as server:
        yield server


@pytest.fixture(scope="module")
def pg_desk(tmp_path_factory: pytest.TempPathFactory, provider: str) -> Iterator[DemoServer]:
    """The same install on a PostgreSQL database of its own."""
    with (
        throwaway_postgres() as url,
        _install(tmp_path_factory.mktemp("pg-desk"), provider, url) as server,
    ):
        assert not (server.data_dir / "rejoinder.db").exists()  # nothing fell back to SQLite
        yield server


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def night(request: pytest.FixtureRequest) -> tuple[DemoServer, dict[str, int]]:
    """An install on each database, and the comments held on its night site (body -> comment
    id), all by one guest."""
    server: DemoServer = request.getfixturevalue("desk" if request.param == "sqlite" else "pg_desk")
    held = {}
    for body in [ABUSIVE, *CALM]:
        posted = server.post(STORY, body, author="Harbour Reader", site=NIGHT)
        assert posted["status"] == "pending", posted
        held[body] = posted["id"]
    return server, held


def tab_to(page: Page, selector: str, most: int = 15, key: str = "Tab") -> None:
    """Presses Tab (or `key`) until `selector` has focus, as someone without a mouse would."""
    for _ in range(most):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"{selector} is not reached within {most} presses of Tab")


def focused_item(page: Page) -> int | None:
    found: str | None = page.evaluate(FOCUSED)
    return int(found) if found else None


def wait_for_focus_on(page: Page, comment_id: int) -> None:
    page.wait_for_function(f"() => ({FOCUSED})() === '{comment_id}'")


def open_ids(page: Page) -> list[int]:
    ids: list[str] = page.locator("#items > [data-comment-id]:not(.decided)").evaluate_all(
        "nodes => nodes.map(n => n.dataset.commentId)"
    )
    return [int(i) for i in ids]


def item(page: Page, comment_id: int) -> Locator:
    return page.locator(f'#items > [data-comment-id="{comment_id}"]')


def test_a_wrong_password_is_refused_on_the_page(page: Page, desk: DemoServer) -> None:
    page.goto(f"{desk.base}/admin/sites/{NIGHT}/queues/pending")
    expect(page).to_have_url(f"{desk.base}/admin/login?next=/admin/sites/{NIGHT}/queues/pending")
    page.get_by_label("Email").fill("nobody@newsroom.example")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_attribute("aria-describedby", "login-error")


def test_a_moderator_decides_the_queue_by_keyboard(
    page: Page, night: tuple[DemoServer, dict[str, int]], tmp_path: Path
) -> None:
    server, held = night
    sign_in(page, server, MODERATOR)
    expect(page.locator(f'[data-site="{NIGHT}"]')).to_be_visible()
    # From the sites list to the queue by keyboard: Tab to the site's name, Enter.
    tab_to(page, f'[data-site="{NIGHT}"] h2 a')
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.base}/admin/sites/{NIGHT}/queues/pending")

    # Riskiest first, and it has focus.
    queue = open_ids(page)
    assert sorted(queue) == sorted(held.values())
    assert queue[0] == held[ABUSIVE]
    assert focused_item(page) == held[ABUSIVE]
    expect(item(page, held[ABUSIVE]).locator(".why")).to_contain_text("toxicity")
    expect(page.locator('[data-count="pending"]').first).to_have_text(str(len(held)))

    # a: approved; the item becomes a one-line record in place, focus moves to the next one.
    page.keyboard.press("a")
    approved = item(page, queue[0])
    expect(approved).to_have_attribute("data-decided", "approve")
    expect(approved.get_by_role("status")).to_have_text(f"Approve: comment {queue[0]}.")
    expect(page.locator('[data-count="pending"]').first).to_have_text(str(len(held) - 1))
    wait_for_focus_on(page, queue[1])

    # r: the reject form opens on the reason; choose one, add a note, then the DSA grounds:
    # illegal content, the law, why, the category (the first one); Enter on Reject sends it.
    page.keyboard.press("r")
    form = item(page, queue[1]).locator("details.reject form")
    reason = form.get_by_label("Reason", exact=True)
    expect(reason).to_be_focused()
    page.keyboard.press("ArrowDown")  # "Uncivil or abusive" -> "Hate or harassment"
    expect(reason).to_have_value("hate")
    page.keyboard.press("Tab")
    page.keyboard.type("goads other readers")
    page.keyboard.press("Tab")  # the grounds' summary
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the ground: "The site's comment rules" is checked
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(form.get_by_label("Illegal content", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type(LAW)
    page.keyboard.press("Tab")
    page.keyboard.type("It calls for violence against the council's staff.")
    tab_to(page, "details.reject button.danger", most=3)
    page.keyboard.press("Enter")
    rejected = item(page, queue[1])
    expect(rejected).to_have_attribute("data-decided", "reject")
    wait_for_focus_on(page, queue[2])

    # j and k move between the undecided items.
    page.keyboard.press("j")
    assert focused_item(page) == queue[3]
    page.keyboard.press("j")
    assert focused_item(page) == queue[4]
    page.keyboard.press("k")
    page.keyboard.press("k")
    assert focused_item(page) == queue[2]
    page.keyboard.press("k")  # the first undecided item stays where it is
    assert focused_item(page) == queue[2]

    # ?: the keys dialog; Escape closes it and focus comes back to the item.
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Approve")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused_item(page) == queue[2]

    # x on three items, then "Reject selected" (the bulk form is just before the first item).
    for step in range(3):
        if step:
            page.keyboard.press("j")
        page.keyboard.press("x")
    chosen = queue[2:5]
    for comment_id in chosen:
        expect(page.locator(f"#select-{comment_id}")).to_be_checked()
    page.keyboard.press("k")
    page.keyboard.press("k")
    assert focused_item(page) == queue[2]
    tab_to(page, "#bulk button[value=reject]", most=4, key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/sites/{NIGHT}/queues/pending?done=3")
    expect(page.locator("p.done")).to_have_text("3 comments decided.")
    left = open_ids(page)
    assert left == queue[5:]
    assert focused_item(page) == left[0]

    # b: the ban form opens on its length; a week, a note, Enter.
    page.keyboard.press("b")
    days = item(page, left[0]).get_by_label("Ban for")
    expect(days).to_be_focused()
    page.keyboard.press("ArrowDown")  # 1 day -> 7 days
    expect(days).to_have_value("7")
    page.keyboard.press("Tab")
    page.keyboard.type("insults on every story")
    page.keyboard.press("Enter")
    expect(page.locator("#flash")).to_have_text("The guest is banned from this site for 7 days.")

    # The ban holds: the guest (every post here is from 127.0.0.1) cannot post on the site.
    again = {"body": "One more try after the ban.", "author_name": "Harbour Reader",
             "story_url": f"{server.base}/publisher/{STORY}"}  # fmt: skip
    refused = httpx.post(
        f"{server.base}/api/v1/sites/{NIGHT}/stories/{STORY}/comments",
        json=again,
        headers={"origin": server.base},
    )
    assert refused.status_code == 403, refused.text

    # The audit log shows every decision, and the ban.
    page.goto(f"{server.base}/admin/sites/{NIGHT}/audit")
    rows = page.locator("table.audit tbody tr")
    expect(rows.first).to_be_visible()
    actions: list[str] = rows.evaluate_all("rows => rows.map(r => r.dataset.action)")
    assert actions.count("comment.approve") == 1
    assert actions.count("comment.reject") == 4
    assert actions.count("guest.ban") == 1
    reject_row = page.locator('tr[data-action="comment.reject"]', has_text="goads other readers")
    expect(reject_row).to_contain_text("Hate or harassment")
    expect(reject_row).to_contain_text("Moira Night")
    expect(page.locator('tr[data-action="guest.ban"]')).to_contain_text("insults on every story")

    # The downloads: the audit log as JSON Lines, and the DSA statements of the rejections.
    audit_lines = download_lines(page, "Download JSON Lines", tmp_path)
    assert {"comment.approve", "comment.reject", "guest.ban"} <= {e["action"] for e in audit_lines}
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    assert csv_download.value.suggested_filename == f"audit-{NIGHT}.csv"

    statements = download_lines(page, "DSA statements (JSON Lines)", tmp_path)
    assert len(statements) == 4  # one per rejection: one by hand, three in bulk
    for statement in statements:
        assert statement_problems(statement) == [], statement
    assert len({statement["puid"] for statement in statements}) == 4
    grounds = sorted(statement["decision_ground"] for statement in statements)
    assert (
        grounds
        == ["DECISION_GROUND_ILLEGAL_CONTENT"] + ["DECISION_GROUND_INCOMPATIBLE_CONTENT"] * 3
    )
    [illegal] = [s for s in statements if s["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"]
    assert illegal["illegal_content_legal_ground"] == LAW


def download_lines(page: Page, link: str, into: Path) -> list[dict[str, Any]]:
    """Downloads as a browser does (the link has `download`); every line must be JSON."""
    with page.expect_download() as started:
        page.get_by_role("link", name=link).click()
    path = into / started.value.suggested_filename
    started.value.save_as(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines, f"{link}: empty"
    parsed = []
    for number, line in enumerate(lines, 1):
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError as error:
            pytest.fail(f"{link}, line {number} is not JSON ({error}): {line[:200]}")
    return parsed


# --- staff sign-in with OpenID Connect --------------------------------------------------------


def test_staff_sign_in_with_openid_connect(
    browser: Browser, desk: DemoServer, provider: str
) -> None:
    answer = httpx.put(f"{provider}/users/{quote(SSO_SUBJECT, safe='')}", json=SSO_CLAIMS)
    assert answer.status_code == 204, answer.text
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{desk.base}/admin/login")
        page.get_by_role("link", name="Sign in with Newsroom SSO").click()

        # The provider's own form, on its own origin.
        page.wait_for_url(f"{provider}/**")
        page.locator("input[name=sub]").fill(SSO_SUBJECT)
        page.get_by_role("button", name="Authorize").click()

        # Back through our callback, signed in, on the sites list: the mapped site only.
        page.wait_for_url(f"{desk.base}/admin/")
        expect(page.locator("header .who")).to_have_text("Signed in as Ada Lovelace")
        expect(page.locator("[data-site]")).to_have_count(1)
        page.locator('[data-site="demo"] h2 a').click()
        page.wait_for_url(f"{desk.base}/admin/sites/demo/queues/pending")
        expect(page.locator("h1")).to_have_text("Rejoinder demo: Pending")
        assert not any(c["name"] == "rejoinder_oidc" for c in context.cookies())
    finally:
        context.close()
