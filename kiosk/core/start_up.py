"""The first moments of a kiosk process, before PySide6 or the kiosk's widgets are imported: stop
signals noted, a hard crash traced to the log folder. Light on purpose (`python -m kiosk` calls it
before anything else, to show the start picture soonest: kiosk/ui/application.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.paths import AppPaths

NO_DISPLAY = "no display: set DISPLAY or run under a window system; for a test run use QT_QPA_PLATFORM=offscreen"

_early: list[list[int]] = []  # the stop signals noted by `python -m kiosk` before kiosk.cli was imported
_prepared: list[Path] = []  # the log folder prepare_process traces crashes to


def is_plain_start(argv: Sequence[str]) -> bool:
    """The command line of a hall's start: no command, no option but --first-frame-report (the start
    picture is shown before the rest of the kiosk is imported only then)."""
    return list(argv) in ([], ["--first-frame-report"])


def note_stop_signals() -> list[int]:
    """SIGTERM and SIGINT noted from the first moment of a kiosk or its supervisor, for their own
    handlers to act on once installed (a SIGINT while PySide was imported aborted the kiosk)."""
    import signal

    noted: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda signum, _frame: noted.append(signum))
    return noted


def note_stop_signals_early() -> list[int]:
    """note_stop_signals for the very start of `python -m kiosk`; kiosk.cli takes the list over."""
    _early[:] = [note_stop_signals()]
    return _early[0]


def noted_early() -> list[int] | None:
    """The list note_stop_signals_early made (its handlers still installed), once; else None."""
    return _early.pop() if _early else None


def prepare_process(paths: AppPaths) -> None:
    """Before anything can crash: a hard crash leaves a trace in the log folder, and on Windows no
    error dialog waits over the restarted kiosk. A second call for the same log folder does nothing."""
    if _prepared == [paths.logs]:
        return
    _prepared[:] = [paths.logs]
    import faulthandler

    if sys.platform == "win32":
        import ctypes

        sem_failcriticalerrors, sem_nogpfaulterrorbox = 0x0001, 0x0002
        ctypes.windll.kernel32.SetErrorMode(sem_failcriticalerrors | sem_nogpfaulterrorbox)  # type: ignore[attr-defined]
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        crash_log = open(paths.logs / "crash.log", "a", encoding="utf-8")  # noqa: SIM115 - open for the life of the process
        faulthandler.enable(crash_log)
    except OSError:
        crash_log = None
        faulthandler.enable()
    if sys.platform != "win32":  # the supervisor sends SIGUSR1 before it kills a hung kiosk: where it hung goes to crash.log
        import signal

        faulthandler.register(signal.SIGUSR1, file=crash_log or sys.stderr, all_threads=True)


def display_problem(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """NO_DISPLAY when Qt would look for a display that is not there (Qt itself would abort with SIGABRT,
    blaming a missing xcb library), else None. Only X11 and Wayland need one; Windows and macOS always
    have their own, and offscreen, eglfs, linuxfb or vnc need none."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform in ("win32", "darwin"):
        return None
    asked = [name.split(":")[0].strip() for name in env.get("QT_QPA_PLATFORM", "").split(";") if name.strip()]
    x11, wayland_named = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    wayland = wayland_named or _default_wayland_socket(env)  # Qt's Wayland plugin falls back to wayland-0

    def usable(name: str) -> bool:  # Qt tries the platforms asked for in turn
        if name == "xcb":
            return x11
        if name.startswith("wayland"):
            return wayland
        return True  # offscreen, eglfs, linuxfb, vnc, minimal: no display server needed

    if not asked:  # Qt's own choice: Wayland when a compositor says so, else X11
        return None if x11 or wayland_named else NO_DISPLAY
    return None if any(usable(name) for name in asked) else NO_DISPLAY


def _default_wayland_socket(env: Mapping[str, str]) -> bool:
    runtime = env.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and os.path.exists(os.path.join(runtime, "wayland-0"))
