"""How a running kiosk is seen from outside and how it ends. Readiness and a watchdog fed by the event
loop for systemd, a heartbeat for `--supervise`, a stop asked for by `kiosk stop`; in kiosk mode a window
close request (Alt+F4, a window manager's close, a taskbar close or WM_CLOSE on Windows, a gesture the
OS maps to close) is refused and logged; staff end it by quitting for maintenance, which says who asked.

Made before the window is first shown, so the first frame cannot pass unseen (it once did: READY=1 was
connected after the frame had fired, and systemd restarted the kiosk every minute)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.service import (
    EXIT_MAINTENANCE,
    STOP_POLL_MS,
    beat,
    heartbeat_from_env,
    sd_notify,
    take_stop_request,
    watchdog_interval_ms,
)
from kiosk.ui.main_window import KioskWindow

log = logging.getLogger(__name__)
REFUSAL_LOG_S = 1.0  # a held Alt+F4 repeats many times a second: one log line a second at most, with the count


def quit_for_maintenance(asked_by: str) -> None:
    """End the kiosk on purpose, with the status that keeps systemd and the supervisor from restarting
    it. exit(), not quit(): Qt 6's quit() first asks every window to close, and the kiosk's refuses."""
    log.info("quit for maintenance, asked by %s", asked_by)
    QApplication.exit(EXIT_MAINTENANCE)


class ServiceLink(QObject):
    """READY=1 (with STATUS=) once the first frame is on screen; WATCHDOG=1 and the supervisor's heartbeat
    while the event loop turns (a hung loop stops both); a stop request from `kiosk stop` looked for on
    the same pulse; STOPPING=1 when the kiosk ends. A window that has already painted its first frame
    makes it ready at once, so the order in which things are made does not matter."""

    def __init__(
        self,
        window: KioskWindow,
        runtime: Path,
        status: Callable[[], str],
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(window)
        self._environ = os.environ if environ is None else environ
        self._runtime = runtime
        self._status = status
        self.ready = False
        self._heartbeat = heartbeat_from_env(self._environ)
        intervals = [STOP_POLL_MS]
        watchdog = watchdog_interval_ms(self._environ)
        self._watchdog = watchdog is not None
        if watchdog is not None:
            intervals.append(watchdog)
        if self._heartbeat is not None:
            intervals.append(self._heartbeat[1])
        self.pulse = QTimer(self)
        self.pulse.setInterval(min(intervals))
        self.pulse.timeout.connect(self._on_pulse)
        take_stop_request(runtime)  # one left from before this start is not meant for this kiosk
        if window.has_painted():
            self._on_first_frame()
        else:
            window.first_frame.connect(self._on_first_frame)
        self.pulse.start()

    def _notify(self, message: str) -> None:
        sd_notify(message, self._environ)

    def _on_first_frame(self) -> None:
        if self.ready:
            return
        self.ready = True
        self._notify(f"READY=1\nSTATUS={self._status()}")
        log.info("first frame on screen: %s", self._status())
        self._on_pulse()

    def _on_pulse(self) -> None:
        if self._watchdog:
            self._notify("WATCHDOG=1")
        if self._heartbeat is not None:
            beat(self._heartbeat[0])
        asked = take_stop_request(self._runtime)
        if asked is not None:
            quit_for_maintenance(asked)

    def stopping(self, why: str) -> None:
        self.pulse.stop()
        self._notify(f"STOPPING=1\nSTATUS=stopping: {why}")


class CloseGuard(QObject):
    """Refuses every close event of the kiosk window while installed (kiosk mode); refusals are logged as
    warnings (a held key's repeats gathered into one line a second), so they also reach the staff
    panel's recent problems."""

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self._window = window
        self._clock = clock
        self.refused = 0
        self._logged_at: float | None = None
        self._unlogged = 0
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._window and event.type() == QEvent.Type.Close:
            event.ignore()
            self.refused += 1
            self._unlogged += 1
            now = self._clock()
            if self._logged_at is None or now - self._logged_at >= REFUSAL_LOG_S:
                log.warning(
                    "window close refused (%d request(s)): in kiosk mode only the staff panel's "
                    "'Quit for maintenance', `kiosk stop` or a signal end the kiosk",
                    self._unlogged,
                )
                self._logged_at, self._unlogged = now, 0
            return True
        return False

    def release(self) -> None:
        self._window.removeEventFilter(self)
