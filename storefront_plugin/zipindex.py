"""US ZIP code -> state, county and city names, as one dictionary lookup.

Pure, free of Flask. The data is the offline USPS-derived dataset of the
``zipcodes`` package. Its own ``matching()`` scans every record on each call,
so we read the records once, on first use (or at start-up when
``STOREFRONT_PRELOAD_ZIP_INDEX`` is on), into a dict keyed by the five-digit
ZIP. The dataset is the same for every app, so one index serves the process.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from typing import Any

from .geography import place_key

__all__ = ["ZipRecord", "build_index", "is_loaded", "lookup", "parse_zip", "preload"]

_ZIP = re.compile(r"^\s*(\d{5})(?:\s*-?\s*\d{4})?\s*$")


@dataclass(frozen=True, slots=True)
class ZipRecord:
    """What the dataset says about one ZIP code.

    ``county_key`` and ``city_keys`` are :func:`~storefront_plugin.geography.place_key`
    forms; ``city_keys`` holds the postal city and every acceptable city name.
    """

    zip_code: str
    state: str
    county: str
    city: str
    county_key: str
    city_keys: frozenset[str]


_index: dict[str, ZipRecord] | None = None
_lock = threading.Lock()


def parse_zip(text: str) -> str | None:
    """The five-digit ZIP of "34236", "34236-1234" or "34236 1234"; None if malformed."""
    match = _ZIP.match(text)
    return match.group(1) if match else None


def build_index() -> dict[str, ZipRecord]:
    """Read every record of the ``zipcodes`` dataset into a fresh dict (slow: call once)."""
    import zipcodes

    rows: list[dict[str, Any]] = zipcodes.list_all()  # type: ignore[no-untyped-call]
    intern = sys.intern
    index: dict[str, ZipRecord] = {}
    for row in rows:
        city = row["city"] or ""
        county = row["county"] or ""
        cities = {place_key(city)} if city else set()
        for other in row["acceptable_cities"] or ():
            cities.add(place_key(other))
        cities.discard("")
        index[row["zip_code"]] = ZipRecord(
            zip_code=row["zip_code"],
            state=intern(row["state"]),
            county=intern(county),
            city=intern(city),
            county_key=intern(place_key(county, county=True)) if county else "",
            city_keys=frozenset(cities),
        )
    return index


def _loaded() -> dict[str, ZipRecord]:
    global _index
    index = _index
    if index is None:
        with _lock:
            if _index is None:
                _index = build_index()
            index = _index
    return index


def preload() -> None:
    """Build the index now rather than on the first lookup."""
    _loaded()


def is_loaded() -> bool:
    return _index is not None


def lookup(zip5: str) -> ZipRecord | None:
    """The record of a five-digit ZIP; None for a ZIP the dataset does not know."""
    index = _index if _index is not None else _loaded()
    return index.get(zip5)
