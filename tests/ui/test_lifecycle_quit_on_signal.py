"""Stop signals (issue 21): any number of SIGTERM and SIGINT, whenever they come, end the kiosk once,
from the top of its event loop, or it ends hard after a stated time. In this process (other signals
stand in for them, so that a failure cannot kill the test run) and in the real kiosk's own process:
stopped as a service manager or `kill` stops it, the visit in progress is closed in the store with the
language it ended in, not cut off where it began."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.core.service import EXIT_STOPPED
from kiosk.ui.lifecycle import QuitOnSignal
from tests.process import REPO, kiosk_env, stop, wait_until

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
# Signals of this process's own that stand in for SIGTERM and SIGINT: nothing else here handles them.
STANDINS = (signal.SIGUSR1, signal.SIGUSR2) if sys.platform != "win32" else ()

# Starts the kiosk through its own command line; once the whole kiosk is built, a visitor taps a tab
# (the visit starts in Chinese) and then switches to English, as a finger would (Qt mouse events).
DRIVER = """
import sys
from PySide6.QtCore import QTimer
from kiosk.cli import main
from kiosk.qa.drive import settle, tap
from kiosk.ui.application import ensure_application
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.session_controller import SessionController

app = ensure_application()

def visit():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, KioskWindow)]
    if not windows or windows[0].findChild(SessionController) is None:
        QTimer.singleShot(50, visit)
        return
    window = windows[0]
    tap(window, window.tab_bar.buttons[1])
    window.finish_transition()
    settle(app)
    tap(window, window.language_toggle.buttons["en"])
    settle(app)
    print("visitor in", window.language.language, flush=True)

QTimer.singleShot(0, visit)
sys.exit(main(["--windowed", "--lang", "zh"]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM cannot be sent to a process on Windows")
def test_sigterm_closes_the_visit_in_progress_in_the_language_it_ended_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "KIOSK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    errors = tmp_path / "stderr.txt"  # a file, not a pipe nobody reads while the kiosk runs
    with (
        errors.open("w") as stderr_file,
        subprocess.Popen([sys.executable, "-c", DRIVER], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=stderr_file, text=True) as kiosk,
    ):
        try:
            assert kiosk.stdout is not None
            line = kiosk.stdout.readline()  # blocks until the visitor has touched (or the kiosk died)
            assert line.strip() == "visitor in en", (line, errors.read_text())
            kiosk.send_signal(signal.SIGTERM)
            kiosk.wait(timeout=60)
        finally:
            if kiosk.poll() is None:
                kiosk.kill()
                kiosk.wait()
    stderr = errors.read_text()
    conn = sqlite3.connect(home / "data" / "insight.db")
    try:
        rows = conn.execute("SELECT language, started, ended FROM sessions").fetchall()
    finally:
        conn.close()
    assert len(rows) == 1
    language, started, ended = rows[0]
    assert language == "en"
    assert ended is not None and 0 <= ended - started < 60  # closed by the kiosk itself, at the last touch
    assert kiosk.returncode == 0, stderr  # a clean stop, which systemd lists as success (143 left the unit "failed")
    assert "kiosk stopping: SIGTERM" in (home / "logs" / "kiosk.log").read_text(encoding="utf-8")


# --- in this process ------------------------------------------------------------------------


GAVE_UP = 99  # the status of a loop nothing else ended: the test's own fallback


@pytest.fixture
def fallback(qapp: QApplication) -> Iterator[QTimer]:
    """Ends a loop that a signal failed to end (20 s: far beyond any wait here), with GAVE_UP."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: QCoreApplication.exit(GAVE_UP))
    timer.start(20_000)
    yield timer
    timer.stop()


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every QCoreApplication.exit() call, with the names of the Python functions it was called from."""
    calls: list[list[str]] = []
    real = QCoreApplication.exit

    def exit_(code: int = 0) -> None:
        calls.append([frame.name for frame in traceback.extract_stack()])
        real(code)

    monkeypatch.setattr(QCoreApplication, "exit", staticmethod(exit_))
    return calls


@posix_only
def test_a_signal_wakes_the_idle_event_loop_and_the_handlers_are_given_back(qapp: QApplication, fallback: QTimer) -> None:
    """The signal arrives while Qt's loop waits in C++ with nothing to do: the thread that reads the
    wake-up socket gets the loop to end at once. (Sent from another thread: no Python code of ours runs.)"""
    before = [signal.getsignal(signum) for signum in STANDINS]
    guard = QuitOnSignal(qapp, STANDINS)
    sender = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGUSR1))
    sender.start()
    code = guard.run(qapp)
    sender.join()
    guard.uninstall()
    guard.deleteLater()
    assert code == EXIT_STOPPED and guard.received == guard.stopped_by == signal.SIGUSR1
    assert [signal.getsignal(signum) for signum in STANDINS] == before


@posix_only
def test_many_signals_end_the_loop_once(qapp: QApplication, fallback: QTimer, exits: list[list[str]]) -> None:
    """A process group's signal, the supervisor's copy, a held Ctrl+C: one stop, one exit()."""
    guard = QuitOnSignal(qapp, STANDINS)

    def storm() -> None:
        for i in range(40):
            os.kill(os.getpid(), STANDINS[i % 2])
            time.sleep(0.001 * (i % 3))

    sender = threading.Thread(target=storm)
    QTimer.singleShot(0, sender.start)
    code = guard.run(qapp)
    sender.join()
    for signum in STANDINS * 5:  # and more while it shuts down: the same stop
        os.kill(os.getpid(), signum)
    guard._on_wake()  # as when the loop's notifier hears of them
    guard.uninstall()
    guard.deleteLater()
    assert code == EXIT_STOPPED and guard.stopped_by == signal.SIGUSR1
    assert len(exits) == 1 and guard.signals.count >= 1


@posix_only
def test_a_signal_before_the_loop_runs_keeps_it_from_starting(qapp: QApplication, fallback: QTimer, exits: list[list[str]]) -> None:
    """It came while the kiosk was starting. (Before, exit() was called with no loop to end, which does
    nothing, and the loop that started next ran for ever.)"""
    guard = QuitOnSignal(qapp, STANDINS)
    os.kill(os.getpid(), signal.SIGUSR2)  # its Python handler runs at once, here in the main thread
    code = guard.run(qapp)
    guard.uninstall()
    guard.deleteLater()
    assert code == EXIT_STOPPED and guard.stopped_by == signal.SIGUSR2 and exits == []


class _Interrupted(QObject):
    """An application-wide event filter, like the session's, that the signal interrupts."""

    def __init__(self, signum: int) -> None:
        super().__init__()
        self.signum = signum
        self.sent = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.User and not self.sent:
            self.sent = True
            os.kill(os.getpid(), self.signum)  # delivered at once: its Python handler runs inside this filter
            for _ in range(1000):  # more bytecodes of the filter's own
                pass
        return False


@posix_only
def test_the_loop_is_ended_from_its_top_not_from_inside_the_code_the_signal_interrupted(
    qapp: QApplication, fallback: QTimer, exits: list[list[str]]
) -> None:
    """Issue 21's hang: the handler ran inside SessionController.eventFilter and re-entered Qt there."""
    guard = QuitOnSignal(qapp, STANDINS)
    interrupted = _Interrupted(signal.SIGUSR1)
    qapp.installEventFilter(interrupted)
    QTimer.singleShot(0, lambda: QCoreApplication.sendEvent(qapp, QEvent(QEvent.Type.User)))
    code = guard.run(qapp)
    qapp.removeEventFilter(interrupted)
    guard.uninstall()
    guard.deleteLater()
    assert interrupted.sent and code == EXIT_STOPPED
    assert len(exits) == 1 and "eventFilter" not in exits[0] and "_on_wake" in exits[0]


@posix_only
def test_a_kiosk_still_there_after_the_deadline_ends_hard_with_every_stack_in_crash_log(
    qapp: QApplication, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The event loop never runs again (stuck): the watching thread ends the process itself."""
    ended: list[int] = []
    done = threading.Event()

    def exit_hard(code: int) -> None:  # os._exit in the kiosk
        ended.append(code)
        done.set()

    crash = tmp_path / "crash.log"
    guard = QuitOnSignal(qapp, STANDINS, hard_exit_s=0.2, crash_log=crash, exit_hard=exit_hard)
    with caplog.at_level(logging.CRITICAL, logger="kiosk.ui.lifecycle"):
        os.kill(os.getpid(), signal.SIGUSR1)
        assert done.wait(60)
    guard.uninstall()
    guard.deleteLater()
    assert ended == [EXIT_STOPPED]
    assert any(
        "still running 0.2 s after SIGUSR1" in r.getMessage() and "exiting hard with status 0" in r.getMessage() for r in caplog.records
    )
    text = crash.read_text(encoding="utf-8")
    assert "exiting hard" in text and "test_a_kiosk_still_there_after_the_deadline" in text  # where the main thread was


@posix_only
def test_a_kiosk_that_ended_in_time_is_not_ended_hard(qapp: QApplication, fallback: QTimer) -> None:
    ended: list[int] = []
    guard = QuitOnSignal(qapp, STANDINS, hard_exit_s=3600, exit_hard=ended.append)
    sender = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGUSR2))
    sender.start()
    assert guard.run(qapp) == EXIT_STOPPED
    sender.join()
    guard.uninstall()  # the thread and its deadline stop with it
    guard.deleteLater()
    assert ended == [] and not guard.signals._thread.is_alive()


# --- the real kiosk --------------------------------------------------------------------------

# The real kiosk through its own command line, with a part of what is built after the first frame
# failing (argv[1]: the module and class) and the hard-exit times of argv[2] (seconds, "-": as shipped).
BROKEN = """
import sys
import importlib
import kiosk.ui.lifecycle as lifecycle
from kiosk.cli import main

module, name = sys.argv[1].rsplit(".", 1)
def broken(*args, **kwargs):
    raise RuntimeError("broken on purpose")
setattr(importlib.import_module(module), name, broken)
if sys.argv[2] != "-":
    lifecycle.HARD_EXIT_S = lifecycle.BACKSTOP_S = float(sys.argv[2])
sys.exit(main(["--windowed"]))
"""


def _started(*args: str, home: Path, log: Path, code: str = BROKEN) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, env=kiosk_env(home), stdout=out, stderr=subprocess.STDOUT)


def _log(home: Path) -> str:
    path = home / "logs" / "kiosk.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@posix_only
def test_a_part_that_fails_after_the_first_frame_fails_alone_and_signals_still_quit(tmp_path: Path) -> None:
    """Visitor insight cannot be built: logged with its reason, the staff screens that need it are not
    built either, the rest is; then a burst of SIGTERM and SIGINT stops it once, status 0."""
    home = tmp_path / "home"
    kiosk = _started("kiosk.ui.insight_recorder.InsightRecorder", "-", home=home, log=tmp_path / "out.txt")
    try:
        wait_until(lambda: "the staff screens not built" in _log(home), 120, "the rest of the kiosk built")
        for signum in (signal.SIGTERM, signal.SIGTERM, signal.SIGINT, signal.SIGTERM):
            kiosk.send_signal(signum)
        assert kiosk.wait(60) == EXIT_STOPPED, (tmp_path / "out.txt").read_text()
    finally:
        stop(kiosk)
    log = _log(home)
    assert "visitor insight could not be built (RuntimeError: broken on purpose); the kiosk runs without it" in log
    assert "Traceback" in log  # with where it failed
    assert "the session could not be built" not in log and "opening hours not built" not in log
    assert "unattended running (daily restart, screens, screen saver) not built" not in log
    stopping = [line for line in log.splitlines() if "kiosk stopping: " in line]
    assert len(stopping) == 1 and ("SIGTERM" in stopping[0] or "SIGINT" in stopping[0]), log  # (Python runs SIGINT's first)


# What the command line can do from its first moment (issue 21): note stop signals while PySide is
# imported (a SIGINT there aborted the process inside shiboken), then hand them to run_kiosk.
EARLY = """
import os, signal, sys
early = []
for signum in (signal.SIGTERM, signal.SIGINT):
    signal.signal(signum, lambda signum, _frame: early.append(signum))
os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C before PySide is even imported
os.kill(os.getpid(), signal.SIGTERM)
from kiosk.cli import setup_logging
from kiosk.core.start_up import prepare_process
from kiosk.core.paths import AppPaths
paths = AppPaths.for_platform()
setup_logging(paths)
prepare_process(paths)
from kiosk.ui.app import run_kiosk
sys.exit(run_kiosk(content_dir=None, windowed=True, screen=None, language=None, paths=paths, early_signals=early))
"""


@posix_only
def test_signals_noted_before_the_kiosk_started_stop_it_before_it_is_built(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kiosk = _started(home=home, log=tmp_path / "out.txt", code=EARLY)
    try:
        assert kiosk.wait(120) == EXIT_STOPPED, (tmp_path / "out.txt").read_text(errors="replace")
    finally:
        stop(kiosk)
    log = _log(home)
    assert "kiosk stopping: SIGINT (a service manager, the supervisor, kill or Ctrl+C) before it was built" in log, log
    assert "kiosk started" not in log


HUNG = """
import sys, time
import kiosk.ui.lifecycle as lifecycle
from PySide6.QtCore import QTimer
from kiosk.cli import main
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.application import ensure_application

lifecycle.HARD_EXIT_S, lifecycle.BACKSTOP_S = 1.0, float(sys.argv[2])
app = ensure_application()

def hang_forever_in_the_event_loop():
    print("hanging", flush=True)
    if sys.argv[1] == "python":
        while True:
            time.sleep(1)  # Python code: it gives the interpreter back now and then
    import re
    re.match(r"(a|aa)+$", "a" * 64 + "b")  # C code that holds the interpreter for far longer than the test

def hang_after_the_first_frame():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, KioskWindow) and w.has_painted()]
    QTimer.singleShot(0 if windows else 50, hang_forever_in_the_event_loop if windows else hang_after_the_first_frame)

QTimer.singleShot(0, hang_after_the_first_frame)
sys.exit(main(["--windowed"]))
"""


@posix_only
@pytest.mark.parametrize(("stuck_in", "backstop_s", "status"), [("python", "60", EXIT_STOPPED), ("c", "1", 1)])
def test_a_hung_kiosk_asked_to_stop_ends_hard_with_its_stacks_in_crash_log(
    tmp_path: Path, stuck_in: str, backstop_s: str, status: int
) -> None:
    """Its event loop never turns again. Stuck in Python code, the kiosk's own thread ends it HARD_EXIT_S
    after the first signal, with status 0 and a log line; stuck in C code that never lets that thread
    run, faulthandler does, BACKSTOP_S later, with status 1. (1 s here; 10 s and 5 s as shipped.)"""
    home = tmp_path / "home"
    out = tmp_path / "out.txt"
    kiosk = _started(stuck_in, backstop_s, home=home, log=out, code=HUNG)
    try:
        wait_until(lambda: "hanging" in out.read_text(errors="replace"), 120, "the kiosk hung after its first frame")
        kiosk.send_signal(signal.SIGTERM)
        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(60) == status, out.read_text(errors="replace")
    finally:
        stop(kiosk)
    crash = (home / "logs" / "crash.log").read_text(encoding="utf-8", errors="replace")
    assert "hang_forever_in_the_event_loop" in crash, crash  # where it was stuck
    if stuck_in == "python":
        assert "still running 1 s after SIGTERM" in _log(home) and "exiting hard with status 0" in crash
    else:
        assert "Timeout (0:00:02)!" in crash
