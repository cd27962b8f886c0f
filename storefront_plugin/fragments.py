"""Rendered HTML reused across requests: the disclaimer, product notices, the language switcher.

These partials sit on every page of a shop, and rendering them each time was
most of what the plugin added to a page (see the README's Benchmarks). Each
depends only on what its key holds, plus the visitor's locale, the day and
the app's mount point, which :func:`cached` adds to every key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from flask import Flask, current_app
from markupsafe import Markup

from .clock import today
from .i18n import current_locale_tag
from .request_state import current_request, scratch_of

if TYPE_CHECKING:
    from .extension import StorefrontState

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


def _request_context(
    here: dict[str, Any] | None = None, state: StorefrontState | None = None
) -> tuple[str, date, str] | None:
    """(locale, day, mount point) of this request, worked out once per request.

    None while templates auto-reload, so a merchant editing a template sees each change.
    ``here`` is the request's scratch dict and ``state`` the app's, when the caller holds them already.
    """
    req = None
    if here is None:
        req = current_request()
        here = scratch_of(req.environ) if req is not None else {}  # a throwaway dict outside a request
    found: tuple[str, date, str] | None | object = here.get(_CONTEXT, _MISSING)
    if found is _MISSING:
        if req is None:
            req = current_request()
        app: Flask = state.app if state is not None else current_app._get_current_object()  # type: ignore[attr-defined]
        config = app.config
        if config["DEBUG"] or config.get("TEMPLATES_AUTO_RELOAD"):  # app.debug reads config["DEBUG"]
            found = None
        else:
            found = (current_locale_tag(state), today(), req.script_root if req is not None else "")
        here[_CONTEXT] = found
    return cast("tuple[str, date, str] | None", found)


def cached(
    cache: FragmentCache,
    key: tuple[Hashable, ...],
    render: Callable[[], str],
    here: dict[str, Any] | None = None,
    state: StorefrontState | None = None,
) -> Markup:
    """``render()`` once per ``key`` and request context, then reuse it.

    ``key`` must hold everything else the output depends on; ``here`` is the
    request's scratch dict and ``state`` the app's, when the caller holds them already.
    """
    context = _request_context(here, state)
    if context is None:
        return Markup(render())
    return cache.get((*key, *context), render)
