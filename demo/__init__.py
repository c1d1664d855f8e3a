"""Fictitious demo data for Örebro län (no real people): loaded into an empty
database when DEMO_DATA is set, and generated in bulk for the benchmarks.
Built on storage/; storage/ never imports it."""
