"""Education articles: Markdown files with YAML front matter, per locale, shipped and merchant-edited.

Layout: ``<root>/<locale>/<slug>.md``. The package ships ``storefront_plugin/content``;
a merchant's ``STOREFRONT_CONTENT_DIR`` uses the same layout. A merchant file with a
shipped slug replaces it, a new slug adds an article, and ``hidden: true`` hides one.

Markdown is rendered with markdown-it-py (CommonMark, raw HTML allowed for
merchants) and the result is always sanitised with nh3, so a merchant's HTML
can never inject scripts or event handlers. Free of Flask: the web layer asks
:class:`ContentLibrary` for articles and renders them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nh3

# markdown-it and PyYAML are imported where articles are parsed (at init_app),
# not when the package is imported: they are a fifth of its import time.
if TYPE_CHECKING:
    from markdown_it import MarkdownIt

from .errors import ConfigurationError
from .references import Reference, load_references

__all__ = ["Article", "ContentLibrary", "FaqEntry", "load_library", "render_markdown", "sanitize_html"]

#: Slugs with a page of their own rather than a plain article page.
INDEX_SLUG = "index"
#: The language every article is written in first; translations fall back to it.
SOURCE_LOCALE = "en"
#: Front-matter keys a file may use, and the type each must have.
_KEYS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "summary": str,
    "order": int,
    "last_reviewed": date,
    "hidden": bool,
    "schema": str,
    "list_all_references": bool,
}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*)\]")

#: What merchant (and our) HTML may contain after sanitising: text formatting, links, lists, tables.
_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "lang", "title", "class"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}


def sanitize_html(fragment: str) -> str:
    """``fragment`` with everything but safe formatting, links and tables removed (nh3/ammonia)."""
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


def render_markdown(text: str) -> str:
    """Markdown (front matter ignored) to sanitised HTML."""
    return sanitize_html(_markdown().render(text))


@dataclass(frozen=True)
class FaqEntry:
    """One question of an FAQ article, for the schema.org FAQPage JSON-LD."""

    question: str
    answer_html: str

    @property
    def answer_text(self) -> str:
        return html.unescape(nh3.clean(self.answer_html, tags=set())).strip()


@dataclass(frozen=True)
class Article:
    """One education page in one locale."""

    slug: str
    locale: str
    title: str
    summary: str
    last_reviewed: date
    body_html: str
    path: Path
    order: int = 100
    hidden: bool = False
    schema: str | None = None
    list_all_references: bool = False
    citations: tuple[Reference, ...] = ()
    faq: tuple[FaqEntry, ...] = ()


@dataclass
class ContentLibrary:
    """Every article by locale and slug, after merchant overrides; built once per app."""

    default_locale: str
    references: dict[str, Reference]
    articles: dict[str, dict[str, Article]] = field(default_factory=dict)

    def get(self, slug: str, locale: str) -> Article | None:
        """The visible article ``slug`` in ``locale``, else its language, the default locale or English.

        Hidden in English or the default locale hides every translation too.
        """
        sources = dict.fromkeys((self.default_locale, SOURCE_LOCALE))
        if any(getattr(self.articles.get(c, {}).get(slug), "hidden", False) for c in sources):
            return None
        for candidate in dict.fromkeys((locale, locale.split("_")[0], *sources)):
            found = self.articles.get(candidate, {}).get(slug)
            if found is not None:
                return None if found.hidden else found
        return None

    def listing(self, locale: str) -> list[Article]:
        """Visible articles (not the index) in reading order, each in ``locale`` where it exists."""
        slugs = set(self.articles.get(self.default_locale, {})) | set(self.articles.get(SOURCE_LOCALE, {}))
        slugs |= set(self.articles.get(locale, {}))
        found = [self.get(slug, locale) for slug in slugs if slug != INDEX_SLUG]
        return sorted((a for a in found if a is not None), key=lambda a: (a.order, a.title))


def _fail(path: Path, line: int, problem: str, fix: str) -> ConfigurationError:
    return ConfigurationError(f"{path}:{line}: {problem}. {fix}")


def _front_matter(path: Path, text: str) -> dict[str, Any]:
    import yaml

    tokens = _markdown().parse(text)
    if not tokens or tokens[0].type != "front_matter":
        raise _fail(path, 1, "no front matter", "Start the file with a '---' line, the keys (title, summary, "
                    "last_reviewed...), and another '---' line")
    try:
        data = yaml.safe_load(tokens[0].content) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        raise _fail(path, line, f"front matter is not valid YAML ({getattr(exc, 'problem', exc)})",
                    "Write one 'key: value' per line; quote values that contain ':'") from None
    if not isinstance(data, dict):
        raise _fail(path, 2, "front matter is not a set of 'key: value' lines", "Write one 'key: value' per line")
    for key, value in data.items():
        expected = _KEYS.get(key)
        if expected is None:
            raise _fail(path, _key_line(text, key), f"unknown front-matter key {key!r}",
                        f"Use only {', '.join(sorted(_KEYS))}")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            hint = "a date written as YYYY-MM-DD" if expected is date else f"a {getattr(expected, '__name__', expected)}"
            raise _fail(path, _key_line(text, key), f"{key!r} must be {hint}, not {value!r}", f"Fix the value of {key}")
    return data


def _key_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _cite(path: Path, text: str, body: str, references: dict[str, Reference]) -> tuple[str, tuple[Reference, ...]]:
    """Replace ``[@id]`` markers by numbered links to the article's reference list."""
    order: list[str] = []
    for match in _CITATION.finditer(body):
        ref_id = match.group(1)
        if ref_id not in references:
            line = next((n for n, ln in enumerate(text.splitlines(), 1) if f"[@{ref_id}]" in ln), 1)
            raise _fail(path, line, f"cites unknown reference {ref_id!r}",
                        f"Cite one of {', '.join(sorted(references))} (the verified list in references.yaml)")
        if ref_id not in order:
            order.append(ref_id)

    def link(match: re.Match[str]) -> str:
        number = order.index(match.group(1)) + 1
        return f'<sup class="sf-cite"><a href="#ref-{match.group(1)}">[{number}]</a></sup>'

    return _CITATION.sub(link, body), tuple(references[r] for r in order)


def _faq(html_body: str) -> tuple[FaqEntry, ...]:
    """Each ``<h2>`` with the content up to the next one: the FAQ's questions and answers."""
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", html_body, flags=re.S)
    entries = []
    for i in range(1, len(parts) - 1, 2):
        question = html.unescape(nh3.clean(parts[i], tags=set())).strip()
        entries.append(FaqEntry(question, parts[i + 1].strip()))
    return tuple(entries)


def load_article(path: Path, locale: str, references: dict[str, Reference], replaces: Article | None = None) -> Article:
    """Parse one Markdown file; a mistake raises ConfigurationError naming the file and line.

    A file that ``replaces`` a shipped article keeps that article's place in the list unless it sets ``order``.
    """
    slug = path.stem
    if not _SLUG.match(slug):
        raise _fail(path, 1, f"file name {path.name!r} is not a usable page address",
                    "Name it with lower-case letters, digits and dashes, e.g. 'safe-use.md'")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(path, 1, f"not UTF-8 text ({exc.reason})", "Save the file as UTF-8") from None
    meta = _front_matter(path, text)
    if meta.get("hidden") is True and "title" not in meta:
        # A file that only says 'hidden: true' hides the shipped article of the same name.
        return Article(slug, locale, slug, "", date.min, "", path, hidden=True)
    for required in ("title", "last_reviewed"):
        if required not in meta:
            raise _fail(path, 2, f"front matter lacks {required!r}",
                        "Add it, e.g. 'title: Safe use' and 'last_reviewed: 2026-11-22'")
    schema = meta.get("schema")
    if schema not in (None, "FAQPage"):
        raise _fail(path, _key_line(text, "schema"), f"schema {schema!r} is not supported", "Use 'schema: FAQPage' or remove it")
    body, citations = _cite(path, text, render_markdown(text), references)
    return Article(
        slug=slug,
        locale=locale,
        title=meta["title"],
        summary=meta.get("summary", ""),
        last_reviewed=meta["last_reviewed"],
        body_html=body,
        path=path,
        order=meta.get("order", replaces.order if replaces is not None else 100),
        hidden=meta.get("hidden", False),
        schema=schema,
        list_all_references=meta.get("list_all_references", False),
        citations=citations,
        faq=_faq(body) if schema == "FAQPage" else (),
    )


def _scan(root: Path, references: dict[str, Reference], into: dict[str, dict[str, Article]]) -> None:
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        for path in sorted(folder.glob("*.md")):
            articles = into.setdefault(folder.name, {})
            articles[path.stem] = load_article(path, folder.name, references, articles.get(path.stem))


def shipped_content_dir() -> Path:
    """Folder of the articles the package ships (``<locale>/<slug>.md``)."""
    from importlib.resources import files

    # The folder sits inside the package itself (not a package_dir mapping), so this works in every install.
    return Path(str(files("storefront_plugin"))) / "content"


def load_library(default_locale: str, merchant_dir: Path | None = None) -> ContentLibrary:
    """Shipped articles, then the merchant's on top of them (same slug replaces, ``hidden`` hides)."""
    references = load_references()
    library = ContentLibrary(default_locale=default_locale, references=references)
    _scan(shipped_content_dir(), references, library.articles)
    if merchant_dir is not None:
        shipped = {locale: dict(articles) for locale, articles in library.articles.items()}
        _scan(merchant_dir, references, library.articles)
        # Our translations translate our English: where the merchant rewrote it, they would say
        # something else, so such a page falls back to the merchant's English (with the note).
        for slug, article in library.articles.get(SOURCE_LOCALE, {}).items():
            if article.hidden or article is shipped.get(SOURCE_LOCALE, {}).get(slug):
                continue
            for locale, articles in library.articles.items():
                if locale != SOURCE_LOCALE and slug in articles and articles[slug] is shipped.get(locale, {}).get(slug):
                    del articles[slug]
    return library
