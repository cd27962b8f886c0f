"""Every setting has a default, and every bad value stops init_app naming the key and the fix."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from storefront_plugin import ConfigurationError
from storefront_plugin.settings import SETTINGS
from tests.conftest import make_app

#: Bad values for each key: every declared key must appear here (checked below).
INVALID: dict[str, list[Any]] = {
    "STOREFRONT_URL_PREFIX": ["storefront", "/storefront/", "//x", 5],
    "STOREFRONT_BLUEPRINT_NAME": ["", "store.front", "1abc", None],
    "STOREFRONT_BASE_TEMPLATE": ["", "   ", 3],
    "STOREFRONT_LOCALES": ["en", [], ["en", "xx_YY_zz"], [1]],
    "STOREFRONT_DEFAULT_LOCALE": ["", "not a locale", None],
    "STOREFRONT_SHOP_NAME": ["", None],
    "STOREFRONT_RULES_FILES": ["rules.toml", ["rules.yaml"], [3], 5],
    "STOREFRONT_DISABLED_RULES": ["us-al", [""], 5],
    "STOREFRONT_LICENSES": ["US-RI-kratom", [None]],
    "STOREFRONT_UNCERTAIN_RULES": ["allow", None, True],
    "STOREFRONT_RULES_MAX_AGE_DAYS": [0, -1, "180", True],
    "STOREFRONT_DEFAULT_COUNTRY": ["Atlantis", "", 5],
    "STOREFRONT_MAX_JSON_BYTES": [0, "64k", None],
    "STOREFRONT_ORDER_CSV_COLUMNS": [["zip"], {"zip": "Ship Zip"}, {"postal_code": ""}],
    "STOREFRONT_CONTENT_DIR": ["", "/no/such/folder", 5],
    "STOREFRONT_PROP65_CHEMICAL": ["", "  ", 3],
    "STOREFRONT_PROP65_ENDPOINT": ["", "birth defects", None],
    "STOREFRONT_NOTICE_CATEGORIES": ["kratom", [""], [3]],
    "STOREFRONT_MIN_AGE": [17, 100, "21", True, 20.5],
    "STOREFRONT_POLICY_VERSION": ["", None, "x" * 65, 2],
    "STOREFRONT_AGE_GATE_MODE": ["", "dob", None, True],
    "STOREFRONT_AGE_TOKEN_DAYS": [0, -1, 401, "30"],
    "STOREFRONT_GATE_EXEMPT": ["home", [""], [3]],
    "STOREFRONT_GATE_ONLY": ["shop", [None]],
    "STOREFRONT_GATE_EXEMPT_USER_AGENTS": ["Googlebot", ["(unclosed"]],
    "STOREFRONT_TRUST_GEO_HEADERS": ["CF-IPCountry", ["X-Country"], [""]],
    "STOREFRONT_GEOIP_DB": ["", 5],
    "STOREFRONT_CHECKOUT_ENDPOINTS": ["checkout", {"checkout": {"dob": "date_of_birth"}}, {"": None}, {"x": "dob"}],
    "STOREFRONT_CHECKOUT_FIELDS": [["dob"], {"dob_day": "day"}, {"": "birth_day"}],
    "STOREFRONT_AUDIT_DATABASE_URL": ["", "not a url", "nosuchdb+nodriver://x/y", 5],
    "STOREFRONT_AGE_VERIFIER": [object(), "no.such.module:Verifier", 5],
    "STOREFRONT_AUDIT_LOCK_TIMEOUT": [0, -1, 121, "10", True, None],
    "STOREFRONT_TRUSTED_ORIGINS": ["https://app.example", ["app.example"], ["https://app.example/"], ["HTTPS://App.example"], [""]],
}


def _cases() -> list[tuple[str, Any]]:
    return [(key, value) for key, values in INVALID.items() for value in values]


def test_every_setting_has_invalid_cases() -> None:
    extra = [k for k in SETTINGS if k not in INVALID and SETTINGS[k].check.__name__ != "as_bool"]
    assert not extra, f"add invalid values for {extra} to INVALID"


@pytest.mark.parametrize(("key", "value"), _cases())
def test_invalid_setting_names_key_and_fix(key: str, value: Any) -> None:
    with pytest.raises(ConfigurationError) as err:
        make_app({key: value})
    message = str(err.value)
    assert key in message
    assert "invalid" in message
    # The fix is spelled out after the colon, as a full sentence.
    assert re.search(r"invalid: \S.{10,}", message), message


@pytest.mark.parametrize("key", [k for k, s in SETTINGS.items() if s.check.__name__ == "as_bool"])
def test_boolean_settings_reject_strings(key: str) -> None:
    with pytest.raises(ConfigurationError, match=key):
        make_app({key: "yes"})


def test_unknown_setting_suggests_the_right_key() -> None:
    with pytest.raises(ConfigurationError, match=r"STOREFRONT_URL_PREFX \(did you mean STOREFRONT_URL_PREFIX\?\)"):
        make_app({"STOREFRONT_URL_PREFX": "/x"})


def test_default_locale_must_be_offered() -> None:
    with pytest.raises(ConfigurationError, match="STOREFRONT_DEFAULT_LOCALE.*STOREFRONT_LOCALES"):
        make_app({"STOREFRONT_LOCALES": ["en", "es"], "STOREFRONT_DEFAULT_LOCALE": "de"})


def test_every_default_is_valid() -> None:
    for setting in SETTINGS.values():
        setting.validate(setting.default)


def test_readme_documents_every_setting() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [key for key in SETTINGS if f"`{key}`" not in readme]
    assert not missing, f"README configuration table lacks {missing}"
