"""The shipped US subdivision table: equal to pycountry's, reproducible, shipped, and enough for every US lookup."""

from __future__ import annotations

import configparser
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path
from types import SimpleNamespace

import pycountry
import pytest

from storefront_plugin import subdivisions
from storefront_plugin.geography import _MILITARY, US_STATES

ROOT = Path(__file__).resolve().parents[1]


def _pycountry_us() -> dict[str, tuple[str, str, str]]:
    return {s.code: (s.code, s.name, s.type) for s in pycountry.subdivisions.get(country_code="US")}


def test_table_matches_the_installed_pycountry() -> None:
    """The shipped table holds exactly the code, name and type of every US subdivision of pycountry."""
    shipped = {code: tuple(row) for code, row in subdivisions.read_table().items()}
    version, count = subdivisions.table_version()
    expected = _pycountry_us()
    assert shipped == expected, (
        f"storefront_plugin/data/{subdivisions.TABLE} (written from pycountry {version}) differs from the installed "
        f"pycountry {pycountry.__version__}: run make zip-index"
    )
    assert count == len(shipped), f"the header of {subdivisions.TABLE} says {count} rows: run make zip-index"


OTHER_CODES = ["US-ZZ", "US-", "US-CA-X", "CA-QC", "DE-BY", "GB-ENG", "FR-75C", "ZZ-ZZ", "CA-"]


@pytest.mark.parametrize("code", [*sorted(subdivisions.read_table()), *OTHER_CODES])
def test_lookup_agrees_with_pycountry(code: str) -> None:
    found = pycountry.subdivisions.get(code=code)
    expected = None if found is None else (found.code, found.name, found.type)
    got = subdivisions.lookup(code)
    assert (None if got is None else tuple(got)) == expected


def test_us_states_are_the_iso_list_plus_the_military_codes() -> None:
    expected = {code[3:]: name for code, name, _type in _pycountry_us().values()} | _MILITARY
    assert dict(US_STATES) == expected


def test_table_is_reproducible(tmp_path: Path) -> None:
    rows = [
        SimpleNamespace(code="US-ZZ", name="Zed\tLand", type="State"),
        SimpleNamespace(code="US-AA", name="Aa", type="Outlying area"),
    ]
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    assert subdivisions.write_table(rows, "0", first) == 2
    subdivisions.write_table(reversed(rows), "0", second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8") == "# pycountry 0 2\nUS-AA\tAa\tOutlying area\nUS-ZZ\tZed Land\tState\n"


def test_table_ships_in_the_wheel() -> None:
    """setup.cfg's package_data covers the table (tests/test_packaging.py builds the wheel from it)."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    patterns = [p.strip() for p in config["options.package_data"]["storefront_plugin"].split(",")]
    assert any(fnmatch(f"data/{subdivisions.TABLE}", p) for p in patterns), patterns


US_ONLY = """
import pycountry
import storefront_plugin
from storefront_plugin import geography, jurisdictions, subdivisions
from tests.conftest import make_app

db = pycountry.subdivisions
assert hasattr(db, "_is_loaded"), "pycountry.db.Database no longer has _is_loaded: update this test"
assert db._is_loaded is False, "loaded before the plugin ran"

app = make_app()
client = app.test_client()
for lang in ("en", "es", "fr", "de"):
    assert client.get(f"/storefront/legal?lang={lang}").status_code == 200
with app.app_context():
    assert storefront_plugin.check_shipping({"country": "US", "region": "fl", "postal_code": "34236"}).status
for text in ("Florida", "fl", "US-FL", "north carolina", "Washington DC", "Puerto Rico", "AE", "Narnia"):
    geography.normalize_us_state(text)
assert len(geography.US_STATES) == 60
for code in subdivisions.us_subdivisions():
    for lang in ("en", "es", "fr", "de", "es-MX", None):
        assert jurisdictions.subdivision_name(code, lang) != code
        jurisdictions.jurisdiction_name(code + "/Somewhere County", lang)
assert jurisdictions.subdivision_name("US-ZZ", "fr") == "US-ZZ"
print("after US lookups", db._is_loaded)

# The control: a code of another country does load pycountry's list, so the flag is being read right.
assert jurisdictions.subdivision_name("CA-QC", "fr") == "Québec"
print("after CA-QC", db._is_loaded)
"""


@pytest.mark.slow
def test_us_lookups_do_not_load_pycountrys_subdivision_list() -> None:
    """In a fresh process, so that tests that already loaded pycountry's list cannot hide a load."""
    result = subprocess.run([sys.executable, "-c", US_ONLY], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["after US lookups False", "after CA-QC True"]
