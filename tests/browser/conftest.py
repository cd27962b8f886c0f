"""Real-browser fixtures: Debian's Chromium driven by Playwright against the demo shop on a loopback port.

pytest-playwright supplies ``browser``, ``context``, ``new_context`` and ``page``; this file
points its launch at ``/usr/bin/chromium`` (``playwright install`` cannot download a browser
here), serves the demo shop in a real threaded WSGI server, and adds two helpers:
``axe_check`` (axe-core, WCAG 2.1 AA, zero violations) and ``snap`` (screenshots under
``artifacts/screenshots``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import BrowserContext, FloatRect, Page, expect
from werkzeug.serving import make_server

from examples.demo_shop import create_app
from storefront_plugin import StorefrontCompliance

ROOT = Path(__file__).resolve().parents[2]
#: Screenshots land here (ignored by git); `make screenshots` copies three into docs/.
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
#: Debian's build; `make test` installs it through scripts/system-deps.sh when missing.
CHROMIUM = Path(os.environ.get("STOREFRONT_TEST_CHROMIUM", "/usr/bin/chromium"))
#: Headless and quiet: no GPU, no QUIC, and none of the background calls home a first run makes.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The axe-core rule tags for WCAG 2.1 level AA (A and AA success criteria of 2.0 and 2.1).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: axe files its landmark and heading rules under "best-practice", outside the WCAG tags; we want them too.
LANDMARK_AND_HEADING_RULES = [
    "landmark-one-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-unique",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "region",
    "page-has-heading-one",
    "heading-order",
    "empty-heading",
]
#: Fail fast: a missing element costs seconds, not Playwright's default 30.
TIMEOUT_MS = 15_000
#: A birth date old enough everywhere.
ADULT = date(1980, 7, 4)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def chromium_flags() -> list[str]:
    return list(CHROMIUM_FLAGS)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], pytestconfig: pytest.Config) -> dict[str, Any]:
    """Launch Debian's Chromium by path, headless unless ``--headed``.

    ``launch()`` gives every browser a fresh temporary profile (user-data dir) of its own,
    deleted on close, so no state leaks in from a previous run.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (installs Debian's chromium) or set STOREFRONT_TEST_CHROMIUM")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": not pytestconfig.getoption("--headed"),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def shop_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The demo shop as a customer meets it (not TESTING), with its files in a temp folder."""
    instance = tmp_path_factory.mktemp("shop-instance")
    return create_app({"SECRET_KEY": "browser-tests-only", "STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{instance}/audit.sqlite3"})


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` in a real threaded WSGI server on a free loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=f"serve-{app.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(shop_app: Flask) -> Iterator[str]:
    """The demo shop's URL for the whole session (pytest-playwright reads this fixture)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with serving(shop_app) as url:
        yield url


def plain_host(instance: Path, **config: Any) -> Flask:
    """A bare host app that keeps the plugin's own default layout (storefront/base.html)."""
    app = Flask("plain_host", instance_path=str(instance))
    app.config.update(SECRET_KEY="browser-tests-only", STOREFRONT_AUDIT_DATABASE_URL=f"sqlite:///{instance}/audit.sqlite3")
    app.config.update(config)
    app.add_url_rule("/", "home", lambda: "<!doctype html><html lang='en'><title>Host</title><main><h1>Host home</h1></main></html>")
    StorefrontCompliance(app)
    return app


@pytest.fixture(scope="session")
def plain_host_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a bare host app in the plugin's default layout, gate in ``birthdate`` mode."""
    with serving(plain_host(tmp_path_factory.mktemp("plain"))) as url:
        yield url


@pytest.fixture(scope="session")
def confirm_host_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the same bare host app with the gate in ``confirm`` mode (yes/no buttons)."""
    with serving(plain_host(tmp_path_factory.mktemp("confirm"), STOREFRONT_AGE_GATE_MODE="confirm")) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """English, a desktop viewport; ``base_url`` comes from the fixture above."""
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1200, "height": 900}}


@pytest.fixture
def context(context: BrowserContext) -> BrowserContext:
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def open_page(new_context: Callable[..., BrowserContext]) -> Callable[..., Page]:
    """``open_page(javascript=True)``: a page in a new context of its own, scripts on or off."""

    def open_(javascript: bool = True) -> Page:
        ctx = new_context(java_script_enabled=javascript)
        ctx.set_default_timeout(TIMEOUT_MS)
        return ctx.new_page()

    return open_


@pytest.fixture
def no_js_page(open_page: Callable[..., Page]) -> Page:
    """A page in a context with JavaScript switched off."""
    return open_page(javascript=False)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def axe_check(axe: Axe) -> Callable[[Page], None]:
    """``axe_check(page)`` fails the test, listing each violation, unless axe finds none.

    Checked: every WCAG 2.1 A and AA rule, and axe's landmark and heading rules.
    """

    def check(page: Page) -> None:
        options = {
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "rules": {rule: {"enabled": True} for rule in LANDMARK_AND_HEADING_RULES},
            "resultTypes": ["violations"],
        }
        results = axe.run(page, options=options)
        assert results.response["testEngine"]["name"] == "axe-core"
        if results.violations_count:
            pytest.fail(f"axe on {page.url}\n{results.generate_report()}", pytrace=False)

    return check


@pytest.fixture
def snap() -> Callable[..., Path]:
    """``snap(page, name, full_page=True, clip=None)`` saves a screenshot as ``artifacts/screenshots/NAME.png``.

    ``clip`` (x, y, width, height in page pixels) keeps only that part of the page.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page: Page, name: str, full_page: bool = True, clip: FloatRect | None = None) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page or clip is not None, clip=clip)
        return path

    return save


@pytest.fixture
def answer_gate() -> Callable[[Page, date], None]:
    """``answer_gate(page, born)`` types a date of birth into the gate's labelled fields and submits."""

    def answer(page: Page, born: date) -> None:
        page.get_by_label("Day").fill(str(born.day))
        page.get_by_label("Month").fill(str(born.month))
        page.get_by_label("Year").fill(str(born.year))
        page.get_by_role("button", name="Enter the shop").click()

    return answer


@pytest.fixture
def shopper(page: Page, answer_gate: Callable[[Page, date], None]) -> Page:
    """A page whose visitor has passed the age gate as an adult and is on the shop's home page."""
    page.goto("/storefront/age?next=/")
    answer_gate(page, ADULT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Botanicals and tea tools")
    return page
