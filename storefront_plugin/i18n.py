"""Our own gettext domain and locale choice, with or without the shop's Flask-Babel.

Our strings live in the ``storefront`` domain under ``translations/``, loaded
through a Flask-Babel :class:`~flask_babel.Domain`, so the shop's ``messages``
catalogs are never read or changed, and nothing is installed on the shop's
Jinja environment beyond our prefixed globals. The locale follows the shop's
Flask-Babel selector when it has one; otherwise we choose it ourselves from
``?lang=``, then our cookie, then ``Accept-Language``
(:func:`visitor_locale`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import date, datetime
from typing import Any, Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.dates import format_skeleton as _babel_format_skeleton
from babel.numbers import format_decimal as _babel_format_decimal
from babel.support import NullTranslations, Translations
from flask import Flask, Request, Response, current_app, has_app_context, has_request_context, request
from flask_babel import Domain
from flask_babel import get_locale as _shop_locale
from flask_babel.speaklater import LazyString
from markupsafe import Markup

# A module import, not names: extension imports this module, and hot paths must
# not pay for an import statement on every call.
from . import extension as _extension
from .jurisdictions import country_name, jurisdiction_name, subdivision_name
from .request_state import current_request
from .resources import translations_dir
from .settings import DEFAULT_LOCALE, LOCALES

DOMAIN = "storefront"

#: Cookie that remembers a visitor's explicit ``?lang=`` choice.
LOCALE_COOKIE = "storefront_lang"
_LOCALE_COOKIE_AGE = 365 * 24 * 3600

# Per-request cache, kept in the WSGI environ rather than ``g``: ``g`` belongs to
# the app context, which nested request contexts (tests, pytest-flask) share.
#: Where this request's locale came from ("shop", "query", "cookie", "header", "default").
_SOURCE_KEY = "storefront.locale_source"
_LOCALE_KEY = "storefront.locale"
#: The same locale as a string ('es', 'de_AT'): Babel builds it anew on every ``str()``.
_TAG_KEY = "storefront.locale_tag"


class StorefrontDomain(Domain):  # type: ignore[misc]
    """The ``storefront`` gettext domain, translated into the locale we pick.

    Flask-Babel's own :meth:`get_translations` asks ``flask_babel.get_locale()``,
    which needs the shop to have initialised Flask-Babel; ours asks
    :func:`current_locale`, which works either way. Everything else
    (``gettext``, ``lazy_gettext``, the per-domain cache) is Flask-Babel's.
    One instance per app lives in ``StorefrontState.domain``.
    """

    def __init__(self) -> None:
        super().__init__(translation_directories=[str(translations_dir())], domain=DOMAIN)

    def translations_for(self, locale: Locale | str) -> Translations | NullTranslations:
        """The compiled catalog for ``locale`` ('es_MX' falls back to 'es'), cached."""
        key = (str(locale), DOMAIN)
        cached = self.cache.get(key)
        if cached is None:
            cached = Translations.load(self.translation_directories[0], [str(locale)], DOMAIN)
            self.cache[key] = cached
        return cached  # type: ignore[no-any-return]

    def get_translations(self) -> Translations | NullTranslations:
        if not has_request_context():
            return NullTranslations()
        return self.translations_for(current_locale())

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> str:
        # ``%(num)s`` is shown with the locale's digit grouping ('1.000' in German);
        # Flask-Babel's documented ``%(num)d`` is accepted as a synonym.
        variables.setdefault("num", format_number(num))
        text: str = self.get_translations().ungettext(singular, plural, num)
        return text.replace("%(num)d", "%(num)s") % variables


def _offered(app: Flask) -> tuple[str, ...]:
    return _extension.get_state(app).get(LOCALES)


def _match(candidate: str | None, offered: tuple[str, ...]) -> str | None:
    """Return the offered locale matching ``candidate`` ('es-MX' matches 'es')."""
    if not candidate or len(candidate) > 35:
        return None
    return _match_tag(candidate, offered)


@lru_cache(maxsize=512)
def _match_tag(candidate: str, offered: tuple[str, ...]) -> str | None:
    # Visitors send the same few tags on every request; Babel's parse costs microseconds each.
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


def _shop_selects_locale(app: Flask) -> bool:
    babel = app.extensions.get("babel")
    return babel is not None and getattr(babel, "locale_selector", None) is not None


def visitor_locale() -> str:
    """Our own choice for this request: ``?lang=``, then our cookie, then ``Accept-Language``.

    Each is matched against ``STOREFRONT_LOCALES``; nothing matching gives
    ``STOREFRONT_DEFAULT_LOCALE``. A shop whose Flask-Babel selector should
    honour our language switcher can return this from its selector.
    """
    return _visitor_locale(_extension.get_state(), request._get_current_object())  # type: ignore[attr-defined]


def _visitor_locale(state: _extension.StorefrontState, req: Request) -> str:
    offered = state.get(LOCALES)
    environ = req.environ
    # Each source is parsed only when the raw request has it: most page views carry no ?lang=.
    raw_query = environ.get("QUERY_STRING", "")
    query = req.args.get("lang") if "lang" in raw_query or "%" in raw_query else None
    cookies = req.cookies
    cookie = cookies.get(LOCALE_COOKIE) if LOCALE_COOKIE in cookies else None  # a miss raises inside .get
    for source, candidate in (("query", query), ("cookie", cookie)):
        found = _match(candidate, offered)
        if found:
            environ.setdefault(_SOURCE_KEY, source)
            return found
    # In the visitor's order of preference, each tag exact first, then by language:
    # 'de-AT, en;q=0.5' gives 'de'. (Werkzeug's best_match would give 'en' here.)
    if environ.get("HTTP_ACCEPT_LANGUAGE"):
        for tag in req.accept_languages.values():
            found = _match(tag, offered) if tag != "*" else None
            if found:
                environ.setdefault(_SOURCE_KEY, "header")
                return found
    environ.setdefault(_SOURCE_KEY, "default")
    return state.get(DEFAULT_LOCALE)


def _choose_locale(req: Request, state: _extension.StorefrontState | None = None) -> str:
    app: Flask = state.app if state is not None else current_app._get_current_object()  # type: ignore[attr-defined]
    if _shop_selects_locale(app):
        # The shop decides and we follow. If it picks a locale we do not ship,
        # gettext shows our English source, while dates and numbers still
        # follow the shop's locale, as on the rest of its page.
        chosen = str(_shop_locale())
        # A selector that delegates to visitor_locale() has already recorded its source.
        req.environ.setdefault(_SOURCE_KEY, "shop")
        return chosen
    return _visitor_locale(state if state is not None else _extension.get_state(app), req)


def request_locale(req: Request, state: _extension.StorefrontState | None = None) -> tuple[Locale, str]:
    """The locale of ``req`` and its string, chosen on the first call and kept on the request.

    ``state`` is the app's, when the caller holds it already.
    """
    environ = req.environ
    found = environ.get(_LOCALE_KEY)
    if isinstance(found, Locale):
        return found, environ[_TAG_KEY]
    locale, tag = _parse_locale(_choose_locale(req, state))
    environ[_LOCALE_KEY], environ[_TAG_KEY] = locale, tag
    return locale, tag


def current_locale() -> Locale:
    """The locale of the current request (the default locale outside one)."""
    req = current_request()
    if req is None:
        if not has_app_context():
            return Locale("en")
        return Locale.parse(_extension.get_state().get(DEFAULT_LOCALE))
    return request_locale(req)[0]


def current_locale_tag(state: _extension.StorefrontState | None = None) -> str:
    """``str(current_locale())``, worked out once per request; ``state`` is the app's, when the caller holds it."""
    req = current_request()
    if req is None:
        return str(current_locale())
    tag: str | None = req.environ.get(_TAG_KEY)
    return tag if tag is not None else request_locale(req, state)[1]


@lru_cache(maxsize=64)
def _parse_locale(code: str) -> tuple[Locale, str]:
    # The chosen code is one of a few (ours, or the shop selector's); parse each once.
    locale = Locale.parse(code)
    return locale, str(locale)


@lru_cache(maxsize=64)
def _lang_attr(tag: str) -> Markup:
    return Markup(tag.replace("_", "-"))


def _domain() -> StorefrontDomain | None:
    if not has_app_context():
        return None
    state = current_app._get_current_object().extensions.get(_extension.EXTENSION_KEY)  # type: ignore[attr-defined]
    return state.domain if state is not None else None


def gettext(string: str, **variables: Any) -> str:
    """Translate ``string`` in our domain, then apply ``%(name)s`` variables.

    Outside a request, or in an app without the plugin, the English source is used.
    """
    domain = _domain()
    if domain is None:
        return string % variables if variables else string
    text: str = domain.gettext(string, **variables)
    return text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Plural-aware translation; ``num`` is available as ``%(num)s``, formatted for the locale."""
    domain = _domain()
    if domain is None:
        variables.setdefault("num", num)
        return (singular if num == 1 else plural) % variables
    return domain.ngettext(singular, plural, num, **variables)


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """A translation resolved each time it is rendered, for module-level constants."""
    return LazyString(gettext, string, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables: Any) -> LazyString:
    """The lazy form of :func:`ngettext`."""
    return LazyString(ngettext, singular, plural, num, **variables)


def _(string: str) -> str:
    """Mark ``string`` for extraction without translating it now (translate it later with gettext)."""
    return string


_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


def format_date(value: date | datetime | str | None, format: str = "long") -> str:
    """A date in the visitor's locale ('22 November 2026', '22. November 2026').

    ISO strings are accepted: '2026-11-22', and the partial 'as of' forms
    '2025-10' ('October 2025') and '2025'. Anything else is shown as written.
    """
    if value is None:
        return ""
    locale = current_locale()
    if isinstance(value, str):
        text = value.strip()
        month = _YEAR_MONTH.match(text)
        if month and 1 <= int(month.group(2)) <= 12:
            return _babel_format_skeleton("yMMMM", date(int(month.group(1)), int(month.group(2)), 1), locale=locale)
        if _YEAR.match(text):
            return text
        try:
            parsed = date.fromisoformat(text)
        except ValueError:
            return value
        return _babel_format_date(parsed, format=format, locale=locale)
    return _babel_format_date(value, format=format, locale=locale)


def format_number(value: float | int) -> str:
    """A number with the locale's separators ('1,234.5', '1.234,5')."""
    return _babel_format_decimal(value, locale=current_locale())


def place_name(code: str) -> str:
    """A jurisdiction code ('US', 'US-FL', 'US-FL/Sarasota County') in the visitor's language."""
    return jurisdiction_name(code, current_locale())


class _Placed(Protocol):
    @property
    def name(self) -> str | None: ...

    @property
    def jurisdiction(self) -> str: ...


def rule_place_name(rule: _Placed) -> str:
    """The place a rule covers, in the visitor's language.

    A rule name the merchant chose that is not the place's English name
    ('Our northern zone') is kept as written.
    """
    if rule.name and rule.name != jurisdiction_name(rule.jurisdiction, "en"):
        return rule.name
    return place_name(rule.jurisdiction)


def language_name(code: str) -> str:
    """The name of language ``code`` in the visitor's language ('en' -> 'inglés', 'Englisch')."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(current_locale())
    except (ValueError, UnknownLocaleError, TypeError):
        return code
    return name or code


def with_english_original(english: str, **variables: Any) -> tuple[str, str | None]:
    """``(translation, english original)`` for text US law requires in English.

    The original is ``None`` when the visitor reads English or no translation
    exists, so a page shows it once; otherwise the page must show both (the
    DSHEA statement, for one). Render it with ``storefront/_mandated_text.html``.
    """
    original = english % variables if variables else english
    translated = gettext(english, **variables)
    if current_locale().language == "en" or translated == original:
        return original, None
    return translated, original


#: Where a locale came from that depends on request headers.
_FROM_REQUEST = frozenset({"query", "cookie", "header", "default"})


def vary_names(environ: dict[str, Any]) -> tuple[str, ...]:
    """The request headers this response's language was chosen by, for ``Vary``."""
    return ("Cookie", "Accept-Language") if environ.get(_SOURCE_KEY) in _FROM_REQUEST else ()


def remember_query_choice(response: Response, environ: dict[str, Any]) -> None:
    """Set our language cookie when this request chose a language with ``?lang=``."""
    if environ.get(_SOURCE_KEY) != "query":
        return
    found = _match(request.args.get("lang"), _offered(current_app))
    if found and request.cookies.get(LOCALE_COOKIE) != found:
        response.set_cookie(
            LOCALE_COOKIE,
            found,
            max_age=_LOCALE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )


def template_helpers() -> dict[str, Any]:
    """Globals our templates (and merchants' overrides) use for text, dates, numbers and places."""

    def _sf(string: str, **variables: Any) -> str:
        return gettext(string, **variables)

    def _sf_n(singular: str, plural: str, num: int, **variables: Any) -> str:
        return ngettext(singular, plural, num, **variables)

    def storefront_locale() -> str:
        return current_locale_tag()

    def storefront_lang_attr() -> Markup:
        return _lang_attr(current_locale_tag())

    def storefront_country_name(code: str) -> str:
        return country_name(code, current_locale())

    def storefront_subdivision_name(code: str) -> str:
        return subdivision_name(code, current_locale())

    def storefront_language_name(code: str) -> str:
        return language_name(code)

    return {
        "_sf": _sf,
        "_sf_n": _sf_n,
        "storefront_locale": storefront_locale,
        "storefront_lang_attr": storefront_lang_attr,
        "storefront_format_date": format_date,
        "storefront_format_number": format_number,
        "storefront_country_name": storefront_country_name,
        "storefront_subdivision_name": storefront_subdivision_name,
        "storefront_place_name": place_name,
        "storefront_rule_place": rule_place_name,
        "storefront_language_name": storefront_language_name,
        "storefront_with_english_original": with_english_original,
    }
