"""The ZIP index: parsing, lookups, and built lazily unless preloading is configured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storefront_plugin import zipindex

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("34236", "34236"), (" 34236-1234 ", "34236"), ("34236 1234", "34236"), ("3423", None), ("342361", None), ("ABCDE", None), ("", None)],
)
def test_parse_zip(text: str, expected: str | None) -> None:
    assert zipindex.parse_zip(text) == expected


def test_lookup_gives_state_county_and_cities() -> None:
    record = zipindex.lookup("34286")
    assert record is not None
    assert (record.state, record.county, record.city) == ("FL", "Sarasota County", "North Port")
    assert record.county_key == "sarasota"
    assert {"north port", "venice"} <= record.city_keys
    assert zipindex.lookup("00000") is None


def test_index_agrees_with_zipcodes_matching() -> None:
    import zipcodes

    for code in ("10001", "38652", "80202", "92037", "99501", "00601"):
        (row,) = zipcodes.matching(code)
        record = zipindex.lookup(code)
        assert record is not None and (record.state, record.county, record.city) == (row["state"], row["county"], row["city"])


LAZY = """
from storefront_plugin import zipindex
from tests.conftest import make_app
make_app()
print("default", zipindex.is_loaded())
make_app({"STOREFRONT_PRELOAD_ZIP_INDEX": True})
print("preload", zipindex.is_loaded())
"""


@pytest.mark.slow
def test_index_is_built_at_start_up_only_when_preloading() -> None:
    result = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["default", "False", "preload", "True"]


def test_snapshot_matches_the_installed_zipcodes_dataset() -> None:
    """The shipped snapshot holds exactly the four fields of every record of ``zipcodes``."""
    import zipcodes

    from storefront_plugin.zipdata import read_snapshot, snapshot_version

    version, count = snapshot_version()
    if version != zipcodes.__version__:
        pytest.skip(f"snapshot written from zipcodes {version}, {zipcodes.__version__} installed: run make zip-index")
    rows = zipcodes.filter_by()
    snapshot = read_snapshot()
    assert count == len(snapshot) == len({r["zip_code"] for r in rows})
    for row in rows:
        state, county, city, acceptable = snapshot[row["zip_code"]]
        assert (state, county, city) == (row["state"], row["county"] or "", row["city"] or "")
        assert acceptable == tuple(row["acceptable_cities"] or ())


def test_snapshot_is_reproducible(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storefront_plugin.zipdata import write_snapshot

    rows = [{"zip_code": "00001", "state": "XX", "county": "A\tB", "city": "C", "acceptable_cities": ["D|E", ""]}]
    first, second = tmp_path / "a.gz", tmp_path / "b.gz"
    write_snapshot(rows, "0", first)
    write_snapshot(reversed(rows), "0", second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("text", ["34236", "3423a", "²3456", "34 36", "3423\n", "-3423", "+3423", "12.45", "3423٦"])
def test_parse_zip_of_five_characters_agrees_with_the_pattern(text: str) -> None:
    """Five plain characters skip the regular expression; the answer must be the one it gives (in ASCII digits)."""
    match = zipindex._ZIP.match(text)
    assert zipindex.parse_zip(text) == (f"{int(match.group(1)):05d}" if match else None)


@pytest.mark.parametrize("text", ["９７２０５", "٩٧٢٠٥", " ９７２０５-１２３４ ", "００５０１"])
def test_zip_in_other_digits_comes_back_in_ascii(text: str) -> None:
    assert zipindex.parse_zip(text) == ("00501" if text.startswith("００") else "97205")


def test_zip_prefix_rules_see_a_zip_typed_in_other_digits() -> None:
    from datetime import date

    from storefront_plugin.rules import Rule, Ruleset
    from storefront_plugin.shipping import ShippingChecker

    portland = Rule(id="zip-972", country="US", effect="ban", sources=("https://example.org",), as_of="2026", confidence="high", note="n", postal_codes=("972",))  # fmt: skip
    checker = ShippingChecker(Ruleset.build([portland], date(2026, 1, 1), "t"))
    for typed in ("97205", "９７２０５", "٩٧٢٠٥"):
        decision = checker.check({"country": "US", "postal_code": typed}, [{"sku": "k", "category": "kratom"}], on=date(2026, 6, 1))
        assert decision.status == "blocked" and decision.reasons[0].rule_id == "zip-972", typed


def test_record_keys_are_the_place_keys_of_the_dataset_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from storefront_plugin.geography import place_key
    from storefront_plugin.zipdata import read_snapshot

    # Fresh records and names: every record is built and every name normalised anew.
    monkeypatch.setattr(zipindex, "_records", {})
    place_key.cache_clear()
    snapshot = read_snapshot()
    for code in sorted(snapshot)[::97]:
        state, county, city, acceptable = snapshot[code]
        record = zipindex.lookup(code)
        assert record is not None and (record.state, record.county, record.city) == (state, county, city)
        assert record.county_key == (place_key(county, county=True) if county else "")
        assert record.city_keys == {k for k in (place_key(c) for c in (city, *acceptable)) if k}
