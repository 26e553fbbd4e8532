"""Running unattended for months: systemd notification and watchdog, the supervisor's restart policy,
and the optional daily restart. Qt-free; the event loop calls in here."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

EXIT_QUIT = 0  # staff chose "quit for maintenance": do not restart
EXIT_ALREADY_RUNNING = 3  # another kiosk holds the single-instance lock: starting again cannot help
EXIT_RESTART = 75  # a planned restart (daily restart): restart at once, no back-off


def sd_notify(message: str, environ: dict[str, str] | None = None) -> bool:
    """Send a systemd notification (READY=1, WATCHDOG=1, STATUS=...) if systemd asked for them."""
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


def watchdog_interval_ms(environ: dict[str, str] | None = None) -> int | None:
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


def next_daily_restart(now: datetime, at: str) -> datetime | None:
    """The next time `at` ("HH:MM", local) comes round after `now`; None when `at` is empty."""
    if not at:
        return None
    hours, minutes = (int(part) for part in at.split(":"))
    candidate = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


@dataclass
class RestartPolicy:
    """Back-off for the supervisor: 1, 2, 4 ... 60 s between crashes; back to 1 s after a stable run."""

    first_s: float = 1.0
    max_s: float = 60.0
    stable_s: float = 300.0
    _next: float = 1.0

    def __post_init__(self) -> None:
        self._next = self.first_s

    def delay_after(self, exit_code: int, ran_for_s: float) -> float | None:
        """Seconds to wait before restarting, or None to stop (a deliberate quit, or another kiosk
        already running: restarting would only find it again, forever)."""
        if exit_code in (EXIT_QUIT, EXIT_ALREADY_RUNNING):
            return None
        if exit_code == EXIT_RESTART:
            self._next = self.first_s
            return 0.0
        if ran_for_s >= self.stable_s:
            self._next = self.first_s
        delay = self._next
        self._next = min(self.max_s, self._next * 2)
        return delay
