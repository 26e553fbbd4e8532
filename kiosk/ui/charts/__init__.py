"""Animated indicator charts. Only chart_view imports pyqtgraph, and only after the first frame."""
