"""The hot paths' cached clock."""

from __future__ import annotations

import time
from datetime import date

from storefront_plugin.clock import Today


def test_today_is_the_calendar_day() -> None:
    before = date.today()
    found = Today()()
    assert found in (before, date.today())  # the day may turn between the two reads


def test_the_day_is_read_again_once_its_deadline_passes() -> None:
    clock = Today()
    clock()
    assert time.time() < clock._until <= time.time() + 60  # at most a minute, or midnight if sooner
    clock._day, clock._until = date(2000, 1, 1), 0.0  # as if the deadline passed on another day
    assert clock() != date(2000, 1, 1)
