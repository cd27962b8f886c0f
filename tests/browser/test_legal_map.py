"""The legal-status map, drawn by the browser from inline SVG with JavaScript off, agrees with the table beside it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import FloatRect, Page, expect

from storefront_plugin.legal import STATUS_STYLE, TILES


def rgb(hex_colour: str) -> str:
    """``#8e1b1b`` as the browser's computed style writes it: ``rgb(142, 27, 27)``."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_legal_map_is_drawn(no_js_page: Page, snap: Callable[..., Path]) -> None:
    page = no_js_page
    page.goto("/storefront/legal")
    svg = page.locator("svg.sf-map")
    expect(svg).to_be_visible()
    expect(svg).to_have_attribute("role", "img")
    expect(svg.locator("g[data-state]")).to_have_count(len(TILES))

    # Every tile is painted: it has a size on screen and the fill of its status.
    tiles = svg.locator("g[data-state]").evaluate_all(
        """gs => gs.map(g => {
            const rect = g.querySelector('rect'), box = rect.getBoundingClientRect();
            return {state: g.dataset.state, status: g.dataset.status, fill: getComputedStyle(rect).fill,
                    width: box.width, height: box.height, label: g.querySelector('text').textContent};
        })"""
    )
    assert {t["state"] for t in tiles} == set(TILES)
    for tile in tiles:
        assert tile["width"] > 20 and tile["height"] > 20, tile
        assert tile["fill"] == rgb(STATUS_STYLE[tile["status"]]["fill"]), tile
        assert tile["label"].startswith(tile["state"]), tile
    statuses = {t["state"]: t["status"] for t in tiles}
    assert statuses["AL"] == "banned"  # a state ban from the seed list
    assert {"banned", "21+", "18+"} <= set(statuses.values())

    # The map says what the table says, state by state.
    rows = page.locator("tr[data-state]").evaluate_all("rs => rs.map(r => [r.dataset.state, r.dataset.status])")
    assert dict(rows) == statuses

    # For the README: the heading, the legend and the map.
    boxes = [page.locator(sel).bounding_box() for sel in ("#sf-map-title", ".sf-legend", "svg.sf-map")]
    assert all(boxes)
    left = min(b["x"] for b in boxes if b) - 16
    top = min(b["y"] for b in boxes if b) - 12
    right = max(b["x"] + b["width"] for b in boxes if b) + 16
    bottom = max(b["y"] + b["height"] for b in boxes if b) + 8
    clip: FloatRect = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    snap(page, "legal-map", clip=clip)
