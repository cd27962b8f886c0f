"""The disease-claims checker: accuracy on the seed articles, silence on our own content and on shop copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from storefront_plugin.claims import check_paths, check_text
from storefront_plugin.content import shipped_content_dir
from storefront_plugin.resources import templates_dir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (the shared/ folder beside the repository)")
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


#: (seed, words of a disease claim in it that must be flagged)
SEED_CLAIMS = [
    ("000", "used to treat chronic pain, anxiety, depression, and opioid addiction"),
    ("000", "safer alternative to opioids"),
    ("000", "potential as an anxiolytic and antidepressant"),
    ("000", "has potential as a treatment for neuropathic pain"),
    ("000", "a promising new therapy for neuropathic pain"),
    ("001", "providing pain relief and mood regulation effects"),
    ("001", "Support for Opioid Withdrawal"),
    ("001", "ease withdrawal symptoms, and support recovery in patients with opioid use disorder"),
    ("001", "Is Kratom a Natural Pain Reliever?"),
    ("001", "support in regulating addictive behavior"),
    ("002", "potential in treating mood disorders such as depression and anxiety"),
    ("002", "could help those struggling with insomnia or severe anxiety"),
    ("002", "seeking alternatives to conventional opioid medications"),
    ("002", "a more natural and less addictive option"),
    ("002", "mitigating withdrawal symptoms and cravings"),
    ("003", "temporary relief for anxiety symptoms"),
    ("003", "helps to elevate mood and combat feelings of depression"),
    ("003", "Kratom Powder for Anxiety and Depression"),
]

#: (seed, a neutral sentence in it that must not be flagged)
SEED_NEUTRAL = [
    ("000", "Kratom, also known as Mitragyna speciosa, is a tropical tree native to Southeast Asia."),
    ("000", "This product is not intended to diagnose, treat, cure or prevent any disease."),
    ("000", "This product should be used only as directed on the label."),
    ("001", "Kratom leaves are chewed fresh, dried to make tea, or ground into a fine powder."),
    ("001", "Users often experience nausea, dizziness, constipation, and sleep disorders."),
    ("001", "Kratom should not be combined with alcohol, synthetic opioids, or benzodiazepines."),
    ("001", "Many kratom products on the market are not tested, potentially containing heavy metals"),
    ("002", "There have been instances of kratom being linked to serious health issues, including liver damage and seizures"),
    ("003", "Research conducted so far has not consistently demonstrated that kratom is effective in treating depression"),
    ("003", "there is no substantial evidence to support its use as a treatment for mental health conditions"),
]

#: Ordinary shop copy that must pass.
SHOP_COPY = [
    "Treat yourself to a stainless steel tea infuser.",
    "Store in a cool, dry place to prevent clumping.",
    "Finely ground dried Mitragyna speciosa leaf, lab-tested for alkaloid content and heavy metals.",
    "Free shipping on orders over $50. Returns accepted within 30 days.",
    "Our support team will help with your order.",
    "WARNING: Consuming this product can expose you to lead, which is known to the State of California "
    "to cause cancer and birth defects or other reproductive harm.",
    "Do not use if you are pregnant or nursing. Consult a physician before use.",
    "These statements have not been evaluated by the Food and Drug Administration. "
    "This product is not intended to diagnose, treat, cure, or prevent any disease.",
    "Not for sale to anyone under 21. Keep out of reach of children.",
]


def _flagged(text: str, sentence: str) -> bool:
    start = text.index(sentence)
    end = start + len(sentence)
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for finding in check_text(text, "seed.txt"):
        offset = offsets[finding.line - 1] + finding.column - 1
        if start <= offset < end:
            return True
    return False


@pytest.mark.parametrize(("seed", "claim"), SEED_CLAIMS)
def test_flags_the_seed_claims(seeds: dict[str, str], seed: str, claim: str) -> None:
    assert _flagged(seeds[seed], claim), claim


@pytest.mark.parametrize(("seed", "sentence"), SEED_NEUTRAL)
def test_leaves_neutral_seed_sentences_alone(seeds: dict[str, str], seed: str, sentence: str) -> None:
    assert not _flagged(seeds[seed], sentence), sentence


def test_every_seed_has_many_findings(seeds: dict[str, str]) -> None:
    for name, text in seeds.items():
        assert len(check_text(text, name)) >= 8, name


@pytest.mark.parametrize("copy", SHOP_COPY)
def test_ordinary_shop_copy_passes(copy: str) -> None:
    assert check_text(copy, "copy.html") == []


@pytest.mark.parametrize(
    ("text", "suffix", "phrase"),
    [
        ("Kratom <strong>relieves</strong>\n<em>chronic pain</em>.", ".html", "relieves chronic pain"),
        ("It **eases** _anxiety_ fast.", ".md", "eases anxiety"),
        ("{{ _sf('Our leaf treated my depression') }}", ".html", "treated my depression"),
        ("Kratom&nbsp;cures&nbsp;diabetes", ".html", "diabetes"),
        ("<img alt=\"kratom for opioid withdrawal\" src=\"x.png\">", ".html", "opioid withdrawal"),
        ("Works as an antidepressant.", ".txt", "antidepressant"),
        ("It heals arthritis.", ".txt", "heals arthritis"),
    ],
)
def test_markup_and_inflections(text: str, suffix: str, phrase: str) -> None:
    findings = check_text(text, f"x{suffix}")
    assert any(phrase in f.phrase for f in findings), [f.phrase for f in findings]


def test_positions_point_at_the_claim() -> None:
    text = "Line one.\n<p>Fine words.</p>\n<p>Now it <b>cures</b> arthritis.</p>\n"
    (finding,) = check_text(text, "page.html")
    assert (finding.line, finding.column) == (3, 14)
    assert text.splitlines()[2][finding.column - 1 :].startswith("cures")


def test_jinja_comments_and_statements_are_ignored() -> None:
    assert check_text("{# this page never treats pain #}{% if cures %}{% endif %}", "t.html") == []


def test_shipped_content_and_templates_have_no_findings() -> None:
    findings = check_paths([shipped_content_dir(), templates_dir() / "storefront"])
    assert findings == [], "\n".join(f.as_line() for f in findings)


def test_cli_text_output_and_exit_code(runner: FlaskCliRunner, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>Our kratom relieves back pain.</p>\n", encoding="utf-8")
    result = runner.invoke(args=["storefront", "lint-claims", str(page)])
    assert result.exit_code == 1
    assert f"{page}:1:15: relieves back pain \u2014 pain claim" in result.output


def test_cli_json_output(runner: FlaskCliRunner, tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("Kratom is a natural pain reliever.\n", encoding="utf-8")
    result = runner.invoke(args=["storefront", "lint-claims", "--format", "json", str(page)])
    assert result.exit_code == 1
    data = json.loads(result.output.split("\n1 possible")[0])
    assert data[0].keys() == {"path", "line", "column", "phrase", "kind", "suggestion"}


def test_cli_default_paths_are_clean(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["storefront", "lint-claims"])
    assert result.exit_code == 0, result.output
