"""Rendered HTML reused across requests: the disclaimer, product notices, the language switcher.

These partials sit on every page of a shop, and rendering them each time was
most of what the plugin added to a page (see the README's Benchmarks). Each
depends only on what its key holds, plus the visitor's locale, the day and
the app's mount point, which :func:`cached` adds to every key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, cast

from flask import current_app, request
from markupsafe import Markup

from .i18n import current_locale_tag
from .request_state import scratch

__all__ = ["FragmentCache", "cached"]


class FragmentCache:
    """A bounded store of rendered fragments, safe to share between threads.

    When full it starts afresh instead of evicting one entry at a time: a new
    day or an unusual run of pages refills it within a few requests, and a
    plain dict keeps a hit to one lookup.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: dict[Hashable, Markup] = {}

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        html = self._items.get(key)
        if html is None:
            if len(self._items) >= self.limit:
                self._items.clear()
            # Two threads may both render a missing entry; they store the same HTML.
            html = self._items[key] = Markup(render())
        return html

    def clear(self) -> None:
        self._items.clear()


_CONTEXT = "fragment_context"
_MISSING = object()


def _request_context(here: dict[str, Any] | None = None) -> tuple[str, date, str] | None:
    """(locale, day, mount point) of this request, worked out once per request.

    None while templates auto-reload, so a merchant editing a template sees each change.
    ``here`` is the request's scratch dict, when the caller holds it already.
    """
    if here is None:
        here = scratch()  # a throwaway dict outside a request
    found: tuple[str, date, str] | None | object = here.get(_CONTEXT, _MISSING)
    if found is _MISSING:
        app = current_app._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not two
        if app.debug or app.config.get("TEMPLATES_AUTO_RELOAD"):
            found = None
        else:
            try:
                root = request.script_root
            except RuntimeError:  # outside a request
                root = ""
            found = (current_locale_tag(), date.today(), root)
        here[_CONTEXT] = found
    return cast("tuple[str, date, str] | None", found)


def cached(
    cache: FragmentCache, key: tuple[Hashable, ...], render: Callable[[], str], here: dict[str, Any] | None = None
) -> Markup:
    """``render()`` once per ``key`` and request context, then reuse it.

    ``key`` must hold everything else the output depends on; ``here`` is the
    request's scratch dict, when the caller holds it already.
    """
    context = _request_context(here)
    if context is None:
        return Markup(render())
    return cache.get((*key, *context), render)
