"""Visitor insight recorded from real taps and compared with what the simulated visitors did; the
staff's insight panel and its CSV export."""

from __future__ import annotations

import contextlib
import csv
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.insight import GRID_COLUMNS, GRID_ROWS
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from tests.kiosks import shutdown
from tests.touch import drag
from tests.visits import Clocks, build_on, end_by_timeout, tap_on, wait_on

MONDAY_10 = datetime(2026, 11, 30, 10, 0)  # a Monday


@pytest.fixture
def clocks() -> Clocks:
    return Clocks(MONDAY_10)


@pytest.fixture
def kiosk(own_home: Path, clocks: Clocks) -> Iterator[Kiosk]:
    """A kiosk of the test's own: the figures below count every visit in its records."""
    built = build_on(own_home, clocks)
    yield built
    shutdown(built)


def test_simulated_visits_give_the_figures_staff_see(kiosk: Kiosk, clocks: Clocks, qapp: QApplication) -> None:
    window, tabs = kiosk.window, kiosk.window.tab_bar.buttons
    pages = [p.id for p in window.dataset.pages]
    assert kiosk.insight is not None
    # Visit 1 (zh): 20 s on the overview, tap industry, 30 s there, tap ecology, 10 s, then walks away.
    wait_on(kiosk, clocks, 5)
    tap_on(kiosk, kiosk.pages.views[0])  # the first touch starts the visit
    wait_on(kiosk, clocks, 20)
    taps = [tap_on(kiosk, tabs[1])]
    wait_on(kiosk, clocks, 30)
    taps.append(tap_on(kiosk, tabs[3]))
    wait_on(kiosk, clocks, 10)
    taps.append(tap_on(kiosk, tabs[3]))  # a last touch; then nothing for the idle timeout
    end_by_timeout(kiosk, clocks)
    assert kiosk.session is not None and kiosk.session.attract.running
    # Visit 2 wakes the attract loop, switches to English, 40 s on innovation.
    tap_on(kiosk, window)
    tap_on(kiosk, window.language_toggle.buttons["en"])
    tap_on(kiosk, tabs[2])
    wait_on(kiosk, clocks, 40)
    taps.append(tap_on(kiosk, tabs[2]))
    end_by_timeout(kiosk, clocks)

    summary = kiosk.insight.store.summary(1)
    assert summary.sessions == 2
    assert summary.attract_wakes == 1
    assert summary.languages == {"zh": 1, "en": 1}
    assert summary.pillar_seconds[pages[0]] == pytest.approx(20, abs=1.5)
    assert summary.pillar_seconds[pages[1]] == pytest.approx(30, abs=1.5)
    assert summary.pillar_seconds[pages[3]] == pytest.approx(10, abs=1.5)
    assert summary.pillar_seconds[pages[2]] == pytest.approx(40, abs=1.5)
    assert summary.median_session_s == pytest.approx((60 + 40) / 2, abs=2)  # first to last touch
    assert summary.taps == sum(map(sum, summary.heat)) >= 8
    for point in taps:  # each of these taps is counted in its cell of the grid
        col = min(GRID_COLUMNS - 1, point.x() * GRID_COLUMNS // window.width())
        row = min(GRID_ROWS - 1, point.y() * GRID_ROWS // window.height())
        assert summary.heat[row][col] >= 1
    assert kiosk.insight.store.summary(7).sessions == 2


def test_the_insight_panel_shows_the_figures_and_exports_csv(kiosk: Kiosk, clocks: Clocks, qapp: QApplication, tmp_path: Path) -> None:
    window = kiosk.window
    tap_on(kiosk, kiosk.pages.views[0])
    wait_on(kiosk, clocks, 15)
    tap_on(kiosk, window.tab_bar.buttons[1])
    end_by_timeout(kiosk, clocks)
    assert kiosk.staff.panel is not None
    kiosk.staff.panel.open_overlay()
    kiosk.staff.panel.insight_button.click()
    settle(qapp)
    panel = kiosk.staff.insight_panel
    assert panel is not None and panel.isVisible() and not kiosk.staff.panel.isVisible()
    assert panel.figures["visits"][0].text() == "1"
    assert panel.figures["median"][0].text() == panel.duration_text(15)
    assert panel.figures["busiest"][0].text() == "10:00–11:00"
    assert [bar.label for bar in panel.page_bars.bars] == [window.dataset.pages[0].title.in_language(kiosk.language.language)]
    assert panel.page_bars.bars[0].text == panel.duration_text(15)
    assert panel.visit_columns.counts[10] == 1 and sum(panel.visit_columns.counts) == 1 and len(panel.visit_columns.counts) == 24
    assert [(part.value, part.text) for part in panel.language_split.parts] == [(1, "100%")]
    assert panel.heat_map.cells.sum() == 2  # the two taps
    panel.range_buttons[7].click()
    assert panel.summary is not None and panel.summary.days == 7
    assert panel.visit_columns.counts == [0] * 6 + [1]  # per day, today last
    usb = tmp_path / "usb"
    usb.mkdir()
    written = panel.export_to(usb)
    assert written is not None and written.parent == usb
    with (written / "sessions.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1 and float(rows[0]["seconds"]) == pytest.approx(15, abs=1.5)
    assert str(written) in panel.status_label.text()
    # A stick pulled out before the tap: a clear message, nothing raised.
    assert panel.export_to(tmp_path / "gone") is None
    assert "gone" in panel.status_label.text()
    panel.close_overlay()


@pytest.mark.logs("visitor insight not recorded")
def test_a_store_that_cannot_write_never_disturbs_visitors_and_tells_staff(kiosk: Kiosk, clocks: Clocks, qapp: QApplication) -> None:
    assert kiosk.insight is not None
    # Lock the database from another connection, as a stuck backup tool would: writes fail fast.
    blocker = sqlite3.connect(str(kiosk.insight.store.path))
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        tap_on(kiosk, kiosk.pages.views[0])
        tap_on(kiosk, kiosk.window.tab_bar.buttons[2])
        assert kiosk.navigation.page == 2  # the visitor was served
        assert "insight.db" in kiosk.insight.problem
        assert kiosk.staff.panel is not None
        kiosk.staff.panel.open_overlay()
        assert "insight.db" in kiosk.staff.panel.health_label.text()
        kiosk.staff.panel.close_overlay()
    finally:
        blocker.rollback()
        blocker.close()
    tap_on(kiosk, kiosk.window.tab_bar.buttons[3])
    assert kiosk.insight.problem == ""  # writing again


def test_staff_actions_are_not_counted_as_visitors(kiosk: Kiosk, clocks: Clocks, qapp: QApplication) -> None:
    from kiosk.core.session import Mode

    assert kiosk.insight is not None and kiosk.session is not None
    corner = QPoint(20, 20)  # the start of the staff gesture
    drag(kiosk.window, corner, corner, steps=1)
    kiosk.settings.change("mode", Mode.ATTRACT_ONLY.value)  # as the staff panel does
    kiosk.settings.change("mode", Mode.INTERACTIVE.value)  # wakes the attract loop, but no visitor did
    end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert (summary.sessions, summary.taps, summary.attract_wakes) == (0, 0, 0)


def test_an_export_while_the_kiosk_runs_leaves_the_visit_in_progress_open(kiosk: Kiosk, clocks: Clocks, tmp_path: Path) -> None:
    from kiosk.core.insight import InsightStore

    assert kiosk.insight is not None
    tap_on(kiosk, kiosk.pages.views[0])
    wait_on(kiosk, clocks, 3)
    tap_on(kiosk, kiosk.window.tab_bar.buttons[1])  # 3 s on the overview so far
    reader = InsightStore(kiosk.insight.store.path, recover=False)  # what `kiosk export` opens
    reader.export_csv(tmp_path)
    reader.close()
    wait_on(kiosk, clocks, 20)
    tap_on(kiosk, kiosk.window.language_toggle.buttons["en"])
    end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert summary.languages == {"en": 1}  # ended by the kiosk, in English, not cut short by the export
    assert summary.median_session_s == pytest.approx(23, abs=1.5)


@pytest.mark.logs("visitor insight", "insight.db", "no lock-out")
def test_a_data_folder_that_cannot_be_made_keeps_insight_in_memory_and_says_why(own_home: Path) -> None:
    own_home.mkdir(parents=True)
    (own_home / "data").write_text("a file where the data folder should be", encoding="utf-8")
    clocks = Clocks(MONDAY_10)
    kiosk = build_on(own_home, clocks)
    try:
        assert any("kept in memory only" in p and "insight.db" in p for p in kiosk.health.notes)
        tap_on(kiosk, kiosk.pages.views[0])
        tap_on(kiosk, kiosk.window.tab_bar.buttons[2])
        assert kiosk.navigation.page == 2  # visitors are served as ever
        end_by_timeout(kiosk, clocks)
        assert kiosk.insight.store.summary(1).sessions == 1  # and counted, for this run
        kiosk.staff.panel.open_overlay()
        assert "insight.db" in kiosk.staff.panel.health_label.text()  # staff see which file (the log says why)
        kiosk.staff.panel.close_overlay()
    finally:
        shutdown(kiosk)


def _key(kiosk: Kiosk, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    QApplication.sendEvent(kiosk.window, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))


def test_a_session_in_which_only_staff_used_the_screen_is_not_a_visit(kiosk: Kiosk, clocks: Clocks, qapp: QApplication) -> None:
    """Staff at the keyboard: Ctrl (a key, no visitor's touch) wakes the attract loop and starts a session,
    then Ctrl+Alt+S, the PIN pad and the staff panel. When it times out it is forgotten, not counted as
    a 0-second visit, and neither is the wake."""
    assert kiosk.insight is not None and kiosk.staff.panel is not None
    kiosk.session.start_attract_now()
    ctrl, ctrl_alt = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    _key(kiosk, Qt.Key.Key_Control, ctrl)
    _key(kiosk, Qt.Key.Key_Alt, ctrl_alt)
    _key(kiosk, Qt.Key.Key_S, ctrl_alt)
    assert kiosk.staff.pin_pad.is_open
    kiosk.staff.pin_pad.close_overlay()
    kiosk.staff.panel.open_overlay()  # as the right PIN would
    tap_on(kiosk, kiosk.staff.panel.close_button)
    end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert (summary.sessions, summary.attract_wakes) == (0, 0)
    # A visitor who comes next is counted as ever, from the first touch, and so is the wake.
    assert kiosk.session.attract.running
    tap_on(kiosk, kiosk.window)
    tap_on(kiosk, kiosk.window.tab_bar.buttons[1])
    wait_on(kiosk, clocks, 12)
    tap_on(kiosk, kiosk.window.tab_bar.buttons[2])
    end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert (summary.sessions, summary.attract_wakes) == (1, 1)
    assert summary.median_session_s == pytest.approx(12, abs=1.5)


def test_a_visit_is_in_the_language_the_visitor_switched_to_while_it_lasts(kiosk: Kiosk, clocks: Clocks, qapp: QApplication) -> None:
    """So a kiosk killed mid-visit (power cut, SIGKILL) still has the visitor's last language."""
    assert kiosk.insight is not None
    tap_on(kiosk, kiosk.window.tab_bar.buttons[1])
    assert kiosk.insight.store.summary(1).languages == {"zh": 1}
    tap_on(kiosk, kiosk.window.language_toggle.buttons["en"])
    assert kiosk.insight.store.summary(1).languages == {"en": 1}  # the visit is still going on
    end_by_timeout(kiosk, clocks)  # the kiosk goes back to Chinese for the next visitor: the visit stays English
    assert kiosk.insight.store.summary(1).languages == {"en": 1}


def test_back_from_visitor_insight_returns_to_the_staff_panel(kiosk: Kiosk, qapp: QApplication) -> None:
    staff = kiosk.staff
    assert staff.panel is not None
    staff.panel.open_overlay()
    tap_on(kiosk, staff.panel.insight_button)
    panel = staff.insight_panel
    assert panel is not None and panel.is_open and not staff.panel.is_open
    tap_on(kiosk, panel.back_button)
    assert not panel.is_open and staff.panel.is_open and staff.panel.isVisible()
    assert kiosk.session.staff_open  # still staff's screen: touches are not a visitor's
    staff.panel.close_overlay()
    assert not kiosk.session.staff_open


def test_visitor_insight_with_no_visits_says_so(kiosk: Kiosk, qapp: QApplication) -> None:
    assert kiosk.staff.panel is not None
    kiosk.staff.open_insight()
    panel = kiosk.staff.insight_panel
    assert panel is not None
    assert [number.text() for number, _ in panel.figures.values()] == ["0", "-", "-"]
    assert panel.page_bars.bars == [] and panel.visit_columns.counts == [] and panel.language_split.parts == []
    assert panel.page_bars.empty_text == panel.tr("No visits yet")
    panel.close_overlay()


def test_a_visitor_who_wakes_the_kiosk_with_a_key_and_then_touches_is_a_visit_and_a_wake(
    kiosk: Kiosk, clocks: Clocks, qapp: QApplication
) -> None:
    assert kiosk.insight is not None
    kiosk.session.start_attract_now()
    _key(kiosk, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)  # a key wakes it: not yet known to be a visitor
    assert not kiosk.session.attract.running
    wait_on(kiosk, clocks, 3)
    tap_on(kiosk, kiosk.window.tab_bar.buttons[2])  # a visitor's touch: the session and its wake count
    end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert (summary.sessions, summary.attract_wakes) == (1, 1)


def _page_times(kiosk: Kiosk) -> list[tuple[str, float]]:
    """What the store holds of the time on each page, as another reader of the file sees it."""
    assert kiosk.insight is not None
    with sqlite3.connect(str(kiosk.insight.store.path)) as reader:
        return sorted(reader.execute("SELECT pillar, seconds FROM pillar_time").fetchall())


def _sliding(kiosk: Kiosk, clocks: Clocks) -> list[str]:
    """Slides on, a visit on the home page begun; the pages' ids."""
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    settle(kiosk.app)
    tap_on(kiosk, kiosk.pages.views[0])  # the first touch starts the visit
    return [p.id for p in kiosk.window.dataset.pages]


def test_a_page_time_is_written_once_after_the_frame_that_answers_the_tap(kiosk: Kiosk, clocks: Clocks, qtbot: QtBot) -> None:
    pages = _sliding(kiosk, clocks)
    wait_on(kiosk, clocks, 20)
    kiosk.navigation.show_page(1)
    assert _page_times(kiosk) == []  # not in the frame that answers the tap
    kiosk.window.repaint()  # that frame
    qtbot.waitUntil(lambda: _page_times(kiosk) != [], timeout=2_000)  # between it and the next
    assert kiosk.window.turn.running  # still sliding
    assert _page_times(kiosk) == [(pages[0], 20.0)]
    kiosk.window.finish_transition()
    settle(kiosk.app)
    assert _page_times(kiosk) == [(pages[0], 20.0)]  # once


def test_page_times_of_taps_faster_than_the_frames_are_all_written_in_order(kiosk: Kiosk, clocks: Clocks, qtbot: QtBot) -> None:
    pages = _sliding(kiosk, clocks)
    wait_on(kiosk, clocks, 20)
    kiosk.navigation.show_page(1)
    wait_on(kiosk, clocks, 3)
    kiosk.navigation.show_page(2)  # before the first slide painted a frame
    wait_on(kiosk, clocks, 4)
    kiosk.navigation.show_page(1)
    kiosk.window.finish_transition()
    settle(kiosk.app)
    assert _page_times(kiosk) == sorted([(pages[0], 20.0), (pages[1], 3.0), (pages[2], 4.0)])


def test_a_page_time_held_back_goes_before_the_next_write(kiosk: Kiosk, clocks: Clocks) -> None:
    """A write that comes before the page change is on the screen (a language switch) writes it first."""
    pages = _sliding(kiosk, clocks)
    wait_on(kiosk, clocks, 9)
    kiosk.navigation.show_page(2)
    kiosk.language.set_language("en")
    assert _page_times(kiosk) == [(pages[0], 9.0)]
    kiosk.window.finish_transition()


def test_a_kiosk_shut_down_mid_slide_keeps_the_page_time(own_home: Path, clocks: Clocks) -> None:
    kiosk = build_on(own_home, clocks)
    try:
        pages = _sliding(kiosk, clocks)
        wait_on(kiosk, clocks, 11)
        kiosk.navigation.show_page(3)
        assert kiosk.window.turn.running and _page_times(kiosk) == []
    finally:
        shutdown(kiosk)
    assert _page_times(kiosk)[0] == (pages[0], 11.0)


def _taps_on_disk(kiosk: Kiosk) -> int:
    """The taps the file holds, as another reader of it sees them."""
    assert kiosk.insight is not None
    with contextlib.closing(sqlite3.connect(str(kiosk.insight.store.path))) as reader:
        return int(reader.execute("SELECT COALESCE(SUM(count), 0) FROM taps").fetchone()[0])


def test_a_tap_is_counted_at_once_and_written_after_its_frame(kiosk: Kiosk, clocks: Clocks, qtbot: QtBot) -> None:
    assert kiosk.insight is not None
    store = kiosk.insight.store
    tap_on(kiosk, kiosk.pages.views[0])  # the first touch starts the visit (a write, which takes the tap along)
    assert store.taps_held == 0
    written = _taps_on_disk(kiosk)
    tap_on(kiosk, kiosk.pages.views[0])
    assert (store.taps_held, _taps_on_disk(kiosk)) == (1, written)  # the press waited for no disk
    qtbot.waitUntil(lambda: _taps_on_disk(kiosk) == written + 1, timeout=5_000)  # at the session's next tick
    tap_on(kiosk, kiosk.window.tab_bar.buttons[2])  # a page change: written once it is on the screen
    assert (store.taps_held, _taps_on_disk(kiosk)) == (0, written + 2)
    tap_on(kiosk, kiosk.pages.views[2])
    kiosk.insight.close()  # shut down before the moment came: written as it closes
    assert _taps_on_disk(kiosk) == written + 3
