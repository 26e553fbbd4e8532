"""What a kiosk needs to run for months on a hall PC: a daily restart while nobody is using it, the
window put back fullscreen on its screen when displays come, go, turn or change resolution, and the
screen kept awake (restored on exit). Follows the `daily_restart` and `keep_awake` settings. (Readiness,
the watchdog and the supervisor's heartbeat are lifecycle.py's, made before the first frame.)"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, SignalInstance
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication

from kiosk.core.commands import CommandRunner
from kiosk.core.service import EXIT_RESTART, next_daily_restart
from kiosk.core.session import State
from kiosk.ui.live import LiveSettings
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.session_controller import SessionController

log = logging.getLogger(__name__)
DAILY_CHECK_MS = 30_000
_ES_CONTINUOUS, _ES_SYSTEM_REQUIRED, _ES_DISPLAY_REQUIRED = 0x80000000, 0x00000001, 0x00000002


class Unattended(QObject):
    """`clock`: the local wall clock (the daily restart). `runner` runs xset off the GUI thread.
    `fullscreen` False (a window, for trying the kiosk) leaves the screen and screen saver alone."""

    def __init__(
        self,
        window: KioskWindow,
        session: SessionController,
        settings: LiveSettings,
        screen_index: int,
        *,
        fullscreen: bool,
        clock: Callable[[], datetime],
        runner: CommandRunner,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.screen_index = screen_index
        self.fullscreen = fullscreen
        self._clock = clock
        self._runner = runner
        self._awake_restore: list[str] | None = None
        self._placing = QTimer(self)
        self._placing.setSingleShot(True)
        self._placing.setInterval(500)  # screens settle in bursts of events: place once, after them
        self._placing.timeout.connect(self.place_window)
        self.daily = QTimer(self)
        self.daily.setInterval(DAILY_CHECK_MS)
        self.daily.timeout.connect(self.check_daily_restart)
        self.restart_due: datetime | None = None
        self._on_daily_restart(settings["daily_restart"])
        # What it listens to outside itself, let go at shutdown: a screen or setting changing after it
        # must not start its timers again (the application and its screens outlive it).
        self._connections: list[tuple[SignalInstance, Callable[..., object]]] = []
        self._listen(settings.changed_signal("daily_restart"), self._on_daily_restart)
        app = QApplication.instance()
        assert isinstance(app, QGuiApplication)
        self._listen(app.screenAdded, self._screen_added)
        self._listen(app.screenRemoved, self._schedule_placing)
        self._listen(app.primaryScreenChanged, self._schedule_placing)
        for screen in app.screens():
            self._watch(screen)
        if fullscreen and settings["keep_awake"]:
            self.keep_awake()
        self._listen(settings.changed_signal("keep_awake"), self._on_keep_awake)
        self._listen(app.aboutToQuit, self.restore_sleep)

    def _listen(self, signal: SignalInstance, slot: Callable[..., object]) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def shutdown(self) -> None:
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections.clear()
        self.daily.stop()
        self._placing.stop()
        self.restore_sleep()

    # --- screens ----------------------------------------------------------------------------

    def _schedule_placing(self, *_: object) -> None:
        self._placing.start()

    def _watch(self, screen: QScreen) -> None:
        self._listen(screen.geometryChanged, self._schedule_placing)
        self._listen(screen.orientationChanged, self._schedule_placing)

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
        window = self.window
        handle = window.windowHandle()
        if handle is not None and handle.screen() is not target:
            handle.setScreen(target)
        window.setGeometry(target.geometry())
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
        log.info("window placed fullscreen on %s (%dx%d)", target.name(), target.geometry().width(), target.geometry().height())

    # --- daily restart ----------------------------------------------------------------------

    def _on_daily_restart(self, at: object) -> None:
        self.daily_at = str(at)
        self.restart_due = next_daily_restart(self._clock(), self.daily_at)
        if self.restart_due is None:
            self.daily.stop()
        else:
            self.daily.start()

    def check_daily_restart(self) -> None:
        if self.restart_due is None or self._clock() < self.restart_due:
            return
        session = self.session
        busy = not session.suspended and session.machine.state is State.INTERACTIVE
        if busy and session.machine.idle_applies:
            return  # someone may be using it: try again in half a minute
        log.info("daily restart (%s)", self.daily_at)
        QApplication.exit(EXIT_RESTART)

    # --- keeping the screen awake -----------------------------------------------------------

    def _on_keep_awake(self, on: object) -> None:
        if on and self.fullscreen:
            self.keep_awake()
        else:
            self.restore_sleep()

    def keep_awake(self) -> None:
        if self._awake_restore is not None:
            return
        if sys.platform == "win32":
            import ctypes

            ctypes.windll.kernel32.SetThreadExecutionState(_ES_CONTINUOUS | _ES_SYSTEM_REQUIRED | _ES_DISPLAY_REQUIRED)  # type: ignore[attr-defined]
            self._awake_restore = ["windows"]
            return
        if QGuiApplication.platformName() != "xcb":
            return
        xset = shutil.which("xset")
        if xset is None:
            log.warning("xset not found: the screen may blank (install x11-xserver-utils)")
            return
        self._runner.run([xset, "s", "off", "s", "noblank", "-dpms"])
        self._awake_restore = [xset, "s", "on", "s", "blank", "+dpms"]
        log.info("screen saver and display power management off while the kiosk runs")

    def restore_sleep(self) -> None:
        restore, self._awake_restore = self._awake_restore, None
        if restore == ["windows"]:
            import ctypes

            ctypes.windll.kernel32.SetThreadExecutionState(_ES_CONTINUOUS)  # type: ignore[attr-defined]
        elif restore:
            self._runner.run(restore)
