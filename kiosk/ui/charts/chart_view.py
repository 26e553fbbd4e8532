"""One chart drawn with pyqtgraph: horizontal bar rows (label left, value right, bar under them) or a
filled line for a time series, as CHART_VIEWS says for each chart kind. Ranges are fixed, interaction
and menus are off, pens are 1 px or none, and every frame changes only bar widths and value texts, and
repaints only those (chart_items)."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.chart_kinds import BEFORE_AFTER, GROWTH_BARS, RANKED_BARS, TIME_SERIES, ChartKind
from kiosk.core.chart_layout import ChartLayout
from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.motion import staggered
from kiosk.ui.charts.chart_items import BarRows, PlainText
from kiosk.ui.charts.still_plot import StillPlot
from kiosk.ui.theme import FONT_FAMILY, TYPE_SCALE, Palette

# Row geometry at 1080p, in pixels: a line of text (label left, value right) over a bar.
LABEL_PX = TYPE_SCALE["label"]
VALUE_PX = round(TYPE_SCALE["label"] * 1.25)
MIN_TEXT_PX = TYPE_SCALE["meta"]
TEXT_LINE = 1.3  # line box of the text items, in ems (document margin removed)
BAR_PX = (12, 40)  # bar thickness range
GAP_PX = 8
ROW_PX_MAX = 130  # fewer rows do not spread out; they sit centred


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(8, round(px)))
    font.setBold(bold)
    return font


class ChartView(QWidget):
    """What every chart view shares: a still plot in the panel's colour, value texts in the accent
    colour, a progress from 0 (nothing drawn yet) to 1 (the final state), and texts that follow the
    language and the screen's scale."""

    def __init__(
        self,
        layout: ChartLayout,
        formatter: NumberFormatter,
        lang: str,
        accent: str,
        colours: Palette,
        scale: float,
        parent: QWidget | None = None,
        *,
        bottom_axis: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # charts are not interactive
        self._formatter = formatter
        self._lang = lang
        self._layout = layout
        self._accent = QColor(accent)
        self._palette = colours
        self._scale = scale
        self._progress = 1.0
        self.plot = StillPlot(self._palette.surface, bottom_axis=bottom_axis)  # the panel's own colour
        self.plot.view_box.disableAutoRange()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.plot)
        self.text_px = (LABEL_PX, VALUE_PX)
        self.fits = True
        self._labels: list[PlainText] = []
        self._values: list[PlainText] = []

    def apply_scale(self, scale: float) -> None:
        self._scale = scale
        self.relabel(self._lang)

    def relabel(self, lang: str, layout: ChartLayout | None = None) -> None:
        """A language switch: new texts, same progress."""
        self._lang = lang
        if layout is not None:
            self._layout = layout
        self._relaid()
        self.set_progress(self._progress)

    def _relaid(self) -> None:
        """New texts or a new scale: what depends on their size."""

    def set_progress(self, progress: float) -> None:
        """0 = nothing drawn yet, 1 = final state."""
        self._progress = progress

    def audit_texts(self) -> list[tuple[str, int, bool]]:
        """(text, pixel size, fits beside its neighbour) of every text item, for layout_audit."""
        return [(item.text(), item.font().pixelSize(), self.fits) for item in self._labels + self._values]

    def value_texts(self) -> list[str]:
        return [v.text() for v in self._values]

    def label_texts(self) -> list[str]:
        return [label.text() for label in self._labels]


class BarsView(ChartView):
    """Horizontal bar rows, each its own staggered slice of the animation."""

    def __init__(
        self,
        layout: ChartLayout,
        formatter: NumberFormatter,
        lang: str,
        accent: str,
        colours: Palette,
        scale: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(layout, formatter, lang, accent, colours, scale, parent)
        n = len(layout.rows)
        self.plot.view_box.setXRange(0, 1, padding=0)
        self.plot.view_box.setYRange(0, n, padding=0)
        self.plot.view_box.invertY(True)
        self._bars = BarRows(n, QColor(self._palette.surface_raised), self._accent)
        for bar in self._bars.items:
            self.plot.addItem(bar)
        for _ in range(n):
            label = PlainText(QColor(self._palette.text), anchor=(0, 1))
            value = PlainText(self._accent, anchor=(1, 1))
            for item in (label, value):
                self.plot.addItem(item)
            self._labels.append(label)
            self._values.append(value)
        self._bar_y: list[float] = [0.0] * n
        self._bar_h = 0.1
        self.apply_scale(self._scale)
        self.set_progress(1.0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_rows()

    def _relaid(self) -> None:
        for label, row in zip(self._labels, self._layout.rows, strict=False):
            label.set_text(row.label)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Fonts and row geometry from the space there is: text as large as the design allows,
        smaller only as far as it must be to keep label and value apart and above the bar."""
        rows = self._layout.rows
        height, width = self.plot.height(), self.plot.width()
        if not rows or height <= 0 or width <= 0:
            return
        s = self._scale
        n = len(rows)
        row_px = min(height / n, ROW_PX_MAX * s)
        room = row_px - (BAR_PX[0] + GAP_PX) * s  # what the text line may take (the gap between rows goes first)
        factor = min(1.0, room / (VALUE_PX * s * TEXT_LINE))
        finals = [row.value_text(self._formatter, self._lang, 1.0) for row in rows]
        for _ in range(8):  # shrink until the widest row fits beside its value
            label_font, value_font = _font(LABEL_PX * s * factor), _font(VALUE_PX * s * factor, bold=True)
            need = (
                max(
                    QFontMetricsF(label_font).horizontalAdvance(row.label) + QFontMetricsF(value_font).horizontalAdvance(final)
                    for row, final in zip(rows, finals, strict=True)
                )
                + GAP_PX * 3 * s
            )
            if need <= width:
                break
            factor *= width / need
        self.text_px = (label_font.pixelSize(), value_font.pixelSize())
        self.fits = need <= width
        text_h = value_font.pixelSize() * TEXT_LINE
        bar_px = max(BAR_PX[0] * s, min(BAR_PX[1] * s, row_px - text_h - GAP_PX * 2 * s))
        block = (text_h + GAP_PX * s + bar_px) / row_px  # in rows
        spare = height / row_px - n  # rows' worth of empty space when rows are capped
        self.plot.view_box.setYRange(-spare / 2, n + spare / 2, padding=0)
        self._bar_y = [i + (1 - block) / 2 + text_h / row_px + GAP_PX * s / row_px for i in range(n)]
        self._bar_h = bar_px / row_px
        for i, (label, value) in enumerate(zip(self._labels, self._values, strict=True)):
            label.set_font(label_font)
            value.set_font(value_font)
            text_bottom = self._bar_y[i] - GAP_PX * s / row_px
            label.setPos(0, text_bottom)
            value.setPos(1, text_bottom)
        self._bars.set_rows(self._bar_y, self._bar_h)
        self.set_progress(self._progress)

    def set_progress(self, progress: float) -> None:
        """Each row runs its own staggered slice."""
        self._progress = progress
        rows = self._layout.rows
        eased = [staggered(progress, i, len(rows)) for i in range(len(rows))]
        self._bars.set_widths([row.length * e for row, e in zip(rows, eased, strict=True)])
        for value, row, e in zip(self._values, rows, eased, strict=True):
            value.set_text(row.value_text(self._formatter, self._lang, e))


class LineView(ChartView):
    """A time series as a filled line that draws itself from the first point to the last, its value
    over its end and the periods under it."""

    def __init__(
        self,
        layout: ChartLayout,
        formatter: NumberFormatter,
        lang: str,
        accent: str,
        colours: Palette,
        scale: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(layout, formatter, lang, accent, colours, scale, parent, bottom_axis=True)
        assert self.plot.bottom_axis is not None
        self._axis: pg.AxisItem = self.plot.bottom_axis
        self._x_margin = 0.3  # points' worth of room beside the first and last point
        self.plot.view_box.setXRange(*self._x_range(), padding=0)
        self.plot.view_box.setYRange(*self._layout.line_range, padding=0)  # below zero too, when a point is
        fill = QColor(self._accent)
        fill.setAlpha(70)
        self._line = pg.PlotDataItem(pen=pg.mkPen(self._accent, width=3), fillLevel=0, brush=fill)
        self.plot.addItem(self._line)
        self._axis.setPen(pg.mkPen(QColor(self._palette.text_faint), width=1))
        self._axis.setTextPen(QColor(self._palette.text_muted))
        value = PlainText(self._accent, anchor=(0.5, 1.1))
        self.plot.addItem(value)
        self._values.append(value)
        self.apply_scale(self._scale)
        self.set_progress(1.0)

    def apply_scale(self, scale: float) -> None:
        for value in self._values:
            value.set_font(_font(VALUE_PX * scale, bold=True))
        self._axis.setStyle(tickFont=_font(TYPE_SCALE["meta"] * scale), tickLength=0)
        super().apply_scale(scale)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._set_ticks()
        self._draw_line(self._progress)

    def _relaid(self) -> None:
        self._set_ticks()

    def set_progress(self, progress: float) -> None:
        self._progress = progress
        self._draw_line(progress)

    def _x_range(self) -> tuple[float, float]:
        return -self._x_margin, len(self._layout.points) - 1 + self._x_margin

    def _set_ticks(self) -> None:
        """A period under every point while they fit side by side; past that, under every second, third...
        point counted back from the latest (30 years of a series at the panel's width would run into each
        other). The chart leaves room at its sides for the first and last labels: pyqtgraph leaves out a
        label that would cross the edge."""
        points = self._layout.points
        width = self.plot.width()
        metrics = QFontMetricsF(_font(TYPE_SCALE["meta"] * self._scale))
        widest = max((metrics.horizontalAdvance(period) for period, _ in points), default=0.0) + GAP_PX * 2 * self._scale
        spans = max(1, len(points) - 1)
        # m units each side with m * width / (spans + 2m) >= widest / 2, as long as the width allows.
        self._x_margin = max(0.3, widest / 2 * spans / (width - widest)) if width > 2 * widest else 0.3
        self.plot.view_box.setXRange(*self._x_range(), padding=0)
        low, high = self._x_range()
        per_point = width / (high - low) if width > 0 else widest
        step = max(1, math.ceil(widest / per_point)) if per_point > 0 else 1
        ticks = [(i, period) for i, (period, _) in enumerate(points) if (len(points) - 1 - i) % step == 0]
        self._axis.setTicks([ticks])

    def _draw_line(self, progress: float) -> None:
        points = self._layout.points
        ind = self._layout.series_indicator
        assert ind is not None
        reach = staggered(progress, 0, 1) * (len(points) - 1)
        whole = int(reach)
        xs = [float(i) for i in range(whole + 1)]
        ys = [v for _, v in points[: whole + 1]]
        frac = reach - whole
        if whole < len(points) - 1 and frac > 0:
            xs.append(reach)
            ys.append(points[whole][1] + (points[whole + 1][1] - points[whole][1]) * frac)
        self._line.setData(xs, ys)
        label = self._values[0]
        label.set_text(
            self._formatter.value(ys[-1], ind.unit, self._lang, qualifier=ind.qualifier, counter=ind.counter, final=points[-1][1])
        )
        # Over the line's end, but never past the chart's sides (it is centred on its point).
        low, high = self._x_range()
        width = self.plot.width()
        half = QFontMetricsF(label.font()).horizontalAdvance(label.text()) / 2 * (high - low) / width if width > 0 else 0.0
        x = (low + high) / 2 if 2 * half >= high - low else min(max(xs[-1], low + half), high - half)
        label.setPos(x, ys[-1])


# Each chart kind's view: a new kind is an entry in kiosk.core.chart_kinds and one here
# (tests/ui/test_charts.py checks that every kind has one).
CHART_VIEWS: dict[ChartKind, type[ChartView]] = {
    RANKED_BARS: BarsView,
    BEFORE_AFTER: BarsView,
    GROWTH_BARS: BarsView,
    TIME_SERIES: LineView,
}
