"""Which country (and, when known, which state) a visitor is in.

Used only by the soft age gate, to ask for the age that applies where the
visitor is. The first available source wins:

1. a CDN header the shop trusts (``STOREFRONT_TRUST_GEO_HEADERS``);
2. a MaxMind ``.mmdb`` file (``STOREFRONT_GEOIP_DB``), read with ``maxminddb``;
3. the offline IP-to-country table bundled with ``geoip2fast``.

A source that is configured but unusable (file missing, corrupt, package
absent) is logged once and skipped. The client address is whatever
``request.remote_addr`` says: behind a proxy, the shop configures
Werkzeug's ``ProxyFix`` so that it is the visitor's.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import Headers

__all__ = ["GEO_HEADERS", "GeoLocator", "Location"]

log = logging.getLogger("storefront_plugin.geoip")

#: Country headers a CDN sets, with the header that carries the subdivision beside it.
GEO_HEADERS: dict[str, str] = {
    "CF-IPCountry": "CF-Region-Code",
    "CloudFront-Viewer-Country": "CloudFront-Viewer-Country-Region",
    "X-Vercel-IP-Country": "X-Vercel-IP-Country-Region",
}

_COUNTRY = re.compile(r"[A-Z]{2}")
_REGION = re.compile(r"[A-Z0-9]{1,3}")
#: Codes CDNs and databases use for "no country": unknown, Tor, anonymous proxy, EU-wide.
_NOT_A_COUNTRY = frozenset({"XX", "T1", "A1", "A2", "O1", "EU", "AP", "ZZ"})


@dataclass(frozen=True)
class Location:
    """Where a visitor seems to be; ``None`` fields are unknown."""

    country: str | None = None
    #: ISO 3166-2 code such as "US-FL".
    region: str | None = None
    source: str = "none"

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """('US', 'US-FL'), ('DE',) or ()."""
        out = tuple(code for code in (self.country, self.region) if code)
        return out


def _country(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    if _COUNTRY.fullmatch(code) and code not in _NOT_A_COUNTRY:
        return code
    return None


def _region(country: str | None, value: Any) -> str | None:
    if country is None or not isinstance(value, str):
        return None
    code = value.strip().upper()
    if code.startswith(country + "-"):
        code = code[len(country) + 1 :]
    return f"{country}-{code}" if _REGION.fullmatch(code) else None


class _Bundled:
    """geoip2fast's table, loaded once per process on first use (it is the same for every app)."""

    _lock = threading.Lock()
    _db: Any = None
    _failed = False

    @classmethod
    def lookup(cls, ip: str) -> str | None:
        if cls._failed:
            return None
        if cls._db is None:
            with cls._lock:
                if cls._db is None and not cls._failed:
                    try:
                        from geoip2fast import GeoIP2Fast

                        cls._db = GeoIP2Fast(verbose=False)
                    except Exception:  # a broken install must not break the shop
                        cls._failed = True
                        log.warning("geoip2fast could not load its bundled database; visitor country unknown")
                        return None
        try:
            return _country(cls._db.lookup(ip).country_code)
        except Exception:
            return None


class GeoLocator:
    """Per-app locator built from the shop's settings."""

    def __init__(self, trusted_headers: tuple[str, ...], mmdb_path: str | None) -> None:
        self.trusted_headers = trusted_headers
        self.mmdb_path = mmdb_path
        self._reader: Any = None
        self._reader_failed = mmdb_path is None
        self._lock = threading.Lock()

    def locate(self, headers: Mapping[str, str] | Headers, remote_addr: str | None) -> Location:
        """The visitor's location from request ``headers`` and client address."""
        for name in self.trusted_headers:
            country = _country(headers.get(name))
            if country:
                return Location(country, _region(country, headers.get(GEO_HEADERS[name])), f"header:{name}")
        if not remote_addr:
            return Location()
        found = self._from_mmdb(remote_addr)
        if found is not None:
            return found
        country = _Bundled.lookup(remote_addr)
        return Location(country, None, "geoip2fast") if country else Location()

    def _open(self) -> Any:
        with self._lock:
            if self._reader is None and not self._reader_failed:
                try:
                    import maxminddb

                    self._reader = maxminddb.open_database(str(self.mmdb_path))
                except ImportError:
                    self._reader_failed = True
                    log.warning(
                        "STOREFRONT_GEOIP_DB is set but the maxminddb package is missing "
                        "(pip install 'storefront_plugin[geoip]'); using the bundled country table"
                    )
                except Exception as exc:  # missing, unreadable or not a MaxMind file (InvalidDatabaseError)
                    self._reader_failed = True
                    log.warning(
                        "STOREFRONT_GEOIP_DB %s cannot be read (%s); using the bundled country table",
                        self.mmdb_path,
                        exc,
                    )
            return self._reader

    def _from_mmdb(self, ip: str) -> Location | None:
        if self._reader_failed:
            return None
        reader = self._reader if self._reader is not None else self._open()
        if reader is None:
            return None
        try:
            record = reader.get(ip)
        except Exception:  # not an IP address, IPv6 in an IPv4 file, or a damaged file
            return None
        if not isinstance(record, Mapping):
            return None
        block = record.get("country")
        country = _country(block.get("iso_code") if isinstance(block, Mapping) else block)
        if country is None:
            return None
        region = None
        subdivisions = record.get("subdivisions")
        if isinstance(subdivisions, list) and subdivisions and isinstance(subdivisions[0], Mapping):
            region = _region(country, subdivisions[0].get("iso_code"))
        return Location(country, region, "mmdb")
