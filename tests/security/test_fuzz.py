"""Fuzzing with hypothesis: the address normaliser, the birth-date parser and both JSON endpoints.

Properties: nothing raises, no response is a 500, and nothing incomplete is
ever "allowed". The example count is STOREFRONT_FUZZ_EXAMPLES: small in
`make test`, 10,000 per target in `make fuzz`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storefront_plugin.address import ADDRESS_KEYS, resolve_address
from storefront_plugin.age import MAX_AGE_YEARS, BirthDateError, age_on, check_age, parse_birth_date
from storefront_plugin.zipindex import parse_zip
from tests.security.helpers import CHECKOUT_API, FUZZ_EXAMPLES, SHIPPING_API, shop

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # no timing assertions
    suppress_health_check=list(HealthCheck),  # slow or filtered inputs are the point, not an error
    derandomize=False,
)
TODAY = date(2026, 11, 22)

# -- strategies ------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.sampled_from(
        ["", " ", "\x00", "US", "usa", "United States", "GB", "DE", "FL", "NY", "ny", "10001", "10001-1234", "34285",
         "00000", "99999", "1e5", "١٩٨٠", "＜script＞", "<script>", "' OR 1=1 --", "\u202e", "Ⅻ", "0x10", "-1", "NaN"]
    ),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=10,
)
addresses = st.one_of(
    json_values,
    st.fixed_dictionaries({}, optional={key: st.one_of(hostile_text, json_values) for key in (*ADDRESS_KEYS, "line1")}),
)
date_parts = st.one_of(st.none(), st.integers(-5, 3000), hostile_text, st.sampled_from(["4", "07", "1980", "2008", " 12 "]))
birth_dates = st.one_of(
    json_values,
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.dates().map(date.isoformat),
    st.fixed_dictionaries({}, optional={"day": date_parts, "month": date_parts, "year": date_parts}),
    st.tuples(date_parts, date_parts, date_parts),
)
items = st.one_of(
    st.none(),
    json_values,
    st.lists(
        st.fixed_dictionaries(
            {"sku": hostile_text, "category": st.one_of(hostile_text, st.just("kratom"))},
            optional={"attributes": st.lists(hostile_text, max_size=3)},
        ),
        max_size=3,
    ),
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"address": addresses},
        optional={"items": items, "birth_date": birth_dates.map(lambda d: d.isoformat() if isinstance(d, date) else d),
                  "order_ref": st.one_of(hostile_text, json_values)},
    ).map(lambda v: json.dumps(v, default=str).encode()),
)


def _complete_address(address: Any) -> bool:
    """What an address needs before anything may be allowed for it."""
    if not isinstance(address, dict):
        return False
    country = address.get("country")
    if not isinstance(country, str) or not country.strip():
        return False
    resolved, problems = resolve_address(address)
    if problems or resolved.country is None:
        return False
    if resolved.country == "US":
        zip_code = address.get("postal_code")
        return isinstance(zip_code, str) and parse_zip(zip_code.strip()) is not None and resolved.state is not None
    return True


# -- pure targets ----------------------------------------------------------------------


@FUZZ
@given(address=addresses)
def test_address_normaliser_never_raises_and_never_resolves_incomplete_addresses(address: Any) -> None:
    resolved, problems = resolve_address(address)
    if problems:
        return
    assert resolved.country is not None
    assert isinstance(address, dict) and isinstance(address.get("country"), str) and address["country"].strip()
    if resolved.country == "US":
        assert resolved.postal_code is not None and resolved.state is not None
        assert resolved.jurisdictions[:2] == ("US", f"US-{resolved.state}")


@FUZZ
@given(value=birth_dates, required=st.integers(18, 21))
def test_birth_date_parser_never_raises_and_only_passes_real_old_enough_dates(value: Any, required: int) -> None:
    result = check_age(value, required, today=TODAY)
    try:
        born = parse_birth_date(value, today=TODAY)
    except BirthDateError as exc:
        assert not result.ok and result.code == exc.code
        return
    assert born <= TODAY and age_on(born, TODAY) <= MAX_AGE_YEARS
    assert result.ok is (age_on(born, TODAY) >= required)
    if isinstance(value, dict):
        assert all(value.get(k) not in (None, "") for k in ("day", "month", "year"))


# -- the endpoints -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return shop(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("url", [SHIPPING_API, CHECKOUT_API])
def test_endpoints_never_500_and_never_allow_incomplete_input(fuzz_app: Flask, url: str) -> None:
    client = fuzz_app.test_client()

    @FUZZ
    @given(body=bodies)
    def run(body: bytes) -> None:
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code in (200, 400, 413), response.status_code
        answer = response.get_json()
        assert isinstance(answer, dict)
        if response.status_code != 200:
            assert answer["error"]
            return
        assert answer["status"] in ("allowed", "blocked", "unverifiable")
        assert answer["allowed"] is (answer["status"] == "allowed")
        if not answer["allowed"]:
            return
        sent = json.loads(body)
        assert _complete_address(sent.get("address")), sent
        if url == CHECKOUT_API:
            assert check_age(sent.get("birth_date"), 18, today=date.today()).ok, sent

    run()
