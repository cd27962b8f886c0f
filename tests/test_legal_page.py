"""The legal-status page is built from the shipping rules and agrees with check_shipping for every rule."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from flask import Flask

from storefront_plugin import zipindex
from storefront_plugin.extension import get_state
from storefront_plugin.geography import place_key
from storefront_plugin.legal import STATUS_STYLE, TILES, contrast_ratio
from storefront_plugin.rules import Rule
from storefront_plugin.shipping_app import check_shipping
from tests.conftest import make_app

_STATE_ROW = re.compile(r'<tr data-state="(\w+)" data-status="([^"]+)" data-ships="(yes|no)" data-min-age="(\d+)">')
_RULE_ROW = re.compile(r'<tr data-rule="([^"]+)" data-effect="[^"]+">(.*?)</tr>', re.S)


@pytest.fixture(scope="module")
def legal_app() -> Flask:
    return make_app()


@pytest.fixture(scope="module")
def legal_html(legal_app: Flask) -> str:
    response = legal_app.test_client().get("/storefront/legal")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture(scope="module")
def zip_index() -> dict[str, list[str]]:
    """Every ZIP code of the dataset, by state."""
    by_state: dict[str, list[str]] = {}
    for code, raw in zipindex.build_index().items():
        by_state.setdefault(raw[0], []).append(code)
    return by_state


def _zip_for(rule: Rule, zip_index: dict[str, list[str]]) -> zipindex.ZipRecord:
    for code in zip_index.get(rule.state or "", []):
        record = zipindex.lookup(code)
        assert record is not None
        if rule.postal_codes and not any(code.startswith(p) for p in rule.postal_codes):
            continue
        if rule.county and record.county_key != place_key(rule.county, county=True):
            continue
        if rule.city and place_key(rule.city) not in record.city_keys:
            continue
        return record
    raise AssertionError(f"no ZIP code found inside {rule.display_name} for rule {rule.id}")


def _address(rule: Rule, zip_index: dict[str, list[str]]) -> dict[str, str]:
    if rule.country != "US":
        return {"country": rule.country}
    record = _zip_for(rule, zip_index)
    return {"country": "US", "region": rule.state or record.state, "postal_code": record.zip_code, "city": rule.city or record.city}


def _rules(app: Flask) -> list[Rule]:
    return list(get_state(app).rules.active_on(date.today()))


def test_page_agrees_with_check_shipping_for_every_rule(legal_app: Flask, legal_html: str, zip_index: dict[str, list[str]]) -> None:
    states = {code: (status, ships, int(age)) for code, status, ships, age in _STATE_ROW.findall(legal_html)}
    rows = dict(_RULE_ROW.findall(legal_html))
    rules = _rules(legal_app)
    assert rules, "the default ruleset has rules"
    with legal_app.test_request_context():
        for rule in rules:
            address = _address(rule, zip_index)
            covered = [{"sku": "x", "category": "kratom", "attributes": list(rule.attributes)}]
            decision = check_shipping(address, covered)
            plain = check_shipping(address, [{"sku": "y", "category": "kratom"}])
            if rule.level == "state":
                status, ships, age = states[rule.state or ""]
                if rule.blocks and not rule.attributes:
                    assert ships == "no" and status in ("banned", "restricted"), rule.id
                    assert not plain.allowed, rule.id
                elif rule.blocks:
                    assert status in ("banned", "restricted"), rule.id
                    assert not decision.allowed, rule.id
                    assert plain.allowed == (ships == "yes"), rule.id
                else:  # a minimum age
                    assert age >= (rule.min_age or 0), rule.id
                    if ships == "yes":
                        assert plain.allowed and plain.required_age == age, rule.id
            else:
                assert rule.id in rows, f"{rule.id} missing from the legal page"
                assert rule.as_of in rows[rule.id] and unescape(rule.source) in unescape(rows[rule.id]), rule.id
                if rule.blocks:
                    assert not decision.allowed, rule.id
                    assert rule.id in {r.rule_id for r in decision.reasons}, rule.id


def test_every_open_state_ships_at_the_age_the_page_shows(legal_app: Flask, legal_html: str, zip_index: dict[str, list[str]]) -> None:
    # The converse: a state the page shows as open really is open, at the age it shows.
    local_states = {r.state for r in _rules(legal_app) if r.level != "state"}
    with legal_app.test_request_context():
        for code, status, ships, age in _STATE_ROW.findall(legal_html):
            if ships == "no" or code in local_states:
                continue
            decision = check_shipping({"country": "US", "region": code, "postal_code": zip_index[code][0]}, [{"sku": "y", "category": "kratom"}])
            assert decision.allowed, (code, decision.codes)
            assert (decision.required_age or 18) == int(age), code


def test_map_has_every_state_once_with_a_text_label(legal_html: str) -> None:
    tiles = re.findall(r'<g transform="[^"]+" data-state="(\w+)" data-status="([^"]+)">\s*<title>([^<]+)</title>', legal_html)
    assert sorted(code for code, _, _ in tiles) == sorted(TILES)
    for code, status, title in tiles:
        # Status is in words (title, tile text, table), never in colour alone.
        assert STATUS_STYLE[status]["short"] in legal_html
        assert ":" in title
    assert "<script" not in legal_html.split("<svg class=\"sf-map\"", 1)[1].split("</svg>", 1)[0]
    assert len(_STATE_ROW.findall(legal_html)) == len(TILES)  # the table alternative lists every state


def test_status_colours_pass_wcag_aa() -> None:
    for status, style in STATUS_STYLE.items():
        assert contrast_ratio(style["fill"], style["text"]) >= 4.5, status
        # The tile outline (#1b1b1b) sets each square off from a white page by far more than 3:1.
        assert contrast_ratio("#1b1b1b", "#ffffff") >= 3
    assert len({s["short"] for s in STATUS_STYLE.values()}) == len(STATUS_STYLE)


def test_page_follows_the_rules_when_they_change(app_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Disabling the Alabama ban turns its tile from banned to open, with no template change.
    app = app_factory({"STOREFRONT_DISABLED_RULES": ["us-al"]})
    html = app.test_client().get("/storefront/legal").get_data(as_text=True)
    states = {code: status for code, status, _, _ in _STATE_ROW.findall(html)}
    assert states["AL"] in ("18+", "21+")
