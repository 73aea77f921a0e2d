"""axe-core on every page of the moderator workspace (issue 12), in English and in Japanese.

One real `rejoinder demo` process for the module with something in every queue: held comments on
a pre-moderated site, reported, noticed (DSA) and rejected ones on the `e2e` site, and the
reference story's flagged and approved ones on `demo`. Each page is checked as a person would
meet it (signed in as a moderator or an admin, details opened, the keys dialog up), under the
install's own CSP: axe is evaluated through the DevTools protocol, which the CSP does not govern.
A page passes with no serious or critical violation; every page's counts, of every impact, are
printed at the end of the module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import AXE
from tests.e2e.dashboard_screens import PASSWORD, oidc_env, run_cli, sign_in, site, staff
from tests.e2e.server import SITE, DemoServer, start_demo
from tests.e2e.server import STORY as REFERENCE_STORY
from tests.processes import free_port

pytestmark = pytest.mark.e2e

MODERATOR = "mika@newsroom.example"
ADMIN = "ari@newsroom.example"
NIGHT = "night"
REFERENCE = "demo"
STORY = "ferry-fares"
QUEUES = ("pending", "reported", "flagged", "illegal", "all", "approved", "rejected")
# Violations of every impact, as axe names them: (rule id, impact, the elements).
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' > '))])"""
BLOCKING = ("serious", "critical")


@dataclass
class Workspace:
    server: DemoServer
    held: list[int] = field(default_factory=list)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    port = free_port()
    # The login page shows the provider's button once an issuer is set; nothing here follows it.
    env = oidc_env("http://localhost:9", port, {"night-desk": f"moderator:{NIGHT}"})
    with start_demo(tmp_path_factory.mktemp("a11y"), env=env, port=port) as server:
        run_cli(
            server,
            site(NIGHT, server, {"moderation": {"mode": "pre", "nudge_enabled": False}}),
            staff("Mika Desk", MODERATOR, NIGHT, SITE, REFERENCE),
            staff("Ari Admin", ADMIN),
        )
        found = Workspace(server)
        for body in ("Pathetic bunch of clowns, the lot of them.",
                     "The new fares hit the early shift hardest.",
                     "Will the night ferry keep running in winter?"):  # fmt: skip
            found.held.append(server.post(STORY, body, author="Harbour Reader", site=NIGHT)["id"])
        published = [
            server.post(STORY, f"Comment {n} on the ferry fares.")["id"] for n in (1, 2, 3)
        ]
        report(server, published[0], {"reason": "abuse", "detail": "rude to other readers"})
        notice = {"reason": "illegal", "legal_ground": "GDPR Art. 6",
                  "detail": "It names a private person and the street they live in."}  # fmt: skip
        report(server, published[1], notice)
        reject(server, published[2])
        yield found


def report(server: DemoServer, comment_id: int, payload: dict[str, str]) -> None:
    answer = httpx.post(f"{server.base}/api/v1/sites/{SITE}/comments/{comment_id}/reports",
                        json=payload, headers={"origin": server.base})  # fmt: skip
    assert answer.status_code == 201, answer.text


def reject(server: DemoServer, comment_id: int) -> None:
    """Through the API with the moderator's own token, as a moderation bot would."""
    login = httpx.post(f"{server.base}/api/v1/auth/login",
                       json={"email": MODERATOR, "password": PASSWORD})  # fmt: skip
    assert login.status_code == 200, login.text
    answer = httpx.post(
        f"{server.base}/api/v1/sites/{SITE}/moderation/comments/{comment_id}",
        json={"action": "reject", "reason": "off topic"},
        headers={"authorization": f"Bearer {login.json()['token']}"},
    )
    assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
def pages(browser: Browser, workspace: Workspace) -> Iterator[dict[str, Page]]:
    """Who looks: nobody signed in, the moderator, an admin, and the same in Japanese (and the
    moderator in Arabic, right to left); one tab each, reused from page to page."""
    made: dict[str, BrowserContext] = {}
    try:
        for who, email in (("moderator", MODERATOR), ("admin", ADMIN)):
            made[who] = browser.new_context()
            sign_in(made[who].new_page(), workspace.server, email)
        made["nobody"] = browser.new_context()
        made["nobody-ja"] = browser.new_context(locale="ja-JP")
        made["moderator-ja"] = browser.new_context(
            locale="ja-JP", storage_state=made["moderator"].storage_state()
        )
        made["moderator-ar"] = browser.new_context(
            locale="ar", storage_state=made["moderator"].storage_state()
        )
        yield {who: c.pages[0] if c.pages else c.new_page() for who, c in made.items()}
    finally:
        for context in made.values():
            context.close()


@pytest.fixture(scope="module")
def counts(request: pytest.FixtureRequest) -> Iterator[dict[str, dict[str, int]]]:
    """Each page's violations by impact, printed when the module is done."""
    found: dict[str, dict[str, int]] = {}
    yield found
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is None or capture is None or not found:
        return
    impacts = ("critical", "serious", "moderate", "minor")
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(
            "axe-core: violated rules per dashboard page (critical or serious fail)"
        )
        for name, by_impact in found.items():
            shown = ", ".join(f"{impact} {by_impact.get(impact, 0)}" for impact in impacts)
            reporter.write_line(f"  {name:<36} {sum(by_impact.values())}  ({shown})")


# --- what is done on a page before axe looks at it -------------------------------------------

Prepare = Callable[[Page], None]


def first_item_opened(page: Page) -> None:
    """Thread, author panel, the reject form with its DSA grounds, and the ban form of the
    first item, all open."""
    item = page.locator("#items > [data-comment-id]").first
    item.locator("details.lazy:not([data-panel]) > summary").click()
    expect(item.locator(".thread")).to_be_visible()
    item.locator("details[data-panel=author] > summary").click()
    expect(item.locator(".author-panel")).to_be_visible()
    item.locator("details.reject > summary").click()
    grounds = item.locator("details.grounds")
    if grounds.get_attribute("open") is None:  # open already for an item with a DSA notice
        grounds.locator("> summary").click()
    expect(grounds.locator("select")).to_be_visible()
    item.locator("details.ban > summary").click()
    expect(item.locator("details.ban select")).to_be_visible()


def keys_dialog(page: Page) -> None:
    expect(page.locator("#items > [data-comment-id]").first).to_be_focused()
    page.keyboard.press("?")
    expect(page.locator("#keys")).to_be_visible()


def approved_first(page: Page) -> None:
    """After a decision: the one-line record in place and the counts swapped out of band."""
    expect(page.locator("#items > [data-comment-id]").first).to_be_focused()
    page.keyboard.press("a")
    expect(page.locator("#items > .decided")).to_have_count(1)


def wrong_password(page: Page) -> None:
    page.locator("#email").fill("nobody@newsroom.example")
    page.locator("#password").fill("not the password")
    page.locator("form.stack button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()


def nothing(page: Page) -> None:
    pass


@dataclass(frozen=True)
class Screen:
    name: str
    who: str
    path: str
    prepare: Prepare = nothing
    status: int = 200

    @property
    def lang(self) -> str:
        return next((code for code in ("ja", "ar") if self.who.endswith(f"-{code}")), "en")


def queue(site_slug: str, kind: str) -> str:
    return f"/admin/sites/{site_slug}/queues/{kind}"


def page_of(site_slug: str, name: str) -> str:
    return f"/admin/sites/{site_slug}/{name}"


PENDING = queue(NIGHT, "pending")
SCREENS = [
    Screen("login", "nobody", "/admin/login"),
    Screen("login, refused", "nobody", "/admin/login", wrong_password),
    Screen("OIDC sign-in failed", "nobody", "/admin/login/oidc/callback?state=x", status=400),
    Screen("sites", "moderator", "/admin/"),
    # Every queue of the pre-moderated site (only pending and all have items), then the queues
    # with items elsewhere; the reference story's 25 comments make the one long page.
    *(Screen(f"{NIGHT} {kind}", "moderator", queue(NIGHT, kind)) for kind in QUEUES),
    *(Screen(f"{SITE} {kind}", "moderator", queue(SITE, kind))
      for kind in ("reported", "illegal", "approved", "rejected")),
    Screen(f"{REFERENCE} flagged", "moderator", queue(REFERENCE, "flagged")),
    Screen(f"{REFERENCE} all (25 items)", "moderator", queue(REFERENCE, "all")),
    Screen("item opened: thread, author, forms", "moderator", PENDING, first_item_opened),
    Screen("imported item opened", "moderator", queue(REFERENCE, "flagged"), first_item_opened),
    Screen("noticed item opened (DSA)", "moderator", queue(SITE, "illegal"), first_item_opened),
    Screen("keys dialog", "moderator", PENDING, keys_dialog),
    Screen("audit", "moderator", page_of(SITE, "audit")),
    Screen("overview", "moderator", page_of(NIGHT, "overview")),
    Screen("insight (reference story)", "moderator",
           page_of(REFERENCE, f"stories/{REFERENCE_STORY}/insight")),
    Screen("ar: insight (right to left)", "moderator-ar",
           page_of(REFERENCE, f"stories/{REFERENCE_STORY}/insight")),
    Screen("digest", "moderator", page_of(REFERENCE, "digest")),
    Screen("moderators (admin)", "admin", page_of(NIGHT, "moderators")),
    Screen("settings (admin)", "admin", page_of(NIGHT, "settings")),
    Screen("tokens (admin)", "admin", "/admin/tokens"),
    Screen("refused: settings as moderator", "moderator", page_of(NIGHT, "settings"), status=403),
    Screen("ja: login", "nobody-ja", "/admin/login"),
    Screen("ja: pending", "moderator-ja", PENDING),
    Screen("ja: item opened", "moderator-ja", PENDING, first_item_opened),
    Screen("ja: keys dialog", "moderator-ja", PENDING, keys_dialog),
    Screen("ja: audit", "moderator-ja", page_of(SITE, "audit")),
    Screen("pending, after a decision", "moderator", PENDING, approved_first),  # changes the queue
]  # fmt: skip


def axe_violations(page: Page) -> list[tuple[str, str, list[str]]]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found: list[Any] = page.evaluate(RUN_AXE)
    return [(rule, impact, nodes) for rule, impact, nodes in found]


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_no_serious_accessibility_violations(
    screen: Screen,
    workspace: Workspace,
    pages: dict[str, Page],
    counts: dict[str, dict[str, int]],
) -> None:
    page = pages[screen.who]
    answer = page.goto(workspace.server.base + screen.path)
    assert answer is not None and answer.status == screen.status, screen.path
    expect(page.locator("html")).to_have_attribute("lang", screen.lang)
    screen.prepare(page)
    violations = axe_violations(page)
    by_impact: dict[str, int] = {}
    for _rule, impact, _nodes in violations:
        by_impact[impact] = by_impact.get(impact, 0) + 1
    counts[screen.name] = by_impact
    blocking = [f"{rule} ({impact}): {', '.join(nodes)}"
                for rule, impact, nodes in violations if impact in BLOCKING]  # fmt: skip
    assert blocking == [], f"{screen.name} ({screen.path}):\n" + "\n".join(blocking)
