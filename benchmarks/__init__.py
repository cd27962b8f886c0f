"""Benchmarks of what storefront_plugin costs a shop (``make bench``)."""
