"""Templates shipped with storefront_plugin (found by package name at run time)."""
