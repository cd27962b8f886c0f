"""The shipped catalogs: the .pot holds every string, every .po is complete, every .mo matches its .po."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from storefront_plugin.catalogs import check, extract, languages

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("es", "fr", "de")
#: The gettext plural rules of our languages (French counts 0 as singular).
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);",
}
HOW = "run `make messages`, translate, then `make catalogs` (README, Translations)"


def _po(lang: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / "storefront.po"


def _key(value: object) -> object:
    return value if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]


def _ids(catalog: object) -> set[object]:
    return {_key(m.id) for m in catalog if m.id}  # type: ignore[attr-defined]


def test_every_language_is_shipped() -> None:
    assert set(LANGUAGES) <= set(languages(ROOT))


def test_pot_holds_every_string_of_the_code_and_templates() -> None:
    with open(ROOT / "translations" / "storefront.pot", "rb") as fh:
        pot = read_po(fh)
    extracted = extract(ROOT)
    assert len(extracted) > 0
    missing = _ids(extracted) - _ids(pot)
    stale = _ids(pot) - _ids(extracted)
    assert not missing, f"strings missing from the .pot: {sorted(map(str, missing))[:20]}; {HOW}"
    assert not stale, f"the .pot has strings no source uses: {sorted(map(str, stale))[:20]}; {HOW}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_po_is_complete_with_no_fuzzy_entries(lang: str) -> None:
    text = _po(lang).read_text(encoding="utf-8")
    assert f'"Plural-Forms: {PLURAL_FORMS[lang]}\\n"' in text
    with open(_po(lang), "rb") as fh:
        catalog = read_po(fh, locale=lang)
    assert not catalog.fuzzy
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
        if message.pluralizable:
            assert len(strings) == catalog.num_plurals, message.id
        assert not list(message.check(catalog)), message.id
    assert not problems, f"{lang}: {len(problems)} untranslated or fuzzy, e.g. {problems[:5]}; {HOW}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mo_matches_its_po(lang: str) -> None:
    with open(_po(lang), "rb") as fh:
        po = read_po(fh, locale=lang)
    with open(_po(lang).with_suffix(".mo"), "rb") as fh:
        mo = read_mo(fh)
    def table(catalog: object) -> dict[object, object]:
        return {_key(m.id): _key(m.string) for m in catalog if m.id and not m.fuzzy}  # type: ignore[attr-defined]

    assert table(mo) == table(po), f"{lang}: run `make catalogs`"
    assert mo.plural_forms == po.plural_forms


def test_check_module_passes_on_the_shipped_catalogs() -> None:
    reports = check(ROOT, LANGUAGES)
    assert [p for r in reports for p in r.problems] == []
    assert {r.lang for r in reports} >= set(LANGUAGES)
