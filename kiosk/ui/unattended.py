"""What a kiosk needs to run for months on a hall PC: systemd readiness and watchdog fed from the event
loop (a hung UI stops feeding it and gets restarted), a daily restart while nobody is using it, the
window put back fullscreen on its screen when displays come, go, turn or change resolution, and the
screen kept awake (restored on exit)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication

from kiosk.core.service import EXIT_RESTART, next_daily_restart, sd_notify, watchdog_interval_ms
from kiosk.core.session import State
from kiosk.ui.app import Kiosk

log = logging.getLogger(__name__)


class Unattended(QObject):
    def __init__(self, kiosk: Kiosk, screen_index: int, *, fullscreen: bool, keep_awake: bool, daily_restart: str) -> None:
        super().__init__(kiosk.window)
        self.kiosk = kiosk
        self.screen_index = screen_index
        self.fullscreen = fullscreen
        self._awake_restore: list[str] | None = None
        self._placing = QTimer(self)
        self._placing.setSingleShot(True)
        self._placing.setInterval(500)  # screens settle in bursts of events: place once, after them
        self._placing.timeout.connect(self.place_window)
        kiosk.window.first_frame.connect(lambda: sd_notify("READY=1\nSTATUS=showing the kiosk"))
        interval = watchdog_interval_ms()
        self.watchdog = QTimer(self)
        if interval:
            self.watchdog.setInterval(interval)
            self.watchdog.timeout.connect(lambda: sd_notify("WATCHDOG=1"))
            self.watchdog.start()
        self.daily_at = daily_restart
        self.daily = QTimer(self)
        self.daily.setInterval(30_000)
        self.daily.timeout.connect(self._check_daily_restart)
        self._restart_due = next_daily_restart(datetime.now(), daily_restart)
        if self._restart_due:
            self.daily.start()
        app = QApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._screen_added)
        app.screenRemoved.connect(lambda _screen: self._placing.start())
        app.primaryScreenChanged.connect(lambda _screen: self._placing.start())
        for screen in app.screens():
            self._watch(screen)
        if keep_awake:
            self._keep_awake()
            app.aboutToQuit.connect(self.restore_sleep)

    # --- screens ----------------------------------------------------------------------------

    def _watch(self, screen: QScreen) -> None:
        screen.geometryChanged.connect(lambda _rect: self._placing.start())
        screen.orientationChanged.connect(lambda _o: self._placing.start())

    def _screen_added(self, screen: QScreen) -> None:
        self._watch(screen)
        self._placing.start()

    def place_window(self) -> None:
        """Fullscreen on the chosen screen, or the primary one while it is missing."""
        if not self.fullscreen:
            return
        screens = QGuiApplication.screens()
        if not screens:
            return
        target = screens[self.screen_index] if self.screen_index < len(screens) else QGuiApplication.primaryScreen()
        window = self.kiosk.window
        handle = window.windowHandle()
        if handle is not None and handle.screen() is not target:
            handle.setScreen(target)
        window.setGeometry(target.geometry())
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
        log.info("window placed fullscreen on %s (%dx%d)", target.name(), target.geometry().width(), target.geometry().height())

    # --- daily restart ----------------------------------------------------------------------

    def _check_daily_restart(self) -> None:
        if self._restart_due is None or datetime.now() < self._restart_due:
            return
        session = self.kiosk.session
        busy = session is not None and not session.suspended and session.machine.state is State.INTERACTIVE
        if busy and session is not None and session.machine.idle_applies:
            return  # someone may be using it: try again in half a minute
        log.info("daily restart (%s)", self.daily_at)
        QApplication.exit(EXIT_RESTART)

    # --- keeping the screen awake -----------------------------------------------------------

    def _keep_awake(self) -> None:
        if sys.platform == "win32":
            import ctypes

            es_continuous, es_system, es_display = 0x80000000, 0x00000001, 0x00000002
            ctypes.windll.kernel32.SetThreadExecutionState(es_continuous | es_system | es_display)  # type: ignore[attr-defined]
            self._awake_restore = ["windows"]
            return
        xset = shutil.which("xset")
        if xset and QGuiApplication.platformName() == "xcb":
            subprocess.run([xset, "s", "off", "s", "noblank", "-dpms"], check=False, capture_output=True)
            self._awake_restore = [xset, "s", "on", "s", "blank", "+dpms"]
            log.info("screen saver and display power management off while the kiosk runs")
        elif QGuiApplication.platformName() == "xcb":
            log.warning("xset not found: the screen may blank (install x11-xserver-utils)")

    def restore_sleep(self) -> None:
        if self._awake_restore == ["windows"]:
            import ctypes

            ctypes.windll.kernel32.SetThreadExecutionState(0x80000000)  # type: ignore[attr-defined]
        elif self._awake_restore:
            subprocess.run(self._awake_restore, check=False, capture_output=True)
        self._awake_restore = None
