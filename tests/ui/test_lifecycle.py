"""How the kiosk is seen from outside and how it ends, through the real door where it can be: systemd's
notify exchange with the real `python -m kiosk`, a window manager's close refused in kiosk mode (Xvfb and
openbox, Alt+F4 and _NET_CLOSE_WINDOW sent the way users and tools send them), `kiosk stop`, quitting
from the staff panel with a confirmation, and a plain sentence when there is no display."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.paths import AppPaths
from kiosk.core.service import EXIT_MAINTENANCE, NO_DISPLAY, watchdog_interval_ms
from kiosk.core.settings import Settings
from kiosk.ui.app import Kiosk, build_rest, build_shell
from kiosk.ui.lifecycle import REFUSAL_LOG_S, CloseGuard, ServiceLink
from tests.process import REPO, NotifySocket, kiosk_env, stop, wait_until, xvfb

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX notify sockets and POSIX signals")
START_S = 120  # generous: judged on behaviour, never on speed


def _kiosk(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as err:
        return subprocess.Popen([sys.executable, "-m", "kiosk", *args], cwd=REPO, env=env, stdout=err, stderr=subprocess.STDOUT)


def _line(path: Path, text: str, timeout: float = 60) -> str:
    """The first line of a log holding `text`, once the process has written it."""

    def found() -> str | None:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.exists() else []
        return next((line for line in lines if text in line), None)

    wait_until(found, timeout, f"{text!r} in {path}")
    line = found()
    assert line is not None
    return line


# --- in the process: the parts ------------------------------------------------------------


def test_a_close_request_is_refused_and_logged_without_flooding_the_log(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    now = [0.0]
    guard = CloseGuard(window, clock=lambda: now[0])
    window.show()
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.lifecycle"):
        for _ in range(30):  # a held Alt+F4 repeats
            assert not window.close()
        now[0] += REFUSAL_LOG_S
        assert not window.close()
    assert window.isVisible() and guard.refused == 31
    refusals = [r.getMessage() for r in caplog.records if "window close refused" in r.getMessage()]
    assert refusals[0].startswith("window close refused (1 request(s))") and refusals[1].startswith("window close refused (30 request(s))")
    assert len(refusals) == 2
    guard.release()
    assert window.close()  # a deliberate close after the guard is let go


def test_ready_is_sent_even_when_the_first_frame_came_before_the_link_was_made(kiosk: Kiosk, tmp_path: Path, qtbot: QtBot) -> None:
    """The bug that had systemd restart the kiosk every minute: what listened for the first frame was
    made after it had fired."""
    qtbot.waitUntil(kiosk.window.has_painted, timeout=30_000)  # the kiosk has been on screen before the link is made
    notify = NotifySocket(tmp_path)
    environ = {"NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": "1000000"}
    link = ServiceLink(kiosk.window, tmp_path / "run", lambda: "test", environ)
    try:
        assert link.ready
        assert notify.wait_for("READY=1", 10) == "READY=1\nSTATUS=test"
        assert link.pulse.interval() == watchdog_interval_ms(environ) == 500
        link.pulse.timeout.emit()  # the event loop turned
        notify.wait_for("WATCHDOG=1", 10)
        link.stopping("a test")
        assert notify.wait_for("STOPPING=1", 10) == "STOPPING=1\nSTATUS=stopping: a test"
        assert not link.pulse.isActive()
    finally:
        link.pulse.stop()
        link.deleteLater()
        notify.close()


def test_staff_confirm_before_the_kiosk_quits_for_maintenance(kiosk: Kiosk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    panel = kiosk.staff.panel
    panel.open_overlay()
    panel.quit_button.click()
    assert exits == []  # one tap only asks
    assert panel.quit_question.isVisible() and panel.quit_confirm.isVisible() and not panel.quit_button.isVisible()
    panel.quit_cancel.click()
    assert exits == [] and panel.quit_button.isVisible() and not panel.quit_confirm.isVisible()
    panel.quit_button.click()
    panel.close_overlay()
    panel.open_overlay()
    assert not panel.quit_confirm.isVisible()  # the question does not wait for the next member of staff
    panel.quit_button.click()
    panel.quit_confirm.click()
    assert exits == [EXIT_MAINTENANCE]
    panel.close_overlay()


def _broken(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("broken on purpose")


def test_after_the_first_frame_a_part_that_fails_is_left_out_alone_and_named(
    qapp: QApplication, own_home: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Opening hours cannot be built: logged with its traceback and named for staff; the staff screens,
    which need it, are left out too and say so; every other part is built."""
    import kiosk.ui.opening_hours

    monkeypatch.setattr(kiosk.ui.opening_hours, "HallHours", _broken)
    paths = AppPaths.under(own_home)
    shell = build_shell(paths, Settings(paths.config), lazy_pages=True)
    with caplog.at_level(logging.ERROR, logger="kiosk.ui.app"):
        rest = build_rest(shell, alone=True)
    try:
        assert rest.session is not None and rest.insight is not None and rest.runner is not None
        assert rest.hall is None and rest.staff is None
        assert len(shell.pages.views) > 1  # the other pages too
        assert rest.failed == [
            "opening hours could not be built (RuntimeError: broken on purpose); the kiosk runs without it",
            "the staff screens not built: a part it needs could not be built",
        ]
        assert rest.failed[0] in shell.health.notes  # the staff panel lists it
        assert caplog.records[0].exc_info is not None  # with where it failed
    finally:
        rest.stop(shell.loader)
        shell.shutdown()


# --- the real program -----------------------------------------------------------------------


@posix_only
def test_systemd_hears_ready_then_the_watchdog_then_stopping(tmp_path: Path) -> None:
    """As under the shipped unit (Type=notify, WatchdogSec): the real kiosk, fullscreen kiosk mode."""
    notify = NotifySocket(tmp_path)
    env = kiosk_env(tmp_path / "home", NOTIFY_SOCKET=str(notify.path), WATCHDOG_USEC="1000000")
    kiosk = _kiosk(env=env, log=tmp_path / "stderr.txt")
    try:
        ready = notify.wait_for("READY=1", START_S, kiosk)
        assert "STATUS=showing " in ready and "language zh" in ready, ready
        for _ in range(3):  # the event loop keeps turning: pings keep coming
            notify.wait_for("WATCHDOG=1", 30, kiosk)
        kiosk.send_signal(signal.SIGTERM)
        stopping = notify.wait_for("STOPPING=1", 60)
        assert "SIGTERM" in stopping
        assert kiosk.wait(60) == 0  # a clean stop: systemd lists the unit inactive, not failed
    finally:
        stop(kiosk)
        notify.close()
    before_ready = notify.received[: notify.received.index(ready)]
    assert all(m == "WATCHDOG=1" for m in before_ready)


@posix_only
def test_a_stopped_event_loop_stops_the_watchdog(tmp_path: Path) -> None:
    """WATCHDOG=1 comes only while the event loop turns: a frozen kiosk falls silent (systemd then
    restarts it after WatchdogSec)."""
    notify = NotifySocket(tmp_path)
    env = kiosk_env(tmp_path / "home", NOTIFY_SOCKET=str(notify.path), WATCHDOG_USEC="1000000")
    kiosk = _kiosk("--windowed", env=env, log=tmp_path / "stderr.txt")
    try:
        notify.wait_for("READY=1", START_S, kiosk)
        notify.wait_for("WATCHDOG=1", 30, kiosk)
        kiosk.send_signal(signal.SIGSTOP)
        time.sleep(0.2)
        notify.sock.settimeout(0)  # drain what was sent before it stopped
        with pytest.raises(BlockingIOError):
            while True:
                notify.sock.recv(4096)
        notify.sock.settimeout(3.0)  # six pulses' worth of silence
        with pytest.raises(TimeoutError):
            notify.sock.recv(4096)
        kiosk.send_signal(signal.SIGCONT)
        notify.wait_for("WATCHDOG=1", 30, kiosk)  # and feeds it again once it turns
    finally:
        stop(kiosk)
        notify.close()


@posix_only
def test_kiosk_stop_quits_for_maintenance_and_says_who_asked(tmp_path: Path) -> None:
    home = tmp_path / "home"
    notify = NotifySocket(tmp_path)
    env = kiosk_env(home, NOTIFY_SOCKET=str(notify.path))
    kiosk = _kiosk(env=env, log=tmp_path / "stderr.txt")
    try:
        notify.wait_for("READY=1", START_S, kiosk)
        asked = subprocess.run([sys.executable, "-m", "kiosk", "stop"], cwd=REPO, env=env, capture_output=True, text=True, timeout=90)
        assert asked.returncode == 0, asked.stderr
        assert "quit for maintenance" in asked.stdout
        assert kiosk.wait(60) == EXIT_MAINTENANCE  # neither the unit nor --supervise restarts it
        assert "quit for maintenance" in notify.wait_for("STOPPING=1", 30)
    finally:
        stop(kiosk)
        notify.close()
    log = (home / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "quit for maintenance, asked by the `kiosk stop` command (pid " in log
    again = subprocess.run([sys.executable, "-m", "kiosk", "stop"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "no kiosk is running" in again.stderr


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11 and Wayland only")
def test_no_display_is_a_plain_sentence_and_status_2_not_an_abort(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["KIOSK_HOME"] = str(tmp_path / "home")
    for args in ([], ["--supervise"], ["preview", "--content", str(REPO / "assets" / "content")]):
        started = subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        assert started.returncode == 2, (args, started.stderr)
        assert started.stderr.strip() == f"kiosk: {NO_DISPLAY}"


# --- under a real window manager --------------------------------------------------------------

X_TOOLS = ("Xvfb", "openbox", "xdotool", "wmctrl")


@pytest.fixture
def openbox_session(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A real X server (Xvfb, 1920x1080) managed by a real window manager (openbox, Debian's defaults:
    Alt+F4 closes the active window)."""
    missing = [tool for tool in X_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install xvfb openbox xdotool wmctrl)")
    with xvfb() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        with (tmp_path / "openbox.txt").open("wb") as messages:
            manager = subprocess.Popen(["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL, stderr=messages)
        try:
            deadline = time.monotonic() + 60  # a loaded CI machine; a window manager that died says why at once
            while subprocess.run(["wmctrl", "-m"], env=env, capture_output=True).returncode != 0:
                said = (tmp_path / "openbox.txt").read_text(errors="replace").strip()
                assert manager.poll() is None, f"openbox exited with status {manager.returncode}: {said or 'nothing said'}"
                assert time.monotonic() < deadline, f"openbox did not come up on {display} in 60 s: {said or 'nothing said'}"
                time.sleep(0.1)
            yield env
        finally:
            manager.terminate()
            manager.wait(30)


def _active_window_of(pid: int, env: dict[str, str]) -> str:
    """The window openbox has made active, once it is this process's (openbox activates new windows)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        active = subprocess.run(["xdotool", "getactivewindow"], env=env, capture_output=True, text=True).stdout.strip()
        if active:
            owner = subprocess.run(["xdotool", "getwindowpid", active], env=env, capture_output=True, text=True).stdout.strip()
            if owner == str(pid):
                return active
        time.sleep(0.2)
    raise AssertionError("the kiosk's window never became the active window")


def _refusals(log: Path) -> int:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return sum("window close refused" in line for line in text.splitlines())


def _until(action: list[str], env: dict[str, str], effect: Callable[[], bool], what: str) -> None:
    """Do what a user does (a key, a close) until its effect shows: a window manager that has only just
    started may not have grabbed its keys yet, and a new window may be only just mapped. Never more
    than needed: each try waits for the effect first."""
    for _ in range(15):
        subprocess.run(action, env=env, check=True)
        try:
            wait_until(effect, 4, what)
            return
        except AssertionError:
            continue
    raise AssertionError(f"{what}: no effect after 15 tries of {' '.join(action)}")


def test_under_a_window_manager_alt_f4_and_the_wms_close_are_refused_in_kiosk_mode(openbox_session: dict[str, str], tmp_path: Path) -> None:
    env, home = openbox_session, tmp_path / "home"
    log = home / "logs" / "kiosk.log"
    notify = NotifySocket(tmp_path)
    kiosk = _kiosk(env={**env, "KIOSK_HOME": str(home), "NOTIFY_SOCKET": str(notify.path)}, log=tmp_path / "stderr.txt")
    try:
        notify.wait_for("READY=1", START_S, kiosk)
        window = _active_window_of(kiosk.pid, env)
        alt_f4 = ["xdotool", "key", "--clearmodifiers", "alt+F4"]  # openbox's default binding: Close
        _until(alt_f4, env, lambda: _refusals(log) >= 1, "Alt+F4 refused")
        time.sleep(REFUSAL_LOG_S + 0.5)  # the next refusal gets a line of its own
        before = _refusals(log)
        close = ["wmctrl", "-i", "-c", window]  # _NET_CLOSE_WINDOW, as a taskbar or a pager sends it
        _until(close, env, lambda: _refusals(log) > before, "the window manager's close refused")
        assert kiosk.poll() is None, (tmp_path / "stderr.txt").read_text()
        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(60) == 0
    finally:
        stop(kiosk)
        notify.close()
    assert "window close request(s) refused while it ran" in log.read_text(encoding="utf-8")


def test_under_a_window_manager_alt_f4_closes_the_kiosk_tried_in_a_window(openbox_session: dict[str, str], tmp_path: Path) -> None:
    """The same keys do reach the window as a close (so the kiosk-mode test can fail): trying the kiosk
    in a window, closing it stops it cleanly."""
    env = openbox_session
    notify = NotifySocket(tmp_path)
    kiosk = _kiosk(
        "--windowed", env={**env, "KIOSK_HOME": str(tmp_path / "home"), "NOTIFY_SOCKET": str(notify.path)}, log=tmp_path / "e.txt"
    )
    try:
        notify.wait_for("READY=1", START_S, kiosk)
        _active_window_of(kiosk.pid, env)
        _until(["xdotool", "key", "--clearmodifiers", "alt+F4"], env, lambda: kiosk.poll() is not None, "the window closed")
        assert kiosk.wait(60) == 0
    finally:
        stop(kiosk)
        notify.close()


@pytest.mark.logs("window close refused")
def test_close_events_reach_the_guard_before_the_window(qtbot: QtBot) -> None:
    """What a window manager's close becomes inside Qt: a spontaneous QCloseEvent on the window."""
    window = QWidget()
    qtbot.addWidget(window)
    guard = CloseGuard(window)
    event = QCloseEvent()
    QApplication.sendEvent(window, event)
    assert not event.isAccepted() and guard.refused == 1
    guard.release()
