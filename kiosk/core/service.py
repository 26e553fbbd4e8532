"""Running unattended for months: how the kiosk ends (exit statuses a service manager and the supervisor
act on), systemd notification and watchdog, the kiosk's side of the heartbeat `--supervise` watches, a
stop asked for by a command, the check for a display before Qt is started, and the daily restart.
Qt-free, and light: the kiosk imports it before its first frame (the supervisor's own side is in
kiosk/supervisor.py)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.core.files import read_json, write_atomic
from kiosk.core.start_up import NO_DISPLAY as NO_DISPLAY  # said with the exit statuses too
from kiosk.core.start_up import display_problem as display_problem

# Exit statuses. The two deliberate ends are told apart: a stop (a signal from systemctl, the supervisor
# or kill; a window closed in --windowed) is 0, which service managers read as "fine", while staff
# quitting for maintenance is 69 (sysexits.h EX_UNAVAILABLE, "a service is unavailable"), so that
# whatever started the kiosk leaves it down on purpose instead of reading "fine, leave it" into 0.
EXIT_STOPPED = 0  # SIGTERM/SIGINT, or the window closed when trying it in a window
EXIT_ERROR = 1
EXIT_USAGE = 2  # argparse's status; also "no display"
EXIT_ALREADY_RUNNING = 3  # another kiosk holds the single-instance lock: starting again cannot help
EXIT_MAINTENANCE = 69  # staff quit for maintenance (staff panel or `kiosk stop`): do not restart
EXIT_RESTART = 75  # sysexits.h EX_TEMPFAIL: a planned restart (daily restart): restart at once


# The supervisor gives the kiosk a file to touch from its event loop, and how often.
HEARTBEAT_ENV = "KIOSK_HEARTBEAT"
HEARTBEAT_MS_ENV = "KIOSK_HEARTBEAT_MS"
STOP_REQUEST = "stop-request.json"  # in the private runtime folder; `kiosk stop` writes it
STOP_POLL_MS = 2000  # how often a running kiosk looks for it
STOP_REQUEST_LIMIT = 4096  # bytes; `kiosk stop` writes about 80


def describe_exit(code: int) -> str:
    """An exit status (or -signal, as subprocess reports a process killed by a signal) in words."""
    import signal

    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return {
        EXIT_STOPPED: "stopped (a signal, or its window closed)",
        EXIT_USAGE: "could not start (wrong arguments, or no display)",
        EXIT_MAINTENANCE: "quit for maintenance",
        EXIT_ALREADY_RUNNING: "another kiosk is already running on this computer; not restarting (stop the other one first)",
        EXIT_RESTART: "planned restart",
    }.get(code, f"exit status {code}")


def sd_notify(message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send a systemd notification (READY=1, WATCHDOG=1, STOPPING=1, STATUS=...) if systemd asked for them."""
    env = os.environ if environ is None else environ
    address = env.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
        return True
    except OSError:
        return False


def watchdog_interval_ms(environ: Mapping[str, str] | None = None) -> int | None:
    """How often to feed systemd's watchdog (half its timeout), or None when there is none."""
    env = os.environ if environ is None else environ
    usec = env.get("WATCHDOG_USEC")
    pid = env.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        return max(500, int(usec) // 2000)
    except ValueError:
        return None


# --- the supervisor's heartbeat --------------------------------------------------------------


def heartbeat_from_env(environ: Mapping[str, str] | None = None) -> tuple[Path, int] | None:
    """The file to touch and how often (ms), when a supervisor asked for a heartbeat."""
    env = os.environ if environ is None else environ
    path, interval = env.get(HEARTBEAT_ENV), env.get(HEARTBEAT_MS_ENV, "")
    if not path or not interval.isdigit():
        return None
    return Path(path), max(100, int(interval))


def beat(path: Path) -> None:
    """One heartbeat: the file's modification time moves. No data is written, so a full disk cannot
    make a healthy kiosk look hung."""
    try:
        os.utime(path)
    except FileNotFoundError:
        with contextlib.suppress(OSError), open(path, "a"):
            pass
    except OSError:
        pass  # the supervisor will judge; the kiosk carries on


# --- a stop asked for by `kiosk stop` ---------------------------------------------------------


def request_stop(runtime: Path, by: str) -> Path:
    """Ask the running kiosk to quit for maintenance: a small file in its private runtime folder."""
    path = runtime / STOP_REQUEST
    write_atomic(path, json.dumps({"by": by, "pid": os.getpid(), "at": time.time()}).encode())
    return path


def take_stop_request(runtime: Path) -> str | None:
    """Who asked, when a stop request is there (and remove it); None when none is. It is read through
    kiosk.core.files: a FIFO, a device, a link out of the folder or junk put there is removed unread
    (still a request: only this user can write the folder). Something that cannot be removed (a folder)
    is no request: it would stop every kiosk started after it."""
    path = runtime / STOP_REQUEST
    if not os.path.lexists(path):
        return None
    by = "a stop request"
    try:
        data = read_json(path, STOP_REQUEST_LIMIT, within=runtime)
    except OSError:
        data = None
    if isinstance(data, dict):
        who, pid = data.get("by", "a command"), data.get("pid")
        by = f"{' '.join(str(who).split())[:120]} (pid {pid if isinstance(pid, int) and not isinstance(pid, bool) else '?'})"
    try:
        path.unlink()
    except OSError:
        return None
    return by


def next_daily_restart(now: datetime, at: str) -> datetime | None:
    """The next time `at` ("HH:MM", local) comes round after `now`; None when `at` is empty."""
    if not at:
        return None
    hours, minutes = (int(part) for part in at.split(":"))
    candidate = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)
