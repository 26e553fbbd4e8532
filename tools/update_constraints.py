"""Refresh constraints.txt: the exact versions every install of the kiosk uses (the README's two
commands, CI and the PyInstaller build all pass `-c constraints.txt`), so a test run and a bundle get
what was tested, on every supported Python.

    python tools/update_constraints.py ~/.pyenv/versions/3.11.7/bin/python3 \\
        ~/.pyenv/versions/3.12.1/bin/python3 ~/.pyenv/versions/3.13.0/bin/python3

The first interpreter resolves (give the oldest: PySide6's Python 3.11 limit is the strictest and the
newest releases of numpy drop old Pythons); each one then installs exactly that set in a fresh venv and
`pip check`s it. Then run the README's test command on each Python before committing the file."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "constraints.txt"
HEADER = """\
# Exact versions for every install: README's commands, CI (.ci/run) and the PyInstaller build use
# `pip install -c constraints.txt ...`. Made by tools/update_constraints.py (read it before editing):
# resolved on Python {version}; the same set installs on Python {tested} (pip check).
"""


def _venv(python: str, where: Path) -> Path:
    subprocess.run([python, "-m", "venv", str(where)], check=True)
    return where / ("Scripts" if sys.platform == "win32" else "bin") / "python"


def _pip(python: Path, *args: str) -> str:
    return subprocess.run([str(python), "-m", "pip", *args], check=True, capture_output=True, text=True, cwd=REPO).stdout


def _name(pin: str) -> str:
    return pin.split("==")[0].strip().lower().replace("_", "-")


def _version(python: Path) -> str:
    code = "import platform; print(platform.python_version())"
    return subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def main(pythons: list[str]) -> int:
    if not pythons:
        pythons = [sys.executable]
    with tempfile.TemporaryDirectory() as tmp:
        first = _venv(pythons[0], Path(tmp) / "resolve")
        _pip(first, "install", "--upgrade", "pip")
        _pip(first, "install", ".[test,build]")
        frozen = _pip(first, "freeze", "--exclude", "lna-kiosk", "--exclude", "pip")
        version = _version(first)
        pins = {_name(line): line for line in frozen.splitlines() if "==" in line}
        tested = []
        for i, python in enumerate(pythons):
            candidate = Path(tmp) / "candidate.txt"
            candidate.write_text("\n".join(pins.values()) + "\n", encoding="utf-8")
            check = _venv(python, Path(tmp) / f"check{i}")
            _pip(check, "install", "-c", str(candidate), ".[test,build]")
            _pip(check, "check")
            # What only a newer Python asks for (setuptools for PyInstaller on 3.12+) is pinned too.
            for line in _pip(check, "freeze", "--exclude", "lna-kiosk", "--exclude", "pip").splitlines():
                if "==" in line and _name(line) not in pins:
                    pins[_name(line)] = line
            tested.append(_version(check))
    ordered = sorted(pins.values(), key=str.lower)
    TARGET.write_text(HEADER.format(version=version, tested=", ".join(tested)) + "\n".join(ordered) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({len(ordered)} pins); installs on Python {', '.join(tested)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
