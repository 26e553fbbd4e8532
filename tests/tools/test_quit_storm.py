"""tools/quit_storm.py: how a run's ending is read, for the endings no kiosk code decides."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quit_storm", REPO / "tools" / "quit_storm.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupted_in_site(tmp_path: Path) -> tuple[int, bytes]:
    """The real interpreter, given SIGINT while it imports `site` (a sitecustomize that signals itself:
    what a group SIGINT a few ms after the start hits), run as the quit storm runs the supervisor."""
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "sitecustomize.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGINT)\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(custom)}
    ran = subprocess.run(
        [sys.executable, "-c", "print('kiosk code ran')"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        preexec_fn=_sigint_default,  # a background job's children inherit SIGINT ignored; a terminal's do not
    )
    return ran.returncode, ran.stdout + ran.stderr


@posix_only
def test_a_sigint_during_pythons_own_start_up_is_a_fine_ending_only_when_python_says_so(tmp_path: Path) -> None:
    """CPython ends with status 1 (not by the signal) when SIGINT lands while it imports `site`, before
    a line of the kiosk runs: the storm reads that as Python's start-up, not as a kiosk that failed.
    The same status without Python's own words stays a failure."""
    tool = _tool()
    status, output = _interrupted_in_site(tmp_path)
    assert status == 1, output
    assert b"kiosk code ran" not in output
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    (home / "output.txt").write_bytes(output)
    assert tool._ending(home, status) == tool.PYTHON_START
    assert tool.PYTHON_START in tool.FINE

    # The same signal a moment earlier, as the interpreter sets up its standard streams (seen in CI).
    streams = "Fatal Python error: init_sys_streams: can't initialize sys standard streams\nPython runtime state: core initialized\n"
    (home / "output.txt").write_text(streams + "Traceback (most recent call last):\nKeyboardInterrupt\n", encoding="utf-8")
    assert tool._ending(home, 1) == tool.PYTHON_START

    (home / "output.txt").write_text("Traceback (most recent call last):\nValueError: something of the kiosk's\n", encoding="utf-8")
    assert tool._ending(home, 1) == "stopped before a kiosk started"  # and run_once fails it: status 1, not 0

    (home / "output.txt").write_bytes(output)
    (home / "logs" / "supervisor.log").write_text("2026-12-05 INFO kiosk.supervisor: starting the kiosk\n", encoding="utf-8")
    assert tool._ending(home, 1) != tool.PYTHON_START  # once the supervisor has written, it is not Python's start-up

    # The same in the kiosk the supervisor started (a group SIGINT 0.119 s after the start, in CI): the
    # supervisor logged the kiosk's exit status 1, the kiosk wrote no log line; the supervisor's own
    # exit status is still judged.
    (home / "logs" / "supervisor.log").write_text(
        "2026-12-05 INFO kiosk.supervisor: starting the kiosk (start 1): python -m kiosk --windowed\n"
        "2026-12-05 INFO kiosk.supervisor: kiosk ended after 0 s: exit status 1\n",
        encoding="utf-8",
    )
    assert tool._ending(home, 0) == tool.KIOSK_PYTHON_START
    assert tool.KIOSK_PYTHON_START in tool.FINE
    (home / "logs" / "kiosk.log").write_text("2026-12-05 INFO kiosk: started\n", encoding="utf-8")
    assert tool._ending(home, 0) == "kiosk ended: exit status 1"  # once kiosk code ran, status 1 is the kiosk's
