"""May this order ship to this address on this day? The fail-closed check.

Pure, free of Flask: :class:`ShippingChecker` holds a :class:`~.rules.Ruleset`
and the merchant's choices (licences held, how uncertain rules decide) and
answers with a :class:`~.decision.Decision`. The Flask side
(:mod:`storefront_plugin.shipping_app`) builds one per app and passes our
gettext as ``translate``.

Outcomes, worst wins: any matching ``ban`` or ``product_restriction``, or a
``license_required`` rule whose licence the merchant lacks, is ``"blocked"``;
an address we cannot resolve, or an uncertain rule under the ``"review"``
policy, is ``"unverifiable"``; only a resolved address with nothing blocking
is ``"allowed"``. ``min_age`` rules never block; they set ``required_age``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

from .address import Problem, ResolvedAddress, resolve_address
from .clock import today
from .decision import ALLOWED, BLOCKED, UNVERIFIABLE, Decision, Reason, Status, worst
from .rules import Rule, Ruleset

__all__ = ["UNCERTAIN_POLICIES", "ShippingChecker", "Translate", "UncertainPolicy", "english"]

UncertainPolicy = Literal["block", "review", "ignore"]
#: ``block``: uncertain rules apply like any other (the default, fail closed);
#: ``review``: they make the decision "unverifiable" (a person checks);
#: ``ignore``: they are skipped (the merchant takes the risk).
UNCERTAIN_POLICIES: tuple[UncertainPolicy, ...] = ("block", "review", "ignore")

#: ``translate(template, **variables)``: our gettext inside Flask, :func:`english` outside.
Translate = Callable[..., str]

_CACHE_LIMIT = 8192


def _(text: str) -> str:
    """Marks a message for extraction; :class:`ShippingChecker` translates it."""
    return text


def english(template: str, **variables: Any) -> str:
    """The untranslated message with its variables filled in."""
    return template % variables if variables else template


_MESSAGES: dict[str, str] = {
    "ban": _("We cannot ship these products to %(place)s: the law there prohibits them."),
    "product_restriction": _("Some products in this order may not be shipped to %(place)s."),
    "license_required": _("Shipping to %(place)s requires a licence this shop does not hold."),
    "review": _("The law in %(place)s is uncertain, so this order needs a manual review before it ships."),
}
_CODES = {
    "ban": "shipping.banned",
    "product_restriction": "shipping.product_restricted",
    "license_required": "shipping.license_required",
    "review": "shipping.needs_review",
}

#: (category, attributes) per item; category None marks an item we cannot read,
#: which every rule covers (fail closed). None for the whole key: no cart given.
ItemsKey = tuple[tuple[str | None, frozenset[str]], ...] | None


def _items_key(items: object) -> ItemsKey:
    """(category, attributes) per item; an unreadable item gets the unknown category."""
    if items is None:
        return None
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        return ((None, frozenset()),)
    out: list[tuple[str | None, frozenset[str]]] = []
    for item in items:
        if not isinstance(item, Mapping):
            out.append((None, frozenset()))
            continue
        category = item.get("category")
        attributes = item.get("attributes") or ()
        if not isinstance(category, str) or not category.strip():
            out.append((None, frozenset()))
            continue
        if isinstance(attributes, str) or not isinstance(attributes, Iterable):
            attributes = ()
        attrs = frozenset(a.strip().lower() for a in attributes if isinstance(a, str))
        out.append((category.strip().lower(), attrs))
    return tuple(out)


#: Attribute collections a cache key may read without using them up.
_REREADABLE = frozenset({list, tuple, set, frozenset})


def _raw_items_key(items: object) -> object:
    """A cheap cache key for plain carts (a list of dicts); TypeError for anything else.

    Equal keys always give equal :func:`_items_key` results, so a cached
    decision is never reused for a different cart.
    """
    if items is None:
        return None
    if type(items) is not list and type(items) is not tuple:
        raise TypeError("not a plain cart")
    out = []
    for item in items:
        if type(item) is not dict:
            raise TypeError("not a plain item")
        attributes = item.get("attributes")
        if attributes is not None and type(attributes) is not str:
            if type(attributes) not in _REREADABLE:
                # An iterator would be used up here, and the decision made without its attributes.
                raise TypeError("attributes that may not be read twice")
            attributes = tuple(attributes)
        out.append((item.get("category"), attributes))
    return tuple(out)


#: _items_key per _raw_items_key: a shop sells the same few carts to many new addresses.
_carts: dict[object, ItemsKey] = {}


def _known_cart(raw: object, items: object) -> ItemsKey:
    """``_items_key(items)`` given the cart's hashable raw key, remembered (equal raw keys, equal item keys)."""
    try:
        return _carts[raw]
    except KeyError:
        found = _items_key(items)
        if len(_carts) >= _CACHE_LIMIT:
            _carts.clear()
        _carts[raw] = found
        return found


def _cart_key(items: object) -> ItemsKey:
    """``_items_key(items)``, remembered for plain carts."""
    try:
        raw = _raw_items_key(items)
        hash(raw)
    except TypeError:
        return _items_key(items)
    return _known_cart(raw, items)


def _covered(rule: Rule, items: ItemsKey) -> bool:
    if items is None:
        return True  # no cart given: the whole order counts as restricted
    for category, attrs in items:
        if category is None or rule.covers(category, attrs):
            return True
    return False


class ShippingChecker:
    """Checks destinations against one ruleset; safe to share between threads.

    Decisions are memoised per (address fields, cart categories, day,
    language): a shop asks about the same few thousand destinations over and
    over, and a hit costs a dict lookup.
    """

    def __init__(
        self,
        ruleset: Ruleset,
        *,
        licenses: Iterable[str] = (),
        uncertain: UncertainPolicy = "block",
        default_country: str | None = None,
        translate: Translate = english,
        language: Callable[[], str] = lambda: "",
        place_name: Callable[[Rule], str] = lambda rule: rule.display_name,
    ) -> None:
        self.ruleset = ruleset
        self.licenses = frozenset(licenses)
        self.uncertain: UncertainPolicy = uncertain
        self.default_country = default_country
        self.translate = translate
        self.language = language
        #: The place a rule covers, for messages (the Flask side gives it in the visitor's language).
        self.place_name = place_name
        self._cache: dict[object, Decision] = {}
        #: The rule and its Reason per (rule id, kind, language): naming the place and
        #: translating cost more than the rest of a decision, and Reasons are frozen.
        self._reasons: dict[tuple[str, str, str], tuple[Rule, Reason]] = {}

    def check(self, address: object, items: Sequence[Mapping[str, Any]] | None = None, on: date | None = None) -> Decision:
        """The decision for shipping ``items`` (None: a restricted order) to ``address`` on ``on`` (today)."""
        # A datetime is a date too, but cannot be compared with one: keep its day.
        day = on.date() if isinstance(on, datetime) else on if isinstance(on, date) else today()
        key: object = None
        if type(address) is dict:
            try:
                cart = _raw_items_key(items)
                key = (
                    address.get("country"),
                    address.get("region"),
                    address.get("county"),
                    address.get("city"),
                    address.get("postal_code"),
                    cart,
                    day,
                    self.language(),
                )
                cached = self._cache.get(key)
            except TypeError:  # an unhashable value or an unusual cart: decide without the cache
                key, cached = None, None
            if cached is not None:
                return cached
        # When the key hashed, so did the cart's raw key.
        decision = self._decide(address, _items_key(items) if key is None else _known_cart(cart, items), day)
        if key is not None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = decision
        return decision

    def matching_rules(self, place: ResolvedAddress, day: date) -> list[Rule]:
        """Rules in force on ``day`` at any of the places ``place`` lies in."""
        if place.country is None:
            return []
        ruleset = self.ruleset
        country, state = place.country, place.state
        found: list[Rule] = list(ruleset.at(country))
        if state:
            found += ruleset.at(country, state)
            for county in place.county_keys:
                found += ruleset.at(country, state, "county", county)
            for city in place.city_keys:
                found += ruleset.at(country, state, "city", city)
        postal = ruleset.for_postal_code(country, place.postal_code) if place.postal_code else ()
        if postal or not ruleset.distinct:
            # Only then can a rule repeat (each rule is filed under one place); hashing a Rule is not cheap.
            found = list(dict.fromkeys([*found, *postal]))
        return [rule for rule in found if rule.active_on(day)]

    def _decide(self, address: object, items: ItemsKey, day: date) -> Decision:
        place, problems = resolve_address(address, self.default_country)
        reasons = [self._problem_reason(p) for p in problems]
        status: Status = UNVERIFIABLE if problems else ALLOWED
        required_age: int | None = None
        applied: list[str] = []
        for rule in self.matching_rules(place, day):
            if not _covered(rule, items):
                continue
            if rule.uncertain and self.uncertain == "ignore":
                continue
            applied.append(rule.id)
            if rule.min_age is not None:
                required_age = max(required_age or 0, rule.min_age)
            if not rule.blocks or (rule.effect == "license_required" and rule.license in self.licenses):
                continue
            if rule.uncertain and self.uncertain == "review":
                status = worst(status, UNVERIFIABLE)
                reasons.append(self._rule_reason(rule, "review"))
            else:
                status = worst(status, BLOCKED)
                reasons.append(self._rule_reason(rule, rule.effect))
        return Decision(
            status=status,
            reasons=tuple(reasons),
            required_age=required_age,
            jurisdictions=place.jurisdictions,
            rules_version=self.ruleset.version,
            extra={"rules": tuple(applied)},
        )

    def _problem_reason(self, problem: Problem) -> Reason:
        return Reason(code=problem.code, message=self.translate(problem.message, **dict(problem.variables)))

    def _rule_reason(self, rule: Rule, kind: str) -> Reason:
        key = (rule.id, kind, self.language())
        known = self._reasons.get(key)
        if known is not None and known[0] is rule:
            return known[1]
        reason = Reason(
            code=_CODES[kind],
            message=self.translate(_MESSAGES[kind], place=self.place_name(rule)),
            jurisdiction=rule.jurisdiction_label,
            rule_id=rule.id,
            source=rule.source,
            as_of=rule.as_of,
            confidence=rule.confidence,
        )
        if len(self._reasons) >= _CACHE_LIMIT:
            self._reasons.clear()
        self._reasons[key] = (rule, reason)
        return reason
