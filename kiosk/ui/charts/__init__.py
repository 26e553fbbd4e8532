"""Charts. Only these modules import pyqtgraph (chart_view, still_plot, heat_map), and only after the first frame."""
