"""Where a visitor is: trusted CDN headers, a MaxMind file, then geoip2fast's bundled table."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from storefront_plugin.geoip import GeoLocator, Location
from tests.test_age_gate import gated_app


@pytest.fixture(scope="module")
def mmdb(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small real GeoIP2-City style database written with mmdb-writer."""
    writer = MMDBWriter(ip_version=4, database_type="GeoIP2-City")
    writer.insert_network(IPSet(["203.0.113.0/24"]), {"country": {"iso_code": "US"}, "subdivisions": [{"iso_code": "FL"}]})
    writer.insert_network(IPSet(["198.51.100.0/24"]), {"country": {"iso_code": "DE"}})
    path = tmp_path_factory.mktemp("geo") / "city.mmdb"
    writer.to_db_file(str(path))
    return str(path)


def test_trusted_header_with_its_region() -> None:
    locator = GeoLocator(("CloudFront-Viewer-Country",), None)
    found = locator.locate({"CloudFront-Viewer-Country": "us", "CloudFront-Viewer-Country-Region": "FL"}, "8.8.8.8")
    assert found == Location("US", "US-FL", "header:CloudFront-Viewer-Country")
    assert found.jurisdictions == ("US", "US-FL")


def test_untrusted_header_is_ignored() -> None:
    locator = GeoLocator(("X-Vercel-IP-Country",), None)
    found = locator.locate({"CF-IPCountry": "FR"}, "8.8.8.8")
    assert found.country == "US" and found.source == "geoip2fast"


@pytest.mark.parametrize("value", ["XX", "T1", "", "USA", "1", "u$"])
def test_header_values_that_name_no_country_fall_through(value: str) -> None:
    locator = GeoLocator(("CF-IPCountry",), None)
    assert locator.locate({"CF-IPCountry": value}, "127.0.0.1") == Location()


def test_mmdb_gives_country_and_subdivision(mmdb: str) -> None:
    locator = GeoLocator((), mmdb)
    assert locator.locate({}, "203.0.113.9") == Location("US", "US-FL", "mmdb")
    assert locator.locate({}, "198.51.100.7") == Location("DE", None, "mmdb")


def test_address_missing_from_the_mmdb_falls_back_to_the_bundled_table(mmdb: str) -> None:
    assert GeoLocator((), mmdb).locate({}, "8.8.8.8") == Location("US", None, "geoip2fast")


def test_ipv6_in_an_ipv4_file_and_garbage_addresses_do_not_raise(mmdb: str) -> None:
    locator = GeoLocator((), mmdb)
    for address in ("::1", "not-an-ip", "999.1.1.1"):
        assert locator.locate({}, address).country is None


def test_missing_mmdb_falls_back_and_logs_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    locator = GeoLocator((), str(tmp_path / "absent.mmdb"))
    with caplog.at_level(logging.WARNING, logger="storefront_plugin.geoip"):
        first = locator.locate({}, "8.8.8.8")
        locator.locate({}, "8.8.4.4")
    assert first.country == "US" and first.source == "geoip2fast"
    warnings = [r for r in caplog.records if "STOREFRONT_GEOIP_DB" in r.getMessage()]
    assert len(warnings) == 1 and "absent.mmdb" in warnings[0].getMessage()


def test_corrupt_mmdb_falls_back(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mmdb"
    broken.write_bytes(b"this is not a MaxMind database")
    assert GeoLocator((), str(broken)).locate({}, "8.8.8.8").source == "geoip2fast"


def test_private_and_missing_addresses_are_unknown() -> None:
    locator = GeoLocator((), None)
    assert locator.locate({}, "10.1.2.3") == Location()
    assert locator.locate({}, None) == Location()


def test_the_gate_asks_for_21_where_the_mmdb_says_florida(mmdb: str, tmp_path: Path) -> None:
    app = gated_app({"STOREFRONT_GEOIP_DB": mmdb, "STOREFRONT_AGE_GATE_MODE": "confirm", "STOREFRONT_TRUST_GEO_HEADERS": []}, tmp_path)
    client = app.test_client()
    florida = {"REMOTE_ADDR": "203.0.113.9"}
    germany = {"REMOTE_ADDR": "198.51.100.7"}
    assert "21 or older" in client.get("/storefront/age", environ_base=florida).get_data(as_text=True)
    assert "18 or older" in client.get("/storefront/age", environ_base=germany).get_data(as_text=True)
