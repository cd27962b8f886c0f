"""Country and subdivision names in the customer's language, from maintained data.

Pure functions, free of Flask. Countries come from CLDR through Babel
(``Locale.territories``). Subdivisions (US states and the like) come from
the ISO 3166-2 list of Debian's iso-codes project, as packaged by pycountry
together with its gettext translations: the English names and types of the US
ones from the table the package ships (:mod:`storefront_plugin.subdivisions`,
written from pycountry and checked against it by a test), those of other
countries from pycountry's own list (loaded on the first such code), and the
translations from pycountry's ``iso3166-2`` catalogs.

pycountry translates only the US states whose name differs in a language; for
the rest the ISO (English) name is also the usual name in Spanish, French and
German ("Texas", "North Dakota" in German). US outlying areas (Puerto Rico,
Guam...) are ISO 3166-1 territories too, so CLDR names them, with better
coverage than ISO 3166-2. :data:`CORRECTIONS` fixes the few translations of
the dataset that are wrong; keep it tiny and report each entry upstream.

Codes: ``"US"`` (ISO 3166-1 alpha-2), ``"US-FL"`` (ISO 3166-2), and the
jurisdiction form ``"US-FL/Sarasota County"`` used in decisions, whose local
part is a proper name and stays as written.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError

from . import subdivisions

__all__ = ["CORRECTIONS", "country_name", "jurisdiction_name", "subdivision_name"]

#: Wrong translations in pycountry's iso3166-2 catalogs: (language, code) -> name.
CORRECTIONS: dict[tuple[str, str], str] = {
    # "Georgien" is the country in the Caucasus; German calls the US state "Georgia".
    ("de", "US-GA"): "Georgia",
    # The dataset has a half-Italian "Virginia occidentale".
    ("fr", "US-WV"): "Virginie-Occidentale",
}


def _locale(locale: Locale | str | None) -> Locale | None:
    if locale is None:
        return None
    if isinstance(locale, Locale):
        return locale
    try:
        return Locale.parse(str(locale).replace("-", "_"))
    except (ValueError, UnknownLocaleError, TypeError):
        return None


@lru_cache(maxsize=64)
def _iso3166_2(language: str, territory: str | None) -> gettext.NullTranslations:
    # Same data for every app, so a process-wide cache is safe.
    wanted = [f"{language}_{territory}", language] if territory else [language]
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=wanted, fallback=True)


def country_name(code: str, locale: Locale | str | None) -> str:
    """The name of country ``code`` ('US', 'de') -> 'Vereinigte Staaten'.

    An unknown code comes back unchanged, so a page never loses the fact.
    """
    key = (code or "").strip().upper()
    # CLDR also names regions ('001' World) and 'ZZ' Unknown Region; only countries belong here.
    if len(key) != 2 or not key.isalpha() or key == "ZZ":
        return code
    loc = _locale(locale) or Locale("en")
    name = loc.territories.get(key)
    if name is None and loc.language != "en":
        name = Locale("en").territories.get(key)
    return name if name is not None else code


def subdivision_name(code: str, locale: Locale | str | None) -> str:
    """The name of subdivision ``code`` ('US-CA', 'fr') -> 'Californie'.

    An unknown code comes back unchanged.
    """
    key = (code or "").strip().upper()
    subdivision = subdivisions.lookup(key) if "-" in key else None
    if subdivision is None:
        return code
    loc = _locale(locale)
    english: str = subdivision.name
    if loc is None or loc.language == "en":
        return english
    fixed = CORRECTIONS.get((loc.language, key))
    if fixed is not None:
        return fixed
    territory = key.split("-", 1)[1]
    if subdivision.type == "Outlying area" and territory in loc.territories:
        return str(loc.territories[territory])
    return _iso3166_2(loc.language, loc.territory).gettext(english)


def jurisdiction_name(code: str, locale: Locale | str | None) -> str:
    """A jurisdiction code of any level in words.

    'US' -> country, 'US-FL' -> state, 'US-FL/Sarasota County' ->
    'Sarasota County, Florida' (the local name is kept as written).
    """
    text = (code or "").strip()
    region, _, local = text.partition("/")
    region_name = subdivision_name(region, locale) if "-" in region else country_name(region, locale)
    if local:
        return f"{local.strip()}, {region_name}"
    return region_name
