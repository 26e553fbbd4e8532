"""`kiosk --supervise`: for PCs without a service manager. Starts the kiosk, and when it dies starts it
again with back-off (1 s, 2 s, ... 60 s; back to 1 s after five stable minutes), logging why it died.
A deliberate quit (exit 0, "quit for maintenance") ends supervision, and so does exit 3 (another kiosk
is already running: a restart would find it again, forever); a planned restart (75) restarts at once.
No Qt here: the supervisor must survive whatever kills the kiosk."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from kiosk.core.service import EXIT_ALREADY_RUNNING, EXIT_QUIT, EXIT_RESTART, RestartPolicy

log = logging.getLogger("kiosk.supervisor")


def kiosk_command(args: list[str]) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]  # the bundle's own executable
    return [sys.executable, "-m", "kiosk", *args]


def describe(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return {
        EXIT_QUIT: "quit for maintenance",
        EXIT_ALREADY_RUNNING: "another kiosk is already running on this computer; not restarting (stop the other one first)",
        EXIT_RESTART: "planned restart",
    }.get(code, f"exit status {code}")


def supervise(
    command: list[str],
    *,
    run: Callable[[list[str]], int] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    max_starts: int | None = None,
) -> int:
    policy = RestartPolicy()
    children: list[subprocess.Popen[bytes]] = []

    def default_run(cmd: list[str]) -> int:
        child = subprocess.Popen(cmd)
        children.append(child)
        try:
            return child.wait()
        finally:
            children.remove(child)

    def stop(signum: int, _frame: object) -> None:
        log.info("supervisor stopping (%s)", signal.Signals(signum).name)
        for child in children:
            child.terminate()
        raise SystemExit(0)

    if run is None:
        run = default_run
        signal.signal(signal.SIGTERM, stop)
    starts = 0
    while max_starts is None or starts < max_starts:
        starts += 1
        started = clock()
        log.info("starting the kiosk (start %d): %s", starts, " ".join(command))
        code = run(command)
        ran = clock() - started
        delay = policy.delay_after(code, ran)
        if code and code != EXIT_RESTART:
            log.warning("kiosk ended after %.0f s: %s", ran, describe(code))
        else:
            log.info("kiosk ended: %s", describe(code))
        if delay is None:
            return code
        if delay:
            log.info("restarting in %.0f s", delay)
            sleep(delay)
    return 1
