"""The first moments of a kiosk process: stop signals noted before anything else, handed from
`python -m kiosk` to kiosk.cli once; crash tracing set up once per log folder."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.start_up import noted_early

NOTE_AND_SIGNAL = """
import os, signal
from kiosk.core.start_up import note_stop_signals_early, noted_early
noted = note_stop_signals_early()
os.kill(os.getpid(), signal.SIGTERM)
os.kill(os.getpid(), signal.SIGINT)
taken = noted_early()
print(taken is noted, taken, noted_early())
"""


def test_signals_noted_early_are_handed_over_once() -> None:
    """In a process of its own: its signal handlers are the process's."""
    result = subprocess.run([sys.executable, "-c", NOTE_AND_SIGNAL], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", f"[{int(signal.SIGTERM)},", f"{int(signal.SIGINT)}]", "None"]


def test_nothing_noted_early_gives_none() -> None:
    assert noted_early() is None


PREPARE_TWICE = """
import os, signal, sys, time
from pathlib import Path
from kiosk.core.paths import AppPaths
from kiosk.core.start_up import prepare_process
one, two = AppPaths.under(Path(sys.argv[1])), AppPaths.under(Path(sys.argv[2]))
prepare_process(one)
prepare_process(one)
prepare_process(two)
os.kill(os.getpid(), signal.SIGUSR1)  # where it is: into the crash log of the folder set up last
time.sleep(0.2)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGUSR1 is POSIX")
def test_crash_tracing_is_set_up_once_per_log_folder(tmp_path: Path) -> None:
    """In a process of its own: the crash log stays open for the life of the process."""
    one, two = tmp_path / "one", tmp_path / "two"
    result = subprocess.run([sys.executable, "-c", PREPARE_TWICE, str(one), str(two)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (one / "logs" / "crash.log").read_text(encoding="utf-8") == ""
    assert "(most recent call first)" in (two / "logs" / "crash.log").read_text(encoding="utf-8")


def test_only_a_halls_command_line_is_a_plain_start() -> None:
    from kiosk.core.start_up import is_plain_start

    assert is_plain_start([]) and is_plain_start(["--first-frame-report"])
    for other in (["--windowed"], ["--lang", "en"], ["check"], ["--supervise"], ["--first-frame-report", "--windowed"]):
        assert not is_plain_start(other), other
