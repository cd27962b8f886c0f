"""The compact ZIP snapshot the plugin ships: written from the ``zipcodes`` dataset, read at run time.

Pure, free of Flask. ``zipcodes`` hands out its 42,000 records as Python
dicts of fifteen fields each; building our index from them in a web worker
left about 160 MB of freed-but-held memory in every process. So the four
fields we use are written once, when the package is built (``make zip-index``),
to ``data/zip_index.tsv.gz`` (about 0.5 MB), and each process reads only that.
A test checks the snapshot against the installed ``zipcodes`` dataset.

Format: a first line ``# zipcodes <version> <count>``, then one line per ZIP:
``zip<TAB>state<TAB>county<TAB>postal city<TAB>acceptable|city|names``.
"""

from __future__ import annotations

import gzip
import io
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

__all__ = ["SNAPSHOT", "CompactIndex", "RawRecord", "read_compact", "read_snapshot", "snapshot_version", "write_snapshot"]

#: ZIP -> (state, county, postal city, acceptable cities).
RawRecord = tuple[str, str, str, tuple[str, ...]]

#: Name of the snapshot inside the ``storefront_plugin.data`` folder.
SNAPSHOT = "zip_index.tsv.gz"


def _clean(text: object) -> str:
    return str(text or "").replace("\t", " ").replace("\n", " ").replace("|", " ").strip()


def write_snapshot(rows: Iterable[Mapping[str, Any]], version: str, target: Path) -> int:
    """Write ``rows`` (``zipcodes`` records) to ``target``; returns the number of ZIPs written.

    The output is byte-for-byte reproducible (sorted, gzip without a timestamp).
    """
    lines = sorted(
        "\t".join(
            (
                _clean(row["zip_code"]),
                _clean(row["state"]),
                _clean(row.get("county")),
                _clean(row.get("city")),
                "|".join(_clean(c) for c in row.get("acceptable_cities") or () if _clean(c)),
            )
        )
        for row in rows
    )
    body = f"# zipcodes {version} {len(lines)}\n" + "\n".join(lines) + "\n"
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(body.encode("utf-8"))
    target.write_bytes(buffer.getvalue())
    return len(lines)


def _text() -> str:
    data = (files("storefront_plugin") / "data" / SNAPSHOT).read_bytes()
    return gzip.decompress(data).decode("utf-8")


def snapshot_version() -> tuple[str, int]:
    """The ``zipcodes`` version and record count the shipped snapshot was written from."""
    header = _text().split("\n", 1)[0].split()
    return header[2], int(header[3])


def read_snapshot() -> dict[str, RawRecord]:
    """Every ZIP of the shipped snapshot, as a fresh dict (for tools and tests; lookups use :class:`CompactIndex`)."""
    return {line[:5]: _parse(line) for line in _text().split("\n")[1:] if line}


def _parse(line: str) -> RawRecord:
    _zip, state, county, city, acceptable = line.split("\t")
    intern = sys.intern  # a few thousand distinct county and city names, shared by 42,000 rows
    return (
        intern(state),
        intern(county),
        intern(city),
        tuple(intern(c) for c in acceptable.split("|")) if acceptable else (),
    )


class CompactIndex:
    """The snapshot as one string plus two arrays: about 2 MB instead of 12 MB of tuples.

    A lookup is a binary search over the sorted ZIPs (a few microseconds); the
    caller keeps the records it has parsed.
    """

    def __init__(self, text: str) -> None:
        lines = text.split("\n")[1:]
        self._zips = array("I")
        self._starts = array("I")
        offset = len(text.split("\n", 1)[0]) + 1
        for line in lines:
            if line:
                self._zips.append(int(line[:5]))
                self._starts.append(offset)
            offset += len(line) + 1
        self._starts.append(offset)
        self._text = text

    def __len__(self) -> int:
        return len(self._zips)

    def get(self, zip5: str) -> RawRecord | None:
        """The record of a five-digit ZIP, or None."""
        try:
            key = int(zip5)
        except ValueError:
            return None
        i = bisect_left(self._zips, key)
        if i == len(self._zips) or self._zips[i] != key:
            return None
        return _parse(self._text[self._starts[i] : self._starts[i + 1] - 1])


def read_compact() -> CompactIndex:
    """The shipped snapshot in its compact, searchable form."""
    return CompactIndex(_text())


def main(argv: list[str] | None = None) -> int:
    """``python -m storefront_plugin.zipdata``: rewrite the snapshot from the installed ``zipcodes``."""
    import zipcodes

    target = Path(str(files("storefront_plugin"))) / "data" / SNAPSHOT
    count = write_snapshot(zipcodes.filter_by(), zipcodes.__version__, target)  # type: ignore[no-untyped-call]
    print(f"wrote {count} ZIP codes from zipcodes {zipcodes.__version__} to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
