"""CI (.ci/run) runs the README's test command verbatim, and a failing step of it fails CI: under
`set -e` bash does not end a script for a command that fails inside an && list (only the last of the
list counts), so a failing test once let CI go on and pass."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.process import REPO

SCRIPT = REPO / ".ci" / "run"


def _readme_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return next(line for line in readme.splitlines() if line.startswith("python3 -m venv .venv") and "pytest" in line)


def _step(command: str) -> str:
    """The lines of .ci/run from the README's command to the end of that statement."""
    lines = SCRIPT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(command))
    end = start
    while lines[end].endswith("\\"):
        end += 1
    return "\n".join(lines[start : end + 1])


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    command = _readme_command()
    assert any(line.startswith(command) for line in SCRIPT.read_text(encoding="utf-8").splitlines()), command


def _run(step: str, tmp_path: Path, failing: str) -> subprocess.CompletedProcess[str]:
    """The step run in a folder whose python3, pip and python succeed, except `failing`."""
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("python3", "pip", "python"):
        where = tmp_path / "path" if name == "python3" else bin_
        where.mkdir(exist_ok=True)
        program = where / name
        program.write_text(f"#!/bin/sh\nexit {1 if name == failing else 0}\n", encoding="utf-8")
        program.chmod(0o755)
    script = f"set -euo pipefail\n{step}\necho went on\n"
    env = {**os.environ, "PATH": f"{tmp_path / 'path'}:/usr/bin:/bin"}
    return subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)


def test_a_failing_test_run_fails_ci(tmp_path: Path) -> None:
    step = _step(_readme_command())
    done = _run(step, tmp_path / "ok", failing="")
    assert done.returncode == 0 and "went on" in done.stdout, done.stderr
    for failing in ("python", "pip"):  # the tests (or the coverage floors), the set-up
        done = _run(step, tmp_path / failing, failing=failing)
        assert done.returncode != 0 and "went on" not in done.stdout, f"CI went on after {failing} failed"
        assert "the README's test command failed" in done.stderr
