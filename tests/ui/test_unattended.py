"""Months on a hall PC: the window goes back fullscreen when screens change, the daily restart waits
for an empty hall, and systemd hears that the event loop is alive."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.service import EXIT_RESTART
from kiosk.ui.app import Kiosk
from kiosk.ui.unattended import Unattended


def test_a_screen_change_puts_the_window_back_fullscreen(kiosk: Kiosk, qtbot: QtBot, qapp: QApplication) -> None:
    unattended = Unattended(kiosk, 5, fullscreen=True, keep_awake=False, daily_restart="")  # screen 5 is gone: primary
    window = kiosk.window
    window.showNormal()
    window.setGeometry(10, 10, 640, 480)
    screen = qapp.primaryScreen()
    screen.geometryChanged.emit(screen.geometry())  # what a resolution change, rotation or replug sends
    qtbot.waitUntil(lambda: window.isFullScreen() and window.geometry() == screen.geometry(), timeout=3000)
    assert unattended.screen_index == 5


def test_the_daily_restart_waits_for_an_empty_hall(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    unattended = Unattended(kiosk, 0, fullscreen=False, keep_awake=False, daily_restart="04:30")
    assert unattended.daily.isActive()
    unattended._restart_due = datetime.now() - timedelta(seconds=1)
    unattended._check_daily_restart()
    assert exits == []  # a visitor may be there (interactive mode, not attracting)
    assert kiosk.session is not None
    kiosk.session.start_attract_now()
    unattended._check_daily_restart()
    assert exits == [EXIT_RESTART]


def test_the_daily_restart_happens_in_closed_hours_even_if_someone_was_there_at_closing(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    unattended = Unattended(kiosk, 0, fullscreen=False, keep_awake=False, daily_restart="04:30")
    unattended._restart_due = datetime.now() - timedelta(seconds=1)
    assert kiosk.session is not None
    kiosk.session.suspend()  # the hall closed while a visitor's session was running
    unattended._check_daily_restart()
    assert exits == [EXIT_RESTART]


def test_the_event_loop_feeds_systemds_watchdog(kiosk: Kiosk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        server.settimeout(3)
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        monkeypatch.setenv("WATCHDOG_USEC", "1000000")  # feed every 0.5 s
        unattended = Unattended(kiosk, 0, fullscreen=False, keep_awake=False, daily_restart="")
        assert unattended.watchdog.isActive() and unattended.watchdog.interval() == 500
        qtbot.waitUntil(lambda: not unattended.watchdog.remainingTime() > 450, timeout=2000)
        qtbot.wait(600)
        assert server.recv(100) == b"WATCHDOG=1"
        unattended.watchdog.stop()
