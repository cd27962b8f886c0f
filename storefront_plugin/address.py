"""Turning a customer's address into the places rules are filed under.

Pure, free of Flask. An address is a mapping with the keys ``country``,
``region``, ``county``, ``city`` and ``postal_code`` (``line1``/``line2`` may be
present and are ignored). Anything we cannot resolve is reported as a
:class:`Problem`, never guessed: the shipping check turns problems into an
``"unverifiable"`` decision.

For US addresses the ZIP code is required; it gives the state when the
customer left it out, and the county and postal city from the ZIP dataset. A
postal city is not a municipal boundary (a ZIP may straddle a city line), so
the customer's typed county and city count as well: a rule matches when any
of these signals names its place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from . import zipindex
from .geography import US_STATES, normalize_country, normalize_us_state, place_key

__all__ = ["ADDRESS_KEYS", "Problem", "ResolvedAddress", "resolve_address"]

ADDRESS_KEYS = ("country", "region", "county", "city", "postal_code")


def _(text: str) -> str:
    """Marks a message for extraction; the caller translates it."""
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an address could not be resolved; ``message`` is an untranslated template."""

    code: str
    message: str
    variables: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ResolvedAddress:
    """The places an address lies in, as far as they could be resolved.

    ``country`` is None when unknown; ``state`` is the US state code. The
    ``*_keys`` are :func:`~storefront_plugin.geography.place_key` forms.
    """

    country: str | None
    state: str | None = None
    county_keys: frozenset[str] = frozenset()
    city_keys: frozenset[str] = frozenset()
    postal_code: str | None = None
    jurisdictions: tuple[str, ...] = ()


_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def _postal_key(text: str) -> str:
    """A non-US postal code as rules hold theirs: 'sw1a 1aa' -> 'SW1A1AA', '00-950' -> '00950'.

    NFKC first: a code typed in full-width letters or digits ('ＢＴ１') must meet
    the same prefix rules as its ASCII form, or a ban would let it through.
    """
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).upper())


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _wrong_type(values: tuple[object, ...]) -> list[Problem]:
    return [
        Problem("address.invalid_field", _("The address field %(field)s must be text."), (("field", key),))
        for key, value in zip(ADDRESS_KEYS, values)
        if value is not None and not isinstance(value, str)
    ]


_NO_KEYS: frozenset[str] = frozenset()
#: States already found in :data:`US_STATES` (a Mapping whose lookups cost more than a set's).
_KNOWN_STATES: set[str] = set()


def resolve_address(address: object, default_country: str | None = None) -> tuple[ResolvedAddress, tuple[Problem, ...]]:
    """Resolve ``address``; the problems list is empty only for a fully resolved address."""
    if type(address) is not dict and not isinstance(address, Mapping):
        return ResolvedAddress(None), (Problem("address.invalid", _("The address is missing or is not a set of fields.")),)
    # Each field read once, in ADDRESS_KEYS order.
    get = address.get
    values = (get("country"), get("region"), get("county"), get("city"), get("postal_code"))
    problems = _wrong_type(values)
    raw_country = _text(values[0])
    if not raw_country and default_country:
        raw_country = default_country
    if not raw_country:
        problems.append(Problem("address.missing_country", _("The address has no country.")))
        return ResolvedAddress(None), tuple(problems)
    country = normalize_country(raw_country)
    if country is None:
        problems.append(
            Problem("address.unknown_country", _("We do not recognise the country %(country)s."), (("country", raw_country[:60]),))
        )
        return ResolvedAddress(None), tuple(problems)
    if country != "US":
        postal = _postal_key(_text(values[4])) or None
        return ResolvedAddress(country, postal_code=postal, jurisdictions=(country,)), tuple(problems)
    return _resolve_us(values, problems)


def _resolve_us(values: tuple[object, ...], problems: list[Problem]) -> tuple[ResolvedAddress, tuple[Problem, ...]]:
    _country, region, county, city, postal_code = values
    raw_region = _text(region)
    typed_state = normalize_us_state(raw_region) if raw_region else None
    if raw_region and typed_state is None:
        problems.append(
            Problem("address.unknown_region", _("We do not recognise the US state %(region)s."), (("region", raw_region[:60]),))
        )
    raw_zip = _text(postal_code)
    record = None
    zip5 = None
    if not raw_zip:
        problems.append(Problem("address.missing_postal_code", _("A US address needs a ZIP code.")))
    else:
        zip5 = zipindex.parse_zip(raw_zip)
        if zip5 is None:
            problems.append(
                Problem("address.invalid_postal_code", _("%(postal_code)s is not a ZIP code."), (("postal_code", raw_zip[:20]),))
            )
        else:
            record = zipindex.lookup(zip5)
            if record is None:
                problems.append(
                    Problem("address.unknown_postal_code", _("The ZIP code %(postal_code)s does not exist."), (("postal_code", zip5),))
                )
    state = typed_state
    if record is not None:
        if typed_state is not None and typed_state != record.state:
            problems.append(
                Problem(
                    "address.region_mismatch",
                    _("The ZIP code %(postal_code)s belongs to %(zip_state)s, not %(region)s."),
                    (("postal_code", record.zip_code), ("zip_state", record.state), ("region", typed_state)),
                )
            )
        state = record.state
    counties = cities = _NO_KEYS
    jurisdictions = ["US"]
    if state is not None:
        jurisdictions.append(f"US-{state}")
        if record is not None and record.state == state:
            # The dataset's keys are never empty strings, so they need no filtering.
            if record.county_key:
                counties = frozenset((record.county_key,))
                jurisdictions.append(f"US-{state}/{record.county}")
            cities = record.city_keys
            if record.city:
                jurisdictions.append(f"US-{state}/{record.city}")
        typed_county = _text(county)
        if typed_county:
            key = place_key(typed_county, county=True)
            if key:
                counties = counties | {key}
        typed_city = _text(city)
        if typed_city:
            key = place_key(typed_city)
            if key:
                cities = cities | {key}
    if typed_state is None and record is None and not raw_region:
        problems.append(Problem("address.missing_region", _("A US address needs a state or a valid ZIP code.")))
    if state is not None and state not in _KNOWN_STATES:
        if state in US_STATES:
            _KNOWN_STATES.add(state)
        else:  # pragma: no cover - the dataset and ISO list agree
            problems.append(Problem("address.unknown_region", _("We do not recognise the US state %(region)s."), (("region", state),)))
    resolved = ResolvedAddress("US", state, counties, cities, zip5, tuple(jurisdictions))
    return resolved, tuple(problems)
