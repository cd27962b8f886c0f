"""Views of the education pages and the legal-status page."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, render_template
from markupsafe import Markup

from .content import Article, ContentLibrary
from .extension import get_state
from .i18n import current_locale
from .legal import STATUS_STYLE, TILES, legal_status
from .settings import SETTINGS

__all__ = ["register"]


def _library() -> ContentLibrary:
    library = get_state().content
    if library is None:  # pragma: no cover - loaded when the blueprint registers
        raise RuntimeError("storefront_plugin's articles are not loaded on this app")
    return library


def _locale() -> str:
    return str(current_locale())


def _faq_jsonld(article: Article) -> Markup | None:
    if article.schema != "FAQPage" or not article.faq:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": e.question, "acceptedAnswer": {"@type": "Answer", "text": e.answer_text}}
            for e in article.faq
        ],
    }
    # "<" escaped so no answer text can close the <script> element.
    return Markup(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))


def index() -> str:
    """The education index: the merchant-editable introduction and every visible article."""
    library = _library()
    locale = _locale()
    return render_template("storefront/index.html", intro=library.get("index", locale), articles=library.listing(locale))


def article(slug: str) -> str:
    """One article, with its citations, last-reviewed date and (for the FAQ) JSON-LD."""
    library = _library()
    found = library.get(slug, _locale())
    if found is None or slug == "index":
        abort(404)
    everything = sorted(library.references.values(), key=lambda r: (r.journal == "", r.authors, r.title))
    return render_template(
        "storefront/article.html",
        article=found,
        all_references=everything if found.list_all_references else [],
        faq_jsonld=_faq_jsonld(found),
        articles=library.listing(_locale()),
    )


def legal() -> str:
    """Where kratom is banned or restricted, from the rules that decide shipping."""
    state = get_state()
    settings: dict[str, Any] = state.settings
    age_key = SETTINGS.get("STOREFRONT_MIN_AGE")
    licence_key = SETTINGS.get("STOREFRONT_LICENSES")
    base_age = int(settings[age_key.key]) if age_key is not None else 18
    licences = frozenset(settings[licence_key.key]) if licence_key is not None else frozenset()
    status = legal_status(state.rules, base_age=base_age, licenses=licences)
    width = max(c for c, _ in TILES.values()) + 1
    height = max(r for _, r in TILES.values()) + 1
    return render_template("storefront/legal.html", legal=status, styles=STATUS_STYLE, grid=(width, height))


def register(bp: Blueprint) -> None:
    """Attach the article and legal-status routes to ``bp`` (the index is ``pages.index``)."""
    bp.add_url_rule("/learn/<slug>", "article", article)
    bp.add_url_rule("/legal", "legal", legal)
