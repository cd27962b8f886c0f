"""Shared pieces of the security suite: a host shop with a guarded checkout, and checks on what a browser would do."""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask import Flask, request

from tests.conftest import make_app

#: Examples per hypothesis target: small in `make test`, 10,000 in `make fuzz` (STOREFRONT_FUZZ_EXAMPLES).
FUZZ_EXAMPLES = int(os.environ.get("STOREFRONT_FUZZ_EXAMPLES", "60"))

GATE = "/storefront/age"
SHIPPING_API = "/storefront/api/shipping-check"
CHECKOUT_API = "/storefront/api/checkout-check"
ADULT = {"day": "4", "month": "7", "year": "1980"}
FLORIDA = {"CF-IPCountry": "US", "CF-Region-Code": "FL"}  # rules there ask for 21
#: An address every default rule lets through (New York City).
ALLOWED_ADDRESS = {"country": "US", "region": "NY", "city": "New York", "postal_code": "10001"}
#: A unique marker, so a hit can only come from our payload.
MARK = "sfxss"
XSS_PAYLOADS = [
    f"<script>alert('{MARK}')</script>",
    f'"><script>alert("{MARK}")</script>',
    f"'><img src=x onerror=alert('{MARK}')>",
    f'"><svg onload=alert("{MARK}")>',
    f"</title><script>alert('{MARK}')</script>",
    f"</textarea><iframe src=javascript:alert('{MARK}')>",
    f"javascript:alert('{MARK}')",
    f"{{{{7*7}}}}<b>{MARK}</b>",
    f"\u003cscript\u003ealert('{MARK}')\u003c/script\u003e",
    f"<a href=\"javascript:alert('{MARK}')\">x</a>",
]


def shop(tmp_path: Path, config: dict[str, Any] | None = None) -> Flask:
    """A host shop with a product page and a checkout POST guarded by the plugin, audit log in ``tmp_path``."""
    settings: dict[str, Any] = {
        "STOREFRONT_TRUST_GEO_HEADERS": ["CF-IPCountry"],
        "STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/audit.sqlite3",
        "STOREFRONT_CHECKOUT_ENDPOINTS": ["checkout"],
    }
    settings.update(config or {})
    app = make_app(settings)
    app.add_url_rule("/product/<sku>", "product", lambda sku: f"<p>product {sku}</p>")

    def checkout() -> str:
        return f"<p>order placed for {len(request.form)} fields</p>"

    app.add_url_rule("/checkout", "checkout", checkout, methods=["GET", "POST"])
    return app


def audit_rows(app: Flask) -> int:
    """Rows in the app's audit log, counted in the database."""
    from storefront_plugin import get_state

    enforcement = get_state(app).enforcement
    assert enforcement is not None
    return enforcement.audit.count()


def browser_resolves(location: str, base: str = "http://localhost/") -> tuple[str, str]:
    """(scheme, host) a browser goes to for a ``Location``/``href`` value (WHATWG URL parsing, simplified).

    Browsers drop tabs and newlines anywhere in a URL, trim leading and
    trailing control characters and spaces, and read ``\\`` as ``/`` in http(s)
    URLs, so ``/\\evil`` and ``java\\tscript:`` mean what an attacker hopes.
    """
    url = re.sub(r"[\t\n\r]", "", location).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
                                                   "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    scheme = urlsplit(url).scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return scheme, ""
    absolute = urljoin(base, url.replace("\\", "/"))
    parts = urlsplit(absolute)
    return parts.scheme, parts.hostname or ""


def lands_on_site(location: str, host: str = "localhost") -> bool:
    """Whether a browser following ``location`` stays on ``host`` (and the header cannot be split)."""
    if "\r" in location or "\n" in location:
        return False
    scheme, target = browser_resolves(location, f"http://{host}/")
    return scheme in ("http", "https") and target == host


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "frame", "object", "embed", "base"):
            self.problems.append(f"<{tag}> element")  # none of our templates has one
        # JSON-LD is data, not code (its escaping is tested on its own); other scripts are checked.
        self._in_script = tag == "script" and dict(attrs).get("type") not in ("application/ld+json", "application/json")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and value is not None:
                scheme, _ = browser_resolves(value)
                if scheme not in ("http", "https", "mailto"):
                    self.problems.append(f"{name}={value!r} on <{tag}> leads to {scheme}:")
            if value is not None and MARK in value and name not in ("value", "href", "content", "title", "alt"):
                self.problems.append(f"payload in attribute {name} of <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and MARK in data:
            self.problems.append(f"payload inside a <script>: {data[:80]!r}")


def injection_problems(page: str) -> list[str]:
    """What in ``page`` a payload could have put there: scripts, handlers, javascript: links, stray elements."""
    collector = _Collector()
    collector.feed(page)
    collector.close()
    problems = collector.problems
    for payload in XSS_PAYLOADS:
        if "<" in payload and payload in page:
            problems.append(f"payload echoed raw: {payload!r}")
    return problems


def hidden_next(page: str) -> str:
    """The gate form's hidden ``next`` value, unescaped as a browser would read it."""
    found = re.search(r'name="next" value="([^"]*)"', page)
    assert found is not None, "the gate form has no next field"
    return html.unescape(found.group(1))
