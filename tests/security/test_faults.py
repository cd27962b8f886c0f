"""Faults: an audit database that is locked, read-only or unreachable; a broken rules file; GeoIP data missing."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from storefront_plugin import ConfigurationError
from tests.security.helpers import ALLOWED_ADDRESS, CHECKOUT_API, shop

BODY = {"address": ALLOWED_ADDRESS, "birth_date": "1980-07-04", "order_ref": "fault-1"}
UNAVAILABLE = "our compliance records are unavailable"


def _check(app: Flask) -> dict[str, Any]:
    response = app.test_client().post(CHECKOUT_API, json=BODY)
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    return body


def _fails_closed(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="storefront_plugin.audit"):
        body = _check(app)
    assert body["allowed"] is False and body["status"] == "unverifiable"
    reason = next(r for r in body["reasons"] if r["code"] == "audit.unavailable")
    assert UNAVAILABLE in reason["message"]
    assert any("audit log write failed" in r.getMessage() for r in caplog.records)
    # The hook answers the buyer the same way: a page, not a crash, and no order.
    page = app.test_client().post("/checkout", data={**ALLOWED_ADDRESS, "birth_date": "1980-07-04"})
    assert page.status_code == 422 and UNAVAILABLE in page.get_data(as_text=True)


def test_locked_sqlite_fails_closed_within_the_timeout_and_recovers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = shop(tmp_path, {"STOREFRONT_AUDIT_LOCK_TIMEOUT": 0.3})
    assert _check(app)["status"] == "allowed"  # creates the file and its table
    holder = sqlite3.connect(tmp_path / "audit.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        _fails_closed(app, caplog)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _check(app)["status"] == "allowed"  # the same process carries on once the lock is gone


def test_read_only_sqlite_fails_closed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "ro.sqlite3"
    sqlite3.connect(path).close()
    # mode=ro refuses writes even to root, who ignores file permissions.
    app = shop(tmp_path, {"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///file:{path}?mode=ro&uri=true"})
    _fails_closed(app, caplog)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_sqlite_file_with_read_only_permissions_fails_closed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = shop(tmp_path)
    assert _check(app)["status"] == "allowed"
    for file in tmp_path.glob("audit.sqlite3*"):
        file.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        fresh = shop(tmp_path)
        _fails_closed(fresh, caplog)
    finally:
        tmp_path.chmod(0o755)


def test_unreachable_postgresql_fails_closed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = shop(tmp_path, {"STOREFRONT_AUDIT_DATABASE_URL": f"postgresql://shop:secret@127.0.0.1:{port}/audit"})
    _fails_closed(app, caplog)
    assert not any("secret" in r.getMessage() for r in caplog.records)  # the password stays out of the log


def test_unwritable_folder_fails_closed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    app = shop(tmp_path, {"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{blocker}/audit.sqlite3"})
    _fails_closed(app, caplog)


BROKEN_RULES = [
    (
        '[dataset]\nas_of = 2026-11-01\n\n[[rule]]\nid = "x-1"\nname = "X"\ncountry = "US"\nstate = "ZZ"\neffect = "ban"\n'
        'sources = ["https://example.org"]\nas_of = "2026"\nconfidence = "high"\n',
        ["line 4", "x-1", "ZZ"],
    ),
    ('[dataset]\nas_of = 2026-11-01\n[[rule]\n', ["line 3"]),
    (
        '[dataset]\nas_of = 2026-11-01\n\n[[rule]]\nid = "x-2"\nname = "X"\ncountry = "US"\neffect = "ban"\n'
        'sources = ["javascript:alert(1)"]\nas_of = "2026"\nconfidence = "high"\n',
        ["line 4", "x-2", "is not an http(s) URL"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN_RULES, ids=range(len(BROKEN_RULES)))
def test_a_broken_rules_file_stops_start_up_with_the_exact_error(tmp_path: Path, text: str, expected: list[str]) -> None:
    rules = tmp_path / "shop-rules.toml"
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError) as err:
        shop(tmp_path, {"STOREFRONT_RULES_FILES": [str(rules)]})
    message = str(err.value)
    assert str(rules) in message
    for fragment in expected:
        assert fragment in message, message


def test_missing_geoip_data_falls_back_and_says_so_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    mmdb = tmp_path / "GeoLite2-Country.mmdb"
    app = shop(tmp_path, {"STOREFRONT_GEOIP_DB": str(mmdb), "STOREFRONT_TRUST_GEO_HEADERS": []})
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="storefront_plugin.geoip"):
        for _ in range(3):
            response = client.get("/product/1", environ_base={"REMOTE_ADDR": "8.8.8.8"})
            assert response.status_code == 302  # the gate still works
    warnings = [r.getMessage() for r in caplog.records if r.name == "storefront_plugin.geoip"]
    assert len(warnings) == 1, warnings
    assert str(mmdb) in warnings[0] and "bundled" in warnings[0]
    from storefront_plugin import get_state

    enforcement = get_state(app).enforcement
    assert enforcement is not None
    found = enforcement.locator.locate({}, "8.8.8.8")
    assert found.source == "geoip2fast" and found.country == "US"
