"""Rules files: the default dataset is complete and sourced; every broken file stops start-up clearly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storefront_plugin import ConfigurationError
from storefront_plugin.rules_loader import default_rules_text, load_ruleset, parse_rules
from tests.conftest import make_app

GOOD_RULE = """
[[rule]]
id = "x-test"
country = "DE"
effect = "ban"
sources = ["https://example.org/law"]
as_of = "2026-01"
confidence = "high"
note = "Test rule."
"""
HEADER = "[dataset]\nas_of = 2026-11-01\n"


def write(tmp_path: Path, text: str, name: str = "shop.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_rules_are_complete_and_sourced() -> None:
    rules = load_ruleset()
    assert rules.as_of == date(2026, 11, 22)
    for rule in rules:
        assert rule.sources and all(s.startswith(("https://", "http://")) for s in rule.sources), rule.id
        assert rule.as_of and rule.confidence in ("high", "medium", "low") and rule.note, rule.id
    countries = {r.country for r in rules if r.level == "country"}
    assert {"AU", "MM", "DK", "FI", "IL", "LT", "MY", "PL", "RO", "KR", "SE", "TH", "GB", "VN"} <= countries
    states = {r.state for r in rules if r.level == "state" and r.blocks}
    assert {"AL", "AR", "IN", "RI", "TN", "VT", "WI"} <= states
    local = {(r.state, r.county or r.city) for r in rules if r.level in ("county", "city")}
    assert {("FL", "Sarasota County"), ("MS", "Union County"), ("CO", "Denver"), ("CA", "San Diego")} <= local
    ages = {r.state: r.min_age for r in rules if r.effect == "min_age"}
    assert ages["FL"] == ages["TN"] == ages["CO"] == ages["GA"] == ages["MS"] == 21


# (what is wrong in the rule, text that must appear in the message)
BROKEN_RULES = [
    ('country = "XX"', "unknown country code 'XX'"),
    ('country = "UK"', "unknown country code 'UK'"),
    ('country = "US"\nstate = "ZZ"', "unknown US state code 'ZZ'"),
    ('country = "US"\nstate = "Florida"', "unknown US state code 'Florida'"),
    ('country = "DE"\nstate = "BY"', "only supported for country"),
    ('country = "US"\ncounty = "Union County"', "needs state"),
    ('country = "DE"\neffective_from = "2026-13-01"', "effective_from = '2026-13-01' is not a date"),
    ('country = "DE"\neffective_from = "soon"', "is not a date"),
    ('country = "DE"\neffective_from = 2026-05-01\neffective_until = 2026-04-01', "is before effective_from"),
    ('country = "DE"\neffect = "forbid"', "unknown effect 'forbid'"),
    ('country = "DE"\nmin_age = "21"', "min_age = '21' must be a whole number"),
    ('country = "DE"\ncolour = "red"', "unknown key(s) colour"),
    ('country = "DE"\nconfidence = "sure"', "confidence = 'sure'"),
    ('country = "DE"\nsources = []', "sources must list at least one URL"),
    ('country = "DE"\nsources = ["ftp://x"]', "not an http(s) URL"),
    ('country = "DE"\nas_of = "last year"', "as_of = 'last year' is not a date"),
    ('country = "DE"\nnote = ""', "note must be a non-empty string"),
    ('country = "US"\nstate = "FL"\ncity = "Miami"\npostal_codes = ["331"]', "only one of county, city and postal_codes"),
]


def _rule_with(change: str) -> str:
    lines = [line for line in GOOD_RULE.strip().splitlines()]
    keys = {line.split("=")[0].strip() for line in change.splitlines()}
    kept = [line for line in lines if line.split("=")[0].strip() not in keys]
    return "\n".join(kept + change.splitlines()) + "\n"


@pytest.mark.parametrize(("change", "expected"), BROKEN_RULES)
def test_broken_rule_names_file_line_id_and_problem(tmp_path: Path, change: str, expected: str) -> None:
    path = write(tmp_path, HEADER + "\n" + GOOD_RULE.replace('id = "x-test"', 'id = "x-ok"') + "\n" + _rule_with(change))
    with pytest.raises(ConfigurationError) as err:
        load_ruleset([path])
    message = str(err.value)
    assert str(path) in message
    assert "line 14" in message  # the second [[rule]] header
    assert "'x-test'" in message
    assert expected in message, message


def test_min_age_and_license_rules_need_their_value(tmp_path: Path) -> None:
    text = HEADER + _rule_with('effect = "min_age"') + _rule_with('id = "x-lic"\neffect = "license_required"')
    with pytest.raises(ConfigurationError) as err:
        load_ruleset([write(tmp_path, text)])
    assert "a min_age rule needs min_age = N" in str(err.value)
    assert "a license_required rule needs license" in str(err.value)


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"line 13, rule 'x-test': duplicate id \(already used at line 4\)"):
        load_ruleset([write(tmp_path, HEADER + GOOD_RULE + GOOD_RULE)])


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "[[rule]]\nid = \n")
    with pytest.raises(ConfigurationError, match=r"shop\.toml: not valid TOML: .*line 4"):
        load_ruleset([path])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD_RULE, r"\[dataset\] as_of = YYYY-MM-DD is required"),
        ("[dataset]\nas_of = 'sometime'\n", r"\[dataset\] as_of = 'sometime' is not a date"),
        ("[dataset]\nas_of = 2026-01-01\nowner = 'me'\n", "unknown key 'owner'"),
        ("[dataset]\nas_of = 2026-01-01\n[[rules]]\nid = 'x'\n", "unknown top-level key 'rules'"),
        ("[dataset]\nas_of = 2026-01-01\ndisable = ['no-such-rule']\n", "cannot disable 'no-such-rule'"),
        ("[dataset]\nas_of = 2026-01-01\n[[rule]]\nid = 'Bad Id'\n", "id = 'Bad Id' is missing or malformed"),
    ],
)
def test_broken_dataset_tables(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigurationError, match=expected):
        load_ruleset([write(tmp_path, text)])


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"nope\.toml: cannot read the rules file.*STOREFRONT_RULES_FILES"):
        load_ruleset([tmp_path / "nope.toml"])


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = HEADER + _rule_with('country = "XX"') + _rule_with('id = "x-two"\neffect = "nope"')
    with pytest.raises(ConfigurationError) as err:
        load_ruleset([write(tmp_path, text)])
    assert "2 problem(s)" in str(err.value)


def test_broken_file_stops_app_start_up(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + _rule_with('effect = "forbid"'))
    with pytest.raises(ConfigurationError, match="unknown effect 'forbid'"):
        make_app({"STOREFRONT_RULES_FILES": [str(path)]})


def test_unknown_disabled_rule_stops_start_up() -> None:
    with pytest.raises(ConfigurationError, match="cannot disable 'us-zz'.*STOREFRONT_DISABLED_RULES|STOREFRONT_DISABLED_RULES.*cannot disable 'us-zz'"):
        make_app({"STOREFRONT_DISABLED_RULES": ["us-zz"]})


def test_merchant_file_adds_overrides_and_disables(tmp_path: Path) -> None:
    override = GOOD_RULE.replace('id = "x-test"', 'id = "gb"').replace('country = "DE"', 'country = "GB"').replace(
        'effect = "ban"', 'effect = "min_age"\nmin_age = 18'
    )
    text = "[dataset]\nas_of = 2026-10-01\nversion = 'shop-3'\ndisable = ['us-co-denver']\n" + GOOD_RULE + override
    rules = load_ruleset([write(tmp_path, text)], disabled=["au"])
    assert rules.get("x-test") is not None
    assert rules.get("gb") is not None and rules.get("gb").effect == "min_age"  # type: ignore[union-attr]
    assert rules.get("us-co-denver") is None and rules.get("au") is None
    assert rules.disabled == ("au", "us-co-denver")
    assert rules.as_of == date(2026, 10, 1)  # the stalest file decides
    assert rules.version == "default@2026.11+shop@shop-3"


def test_a_ruleset_is_never_half_loaded(tmp_path: Path) -> None:
    good = write(tmp_path, HEADER + GOOD_RULE, "good.toml")
    bad = write(tmp_path, HEADER + _rule_with('id = "x-bad"\ncountry = "XX"'), "bad.toml")
    with pytest.raises(ConfigurationError):
        load_ruleset([good, bad])
    assert load_ruleset([good]).get("x-test") is not None


def test_parse_rules_on_its_own() -> None:
    rules, as_of, version, disable = parse_rules(default_rules_text(), "default.toml")
    assert len(rules) > 50 and as_of == date(2026, 11, 22) and version == "2026.11" and disable == ()
