"""The translation workflow of the ``storefront`` domain, and the check that guards it.

Run from the repository root::

    python -m storefront_plugin.catalogs messages   # extract to translations/storefront.pot, merge into each .po
    python -m storefront_plugin.catalogs init pt_BR # start a new language from the .pot
    python -m storefront_plugin.catalogs check      # fail unless every catalog is complete and compiled

``make messages`` and ``make catalogs`` call it, and the tests use the same
functions, so extraction keywords live only here. Pure Babel, free of Flask.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

__all__ = [
    "DOMAIN",
    "KEYWORDS",
    "CatalogReport",
    "check",
    "extract",
    "init_language",
    "languages",
    "messages",
]

DOMAIN = "storefront"

#: Functions whose string arguments are extracted: Babel's defaults plus ours.
KEYWORDS: dict[str, Any] = {
    **DEFAULT_KEYWORDS,
    "_sf": None,
    "_sf_n": (1, 2),
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}

#: ``# Translators: ...`` comments above a call reach the translator.
COMMENT_TAGS = ("Translators:",)

_PLURAL_FORMS = re.compile(r'^"Plural-Forms: *(.*?)\\n"$', re.MULTILINE)


def _translations(root: Path) -> Path:
    return root / "translations"


def _po_path(root: Path, lang: str) -> Path:
    return _translations(root) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(root: Path) -> list[str]:
    """Languages that have a ``.po`` of our domain, sorted."""
    return sorted(p.parent.parent.name for p in _translations(root).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def extract(root: Path) -> Catalog:
    """Every translatable string of the code and templates, as ``translations/babel.cfg`` maps them."""
    with open(_translations(root) / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    catalog = Catalog(project="storefront_plugin", domain=DOMAIN, charset="utf-8", fuzzy=False)
    found = extract_from_dir(
        root, method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path) -> bool:
    """Write ``catalog`` as a .po/.pot unless only its dates would change; True if written."""
    out = BytesIO()
    write_po(out, catalog, width=76, no_location=True, sort_output=True, ignore_obsolete=True)
    new = out.getvalue()
    if path.exists():
        dates = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)
        if dates.sub(b"", path.read_bytes()) == dates.sub(b"", new):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new)
    return True


def messages(root: Path) -> list[str]:
    """Re-extract the .pot and merge it into every .po (``make messages``); return what changed."""
    template = extract(root)
    changed = []
    if _write(template, _translations(root) / f"{DOMAIN}.pot"):
        changed.append(f"{DOMAIN}.pot")
    for lang in languages(root):
        path = _po_path(root, lang)
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
        # No fuzzy matching: a guessed translation of a changed legal sentence is worse than none.
        catalog.update(template, no_fuzzy_matching=True)
        if _write(catalog, path):
            changed.append(str(path.relative_to(root)))
    return changed


def init_language(root: Path, lang: str) -> Path:
    """Start ``lang`` from the .pot, with the plural rule CLDR gives for it."""
    path = _po_path(root, lang)
    if path.exists():
        raise FileExistsError(f"{path} exists; run `make messages` to update it")
    with open(_translations(root) / f"{DOMAIN}.pot", "rb") as fh:
        template = read_po(fh)
    catalog = Catalog(locale=Locale.parse(lang), domain=DOMAIN, project="storefront_plugin", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)
    _write(catalog, path)
    return path


@dataclass
class CatalogReport:
    """What :func:`check` found for one language."""

    lang: str
    total: int
    translated: int
    problems: list[str]


def _ids(catalog: Iterable[Message]) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _strings(message: Message) -> tuple[str, ...]:
    value = message.string
    if isinstance(value, str):
        return (value,)
    return tuple(value or ())


def _check_language(root: Path, lang: str, template_ids: set[str]) -> CatalogReport:
    path = _po_path(root, lang)
    problems: list[str] = []
    text = path.read_text(encoding="utf-8")
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    where = f"{path.relative_to(root)}"

    expected = get_plural(lang)
    header = _PLURAL_FORMS.search(text)
    want = f"nplurals={expected.num_plurals}; plural={expected.plural_expr};"
    if header is None:
        problems.append(f"{where}: no Plural-Forms header; add {want!r}")
    elif header.group(1).strip() != want:
        problems.append(f"{where}: Plural-Forms is {header.group(1)!r}, CLDR says {want!r}")
    if catalog.fuzzy:
        problems.append(f"{where}: the header is marked fuzzy (pybabel compile would skip the file); remove '#, fuzzy'")

    translated = 0
    messages = [m for m in catalog if m.id]
    for message in messages:
        label = message.id if isinstance(message.id, str) else message.id[0]
        strings = _strings(message)
        if message.fuzzy:
            problems.append(f"{where}: fuzzy: {label!r}")
        elif not strings or not all(strings):
            problems.append(f"{where}: untranslated: {label!r}")
        elif message.pluralizable and len(strings) != expected.num_plurals:
            problems.append(f"{where}: {label!r} has {len(strings)} plural forms, the language needs {expected.num_plurals}")
        else:
            translated += 1
        for error in message.check(catalog):
            problems.append(f"{where}: {label!r}: {error}")
    ids = _ids(messages)
    for missing in sorted(template_ids - ids):
        problems.append(f"{where}: missing {missing!r}; run `make messages`")
    for extra in sorted(ids - template_ids):
        problems.append(f"{where}: not in the .pot any more: {extra!r}; run `make messages`")

    problems.extend(_compare_mo(root, lang, catalog))
    return CatalogReport(lang, len(messages), translated, problems)


def _compare_mo(root: Path, lang: str, po: Catalog) -> list[str]:
    """The .mo must hold exactly the .po's finished translations."""
    po_path = _po_path(root, lang)
    mo_path = po_path.with_suffix(".mo")
    where = f"{mo_path.relative_to(root)}"
    if not mo_path.exists():
        return [f"{where}: missing; run `make catalogs`"]
    with open(mo_path, "rb") as fh:
        mo = read_mo(fh)

    def table(catalog: Catalog, *, skip_fuzzy: bool) -> dict[Any, tuple[str, ...]]:
        return {
            (m.context, m.id if isinstance(m.id, str) else tuple(m.id)): _strings(m)
            for m in catalog
            if m.id and _strings(m) and all(_strings(m)) and not (skip_fuzzy and m.fuzzy)
        }

    if table(mo, skip_fuzzy=False) != table(po, skip_fuzzy=True):
        return [f"{where}: differs from {po_path.name}; run `make catalogs`"]
    if mo.plural_forms != po.plural_forms:
        return [f"{where}: plural rule differs from {po_path.name}; run `make catalogs`"]
    return []


def check(root: Path, required: Sequence[str] = ()) -> list[CatalogReport]:
    """Check the .pot against the sources and every .po/.mo against the .pot."""
    template_path = _translations(root) / f"{DOMAIN}.pot"
    with open(template_path, "rb") as fh:
        template = read_po(fh)
    template_ids = _ids(template)
    reports = []
    stale: list[str] = []
    source_ids = _ids(extract(root))
    for missing in sorted(source_ids - template_ids):
        stale.append(f"{template_path.relative_to(root)}: lacks {missing!r}; run `make messages`")
    for extra in sorted(template_ids - source_ids):
        stale.append(f"{template_path.relative_to(root)}: no source uses {extra!r} any more; run `make messages`")
    if stale:
        reports.append(CatalogReport(f"{DOMAIN}.pot", len(template_ids), len(template_ids), stale))
    have = languages(root)
    for lang in required:
        if lang not in have:
            reports.append(CatalogReport(lang, 0, 0, [f"no catalog for {lang!r}; run `python -m storefront_plugin.catalogs init {lang}`"]))
    for lang in have:
        reports.append(_check_language(root, lang, template_ids))
    return reports


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storefront_plugin.catalogs", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("messages", help="extract strings and merge them into every .po")
    init = sub.add_parser("init", help="start a new language from the .pot")
    init.add_argument("lang")
    chk = sub.add_parser("check", help="fail unless every catalog is complete, not fuzzy and compiled")
    chk.add_argument("--require", default="", help="comma-separated languages that must exist, e.g. es,fr,de")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    if not (_translations(root) / "babel.cfg").is_file():
        print(f"{root}: no translations/babel.cfg here; run from the repository root or pass --root", file=sys.stderr)
        return 2

    if args.command == "messages":
        changed = messages(root)
        print("updated: " + ", ".join(changed) if changed else "catalogs already up to date")
        return 0
    if args.command == "init":
        try:
            print(f"created {init_language(root, args.lang)}")
        except (FileExistsError, ValueError) as exc:
            print(exc, file=sys.stderr)
            return 1
        return 0

    required = [x for x in args.require.split(",") if x]
    failed = False
    for report in check(root, required):
        for problem in report.problems:
            print(problem, file=sys.stderr)
        failed = failed or bool(report.problems)
        if report.total and not report.lang.endswith(".pot"):
            share = 100 * report.translated // report.total
            print(f"{report.lang}: {report.translated} of {report.total} messages translated ({share}%)")
    if failed:
        print("catalog check failed: fix the problems above (see README, Translations)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
