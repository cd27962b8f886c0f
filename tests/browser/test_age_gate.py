"""The age gate in the browser: first visit, under age, of age, with and without JavaScript, and by keyboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

GATE_TITLE = "Please confirm your age"
DENIED_TITLE = "Sorry, this shop is for adults only"
#: A page of the shop, with a query string that must survive the trip through the gate.
FIRST_ASKED = "/product/KR-CAP-WHT-60?utm_source=newsletter"
FIRST_ASKED_HEADING = "White Vein Kratom Capsules, 60 count"


def years_ago(years: int) -> date:
    """1 January, ``years`` years back: exactly that old on any day of this year."""
    return date(date.today().year - years, 1, 1)


@pytest.fixture(params=["javascript", "no-javascript"])
def variant(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def visitor(variant: str, open_page: Callable[..., Page]) -> Page:
    """A first-time visitor, once with JavaScript on and once with it off."""
    return open_page(javascript=variant == "javascript")


def test_first_visit_is_sent_to_the_gate(visitor: Page, variant: str, snap: Callable[..., Path]) -> None:
    visitor.goto(FIRST_ASKED)
    expect(visitor).to_have_url(re.compile(r"/storefront/age\?next="))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(GATE_TITLE)
    expect(visitor.get_by_role("heading", level=1)).to_be_focused()  # autofocus: no script needed
    for field in ("Day", "Month", "Year"):
        expect(visitor.get_by_label(field)).to_have_attribute("inputmode", "numeric")
    snap(visitor, f"gate-{variant}", full_page=False)


def test_under_age_visitor_gets_the_denial_page(
    visitor: Page, variant: str, answer_gate: Callable[[Page, date], None], snap: Callable[..., Path]
) -> None:
    visitor.goto(FIRST_ASKED)
    answer_gate(visitor, years_ago(16))
    expect(visitor).to_have_url(re.compile(r"/storefront/age/denied$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(DENIED_TITLE)
    snap(visitor, f"gate-denied-{variant}", full_page=False)
    # Nothing was remembered that lets them in: the shop still sends them to the gate.
    visitor.goto(FIRST_ASKED)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(GATE_TITLE)


def test_adult_lands_on_the_page_first_asked_for(
    visitor: Page, variant: str, answer_gate: Callable[[Page, date], None], snap: Callable[..., Path]
) -> None:
    visitor.goto(FIRST_ASKED)
    answer_gate(visitor, years_ago(30))
    expect(visitor).to_have_url(re.compile(re.escape(FIRST_ASKED) + "$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(FIRST_ASKED_HEADING)
    snap(visitor, f"gate-passed-{variant}", full_page=False)
    # The pass is remembered: the rest of the shop opens without asking again.
    visitor.goto("/cart")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Your cart")


def test_gate_by_keyboard_alone(page: Page, snap: Callable[..., Path]) -> None:
    page.goto("/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(GATE_TITLE)
    expect(heading).to_be_focused()  # focus starts on the gate, not on the shop's navigation

    # Tab walks the date fields in the order the form shows them, then the button; type 30 February on the way.
    fields = page.locator("form input:not([type=hidden])")
    ids = fields.evaluate_all("els => els.map(e => e.id)")
    assert sorted(ids) == ["sf-dob-day", "sf-dob-month", "sf-dob-year"]
    lefts = [box["x"] for box in (fields.nth(i).bounding_box() for i in range(3)) if box]
    assert len(lefts) == 3 and lefts == sorted(lefts), "the fields must be laid out in their tab order"
    typed = {"sf-dob-day": "30", "sf-dob-month": "2", "sf-dob-year": "1990"}
    visited = []
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        visited.append(focused)
        if focused in typed:
            page.keyboard.type(typed[focused])
    assert visited == [*ids, "Enter the shop"]
    page.keyboard.press("Enter")

    # 30 February is no date: the error is announced by a live region, and the fields keep what was typed.
    alert = page.locator("[role=alert], [aria-live=assertive], [aria-live=polite]").filter(has_text="not a date")
    expect(alert).to_have_count(1)
    expect(alert).to_be_visible()
    expect(page.get_by_label("Day")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Day")).to_have_value("30")
    snap(page, "gate-keyboard-error", full_page=False)

    # Focus moved to the message, so a screen reader reads it first; Tab on to the day, fix it, enter.
    expect(alert).to_be_focused()
    for _ in range(ids.index("sf-dob-day") + 1):
        page.keyboard.press("Tab")
    expect(page.get_by_label("Day")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("14")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Botanicals and tea tools")


def test_confirm_mode_by_keyboard(
    page: Page, confirm_host_url: str, axe_check: Callable[[Page], None], snap: Callable[..., Path]
) -> None:
    """The yes/no gate: focus on the heading, Tab to Yes then No; No leads to the denial page."""
    page.goto(confirm_host_url + "/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(GATE_TITLE)
    expect(heading).to_be_focused()
    axe_check(page)
    snap(page, "gate-confirm-mode", full_page=False)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Yes, I am 18 or older")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="No, I am under 18")).to_be_focused()
    page.keyboard.press("Enter")
    expect(heading).to_have_text(DENIED_TITLE)
    axe_check(page)

    page.goto(confirm_host_url + "/")
    expect(heading).to_be_focused()  # autofocus lands after load: wait for it before pressing keys
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Yes
    expect(heading).to_have_text("Host home")
