"""The staff's visitor insight as pictures, painted with QPainter (a few rectangles and short texts: crisp
at any size, cheap, and coloured from the theme's palette): time per page as horizontal bars, visits per
hour or per day as columns, and the language split as one stacked bar. Texts come in already translated
and formatted; a label that does not fit is elided, never clipped. Charts are for looking at: they take
no input."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.theme import FONT_FAMILY, TYPE_SCALE, Palette

TEXT_PX = TYPE_SCALE["meta"]  # at 1080p: the smallest text staff read
LINE = 1.35  # a line of text, in ems


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown, formatted for the language


class _Chart(QWidget):
    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.colours = colours
        self.scale = 1.0
        self.empty_text = "-"

    def set_colours(self, colours: Palette) -> None:
        self.colours = colours
        self.update()

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self.updateGeometry()
        self.update()

    def font_px(self, factor: float = 1.0, bold: bool = False) -> QFont:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(max(8, round(TEXT_PX * self.scale * factor)))
        font.setBold(bold)
        return font

    def line_px(self) -> float:
        return TEXT_PX * self.scale * LINE

    def _empty(self, painter: QPainter) -> None:
        painter.setFont(self.font_px())
        painter.setPen(QColor(self.colours.text_muted))
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.empty_text)


def label_boxes(labels: list[str], widths: list[float], width: float, at_edges: bool) -> list[tuple[int, tuple[float, float]]]:
    """Where each non-empty label under `len(labels)` equal columns across `width` goes, as (index, (left,
    right)): centred on its column (or on the column's left edge), as wide as the text but no wider
    than the room up to its neighbours' labels, and never past either end of the chart."""
    if not labels:
        return []
    slot = width / len(labels)
    shown = [i for i, label in enumerate(labels) if label]
    boxes = []
    for n, i in enumerate(shown):
        gaps = [shown[n + 1] - i] if n + 1 < len(shown) else []
        gaps += [i - shown[n - 1]] if n > 0 else []
        room = min(width, slot * min(gaps, default=len(labels)))
        text = min(widths[i], room)
        centre = i * slot + (0.0 if at_edges else slot / 2)
        left = min(max(0.0, centre - text / 2), width - text)
        boxes.append((i, (left, left + text)))
    return boxes


class PageBars(_Chart):
    """Time per page, most watched first: the page's name, a bar as long as its share of the most
    watched page's time, the time at the bar's end."""

    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(colours, parent)
        self.bars: list[Bar] = []
        self.accents: list[str] = []

    def set_bars(self, bars: list[Bar], accents: list[str]) -> None:
        self.bars, self.accents = bars, accents
        self.updateGeometry()
        self.update()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = max(1, len(self.bars))
        return QSize(round(300 * self.scale), round(rows * self.line_px()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = max(1, len(self.bars))
        return QSize(round(600 * self.scale), round(rows * self.line_px() * 1.3))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.bars:
            self._empty(painter)
            painter.end()
            return
        label_font, value_font = self.font_px(), self.font_px(bold=True)
        labels, values = QFontMetricsF(label_font), QFontMetricsF(value_font)
        width, height = float(self.width()), float(self.height())
        row = min(height / len(self.bars), self.line_px() * 1.6)
        gap = 12 * self.scale
        label_w = min(max(labels.horizontalAdvance(b.label) for b in self.bars), width * 0.38)
        value_w = max(values.horizontalAdvance(b.text) for b in self.bars)
        bar_x = label_w + gap
        room = max(1.0, width - bar_x - gap - value_w)
        top = max(b.value for b in self.bars) or 1.0
        thickness = max(4.0, min(row * 0.6, 34 * self.scale))
        for i, bar in enumerate(self.bars):
            y = i * row
            text_box = QRectF(0, y, label_w, row)
            painter.setFont(label_font)
            painter.setPen(QColor(self.colours.text))
            name = labels.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w)
            painter.drawText(text_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            length = max(2.0, room * bar.value / top)
            rect = QRectF(bar_x, y + (row - thickness) / 2, length, thickness)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.accents[i % len(self.accents)] if self.accents else self.colours.gold))
            painter.drawRoundedRect(rect, thickness / 4, thickness / 4)
            painter.setFont(value_font)
            painter.setPen(QColor(self.colours.text))
            painter.drawText(
                QRectF(rect.right() + gap, y, value_w + gap, row), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.text
            )
        painter.end()


class VisitColumns(_Chart):
    """Visits per hour of the day or per day: one column each, the busiest in gold, its count on top
    where it fits; the labels under the columns (some may be blank, to leave room)."""

    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(colours, parent)
        self.counts: list[int] = []
        self.labels: list[str] = []
        self.texts: list[str] = []
        self.at_edges = False

    def set_columns(self, counts: list[int], labels: list[str], texts: list[str], at_edges: bool = False) -> None:
        """`labels`: one per column ("" for none); `texts`: each count formatted for the language.
        `at_edges`: a label marks where its column begins (an hour's 9:00), not its middle (a day)."""
        self.counts, self.labels, self.texts, self.at_edges = counts, labels, texts, at_edges
        self.update()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(round(300 * self.scale), round(self.line_px() * 3.5))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(round(600 * self.scale), round(self.line_px() * 5))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.counts:
            self._empty(painter)
            painter.end()
            return
        font = self.font_px()
        metrics = QFontMetricsF(font)
        line = self.line_px()
        width, height = float(self.width()), float(self.height())
        base = height - line  # the labels sit under the base line
        room = max(1.0, base - line)  # a line above the tallest column for its count
        slot = width / len(self.counts)
        column = max(2.0, slot * 0.7)
        top = max(self.counts)
        busiest = self.counts.index(top) if top > 0 else -1
        painter.setFont(font)
        for i, count in enumerate(self.counts):
            x = i * slot + (slot - column) / 2
            h = room * count / top if top > 0 else 0.0
            if count > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(self.colours.gold if i == busiest else self.colours.accents[2]))
                painter.drawRoundedRect(QRectF(x, base - max(2.0, h), column, max(2.0, h)), min(6.0, column / 4), min(6.0, column / 4))
                text = self.texts[i] if i < len(self.texts) else str(count)
                if metrics.horizontalAdvance(text) <= slot:
                    painter.setPen(QColor(self.colours.text))
                    painter.drawText(
                        QRectF(i * slot, base - h - line, slot, line), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text
                    )
        painter.setPen(QColor(self.colours.text_muted))
        widths = [metrics.horizontalAdvance(t) for t in self.labels]
        for i, (left, right) in label_boxes(self.labels, widths, width, self.at_edges):
            label = self.labels[i]
            if widths[i] > right - left + 0.5:  # squeezed: elided to its room (a whole one is never elided by rounding)
                label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, right - left)
            painter.drawText(QRectF(left - 1, base, right - left + 2, line), Qt.AlignmentFlag.AlignCenter, label)
        painter.setPen(QColor(self.colours.text_faint))
        painter.drawLine(0, round(base), self.width(), round(base))
        painter.end()


class LanguageSplit(_Chart):
    """The visits by the language they ended in, as one bar of segments, with a key under it."""

    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(colours, parent)
        self.parts: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_parts(self, parts: list[Bar]) -> None:
        """`parts`: each language's name, visits and share as text ("68%")."""
        self.parts = parts
        self.update()

    def _colour(self, i: int) -> QColor:
        accents = self.colours.accents
        return QColor(accents[(2 + 3 * i) % len(accents)])  # blue, then gold, ...: far apart

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(round(600 * self.scale), round(self.line_px() * 2.4))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = sum(p.value for p in self.parts)
        if total <= 0:
            self._empty(painter)
            painter.end()
            return
        line = self.line_px()
        width = float(self.width())
        bar_h = line * 0.9
        x = 0.0
        painter.setPen(Qt.PenStyle.NoPen)
        for i, part in enumerate(self.parts):
            w = width * part.value / total
            painter.setBrush(self._colour(i))
            painter.drawRect(QRectF(x, 0, w, bar_h))
            x += w
        font = self.font_px()
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        swatch = line * 0.5
        x, y = 0.0, bar_h + line * 0.3
        for i, part in enumerate(self.parts):
            text = f"{part.label} {part.text}"
            room = max(0.0, width - x - swatch * 1.6)
            if room <= swatch:
                break
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._colour(i))
            painter.drawRect(QRectF(x, y + (line - swatch) / 2, swatch, swatch))
            painter.setPen(QColor(self.colours.text))
            painter.drawText(QRectF(x + swatch * 1.6, y, room, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            x += swatch * 1.6 + metrics.horizontalAdvance(shown) + line
        painter.end()
