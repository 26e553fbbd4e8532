"""The real kiosk, in its own process, stopped by SIGTERM as a service manager or `kill` stops it: the
visit in progress is closed in the store with the language it ended in, not cut off where it began."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.process import REPO

# Starts the kiosk through its own command line; once the whole kiosk is built, a visitor taps a tab
# (the visit starts in Chinese) and then switches to English, as a finger would (Qt mouse events).
DRIVER = """
import sys
from PySide6.QtCore import QTimer
from kiosk.cli import main
from kiosk.qa.drive import settle, tap
from kiosk.ui.app import ensure_application
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


@pytest.mark.skipif(sys.platform == "win32", reason="no POSIX signals between threads on Windows")
def test_a_signal_wakes_the_idle_event_loop_and_the_handlers_are_given_back(qapp: QApplication) -> None:
    """The signal arrives while Qt's loop waits in C++ with nothing to do: the wake-up socket gets the
    Python handler run at once. (Sent from another thread, so no Python code of ours is running.)"""
    from kiosk.ui.app import QuitOnSignal

    before = signal.getsignal(signal.SIGUSR1)
    guard = QuitOnSignal(qapp, (signal.SIGUSR1,))
    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGUSR1)).start()
    fallback = QTimer()
    fallback.setSingleShot(True)
    gave_up: list[bool] = []
    fallback.timeout.connect(lambda: (gave_up.append(True), qapp.quit()))
    fallback.start(20_000)  # only if the signal does not get through while the loop waits
    qapp.exec()
    fallback.stop()
    guard.uninstall()
    guard.deleteLater()
    assert guard.received == signal.SIGUSR1 and not gave_up
    assert signal.getsignal(signal.SIGUSR1) == before
