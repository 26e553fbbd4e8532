"""A hall of kiosks: metrics for Prometheus, signed content packs, the hall report, diagnostics."""
