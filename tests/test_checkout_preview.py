"""decide_checkout: the checkout decision without the audit write, and check_checkout built on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import storefront_plugin
from storefront_plugin import check_checkout, checkout_checked, decide_checkout, get_state
from tests.conftest import make_app
from tests.test_checkout_decision import FakeVerifier

ON = date(2026, 6, 15)
PORTLAND = {"city": "Portland", "region": "OR", "postal_code": "97205", "country": "US"}
MADISON = {"city": "Madison", "region": "WI", "postal_code": "53703", "country": "US"}
KRATOM = [{"sku": "KR-1", "category": "kratom"}]
INFUSER = [{"sku": "ACC-1", "category": "accessory"}]
CASES = [
    (PORTLAND, "1980-04-02", KRATOM, "allowed"),
    (PORTLAND, "2005-06-16", KRATOM, "blocked"),  # 20 where 21 is the law
    (MADISON, "1980-04-02", KRATOM, "blocked"),  # a banned state
    (PORTLAND, None, KRATOM, "unverifiable"),
    (MADISON, None, INFUSER, "allowed"),  # nothing restricted: no age check
    ({"country": "US"}, "1980-04-02", None, "unverifiable"),
]


def shop(tmp_path: Path, **config: Any) -> Flask:
    return make_app({"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/audit.sqlite3", **config})


def audit_rows(app: Flask) -> int:
    enforcement = get_state(app).enforcement
    assert enforcement is not None
    count: int = enforcement.audit.count()
    return count


@pytest.fixture
def checked() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def listener(sender: Flask, **extra: Any) -> None:
        seen.append(extra)

    checkout_checked.connect(listener)
    yield seen
    checkout_checked.disconnect(listener)


def test_it_is_public() -> None:
    assert "decide_checkout" in storefront_plugin.__all__ and storefront_plugin.decide_checkout is decide_checkout


def test_the_extension_object_previews_too(tmp_path: Path, checked: list[dict[str, Any]]) -> None:
    app = shop(tmp_path)
    compliance = app.extensions["storefront"].extension
    with app.test_request_context():
        preview = compliance.decide_checkout(*CASES[0][:3], ON)
    assert preview.status == CASES[0][3] and checked == [] and audit_rows(app) == 0


@pytest.mark.parametrize(("address", "birth", "items", "status"), CASES)
def test_same_decision_as_check_checkout_without_a_record(
    tmp_path: Path, checked: list[dict[str, Any]], address: Any, birth: Any, items: Any, status: str
) -> None:
    app = shop(tmp_path)
    with app.test_request_context():
        preview = decide_checkout(address, birth, items, ON, order_ref="R-1")
        assert preview.status == status
        assert checked == [] and audit_rows(app) == 0
        final = check_checkout(address, birth, items, ON, order_ref="R-1")
    assert final == preview and final.extra == preview.extra
    assert final.verification_method == preview.verification_method
    assert len(checked) == 1 and checked[0]["decision"] == preview and audit_rows(app) == 1


def test_the_preview_asks_the_verifier_like_the_order_step(tmp_path: Path) -> None:
    verifier = FakeVerifier("failed")
    app = shop(tmp_path, STOREFRONT_AGE_VERIFIER=verifier)
    with app.app_context():
        decision = decide_checkout(PORTLAND, "1980-04-02", KRATOM, ON, order_ref="R-2")
    assert decision.status == "blocked" and decision.codes == ("age.verification_failed",)
    assert decision.verification_method == "fake-idv"
    assert [seen.order_ref for seen in verifier.seen] == ["R-2"]


def test_only_the_order_step_fails_closed_without_the_audit_log(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = make_app({"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{blocker}/audit.sqlite3"})
    with app.app_context():
        preview = decide_checkout(PORTLAND, "1980-04-02", KRATOM, ON)
        final = check_checkout(PORTLAND, "1980-04-02", KRATOM, ON)
    assert preview.status == "allowed"
    assert final.status == "unverifiable" and final.codes == ("audit.unavailable",)
