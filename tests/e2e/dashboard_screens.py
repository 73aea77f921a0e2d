"""Screenshots of the moderator workspace for docs/moderators.md, and what the dashboard's browser
tests share: staff accounts made from the shell, the OIDC settings of an install, signing in.

Run by hand; it starts its own demo server (the reference story imported) and an OpenID Connect
provider, and writes docs/images/dashboard-*.png:

    .venv/bin/python -m tests.e2e.dashboard_screens [OUTPUT_DIR]
    .venv/bin/python -m tests.e2e.dashboard_screens --insight [OUTPUT_DIR]

The second writes only the reference story's insight page (docs/img/insight-viewpoints.png and
insight-temperature.png, for docs/insight.md).

Not a test: `make test` never runs it. Look at every image after a run.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

from playwright.sync_api import Browser, FloatRect, Page, expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.server import REPO, STORY, DemoServer, start_demo
from tests.processes import free_port

PASSWORD = "night desk passphrase 42"
IMAGES = REPO / "docs" / "images"
INSIGHT_IMAGES = REPO / "docs" / "img"
REFERENCE_SITE = "demo"  # `rejoinder demo` imports the reference story into this site
SSO_NAME = "Newsroom SSO"

# One process for several commands: each `rejoinder` process spends seconds importing the app.
_MANY = """
import json, sys
from click.testing import CliRunner
from rejoinder.cli.main import cli
runner = CliRunner()
for args, stdin in json.loads(sys.argv[1]):
    result = runner.invoke(cli, args, input=stdin)
    sys.stdout.write(result.output)
    if result.exit_code:
        sys.stdout.write(f"`rejoinder {' '.join(args)}` failed: {result.exception!r}")
        sys.exit(1)
"""

Command = tuple[Sequence[str], str | None]  # the arguments, and what stdin holds


def run_cli(server: DemoServer, *commands: Command) -> str:
    """`rejoinder ...` commands against the server's data directory, in one process."""
    batch = [([*args, "--data-dir", str(server.data_dir)], stdin) for args, stdin in commands]
    done = subprocess.run(
        [sys.executable, "-c", _MANY, json.dumps(batch)],
        capture_output=True,
        text=True,
        env={**os.environ, **server.env},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def staff(name: str, email: str, *sites: str) -> Command:
    """A moderator of `sites`, or an admin when no site is named; the password is PASSWORD."""
    role = ["--role", "moderator", *(a for s in sites for a in ("--site", s))] if sites else [
        "--role", "admin"]  # fmt: skip
    return (["user", "create", name, *role, "--email", email, "--password-stdin"], PASSWORD + "\n")


def site(slug: str, server: DemoServer, settings: Mapping[str, object]) -> Command:
    return (
        ["site", "create", slug, "--origin", server.base, "--settings", json.dumps(settings)],
        None,
    )


def oidc_env(provider: str, port: int, role_map: dict[str, str]) -> dict[str, str]:
    """An install on `port` whose staff may sign in with `provider` (see docs/configuration.md)."""
    return {
        "REJOINDER_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "REJOINDER_OIDC_ISSUER": provider,
        "REJOINDER_OIDC_CLIENT_ID": "rejoinder-e2e",
        "REJOINDER_OIDC_CLIENT_SECRET": "e2e-client-secret",
        "REJOINDER_OIDC_ROLE_MAP": json.dumps(role_map),
        "REJOINDER_OIDC_DISPLAY_NAME": SSO_NAME,
    }


def sign_in(page: Page, server: DemoServer, email: str, password: str = PASSWORD) -> None:
    """With the keyboard alone: the email field has focus when the page opens."""
    page.goto(f"{server.base}/admin/login")
    expect(page.locator("#email")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.base}/admin/")


# --- the screenshots -------------------------------------------------------------------------

MODERATOR = "moira@newsroom.example"
ADMIN = "alex@newsroom.example"
WIDTH, HEIGHT = 1280, 900


def _signed_in_page(browser: Browser, server: DemoServer, email: str) -> Page:
    page = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}).new_page()
    sign_in(page, server, email)
    return page


LIVE = [  # posted by readers while the moderator works (one guest: every post is from 127.0.0.1)
    ("Kenji", "Good to see the talks finally moving. Pillar Two is where the real work is."),
    ("Harriet", "Does anyone know which universities are in the research programme?"),
    ("Tom B", "Export controls will decide this, not press releases."),
    ("Kenji", "Japan's shipyards could help with the submarine maintenance backlog too."),
]
HELD = "Pathetic bunch of clowns, the lot of them."


def shoot(server: DemoServer, browser: Browser, out: Path) -> list[Path]:
    written: list[Path] = []

    def save(page: Page, name: str, height: int | None = None) -> None:
        path = out / f"dashboard-{name}.png"
        clip = FloatRect(x=0, y=0, width=WIDTH, height=height) if height else None
        page.screenshot(path=str(path), clip=clip)
        written.append(path)

    run_cli(server, staff("Moira Night", MODERATOR, REFERENCE_SITE), staff("Alex Admin", ADMIN))
    for author, body in LIVE:
        server.post(STORY, body, author=author, site=REFERENCE_SITE)
    held = server.post(STORY, HELD, author="Dunmore", site=REFERENCE_SITE, resubmit=True)
    assert held["status"] == "pending", held

    login = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}).new_page()
    login.goto(f"{server.base}/admin/login")
    save(login, "login", height=470)
    login.context.close()

    page = _signed_in_page(browser, server, MODERATOR)
    save(page, "sites", height=240)
    queues = f"{server.base}/admin/sites/{REFERENCE_SITE}/queues"
    page.goto(f"{queues}/flagged")
    expect(page.locator("#items > [data-comment-id]").first).to_be_focused()
    save(page, "queue")
    page.keyboard.press("?")
    expect(page.locator("#keys")).to_be_visible()
    save(page, "keys")
    page.keyboard.press("Escape")

    # Decisions for the audit log: the slur rejected with a reason, the next item approved.
    page.keyboard.press("r")
    page.keyboard.press("ArrowDown")  # Hate or harassment
    page.keyboard.press("Tab")
    page.keyboard.type("slur for a nationality")
    page.keyboard.press("Enter")
    expect(page.locator("#items > .decided")).to_have_count(1)
    page.keyboard.press("a")
    expect(page.locator("#items > .decided")).to_have_count(2)
    page.evaluate("() => window.scrollTo(0, 0)")
    save(page, "decided")

    # A held comment by a live guest, with its thread and its author panel (and a note) open.
    page.goto(f"{queues}/pending")
    item = page.locator(f'#items > [data-comment-id="{held["id"]}"]')
    item.locator("details.lazy:not([data-panel]) > summary").click()
    expect(item.locator(".thread")).to_be_visible()
    item.locator("details[data-panel=author] > summary").click()
    panel = item.locator(".author-panel")
    panel.get_by_label("Add a note").fill("Warned about insults on the defence stories.")
    panel.get_by_role("button", name="Save").click()
    expect(item.locator(".author-panel .notes")).to_contain_text("Warned about insults")
    page.evaluate("() => document.activeElement.blur()")
    item.screenshot(path=str(out / "dashboard-author.png"))
    written.append(out / "dashboard-author.png")

    # Its reject form, with the DSA grounds open.
    page.reload()
    item.locator("details.reject > summary").click()
    item.locator("details.grounds > summary").click()
    item.locator("details.reject form").get_by_label("Reason", exact=True).focus()
    item.locator("details.reject").screenshot(path=str(out / "dashboard-reject.png"))
    written.append(out / "dashboard-reject.png")

    page.goto(f"{server.base}/admin/sites/{REFERENCE_SITE}/audit")
    save(page, "audit", height=560)
    page.context.close()

    admin = _signed_in_page(browser, server, ADMIN)
    for name in ("settings", "overview", "moderators"):
        admin.goto(f"{server.base}/admin/sites/{REFERENCE_SITE}/{name}")
        save(admin, name, height=None if name != "moderators" else 420)
    admin.context.close()
    return written


def shoot_insight(server: DemoServer, browser: Browser, out: Path) -> list[Path]:
    """The reference story's insight page (the demo computed it at setup): its viewpoints, and
    its temperature chart with the table beside it."""
    run_cli(server, staff("Moira Night", MODERATOR, REFERENCE_SITE))
    page = _signed_in_page(browser, server, MODERATOR)
    page.goto(f"{server.base}/admin/sites/{REFERENCE_SITE}/stories/{STORY}/insight")
    written = []
    for name in ("viewpoints", "temperature"):
        section = page.locator(f"section#{name}")
        expect(section).to_be_visible()
        path = out / f"insight-{name}.png"
        section.screenshot(path=str(path))
        written.append(path)
    page.context.close()
    return written


def main(argv: Sequence[str] = ()) -> None:
    insight_only = "--insight" in argv
    argv = [arg for arg in argv if arg != "--insight"]
    out = Path(argv[0]) if argv else (INSIGHT_IMAGES if insight_only else IMAGES)
    out.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():  # Authlib 1.7 deprecates what the provider 0.3 imports
        importlib.import_module("authlib.deprecate")  # which sets its warnings to "always"
        warnings.filterwarnings("ignore", "authlib.jose module is deprecated")
        import oidc_provider_mock

    port = free_port()
    with (
        tempfile.TemporaryDirectory() as tmp,
        oidc_provider_mock.run_server_in_thread() as provider,
        start_demo(
            Path(tmp),
            env=oidc_env(
                f"http://localhost:{provider.server_port}", port, {"desk": "moderator:demo"}
            ),
            port=port,
        ) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in (shoot_insight if insight_only else shoot)(server, browser, out):
                print(path)
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
