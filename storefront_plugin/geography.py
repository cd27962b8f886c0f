"""Reading what customers type: country names and codes, US states, place names.

Pure functions, free of Flask. Country names come from pycountry (the ISO 3166
list of Debian's iso-codes project: alpha-2, alpha-3, name, official and
common names) plus a short list of everyday English names ISO does not carry
("UK", "Great Britain", "Burma"). US states and territories come from the
ISO 3166-2 table the package ships (:mod:`storefront_plugin.subdivisions`,
written from pycountry, so pycountry's world list of subdivisions is never
loaded for them). The tables are built once per process; they are the same
for every app.

(:mod:`storefront_plugin.jurisdictions` does the other direction: codes to
names in the visitor's language.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

import pycountry

from .subdivisions import us_subdivisions

__all__ = [
    "US_STATES",
    "is_country_code",
    "normalize_country",
    "normalize_us_state",
    "place_key",
]

#: Everyday names and abbreviations that ISO 3166 does not list, lower-cased.
COUNTRY_ALIASES: dict[str, str] = {
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u s a": "US",
    "us": "US",
    "u s": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "burma": "MM",
    "south korea": "KR",
    "republic of korea": "KR",
    "korea south": "KR",
    "korea republic of": "KR",
    "north korea": "KP",
    "vietnam": "VN",
    "viet nam": "VN",
    "russia": "RU",
    "holland": "NL",
    "czech republic": "CZ",
    "turkey": "TR",
    "ivory coast": "CI",
    "laos": "LA",
    "macedonia": "MK",
    "swaziland": "SZ",
}

#: Abbreviations of the US military "states" ZIP data uses; not in ISO 3166-2.
_MILITARY = {"AA": "Armed Forces Americas", "AE": "Armed Forces Europe", "AP": "Armed Forces Pacific"}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _key(text: str) -> str:
    """Case-, space- and punctuation-insensitive form: ' Korea, Republic of ' -> 'korea republic of'."""
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def _country_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(_key(value), country.alpha_2)
    table.update(COUNTRY_ALIASES)
    return table


def _state_table() -> dict[str, str]:
    names = {code[3:]: sub.name for code, sub in us_subdivisions().items()}
    names.update(_MILITARY)
    return names


@lru_cache(maxsize=None)
def _tables() -> tuple[dict[str, str], frozenset[str], dict[str, str], dict[str, str]]:
    """(country lookup, alpha-2 codes, US states, state lookup), built on first use.

    Reading pycountry's country list and the shipped US table takes about 3 ms
    (30 ms when the states came from pycountry's world list of subdivisions), so
    it happens when the first rule or address needs it (at ``init_app``), not
    when the package is imported.
    """
    states = _state_table()
    lookup: dict[str, str] = {}
    for code, name in states.items():
        lookup[_key(code)] = code
        lookup[_key(name)] = code
        lookup[_key("US-" + code)] = code
    lookup.update({"d c": "DC", "washington dc": "DC", "washington d c": "DC", "virgin islands": "VI"})
    return _country_table(), frozenset(c.alpha_2 for c in pycountry.countries), states, lookup


class _UsStates(Mapping[str, str]):
    """US state, district, territory and military codes -> English name, read on first use."""

    def __getitem__(self, code: str) -> str:
        return _tables()[2][code]

    def __iter__(self) -> Iterator[str]:
        return iter(_tables()[2])

    def __len__(self) -> int:
        return len(_tables()[2])


#: US state, district, territory and military codes -> English name ("FL" -> "Florida").
US_STATES: Mapping[str, str] = _UsStates()


def is_country_code(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code in upper case ("GB", not "UK")."""
    return code in _tables()[1]


@lru_cache(maxsize=4096)
def normalize_country(text: str) -> str | None:
    """ISO alpha-2 code for a code, name or common abbreviation; None when unknown."""
    if not isinstance(text, str):
        return None
    return _tables()[0].get(_key(text))


@lru_cache(maxsize=1024)
def normalize_us_state(text: str) -> str | None:
    """Two-letter code for a US state code or name in any case ("florida" -> "FL"); None when unknown."""
    if not isinstance(text, str):
        return None
    return _tables()[3].get(_key(text))


_COUNTY_SUFFIX = re.compile(r" (county|parish|borough|census area|city and borough|municipality)$")
_PREFIXES = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


@lru_cache(maxsize=65536)
def place_key(text: str, county: bool = False) -> str:
    """Comparable form of a county or city name.

    Case, spacing and punctuation are ignored, "St."/"Ft."/"Mt." equal
    "Saint"/"Fort"/"Mount", and for counties the word "County" (or "Parish"...)
    is optional: "sarasota", "Sarasota County" and "SARASOTA  CO." do not all
    match, but the first two do.
    """
    key = _key(text)
    if not key:
        return ""
    words = key.split(" ")
    if words[0] in _PREFIXES:
        words[0] = _PREFIXES[words[0]]
    key = " ".join(words)
    if county:
        key = _COUNTY_SUFFIX.sub("", key)
    return key
