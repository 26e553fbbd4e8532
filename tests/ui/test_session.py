"""Idle, countdown, reset, attract and wake, on a clock the test controls."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.session import State
from kiosk.core.settings import Settings
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.snapshot import settle, wait_for_photos
from tests.ui.test_navigation import drag


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _build(qapp: QApplication, tmp_path: Path, clock: FakeClock, **values: object) -> Kiosk:
    settings = Settings(tmp_path / "config", {"page_transition_ms": 0, "idle_timeout_s": 60, "warning_s": 10, **values})
    kiosk = build_kiosk(None, settings, clock=clock)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    settle(qapp)
    return kiosk


@pytest.fixture
def session_kiosk(qapp: QApplication, tmp_path: Path, clock: FakeClock) -> Iterator[Kiosk]:
    kiosk = _build(qapp, tmp_path, clock)
    yield kiosk
    kiosk.shutdown()
    settle(qapp)


def _advance(kiosk: Kiosk, clock: FakeClock, seconds: float) -> None:
    assert kiosk.session is not None
    end = clock.now + seconds
    while clock.now < end:
        clock.now = min(end, clock.now + 0.5)
        kiosk.session.tick()


def test_idle_countdown_reset_and_attract(session_kiosk: Kiosk, clock: FakeClock, qapp: QApplication) -> None:
    kiosk = session_kiosk
    window, session = kiosk.window, kiosk.session
    assert session is not None
    window.show_page(3)
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
    assert window.current_index == 0 and kiosk.language.language == "zh"  # the next visitor starts fresh
    assert not session.still_there.isVisible()


def test_a_touch_during_the_countdown_carries_on(session_kiosk: Kiosk, clock: FakeClock) -> None:
    kiosk = session_kiosk
    window, session = kiosk.window, kiosk.session
    assert session is not None
    window.show_page(2)
    _advance(kiosk, clock, 61)
    assert session.still_there.isVisible()
    drag(window, QPoint(960, 540), QPoint(960, 540), steps=1)
    assert not session.still_there.isVisible()
    assert window.current_index == 2 and session.machine.state is State.INTERACTIVE


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
    assert window.current_index == 0  # woke to home; the tab was not pressed
    drag(window, where, where, steps=1)
    assert window.current_index == 3  # the next tap works as usual


def test_a_finger_down_or_a_photo_open_holds_the_clock(session_kiosk: Kiosk, clock: FakeClock, qapp: QApplication) -> None:
    kiosk = session_kiosk
    window, session = kiosk.window, kiosk.session
    assert session is not None
    window.show_page(4)
    view = window.views[4]
    carousel = view.carousels[0]
    view.panel.show_section(view.panel.stack.indexOf(carousel))
    window.open_photo(carousel.album, 0, "#fff")
    assert window.lightbox is not None
    _advance(kiosk, clock, 300)
    assert session.machine.state is State.INTERACTIVE and not session.still_there.isVisible()
    window.lightbox.close_view()
    _advance(kiosk, clock, 61)
    assert session.still_there.isVisible()


def test_attract_loop_cycles_without_repeating_or_growing(session_kiosk: Kiosk, qapp: QApplication) -> None:
    import shiboken6

    kiosk = session_kiosk
    assert kiosk.session is not None
    attract = kiosk.session.attract
    kiosk.session.start_attract_now()
    settle(qapp)
    seen = []
    for _ in range(20):
        attract.next_scene()
        attract.count_up.finish()
        settle(qapp)
        seen.append(attract.scene)
    assert all(a != b for a, b in itertools.pairwise(seen))
    assert {s.photo is None for s in seen} == {True, False}  # figures and photos both appear
    for _ in range(40):  # warm-up: every photo decoded once at screen size and cached
        attract.next_scene()
        wait_for_photos(kiosk)
    before = len(shiboken6.Shiboken.getAllValidWrappers())
    for _ in range(150):
        attract.next_scene()
        attract.count_up.finish()
        settle(qapp)
    assert len(shiboken6.Shiboken.getAllValidWrappers()) == before
    assert attract.pulse.duration() >= 1000  # one pulse per 2.4 s: far under 2 flashes a second


def test_attract_only_ignores_visitors(qapp: QApplication, tmp_path: Path, clock: FakeClock) -> None:
    kiosk = _build(qapp, tmp_path, clock, mode="attract_only")
    try:
        assert kiosk.session is not None
        settle(qapp)
        assert kiosk.session.attract.isVisible()
        drag(kiosk.window, QPoint(960, 540), QPoint(960, 540), steps=1)
        settle(qapp)
        assert kiosk.session.attract.isVisible()
    finally:
        kiosk.shutdown()
        settle(qapp)


def test_guided_mode_never_times_out(qapp: QApplication, tmp_path: Path, clock: FakeClock) -> None:
    kiosk = _build(qapp, tmp_path, clock, mode="guided")
    try:
        kiosk.window.show_page(2)
        _advance(kiosk, clock, 3600)
        assert kiosk.session is not None and kiosk.session.machine.state is State.INTERACTIVE
        assert kiosk.window.current_index == 2
    finally:
        kiosk.shutdown()
        settle(qapp)


def test_staff_gesture_long_press_in_the_corner(session_kiosk: Kiosk, qtbot: QtBot) -> None:
    from kiosk.ui import session_controller

    kiosk = session_kiosk
    assert kiosk.session is not None
    kiosk.session._corner_timer.setInterval(50)
    with qtbot.waitSignal(kiosk.session.staff_requested, timeout=2000):
        from PySide6.QtCore import QEvent, Qt

        from tests.ui.test_navigation import _mouse

        target = kiosk.window.childAt(QPoint(20, 20)) or kiosk.window
        _mouse(target, QEvent.Type.MouseButtonPress, target.mapFrom(kiosk.window, QPoint(20, 20)), Qt.MouseButton.LeftButton)
    assert session_controller.LONG_PRESS_MS == 3000


def test_a_hovering_mouse_neither_wakes_nor_keeps_awake(session_kiosk: Kiosk, clock: FakeClock, qapp: QApplication) -> None:
    """Found on a real X display: the pointer's move before a click woke the machine silently."""
    from PySide6.QtCore import QEvent, Qt

    from tests.ui.test_navigation import _mouse

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
