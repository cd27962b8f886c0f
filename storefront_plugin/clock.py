"""Today's date for the hot paths, without asking the clock on every call.

``date.today()`` converts the time to a local calendar date each call, which
costs more than the rest of a cached shipping decision or fragment lookup.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

__all__ = ["Today", "today"]


class Today:
    """``date.today()``, asked of the clock again only at midnight (or each minute)."""

    def __init__(self) -> None:
        self._until = 0.0
        self._day = date.min

    def __call__(self) -> date:
        now = time.time()
        if now >= self._until:
            day = date.today()
            midnight = datetime.combine(day + timedelta(days=1), datetime.min.time()).timestamp()
            # Re-read at least each minute too, so a clock or time-zone change is seen soon.
            self._day, self._until = day, min(midnight, now + 60)
        return self._day


#: The shared clock of the plugin's caches (the shipping checker, rendered fragments).
today = Today()
