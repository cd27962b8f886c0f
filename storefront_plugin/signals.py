"""Blinker signals merchants connect to (analytics, CRM, fraud checks).

Both are sent with the Flask app as sender. Neither ever carries a birth
date, a street address or a name.

- ``age_verified(app, threshold, method, policy_version)``: a visitor passed the age gate.
- ``checkout_checked(app, decision, endpoint, order_ref)``: a checkout decision was made
  (and written to the audit log, or failed closed because it could not be).
"""

from __future__ import annotations

from blinker import Namespace

__all__ = ["age_verified", "checkout_checked"]

_signals = Namespace()

#: A visitor passed the age gate.
age_verified = _signals.signal("storefront.age-verified")

#: A checkout decision was made.
checkout_checked = _signals.signal("storefront.checkout-checked")
