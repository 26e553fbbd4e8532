"""The two things a chart draws, as graphics items that repaint only what a frame changes.

pyqtgraph's BarGraphItem makes its picture anew and marks its whole box dirty whenever a bar grows,
so every frame of a chart animation repainted the whole chart, text and all; its TextItem lays out
a text document on every change and works out its transform in Python on every paint. At 3840x2160
the chart frame cost 15 ms (p50) with them; these mark only the strip a bar grew by and the box of a
value that changed (`kiosk bench display`, README "Performance benchmarks")."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from kiosk.ui.big_text import draw_text


class Bar(QGraphicsItem):
    """One row: a full-width track and the bar over it, in the plot's coordinates (x 0..1). Each
    row is an item of its own: Qt joins all the parts of one item that changed into one box, so
    one item for all rows repainted everything between the first bar's end and the last's."""

    def __init__(self, track: QColor, bar: QColor) -> None:
        super().__init__()
        self._track = track
        self._bar = bar
        self._y = 0.0
        self._height = 0.1
        self.width = 0.0

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0.0, self._y, 1.0, self._height)

    def set_row(self, y: float, height: float) -> None:
        self.prepareGeometryChange()
        self._y, self._height = y, height
        self.update()

    def set_width(self, width: float) -> None:
        """Marks only the strip between the old end of the bar and the new."""
        if width != self.width:
            self.update(QRectF(min(width, self.width), self._y, abs(width - self.width), self._height))
            self.width = width

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillRect(QRectF(0.0, self._y, 1.0, self._height), self._track)
        if self.width > 0:
            painter.fillRect(QRectF(0.0, self._y, self.width, self._height), self._bar)


class BarRows:
    """The rows of a bar chart, one `Bar` item each."""

    def __init__(self, count: int, track: QColor, bar: QColor) -> None:
        self.items = [Bar(track, bar) for _ in range(count)]

    def set_rows(self, y: list[float], height: float) -> None:
        for item, top in zip(self.items, y, strict=True):
            item.set_row(top, height)

    def set_widths(self, widths: list[float]) -> None:
        for item, width in zip(self.items, widths, strict=True):
            item.set_width(width)

    @property
    def widths(self) -> list[float]:
        return [item.width for item in self.items]


class PlainText(QGraphicsItem):
    """One line of text in screen pixels (the plot's scale does not stretch it), its box anchored to
    its position: (0, 1) puts the bottom left corner there, (1, 1) the bottom right. The box is
    the one a text document of the same line would take (margin 0), so texts sit where
    pyqtgraph's TextItem put them."""

    def __init__(self, colour: QColor, anchor: tuple[float, float]) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._colour = colour
        self._anchor = anchor
        self._font = QFont()
        self._text = ""
        self._box = QRectF()
        self._ascent = 0.0

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._box

    def text(self) -> str:
        return self._text

    def font(self) -> QFont:
        return QFont(self._font)

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._measure()

    def set_font(self, font: QFont) -> None:
        if font != self._font:
            self._font = QFont(font)
            self._measure()

    def _measure(self) -> None:
        self.prepareGeometryChange()
        metrics = QFontMetricsF(self._font)
        width, height = metrics.horizontalAdvance(self._text), math.ceil(metrics.height())
        self._ascent = metrics.ascent()
        self._box = QRectF(-width * self._anchor[0], -height * self._anchor[1], width, height)
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        draw_text(painter, QPointF(self._box.left(), self._box.top() + self._ascent), self._text, self._font, self._colour)
