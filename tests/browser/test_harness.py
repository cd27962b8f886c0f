"""The harness itself: the browser is Debian's Chromium, the shop is served for real, axe reports what it finds."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page


def test_the_browser_is_the_debian_chromium(browser: Browser, chromium_path: str) -> None:
    # `chromium --version` prints e.g. "Chromium 156.0.8078.79 built on Debian ..."
    installed = subprocess.run([chromium_path, "--version"], capture_output=True, text=True, check=True).stdout
    assert browser.browser_type.name == "chromium"
    assert browser.version in installed


def test_the_browser_runs_headless_with_our_flags_and_a_fresh_profile(page: Page, chromium_flags: list[str]) -> None:
    page.goto("chrome://version")
    command_line = page.locator("#command_line").inner_text().split()
    assert any(arg.startswith("--headless") for arg in command_line)
    for flag in chromium_flags:
        assert flag in command_line
    # Playwright makes a new temporary profile for every launch and deletes it on close.
    profile = Path(page.locator("#profile_path").inner_text())
    assert profile.parent.name.startswith("playwright_chromiumdev_profile-")
    assert profile.parent.parent == Path(tempfile.gettempdir())


def test_the_shop_is_served_over_http(page: Page, base_url: str) -> None:
    response = page.goto("/")
    assert response is not None and response.status == 200
    assert base_url.startswith("http://127.0.0.1:")
    assert page.get_by_role("heading", level=1).count() == 1


def test_axe_reports_a_page_that_breaks_the_rules(page: Page, axe_check: Callable[[Page], None]) -> None:
    # No alt text, no label, grey on grey, no main landmark, an empty heading: axe must report each.
    page.set_content(
        "<!doctype html><html lang='en'><head><title>bad</title></head><body><div><h1>Bad</h1><h2></h2>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='><input type='text'>"
        "<p style='color:#aaa;background:#bbb'>faint</p></div></body></html>"
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)
    report = str(failure.value)
    for rule in ("image-alt", "label", "color-contrast", "landmark-one-main", "empty-heading"):
        assert f"\n{rule} - " in report, rule  # the report lists each rule as "id - description"
