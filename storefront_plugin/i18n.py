"""Our own gettext domain and locale choice, with or without the shop's Flask-Babel.

Our strings live in the ``storefront`` domain under ``translations/``, loaded
through a Flask-Babel :class:`~flask_babel.Domain`, so the shop's ``messages``
catalogs are never read or changed. The locale follows the shop's Flask-Babel
selector when it has one; otherwise we choose it ourselves from ``?lang=``,
then our cookie, then ``Accept-Language``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal as _babel_format_decimal
from babel.support import NullTranslations, Translations
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import Domain
from flask_babel import get_locale as _shop_locale
from flask_babel.speaklater import LazyString
from markupsafe import Markup

from .jurisdictions import country_name, jurisdiction_name, subdivision_name
from .resources import translations_dir
from .settings import DEFAULT_LOCALE, LOCALES

DOMAIN = "storefront"

#: Cookie that remembers a visitor's explicit language choice.
LOCALE_COOKIE = "storefront_lang"
_LOCALE_COOKIE_AGE = 365 * 24 * 3600


class StorefrontDomain(Domain):  # type: ignore[misc]
    """The ``storefront`` gettext domain, translated into the locale we pick."""

    def __init__(self) -> None:
        super().__init__(translation_directories=[str(translations_dir())], domain=DOMAIN)

    def translations_for(self, locale: Locale | str) -> Translations | NullTranslations:
        key = (str(locale), DOMAIN)
        cached = self.cache.get(key)
        if cached is None:
            cached = Translations.load(self.translation_directories[0], [str(locale)], DOMAIN)
            self.cache[key] = cached
        return cached  # type: ignore[no-any-return]

    def get_translations(self) -> Translations | NullTranslations:
        # Flask-Babel's version asks flask_babel.get_locale(), which needs the shop
        # to have initialised Flask-Babel; ours works either way.
        if not has_request_context():
            return NullTranslations()
        return self.translations_for(current_locale())


def _offered(app: Flask) -> tuple[str, ...]:
    from .extension import get_state

    return get_state(app).get(LOCALES)


def _match(candidate: str | None, offered: tuple[str, ...]) -> str | None:
    """Return the offered locale matching ``candidate`` ('es-MX' matches 'es')."""
    if not candidate or len(candidate) > 35:
        return None
    try:
        wanted = Locale.parse(candidate.strip().replace("-", "_"))
    except (ValueError, UnknownLocaleError, TypeError):
        return None
    for code in offered:
        if str(wanted) == code:
            return code
    for code in offered:
        if wanted.language == Locale.parse(code).language:
            return code
    return None


def _choose_locale() -> str:
    from .extension import get_state

    state = get_state()
    offered = state.get(LOCALES)
    babel = current_app.extensions.get("babel")
    if babel is not None and getattr(babel, "locale_selector", None) is not None:
        # The shop decides; we follow, falling back to our default if it picks a
        # locale we do not ship (gettext then shows the English source).
        shop = _shop_locale()
        if shop is not None:
            return str(shop)
    for candidate in (request.args.get("lang"), request.cookies.get(LOCALE_COOKIE)):
        found = _match(candidate, offered)
        if found:
            return found
    best = request.accept_languages.best_match([c.replace("_", "-") for c in offered])
    if best:
        return _match(best, offered) or state.get(DEFAULT_LOCALE)
    return state.get(DEFAULT_LOCALE)


def current_locale() -> Locale:
    """The locale of the current request (the default locale outside one)."""
    if not has_request_context():
        from .extension import get_state

        return Locale.parse(get_state().get(DEFAULT_LOCALE))
    cached = g.get("_storefront_locale")
    if cached is None:
        cached = Locale.parse(_choose_locale())
        g._storefront_locale = cached
    return cached  # type: ignore[no-any-return]


def _domain() -> StorefrontDomain:
    from .extension import get_state

    return get_state().domain


def gettext(string: str, **variables: Any) -> str:
    """Translate ``string`` in our domain, then apply ``%(name)s`` variables."""
    text = _domain().get_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Plural-aware translation; ``num`` is available as ``%(num)s``."""
    variables.setdefault("num", num)
    text = _domain().get_translations().ungettext(singular, plural, num)
    return text % variables


def lazy_gettext(string: str, **variables: Any) -> Any:
    """A translation resolved when it is rendered, for module-level strings."""
    return LazyString(gettext, string, **variables)


def _(string: str) -> str:
    """Mark ``string`` for extraction without translating it now."""
    return string


def format_date(value: date | datetime | str | None, format: str = "long") -> str:
    """A date in the visitor's locale ('22 November 2026', '22. November 2026')."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return value  # an 'as of' like '2025-10' stays as written
        return _babel_format_date(parsed, format=format, locale=current_locale())
    return _babel_format_date(value, format=format, locale=current_locale())


def format_number(value: float | int) -> str:
    """A number with the locale's separators."""
    return _babel_format_decimal(value, locale=current_locale())


def place_name(code: str) -> str:
    """A jurisdiction code ('US', 'US-FL', 'US-FL/Sarasota County') in the visitor's language."""
    return jurisdiction_name(code, current_locale())


def remember_choice(response: Response) -> Response:
    """Keep an explicit ``?lang=`` choice in a cookie for the next pages."""
    if not has_request_context():
        return response
    wanted = request.args.get("lang")
    if wanted:
        found = _match(wanted, _offered(current_app))
        if found and request.cookies.get(LOCALE_COOKIE) != found:
            response.set_cookie(
                LOCALE_COOKIE,
                found,
                max_age=_LOCALE_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure,
            )
    return response


def template_helpers() -> dict[str, Any]:
    """Globals our templates (and merchants' overrides) use for text."""

    def _sf(string: str, **variables: Any) -> str:
        return gettext(string, **variables)

    def _sf_n(singular: str, plural: str, num: int, **variables: Any) -> str:
        return ngettext(singular, plural, num, **variables)

    def storefront_locale() -> str:
        return str(current_locale())

    def storefront_lang_attr() -> Markup:
        return Markup(str(current_locale()).replace("_", "-"))

    return {
        "_sf": _sf,
        "_sf_n": _sf_n,
        "storefront_locale": storefront_locale,
        "storefront_lang_attr": storefront_lang_attr,
        "storefront_format_date": format_date,
        "storefront_format_number": format_number,
        "storefront_country_name": lambda code: country_name(code, current_locale()),
        "storefront_subdivision_name": lambda code: subdivision_name(code, current_locale()),
        "storefront_place_name": place_name,
    }
