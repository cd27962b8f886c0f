"""The catalog tool: extraction, merging, new languages, and a check that catches each way a catalog goes wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from storefront_plugin import catalogs
from storefront_plugin.catalogs import check, extract, init_language, main, messages

ROOT = Path(__file__).resolve().parents[1]
FRENCH_PLURALS = "nplurals=2; plural=(n > 1);"


def _key(value: object) -> object:
    return value if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]


def _ids(catalog: object) -> set[object]:
    return {_key(m.id) for m in catalog if m.id}  # type: ignore[attr-defined]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny source tree with our babel.cfg, one template, one module and es/fr catalogs, all complete."""
    (tmp_path / "translations").mkdir()
    shutil.copy(ROOT / "translations" / "babel.cfg", tmp_path / "translations" / "babel.cfg")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        "{{ _sf('Hello %(name)s', name=who) }} {{ _sf_n('%(num)s day', '%(num)s days', n) }}", encoding="utf-8"
    )
    (tmp_path / "storefront_plugin").mkdir()
    (tmp_path / "storefront_plugin" / "m.py").write_text(
        "from storefront_plugin.i18n import gettext, lazy_gettext\n"
        "TITLE = lazy_gettext('Title')\n"
        "def f():\n"
        "    # Translators: a button\n"
        "    return gettext('Send')\n",
        encoding="utf-8",
    )
    # A pot must exist before a language can be started.
    assert messages(tmp_path) == ["storefront.pot"]
    answers = {
        "es": {"Hello %(name)s": "Hola %(name)s", "Title": "Título", "Send": "Enviar", "%(num)s day": ("%(num)s día", "%(num)s días")},
        "fr": {"Hello %(name)s": "Bonjour %(name)s", "Title": "Titre", "Send": "Envoyer", "%(num)s day": ("%(num)s jour", "%(num)s jours")},
    }
    for lang, strings in answers.items():
        path = init_language(tmp_path, lang)
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if message.id:
                message.string = strings[message.id if isinstance(message.id, str) else message.id[0]]
        _save(catalog, path)
    return tmp_path


def _save(catalog: object, path: Path) -> None:
    with open(path, "wb") as fh:
        write_po(fh, catalog)  # type: ignore[arg-type]
    with open(path.with_suffix(".mo"), "wb") as fh:
        write_mo(fh, catalog)  # type: ignore[arg-type]


def _problems(root: Path) -> list[str]:
    return [p for r in check(root, ("es", "fr")) for p in r.problems]


def _project_po(root: Path, lang: str) -> Path:
    return root / "translations" / lang / "LC_MESSAGES" / "storefront.po"


def test_extraction_finds_every_keyword(project: Path) -> None:
    catalog = extract(project)
    assert _ids(catalog) == {"Hello %(name)s", ("%(num)s day", "%(num)s days"), "Title", "Send"}
    assert catalog["Send"].auto_comments == ["a button"]


def test_complete_project_passes_and_init_sets_plural_rules(project: Path) -> None:
    assert _problems(project) == []
    assert main(["--root", str(project), "check", "--require", "es,fr"]) == 0
    assert FRENCH_PLURALS in _project_po(project, "fr").read_text(encoding="utf-8")


def test_new_source_string_makes_the_pot_stale(project: Path) -> None:
    with open(project / "templates" / "page.html", "a", encoding="utf-8") as fh:
        fh.write("{{ _sf('Goodbye') }}")
    assert any("lacks 'Goodbye'" in p for p in _problems(project))
    changed = messages(project)
    assert len(changed) == 3  # the pot and both catalogs
    problems = _problems(project)
    assert any("untranslated: 'Goodbye'" in p and "/es/" in p for p in problems)
    assert any("untranslated: 'Goodbye'" in p and "/fr/" in p for p in problems)
    assert messages(project) == []  # nothing new: files untouched


def test_fuzzy_entry_and_fuzzy_header_fail(project: Path) -> None:
    path = _project_po(project, "es")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid "Send"', '#, fuzzy\nmsgid "Send"'), encoding="utf-8")
    assert any("fuzzy: 'Send'" in p for p in _problems(project))
    path.write_text(text.replace('msgid ""\nmsgstr ""', '#, fuzzy\nmsgid ""\nmsgstr ""', 1), encoding="utf-8")
    assert any("header is marked fuzzy" in p for p in _problems(project))


def test_wrong_plural_rule_fails(project: Path) -> None:
    path = _project_po(project, "fr")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("plural=(n > 1)", "plural=(n != 1)"), encoding="utf-8")
    assert any("Plural-Forms" in p and "(n > 1)" in p for p in _problems(project))


def test_format_placeholder_mismatch_fails(project: Path) -> None:
    path = _project_po(project, "es")
    path.write_text(path.read_text(encoding="utf-8").replace('"Hola %(name)s"', '"Hola %(nombre)s"'), encoding="utf-8")
    assert any("Hello %(name)s" in p for p in _problems(project))


def test_stale_or_missing_mo_fails(project: Path) -> None:
    path = _project_po(project, "es")
    path.write_text(path.read_text(encoding="utf-8").replace('"Enviar"', '"Mandar"'), encoding="utf-8")
    assert any("differs from storefront.po" in p for p in _problems(project))
    path.with_suffix(".mo").unlink()
    assert any("storefront.mo: missing" in p for p in _problems(project))


def test_required_language_must_exist(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "check", "--require", "es,fr,de"]) == 1
    assert "no catalog for 'de'" in capsys.readouterr().err
    assert main(["--root", str(project), "init", "de"]) == 0
    assert main(["--root", str(project), "init", "de"]) == 1  # never overwrites a language


def test_cli_refuses_a_folder_without_babel_cfg(tmp_path: Path) -> None:
    assert main(["--root", str(tmp_path), "check"]) == 2


def test_keywords_cover_our_helpers() -> None:
    for name in ("_sf", "_sf_n", "gettext", "ngettext", "lazy_gettext", "lazy_ngettext", "_"):
        assert name in catalogs.KEYWORDS
