"""Validators shared by the settings modules: each returns the clean value or raises
``ValueError`` whose text tells the merchant how to fix it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["as_bool", "as_optional_str", "as_str", "as_str_tuple", "positive_int"]


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("use True or False (a Python bool, not a string)")


def as_str(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value
    raise ValueError("use a non-empty string")


def as_optional_str(value: Any) -> str | None:
    if value is None:
        return None
    return as_str(value)


def as_str_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, (str, bytes, Mapping)):
        raise ValueError("use a list of strings, e.g. ['a', 'b'], not a single value")
    try:
        items = tuple(value)
    except TypeError:
        raise ValueError("use a list of strings") from None
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"every entry must be a non-empty string; {item!r} is not")
    return items


def positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("use a whole number greater than zero")
    return value
