"""Visitor insight recorded from real taps and compared with what the simulated visitors did; the
staff's insight panel and its CSV export; opening hours closing and reopening the kiosk by itself."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.insight import GRID_COLUMNS, GRID_ROWS
from kiosk.qa.drive import SimulatedTime as Clocks  # one simulated time for the session and the wall clock
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.opening_hours import opening_text
from tests.kiosks import build, shutdown
from tests.ui.test_navigation import drag

MONDAY_10 = datetime(2026, 11, 30, 10, 0)  # a Monday


def _build(home: Path, clocks: Clocks, **values: object) -> Kiosk:
    return build(home, clocks=clocks.clocks(), **{"idle_timeout_s": 60, "warning_s": 10, **values})


@pytest.fixture
def clocks() -> Clocks:
    return Clocks(MONDAY_10)


@pytest.fixture
def kiosk(own_home: Path, clocks: Clocks) -> Iterator[Kiosk]:
    """A kiosk of the test's own: the figures below count every visit in its records."""
    built = _build(own_home, clocks)
    yield built
    shutdown(built)


def _tap(kiosk: Kiosk, widget: QWidget) -> QPoint:
    window = kiosk.window
    centre = widget.mapTo(window, widget.rect().center())
    drag(window, centre, centre, steps=1)
    window.finish_transition()
    return centre


def _wait(kiosk: Kiosk, clocks: Clocks, seconds: float) -> None:
    assert kiosk.session is not None
    end = clocks.seconds + seconds
    while clocks.seconds < end:
        clocks.seconds = min(end, clocks.seconds + 1.0)
        kiosk.session.tick()


def _end_by_timeout(kiosk: Kiosk, clocks: Clocks) -> None:
    _wait(kiosk, clocks, 60 + 10 + 2)


def test_simulated_visits_give_the_figures_staff_see(kiosk: Kiosk, clocks: Clocks, qapp: QApplication) -> None:
    window, tabs = kiosk.window, kiosk.window.tab_bar.buttons
    pages = [p.id for p in window.dataset.pages]
    assert kiosk.insight is not None
    # Visit 1 (zh): 20 s on the overview, tap industry, 30 s there, tap ecology, 10 s, then walks away.
    _wait(kiosk, clocks, 5)
    _tap(kiosk, window.views[0])  # the first touch starts the visit
    _wait(kiosk, clocks, 20)
    taps = [_tap(kiosk, tabs[1])]
    _wait(kiosk, clocks, 30)
    taps.append(_tap(kiosk, tabs[3]))
    _wait(kiosk, clocks, 10)
    taps.append(_tap(kiosk, tabs[3]))  # a last touch; then nothing for the idle timeout
    _end_by_timeout(kiosk, clocks)
    assert kiosk.session is not None and kiosk.session.attract.running
    # Visit 2 wakes the attract loop, switches to English, 40 s on innovation.
    _tap(kiosk, window)
    _tap(kiosk, window.language_toggle.buttons["en"])
    _tap(kiosk, tabs[2])
    _wait(kiosk, clocks, 40)
    taps.append(_tap(kiosk, tabs[2]))
    _end_by_timeout(kiosk, clocks)

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
    _tap(kiosk, window.views[0])
    _wait(kiosk, clocks, 15)
    _tap(kiosk, window.tab_bar.buttons[1])
    _end_by_timeout(kiosk, clocks)
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
        _tap(kiosk, kiosk.window.views[0])
        _tap(kiosk, kiosk.window.tab_bar.buttons[2])
        assert kiosk.window.current_index == 2  # the visitor was served
        assert "insight.db" in kiosk.insight.problem
        assert kiosk.staff.panel is not None
        kiosk.staff.panel.open_overlay()
        assert "insight.db" in kiosk.staff.panel.health_label.text()
        kiosk.staff.panel.close_overlay()
    finally:
        blocker.rollback()
        blocker.close()
    _tap(kiosk, kiosk.window.tab_bar.buttons[3])
    assert kiosk.insight.problem == ""  # writing again


def test_outside_opening_hours_the_kiosk_closes_and_reopens_by_itself(own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 16, 59, 30))  # Monday, half a minute before closing
    kiosk = _build(own_home, clocks, opening_hours="mon-fri 09:00-17:00")
    try:
        hall, session = kiosk.hall, kiosk.session
        assert hall is not None and session is not None and kiosk.insight is not None
        assert not hall.closed and not hall.screen.isVisible()
        clocks.seconds += 60
        hall.check()
        assert hall.closed and hall.screen.isVisible() and session.suspended
        screen = hall.screen
        assert (screen.lang, screen.title_label.text(), screen.when_label.text()) == ("zh", "本展项暂停开放", "明天 09:00 开放")
        screen.show_language("en")  # each language in turn, on the screen's own timer
        assert (screen.title_label.text(), screen.when_label.text()) == ("The exhibition is closed", "Opens tomorrow at 09:00")
        assert screen.timer.isActive()
        before = kiosk.insight.store.summary(1).sessions
        _tap(kiosk, kiosk.window)  # a passer-by touches the closed screen: nothing happens
        _wait(kiosk, clocks, 600)
        assert kiosk.window.current_index == 0 and not session.attract.running
        assert kiosk.insight.store.summary(1).sessions == before
        # Next morning, by itself.
        clocks.start = datetime(2026, 12, 1, 9, 0, 5)
        clocks.seconds = 0
        hall.check()
        assert not hall.closed and not hall.screen.isVisible() and not session.suspended
        assert session.attract.running  # the hall opens to the attract loop
    finally:
        shutdown(kiosk)


def test_staff_override_lasts_until_the_next_change_and_display_off(own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 11, 0))  # Monday, open
    kiosk = _build(own_home, clocks, opening_hours="mon-fri 09:00-17:00", closed_display="off")
    power: list[bool] = []
    try:
        hall, panel = kiosk.hall, kiosk.staff.panel
        assert hall is not None and panel is not None
        hall._display_power = power.append  # the OS's display switch, recorded (xset is not on CI)
        panel.open_overlay()
        panel.hours_buttons["closed"].click()  # a private event: close now
        assert hall.closed and hall.screen.display_off and power == [False]
        assert "by staff" in panel.hours_label.text() or "工作人员" in panel.hours_label.text()
        panel.close_overlay()
        clocks.seconds += 3 * 3600  # 14:00: still closed by staff
        hall.check()
        assert hall.closed
        clocks.start = datetime(2026, 12, 1, 9, 0, 1)  # the next opening: the override has ended
        clocks.seconds = 0
        hall.check()
        assert not hall.closed and power == [False, True]
        clocks.start = datetime(2026, 12, 1, 20, 0)  # evening: closed by the schedule
        hall.check()
        assert hall.closed
        panel.open_overlay()
        panel.hours_buttons["open"].click()  # staff open for an evening event
        assert not hall.closed
        panel.hours_buttons["schedule"].click()
        assert hall.closed
    finally:
        shutdown(kiosk)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=lambda v: str(v))
def test_staff_screens_and_the_closed_screen_pass_the_audit(
    qapp: QApplication, own_home: Path, clocks: Clocks, width: int, height: int
) -> None:
    from kiosk import resources
    from kiosk.qa.layout_audit import audit
    from kiosk.qa.snapshot import make_usb_stick
    from kiosk.ui.theme import scale_for

    sticks = {broken: make_usb_stick(own_home.parent / "sticks", broken) for broken in (False, True)}
    kiosk = _build(own_home, clocks)
    try:
        kiosk.window.resize(width, height)
        _tap(kiosk, kiosk.window.tab_bar.buttons[1])
        _end_by_timeout(kiosk, clocks)
        assert kiosk.staff.panel is not None and kiosk.hall is not None

        from kiosk.core.content.install import examine
        from kiosk.ui.preview import ProblemBanner

        banner = ProblemBanner(kiosk.window)  # what kiosk preview shows over a bad save
        mistakes = examine(sticks[True] / "lna-content").problems

        def content_panel(broken: bool) -> None:
            kiosk.staff.open_content()
            assert kiosk.staff.content_panel is not None
            kiosk.staff.content_panel.drives = lambda: [sticks[broken]]
            kiosk.staff.content_panel.look()
            kiosk.staff.content_panel.wait_for_look()

        findings = []
        for lang in kiosk.language.languages:
            kiosk.language.set_language(lang)
            settle(qapp)
            for name, show, hide in (
                ("staff panel", kiosk.staff.panel.open_overlay, kiosk.staff.panel.close_overlay),
                ("insight", kiosk.staff.panel.insight_button.click, lambda: kiosk.staff.insight_panel.close_overlay()),  # type: ignore[union-attr]
                ("closed", lambda: kiosk.hall.screen.show_closed(clocks.wall() + timedelta(days=3), False), kiosk.hall.screen.hide),  # type: ignore[union-attr]
                ("content from USB", lambda: content_panel(False), kiosk.staff.close_all),
                ("content from USB, broken", lambda: content_panel(True), kiosk.staff.close_all),
                ("preview problems", lambda: banner.show_problems(mistakes), banner.clear),
            ):
                show()
                settle(qapp)
                findings += [f"{lang} {name}: {f}" for f in audit(kiosk.window, scale_for(width, height), resources.fonts_dir())]
                hide()
        assert findings == []
    finally:
        shutdown(kiosk)


def _on_top(kiosk: Kiosk, widget: QWidget) -> bool:
    """Whether a finger at the middle of `widget` would land on it (or its children)."""
    window = kiosk.window
    centre = widget.mapTo(window, widget.rect().center())
    hit = window.childAt(centre)
    return hit is not None and (hit is widget or widget.isAncestorOf(hit))


def test_while_closed_staff_keep_their_panel_and_nothing_plays_over_the_closed_screen(own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 20, 0))  # Monday evening: closed
    kiosk = _build(own_home, clocks, opening_hours="mon-fri 09:00-17:00")
    try:
        hall, panel, session = kiosk.hall, kiosk.staff.panel, kiosk.session
        assert hall is not None and panel is not None and session is not None and hall.closed
        panel.open_overlay()
        hall.check()  # the 15 s check while staff work: the panel stays usable on top
        assert _on_top(kiosk, panel.card)
        panel.attract_button.click()  # "start attract now" while closed plays nothing
        assert not session.attract.running and hall.screen.isVisible()
        panel.open_overlay()
        panel.hours_buttons["open"].click()  # open for an evening event: the panel stays on top
        assert not hall.closed and _on_top(kiosk, panel.card) and not session.attract.running
        panel.hours_buttons["closed"].click()  # and closed again from the panel: still on top
        assert hall.closed and _on_top(kiosk, panel.card)
        panel.close_overlay()
    finally:
        shutdown(kiosk)


def test_staff_actions_are_not_counted_as_visitors(kiosk: Kiosk, clocks: Clocks, qapp: QApplication) -> None:
    from kiosk.core.session import Mode

    assert kiosk.insight is not None and kiosk.session is not None
    corner = QPoint(20, 20)  # the start of the staff gesture
    drag(kiosk.window, corner, corner, steps=1)
    kiosk.settings.change("mode", Mode.ATTRACT_ONLY.value)  # as the staff panel does
    kiosk.settings.change("mode", Mode.INTERACTIVE.value)  # wakes the attract loop, but no visitor did
    _end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert (summary.sessions, summary.taps, summary.attract_wakes) == (0, 0, 0)


def test_an_export_while_the_kiosk_runs_leaves_the_visit_in_progress_open(kiosk: Kiosk, clocks: Clocks, tmp_path: Path) -> None:
    from kiosk.core.insight import InsightStore

    assert kiosk.insight is not None
    _tap(kiosk, kiosk.window.views[0])
    _wait(kiosk, clocks, 3)
    _tap(kiosk, kiosk.window.tab_bar.buttons[1])  # 3 s on the overview so far
    reader = InsightStore(kiosk.insight.store.path, recover=False)  # what `kiosk export` opens
    reader.export_csv(tmp_path)
    reader.close()
    _wait(kiosk, clocks, 20)
    _tap(kiosk, kiosk.window.language_toggle.buttons["en"])
    _end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert summary.languages == {"en": 1}  # ended by the kiosk, in English, not cut short by the export
    assert summary.median_session_s == pytest.approx(23, abs=1.5)


@pytest.mark.logs("override not restored")
def test_a_staff_override_survives_a_restart_until_it_ends(own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 11, 0))  # Monday, open
    kiosk = _build(own_home, clocks, opening_hours="mon-fri 09:00-17:00")
    assert kiosk.hall is not None
    kiosk.hall.override(False)  # closed for an incident
    shutdown(kiosk)
    clocks.seconds += 600  # a crash and a restart ten minutes later: still closed
    again = _build(own_home, clocks, opening_hours="mon-fri 09:00-17:00")
    try:
        assert again.hall is not None and again.hall.closed and again.hall.state().overridden
        again.hall.follow_schedule()
        assert not again.hall.closed and not (own_home / "config" / "opening_override.json").exists()
    finally:
        shutdown(again)
    (own_home / "config" / "opening_override.json").write_text("{not json", encoding="utf-8")
    broken = _build(own_home, clocks, opening_hours="mon-fri 09:00-17:00")  # a damaged file: the schedule rules
    try:
        assert broken.hall is not None and not broken.hall.closed
    finally:
        shutdown(broken)


@pytest.mark.logs("visitor insight", "insight.db", "no lock-out")
def test_a_data_folder_that_cannot_be_made_keeps_insight_in_memory_and_says_why(own_home: Path) -> None:
    own_home.mkdir(parents=True)
    (own_home / "data").write_text("a file where the data folder should be", encoding="utf-8")
    clocks = Clocks(MONDAY_10)
    kiosk = _build(own_home, clocks)
    try:
        assert any("kept in memory only" in p and "insight.db" in p for p in kiosk.health.notes)
        _tap(kiosk, kiosk.window.views[0])
        _tap(kiosk, kiosk.window.tab_bar.buttons[2])
        assert kiosk.window.current_index == 2  # visitors are served as ever
        _end_by_timeout(kiosk, clocks)
        assert kiosk.insight.store.summary(1).sessions == 1  # and counted, for this run
        kiosk.staff.panel.open_overlay()
        assert "kept in memory only" in kiosk.staff.panel.health_label.text()  # staff see why
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
    _tap(kiosk, kiosk.staff.panel.close_button)
    _end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert (summary.sessions, summary.attract_wakes) == (0, 0)
    # A visitor who comes next is counted as ever, from the first touch, and so is the wake.
    assert kiosk.session.attract.running
    _tap(kiosk, kiosk.window)
    _tap(kiosk, kiosk.window.tab_bar.buttons[1])
    _wait(kiosk, clocks, 12)
    _tap(kiosk, kiosk.window.tab_bar.buttons[2])
    _end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert (summary.sessions, summary.attract_wakes) == (1, 1)
    assert summary.median_session_s == pytest.approx(12, abs=1.5)


def test_a_visit_is_in_the_language_the_visitor_switched_to_while_it_lasts(kiosk: Kiosk, clocks: Clocks, qapp: QApplication) -> None:
    """So a kiosk killed mid-visit (power cut, SIGKILL) still has the visitor's last language."""
    assert kiosk.insight is not None
    _tap(kiosk, kiosk.window.tab_bar.buttons[1])
    assert kiosk.insight.store.summary(1).languages == {"zh": 1}
    _tap(kiosk, kiosk.window.language_toggle.buttons["en"])
    assert kiosk.insight.store.summary(1).languages == {"en": 1}  # the visit is still going on
    _end_by_timeout(kiosk, clocks)  # the kiosk goes back to Chinese for the next visitor: the visit stays English
    assert kiosk.insight.store.summary(1).languages == {"en": 1}


def test_back_from_visitor_insight_returns_to_the_staff_panel(kiosk: Kiosk, qapp: QApplication) -> None:
    staff = kiosk.staff
    assert staff.panel is not None
    staff.panel.open_overlay()
    _tap(kiosk, staff.panel.insight_button)
    panel = staff.insight_panel
    assert panel is not None and panel.is_open and not staff.panel.is_open
    _tap(kiosk, panel.back_button)
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
    _wait(kiosk, clocks, 3)
    _tap(kiosk, kiosk.window.tab_bar.buttons[2])  # a visitor's touch: the session and its wake count
    _end_by_timeout(kiosk, clocks)
    summary = kiosk.insight.store.summary(1)
    assert (summary.sessions, summary.attract_wakes) == (1, 1)


def test_the_closed_screen_names_days_and_months_from_the_locale_files() -> None:
    formatter = load_content(resources.bundled_content_dir()).formatter
    assert formatter is not None
    now = datetime(2026, 11, 30, 18, 0)  # a Monday
    friday, later = datetime(2026, 12, 4, 9, 30), datetime(2026, 12, 14, 9, 0)
    assert opening_text(friday, now, formatter, "en") == "Opens Friday at 09:30"
    assert opening_text(friday, now, formatter, "zh") == "周五 09:30 开放"
    assert opening_text(later, now, formatter, "en") == "Opens 14 December at 09:00"
    assert opening_text(later, now, formatter, "zh") == "12月14日 09:00 开放"
    assert opening_text(None, now, formatter, "en") == "See you soon"
