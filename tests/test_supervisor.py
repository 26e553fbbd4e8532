from __future__ import annotations

import sys

import pytest

from kiosk.core.service import EXIT_ALREADY_RUNNING
from kiosk.supervisor import describe, supervise


def test_restarts_with_backoff_until_a_deliberate_quit(caplog: pytest.LogCaptureFixture) -> None:
    codes = iter([-11, 1, 75, 0])  # a crash, an error, a planned restart, quit for maintenance
    sleeps: list[float] = []
    now = [0.0]

    def run(command: list[str]) -> int:
        now[0] += 5
        return next(codes)

    assert supervise(["kiosk"], run=run, sleep=sleeps.append, clock=lambda: now[0]) == 0
    assert sleeps == [1.0, 2.0]  # no wait after the planned restart, none after the quit
    messages = [r.getMessage() for r in caplog.records]
    assert any("killed by SIGSEGV" in m for m in messages) and any("exit status 1" in m for m in messages)


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
    assert describe(-9) == "killed by SIGKILL" and describe(0) == "quit for maintenance"
