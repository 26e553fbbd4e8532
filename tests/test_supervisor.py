"""`kiosk --supervise`: restarts with back-off, stops on purpose only for maintenance or a second kiosk,
notices a hung or stopped kiosk through its heartbeat, and keeps its own log beside the kiosk's, both
rotating while both run. The last test runs the real thing: `python -m kiosk --supervise`."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core.service import EXIT_ALREADY_RUNNING, EXIT_MAINTENANCE, EXIT_RESTART, EXIT_STOPPED, beat, describe_exit
from kiosk.supervisor import HangWatch, RestartPolicy, Watch, run_watched, supervise
from tests.process import REPO, kiosk_env, stop, wait_until

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP and SIGTERM are POSIX")


def test_backoff_doubles_to_a_minute_and_resets_after_a_stable_run() -> None:
    policy = RestartPolicy()
    assert [policy.delay_after(1, 2) for _ in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert policy.delay_after(1, 3600) == 1
    assert policy.delay_after(EXIT_RESTART, 10) == 0
    assert policy.delay_after(EXIT_MAINTENANCE, 10) is None
    assert policy.delay_after(EXIT_ALREADY_RUNNING, 10) is None
    assert policy.delay_after(EXIT_STOPPED, 10) == 1  # stopped by a signal from elsewhere: a hall kiosk comes back


def test_a_hang_is_silence_on_the_supervisors_own_clock(tmp_path: Path) -> None:
    heartbeat = tmp_path / "beat"
    heartbeat.touch()
    os.utime(heartbeat, ns=(1, 1))
    now = [100.0]
    watch = HangWatch(heartbeat, timeout_s=30, start_s=90, clock=lambda: now[0])
    now[0] += 60
    assert watch.silent_for() is None  # starting: up to 90 s before the first beat
    now[0] += 31
    assert watch.silent_for() == 91
    beat(heartbeat)  # the event loop turned
    assert watch.silent_for() is None and watch.beats == 1
    now[0] += 29
    assert watch.silent_for() is None
    now[0] += 1
    assert watch.silent_for() == 30  # after the first beat, the hang time alone
    os.utime(heartbeat, ns=(5, 5))  # a wall clock stepped back is still a change, so still a beat
    assert watch.silent_for() is None


def test_restarts_with_backoff_until_staff_quit_for_maintenance(caplog: pytest.LogCaptureFixture) -> None:
    codes = iter([-11, 1, 75, 0, EXIT_MAINTENANCE])  # a crash, an error, a planned restart, a kill from elsewhere, maintenance
    sleeps: list[float] = []
    now = [0.0]

    def run(command: list[str]) -> int:
        now[0] += 5
        return next(codes)

    caplog.set_level(logging.INFO, logger="kiosk.supervisor")
    assert supervise(["kiosk"], run=run, sleep=sleeps.append, clock=lambda: now[0]) == EXIT_MAINTENANCE
    assert sleeps == [1.0, 2.0, 1.0]  # none after the planned restart (which starts the back-off again), none after maintenance
    messages = [r.getMessage() for r in caplog.records]
    assert any("killed by SIGSEGV" in m for m in messages) and any("exit status 1" in m for m in messages)
    assert messages[-1] == "not restarting: quit for maintenance"


def test_another_kiosk_already_running_stops_supervision_and_says_why(caplog: pytest.LogCaptureFixture) -> None:
    starts: list[list[str]] = []

    def run(command: list[str]) -> int:
        starts.append(command)
        return EXIT_ALREADY_RUNNING

    assert supervise(["kiosk"], run=run, sleep=lambda _s: None, clock=lambda: 0.0) == EXIT_ALREADY_RUNNING
    assert len(starts) == 1  # not restarted forever into the same lock
    assert any("another kiosk is already running" in r.getMessage() and "not restarting" in r.getMessage() for r in caplog.records)


def test_a_real_child_process_is_restarted() -> None:
    code = supervise([sys.executable, "-c", "import sys; sys.exit(4)"], sleep=lambda _s: None, max_starts=3)
    assert code == 1  # gave up only because the test said three starts
    assert describe_exit(-9) == "killed by SIGKILL" and describe_exit(EXIT_MAINTENANCE) == "quit for maintenance"


BEATING = """
import os, sys, time
path, every = os.environ["KIOSK_HEARTBEAT"], int(os.environ["KIOSK_HEARTBEAT_MS"]) / 1000
for _ in range(int(sys.argv[1])):
    os.utime(path)
    time.sleep(every)
time.sleep(int(sys.argv[2]))  # then silence: a hang
"""


def test_a_child_that_stops_beating_is_killed_as_hung(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    watch = Watch(hang_s=1.2, start_s=60, heartbeat_folder=tmp_path)
    code = run_watched([sys.executable, "-c", BEATING, "5", "120"], watch)
    assert code != 0 and code not in (EXIT_MAINTENANCE, EXIT_ALREADY_RUNNING)
    assert any("has not answered for" in r.getMessage() for r in caplog.records)
    assert list(tmp_path.iterdir()) == []  # its heartbeat file is gone with it


def test_a_child_that_beats_is_left_alone(tmp_path: Path) -> None:
    watch = Watch(hang_s=6, start_s=60, heartbeat_folder=tmp_path)  # a beat a second, for two seconds
    assert run_watched([sys.executable, "-c", BEATING, "2", "0"], watch) == 0


def _lines(folder: Path, name: str) -> list[str]:
    """Every line of a rotating log, oldest file first."""
    files = sorted(folder.glob(f"{name}.log*"), key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    return [line for path in files for line in path.read_text(encoding="utf-8").splitlines()]


@posix_only
def test_the_real_supervisor_restarts_a_stopped_kiosk_and_both_logs_rotate(tmp_path: Path) -> None:
    """`kiosk --supervise` as a hall starts it, with `hang_restart_s` at its least (10 s): a kiosk frozen
    with SIGSTOP is killed and a new one started; each process writes and rotates its own log while the
    other runs (logs made small so that they rotate within the test)."""
    home = tmp_path / "home"
    env = kiosk_env(home, KIOSK_LOG_MAX_BYTES="400")
    configured = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "hang_restart_s", "10"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert configured.returncode == 0, configured.stderr
    logs = home / "logs"
    with (tmp_path / "stderr.txt").open("wb") as err:
        supervisor = subprocess.Popen([sys.executable, "-m", "kiosk", "--supervise", "--windowed"], cwd=REPO, env=env, stderr=err)
    try:

        def kiosk_pids() -> list[int]:
            return [int(m) for m in re.findall(r"kiosk started \(pid (\d+)\)", "\n".join(_lines(logs, "supervisor")))]

        def frames() -> int:
            return sum("first frame on screen" in line for line in _lines(logs, "kiosk"))

        wait_until(lambda: kiosk_pids() and frames() >= 1, 120, "the first kiosk on screen")
        first = kiosk_pids()[0]
        os.kill(first, signal.SIGSTOP)  # frozen: no crash, no exit, just silence
        stopped_at = time.monotonic()
        wait_until(lambda: len(kiosk_pids()) >= 2 and frames() >= 2, 120, "a new kiosk on screen")
        restart_s = time.monotonic() - stopped_at
        print(f"SIGSTOP -> the new kiosk's first frame: {restart_s:.1f} s (hang_restart_s 10)")
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(60) == 0
    finally:
        stop(supervisor)
    second = kiosk_pids()[1]
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)  # the supervisor took its kiosk down with it
    supervisor_lines = _lines(logs, "supervisor")
    assert any(f"kiosk (pid {first}) has not answered for" in line and "killing it" in line for line in supervisor_lines)
    assert any("kiosk ended after" in line and "killed by SIGKILL" in line for line in supervisor_lines)
    assert all("kiosk.supervisor" in line for line in supervisor_lines)  # its own file holds its own lines only
    kiosk_lines = _lines(logs, "kiosk")
    assert not any("kiosk.supervisor" in line for line in kiosk_lines)
    assert sum("kiosk started: content" in line for line in kiosk_lines) == 2  # both kiosks wrote, none lost
    for name in ("kiosk", "supervisor"):  # rotated while the other process was writing its own
        assert (logs / f"{name}.log.1").exists(), sorted(p.name for p in logs.iterdir())
    assert "Logging error" not in (tmp_path / "stderr.txt").read_text(errors="replace")
