"""Benchmarks that print figures, not tests. `make bench` runs `python -m bench`."""
