"""flask storefront rules status / explain / screen-orders, through app.test_cli_runner()."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskCliRunner


def test_rules_status_prints_counts_and_as_of(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["storefront", "rules", "status"])
    assert result.exit_code == 0, result.output
    assert "as_of: 2026-11-22" in result.output
    assert "country: 21" in result.output and "ban: " in result.output and "min_age: " in result.output
    assert "deciding by 'block'" in result.output


def test_rules_status_warns_when_stale(app_factory: Any, tmp_path: Path) -> None:
    old = tmp_path / "old.toml"
    old.write_text("[dataset]\nas_of = 2020-01-01\n", encoding="utf-8")
    app = app_factory({"STOREFRONT_RULES_FILES": [str(old)], "STOREFRONT_RULES_MAX_AGE_DAYS": 30})
    result = app.test_cli_runner().invoke(args=["storefront", "rules", "status"])
    assert result.exit_code == 0
    assert "as_of: 2020-01-01" in result.output
    assert "WARNING: the rules are" in result.output and "STOREFRONT_RULES_MAX_AGE_DAYS = 30" in result.output


def test_fresh_rules_do_not_warn(app_factory: Any) -> None:
    app = app_factory({"STOREFRONT_RULES_MAX_AGE_DAYS": 100000})
    assert "WARNING" not in app.test_cli_runner().invoke(args=["storefront", "rules", "status"]).output


def test_explain_prints_decision_rules_and_sources(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["storefront", "explain", "--country", "usa", "--region", "florida", "--postal-code", "34285", "--on", "2026-11-22"]
    )
    assert result.exit_code == 0, result.output
    assert "status: blocked" in result.output
    assert "us-fl-sarasota-county [ban] Sarasota County, Florida" in result.output
    assert "https://www.heraldtribune.com/" in result.output
    assert "required age: 21" in result.output


def test_explain_with_unrestricted_category(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["storefront", "explain", "--country", "GB", "--category", "tea"])
    assert "status: allowed" in result.output and "rules that applied: none" in result.output


def test_explain_rejects_a_bad_date(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["storefront", "explain", "--country", "GB", "--on", "tomorrow"])
    assert result.exit_code != 0 and "is not a date" in result.output


ORDERS = [
    {"Order": "1", "Country": "US", "State": "FL", "Zip": "34236", "Category": "kratom", "Tags": "", "Date": "2026-11-01"},
    {"Order": "2", "Country": "US", "State": "NY", "Zip": "10001", "Category": "kratom", "Tags": "", "Date": ""},
    {"Order": "3", "Country": "United Kingdom", "State": "", "Zip": "", "Category": "tea", "Tags": "", "Date": ""},
    {"Order": "4", "Country": "", "State": "", "Zip": "", "Category": "kratom", "Tags": "", "Date": ""},
    {"Order": "5", "Country": "US", "State": "FL", "Zip": "33101", "Category": "kratom", "Tags": "7-oh;extract", "Date": "2026-01-05"},
    {"Order": "6", "Country": "US", "State": "RI", "Zip": "02903", "Category": "kratom", "Tags": "", "Date": "2026-03-31"},
]
MAPPING = {
    "order_id": "Order", "country": "Country", "region": "State", "postal_code": "Zip",
    "category": "Category", "attributes": "Tags", "order_date": "Date",
}  # fmt: skip


def _write_orders(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_screen_orders_writes_each_rows_decision(app_factory: Any, tmp_path: Path) -> None:
    app: Flask = app_factory({"STOREFRONT_ORDER_CSV_COLUMNS": MAPPING})
    source, out = tmp_path / "orders.csv", tmp_path / "out.csv"
    _write_orders(source, ORDERS)
    result = app.test_cli_runner().invoke(args=["storefront", "screen-orders", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["screen_status"] for r in rows] == ["blocked", "allowed", "allowed", "unverifiable", "blocked", "blocked"]
    assert rows[0]["screen_rule_ids"] == "us-fl-sarasota-county"
    assert rows[3]["screen_reason_codes"] == "address.missing_country"
    assert rows[4]["screen_rule_ids"] == "us-fl-7oh"
    assert rows[5]["screen_rule_ids"] == "us-ri-ban"  # decided on the order's date
    assert rows[0]["Order"] == "1" and "Sarasota County" in rows[0]["screen_reasons"]
    assert "Screened 6 orders" in result.output
    assert "blocked" in result.output and "shipping.banned" in result.output


def test_screen_orders_names_missing_columns(runner: FlaskCliRunner, tmp_path: Path) -> None:
    source = tmp_path / "orders.csv"
    _write_orders(source, ORDERS)
    result = runner.invoke(args=["storefront", "screen-orders", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code != 0
    assert "'postal_code' (for postal_code)" in result.output and "STOREFRONT_ORDER_CSV_COLUMNS" in result.output


def test_screen_orders_rejects_non_utf8(app_factory: Any, tmp_path: Path) -> None:
    app = app_factory({"STOREFRONT_ORDER_CSV_COLUMNS": MAPPING})
    source = tmp_path / "orders.csv"
    source.write_bytes(b"Order,Country,Zip\n1,\xff\xfe,1\n")
    result = app.test_cli_runner().invoke(args=["storefront", "screen-orders", str(source), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code != 0 and "not UTF-8" in result.output


def test_screen_orders_handles_many_rows(app_factory: Any, tmp_path: Path) -> None:
    app = app_factory({"STOREFRONT_ORDER_CSV_COLUMNS": MAPPING})
    source, out = tmp_path / "orders.csv", tmp_path / "out.csv"
    _write_orders(source, ORDERS * 500)
    result = app.test_cli_runner().invoke(args=["storefront", "screen-orders", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Screened 3000 orders" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3001
