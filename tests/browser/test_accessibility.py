"""axe-core in the browser finds no WCAG 2.1 AA violation on the pages a customer meets before buying.

The blocked-checkout page is checked in test_checkout.py, where the journey reaches it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect

AxeCheck = Callable[[Page], None]


def test_gate(page: Page, axe_check: AxeCheck) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Please confirm your age")
    axe_check(page)


def test_gate_showing_an_error(page: Page, axe_check: AxeCheck) -> None:
    page.goto("/")
    page.get_by_role("button", name="Enter the shop").click()  # nothing typed
    expect(page.get_by_role("alert")).to_be_visible()
    axe_check(page)


def test_denial_page(page: Page, axe_check: AxeCheck, answer_gate: Callable[[Page, date], None]) -> None:
    page.goto("/")
    answer_gate(page, date(date.today().year - 15, 1, 1))
    expect(page).to_have_url(re.compile(r"/age/denied$"))
    axe_check(page)


def test_every_education_page(page: Page, axe_check: AxeCheck) -> None:
    page.goto("/storefront/")
    axe_check(page)
    links = page.locator("main a[href*='/storefront/learn/']").evaluate_all("as => as.map(a => a.pathname)")
    articles = sorted(set(links))
    # what-is-kratom, benefits-and-risks, anxiety-and-depression, safe-use, faq, references at least
    assert len(articles) >= 6, articles
    for path in articles:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        axe_check(page)


def test_legal_page(page: Page, axe_check: AxeCheck) -> None:
    page.goto("/storefront/legal")
    expect(page.locator("svg.sf-map")).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("path", ["/", "/product/KR-PWD-GRN-100", "/cart", "/checkout"])
def test_demo_shop_pages(shopper: Page, axe_check: AxeCheck, path: str) -> None:
    page = shopper
    if path == "/checkout":  # the form shows only with something in the cart
        page.goto("/product/KR-PWD-GRN-100")
        page.get_by_role("button", name="Add to cart").click()
    page.goto(path)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    axe_check(page)


@pytest.mark.parametrize("path", ["/storefront/age?next=/", "/storefront/age/denied", "/storefront/legal"])
def test_plugin_default_layout(page: Page, axe_check: AxeCheck, plain_host_url: str, path: str) -> None:
    """The same pages in the layout a shop gets when it names none of its own."""
    page.goto(plain_host_url + path)
    expect(page.locator("body.sf-page")).to_have_count(1)
    axe_check(page)
