"""The audit log on SQLite and PostgreSQL: what it keeps, what it never keeps, concurrency, failing closed, export."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect

from storefront_plugin import StorefrontCompliance, check_checkout, get_state
from storefront_plugin.audit import AuditEntry, AuditStore
from tests.conftest import make_app
from tests.postgres_server import _free_port, fresh_database, postgres_cluster

ON = date(2026, 6, 15)
BUYER = {"name": "Zebulon Quixote", "line1": "742 Evergreen Terrace", "line2": "Apt 9", "city": "Portland",
         "region": "OR", "postal_code": "97205", "country": "US"}  # fmt: skip
BIRTH = "1979-11-23"
PERSONAL = ("Zebulon", "Quixote", "Evergreen", "742", "1979", "11-23")
ROOT = Path(__file__).resolve().parents[1]
KRATOM = [{"sku": "KR-1", "category": "kratom"}]
COLUMNS = {"id", "created_at", "status", "reason_codes", "jurisdictions", "rules_version", "policy_version",
           "verification_method", "channel", "order_ref"}  # fmt: skip


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def audit_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/audit.sqlite3"
        return
    with fresh_database(request.getfixturevalue("postgres_server")) as url:
        yield url
        _dispose_all()


_OPEN: list[Flask] = []


@pytest.fixture(autouse=True)
def _close_stores() -> Iterator[None]:
    """Close each test's connection pools before its database is dropped."""
    yield
    _dispose_all()


def _dispose_all() -> None:
    while _OPEN:
        store_of(_OPEN.pop()).dispose()


def shop(url: str, **config: Any) -> Flask:
    app = make_app({"STOREFRONT_AUDIT_DATABASE_URL": url, **config})
    _OPEN.append(app)
    return app


def store_of(app: Flask) -> AuditStore:
    enforcement = get_state(app).enforcement
    assert enforcement is not None
    return enforcement.audit


def decide(app: Flask, address: Any = BUYER, birth: Any = BIRTH, **kwargs: Any) -> Any:
    with app.app_context():
        return check_checkout(address, birth, KRATOM, ON, **kwargs)


def test_every_decision_is_recorded(audit_url: str) -> None:
    app = shop(audit_url, STOREFRONT_POLICY_VERSION="7")
    before = datetime.now(timezone.utc)
    allowed = decide(app, order_ref="ORD-1")
    blocked = decide(app, {**BUYER, "region": "WI", "city": "Madison", "postal_code": "53703"})
    rows = list(store_of(app).entries())
    assert [r.status for r in rows] == ["allowed", "blocked"]
    first, second = rows
    assert first.created_at.tzinfo is not None and before <= first.created_at <= datetime.now(timezone.utc)
    assert first.jurisdictions == allowed.jurisdictions and "US-OR" in first.jurisdictions
    assert first.rules_version == allowed.rules_version and first.policy_version == "7"
    assert first.verification_method == "self-declared" and first.channel == "call" and first.order_ref == "ORD-1"
    assert second.reason_codes == blocked.codes and "shipping.banned" in second.reason_codes
    assert second.order_ref is None


def test_privacy_by_design_no_name_street_or_birth_date(audit_url: str, tmp_path: Path) -> None:
    app = shop(audit_url)
    decide(app, order_ref="ORD-2")
    decide(app, birth={"day": "23", "month": "11", "year": "1979"})
    engine = create_engine(store_of(app).url)
    try:
        assert {c["name"] for c in inspect(engine).get_columns("storefront_checkout_audit")} == COLUMNS
    finally:
        engine.dispose()
    exported = "\n".join(json.dumps(e.as_dict()) for e in store_of(app).entries())
    assert "ORD-2" in exported
    for fragment in PERSONAL:
        assert fragment not in exported
    if audit_url.startswith("sqlite"):
        store_of(app).dispose()  # checkpoint the WAL into the file
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("audit.sqlite3*"))
        assert b"ORD-2" in raw
        for fragment in PERSONAL:
            assert fragment.encode() not in raw


def test_concurrent_writes_are_never_lost(audit_url: str) -> None:
    app = shop(audit_url)
    threads, per_thread = 16, 25
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def buyer(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                with app.app_context():
                    decision = check_checkout(BUYER, BIRTH, KRATOM, ON, order_ref=f"T{n}-{i}")
                assert decision.allowed, decision
        except BaseException as exc:  # reported below, in the main thread
            errors.append(exc)

    workers = [threading.Thread(target=buyer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors, errors[:3]
    rows = list(store_of(app).entries())
    assert store_of(app).count() == len(rows) == threads * per_thread
    assert len({r.id for r in rows}) == len({r.order_ref for r in rows}) == threads * per_thread


def _fails_closed(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="storefront_plugin.audit"):
        decision = decide(app)
    assert decision.status == "unverifiable" and not decision.allowed
    assert decision.codes[-1] == "audit.unavailable"
    assert "try again later" in decision.reasons[-1].message
    assert any("audit log write failed" in r.getMessage() for r in caplog.records)


def test_sqlite_read_only_store_fails_closed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "audit.sqlite3"
    decide(shop(f"sqlite:///{path}"))  # creates the table
    read_only = shop(f"sqlite:///file:{path}?mode=ro&uri=true")
    _fails_closed(read_only, caplog)
    assert len(list(store_of(read_only).entries())) == 1  # the earlier row, nothing more


def test_sqlite_store_that_cannot_exist_fails_closed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    _fails_closed(shop(f"sqlite:///{blocker}/audit.sqlite3"), caplog)


def test_postgres_read_only_store_fails_closed(postgres_server: str, caplog: pytest.LogCaptureFixture) -> None:
    import psycopg

    with fresh_database(postgres_server) as url:
        decide(shop(url))
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        _fails_closed(shop(url), caplog)
        _dispose_all()


def test_postgres_down_fails_closed(caplog: pytest.LogCaptureFixture) -> None:
    url = f"postgresql://postgres@127.0.0.1:{_free_port()}/nothing?connect_timeout=3"
    _fails_closed(shop(url), caplog)


def test_hook_shows_the_clear_message_when_the_store_is_down(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    app = shop(f"sqlite:///{blocker}/x.sqlite3", STOREFRONT_AGE_GATE_MODE="off", STOREFRONT_CHECKOUT_ENDPOINTS=["pay"])
    app.add_url_rule("/pay", "pay", lambda: "paid", methods=["POST"])
    response = app.test_client().post("/pay", data={**BUYER, "birth_date": BIRTH})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-code="audit.unavailable"' in html and "compliance records are unavailable" in html


def test_default_store_is_sqlite_in_the_instance_folder_with_wal(tmp_path: Path) -> None:
    app = Flask("instance_shop", instance_path=str(tmp_path / "instance"))
    app.config.update(SECRET_KEY="k")
    StorefrontCompliance(app)
    decide(app)
    path = tmp_path / "instance" / "storefront-audit.sqlite3"
    assert path.exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM storefront_checkout_audit").fetchone()[0] == 1


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    assert AuditStore("postgresql://u:p@db/x").url.drivername == "postgresql+psycopg"
    assert AuditStore("postgres://u@db/x").url.drivername == "postgresql+psycopg"
    assert "p@" not in AuditStore("postgresql://u:p@db/x").safe_url


# -- export --------------------------------------------------------------------------------


def _seed(app: Flask) -> None:
    store = store_of(app)
    for when, ref in ((datetime(2025, 12, 31, 23, 59, tzinfo=timezone.utc), "OLD"), (datetime(2026, 1, 2, 8, 0, tzinfo=timezone.utc), "NEW")):
        store.record(AuditEntry(when, "blocked", ("age.under_minimum", "shipping.banned"), ("US", "US-FL/Miami, City"),
                                "default@2026.11", "1", "self-declared", "hook", ref))  # fmt: skip


def test_export_jsonl_since(audit_url: str) -> None:
    app = shop(audit_url)
    _seed(app)
    result = app.test_cli_runner().invoke(args=["storefront", "audit", "export", "--since", "2026-01-01", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["order_ref"] for row in lines] == ["NEW"]
    assert lines[0]["created_at"] == "2026-01-02T08:00:00Z"
    assert lines[0]["reason_codes"] == ["age.under_minimum", "shipping.banned"]
    assert "1 decision(s) exported." in result.stderr


def test_export_csv_to_a_file(audit_url: str, tmp_path: Path) -> None:
    app = shop(audit_url)
    _seed(app)
    out = tmp_path / "audit.csv"
    result = app.test_cli_runner().invoke(args=["storefront", "audit", "export", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    import csv

    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["order_ref"] for r in rows] == ["OLD", "NEW"]
    assert rows[0]["jurisdictions"] == "US;US-FL/Miami, City" and rows[0]["status"] == "blocked"


def test_export_rejects_a_bad_date_and_reports_a_dead_store(tmp_path: Path) -> None:
    runner = shop(f"sqlite:///{tmp_path}/a.sqlite3").test_cli_runner()
    bad = runner.invoke(args=["storefront", "audit", "export", "--since", "yesterday"])
    assert bad.exit_code == 2 and "--since" in bad.output
    blocker = tmp_path / "f"
    blocker.write_text("")
    dead = shop(f"sqlite:///{blocker}/a.sqlite3").test_cli_runner().invoke(args=["storefront", "audit", "export"])
    assert dead.exit_code == 1 and "STOREFRONT_AUDIT_DATABASE_URL" in dead.output


LAZY_SQLALCHEMY = """
import sys
from flask import Flask
from storefront_plugin import StorefrontCompliance, check_checkout
app = Flask("shop", instance_path=sys.argv[1])
app.config["SECRET_KEY"] = "test"
StorefrontCompliance(app)
print("after start-up", "sqlalchemy" in sys.modules, "storefront" in app.cli.commands)
with app.app_context():
    check_checkout({"country": "US", "postal_code": "97205"}, "1980-01-02")
print("after a checkout", "sqlalchemy" in sys.modules)
"""


@pytest.mark.slow
def test_sqlalchemy_is_loaded_on_the_first_audit_write_not_at_start_up(tmp_path: Path) -> None:
    """In a fresh process: this one has SQLAlchemy already. The CLI group, audit export included, is registered."""
    script = [sys.executable, "-c", LAZY_SQLALCHEMY, str(tmp_path / "instance")]
    result = subprocess.run(script, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["after start-up False True", "after a checkout True"]
