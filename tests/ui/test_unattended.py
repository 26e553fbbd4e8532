"""Months on a hall PC: the window goes back fullscreen when screens change, the daily restart waits
for an empty hall, and the screen saver is switched off and back on through xset, off the GUI thread.
(systemd's readiness and watchdog: tests/ui/test_lifecycle.py.)"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.commands import CommandRunner
from kiosk.core.service import EXIT_RESTART
from kiosk.ui.app import Kiosk
from kiosk.ui.unattended import Unattended


class Wall:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def runner() -> Iterator[CommandRunner]:
    commands = CommandRunner()
    yield commands
    commands.shutdown()


def _unattended(kiosk: Kiosk, runner: CommandRunner, clock: Wall, screen: int = 0, fullscreen: bool = False) -> Unattended:
    return Unattended(kiosk.window, kiosk.session, kiosk.settings, screen, fullscreen=fullscreen, clock=clock, runner=runner)


def test_a_screen_change_puts_the_window_back_fullscreen(kiosk: Kiosk, qtbot: QtBot, qapp: QApplication, runner: CommandRunner) -> None:
    unattended = _unattended(kiosk, runner, Wall(datetime(2026, 12, 1, 12, 0)), screen=5, fullscreen=True)  # screen 5 is gone
    window = kiosk.window
    try:
        window.showNormal()
        window.setGeometry(10, 10, 640, 480)
        screen = qapp.primaryScreen()
        screen.geometryChanged.emit(screen.geometry())  # what a resolution change, rotation or replug sends
        assert unattended._placing.isActive()  # placed once the burst of screen events has passed
        unattended._placing.timeout.emit()
        qtbot.waitUntil(lambda: window.isFullScreen() and window.geometry() == screen.geometry(), timeout=10_000)
    finally:
        unattended.shutdown()
        unattended.deleteLater()
        window.showNormal()
        window.resize(1920, 1080)


def test_the_daily_restart_waits_for_an_empty_hall(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, runner: CommandRunner) -> None:
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    clock = Wall(datetime(2026, 12, 1, 4, 0))
    kiosk.settings.change("daily_restart", "04:30", save=False)
    unattended = _unattended(kiosk, runner, clock)
    try:
        assert unattended.daily.isActive() and unattended.restart_due == datetime(2026, 12, 1, 4, 30)
        unattended.check_daily_restart()
        assert exits == []  # not yet
        clock.now = datetime(2026, 12, 1, 4, 31)
        unattended.check_daily_restart()
        assert exits == []  # a visitor may be there (interactive mode, not attracting)
        kiosk.session.start_attract_now()
        unattended.check_daily_restart()
        assert exits == [EXIT_RESTART]
        kiosk.settings.change("daily_restart", "", save=False)  # staff turn it off: nothing is due
        assert unattended.restart_due is None and not unattended.daily.isActive()
    finally:
        unattended.shutdown()
        unattended.deleteLater()


def test_the_daily_restart_happens_in_closed_hours_even_if_someone_was_there_at_closing(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, runner: CommandRunner
) -> None:
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    clock = Wall(datetime(2026, 12, 1, 4, 0))
    kiosk.settings.change("daily_restart", "04:30", save=False)
    unattended = _unattended(kiosk, runner, clock)
    try:
        clock.now += timedelta(hours=1)
        kiosk.session.suspend()  # the hall closed while a visitor's session was running
        unattended.check_daily_restart()
        assert exits == [EXIT_RESTART]
    finally:
        kiosk.session.resume()
        unattended.shutdown()
        unattended.deleteLater()


def test_the_screen_saver_goes_off_and_comes_back_through_xset(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CommandRunner
) -> None:
    """On X11: `xset s off -dpms` at start, `xset s on +dpms` at the end, run by the command pool."""
    log = tmp_path / "xset.log"
    fake = tmp_path / "xset"
    fake.write_text(f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    unattended = _unattended(kiosk, runner, Wall(datetime(2026, 12, 1, 12, 0)), fullscreen=True)
    try:
        unattended.shutdown()  # quitting gives the screen saver back
        runner.shutdown()  # wait for both commands
        assert log.read_text().splitlines() == ["s off s noblank -dpms", "s on s blank +dpms"]
    finally:
        unattended.deleteLater()
        kiosk.window.showNormal()
        kiosk.window.resize(1920, 1080)


def test_an_external_command_that_hangs_is_cut_off_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    hasty, patient = CommandRunner(timeout_s=0.5), CommandRunner(timeout_s=120)
    try:
        assert hasty.run([sys.executable, "-c", "import time; time.sleep(600)"]).result(timeout=120) is None
        assert patient.run([sys.executable, "-c", "raise SystemExit(3)"]).result(timeout=120) == 3
        assert patient.run(["/nonexistent/xset", "q"]).result(timeout=120) is None
    finally:
        hasty.shutdown()
        patient.shutdown()
    messages = [r.getMessage() for r in caplog.records]
    assert any("did not finish within" in m for m in messages)
    assert any("failed (exit status 3)" in m for m in messages)
    assert any("could not run" in m for m in messages)
