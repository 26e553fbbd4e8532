"""How a running kiosk is seen from outside and how it ends. Readiness and a watchdog fed by the event
loop for systemd, a heartbeat for `--supervise`, a stop asked for by `kiosk stop`; in kiosk mode a window
close request (Alt+F4, a window manager's close, a taskbar close or WM_CLOSE on Windows, a gesture the
OS maps to close) is refused and logged; staff end it by quitting for maintenance, which says who asked.

Made before the window is first shown, so the first frame cannot pass unseen (it once did: READY=1 was
connected after the frame had fired, and systemd restarted the kiosk every minute). SIGTERM and SIGINT
end it once, however many come and whenever (QuitOnSignal), or it ends hard after a stated time."""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import select
import signal
import socket
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.service import (
    EXIT_MAINTENANCE,
    EXIT_STOPPED,
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
# After the first SIGTERM or SIGINT a kiosk still running is ended hard (os._exit, EXIT_STOPPED, every
# thread's stack in crash.log); BACKSTOP_S later faulthandler's own thread ends it (status 1) should
# Python itself be unable to run. Both well inside systemd's TimeoutStopSec (20 s in the shipped unit)
# and the supervisor's wait for its kiosk (kiosk/supervisor.py STOP_S). A clean stop takes well under
# a second on an idle machine.
HARD_EXIT_S = 10.0
BACKSTOP_S = 5.0


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


class StopSignals:
    """The Qt-free half of QuitOnSignal: which stop signals came, and the deadline they set.

    Python runs a signal's handler only between two bytecodes of the main thread, wherever that thread
    is: deep in an event filter that sees every event, say (issue 21: a handler that called Qt's quit()
    from there re-entered the filters and the window's close guard, and the kiosk never ended). So the
    handler only notes the signal. The C-level handler also writes the signal's number to a socket
    (signal.set_wakeup_fd) that a thread of ours reads whatever the main thread is doing: it starts the
    deadline at the first signal and passes every one on to `wake`, which the event loop watches.
    Duplicates (a process group's signal and the supervisor's, a held Ctrl+C) change nothing."""

    def __init__(
        self,
        signums: tuple[int, ...],
        *,
        hard_exit_s: float | None = None,
        crash_log: Path | None = None,
        exit_hard: Callable[[int], object] = os._exit,
        backstop: bool = False,
    ) -> None:
        self.received: int | None = None  # the first stop signal, as the main thread saw it
        self.count = 0  # every stop signal, as the watching thread saw it
        self.hard_exit_s = HARD_EXIT_S if hard_exit_s is None else hard_exit_s  # None: read when made (a test may set it)
        self._crash_log = crash_log
        self._exit_hard = exit_hard
        self._backstop: IO[str] | None = None
        self._backstop_armed = False
        if backstop and crash_log is not None:
            with contextlib.suppress(OSError):  # opened now: when it is needed, nothing may be opened
                self._backstop = open(crash_log, "a", encoding="utf-8")  # noqa: SIM115 - kept open for faulthandler
        self._pending, self._signalled = socket.socketpair()  # the C handler writes, the thread reads
        self.wake, self._waker = socket.socketpair()  # the thread writes, the event loop reads
        for end in (self._pending, self._signalled, self.wake, self._waker):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._signalled.fileno(), warn_on_full_buffer=False)
        self._previous = {signum: signal.signal(signum, self._on_signal) for signum in signums}
        self._thread = threading.Thread(target=self._watch, name="stop-signal-watch", daemon=True)
        self._thread.start()

    def _on_signal(self, signum: int, _frame: object) -> None:
        if self.received is None:
            self.received = signum
        self._arm_backstop()  # here too: C code that holds the interpreter may let only this run (re does)
        with contextlib.suppress(OSError):  # the loop wakes even if the thread is slow to run
            self._waker.send(bytes([signum]))

    def adopt(self, signum: int) -> None:
        """A stop signal that came before these handlers were installed, as if it came now."""
        if self.received is None:
            self._on_signal(signum, None)

    def _arm_backstop(self) -> None:
        if self._backstop is not None and not self._backstop_armed:
            self._backstop_armed = True
            faulthandler.dump_traceback_later(self.hard_exit_s + BACKSTOP_S, exit=True, file=self._backstop)

    def _watch(self) -> None:
        deadline: float | None = None
        first = 0
        while True:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            readable, _, _ = select.select([self._pending], [], [], timeout)
            if not readable:
                if deadline is not None and time.monotonic() >= deadline:
                    self._end_hard(first)
                    return
                continue
            try:
                data = self._pending.recv(512)
            except BlockingIOError:
                continue
            except OSError:
                return
            if not data or 0 in data:  # uninstall(): the kiosk ended in time
                return
            self.count += len(data)
            if deadline is None:
                first = data[0]
                deadline = time.monotonic() + self.hard_exit_s
                self._arm_backstop()
            with contextlib.suppress(OSError):
                self._waker.send(data)

    def _end_hard(self, first: int) -> None:
        why = (
            f"still running {self.hard_exit_s:g} s after {_name(first)} ({self.count} stop signal(s) in all): "
            f"exiting hard with status {EXIT_STOPPED}"
        )
        # Logging waits for a lock the stuck main thread may hold (writing to a console nobody reads):
        # from a thread of its own, given a moment.
        logger = threading.Thread(target=log.critical, args=(why + "; every thread's stack is in crash.log",), daemon=True)
        logger.start()
        logger.join(1.0)
        if self._crash_log is not None:
            with contextlib.suppress(OSError), open(self._crash_log, "a", encoding="utf-8") as crash:
                crash.write(f"{datetime.now().isoformat(timespec='seconds')} {why}; every thread's stack:\n")
                crash.flush()
                faulthandler.dump_traceback(crash, all_threads=True)
        self._exit_hard(EXIT_STOPPED)

    def ignore_more(self) -> None:
        """The kiosk has stopped and its process ends: any later SIGTERM or SIGINT is the same stop, not
        a kill (Python puts back a handled signal's default action as it finalizes). The deadline of
        one that came before stays."""
        for signum in self._previous:
            signal.signal(signum, signal.SIG_IGN)

    def uninstall(self) -> None:
        """The handlers and wake-up socket as they were, the thread and its deadline stopped (tests, and
        a kiosk that ended without a signal)."""
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        signal.set_wakeup_fd(self._previous_fd)
        with contextlib.suppress(OSError):
            self._signalled.send(b"\0")
        self._thread.join(5.0)
        if self._backstop is not None:
            if self._backstop_armed:
                faulthandler.cancel_dump_traceback_later()
            self._backstop.close()
        for end in (self._pending, self._signalled, self.wake, self._waker):
            end.close()


def _name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


class QuitOnSignal(QObject):
    """SIGTERM (a service manager, the supervisor, `kill`) and SIGINT (Ctrl+C) end the event loop once,
    so the kiosk shuts down as when staff quit: the visit in progress ends with its language and last
    touch. However many come, from wherever, whenever: before the loop runs (run() then does not start
    it), while it runs, or while the kiosk shuts down (ignored: it is already ending). The loop is ended
    from its own top, by a socket notifier's slot, never from inside whatever Python code the signal
    interrupted; with exit(), not quit(): Qt 6's quit() first asks every window to close, and the
    kiosk's refuses. If the process is still there `hard_exit_s` after the first signal, it ends hard
    (see StopSignals)."""

    def __init__(
        self,
        app: QCoreApplication,
        signums: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT),
        *,
        hard_exit_s: float | None = None,
        crash_log: Path | None = None,
        exit_hard: Callable[[int], object] = os._exit,
        backstop: bool = False,
    ) -> None:
        super().__init__(app)
        self.signals = StopSignals(signums, hard_exit_s=hard_exit_s, crash_log=crash_log, exit_hard=exit_hard, backstop=backstop)
        self.stopped_by: int | None = None  # the signal that ended the event loop (or kept it from starting)
        self._notifier = QSocketNotifier(self.signals.wake.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wake)

    @property
    def received(self) -> int | None:
        """The first stop signal, or None."""
        return self.signals.received

    def _on_wake(self) -> None:
        with contextlib.suppress(OSError):
            while data := self.signals.wake.recv(512):
                if self.signals.received is None:  # its Python handler has not run yet (it runs next)
                    self.signals.received = data[0]
        if self.signals.received is not None and self.stopped_by is None:
            self.stopped_by = self.signals.received
            QCoreApplication.exit(EXIT_STOPPED)

    def run(self, app: QCoreApplication) -> int:
        """The event loop, unless a stop signal came first; EXIT_STOPPED when one ended it."""
        if self.signals.received is not None:
            self.stopped_by = self.signals.received
            return EXIT_STOPPED
        QTimer.singleShot(0, self, self._on_wake)  # one that came between the check and the loop
        code = app.exec()
        return EXIT_STOPPED if self.stopped_by is not None else code

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        self.signals.uninstall()
