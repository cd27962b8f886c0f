"""Rules filed under ZIP codes and prefixes: the prefix index, file order, dates, repeated rules."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from storefront_plugin.address import resolve_address
from storefront_plugin.rules import Rule, Ruleset
from storefront_plugin.rules_loader import load_ruleset
from storefront_plugin.shipping import ShippingChecker

AS_OF = date(2026, 1, 1)
KRATOM = [{"sku": "k", "category": "kratom"}]


def rule(rule_id: str, *codes: str, country: str = "US", **extra: Any) -> Rule:
    fields: dict[str, Any] = {"effect": "ban", "sources": ("https://example.org/law",), "as_of": "2026-01", "confidence": "high", "note": "test"}
    return Rule(id=rule_id, country=country, postal_codes=codes, **{**fields, **extra})


def ids(rules: tuple[Rule, ...] | list[Rule]) -> list[str]:
    return [r.id for r in rules]


def scan(rules: list[Rule], country: str, code: str) -> tuple[Rule, ...]:
    """What ``for_postal_code`` means: every (rule, prefix) in file order whose prefix starts the code."""
    return tuple(r for r in rules if r.country == country for prefix in r.postal_codes if code.startswith(prefix))


def test_prefixes_of_different_lengths_all_match_in_file_order() -> None:
    rules = [rule("zip", "38652"), rule("three", "386"), rule("other", "387"), rule("two", "38")]
    ruleset = Ruleset.build(rules, AS_OF, "t")
    assert ids(ruleset.for_postal_code("US", "38652")) == ["zip", "three", "two"]
    assert ids(ruleset.for_postal_code("US", "38601")) == ["three", "two"]
    assert ids(ruleset.for_postal_code("US", "38701")) == ["other", "two"]
    assert ids(ruleset.for_postal_code("US", "39000")) == []


def test_a_longer_prefix_filed_first_still_answers_first() -> None:
    ruleset = Ruleset.build([rule("short", "3"), rule("long", "3865"), rule("mid", "38")], AS_OF, "t")
    assert ids(ruleset.for_postal_code("US", "38650")) == ["short", "long", "mid"]
    ruleset = Ruleset.build([rule("long", "3865"), rule("short", "3")], AS_OF, "t")
    assert ids(ruleset.for_postal_code("US", "38650")) == ["long", "short"]


def test_a_code_shorter_than_a_prefix_matches_only_shorter_prefixes() -> None:
    ruleset = Ruleset.build([rule("five", "38652"), rule("two", "38")], AS_OF, "t")
    assert ids(ruleset.for_postal_code("US", "386")) == ["two"]
    assert ids(ruleset.for_postal_code("US", "38")) == ["two"]
    assert ids(ruleset.for_postal_code("US", "3")) == []
    assert ids(ruleset.for_postal_code("US", "")) == []


def test_overlapping_prefixes_of_one_rule_repeat_it_but_the_decision_names_it_once() -> None:
    ruleset = Ruleset.build([rule("overlap", "386", "3865", "38652")], AS_OF, "t")
    assert ids(ruleset.for_postal_code("US", "38652")) == ["overlap"] * 3
    decision = ShippingChecker(ruleset).check({"country": "US", "postal_code": "38652"}, KRATOM, on=AS_OF)
    assert decision.status == "blocked" and [r.rule_id for r in decision.reasons] == ["overlap"]
    assert decision.extra["rules"] == ("overlap",)


def test_postal_rules_are_kept_per_country() -> None:
    ruleset = Ruleset.build([rule("us", "SW1"), rule("gb", "SW1", country="GB")], AS_OF, "t")
    assert ids(ruleset.for_postal_code("GB", "SW1A1AA")) == ["gb"]
    assert ids(ruleset.for_postal_code("DE", "SW1A1AA")) == []
    decision = ShippingChecker(ruleset).check({"country": "GB", "postal_code": "sw1a 1aa"}, KRATOM, on=AS_OF)
    assert [r.rule_id for r in decision.reasons] == ["gb"]


@pytest.mark.parametrize("seed", range(5))
def test_the_index_answers_like_a_scan_of_every_rule(seed: int) -> None:
    rng = random.Random(seed)
    digits = "0123456789"
    rules = [
        rule(f"r{n}", *("".join(rng.choices(digits[:3], k=rng.randint(0, 5))) for _ in range(rng.randint(1, 3))), country=rng.choice(["US", "GB"]))
        for n in range(40)
    ]
    ruleset = Ruleset.build(rules, AS_OF, "t")
    for _ in range(500):
        code = "".join(rng.choices(digits[:3], k=rng.randint(0, 6)))
        country = rng.choice(["US", "GB", "FR"])
        assert ruleset.for_postal_code(country, code) == scan(rules, country, code), (country, code)


def test_a_postal_rule_applies_only_on_its_days() -> None:
    window = rule("window", "386", effective_from=date(2026, 3, 1), effective_until=date(2026, 3, 31))
    always = rule("age", "38", effect="min_age", min_age=21)
    checker = ShippingChecker(Ruleset.build([window, always], AS_OF, "t"))
    address = {"country": "US", "postal_code": "38652"}
    for day, status, applied in (
        (date(2026, 2, 28), "allowed", ("age",)),
        (date(2026, 3, 1), "blocked", ("window", "age")),
        (date(2026, 3, 31), "blocked", ("window", "age")),
        (date(2026, 4, 1), "allowed", ("age",)),
    ):
        decision = checker.check(address, KRATOM, on=day)
        assert (decision.status, decision.extra["rules"], decision.required_age) == (status, applied, 21), day
    place, _problems = resolve_address(address)
    assert ids(checker.matching_rules(place, date(2026, 3, 5))) == ["window", "age"]


def test_equal_rules_count_once() -> None:
    """Rules read from files have distinct ids; a ruleset built in code may hold one rule twice."""
    assert load_ruleset().distinct
    twice = Rule(id="or", country="US", state="OR", effect="ban", sources=("https://example.org",), as_of="2026", confidence="high", note="n")
    ruleset = Ruleset.build([twice, Rule(**{**twice.__dict__})], AS_OF, "t")
    assert not ruleset.distinct and len(ruleset.at("US", "OR")) == 2
    decision = ShippingChecker(ruleset).check({"country": "US", "postal_code": "97205"}, KRATOM, on=AS_OF)
    assert [r.rule_id for r in decision.reasons] == ["or"] and decision.extra["rules"] == ("or",)


@pytest.mark.parametrize("typed", ["BT1 1AA", "bt11aa", "ＢＴ１ １ＡＡ", "ｂｔ１１ａａ", "BT1-1AA"])
def test_a_non_us_postal_ban_holds_however_the_code_is_typed(typed: str) -> None:
    checker = ShippingChecker(Ruleset.build([rule("ni", "BT", country="GB")], AS_OF, "t"))
    decision = checker.check({"country": "GB", "postal_code": typed}, KRATOM, on=date(2026, 6, 1))
    assert decision.status == "blocked", typed


@pytest.mark.parametrize(("typed", "key"), [("00-950", "00950"), ("00\u2010950", "00950"), ("１０１１５", "10115"), ("M5V 2T6", "M5V2T6")])
def test_non_us_postal_codes_are_read_as_ascii_without_separators(typed: str, key: str) -> None:
    place, problems = resolve_address({"country": "PL", "postal_code": typed})
    assert place.postal_code == key and not problems
