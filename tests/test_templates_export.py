"""Merchants override our templates from their own folder, and export copies to start from."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskCliRunner
from jinja2 import FileSystemLoader

from storefront_plugin.resources import templates_dir
from tests.conftest import make_app

README = Path(__file__).resolve().parents[1] / "README.md"
#: The education, legal and disclaimer templates (other features' templates have their own tests).
CONTENT_TEMPLATES = [
    "index.html", "article.html", "legal.html", "_disclaimer.html", "_claim_marker.html",
    "_product_notice.html", "_prop65.html", "_reference.html",
]  # fmt: skip


def _shipped() -> list[str]:
    root = templates_dir() / "storefront"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))


def test_export_all(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["storefront", "templates", "export", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in _shipped():
        assert (tmp_path / "storefront" / name).read_bytes() == (templates_dir() / "storefront" / name).read_bytes()


def test_export_named_only(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["storefront", "templates", "export", str(tmp_path), "article.html", "storefront/_disclaimer.html"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "storefront").iterdir()) == ["_disclaimer.html", "article.html"]


def test_export_rejects_unknown_names(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["storefront", "templates", "export", str(tmp_path), "nope.html"])
    assert result.exit_code != 0 and "unknown template(s) nope.html" in result.output
    assert not (tmp_path / "storefront").exists()


def test_export_never_overwrites_an_edited_copy(runner: FlaskCliRunner, tmp_path: Path) -> None:
    edited = tmp_path / "storefront" / "legal.html"
    edited.parent.mkdir()
    edited.write_text("mine", encoding="utf-8")
    result = runner.invoke(args=["storefront", "templates", "export", str(tmp_path), "legal.html"])
    assert result.exit_code != 0 and "--force" in result.output
    assert edited.read_text(encoding="utf-8") == "mine"
    forced = runner.invoke(args=["storefront", "templates", "export", str(tmp_path), "legal.html", "--force"])
    assert forced.exit_code == 0 and edited.read_text(encoding="utf-8") != "mine"


def test_override_from_the_shops_folder_wins(tmp_path: Path) -> None:
    (tmp_path / "storefront").mkdir()
    (tmp_path / "storefront" / "_disclaimer.html").write_text(
        '<aside data-storefront-disclaimer id="storefront-disclaimer">OUR OWN WORDING {{ dshea }}</aside>', encoding="utf-8"
    )
    (tmp_path / "storefront" / "legal.html").write_text(
        '{% extends storefront_base_template() %}{% block content %}<h1>Merchant legal</h1>{{ legal.states|length }}{% endblock %}',
        encoding="utf-8",
    )
    app = make_app({"STOREFRONT_AGE_GATE_MODE": "off"})
    app.jinja_loader = FileSystemLoader(str(tmp_path))  # type: ignore[assignment]
    client = app.test_client()
    html = client.get("/storefront/legal").get_data(as_text=True)
    assert "<h1>Merchant legal</h1>51" in html and "OUR OWN WORDING These statements" in html
    assert html.count("data-storefront-disclaimer") == 1


def test_every_template_is_documented_and_starts_with_its_context_comment() -> None:
    readme = README.read_text(encoding="utf-8")
    assert set(CONTENT_TEMPLATES) <= set(_shipped())
    for name in CONTENT_TEMPLATES:
        text = (templates_dir() / "storefront" / name).read_text(encoding="utf-8")
        assert text.startswith("{#-"), name
        assert f"`storefront/{name}`" in readme, f"README template table lacks storefront/{name}"
    full_pages = [n for n in CONTENT_TEMPLATES if not n.startswith("_")]
    for name in full_pages:
        text = (templates_dir() / "storefront" / name).read_text(encoding="utf-8")
        assert re.search(r"\{% extends storefront_base_template\(\) %\}", text), name
