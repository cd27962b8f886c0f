"""Articles: front matter, citations, merchant edits (replace, add, hide), sanitising, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from storefront_plugin import ConfigurationError
from storefront_plugin.content import load_library, sanitize_html
from storefront_plugin.references import load_references, references_file

SHARED_REFERENCES = Path(__file__).resolve().parents[2] / "shared" / "reference" / "references.yaml"
SLUGS = {"index", "what-is-kratom", "benefits-and-risks", "anxiety-and-depression", "safe-use", "faq", "references"}


def _write(folder: Path, name: str, text: str) -> Path:
    (folder / "en").mkdir(parents=True, exist_ok=True)
    path = folder / "en" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_all_seven_pages_ship_with_a_review_date_and_citations() -> None:
    library = load_library("en")
    assert set(library.articles["en"]) == SLUGS
    for slug in SLUGS - {"index", "references"}:
        article = library.get(slug, "en")
        assert article is not None and article.last_reviewed.year >= 2026
        assert article.citations, f"{slug} cites nothing"
        assert all(ref.links for ref in article.citations)


def test_citations_are_only_verified_journal_entries_with_identifiers() -> None:
    for ref in load_references().values():
        if ref.journal:
            assert ref.doi or ref.pmc or ref.pmid, ref.id
            assert all(url.startswith(("https://doi.org/", "https://www.ncbi.nlm.nih.gov/pmc/", "https://pubmed.ncbi.nlm.nih.gov/")) for _, url in ref.links)


def test_shipped_references_match_the_verified_list() -> None:
    if not SHARED_REFERENCES.is_file():
        pytest.skip(f"verified reference list not found at {SHARED_REFERENCES}")
    verified = yaml.safe_load(SHARED_REFERENCES.read_text(encoding="utf-8"))
    shipped = yaml.safe_load(references_file().read_text(encoding="utf-8"))
    assert shipped["references"] == verified["references"]
    assert shipped["official_sources"] == verified["official_sources"]


def test_citation_text_has_single_full_stops() -> None:
    swogger = load_references()["swogger-2022"]
    assert swogger.citation.startswith("Swogger MT, Smith KE, Garcia-Romeu A, et al. Understanding Kratom Use")
    assert ".." not in "".join(ref.citation for ref in load_references().values())


def test_faq_questions_come_from_its_headings() -> None:
    faq = load_library("en").get("faq", "en")
    assert faq is not None and faq.schema == "FAQPage"
    assert len(faq.faq) >= 6
    assert faq.faq[0].question == "Is kratom approved by the FDA?"
    assert "<" not in faq.faq[0].answer_text and faq.faq[0].answer_text.startswith("No.")


def test_merchant_replaces_adds_and_hides_articles(tmp_path: Path) -> None:
    _write(tmp_path, "safe-use.md", "---\ntitle: Our safe use page\nlast_reviewed: 2026-12-01\n---\nShort and plain.\n")
    _write(tmp_path, "storage.md", "---\ntitle: Storing leaf\nsummary: Keep it dry.\norder: 45\nlast_reviewed: 2026-12-01\n---\nKeep it dry.\n")
    _write(tmp_path, "faq.md", "---\nhidden: true\n---\n")
    library = load_library("en", tmp_path)
    safe = library.get("safe-use", "en")
    assert safe is not None and safe.title == "Our safe use page"
    assert library.get("faq", "en") is None
    titles = [a.title for a in library.listing("en")]
    assert "Storing leaf" in titles and "Frequently asked questions" not in titles
    assert titles.index("Storing leaf") == titles.index("Our safe use page") + 1


def test_missing_locale_falls_back_to_english() -> None:
    article = load_library("en").get("what-is-kratom", "pt_BR")  # no Portuguese articles ship
    assert article is not None and article.locale == "en"


@pytest.mark.parametrize(
    ("dangerous", "kept", "gone"),
    [
        ('<script>alert(1)</script><p>ok</p>', "<p>ok</p>", "alert"),
        ('<img src="x.png" onerror="alert(1)" alt="leaf">', 'alt="leaf"', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', ">x</a>", "javascript:"),
        ('<p style="position:fixed" onclick="steal()">hi</p>', "<p>hi</p>", "onclick"),
        ('<iframe src="https://evil.example"></iframe><b>b</b>', "<b>b</b>", "iframe"),
    ],
)
def test_sanitising(dangerous: str, kept: str, gone: str) -> None:
    clean = sanitize_html(dangerous)
    assert kept in clean and gone not in clean


def test_merchant_html_in_markdown_is_sanitised(tmp_path: Path) -> None:
    _write(tmp_path, "extra.md", '---\ntitle: Extra\nlast_reviewed: 2026-12-01\n---\n<div onmouseover="x()">Hi <script>bad()</script><a href="https://a.example">link</a></div>\n')
    article = load_library("en", tmp_path).get("extra", "en")
    assert article is not None
    assert "script" not in article.body_html and "onmouseover" not in article.body_html
    assert 'href="https://a.example"' in article.body_html and 'rel="noopener noreferrer"' in article.body_html


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("No front matter here.\n", 1, "no front matter"),
        ("---\ntitle: [unclosed\nlast_reviewed: 2026-01-01\n---\n", 3, "not valid YAML"),
        ("---\ntitle: T\nlast_reviewed: yesterday\n---\n", 3, "YYYY-MM-DD"),
        ("---\ntitle: T\nlast_reviewed: 2026-01-01\ncolour: red\n---\n", 4, "unknown front-matter key 'colour'"),
        ("---\ntitle: T\nlast_reviewed: 2026-01-01\n---\nSee [@no-such-paper].\n", 5, "unknown reference 'no-such-paper'"),
        ("---\ntitle: T\n---\nBody\n", 2, "lacks 'last_reviewed'"),
    ],
)
def test_broken_article_stops_start_up_naming_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = _write(tmp_path, "broken.md", text)
    with pytest.raises(ConfigurationError) as err:
        load_library("en", tmp_path)
    assert f"{path}:{line}:" in str(err.value) and words in str(err.value)


def test_broken_merchant_content_stops_init_app(tmp_path: Path, app_factory) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path, "bad.md", "---\ntitle: T\n---\n")
    with pytest.raises(ConfigurationError, match="bad.md:2"):
        app_factory({"STOREFRONT_CONTENT_DIR": str(tmp_path)})
