"""Idle, countdown, reset, attract and wake, on a clock the test controls."""

from __future__ import annotations

import itertools
import os
import signal
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.clocks import Clocks
from kiosk.core.service import EXIT_STOPPED
from kiosk.core.session import State
from kiosk.qa.drive import settle, wait_for_photos
from kiosk.qa.exercise import live_wrappers_by_type, rises_steadily
from kiosk.ui.app import Kiosk
from kiosk.ui.lifecycle import QuitOnSignal
from tests.kiosks import FakeClock, all_values, build, reset, shutdown
from tests.touch import drag
from tests.touch import mouse as _mouse

TIMINGS = {"idle_timeout_s": 60, "warning_s": 10}


@pytest.fixture(scope="module")
def module_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clock(module_clock: FakeClock) -> FakeClock:
    return module_clock


@pytest.fixture(scope="module")
def shared_session_kiosk(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory, module_clock: FakeClock) -> Iterator[Kiosk]:
    kiosk = build(tmp_path_factory.mktemp("session"), clocks=Clocks(monotonic=module_clock), **TIMINGS)
    yield kiosk
    shutdown(kiosk)


@pytest.fixture
def session_kiosk(shared_session_kiosk: Kiosk) -> Iterator[Kiosk]:
    values = all_values(shared_session_kiosk)
    yield shared_session_kiosk
    reset(shared_session_kiosk, values)


def _build(tmp_path: Path, clock: FakeClock, **values: object) -> Kiosk:
    return build(tmp_path, clocks=Clocks(monotonic=clock), **{**TIMINGS, **values})


def _advance(kiosk: Kiosk, clock: FakeClock, seconds: float) -> None:
    assert kiosk.session is not None
    end = clock.now + seconds
    while clock.now < end:
        clock.now = min(end, clock.now + 0.5)
        kiosk.session.tick()


def test_idle_countdown_reset_and_attract(session_kiosk: Kiosk, clock: FakeClock, qapp: QApplication) -> None:
    kiosk = session_kiosk
    _window, session = kiosk.window, kiosk.session
    assert session is not None
    kiosk.navigation.show_page(3)
    kiosk.language.set_language("en")
    settle(qapp)
    _advance(kiosk, clock, 59)
    assert not session.still_there.isVisible()
    _advance(kiosk, clock, 1.5)
    assert session.still_there.isVisible() and session.machine.state is State.WARNING
    assert session.still_there.countdown_label.text().startswith("Touch the screen to carry on")
    _advance(kiosk, clock, 10)
    settle(qapp)
    assert session.machine.state is State.ATTRACT and session.attract.isVisible()
    assert kiosk.navigation.page == 0 and kiosk.language.language == "zh"  # the next visitor starts fresh
    assert not session.still_there.isVisible()


def test_a_touch_during_the_countdown_carries_on(session_kiosk: Kiosk, clock: FakeClock) -> None:
    kiosk = session_kiosk
    window, session = kiosk.window, kiosk.session
    assert session is not None
    kiosk.navigation.show_page(2)
    _advance(kiosk, clock, 61)
    assert session.still_there.isVisible()
    drag(window, QPoint(960, 540), QPoint(960, 540), steps=1)
    assert not session.still_there.isVisible()
    assert kiosk.navigation.page == 2 and session.machine.state is State.INTERACTIVE


def test_the_waking_touch_presses_nothing(session_kiosk: Kiosk, clock: FakeClock, qapp: QApplication) -> None:
    kiosk = session_kiosk
    window, session = kiosk.window, kiosk.session
    assert session is not None
    session.start_attract_now()
    settle(qapp)
    assert session.attract.isVisible()
    tab = window.tab_bar.buttons[3]
    where = tab.mapTo(window, tab.rect().center())
    drag(window, where, where, steps=1)  # a tap exactly where the 强生态 tab is
    settle(qapp)
    assert not session.attract.isVisible()
    assert kiosk.navigation.page == 0  # woke to home; the tab was not pressed
    drag(window, where, where, steps=1)
    assert kiosk.navigation.page == 3  # the next tap works as usual


def test_a_finger_down_or_a_photo_open_holds_the_clock(session_kiosk: Kiosk, clock: FakeClock, qapp: QApplication) -> None:
    kiosk = session_kiosk
    window, session = kiosk.window, kiosk.session
    assert session is not None
    kiosk.navigation.show_page(4)
    view = kiosk.pages.views[4]
    carousel = view.carousels[0]
    view.show_section(view.section_of(carousel))
    window.open_photo(carousel.album, 0, "#fff")
    assert window.lightbox is not None
    _advance(kiosk, clock, 300)
    assert session.machine.state is State.INTERACTIVE and not session.still_there.isVisible()
    window.lightbox.close_view()
    _advance(kiosk, clock, 61)
    assert session.still_there.isVisible()


def test_attract_loop_cycles_without_repeating_or_growing(session_kiosk: Kiosk, qapp: QApplication) -> None:
    kiosk = session_kiosk
    assert kiosk.session is not None
    attract = kiosk.session.attract
    kiosk.session.start_attract_now()
    settle(qapp)
    seen = []
    for _ in range(20):
        attract.next_scene()
        attract.settle()
        settle(qapp)
        seen.append(attract.scene)
    assert all(a != b for a, b in itertools.pairwise(seen))
    assert {s.photo is None for s in seen} == {True, False}  # figures and photos both appear
    for _ in range(attract.scene_count + 1):  # warm-up: every photo decoded once at screen size and cached
        attract.next_scene()
        wait_for_photos(kiosk.loader)
    counts = []
    for _ in range(10):  # judged as a trend by type, not two samples (deferred deletions wander)
        for _ in range(8):
            attract.next_scene()
            attract.settle()
            settle(qapp)
        counts.append(live_wrappers_by_type())
    rising = [name for name in set().union(*counts) if rises_steadily([float(c[name]) for c in counts], 4.5)]
    assert rising == [], f"live Qt objects rising over 80 scenes: {rising}"
    assert attract.pulse.period_ms >= 1000  # one pulse per 2.4 s: far under 2 flashes a second


def test_attract_only_ignores_visitors_and_asks_for_no_touch(qapp: QApplication, own_home: Path, clock: FakeClock) -> None:
    kiosk = _build(own_home, clock, mode="attract_only")
    try:
        assert kiosk.session is not None
        settle(qapp)
        attract = kiosk.session.attract
        assert attract.isVisible()
        assert not attract.call_box.isVisible() and not attract.pulse.running  # no call to touch
        drag(kiosk.window, QPoint(960, 540), QPoint(960, 540), steps=1)
        settle(qapp)
        assert attract.isVisible()
        kiosk.settings.change("mode", "interactive", save=False)  # staff switch it back: the call is there again
        kiosk.session.start_attract_now()
        settle(qapp)
        assert attract.call_box.isVisible() and attract.pulse.running
    finally:
        shutdown(kiosk)


def test_guided_mode_never_times_out(session_kiosk: Kiosk, clock: FakeClock) -> None:
    kiosk = session_kiosk
    kiosk.settings.change("mode", "guided", save=False)  # as staff would
    assert kiosk.staff.guided.buttons[0].isVisible()  # large back/next for the guide
    kiosk.navigation.show_page(2)
    _advance(kiosk, clock, 3600)
    assert kiosk.session.machine.state is State.INTERACTIVE
    assert kiosk.navigation.page == 2


def test_staff_gesture_long_press_in_the_corner(session_kiosk: Kiosk, qtbot: QtBot) -> None:
    from kiosk.ui import staff_gesture

    kiosk = session_kiosk
    session, window = kiosk.session, kiosk.window
    target = window.childAt(QPoint(20, 20)) or window
    _mouse(target, QEvent.Type.MouseButtonPress, target.mapFrom(window, QPoint(20, 20)), Qt.MouseButton.LeftButton)
    assert session.gesture._timer.isActive() and session.gesture._timer.interval() == staff_gesture.LONG_PRESS_MS == 3000
    with qtbot.waitSignal(session.staff_requested, timeout=10_000):
        session.gesture._timer.timeout.emit()  # three seconds later, still pressed
    assert kiosk.staff.pin_pad.isVisible()
    _mouse(target, QEvent.Type.MouseButtonRelease, target.mapFrom(window, QPoint(20, 20)), Qt.MouseButton.NoButton)
    assert not session.gesture._timer.isActive()
    kiosk.staff.pin_pad.close_overlay()
    _mouse(target, QEvent.Type.MouseButtonPress, target.mapFrom(window, QPoint(20, 20)), Qt.MouseButton.LeftButton)
    _mouse(window, QEvent.Type.MouseMove, QPoint(600, 600), Qt.MouseButton.LeftButton)  # the finger slides away
    assert not session.gesture._timer.isActive()
    _mouse(window, QEvent.Type.MouseButtonRelease, QPoint(600, 600), Qt.MouseButton.NoButton)


def test_a_hovering_mouse_neither_wakes_nor_keeps_awake(session_kiosk: Kiosk, clock: FakeClock, qapp: QApplication) -> None:
    """Found on a real X display: the pointer's move before a click woke the machine silently."""
    kiosk = session_kiosk
    session = kiosk.session
    assert session is not None
    session.start_attract_now()
    settle(qapp)
    target = session.attract
    _mouse(target, QEvent.Type.MouseMove, QPoint(500, 400), Qt.MouseButton.NoButton)
    assert session.machine.state is State.ATTRACT and target.isVisible()
    drag(kiosk.window, QPoint(500, 400), QPoint(500, 400), steps=1)
    assert session.machine.state is State.INTERACTIVE and not target.isVisible()
    for _ in range(130):  # a minute of a jittering mouse: still idle
        clock.now += 0.5
        _mouse(kiosk.window, QEvent.Type.MouseMove, QPoint(600, 500), Qt.MouseButton.NoButton)
        session.tick()
    assert session.still_there.isVisible()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stop_signal_during_a_touch_ends_the_loop_from_its_top_not_from_the_filter(
    session_kiosk: Kiosk, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: the signal's handler ran inside this filter (it sees every event, so that is where a
    signal usually lands) and re-entered Qt from there; the kiosk hung. (SIGUSR1 stands in for SIGTERM.)"""
    session, window = session_kiosk.session, session_kiosk.window
    real_touch, real_exit = session.machine.touch, QCoreApplication.exit
    exits: list[list[str]] = []

    def touch_then_signal(now: float) -> object:
        events = real_touch(now)
        os.kill(os.getpid(), signal.SIGUSR1)  # its Python handler runs here, inside eventFilter
        return events

    def exit_(code: int = 0) -> None:
        exits.append([frame.name for frame in traceback.extract_stack()])
        real_exit(code)

    monkeypatch.setattr(session.machine, "touch", touch_then_signal)
    monkeypatch.setattr(QCoreApplication, "exit", staticmethod(exit_))
    guard = QuitOnSignal(qapp, (signal.SIGUSR1,))
    fallback = QTimer()
    fallback.setSingleShot(True)
    fallback.timeout.connect(lambda: real_exit(99))
    fallback.start(20_000)  # only if the signal did not end the loop
    target = window.childAt(QPoint(960, 700)) or window
    press = target.mapFrom(window, QPoint(960, 700))
    QTimer.singleShot(0, lambda: _mouse(target, QEvent.Type.MouseButtonPress, press, Qt.MouseButton.LeftButton))
    code = guard.run(qapp)
    fallback.stop()
    guard.uninstall()
    guard.deleteLater()
    monkeypatch.undo()
    _mouse(target, QEvent.Type.MouseButtonRelease, press, Qt.MouseButton.NoButton)
    assert code == EXIT_STOPPED and len(exits) == 1
    assert "eventFilter" not in exits[0] and "_on_wake" in exits[0]


def test_a_session_shut_down_no_longer_sees_the_applications_events(qapp: QApplication, own_home: Path, clock: FakeClock) -> None:
    """Its filter sees every event: once the kiosk ends, no Python runs for each of them while Qt tears
    the process down."""
    kiosk = _build(own_home, clock)
    try:
        session = kiosk.session
        session.start_attract_now()
        settle(qapp)
        session.shutdown()
        drag(kiosk.window, QPoint(960, 540), QPoint(960, 540), steps=1)  # would wake the attract loop
        assert session.machine.state is State.ATTRACT
    finally:
        shutdown(kiosk)
