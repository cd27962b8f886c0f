"""Checkout journeys in the browser: the demo shop's checkout asks the plugin, and the customer sees the answer."""

from __future__ import annotations

import re
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
