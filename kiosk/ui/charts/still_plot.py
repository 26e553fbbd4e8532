"""A plot to look at, not to use: one pyqtgraph ViewBox (no menu, mouse or padding) in a graphics view,
and for a time series an axis under it.

Not a PlotWidget: pyqtgraph's PlotItem always makes its "Plot Options" menu and six submenus, hidden
windows without a parent, whatever `enableMenu` says (pyqtgraph 0.14 PlotItem.__init__). They outlived
the chart: every rebuild of the pages (theme switch, content reload, USB install, a save in `kiosk
preview`) left 7 windows a chart behind, and Qt sent each a language switch. A ViewBox made with
`enableMenu=False` makes no menu at all, so there is nothing to leak nor to mute."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsItem, QWidget


class StillPlot(pg.GraphicsView):  # type: ignore[misc]  # pyqtgraph has no type hints
    def __init__(self, background: str, *, bottom_axis: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=QColor(background))
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFrameStyle(0)
        self.enableMouse(False)
        self.view_box = pg.ViewBox(enableMouse=False, enableMenu=False, defaultPadding=0.0)
        frame = pg.GraphicsWidget()
        grid = QGraphicsGridLayout()
        grid.setContentsMargins(1, 1, 1, 1)  # as PlotItem's
        grid.setSpacing(0)
        grid.addItem(self.view_box, 0, 0)
        self.bottom_axis: pg.AxisItem | None = None
        if bottom_axis:
            self.bottom_axis = pg.AxisItem("bottom")
            self.bottom_axis.linkToView(self.view_box)
            self.bottom_axis.setZValue(0.5)  # over what the view box draws, as in a PlotItem
            grid.addItem(self.bottom_axis, 1, 0)
        frame.setLayout(grid)
        self.setCentralItem(frame)

    def getViewBox(self) -> pg.ViewBox:  # noqa: N802 - pyqtgraph's name, as PlotWidget has it
        return self.view_box

    def addItem(self, item: QGraphicsItem) -> None:  # noqa: N802 - pyqtgraph's name, as PlotWidget has it
        """Into the view box, in the plot's coordinates (as PlotWidget.addItem)."""
        self.view_box.addItem(item)
