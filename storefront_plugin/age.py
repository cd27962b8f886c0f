"""Birth dates and ages: strict parsing and calendar arithmetic, free of Flask.

A birth date arrives as an ISO string (``"1990-04-30"``), a :class:`datetime.date`,
or separate day, month and year fields (a mapping or a ``(day, month, year)``
tuple). Anything else, anything impossible (30 February), anything in the
future or more than :data:`MAX_AGE_YEARS` years ago is refused: a checkout
that cannot read a birth date must never be allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

__all__ = [
    "MAX_AGE_YEARS",
    "AGE_INVALID",
    "AGE_MISSING",
    "AGE_UNDER_MINIMUM",
    "AgeCheck",
    "BirthDateError",
    "age_on",
    "check_age",
    "earliest_today",
    "parse_birth_date",
]

AGE_MISSING = "age.missing"
AGE_INVALID = "age.invalid"
AGE_UNDER_MINIMUM = "age.under_minimum"

#: Older than this is taken for a typo (or a made-up date), not a customer.
MAX_AGE_YEARS = 130

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"\d{1,4}")

Problem = Literal["missing", "not_a_number", "impossible", "future", "too_old", "unreadable"]


class BirthDateError(ValueError):
    """A birth date that is missing or cannot be a real one.

    ``code`` is :data:`AGE_MISSING` or :data:`AGE_INVALID`; ``problem`` says
    which check failed, for messages and logs (never the date itself).
    """

    def __init__(self, problem: Problem) -> None:
        self.problem: Problem = problem
        self.code = AGE_MISSING if problem == "missing" else AGE_INVALID
        super().__init__(f"{self.code}: {problem}")


def earliest_today(now: datetime | None = None) -> date:
    """The calendar date in the last time zone on Earth (UTC-12).

    Age checks compare against this day, so nobody anywhere is a year older
    before their birthday has started where they are (fail closed).
    """
    moment = now if now is not None else datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return (moment.astimezone(timezone.utc) - timedelta(hours=12)).date()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> int:
    """A day, month or year field: an int, or 1-4 ASCII digits with optional spaces around."""
    if isinstance(value, bool):
        raise BirthDateError("not_a_number")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        # \d also matches other scripts' digits ('١٩٩٠'); isascii() keeps to 0-9.
        if text.isascii() and _DIGITS.fullmatch(text):
            return int(text)
    raise BirthDateError("not_a_number")


def _from_fields(day: Any, month: Any, year: Any) -> date:
    parts = (day, month, year)
    if all(_blank(p) for p in parts):
        raise BirthDateError("missing")
    if any(_blank(p) for p in parts):
        raise BirthDateError("unreadable")
    d, m, y = (_number(p) for p in parts)
    if y < 1000:  # a two-digit year is ambiguous (19 or 20?): ask again
        raise BirthDateError("unreadable")
    try:
        return date(y, m, d)
    except ValueError:
        raise BirthDateError("impossible") from None


def _coerce(value: Any) -> date:
    if _blank(value):
        raise BirthDateError("missing")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        # Only YYYY-MM-DD: date.fromisoformat also takes week dates and
        # 'YYYYMMDD' on 3.11+, which a form should never send.
        if not _ISO.fullmatch(text) or not text.isascii():
            raise BirthDateError("unreadable")
        try:
            return date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            raise BirthDateError("impossible") from None
    if isinstance(value, Mapping):
        return _from_fields(value.get("day"), value.get("month"), value.get("year"))
    if isinstance(value, (tuple, list)) and len(value) == 3:
        return _from_fields(*value)
    raise BirthDateError("unreadable")


def parse_birth_date(value: Any, *, today: date) -> date:
    """A plausible birth date from ``value``, or :class:`BirthDateError`.

    ``today`` bounds the range: no date after it, none more than
    :data:`MAX_AGE_YEARS` years before it.
    """
    born = _coerce(value)
    if born > today:
        raise BirthDateError("future")
    if age_on(born, today) > MAX_AGE_YEARS:
        raise BirthDateError("too_old")
    return born


def age_on(born: date, today: date) -> int:
    """Whole years between ``born`` and ``today``.

    Someone born on 29 February turns a year older on 1 March in common
    years: on 28 February their birthday has not yet come (the later,
    fail-closed reading; some jurisdictions use 28 February).
    """
    years = today.year - born.year
    if (today.month, today.day) < (born.month, born.day):
        years -= 1
    return years


@dataclass(frozen=True)
class AgeCheck:
    """The outcome of checking one birth date against one minimum age."""

    code: str | None
    """``None`` when old enough, else one of the ``age.*`` codes."""
    required_age: int
    age: int | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.code is None


def check_age(value: Any, required_age: int, *, today: date) -> AgeCheck:
    """Whether the birth date ``value`` shows at least ``required_age`` years on ``today``."""
    try:
        born = parse_birth_date(value, today=today)
    except BirthDateError as exc:
        return AgeCheck(exc.code, required_age, problem=exc.problem)
    years = age_on(born, today)
    if years < required_age:
        return AgeCheck(AGE_UNDER_MINIMUM, required_age, age=years)
    return AgeCheck(None, required_age, age=years)
