"""Birth-date parsing and age arithmetic: every edge the checkout relies on."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storefront_plugin.age import (
    AGE_INVALID,
    AGE_MISSING,
    AGE_UNDER_MINIMUM,
    BirthDateError,
    age_on,
    check_age,
    earliest_today,
    parse_birth_date,
)

TODAY = date(2026, 6, 15)


def test_birthday_today_counts() -> None:
    assert age_on(date(2005, 6, 15), TODAY) == 21
    assert check_age("2005-06-15", 21, today=TODAY).ok


def test_one_day_short_does_not() -> None:
    assert age_on(date(2005, 6, 16), TODAY) == 20
    result = check_age("2005-06-16", 21, today=TODAY)
    assert result.code == AGE_UNDER_MINIMUM and result.age == 20


def test_one_day_over_counts() -> None:
    assert check_age("2005-06-14", 21, today=TODAY).ok


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 2, 28), 20),  # common year: the birthday has not come yet
        (date(2025, 3, 1), 21),  # ...it comes on 1 March
        (date(2024, 2, 28), 19),  # leap year: not until the 29th
        (date(2024, 2, 29), 20),  # leap year: the day itself
    ],
)
def test_february_29th_birthday(today: date, expected: int) -> None:
    assert age_on(date(2004, 2, 29), today) == expected


def test_february_29th_is_a_real_birth_date_only_in_leap_years() -> None:
    assert parse_birth_date("2004-02-29", today=TODAY) == date(2004, 2, 29)
    with pytest.raises(BirthDateError) as err:
        parse_birth_date("2005-02-29", today=TODAY)
    assert err.value.code == AGE_INVALID and err.value.problem == "impossible"


@pytest.mark.parametrize(
    "value",
    [
        "1990-04-30",
        date(1990, 4, 30),
        datetime(1990, 4, 30, 23, 59),
        {"day": "30", "month": "4", "year": "1990"},
        {"day": 30, "month": 4, "year": 1990},
        {"day": " 30 ", "month": "04", "year": "1990"},
        ("30", "4", "1990"),
        " 1990-04-30 ",
    ],
)
def test_accepted_forms(value: Any) -> None:
    assert parse_birth_date(value, today=TODAY) == date(1990, 4, 30)


@pytest.mark.parametrize("value", [None, "", "   ", {}, {"day": "", "month": "", "year": ""}, ("", "", "")])
def test_missing(value: Any) -> None:
    result = check_age(value, 18, today=TODAY)
    assert result.code == AGE_MISSING and not result.ok


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1990-02-30", "impossible"),
        ({"day": "30", "month": "2", "year": "1990"}, "impossible"),
        ({"day": "31", "month": "4", "year": "1990"}, "impossible"),
        ({"day": "1", "month": "13", "year": "1990"}, "impossible"),
        ({"day": "0", "month": "1", "year": "1990"}, "impossible"),
        ("2026-06-16", "future"),
        ("2999-01-01", "future"),
        ("1895-06-14", "too_old"),
        ({"day": "x", "month": "4", "year": "1990"}, "not_a_number"),
        ({"day": "-1", "month": "4", "year": "1990"}, "not_a_number"),
        ({"day": "1.5", "month": "4", "year": "1990"}, "not_a_number"),
        ({"day": "١", "month": "4", "year": "1990"}, "not_a_number"),  # Arabic-Indic digit
        ({"day": True, "month": 4, "year": 1990}, "not_a_number"),
        ({"day": "1", "month": "4", "year": "90"}, "unreadable"),  # two-digit year
        ({"day": "1", "month": "", "year": "1990"}, "unreadable"),
        ("30/04/1990", "unreadable"),
        ("1990-4-30", "unreadable"),
        ("19900430", "unreadable"),
        ("1990-W17-1", "unreadable"),
        ("1990-04-30T00:00", "unreadable"),
        ("not a date", "unreadable"),
        (19900430, "unreadable"),
        (1990.5, "unreadable"),
        (["1990"], "unreadable"),
    ],
)
def test_invalid(value: Any, problem: str) -> None:
    with pytest.raises(BirthDateError) as err:
        parse_birth_date(value, today=TODAY)
    assert err.value.problem == problem
    assert err.value.code == AGE_INVALID
    assert check_age(value, 18, today=TODAY).code == AGE_INVALID


def test_exactly_130_years_is_accepted_131_is_not() -> None:
    assert age_on(parse_birth_date("1896-06-15", today=TODAY), TODAY) == 130
    with pytest.raises(BirthDateError):
        parse_birth_date("1895-06-15", today=TODAY)


def test_error_text_never_holds_the_date() -> None:
    with pytest.raises(BirthDateError) as err:
        parse_birth_date("1990-02-30", today=TODAY)
    assert "1990" not in str(err.value)


def test_earliest_today_is_the_last_time_zone_on_earth() -> None:
    # 06:00 UTC on 2 Jan is still 1 Jan at UTC-12: nobody has their 2 Jan birthday everywhere yet.
    assert earliest_today(datetime(2026, 1, 2, 6, 0, tzinfo=timezone.utc)) == date(2026, 1, 1)
    assert earliest_today(datetime(2026, 1, 2, 12, 0, tzinfo=timezone.utc)) == date(2026, 1, 2)


@given(st.one_of(st.none(), st.text(max_size=20), st.integers(), st.dates(), st.dictionaries(st.text(max_size=6), st.text(max_size=6))))
def test_no_input_raises_anything_but_a_birth_date_error(value: Any) -> None:
    result = check_age(value, 18, today=TODAY)
    if result.ok:
        assert result.age is not None and 18 <= result.age <= 130


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 1, 1)))
def test_parsed_dates_are_never_in_the_future(born: date) -> None:
    try:
        parsed = parse_birth_date(born.isoformat(), today=TODAY)
    except BirthDateError:
        assert born > TODAY or age_on(born, TODAY) > 130
    else:
        assert parsed == born <= TODAY
