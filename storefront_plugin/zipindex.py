"""US ZIP code -> state, county and city names, as one dictionary lookup.

Pure, free of Flask. The data is the offline USPS-derived dataset of the
``zipcodes`` package, shipped as a compact snapshot (see :mod:`.zipdata`).
``zipcodes.matching()`` scans every record on each call, so we read the
snapshot once, on first use (or at start-up when
``STOREFRONT_PRELOAD_ZIP_INDEX`` is on), into a compact sorted index (about
2 MB) searched by binary search; the records looked up are kept as
:class:`ZipRecord`. The dataset is the same for every app, so one index
serves the process.
"""

from __future__ import annotations

import re
import threading
from typing import NamedTuple

from .geography import place_key
from .zipdata import CompactIndex, RawRecord, read_compact, read_snapshot

__all__ = ["ZipRecord", "build_index", "is_loaded", "lookup", "parse_zip", "preload"]

_ZIP = re.compile(r"^\s*(\d{5})(?:\s*-?\s*\d{4})?\s*$")


class ZipRecord(NamedTuple):
    """What the dataset says about one ZIP code.

    ``county_key`` and ``city_keys`` are :func:`~storefront_plugin.geography.place_key`
    forms; ``city_keys`` holds the postal city and every acceptable city name.
    (A NamedTuple: 42,000 of them are built at once, and tuples build fast.)
    """

    zip_code: str
    state: str
    county: str
    city: str
    county_key: str
    city_keys: frozenset[str]



_index: CompactIndex | None = None
#: ZipRecords made so far: names are normalised on a ZIP's first lookup, not for all 42,000 at build time.
_records: dict[str, ZipRecord] = {}
_lock = threading.Lock()


def parse_zip(text: str) -> str | None:
    """The five-digit ZIP of "34236", "34236-1234" or "34236 1234", in ASCII digits; None if malformed."""
    if len(text) == 5 and text.isdecimal():  # the usual form; isdecimal() is exactly the regex's \d
        zip5 = text
    else:
        match = _ZIP.match(text)
        if match is None:
            return None
        zip5 = match.group(1)
    # \d takes any script's digits ("９７２０５" from a CJK keyboard); in those the ZIP
    # would find its place but escape every ZIP-prefix rule.
    return zip5 if zip5.isascii() else f"{int(zip5):05d}"


def build_index() -> dict[str, RawRecord]:
    """Every ZIP of the shipped snapshot as a fresh dict, for tools and tests (lookups use the compact index)."""
    return read_snapshot()


_NO_KEYS: frozenset[str] = frozenset()


def _record(zip5: str, raw: RawRecord) -> ZipRecord:
    state, county, city, acceptable = raw
    # place_key remembers the names it has seen: 42,000 ZIPs share about 26,000 city and 2,000 county names.
    if acceptable:
        city_keys = frozenset(key for key in map(place_key, (city, *acceptable)) if key)
    else:  # four ZIPs in five: only the postal city
        key = place_key(city)
        city_keys = frozenset((key,)) if key else _NO_KEYS
    county_key = place_key(county, True) if county else ""  # positional: lru_cache keys it faster than a keyword
    return ZipRecord(zip5, state, county, city, county_key, city_keys)


#: ZipRecords kept at most; past it the cache starts afresh (a miss costs a few microseconds).
_RECORDS_LIMIT = 16384


def _loaded() -> CompactIndex:
    global _index
    index = _index
    if index is None:
        with _lock:
            if _index is None:
                _index = read_compact()
            index = _index
    return index


def preload() -> None:
    """Build the index now rather than on the first lookup."""
    _loaded()


def is_loaded() -> bool:
    return _index is not None


def lookup(zip5: str) -> ZipRecord | None:
    """The record of a five-digit ZIP; None for a ZIP the dataset does not know."""
    record = _records.get(zip5)
    if record is None:
        raw = (_index if _index is not None else _loaded()).get(zip5)
        if raw is None:
            return None
        if len(_records) >= _RECORDS_LIMIT:
            _records.clear()
        # Same result whichever thread gets here first, so a race only repeats work.
        record = _records[zip5] = _record(zip5, raw)
    return record
