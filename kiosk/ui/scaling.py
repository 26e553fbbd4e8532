"""Layout margins and spacing are written at 1080p design size; this scales every layout in a widget
tree to the screen, remembering the design values on each layout so it can be re-applied when the
screen changes."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QWidget

_DESIGN = "_kiosk_design_metrics"


def rescale_layouts(root: QWidget, scale: float) -> None:
    for layout in root.findChildren(QLayout):
        design = layout.property(_DESIGN)
        if design is None:
            m = layout.contentsMargins()
            design = [m.left(), m.top(), m.right(), m.bottom(), layout.spacing()]
            layout.setProperty(_DESIGN, design)
        left, top, right, bottom, spacing = (round(v * scale) for v in design)
        layout.setContentsMargins(left, top, right, bottom)
        if design[4] >= 0:
            layout.setSpacing(spacing)
