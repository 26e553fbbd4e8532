"""External commands (xset) run one after another on a worker thread of their own, bounded by a timeout:
the future gives the exit status, or None when the command could not run or hung; failures are logged
for staff, never raised."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from kiosk.core.commands import CommandRunner


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_a_command_that_succeeds_gives_its_status_without_a_word(caplog: pytest.LogCaptureFixture) -> None:
    runner = CommandRunner()
    try:
        assert runner.run(_python("pass")).result() == 0
    finally:
        runner.shutdown()
    assert caplog.records == []


def test_a_failing_command_gives_its_status_and_logs_what_it_said(caplog: pytest.LogCaptureFixture) -> None:
    runner = CommandRunner()
    try:
        status = runner.run(_python("import sys; sys.stderr.write('no display :0' + 'x' * 500); sys.exit(3)")).result()
    finally:
        runner.shutdown()
    assert status == 3
    (record,) = caplog.records
    assert record.levelname == "WARNING"
    message = record.getMessage()
    assert "failed (exit status 3): no display :0" in message
    assert len(message) < 400  # what the command said is cut short, not copied whole into the log


def test_a_command_that_cannot_start_gives_none_and_is_logged(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    runner = CommandRunner()
    try:
        assert runner.run([str(tmp_path / "no-such-xset"), "s", "off"]).result() is None
    finally:
        runner.shutdown()
    assert "no-such-xset s off could not run" in caplog.text


def test_a_command_that_hangs_is_given_up_after_the_timeout(caplog: pytest.LogCaptureFixture) -> None:
    runner = CommandRunner(timeout_s=0.3)
    try:
        assert runner.run(_python("import time; time.sleep(60)")).result(timeout=30) is None
    finally:
        runner.shutdown()
    assert "did not finish within 0 s; carrying on without it" in caplog.text


def test_commands_run_in_the_order_given_off_the_calling_thread(tmp_path: Path) -> None:
    log = tmp_path / "order.txt"
    runner = CommandRunner()
    try:
        # The first takes longer: it still finishes before the second starts.
        slow = runner.run(_python(f"import time; time.sleep(0.2); open({str(log)!r}, 'a').write('first\\n')"))
        fast = runner.run(_python(f"open({str(log)!r}, 'a').write('second\\n')"))
        assert [slow.result(), fast.result()] == [0, 0]
        workers = [t.name for t in threading.enumerate() if t.name.startswith("command")]
    finally:
        runner.shutdown()
    assert log.read_text().splitlines() == ["first", "second"]
    assert len(workers) == 1


def test_shutdown_waits_for_started_commands_and_the_runner_can_start_again(tmp_path: Path) -> None:
    done = tmp_path / "done"
    runner = CommandRunner()
    runner.shutdown()  # nothing started: nothing to wait for
    future = runner.run(_python(f"import time; time.sleep(0.2); open({str(done)!r}, 'w').write('yes')"))
    runner.shutdown()
    assert future.done() and done.read_text() == "yes"
    assert not any(t.name.startswith("command") and t.is_alive() for t in threading.enumerate())
    try:
        assert runner.run(_python("pass")).result() == 0
    finally:
        runner.shutdown()
