"""Benchmarks that print their figures (`kiosk bench ...`). Not timed tests: machines are noisy."""
