"""The soft gate looks the visitor up only when where they are can change the age it asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storefront_plugin import get_state

COUNTRY_21 = """
[dataset]
as_of = 2026-11-01

[[rule]]
id = "nz-21"
country = "NZ"
effect = "min_age"
min_age = 21
sources = ["https://example.org/nz"]
as_of = 2026-11-01
confidence = "high"
note = "A test rule: 21 and over in the whole country."
"""


def _flags(app: Any) -> tuple[int, bool]:
    enforcement = get_state(app).enforcement
    assert enforcement is not None
    return enforcement.highest_age, enforcement.location_matters


def test_default_rules_need_no_lookup_without_a_state_source(app_factory: Any) -> None:
    # The default 21+ rules are all per state; the bundled table knows only countries.
    assert _flags(app_factory()) == (21, False)


def test_a_trusted_header_makes_state_rules_count(app_factory: Any) -> None:
    assert _flags(app_factory({"STOREFRONT_TRUST_GEO_HEADERS": ["CF-IPCountry"]})) == (21, True)


def test_a_country_rule_makes_the_bundled_table_count(app_factory: Any, tmp_path: Path) -> None:
    rules = tmp_path / "nz.toml"
    rules.write_text(COUNTRY_21, encoding="utf-8")
    assert _flags(app_factory({"STOREFRONT_RULES_FILES": [str(rules)]}))[1] is True


def test_an_18_token_is_asked_again_in_a_21_country(app_factory: Any, tmp_path: Path) -> None:
    from storefront_plugin.gate import COOKIE_NAME
    from storefront_plugin.tokens import issue_token

    rules = tmp_path / "nz.toml"
    rules.write_text(COUNTRY_21, encoding="utf-8")
    app = app_factory({"STOREFRONT_RULES_FILES": [str(rules)], "STOREFRONT_TRUST_GEO_HEADERS": ["CF-IPCountry"]})
    version = get_state(app).settings["STOREFRONT_POLICY_VERSION"]
    client = app.test_client()
    client.set_cookie(COOKIE_NAME, issue_token(app.config["SECRET_KEY"], threshold=18, method="confirmed", policy_version=version))
    assert client.get("/", headers={"CF-IPCountry": "DE"}).status_code == 200
    assert client.get("/", headers={"CF-IPCountry": "NZ"}).status_code == 302
    client.set_cookie(COOKIE_NAME, issue_token(app.config["SECRET_KEY"], threshold=21, method="confirmed", policy_version=version))
    assert client.get("/", headers={"CF-IPCountry": "NZ"}).status_code == 200
