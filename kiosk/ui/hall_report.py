"""`kiosk report`: the hall report drawn. The exports are read and merged by kiosk/core/hall/report.py;
here the kiosk's own charts (the staff's visitor insight charts and the touch heat map) are painted
offscreen into PNG images beside index.html, at twice their size on the page so they stay sharp on a
high-density screen. QWidget.render into a QImage, not pyqtgraph's exporters (the bundle leaves
those out)."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QImage, QRegion
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.files import describe
from kiosk.core.hall.report import Hall, Kiosk, merge, publish, write_csvs
from kiosk.core.hall.report_page import Figure, duration_text, render, write_page
from kiosk.ui.charts.insight_charts import Bar, PageBars, VisitColumns
from kiosk.ui.theme import Palette, accent

RATIO = 2  # image pixels per CSS pixel
WIDE, HALF = 1100, 520  # chart widths on the page, CSS pixels
SCALE = 0.75  # the charts' text: 18 px on the page (the staff panel's 24 px at 1080p)
BAR_ROW = 40


def colours_of(palette: Palette) -> dict[str, str]:
    """The page's colours: the kiosk's standard theme, and a warning and link colour from its accents."""
    colours = {name: value for name, value in asdict(palette).items() if isinstance(value, str)}
    return {**colours, "warning": palette.accents[4], "link": palette.accents[2]}


def render_png(widget: QWidget, width: int, height: int, background: str, path: Path) -> Figure:
    """The widget at width x height CSS pixels, painted into a PNG at RATIO times that. Shown off screen
    first, so its layout and pyqtgraph's view box have their real size. Raises OSError."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    widget.resize(width, height)
    widget.show()
    layout = widget.layout()
    if layout is not None:
        layout.activate()
    QApplication.processEvents()
    image = QImage(width * RATIO, height * RATIO, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(RATIO)
    image.fill(QColor(background))
    widget.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)  # on the page's colour, not the widget's grey
    widget.close()
    widget.deleteLater()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes a str here; its stubs say bytes
    publish(path, bytes(data.data()))  # a full or read-only disk: an OSError with its reason
    return Figure(path.name, width, height, "")


def _day_labels(days: list[date]) -> list[str]:
    step = max(1, math.ceil(len(days) / 12))
    return [f"{day.day} {day.strftime('%b')}" if i % step == 0 else "" for i, day in enumerate(days)]


def _every_day(counts: dict[date, int]) -> list[tuple[date, int]]:
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [(first + timedelta(days=n), counts.get(first + timedelta(days=n), 0)) for n in range((last - first).days + 1)]


class ChartPainter:
    """Paints the report's charts into `out`, each a Figure for the page (None where there is nothing to draw)."""

    def __init__(self, out: Path, palette: Palette) -> None:
        self.out = out
        self.palette = palette

    def _with_alt(self, figure: Figure, alt: str) -> Figure:
        return Figure(figure.file, figure.width, figure.height, alt)

    def columns(self, name: str, counts: list[int], labels: list[str], alt: str, at_edges: bool = False) -> Figure | None:
        if not any(counts):
            return None
        chart = VisitColumns(self.palette)
        chart.set_scale(SCALE)
        chart.set_columns(counts, labels, [f"{n:,}" for n in counts], at_edges=at_edges)
        return self._with_alt(render_png(chart, WIDE, 300, self.palette.surface, self.out / f"{name}.png"), alt)

    def bars(self, name: str, bars: list[Bar], alt: str) -> Figure | None:
        if not bars:
            return None
        chart = PageBars(self.palette)
        chart.set_scale(SCALE)
        chart.set_bars(bars, [accent(i, self.palette) for i in range(len(bars))])
        height = BAR_ROW * len(bars) + 8
        return self._with_alt(render_png(chart, HALF, height, self.palette.surface, self.out / f"{name}.png"), alt)

    def heat(self, kiosk: Kiosk, file: str) -> Figure | None:
        from kiosk.ui.charts.heat_map import HeatMap  # pyqtgraph: only when there are taps to show

        cells = kiosk.heat()
        if not any(any(row) for row in cells):
            return None
        columns, rows = kiosk.grid
        heat_map = HeatMap(self.palette)
        ground = QImage(columns * 20, round(columns * 20 * 9 / 16), QImage.Format.Format_RGB888)  # the screen's shape is not exported
        ground.fill(QColor(self.palette.background))
        heat_map.set_screen(ground)
        heat_map.set_counts(cells)
        figure = render_png(heat_map, HALF, round(HALF * 9 / 16), self.palette.surface, self.out / file)
        top = max(max(row) for row in cells)
        alt = f"{kiosk.kiosk_id}: {kiosk.taps_total()} taps on a {columns} x {rows} grid, at most {top} in one cell"
        return self._with_alt(figure, alt)


def draw_charts(hall: Hall, out: Path, palette: Palette) -> dict[str, Figure]:
    paint = ChartPainter(out, palette)
    days = _every_day(hall.visits_by_day())
    hours = hall.visits_by_hour()
    pillars = hall.pillar_seconds()
    languages = hall.languages()
    total_languages = sum(languages.values()) or 1
    kiosks = [(k.kiosk_id, sum(k.visits_by_day().values()), k.median_visit_s()) for k in hall.kiosks]
    made: dict[str, Figure | None] = {
        "visits-per-day": paint.columns(
            "visits-per-day",
            [n for _, n in days],
            _day_labels([d for d, _ in days]),
            "Visits per day: " + ", ".join(f"{d.isoformat()} {n}" for d, n in days),
        ),
        "visits-per-hour": paint.columns(
            "visits-per-hour",
            hours,
            [f"{h}:00" if h % 3 == 0 else "" for h in range(24)],
            "Visits per hour: " + ", ".join(f"{h}:00 {n}" for h, n in enumerate(hours) if n),
            at_edges=True,
        ),
        "time-per-pillar": paint.bars(
            "time-per-pillar",
            [Bar(p, s, duration_text(s)) for p, s in pillars.items()],
            "Time per pillar: " + ", ".join(f"{p} {duration_text(s)}" for p, s in pillars.items()),
        ),
        "languages": paint.bars(
            "languages",
            [Bar(code, n, f"{round(100 * n / total_languages)}% ({n:,})") for code, n in languages.items()],
            "Languages: " + ", ".join(f"{code} {n}" for code, n in languages.items()),
        ),
        "kiosks-visits": paint.bars(
            "kiosks-visits",
            [Bar(kid, n, f"{n:,}") for kid, n, _ in kiosks if n],
            "Visits per kiosk: " + ", ".join(f"{kid} {n}" for kid, n, _ in kiosks),
        ),
        "kiosks-median": paint.bars(
            "kiosks-median",
            [Bar(kid, m, duration_text(m)) for kid, _, m in kiosks if m > 0],
            "Median visit per kiosk: " + ", ".join(f"{kid} {duration_text(m)}" for kid, _, m in kiosks),
        ),
    }
    for n, kiosk in enumerate(hall.kiosks, start=1):
        made[f"heat-{kiosk.kiosk_id}"] = paint.heat(kiosk, f"heat-{n}.png")
    return {key: figure for key, figure in made.items() if figure is not None}


def make_report(sources: list[Path], out: Path, palette: Palette, now: Callable[[], datetime] = datetime.now) -> tuple[Hall, Path]:
    """Reads, merges, draws and writes; the Hall says what was left out. Raises OSError when `out` cannot
    be written."""
    hall = merge(sources)
    out.mkdir(parents=True, exist_ok=True)
    csvs = [path.name for path in write_csvs(hall, out)]
    figures = draw_charts(hall, out, palette)
    page = write_page(out, render(hall, figures, colours_of(palette), now(), csvs))
    return hall, page


def run_report(sources: list[Path], out: Path) -> int:
    """The command: 0 when the report holds something, 1 when nothing usable was left (the page still says why)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.application import ensure_application

    ensure_application()
    previous = qInstallMessageHandler(_quiet_offscreen)
    try:
        return _report(sources, out)
    finally:
        qInstallMessageHandler(previous)


def _quiet_offscreen(kind: QtMsgType, _context: object, message: str) -> None:
    """Qt's offscreen platform says it cannot pass size hints to a window system (there is none); other
    messages go to stderr as Qt's own handler writes them."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def _report(sources: list[Path], out: Path) -> int:
    from kiosk import resources
    from kiosk.ui.fonts import load_bundled_fonts

    for problem in load_bundled_fonts(resources.fonts_dir()):
        print(f"kiosk: {problem}", file=sys.stderr)
    try:
        hall, page = make_report(sources, out, Palette())
    except OSError as exc:
        print(f"kiosk: could not write the report to {out}: {describe(exc)}", file=sys.stderr)
        return 1
    for line in hall.left_out:
        print(f"kiosk: left out: {line}", file=sys.stderr)
    for line in hall.notes:
        print(f"kiosk: note: {line}", file=sys.stderr)
    if not hall.usable:
        print(f"kiosk: nothing usable in the exports given; the report at {page} says why", file=sys.stderr)
        return 1
    print(f"hall report: {len(hall.kiosks)} kiosk(s), {hall.visits()} visits; open {page}")
    return 0
