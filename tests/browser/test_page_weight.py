"""The gate page is light: its HTML plus CSS is at most 20 KB, and it loads no script, measured in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Response, expect

BUDGET_BYTES = 20 * 1024


def weigh(page: Page, url: str) -> dict[str, int]:
    """Bytes (uncompressed bodies) the page at ``url`` loads, by resource type."""
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Please confirm your age")
    weights: dict[str, int] = {}
    for response in responses:
        if response.url.endswith("/favicon.ico"):
            continue  # asked for by the browser, not the page
        kind = response.request.resource_type
        weights[kind] = weights.get(kind, 0) + len(response.body())
    return weights


@pytest.mark.parametrize("layout", ["demo shop layout", "plugin default layout"])
def test_gate_page_html_and_css_fit_in_20_kb_without_javascript(
    layout: str, base_url: str, plain_host_url: str, no_js_page: Page
) -> None:
    page = no_js_page
    root = base_url if layout == "demo shop layout" else plain_host_url
    weights = weigh(page, f"{root}/storefront/age?next=/")
    assert weights.get("document", 0) > 0
    assert "script" not in weights, weights
    assert page.locator("script:not([type='application/ld+json'])").count() == 0
    assert page.locator("[onclick], [onload], [onsubmit], [onchange], [oninput]").count() == 0
    total = weights.get("document", 0) + weights.get("stylesheet", 0)
    print(f"gate page ({layout}): HTML + CSS = {total} bytes; everything: {weights}")
    assert total <= BUDGET_BYTES, f"{layout}: {total} bytes of HTML and CSS ({weights}); the budget is {BUDGET_BYTES}"
