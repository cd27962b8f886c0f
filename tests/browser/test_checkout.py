"""Checkout journeys in the browser: the demo shop's checkout asks the plugin, and the customer sees the answer."""

from __future__ import annotations

import re
from datetime import date
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

POWDER = "KR-PWD-GRN-100"
POWDER_NAME = "Green Vein Kratom Powder, 100 g"


def add_to_cart(page: Page, sku: str = POWDER) -> None:
    page.goto(f"/product/{sku}")
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart$"))


def fill_checkout(page: Page, *, city: str, region: str, postal_code: str, born: tuple[int, int, int]) -> None:
    """Type an address and a date of birth (day, month, year) into the checkout form, by label."""
    page.goto("/checkout")
    page.get_by_label("Full name").fill("Pat Doe")
    page.get_by_label("Street address").fill("1 Main St")
    page.get_by_label("City").fill(city)
    page.get_by_label("State or region").fill(region)
    page.get_by_label("ZIP or postal code").fill(postal_code)
    page.get_by_label("Country").select_option("US")
    day, month, year = born
    page.get_by_label("Day").fill(str(day))
    page.get_by_label("Month").fill(str(month))
    page.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Review order").click()


def test_checkout_to_an_allowed_address_completes(shopper: Page, snap: Callable[..., Path]) -> None:
    page = shopper
    add_to_cart(page)
    fill_checkout(page, city="Portland", region="OR", postal_code="97205", born=(4, 7, 1980))
    expect(page).to_have_url(re.compile(r"/checkout/review$"))
    expect(page.get_by_text("Portland, OR 97205")).to_be_visible()
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url(re.compile(r"/order/LK-[0-9A-F]+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you: order LK-")
    expect(page.get_by_role("listitem").filter(has_text=POWDER_NAME)).to_have_count(1)
    snap(page, "checkout-completed")


def test_checkout_to_a_zip_in_a_banned_county_is_blocked_with_reason_and_source(
    shopper: Page, snap: Callable[..., Path], axe_check: Callable[[Page], None]
) -> None:
    page = shopper
    add_to_cart(page)
    # 34236 is the city of Sarasota, inside Sarasota County, Florida; the form names no county.
    fill_checkout(page, city="Sarasota", region="FL", postal_code="34236", born=(4, 7, 1980))
    decision = page.locator(".sf-decision")
    expect(decision).to_have_attribute("data-status", "blocked")
    expect(page.get_by_role("heading", level=1)).to_have_text("We cannot complete this order")
    reason = decision.locator("li[data-code='shipping.banned']")
    expect(reason).to_contain_text("Sarasota")
    expect(reason.get_by_role("link")).to_have_attribute("href", re.compile(r"^https://"))
    snap(page, "checkout-blocked", full_page=False)
    axe_check(page)


def test_checkout_by_a_twenty_year_old_to_a_21_plus_state_is_blocked(
    shopper: Page, snap: Callable[..., Path], axe_check: Callable[[Page], None]
) -> None:
    page = shopper  # passed the shop's own gate, which asks for 18 here
    add_to_cart(page)
    twenty = date.today().year - 20  # born 1 January: exactly 20 on any day of this year
    fill_checkout(page, city="Atlanta", region="GA", postal_code="30303", born=(1, 1, twenty))
    decision = page.locator(".sf-decision")
    expect(decision).to_have_attribute("data-status", "blocked")
    reason = decision.locator("li[data-code='age.under_minimum']")
    expect(reason).to_contain_text("21")
    expect(decision.locator("li[data-code^='shipping.']")).to_have_count(0)  # Georgia itself ships
    snap(page, "checkout-under-21", full_page=False)
    axe_check(page)
    # Nothing slipped through: the cart still holds the product and no order exists.
    page.goto("/cart")
    expect(page.get_by_role("cell", name=POWDER_NAME, exact=True)).to_be_visible()
