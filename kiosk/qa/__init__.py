"""Quality tools that drive the real kiosk from outside: snapshots for review, the frozen build's
self-test, the layout audit, soak and storm runs, and benchmarks. They depend on the product; the
product never imports them (an import-linter contract in pyproject.toml holds that)."""
