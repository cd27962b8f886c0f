"""Compiled gettext catalogs of the ``storefront`` domain."""
