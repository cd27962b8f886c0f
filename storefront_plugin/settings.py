"""Every ``STOREFRONT_*`` setting, its default, and how a bad value is reported.

This module is the single place where settings are declared. ``init_app``
applies each default with ``app.config.setdefault`` and then validates every
value, so a wrong setting stops start-up with a message that names the key
and the fix instead of failing later inside a request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from babel import Locale, UnknownLocaleError

from . import settings_rules as _rules
from .errors import ConfigurationError
from .validators import as_bool, as_optional_str, as_str, as_str_tuple, positive_int

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One configuration key: its default, a one-line doc and a validator.

    ``check`` returns the normalised value or raises ``ValueError`` whose
    text tells the merchant how to fix it.
    """

    key: str
    default: T
    doc: str
    check: Callable[[Any], T]

    def validate(self, value: Any) -> T:
        try:
            return self.check(value)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"{self.key} = {value!r} is invalid: {exc}") from None


#: Every declared setting, by key, in declaration order.
SETTINGS: dict[str, Setting[Any]] = {}


def _declare(key: str, default: T, doc: str, check: Callable[[Any], T]) -> Setting[T]:
    if key in SETTINGS:  # pragma: no cover - a programming error, not a config error
        raise RuntimeError(f"setting {key} declared twice")
    setting = Setting(key, default, doc, check)
    SETTINGS[key] = setting
    return setting


# -- validators --------------------------------------------------------------


def _url_prefix(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("use a string path such as '/storefront'")
    if value == "":
        return value
    if not value.startswith("/") or value.endswith("/") or "//" in value:
        raise ValueError("start with '/' and do not end with '/', e.g. '/storefront' ('' mounts at the root)")
    return value


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _blueprint_name(value: Any) -> str:
    if isinstance(value, str) and _NAME.match(value):
        return value
    raise ValueError("use letters, digits and underscores, starting with a letter, e.g. 'storefront'")


def _locales(value: Any) -> tuple[str, ...]:
    items = as_str_tuple(value)
    if not items:
        raise ValueError("list at least one locale, e.g. ['en']")
    for item in items:
        try:
            Locale.parse(item)
        except (ValueError, UnknownLocaleError):
            raise ValueError(f"{item!r} is not a locale Babel knows; use codes like 'en', 'es', 'pt_BR'") from None
    return items


def _locale(value: Any) -> str:
    text = as_str(value)
    try:
        Locale.parse(text)
    except (ValueError, UnknownLocaleError):
        raise ValueError("use a locale code such as 'en'") from None
    return text


# -- the settings ------------------------------------------------------------

#: Where the blueprint mounts ('' for the site root).
URL_PREFIX = _declare("STOREFRONT_URL_PREFIX", "/storefront", "URL prefix of the plugin's pages and API.", _url_prefix)

#: Blueprint name, and so the endpoint prefix in ``url_for``.
BLUEPRINT_NAME = _declare(
    "STOREFRONT_BLUEPRINT_NAME", "storefront", "Blueprint name; endpoints are `NAME.view`.", _blueprint_name
)

#: The layout our pages extend; a shop names its own to wrap them in its design.
BASE_TEMPLATE = _declare(
    "STOREFRONT_BASE_TEMPLATE",
    "storefront/base.html",
    "Template our pages extend; it must define the blocks `title` and `content`.",
    as_str,
)

#: Locales our pages are offered in; the first match of the visitor's wishes wins.
LOCALES: Setting[tuple[str, ...]] = _declare(
    "STOREFRONT_LOCALES",
    ("en", "es", "fr", "de"), "Locales offered to visitors (Babel codes).", _locales
)

#: Locale used when nothing else decides.
DEFAULT_LOCALE = _declare("STOREFRONT_DEFAULT_LOCALE", "en", "Fallback locale.", _locale)

#: Name shown in page titles and notices.
SHOP_NAME = _declare("STOREFRONT_SHOP_NAME", "Our shop", "Shop name used in page titles and notices.", as_str)


# -- age gate, checkout enforcement and audit log ------------------------------

GATE_MODES = ("birthdate", "confirm", "off")

#: Our names for the checkout fields a shop's form fields map to.
CHECKOUT_KEYS = frozenset(
    {
        "country", "region", "county", "city", "postal_code", "line1", "line2",
        "birth_date", "birth_day", "birth_month", "birth_year", "order_ref",
    }
)  # fmt: skip


def _min_age(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 18 <= value <= 99:
        raise ValueError("use a whole number of years between 18 and 99, e.g. 18 or 21")
    return value


def _gate_mode(value: Any) -> str:
    if value in GATE_MODES:
        return str(value)
    raise ValueError("use 'birthdate' (day, month and year inputs), 'confirm' (yes/no buttons) or 'off'")


def _token_days(value: Any) -> int:
    days = positive_int(value)
    if days > 400:  # browsers cap cookie lifetimes at 400 days
        raise ValueError("use at most 400 days; browsers drop cookies that ask for longer")
    return days


def _policy_version(value: Any) -> str:
    text = as_str(value)
    if len(text) > 64:
        raise ValueError("use a short label of at most 64 characters, e.g. '2' or '2026-01'")
    return text


def _regexes(value: Any) -> tuple[str, ...]:
    items = as_str_tuple(value)
    for item in items:
        try:
            re.compile(item)
        except re.error as exc:
            raise ValueError(f"{item!r} is not a valid regular expression ({exc})") from None
    return items


def _geo_headers(value: Any) -> tuple[str, ...]:
    from .geoip import GEO_HEADERS

    known = {name.lower(): name for name in GEO_HEADERS}
    out = []
    for item in as_str_tuple(value):
        name = known.get(item.strip().lower())
        if name is None:
            raise ValueError(f"{item!r} is not a country header we know; use any of {sorted(GEO_HEADERS)}")
        out.append(name)
    return tuple(out)


def _field_map(value: Any, where: str = "") -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}use a dict of your form field name -> our key, e.g. {{'dob_day': 'birth_day'}}")
    out: dict[str, str] = {}
    for field, key in value.items():
        if not isinstance(field, str) or not field:
            raise ValueError(f"{where}form field names must be non-empty strings; {field!r} is not")
        if key not in CHECKOUT_KEYS:
            raise ValueError(f"{where}{field!r} maps to {key!r}; map it to one of {sorted(CHECKOUT_KEYS)}")
        out[field] = key
    return out


def _checkout_endpoints(value: Any) -> dict[str, dict[str, str]]:
    if isinstance(value, Mapping):
        out = {}
        for endpoint, fields in value.items():
            if not isinstance(endpoint, str) or not endpoint.strip():
                raise ValueError(f"endpoint names must be non-empty strings; {endpoint!r} is not")
            out[endpoint] = _field_map(fields, f"for endpoint {endpoint!r}: ")
        return out
    return {endpoint: {} for endpoint in as_str_tuple(value)}


def _audit_url(value: Any) -> str | None:
    if value is None:
        return None
    from .audit_sql import validate_url  # loads SQLAlchemy only when a URL is configured

    return str(validate_url(as_str(value)).render_as_string(hide_password=False))


def _lock_timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 120:
        raise ValueError("use a number of seconds above 0 and at most 120, e.g. 10 (keep it below your server's worker timeout)")
    return float(value)


_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?")


def _origins(value: Any) -> tuple[str, ...]:
    items = as_str_tuple(value)
    for item in items:
        if not _ORIGIN.fullmatch(item):
            raise ValueError(f"{item!r} is not an origin; write scheme and host only, in lower case, e.g. 'https://app.example.com'")
    return items


def _verifier(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        from werkzeug.utils import ImportStringError, import_string

        try:
            value = import_string(value)
        except ImportStringError:
            raise ValueError("the import path does not resolve; use 'package.module:name' or the object itself") from None
        if isinstance(value, type):
            value = value()
    if not isinstance(getattr(value, "name", None), str) or not callable(getattr(value, "verify", None)):
        raise ValueError("use an object with a string `name` and a `verify(request)` method (see AgeVerifier)")
    return value


#: Age required everywhere; rules for the visitor's or buyer's jurisdiction can only raise it.
MIN_AGE = _declare("STOREFRONT_MIN_AGE", 18, "Minimum age everywhere; a jurisdiction's rule may raise it.", _min_age)

#: Raising it invalidates every age-gate token: everyone is asked again.
POLICY_VERSION = _declare(
    "STOREFRONT_POLICY_VERSION", "1", "Age-gate policy version; change it to ask every visitor again.", _policy_version
)

#: How the soft age gate asks: 'birthdate', 'confirm' or 'off'.
AGE_GATE_MODE = _declare(
    "STOREFRONT_AGE_GATE_MODE", "birthdate", "Soft age gate: 'birthdate', 'confirm' or 'off'.", _gate_mode
)

#: Lifetime of the age-gate cookie.
AGE_TOKEN_DAYS = _declare("STOREFRONT_AGE_TOKEN_DAYS", 30, "Days a passed age gate is remembered.", _token_days)

#: Endpoints, blueprints or path prefixes ('/blog') the gate never covers.
GATE_EXEMPT: Setting[tuple[str, ...]] = _declare(
    "STOREFRONT_GATE_EXEMPT", (), "Endpoints, blueprint names or '/path' prefixes never gated.", as_str_tuple
)

#: If set, only these endpoints or blueprints are gated (instead of every HTML page).
GATE_ONLY: Setting[tuple[str, ...]] = _declare(
    "STOREFRONT_GATE_ONLY", (), "Gate only these endpoints or blueprints (empty: every HTML page).", as_str_tuple
)

#: User-agent regexes let through the gate on GET pages; never cart or checkout. Off by default.
GATE_EXEMPT_USER_AGENTS: Setting[tuple[str, ...]] = _declare(
    "STOREFRONT_GATE_EXEMPT_USER_AGENTS", (), "User-agent regexes not gated (GET pages only).", _regexes
)

#: CDN country headers to trust, e.g. ['CF-IPCountry']; only behind that CDN.
TRUST_GEO_HEADERS: Setting[tuple[str, ...]] = _declare(
    "STOREFRONT_TRUST_GEO_HEADERS", (), "CDN country headers to trust for the visitor's country.", _geo_headers
)

#: A MaxMind .mmdb file (GeoLite2/GeoIP2 Country or City) to locate visitors.
GEOIP_DB = _declare("STOREFRONT_GEOIP_DB", None, "Path of a MaxMind .mmdb file.", as_optional_str)

#: The shop's checkout endpoints the hook guards, each with an optional field mapping.
CHECKOUT_ENDPOINTS: Setting[dict[str, dict[str, str]]] = _declare(
    "STOREFRONT_CHECKOUT_ENDPOINTS", {}, "Checkout endpoints to guard: a list, or a dict of endpoint -> field map.",
    _checkout_endpoints,
)  # fmt: skip

#: Form field name -> our key, for every guarded endpoint.
CHECKOUT_FIELDS: Setting[dict[str, str]] = _declare(
    "STOREFRONT_CHECKOUT_FIELDS", {}, "Form field -> our key, for every guarded endpoint.", _field_map
)

#: Where the checkout audit log lives (None: SQLite in the instance folder).
AUDIT_DATABASE_URL = _declare(
    "STOREFRONT_AUDIT_DATABASE_URL", None, "SQLAlchemy URL of the audit log.", _audit_url
)

#: Seconds a checkout waits for a locked audit database (SQLite) or a connection (PostgreSQL) before failing closed.
AUDIT_LOCK_TIMEOUT = _declare("STOREFRONT_AUDIT_LOCK_TIMEOUT", 10.0, "Seconds to wait for the audit database.", _lock_timeout)

#: Other sites allowed to POST to the age gate and the JSON checks (e.g. a headless front end).
TRUSTED_ORIGINS: Setting[tuple[str, ...]] = _declare("STOREFRONT_TRUSTED_ORIGINS", (), "Extra origins allowed to POST.", _origins)

#: A third-party identity check (an AgeVerifier, or its import path); None: self-declaration.
AGE_VERIFIER: Setting[Any] = _declare("STOREFRONT_AGE_VERIFIER", None, "AgeVerifier object or import path.", _verifier)

# -- shipping rules (validators in settings_rules.py) ---------------------------

#: Merchant rules files (TOML), merged in order over the default rules.
RULES_FILES: Setting[tuple[str, ...]] = _declare("STOREFRONT_RULES_FILES", (), "Rules files merged over the default rules.", _rules.rules_files)
#: Rule ids switched off (from the default rules or any file).
DISABLED_RULES: Setting[tuple[str, ...]] = _declare("STOREFRONT_DISABLED_RULES", (), "Rule ids switched off.", _rules.rule_ids)
#: Licences the merchant holds; a license_required rule naming one of them does not block.
LICENSES: Setting[tuple[str, ...]] = _declare("STOREFRONT_LICENSES", (), "Licences the shop holds.", _rules.rule_ids)
#: How low-confidence or conflicting rules decide: "block", "review" or "ignore".
UNCERTAIN_RULES = _declare("STOREFRONT_UNCERTAIN_RULES", "block", "How uncertain rules decide.", _rules.uncertain_policy)
#: `flask storefront rules status` warns when the rules are older than this many days.
RULES_MAX_AGE_DAYS = _declare("STOREFRONT_RULES_MAX_AGE_DAYS", 180, "Rules older than this are stale.", positive_int)
#: Country assumed when an address has none (None: such addresses are unverifiable).
DEFAULT_COUNTRY = _declare("STOREFRONT_DEFAULT_COUNTRY", None, "Country of addresses without one.", _rules.country)
#: Build the ZIP index at start-up instead of on the first US check.
PRELOAD_ZIP_INDEX = _declare("STOREFRONT_PRELOAD_ZIP_INDEX", False, "Build the ZIP index at start-up.", as_bool)
#: Largest JSON body the API reads, in bytes; bigger bodies get a 413.
MAX_JSON_BYTES = _declare("STOREFRONT_MAX_JSON_BYTES", 65536, "Largest API request body in bytes.", positive_int)
#: CSV header of each column `screen-orders` reads, by our field name.
ORDER_CSV_COLUMNS = _declare(
    "STOREFRONT_ORDER_CSV_COLUMNS", dict(_rules.DEFAULT_CSV_COLUMNS), "CSV headers screen-orders reads.", _rules.csv_columns
)


# -- education content and disclaimers -----------------------------------------


def _content_dir(value: Any) -> str | None:
    if value is None:
        return None
    from pathlib import Path

    if not isinstance(value, (str, Path)) or not str(value).strip():
        raise ValueError("use the path of a folder holding <locale>/<slug>.md files, or None")
    if not Path(value).is_dir():
        raise ValueError(f"folder {str(value)!r} does not exist; create it (with an 'en' folder inside) or set None")
    return str(value)


def _prop65_endpoint(value: Any) -> str:
    if value in ("cancer", "reproductive", "both"):
        return str(value)
    raise ValueError("use 'cancer', 'reproductive' or 'both' (the harms the chemical is listed for)")


#: Merchant's articles folder (<locale>/<slug>.md); same names replace ours, 'hidden: true' hides one.
CONTENT_DIR = _declare("STOREFRONT_CONTENT_DIR", None, "Folder of merchant articles.", _content_dir)
#: Add the disclaimer before </body> of every HTML page that lacks it.
INJECT_DISCLAIMER = _declare("STOREFRONT_INJECT_DISCLAIMER", True, "Inject the disclaimer into pages.", as_bool)
#: Listed chemical named in the California Prop 65 warning (None: no warning).
PROP65_CHEMICAL = _declare("STOREFRONT_PROP65_CHEMICAL", None, "Prop 65 chemical, e.g. 'lead'.", as_optional_str)
#: Harms the Prop 65 chemical is listed for.
PROP65_ENDPOINT = _declare("STOREFRONT_PROP65_ENDPOINT", "both", "Prop 65 endpoint.", _prop65_endpoint)
#: Product categories that carry the product notice (warnings, Prop 65).
NOTICE_CATEGORIES: Setting[tuple[str, ...]] = _declare(
    "STOREFRONT_NOTICE_CATEGORIES", ("kratom",), "Product categories given the product notice.", as_str_tuple
)

def resolve(config: Mapping[str, Any]) -> dict[str, Any]:
    """Validate every declared setting in ``config`` and return the clean values.

    Also rejects unknown ``STOREFRONT_*`` keys, because a typo would otherwise
    silently leave a default in force.
    """
    unknown = sorted(k for k in config if k.startswith("STOREFRONT_") and k not in SETTINGS)
    if unknown:
        import difflib

        hints = []
        for key in unknown:
            close = difflib.get_close_matches(key, SETTINGS, n=1)
            hints.append(f"{key} (did you mean {close[0]}?)" if close else key)
        raise ConfigurationError(
            "Unknown setting(s): " + ", ".join(hints) + ". Remove them or fix the spelling; "
            "the README's configuration table lists every key."
        )
    values = {key: setting.validate(config.get(key, setting.default)) for key, setting in SETTINGS.items()}
    _cross_check(values)
    return values


def _cross_check(values: dict[str, Any]) -> None:
    if values[DEFAULT_LOCALE.key] not in values[LOCALES.key]:
        raise ConfigurationError(
            f"STOREFRONT_DEFAULT_LOCALE = {values[DEFAULT_LOCALE.key]!r} is not in STOREFRONT_LOCALES "
            f"{list(values[LOCALES.key])!r}: add it to STOREFRONT_LOCALES or pick one of them."
        )
