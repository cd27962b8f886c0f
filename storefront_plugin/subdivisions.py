"""The US subdivision table the plugin ships: written from pycountry's ISO 3166-2 list, read at run time.

Pure, free of Flask. pycountry keeps every subdivision of the world in one
list, and its first lookup parses all of them: about 5 MB of memory in every
process, to use the 57 entries of the US (50 states, the District of
Columbia and 6 outlying areas). So those 57 are written once, when the
package is built (``make zip-index``), to ``data/us_subdivisions.tsv``, and
each process reads only that. Other countries' codes still go to pycountry,
which then loads its whole list, only in the process that asks. A test
checks the table against the installed pycountry.

Format: a first line ``# pycountry <version> <count>``, then one line per
subdivision, sorted by code: ``code<TAB>English name<TAB>ISO type``
(``US-FL<TAB>Florida<TAB>State``). The translations of the names stay in
pycountry's gettext catalogs (:mod:`storefront_plugin.jurisdictions`), which
are cheap to read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import pycountry

__all__ = ["TABLE", "Subdivision", "lookup", "read_table", "table_version", "us_subdivisions", "write_table"]

#: Name of the table inside the ``storefront_plugin/data`` folder.
TABLE = "us_subdivisions.tsv"


class Subdivision(NamedTuple):
    """One ISO 3166-2 subdivision: ``("US-FL", "Florida", "State")``."""

    code: str
    name: str
    type: str


def _clean(text: object) -> str:
    return str(text or "").replace("\t", " ").replace("\n", " ").strip()


def write_table(rows: Iterable[Any], version: str, target: Path) -> int:
    """Write ``rows`` (pycountry subdivisions: ``code``, ``name``, ``type``) to ``target``; returns the count.

    The output is byte-for-byte reproducible (sorted by code).
    """
    lines = sorted("\t".join((_clean(row.code), _clean(row.name), _clean(row.type))) for row in rows)
    target.write_text(f"# pycountry {version} {len(lines)}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _text() -> str:
    return (files("storefront_plugin") / "data" / TABLE).read_text(encoding="utf-8")


def table_version() -> tuple[str, int]:
    """The pycountry version and row count the shipped table was written from."""
    header = _text().split("\n", 1)[0].split()
    return header[2], int(header[3])


def read_table() -> dict[str, Subdivision]:
    """Every row of the shipped table, code -> subdivision, as a fresh dict (for tools and tests)."""
    table: dict[str, Subdivision] = {}
    for line in _text().split("\n")[1:]:
        if line:
            code, name, kind = line.split("\t")
            table[code] = Subdivision(code, name, kind)
    return table


@lru_cache(maxsize=None)
def us_subdivisions() -> Mapping[str, Subdivision]:
    """The shipped US table, ``"US-FL"`` -> subdivision, read once per process."""
    return read_table()


def lookup(code: str) -> Subdivision | None:
    """The subdivision of an upper-case ISO 3166-2 code, or None when there is none.

    US codes come from the shipped table; any other code from pycountry, whose
    whole world list is loaded on the first such call.
    """
    if code.startswith("US-"):
        return us_subdivisions().get(code)
    found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
    if found is None:
        return None
    return Subdivision(found.code, found.name, found.type)


def main(argv: list[str] | None = None) -> int:
    """``python -m storefront_plugin.subdivisions``: rewrite the table from the installed pycountry."""
    target = Path(str(files("storefront_plugin"))) / "data" / TABLE
    rows = pycountry.subdivisions.get(country_code="US") or ()  # type: ignore[no-untyped-call]
    count = write_table(rows, str(pycountry.__version__), target)
    print(f"wrote {count} US subdivisions from pycountry {pycountry.__version__} to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
