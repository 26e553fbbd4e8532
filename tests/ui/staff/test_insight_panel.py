"""The insight panel shows staff what visitors did, today or over the week, as pictures with a few
figures to quote: time per page (pages by their title, most watched first), visits per hour or per day,
the language split in percent; durations read as seconds, minutes or hours; records that cannot be read
are said so, not raised; it exports CSV to at most two sticks or this computer, and says where or why
not; it lies top to bottom on a portrait screen; Back leaves it for the staff panel
(kiosk.ui.staff.insight_panel)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.insight import InsightStore
from kiosk.ui.staff.insight_panel import InsightPanel
from kiosk.ui.theme import THEMES, accent
from tests.ui.widgets.conftest import dataset

NOW = datetime(2026, 12, 4, 10, 30).timestamp()  # a Friday, half past ten, local time


class Records:
    """A visitor record store on a clock the test sets, and what the panel is told."""

    def __init__(self) -> None:
        self.now = NOW
        self.store = InsightStore.in_memory(clock=lambda: self.now)
        self.language = "en"
        self.folders: list[Path] = []
        self.window: QWidget | None = None

    def visit(self, seconds_by_page: dict[str, float], language: str) -> None:
        visit = self.store.session_started(language, False)
        for page, seconds in seconds_by_page.items():
            self.store.pillar_time(visit, page, seconds)
        self.now += sum(seconds_by_page.values())
        self.store.session_ended(visit, language)


@pytest.fixture
def records() -> Iterator[Records]:
    made = Records()
    yield made
    made.store.close()


def _panel(qtbot: QtBot, records: Records, width: int = 1920, height: int = 1080) -> InsightPanel:
    """The panel over a window of its own (kept by `records` while the test runs)."""
    window = QWidget()
    records.window = window
    qtbot.addWidget(window)
    window.resize(width, height)
    screen = QImage(192, 108, QImage.Format.Format_RGB32)
    screen.fill(QColor("#336699"))
    panel = InsightPanel(
        records.store, dataset, lambda: records.language, lambda: screen, lambda: records.folders, THEMES["standard"], window, 600_000
    )
    window.show()
    return panel


def _figures(panel: InsightPanel) -> list[str]:
    return [number.text() for number, _ in panel.figures.values()]


def test_durations_read_as_seconds_minutes_or_hours(qtbot: QtBot, records: Records) -> None:
    panel = _panel(qtbot, records)
    assert [panel.duration_text(s) for s in (0, 42.4, 59.6, 125, 3599, 3600, 3725)] == [
        "0 s", "42 s", "1 min 00 s", "2 min 05 s", "59 min 59 s", "1 h 00 min", "1 h 02 min",
    ]  # fmt: skip


def test_today_shows_the_figures_pages_most_watched_first_and_the_language_split(qtbot: QtBot, records: Records) -> None:
    records.visit({"industry": 30, "ecology": 95}, "en")
    records.visit({"ecology": 40, "retired-page": 5}, "zh")  # a page the content no longer has keeps its id
    records.visit({"industry": 20}, "en")
    panel = _panel(qtbot, records)
    panel.open_overlay()
    try:
        assert _figures(panel) == ["3", "45 s", "10:00–11:00"]  # the middle of 125, 45 and 20 s
        assert [(b.label, b.text) for b in panel.page_bars.bars] == [
            ("Stronger Ecology", "2 min 15 s"),
            ("Stronger Industry", "50 s"),
            ("retired-page", "5 s"),
        ]
        colours = THEMES["standard"]
        assert panel.page_bars.accents == [accent(3, colours), accent(1, colours), accent(len(dataset().pages), colours)]
        assert len(panel.visit_columns.counts) == 24 and panel.visit_columns.counts[10] == 3
        assert panel.visits_title.text() == "Visits per hour" and panel.range_buttons[1].isChecked()
        assert [(p.label, p.value, p.text) for p in panel.language_split.parts] == [("English", 2, "67%"), ("中文", 1, "33%")]
    finally:
        panel.close_overlay()


def test_the_week_shows_visits_per_day_under_weekday_names_in_the_language(qtbot: QtBot, records: Records) -> None:
    records.visit({"industry": 30}, "en")
    records.language = "zh"
    panel = _panel(qtbot, records)
    panel.open_overlay()
    try:
        panel.range_buttons[7].click()
        assert panel.days == 7 and panel.range_buttons[7].isChecked() and not panel.range_buttons[1].isChecked()
        assert panel.visits_title.text() == "Visits per day"  # the panel's own text is Qt's: English here
        assert panel.visit_columns.counts == [0] * 6 + [1]
        assert panel.visit_columns.labels == ["周六", "周日", "周一", "周二", "周三", "周四", "周五"]  # today, a Friday, last
    finally:
        panel.close_overlay()


def test_no_visits_show_dashes_and_say_so(qtbot: QtBot, records: Records) -> None:
    panel = _panel(qtbot, records)
    panel.open_overlay()
    try:
        assert _figures(panel) == ["0", "-", "-"]
        assert panel.page_bars.bars == [] and panel.visit_columns.counts == [] and panel.language_split.parts == []
        assert all(chart.empty_text == "No visits yet" for chart in panel.charts)
        assert panel.status_label.isHidden()
    finally:
        panel.close_overlay()


def test_records_that_cannot_be_read_are_said_so_not_raised(qtbot: QtBot, records: Records) -> None:
    panel = _panel(qtbot, records)
    records.store.close()  # as a database gone bad under a running kiosk
    panel.open_overlay()
    try:
        assert panel.summary is None and _figures(panel) == ["-", "-", "-"]
        assert panel.status_label.text().startswith("Could not read the visitor records: could not read :memory:")
        assert not panel.status_label.isHidden()
    finally:
        panel.close_overlay()


def test_export_offers_two_sticks_at_most_then_this_computer(qtbot: QtBot, records: Records, tmp_path: Path) -> None:
    sticks = [tmp_path / f"STICK{n}" for n in (1, 2, 3)]
    own = tmp_path / "kiosk" / "exports"
    records.folders = [*sticks, own]
    panel = _panel(qtbot, records)
    panel.open_overlay()
    panel.close_overlay()
    assert [b.text() for b in panel.export_buttons] == ["STICK1", "STICK2", "This computer"]
    records.folders = [own]
    panel.open_overlay()
    try:
        assert len(panel.export_buttons) == 3  # made once, reused
        assert [b.text() for b in panel.export_buttons if not b.isHidden()] == ["This computer"]
        panel.export_buttons[0].click()  # the kiosk's own folder is made when needed
        written = next(own.iterdir())
        assert sorted(p.name for p in written.iterdir()) == ["daily.csv", "export.json", "pillar_time.csv", "sessions.csv", "taps.csv"]
        assert panel.status_label.text() == f"Exported four CSV files to {written}"
    finally:
        panel.close_overlay()


def test_a_stick_pulled_out_is_named_in_a_message(qtbot: QtBot, records: Records, tmp_path: Path) -> None:
    gone = tmp_path / "STICK"
    records.folders = [gone, tmp_path / "exports"]
    panel = _panel(qtbot, records)
    panel.open_overlay()
    try:
        assert panel.export_to(gone) is None
        assert panel.status_label.text().startswith(f"Not exported: could not export to {gone}")
        assert not gone.exists()  # a stick's folder is never made: it is not there
    finally:
        panel.close_overlay()


def test_portrait_lays_the_charts_above_the_heat_map_and_back_returns_to_staff(qtbot: QtBot, records: Records) -> None:
    panel = _panel(qtbot, records, 1080, 1920)
    panel.open_overlay()
    assert panel.body.direction() == QBoxLayout.Direction.TopToBottom
    assert panel.card.width() == 972 and panel.card.height() == round(1920 * 0.92)
    with qtbot.waitSignal(panel.back):
        panel.back_button.click()
    assert not panel.is_open and panel.isHidden()
