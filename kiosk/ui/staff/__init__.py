"""Staff-only screens: the PIN pad, the staff panel and the on-screen diagnostics."""
