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


class BarRows(QGraphicsItem):
    """Horizontal bars over full-width tracks, one per row, in the plot's coordinates (x 0..1)."""

    def __init__(self, count: int, track: QColor, bar: QColor) -> None:
        super().__init__()
        self._track = track
        self._bar = bar
        self._y = [0.0] * count
        self._height = 0.1
        self._widths = [0.0] * count

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        top = min(self._y, default=0.0)
        bottom = max(self._y, default=0.0) + self._height
        return QRectF(0.0, top, 1.0, bottom - top)

    def set_rows(self, y: list[float], height: float) -> None:
        self.prepareGeometryChange()
        self._y, self._height = list(y), height
        self.update()

    def set_widths(self, widths: list[float]) -> None:
        """Mark only what changed: each bar's strip between its old and new end."""
        for y, old, new in zip(self._y, self._widths, widths, strict=True):
            if old != new:
                self.update(QRectF(min(old, new), y, abs(new - old), self._height))
        self._widths = list(widths)

    @property
    def widths(self) -> list[float]:
        return list(self._widths)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._track)
        for y in self._y:
            painter.drawRect(QRectF(0.0, y, 1.0, self._height))
        painter.setBrush(self._bar)
        for y, width in zip(self._y, self._widths, strict=True):
            if width > 0:
                painter.drawRect(QRectF(0.0, y, width, self._height))


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
