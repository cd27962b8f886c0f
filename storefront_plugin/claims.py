"""The disease-claims checker: finds wording FDA and FTC letters treat as drug claims.

Pure logic, free of Flask: ``flask storefront lint-claims`` and the tests call
:func:`check_text` and :func:`check_paths`. Markup (HTML tags, Jinja blocks and
comments, Markdown emphasis and link targets, entities) is blanked out with
spaces before matching, so a claim split by ``<strong>`` is still found and
every finding keeps its true line and column in the file.

Sentences that negate the claim ("is not intended to diagnose, treat, cure, or
prevent any disease", "no trial has tested ...") are left alone, and so are
plain mentions of a disease in a warning or a risk statement ("known to cause
cancer").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .claims_patterns import PATTERNS, ClaimPattern

__all__ = ["Finding", "check_paths", "check_text", "format_findings", "iter_files", "SCANNED_SUFFIXES"]

#: File types the checker reads when given a folder.
SCANNED_SUFFIXES = (".html", ".htm", ".jinja", ".j2", ".md", ".markdown", ".txt")

_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|neither|none|nothing|without|cannot|can't|isn't|aren't|wasn't|weren't|hasn't|haven't"
    r"|doesn't|don't|didn't|won't|unproven|lack\w*|insufficient|limited|unsupported|unsubstantiated)\b",
    re.IGNORECASE,
)
_HARM_CONTEXT = re.compile(
    r"\b(?:cause\w*|caus\w+|risk\w*|harm\w*|adverse|side[- ]effects?|linked|injur\w*|warning|known\s+to|consult|"
    r"talk\s+to|if\s+you\s+have|reports?\s+of|toxic\w*|danger\w*)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;]\s|\n\s*\n")


@dataclass(frozen=True)
class Finding:
    """One suspected disease claim, located in its file."""

    path: str
    line: int
    column: int
    phrase: str
    kind: str
    suggestion: str
    pattern: str

    def as_line(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.phrase} \u2014 {self.kind} \u2014 {self.suggestion}"

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out.pop("pattern")
        return out


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_JINJA_STMT = re.compile(r"\{%.*?%\}", re.S)
_JINJA_EXPR = re.compile(r"\{\{.*?\}\}", re.S)
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"</?[A-Za-z][^>]*>", re.S)
_VISIBLE_ATTR = re.compile(r"\b(?:alt|title|content|aria-label|placeholder)\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_MD_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_MD_CITATION = re.compile(r"\[@[a-z0-9-]+\]")
_MD_MARKS = re.compile(r"[*_`#>|~\[\]]")


def _keep_strings(match: re.Match[str]) -> str:
    """A Jinja ``{{ ... }}`` blanked except the text of its string literals (``_sf('...')``)."""
    text = match.group(0)
    out = [c if c == "\n" else " " for c in text]
    for lit in _QUOTED.finditer(text):
        start = lit.start(1) if lit.group(1) is not None else lit.start(2)
        end = lit.end(1) if lit.group(1) is not None else lit.end(2)
        out[start:end] = text[start:end]
    return "".join(out)


def _keep_visible_attributes(match: re.Match[str]) -> str:
    text = match.group(0)
    out = [c if c == "\n" else " " for c in text]
    for attr in _VISIBLE_ATTR.finditer(text):
        out[attr.start(1) + 1 : attr.end(1) - 1] = text[attr.start(1) + 1 : attr.end(1) - 1]
    return "".join(out)


def visible_text(text: str, suffix: str = ".html") -> str:
    """``text`` with markup replaced by spaces: same length, same line breaks, so positions still match."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm", ".jinja", ".j2", ".md", ".markdown"):
        text = _JINJA_COMMENT.sub(_blank, text)
        text = _JINJA_STMT.sub(_blank, text)
        text = _JINJA_EXPR.sub(_keep_strings, text)
        text = _HTML_COMMENT.sub(_blank, text)
        text = _SCRIPT_STYLE.sub(_blank, text)
        text = _TAG.sub(_keep_visible_attributes, text)
        text = _ENTITY.sub(_blank, text)
    if suffix in (".md", ".markdown"):
        text = _MD_LINK_TARGET.sub(_blank, text)
        text = _MD_CITATION.sub(_blank, text)
        text = _MD_MARKS.sub(" ", text)
    # A line break inside a paragraph is a space; a blank line still ends every match.
    return re.sub(r"(?<!\n)\n(?![ \t]*\n)", " ", text)


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for end in _SENTENCE_END.finditer(text, 0, pos):
        start = end.end()
    return start


def _excused(flat: str, start: int, end: int, pattern: ClaimPattern) -> bool:
    begin = _sentence_start(flat, start)
    before = flat[max(begin, start - 120) : start]
    if _NEGATION.search(before):
        return True
    if pattern.harm_context_ok:
        stop = _SENTENCE_END.search(flat, end)
        sentence = flat[begin : stop.start() if stop else len(flat)]
        return bool(_HARM_CONTEXT.search(sentence))
    return False


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def check_text(text: str, path: str = "<text>", suffix: str | None = None) -> list[Finding]:
    """Every suspected disease claim in ``text``, in reading order, at most one per place."""
    flat = visible_text(text, suffix or Path(path).suffix or ".txt")
    found: dict[int, Finding] = {}
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for match in pattern.regex.finditer(flat):
            start, end = match.span()
            if start == end or any(start < e and s < end for s, e in taken):
                continue  # the same words already count under an earlier, more specific pattern
            if _excused(flat, start, end, pattern):
                continue
            line, column = _position(text, start)
            phrase = " ".join(flat[start:end].split())
            found[start] = Finding(path, line, column, phrase, pattern.kind, pattern.suggestion, pattern.id)
            taken.append((start, end))
    return [found[k] for k in sorted(found)]


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each file named, and every scannable file under each folder named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SCANNED_SUFFIXES)
        else:
            yield path


def check_paths(paths: Iterable[Path]) -> list[Finding]:
    """Findings in every file; raises OSError for a path that cannot be read."""
    findings: list[Finding] = []
    for path in iter_files(paths):
        text = path.read_text(encoding="utf-8", errors="replace")
        findings.extend(check_text(text, str(path)))
    return findings


def format_findings(findings: list[Finding], fmt: str = "text") -> str:
    """One line per finding, or a JSON list of ``{path, line, column, phrase, kind, suggestion}``."""
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
    return "\n".join(f.as_line() for f in findings)
