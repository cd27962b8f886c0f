"""The texts the law requires next to kratom: the DSHEA statement, label warnings, Prop 65.

Pure logic, free of Flask. The English DSHEA wording is legally fixed (21 CFR
101.93(c)), so it lives in the two constants below, which translated pages
show beside their translation. The strings are marked with ``_`` so the
extraction picks them up; translate them at render time with ``gettext``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def _(text: str) -> str:
    """Mark ``text`` for extraction (kept local so this module needs no Flask)."""
    return text

__all__ = [
    "DSHEA_EN",
    "DSHEA_PLURAL_EN",
    "DSHEA_SINGULAR_EN",
    "PROP65_ENDPOINTS",
    "LabelWarnings",
    "dshea_text",
    "is_california",
    "product_category",
    "prop65_text",
]

#: 21 CFR 101.93(c)(1): one statement on the page.
DSHEA_SINGULAR_EN = _(
    "This statement has not been evaluated by the Food and Drug Administration. "
    "This product is not intended to diagnose, treat, cure, or prevent any disease."
)
#: 21 CFR 101.93(c)(2): more than one statement.
DSHEA_PLURAL_EN = _(
    "These statements have not been evaluated by the Food and Drug Administration. "
    "This product is not intended to diagnose, treat, cure, or prevent any disease."
)
#: Both forms by grammatical number, for pages that show the English original beside a translation.
DSHEA_EN: Mapping[str, str] = {"singular": DSHEA_SINGULAR_EN, "plural": DSHEA_PLURAL_EN}


def dshea_text(statements: int | None) -> str:
    """The English DSHEA statement for a page with ``statements`` marked statements.

    Exactly one marked statement takes the singular (101.93(c)(1)); a site-wide
    notice that does not count them (None or 0) and any page with several take
    the plural, which covers every statement the shop makes.
    """
    return DSHEA_SINGULAR_EN if statements == 1 else DSHEA_PLURAL_EN


@dataclass(frozen=True)
class LabelWarnings:
    """The warnings that go with every restricted product; each is an English msgid."""

    pregnant: str = _("Do not use if you are pregnant or nursing.")
    physician: str = _("Consult a physician before use, especially if you have a medical condition or take any medication.")
    combine: str = _("Do not combine with alcohol, opioids or benzodiazepines.")
    children: str = _("Keep out of reach of children.")


#: Prop 65 endpoints and the words the safe-harbor warning uses for each (27 CCR 25607.2, food form).
PROP65_ENDPOINTS: Mapping[str, str] = {
    "cancer": "cancer",
    "reproductive": "birth defects or other reproductive harm",
    "both": "cancer and birth defects or other reproductive harm",
}


def prop65_text(chemical: str, endpoint: str) -> str:
    """The safe-harbor food warning (supplements count as food), in English as OEHHA publishes it."""
    harm = PROP65_ENDPOINTS[endpoint]
    return (
        f"WARNING: Consuming this product can expose you to {chemical}, which is known to the State of "
        f"California to cause {harm}. For more information go to www.P65Warnings.ca.gov/food."
    )


def _field(value: Any, name: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(name)
    return getattr(value, name, None)


def is_california(address: Any) -> bool:
    """Whether ``address`` (a mapping or an object with ``country`` and ``region``) is in California."""
    if address is None:
        return False
    country = str(_field(address, "country") or "").strip().upper()
    region = str(_field(address, "region") or _field(address, "state") or "").strip().upper()
    return country in ("US", "USA") and region in ("CA", "US-CA", "CALIFORNIA")


def product_category(product: Any) -> str | None:
    """The ``category`` of a product mapping or object (None when it has none)."""
    value = _field(product, "category")
    return str(value) if value else None
