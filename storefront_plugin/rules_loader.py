"""Reading, validating and merging rules files (TOML).

Pure, free of Flask. A file looks like::

    [dataset]
    as_of = 2026-11-22          # date of the newest check of the data
    version = "2026.11"         # optional label, echoed as rules_version
    disable = ["us-co-denver"]  # optional: switch off rules of earlier files

    [[rule]]
    id = "us-fl-sarasota-county"
    country = "US"              # ISO 3166-1 alpha-2
    state = "FL"                # optional, US state code
    county = "Sarasota County"  # optional (or city = "...", or postal_codes = ["386"])
    effect = "ban"              # ban | min_age | license_required | product_restriction
    effective_from = 2014-02-12 # optional; effective_until too (inclusive)
    sources = ["https://..."]
    as_of = "2014-02-12"        # YYYY, YYYY-MM or YYYY-MM-DD
    confidence = "high"         # high | medium | low
    note = "County ordinance bans sale and possession."

Files are merged in order: a rule whose ``id`` an earlier file already used
replaces it; a duplicate ``id`` inside one file is an error. Every problem of
every file is collected and reported together in one
:class:`~storefront_plugin.errors.ConfigurationError` naming the file, the
line and the rule id, so a ruleset is either loaded whole or not at all.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import ConfigurationError
from .geography import US_STATES, is_country_code, normalize_us_state
from .rules import CONFIDENCES, EFFECTS, Rule, Ruleset

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["DEFAULT_RULES", "default_rules_text", "load_ruleset", "parse_rules"]

#: Name of the rules file shipped in the package (``storefront_plugin/data/rules/``).
DEFAULT_RULES = "default.toml"

_RULE_KEYS = {
    "id", "name", "country", "state", "county", "city", "postal_codes", "effect", "min_age", "license",
    "categories", "attributes", "effective_from", "effective_until", "sources", "as_of", "confidence",
    "note", "conflict",
}  # fmt: skip
_DATASET_KEYS = {"as_of", "version", "disable", "note"}
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_POSTAL = re.compile(r"^[A-Z0-9]{1,10}$")
_TOKEN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_RULE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", re.MULTILINE)


def default_rules_text() -> str:
    """The TOML text of the rules file shipped with the package."""
    # data/ lies inside the package folder, so this works installed and editable alike.
    return files("storefront_plugin").joinpath("data").joinpath("rules").joinpath(DEFAULT_RULES).read_text(encoding="utf-8")


class _Problems:
    """Collects every problem of a load, each prefixed with where it is."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, text: str) -> None:
        self.items.append(f"{where}: {text}")


def _date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{what} = {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-04-01")


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list):
        raise ValueError(f"{what} must be a list of strings, e.g. [\"a\", \"b\"]")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{what} must hold non-empty strings; {item!r} is not one")
    return tuple(item.strip() for item in value)


def _text(value: Any, what: str, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return value.strip()


def _rule(raw: Mapping[str, Any], origin: str) -> Rule:
    """Build one rule, raising ValueError with the first thing wrong with it."""
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}; allowed keys are {', '.join(sorted(_RULE_KEYS))}")
    rule_id = raw["id"]
    country = _text(raw.get("country"), "country", required=True)
    if not is_country_code(country):
        raise ValueError(f"unknown country code {country!r}; use an ISO 3166-1 alpha-2 code such as \"GB\" or \"US\"")
    state = None
    if raw.get("state") is not None:
        typed = _text(raw.get("state"), "state")
        state = normalize_us_state(typed)
        if country != "US":
            raise ValueError("state, county and city are only supported for country = \"US\"")
        if state is None or state not in US_STATES or len(typed.removeprefix("US-")) != 2:
            raise ValueError(f"unknown US state code {typed!r}; use a two-letter code such as \"FL\"")
    county = _text(raw.get("county"), "county") or None
    city = _text(raw.get("city"), "city") or None
    postal = tuple(p.upper().replace(" ", "") for p in _strings(raw["postal_codes"], "postal_codes")) if "postal_codes" in raw else ()
    for code in postal:
        if not _POSTAL.match(code):
            raise ValueError(f"postal code {code!r} must be letters and digits (a ZIP code or its first digits)")
    if (county or city) and state is None:
        raise ValueError("a county or city rule needs state = \"XX\" as well (county names repeat across states)")
    if sum(bool(x) for x in (county, city, postal)) > 1:
        raise ValueError("give only one of county, city and postal_codes per rule")
    effect = raw.get("effect")
    if effect not in EFFECTS:
        raise ValueError(f"unknown effect {effect!r}; use one of {', '.join(EFFECTS)}")
    min_age = raw.get("min_age")
    if min_age is not None and (isinstance(min_age, bool) or not isinstance(min_age, int) or not 1 <= min_age <= 120):
        raise ValueError(f"min_age = {min_age!r} must be a whole number of years between 1 and 120")
    if effect == "min_age" and min_age is None:
        raise ValueError("a min_age rule needs min_age = N")
    license_id = _text(raw.get("license"), "license") or None
    if effect == "license_required" and license_id is None:
        raise ValueError("a license_required rule needs license = \"...\" (the name merchants list in STOREFRONT_LICENSES)")
    categories = tuple(c.lower() for c in _strings(raw["categories"], "categories")) if "categories" in raw else ("kratom",)
    attributes = tuple(a.lower() for a in _strings(raw["attributes"], "attributes")) if "attributes" in raw else ()
    for token in categories + attributes:
        if not _TOKEN.match(token):
            raise ValueError(f"category or attribute {token!r} must be lower-case letters, digits, '-' or '_'")
    if not categories:
        raise ValueError("categories must list at least one product category")
    if effect == "product_restriction" and not attributes and categories == ("kratom",):
        raise ValueError("a product_restriction rule needs attributes = [...] or its own categories = [...]")
    start = _date(raw["effective_from"], "effective_from") if "effective_from" in raw else None
    end = _date(raw["effective_until"], "effective_until") if "effective_until" in raw else None
    if start and end and end < start:
        raise ValueError(f"effective_until {end} is before effective_from {start}")
    sources = _strings(raw.get("sources"), "sources")
    if not sources:
        raise ValueError("sources must list at least one URL")
    for url in sources:
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"source {url!r} is not an http(s) URL")
    as_of = raw.get("as_of")
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else as_of
    if not isinstance(as_of_text, str) or not _AS_OF.match(as_of_text):
        raise ValueError(f"as_of = {as_of!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCES:
        raise ValueError(f"confidence = {confidence!r}; use one of {', '.join(CONFIDENCES)}")
    return Rule(
        id=rule_id,
        name=_text(raw.get("name"), "name"),
        country=country,
        state=state,
        county=county,
        city=city,
        postal_codes=postal,
        effect=effect,
        min_age=min_age,
        license=license_id,
        categories=categories,
        attributes=attributes,
        effective_from=start,
        effective_until=end,
        sources=sources,
        as_of=as_of_text,
        confidence=confidence,
        note=_text(raw.get("note"), "note", required=True),
        conflict=_text(raw.get("conflict"), "conflict"),
        origin=origin,
    )


def parse_rules(text: str, origin: str, problems: _Problems | None = None) -> tuple[list[Rule], date | None, str, tuple[str, ...]]:
    """Parse one file's text: (rules, dataset as_of, dataset version, ids it disables).

    Problems go to ``problems`` when given; otherwise the first batch raises.
    """
    own = problems is None
    sink = problems if problems is not None else _Problems()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        sink.add(origin, f"not valid TOML: {exc}")
        if own:
            _raise(sink)
        return [], None, "", ()
    lines = [text.count("\n", 0, m.start()) + 1 for m in _RULE_HEADER.finditer(text)]
    dataset = data.get("dataset", {})
    as_of = None
    version = ""
    disable: tuple[str, ...] = ()
    if not isinstance(dataset, dict):
        sink.add(origin, "[dataset] must be a table")
        dataset = {}
    for key in sorted(set(dataset) - _DATASET_KEYS):
        sink.add(f"{origin} [dataset]", f"unknown key {key!r}; allowed keys are {', '.join(sorted(_DATASET_KEYS))}")
    try:
        as_of = _date(dataset["as_of"], "[dataset] as_of") if "as_of" in dataset else None
        version = _text(dataset.get("version"), "[dataset] version")
        disable = _strings(dataset["disable"], "[dataset] disable") if "disable" in dataset else ()
    except ValueError as exc:
        sink.add(origin, str(exc))
    for key in sorted(set(data) - {"dataset", "rule"}):
        sink.add(origin, f"unknown top-level key {key!r}; a rules file has [dataset] and [[rule]] tables")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        sink.add(origin, "rule must be an array of tables written as [[rule]]")
        raw_rules = []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(raw_rules):
        line = f"line {lines[index]}" if index < len(lines) else f"rule #{index + 1}"
        where = f"{origin}, {line}"
        if not isinstance(raw, dict):
            sink.add(where, "each [[rule]] must be a table")
            continue
        rule_id = raw.get("id")
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            sink.add(where, f"id = {rule_id!r} is missing or malformed; use lower-case letters, digits, '-', '.' or '_'")
            continue
        where = f"{where}, rule {rule_id!r}"
        if rule_id in seen:
            sink.add(where, f"duplicate id (already used at {seen[rule_id]}); give each rule its own id")
            continue
        seen[rule_id] = line
        try:
            rules.append(_rule(raw, origin))
        except (ValueError, TypeError, KeyError) as exc:
            sink.add(where, str(exc).strip("'\""))
    if own and sink.items:
        _raise(sink)
    return rules, as_of, version, disable


def _raise(problems: _Problems) -> None:
    listed = "\n  - ".join(problems.items)
    raise ConfigurationError(
        f"The shipping rules could not be loaded ({len(problems.items)} problem(s)); fix these and restart:\n  - {listed}"
    )


def load_ruleset(
    paths: Sequence[str | Path] = (), disabled: Iterable[str] = (), include_default: bool = True
) -> Ruleset:
    """The default rules, then each file of ``paths`` merged over them, minus ``disabled`` ids.

    Raises :class:`ConfigurationError` listing every problem found, so nothing
    is half-loaded.
    """
    problems = _Problems()
    sources: list[tuple[str, str]] = []
    if include_default:
        sources.append((f"storefront_plugin/data/rules/{DEFAULT_RULES}", default_rules_text()))
    for path in paths:
        try:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            problems.add(str(path), f"cannot read the rules file ({exc}); check STOREFRONT_RULES_FILES")
    merged: dict[str, Rule] = {}
    dates: list[date] = []
    versions: list[str] = []
    switched_off: list[tuple[str, str]] = [(rule_id, "STOREFRONT_DISABLED_RULES") for rule_id in disabled]
    for origin, text in sources:
        rules, as_of, version, disable = parse_rules(text, origin, problems)
        if as_of is None:
            problems.add(origin, "[dataset] as_of = YYYY-MM-DD is required (the date the data was last checked)")
        else:
            dates.append(as_of)
        versions.append(f"{Path(origin).stem}@{version or as_of}")
        for rule in rules:
            merged.pop(rule.id, None)  # an override moves to the later file's position
            merged[rule.id] = rule
        switched_off.extend((rule_id, origin) for rule_id in disable)
    gone: set[str] = set()
    for rule_id, where in switched_off:
        if rule_id in merged:
            del merged[rule_id]
            gone.add(rule_id)
        elif rule_id not in gone:
            problems.add(where, f"cannot disable {rule_id!r}: no rule has that id (check the spelling)")
    if problems.items:
        _raise(problems)
    return Ruleset.build(
        rules=merged.values(),
        as_of=min(dates),
        version="+".join(versions),
        files=[origin for origin, _ in sources],
        disabled=sorted(gone),
    )
