"""Jurisdiction rules: what may not ship where, from when, and on whose word.

Pure data, free of Flask. A :class:`Rule` is one sourced legal fact turned into
an effect at one place; a :class:`Ruleset` is the merged, validated set an app
decides with (``get_state().rules``). Rules are written in TOML files and read
by :mod:`storefront_plugin.rules_loader`.

Attributes of a :class:`Rule` that pages and notices may rely on:

``id``
    stable identifier, e.g. ``"us-fl-sarasota-county"``.
``level``
    ``"country"``, ``"state"``, ``"county"``, ``"city"`` or ``"postal"``.
``country`` / ``state`` / ``county`` / ``city`` / ``postal_codes``
    where it applies: ISO 3166-1 alpha-2 country, US state code (``"FL"``),
    county or city name as written, ZIP codes or prefixes.
``name``
    display name of the place ("Sarasota County, Florida").
``effect``
    ``"ban"`` (no shipping), ``"min_age"`` (buyers must be ``min_age`` or
    older), ``"license_required"`` (blocked unless the merchant holds
    ``license``), ``"product_restriction"`` (the items it covers may not ship).
``min_age``, ``license``
    the age of a ``min_age`` rule (a ``license_required`` rule may carry one
    too); the licence a ``license_required`` rule asks for.
``categories`` / ``attributes``
    the products it covers: an item is covered when its category is listed
    and, if ``attributes`` is not empty, it has one of them (``"7-oh"``).
``effective_from`` / ``effective_until``
    first and last day in force (inclusive; None: open-ended).
``sources``, ``as_of``, ``confidence``, ``note``, ``conflict``
    URLs, the date of the newest source, ``"high"``/``"medium"``/``"low"``,
    a one-line summary for people, and what sources disagree about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Literal

__all__ = [
    "CONFIDENCES",
    "EFFECTS",
    "LEVELS",
    "Confidence",
    "Effect",
    "Level",
    "Rule",
    "Ruleset",
]

Effect = Literal["ban", "min_age", "license_required", "product_restriction"]
Level = Literal["country", "state", "county", "city", "postal"]
Confidence = Literal["high", "medium", "low"]

EFFECTS: tuple[Effect, ...] = ("ban", "min_age", "license_required", "product_restriction")
LEVELS: tuple[Level, ...] = ("country", "state", "county", "city", "postal")
CONFIDENCES: tuple[Confidence, ...] = ("high", "medium", "low")

#: Effects that stop a shipment (a licence lifts ``license_required``).
BLOCKING_EFFECTS = frozenset({"ban", "license_required", "product_restriction"})


@dataclass(frozen=True)
class Rule:
    """One sourced rule; see the module docstring for what each attribute means."""

    id: str
    country: str
    effect: Effect
    sources: tuple[str, ...]
    as_of: str
    confidence: Confidence
    note: str
    name: str = ""
    state: str | None = None
    county: str | None = None
    city: str | None = None
    postal_codes: tuple[str, ...] = ()
    min_age: int | None = None
    license: str | None = None
    categories: tuple[str, ...] = ("kratom",)
    attributes: tuple[str, ...] = ()
    effective_from: date | None = None
    effective_until: date | None = None
    conflict: str = ""
    #: The file the rule was read from (for error messages and ``explain``).
    origin: str = field(default="", compare=False)

    @property
    def level(self) -> Level:
        if self.postal_codes:
            return "postal"
        if self.city:
            return "city"
        if self.county:
            return "county"
        if self.state:
            return "state"
        return "country"

    @property
    def jurisdiction(self) -> str:
        """Code of the place: ``"US"``, ``"US-FL"``, ``"US-FL/Sarasota County"``, ``"US/ZIP 386*"``."""
        base = f"{self.country}-{self.state}" if self.state else self.country
        if self.county or self.city:
            return f"{base}/{self.county or self.city}"
        if self.postal_codes:
            return f"{base}/ZIP " + ",".join(self.postal_codes)
        return base

    @property
    def jurisdiction_label(self) -> str:
        """The place for people: ``"US-CA / San Diego"``."""
        return self.jurisdiction.replace("/", " / ")

    @property
    def display_name(self) -> str:
        return self.name or self.jurisdiction_label

    @property
    def blocks(self) -> bool:
        """True when the effect stops shipping (before licences are considered)."""
        return self.effect in BLOCKING_EFFECTS

    @property
    def uncertain(self) -> bool:
        """Low confidence or conflicting sources: decided by ``STOREFRONT_UNCERTAIN_RULES``."""
        return self.confidence == "low" or bool(self.conflict)

    @property
    def source(self) -> str:
        """The first source URL (what a decision's reason cites)."""
        return self.sources[0] if self.sources else ""

    def active_on(self, day: date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_until is None or day <= self.effective_until

    def covers(self, category: str, attributes: frozenset[str]) -> bool:
        """Whether an item of ``category`` with ``attributes`` falls under this rule."""
        if category not in self.categories:
            return False
        return not self.attributes or not attributes.isdisjoint(self.attributes)


@dataclass(frozen=True)
class Ruleset:
    """The validated, merged rules of an app, indexed for fast lookup.

    ``as_of`` is the oldest ``as_of`` of the files merged (the data is only
    as fresh as its stalest part); ``version`` names the files and their
    dataset versions and is echoed in every decision as ``rules_version``.
    """

    rules: tuple[Rule, ...]
    as_of: date
    version: str
    files: tuple[str, ...] = ()
    #: Rules switched off by a file's ``disable`` list or ``STOREFRONT_DISABLED_RULES``.
    disabled: tuple[str, ...] = ()
    _by_place: dict[tuple[str, ...], tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: country -> (prefix lengths, ascending; prefix -> (file position, rule)), so a lookup is a few dict gets.
    _postal: dict[str, tuple[tuple[int, ...], dict[str, tuple[tuple[int, Rule], ...]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _distinct: bool = field(default=True, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from .geography import place_key

        by_place: dict[tuple[str, ...], list[Rule]] = {}
        postal: dict[str, dict[str, list[tuple[int, Rule]]]] = {}
        position = 0  # of each (prefix, rule) pair in file order: lookups answer in that order
        for rule in self.rules:
            if rule.postal_codes:
                for prefix in rule.postal_codes:
                    postal.setdefault(rule.country, {}).setdefault(prefix, []).append((position, rule))
                    position += 1
                continue
            if rule.county:
                key: tuple[str, ...] = (rule.country, rule.state or "", "county", place_key(rule.county, county=True))
            elif rule.city:
                key = (rule.country, rule.state or "", "city", place_key(rule.city))
            elif rule.state:
                key = (rule.country, rule.state)
            else:
                key = (rule.country,)
            by_place.setdefault(key, []).append(rule)
        self._by_place.update({k: tuple(v) for k, v in by_place.items()})
        for country, prefixes in postal.items():
            lengths = tuple(sorted({len(prefix) for prefix in prefixes}))
            self._postal[country] = (lengths, {prefix: tuple(hits) for prefix, hits in prefixes.items()})
        object.__setattr__(self, "_distinct", len(set(self.rules)) == len(self.rules))

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def active_on(self, day: date | None = None) -> tuple[Rule, ...]:
        """Rules in force on ``day`` (default: today), in file order."""
        when = day or date.today()
        return tuple(rule for rule in self.rules if rule.active_on(when))

    def blocking_on(self, day: date | None = None) -> tuple[Rule, ...]:
        """Rules in force on ``day`` that stop shipping: the "where we do not ship" list."""
        return tuple(rule for rule in self.active_on(day) if rule.blocks)

    def at(self, *place: str) -> tuple[Rule, ...]:
        """Rules filed under an exact place key (``("US", "FL")``, ``("US", "FL", "county", "sarasota")``)."""
        return self._by_place.get(place, ())

    def for_postal_code(self, country: str, postal_code: str) -> tuple[Rule, ...]:
        """Rules whose ZIP code or prefix matches ``postal_code``, in file order.

        A rule comes back once for each of its prefixes that matches.
        """
        index = self._postal.get(country)
        if index is None:
            return ()
        lengths, by_prefix = index
        hits: list[tuple[int, Rule]] = []
        buckets = 0
        for length in lengths:
            if length > len(postal_code):
                break
            found = by_prefix.get(postal_code[:length])
            if found:
                hits.extend(found)
                buckets += 1
        if buckets > 1:  # each bucket is in file order already
            hits.sort(key=itemgetter(0))
        return tuple(rule for _pos, rule in hits)

    @property
    def distinct(self) -> bool:
        """True when no two rules are equal (always so for rules read from files, whose ids differ).

        Then the rules filed under different places are different rules, and
        only a postal code's rules can repeat one.
        """
        return self._distinct

    def counts(self) -> dict[str, int]:
        """How many rules of each level and effect ("country", "state", ..., "ban", "min_age", ...)."""
        counter: Counter[str] = Counter()
        for rule in self.rules:
            counter[rule.level] += 1
            counter[rule.effect] += 1
            if rule.uncertain:
                counter["uncertain"] += 1
        return dict(counter)

    def age_in_days(self, today: date | None = None) -> int:
        return ((today or date.today()) - self.as_of).days

    @classmethod
    def build(
        cls,
        rules: Iterable[Rule],
        as_of: date,
        version: str,
        files: Iterable[str] = (),
        disabled: Iterable[str] = (),
    ) -> Ruleset:
        return cls(tuple(rules), as_of, version, tuple(files), tuple(disabled))
