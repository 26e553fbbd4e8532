"""The staff side in one place: the hidden gesture opens the PIN pad and the right PIN the panel; while
any staff screen is open (the content and insight panels too, made on first use) the session knows
staff are there; the mode setting shows the guide's buttons or the maintenance corner; staff read which
content shows and what is wrong first, and the window's repaints per second."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.health import staff_says
from kiosk.core.session import Mode
from kiosk.ui.app import Kiosk
from kiosk.ui.staff.staff_screens import FrameCounter
from tests.kiosks import FakeClock


@pytest.fixture
def mode(kiosk: Kiosk) -> Iterator[None]:
    yield
    kiosk.settings.change("mode", Mode.INTERACTIVE, save=False)  # before the test ends: the corner's timer stops


def test_frames_are_counted_over_the_last_second(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    clock = FakeClock()
    frames = FrameCounter(window, clock)
    for _ in range(3):
        QApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))
    QApplication.sendEvent(window, QEvent(QEvent.Type.Enter))  # not a repaint
    assert frames.per_second() == 3
    clock.now += 0.6
    QApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))
    assert frames.per_second() == 4
    clock.now += 0.5  # the first three are now more than a second old
    assert frames.per_second() == 1
    clock.now += 5
    assert frames.per_second() == 0


def test_the_gesture_opens_the_pin_pad_and_the_pin_the_panel(kiosk: Kiosk) -> None:
    staff, session = kiosk.staff, kiosk.session
    assert not staff.any_open and not session.staff_open
    session.staff_requested.emit()
    assert staff.pin_pad.is_open and staff.pin_pad.isVisible()
    assert staff.any_open and session.staff_open  # staff, not a visitor: the idle clock leaves them alone
    staff.pin_pad.accepted.emit()
    assert staff.panel.is_open and staff.panel.isVisible()
    staff.close_all()
    assert not staff.any_open and not session.staff_open
    assert not staff.pin_pad.isVisible() and not staff.panel.isVisible()


def test_the_content_panel_is_made_once_and_counts_as_a_staff_screen(kiosk: Kiosk) -> None:
    staff = kiosk.staff
    staff.open_content()
    panel = staff.content_panel
    assert panel is not None and panel.is_open and kiosk.session.staff_open
    panel.close_overlay()
    assert not kiosk.session.staff_open
    staff.open_content()
    assert staff.content_panel is panel and panel.is_open  # the same panel, opened again
    staff.close_all()
    assert not panel.is_open and not kiosk.session.staff_open


@pytest.mark.usefixtures("mode")
def test_the_mode_shows_the_guides_buttons_or_the_maintenance_corner(kiosk: Kiosk) -> None:
    staff = kiosk.staff
    assert not any(button.isVisible() for button in staff.guided.buttons) and not staff.maintenance.isVisible()
    kiosk.settings.change("mode", Mode.GUIDED, save=False)
    assert all(button.isVisible() for button in staff.guided.buttons) and not staff.maintenance.isVisible()
    staff.guided.buttons[1].click()
    assert kiosk.navigation.page == 1  # the guide's next goes where a swipe would
    kiosk.settings.change("mode", Mode.MAINTENANCE, save=False)
    assert not any(button.isVisible() for button in staff.guided.buttons) and staff.maintenance.isVisible()
    kiosk.settings.change("mode", Mode.INTERACTIVE, save=False)
    assert not staff.maintenance.isVisible()


def test_staff_read_the_content_shown_and_that_all_is_well(kiosk: Kiosk) -> None:
    kiosk.language.set_language("en")
    assert kiosk.staff.content_shown() == ("Content: the bundled content", str(kiosk.content.folder))
    essential, routine = kiosk.staff.status_parts()
    assert essential == [] and routine == ["Content checked: no problems"]  # no frame count: not for the panel


def test_what_went_wrong_comes_before_what_only_says_all_is_well(kiosk: Kiosk) -> None:
    health, insight = kiosk.health, kiosk.insight
    notes, problem = list(health.notes), insight.problem
    kiosk.language.set_language("en")
    try:
        health.notes[:] = ["translation /opt/kiosk/i18n/kiosk_zh.qm missing or unreadable", "x" * 200]
        insight.problem = "could not write /var/lib/kiosk/insight.db: disk full"
        essential, routine = kiosk.staff.status_parts()
    finally:
        health.notes[:], insight.problem = notes, problem
    assert essential == [  # sentences in the staff's language; the files they concern by name; the log has the rest
        "Visitor insight is not being saved (insight.db); visitors are served as ever",
        "Problems at start: 2 (details in the log)",
        "Files concerned: kiosk_zh.qm",
    ]
    assert routine == ["Content checked: no problems"]


@pytest.mark.logs("wrong staff PIN")
def test_staff_read_the_health_in_their_own_language(kiosk: Kiosk) -> None:
    """In Chinese, nothing of the log's English: no log level, no 'frames painted', the wrong PIN as a
    sentence, the running time in Chinese units."""
    kiosk.language.set_language("zh")
    panel = kiosk.staff.panel
    pin_log = logging.getLogger("kiosk.ui.staff.pin_pad")
    pin_log.warning("wrong staff PIN (%d tries left)", 4, extra=staff_says("Wrong staff PIN entered ({tries} tries left)", tries=4))
    panel.open_overlay()
    text = panel.health_label.text().replace("\u2060", "")
    assert "员工密码输入错误（还可尝试 4 次）" in text and "已运行 0 分钟" in text and "内容校验：没有问题" in text
    assert panel.content_label.text().startswith("内容：随展项附带的内容 ")
    assert not re.search(r"WARNING|ERROR|wrong staff PIN|\dh \d\dm|绘制帧数", text)


def test_staff_set_the_hall_open_closed_or_back_to_its_hours(kiosk: Kiosk) -> None:
    staff, hall = kiosk.staff, kiosk.hall
    scheduled = hall.state().open
    staff._set_hall("closed" if scheduled else "open")
    assert staff._hall_state()[:2] == (not scheduled, True)  # (open, overridden)
    assert hall.closed == scheduled
    staff._set_hall("schedule")
    assert staff._hall_state()[:2] == (scheduled, False)
    assert hall.closed != scheduled


def test_nothing_times_out_behind_a_staff_screen(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Staff longer at the panel than the idle timeout, then on to content from USB: the countdown and
    the attract loop never start behind them (the loop once did, behind the USB panel); once they
    close, a visitor's idle time counts from then."""
    staff, session = kiosk.staff, kiosk.session
    clock = FakeClock()
    monkeypatch.setattr(session, "clock", clock)
    session.machine.touch(clock())
    config = session.machine.config
    assert config.attract_enabled
    longer = config.idle_timeout_s + config.warning_s + 1

    def wait() -> None:
        for _ in range(3):
            clock.now += longer
            session.tick()

    staff.panel.open_overlay()
    wait()
    assert not session.still_there.isVisible() and not session.attract.running
    staff.panel.content_button.click()  # the panel closes and the USB panel opens
    assert staff.content_panel is not None and staff.content_panel.is_open
    wait()
    assert not session.still_there.isVisible() and not session.attract.running
    staff.close_all()
    session.tick()
    assert not session.still_there.isVisible() and not session.attract.running
    clock.now += config.idle_timeout_s
    session.tick()
    assert session.still_there.isVisible()  # the visitor's countdown, from when staff left


def test_opening_a_staff_screen_stops_the_countdown(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    session = kiosk.session
    clock = FakeClock()
    monkeypatch.setattr(session, "clock", clock)
    session.machine.touch(clock())
    clock.now += session.machine.config.idle_timeout_s
    session.tick()
    assert session.still_there.isVisible()
    kiosk.staff.pin_pad.open_overlay()
    assert not session.still_there.isVisible()
    clock.now += session.machine.config.warning_s + 1
    session.tick()
    assert not session.attract.running


@pytest.mark.usefixtures("mode")
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (1080, 1920)])
def test_maintenance_diagnostics_cover_no_control_and_no_content(kiosk: Kiosk, width: int, height: int) -> None:
    """A bar of its own under the tabs: the header's controls, the page and the tabs lie clear of it
    (it once covered the language toggle, both access buttons and the first segments), and the pages
    reflowed above it still pass the layout audit, the fullest page included."""
    from kiosk.qa.layout_audit import audit_pages

    window = kiosk.window
    window.resize(width, height)
    kiosk.settings.change("mode", Mode.MAINTENANCE, save=False)
    findings = audit_pages(kiosk, width, height, pages=[0, 1])
    bar = kiosk.staff.maintenance
    assert bar.isVisible() and bar.geometry().bottom() == height - 1
    for part in (window.header, window.pages, window.tab_bar, window.language_toggle, window.access):
        where = part.mapTo(window, part.rect().topLeft())
        assert not bar.geometry().intersects(part.rect().translated(where)), part
    assert findings == []
