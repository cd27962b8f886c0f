"""Validators of the shipping-rules settings (declared in :mod:`storefront_plugin.settings`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .geography import normalize_country
from .validators import as_str_tuple

__all__ = ["CSV_FIELDS", "DEFAULT_CSV_COLUMNS", "country", "csv_columns", "rule_ids", "rules_files", "uncertain_policy"]

#: Our field names for a CSV order export: the address fields, the order id and the items.
CSV_FIELDS = ("order_id", "country", "region", "county", "city", "postal_code", "category", "attributes", "order_date")

#: Default CSV header per field; a shop maps its own export's headers with STOREFRONT_ORDER_CSV_COLUMNS.
DEFAULT_CSV_COLUMNS: dict[str, str] = {
    "order_id": "order_id",
    "country": "country",
    "region": "region",
    "county": "county",
    "city": "city",
    "postal_code": "postal_code",
    "category": "category",
    "attributes": "attributes",
    "order_date": "order_date",
}


def rules_files(value: Any) -> tuple[str, ...]:
    if isinstance(value, (str, bytes, Path)):
        raise ValueError("use a list of paths, e.g. ['rules/shop.toml'], not a single path")
    try:
        paths = [str(v) if isinstance(v, Path) else v for v in value]
    except TypeError:
        raise ValueError("use a list of paths, e.g. ['rules/shop.toml']") from None
    items = as_str_tuple(paths)
    for item in items:
        if not item.endswith(".toml"):
            raise ValueError(f"{item!r} is not a .toml file; rules files are TOML (see the README's rules section)")
    return items


def rule_ids(value: Any) -> tuple[str, ...]:
    return as_str_tuple(value)


def uncertain_policy(value: Any) -> str:
    if value in ("block", "review", "ignore"):
        return str(value)
    raise ValueError("use 'block' (the default: uncertain rules apply), 'review' (decision is unverifiable) or 'ignore'")


def country(value: Any) -> str | None:
    if value is None:
        return None
    code = normalize_country(value) if isinstance(value, str) else None
    if code is None:
        raise ValueError("use an ISO 3166-1 country code such as 'US', or None")
    return code


def csv_columns(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ValueError("use a dict of our field name -> your CSV header, e.g. {'postal_code': 'Ship Zip'}")
    out = dict(DEFAULT_CSV_COLUMNS)
    for field, header in value.items():
        if field not in DEFAULT_CSV_COLUMNS:
            raise ValueError(f"{field!r} is not a field we read; use any of {', '.join(CSV_FIELDS)}")
        if not isinstance(header, str) or not header.strip():
            raise ValueError(f"the CSV header for {field!r} must be a non-empty string")
        out[field] = header
    return out
