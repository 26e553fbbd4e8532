"""Laying out what nobody sees yet, as showing it would: a page drawn ahead of time for a slide, a
panel section made ready before the tap that shows it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QWidget

PASSES = 6  # a resize lays out labels that resize their own children, that lay out again


def lay_out_unseen(view: QWidget) -> None:
    """`view`, hidden, laid out as showing it would lay it out. Qt holds a hidden widget's resize
    events until it is shown (WA_PendingResizeEvent), and the tiles, labels and fitted sections
    arrange themselves in theirs: each held one is delivered now, as Qt delivers it on show, with
    the layout requests it raises, until none is left."""
    for _ in range(PASSES):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        held = [w for w in (view, *view.findChildren(QWidget)) if w.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent)]
        if not held:
            return
        for widget in held:
            widget.setAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent, False)
            QApplication.sendEvent(widget, QResizeEvent(widget.size(), QSize()))
