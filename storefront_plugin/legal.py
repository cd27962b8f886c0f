"""The legal-status page's data, computed from the very ruleset that decides shipping.

Pure logic, free of Flask. Each US state gets one status (banned, restricted,
21+ or 18+) from its state-level rules; county, city and ZIP rules are the
local list; country rules the country list. Tiles sit on the usual US
tile-grid map (one square per state, 11 by 8).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .geography import US_STATES
from .rules import Rule, Ruleset

__all__ = ["STATUS_STYLE", "TILES", "LegalStatus", "StateStatus", "contrast_ratio", "legal_status"]

Status = Literal["banned", "restricted", "21+", "18+"]

#: (column, row) of each state (and DC) on the tile grid.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (10, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2), "WI": (6, 2),
    "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3), "OH": (6, 3),
    "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4), "WV": (6, 4),
    "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5), "SC": (7, 5), "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (7, 7),
}  # fmt: skip

#: Fill, text colour, SVG pattern id and short tile label of each status. Every text/fill pair
#: passes WCAG AA (4.5:1, checked by the tests), and each status also has its own label and pattern.
STATUS_STYLE: dict[str, dict[str, str]] = {
    "banned": {"fill": "#8e1b1b", "text": "#ffffff", "pattern": "sf-pat-banned", "short": "BAN"},
    "restricted": {"fill": "#f3c26b", "text": "#1b1b1b", "pattern": "sf-pat-restricted", "short": "LTD"},
    "21+": {"fill": "#b9d3f2", "text": "#1b1b1b", "pattern": "", "short": "21+"},
    "18+": {"fill": "#f4f4f4", "text": "#1b1b1b", "pattern": "", "short": "18+"},
}


@dataclass(frozen=True)
class StateStatus:
    """One US state on the map and in the table."""

    code: str
    name: str
    status: Status
    min_age: int
    rules: tuple[Rule, ...]
    local_rules: tuple[Rule, ...]
    column: int
    row: int

    @property
    def uncertain(self) -> bool:
        return any(rule.uncertain for rule in self.rules)

    @property
    def ships_leaf(self) -> bool:
        """Whether plain kratom leaf may ship here at state level (a licence or product rule may still apply)."""
        return not any(r.blocks and not r.attributes for r in self.rules)


@dataclass(frozen=True)
class LegalStatus:
    """Everything the legal page shows, for one day."""

    day: date
    base_age: int
    states: tuple[StateStatus, ...]
    local_rules: tuple[Rule, ...]
    country_rules: tuple[Rule, ...]
    ruleset_as_of: date
    ruleset_version: str


def _state_status(rules: tuple[Rule, ...], base_age: int) -> tuple[Status, int]:
    covering = [r for r in rules if "kratom" in r.categories or not r.categories]
    ages = [r.min_age for r in covering if r.min_age]
    min_age = max([base_age, *(a for a in ages if a is not None)])
    if any(r.effect == "ban" and not r.attributes for r in covering):
        return "banned", min_age
    if any(r.blocks for r in covering):
        # A licence requirement, or a ban on some products (e.g. 7-OH) only: plain leaf may ship.
        return "restricted", min_age
    return ("21+" if min_age >= 21 else "18+"), min_age


def legal_status(ruleset: Ruleset, base_age: int = 18, day: date | None = None, licenses: frozenset[str] = frozenset()) -> LegalStatus:
    """The page's data for ``day`` (default today); rules the shop holds a licence for do not block."""
    when = day or date.today()
    active = [r for r in ruleset.active_on(when) if not (r.effect == "license_required" and r.license in licenses)]
    states = []
    for code, (column, row) in TILES.items():
        own = tuple(r for r in active if r.country == "US" and r.state == code and r.level == "state")
        local = tuple(r for r in active if r.country == "US" and r.state == code and r.level != "state")
        status, age = _state_status(own, base_age)
        states.append(StateStatus(code, US_STATES.get(code, code), status, age, own, local, column, row))
    local_rules = tuple(r for r in active if r.level in ("county", "city", "postal"))
    countries = tuple(sorted((r for r in active if r.level == "country" and r.country != "US"), key=lambda r: r.display_name))
    return LegalStatus(when, base_age, tuple(states), local_rules, countries, ruleset.as_of, ruleset.version)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class ShippingNotice:
    """The disclaimer's "where we do not ship" lists, by kind of place."""

    countries: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    local: tuple[str, ...] = ()
    #: Places where only some products (e.g. 7-OH) may not ship.
    partial: tuple[str, ...] = ()
    #: Places (not banned outright) whose minimum age is above the shop's.
    older_age: tuple[str, ...] = ()
    older_age_years: int = 0

    def __bool__(self) -> bool:
        return bool(self.countries or self.states or self.local or self.partial)


def shipping_notice(
    ruleset: Ruleset,
    base_age: int = 18,
    day: date | None = None,
    licenses: frozenset[str] = frozenset(),
    place_name: Callable[[Rule], str] = lambda rule: rule.display_name,
) -> ShippingNotice:
    """Where plain leaf may not ship at all, where some products may not, and where buyers must be older.

    ``place_name`` names each place (the Flask side passes one in the visitor's language).
    """
    active = [r for r in ruleset.active_on(day or date.today()) if not (r.effect == "license_required" and r.license in licenses)]
    full = [r for r in active if r.blocks and not r.attributes]
    banned = {r.jurisdiction for r in full}

    def names(rules: list[Rule]) -> tuple[str, ...]:
        return tuple(sorted({place_name(r) for r in rules}))

    partial = [r for r in active if r.blocks and r.attributes and r.jurisdiction not in banned]
    older = [r for r in active if r.effect == "min_age" and (r.min_age or 0) > base_age and r.jurisdiction not in banned]
    return ShippingNotice(
        countries=names([r for r in full if r.level == "country"]),
        states=names([r for r in full if r.level == "state"]),
        local=names([r for r in full if r.level in ("county", "city", "postal")]),
        partial=names(partial),
        older_age=names(older),
        older_age_years=max((r.min_age or 0 for r in older), default=base_age),
    )
