"""The Vary and Cache-Control edits the plugin makes, and where the disclaimer goes in a page."""

from __future__ import annotations

import pytest
from werkzeug.wrappers import Response

from storefront_plugin.headers import add_vary, first_values, make_private
from storefront_plugin.notices import _body_end


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, "Cookie, Accept-Language"),
        ("Accept-Encoding", "Accept-Encoding, Cookie, Accept-Language"),
        ("cookie", "cookie, Accept-Language"),
        ("Accept-Language, Cookie", "Accept-Language, Cookie"),
        ("*", "*"),
    ],
)
@pytest.mark.parametrize("read_first", [False, True], ids=["reads-itself", "given-current"])
def test_vary_names_are_added_once(before: str | None, after: str, read_first: bool) -> None:
    response = Response("x")
    if before is not None:
        response.headers["Vary"] = before
    if read_first:  # as the after hook does, with the headers read in one pass
        add_vary(response, "Cookie", "Accept-Language", current=first_values(response, frozenset({"vary"})).get("vary"))
    else:
        add_vary(response, "Cookie", "Accept-Language")
    assert response.headers["Vary"] == after


@pytest.mark.parametrize(
    ("before", "private", "no_store"),
    [(None, True, False), ("public, max-age=60", True, False), ("no-store", False, True), ("max-age=0", True, False)],
)
@pytest.mark.parametrize("read_first", [False, True], ids=["reads-itself", "given-current"])
def test_private_unless_never_stored(before: str | None, private: bool, no_store: bool, read_first: bool) -> None:
    response = Response("x")
    if before is not None:
        response.headers["Cache-Control"] = before
    if read_first:
        make_private(response, first_values(response, frozenset({"cache-control"})).get("cache-control"))
    else:
        make_private(response)
    control = response.cache_control
    assert bool(control.private) is private and bool(control.no_store) is no_store
    assert not control.public


def test_first_values_reads_each_wanted_header_once_whatever_its_case() -> None:
    response = Response("x", mimetype="text/html")
    response.headers.add("VARY", "Cookie")
    response.headers.add("Vary", "Accept-Language")  # a second line: the first one counts, as with headers.get
    wanted = frozenset({"vary", "content-type", "content-encoding"})
    assert first_values(response, wanted) == {"content-type": "text/html; charset=utf-8", "vary": "Cookie"}


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (b"<html><body>x</body></html>", 13),
        (b"<HTML><BODY>x</BODY></HTML>", 13),
        (b"<html><body>x</body ></html>", 13),
        (b"<body>x</body><!-- </bodyguard> -->", 7),  # a later look-alike is not the tag
        (b"<div>a partial</div>", -1),
        (b"<body>x</body><p>late</p></body>", 25),  # the last one, as browsers close the page there
    ],
)
def test_the_disclaimer_goes_before_the_last_body_end(page: bytes, expected: int) -> None:
    assert _body_end(page) == expected
