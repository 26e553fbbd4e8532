"""`kiosk --supervise`: for PCs without a service manager (Windows above all). Starts the kiosk, and when
it dies, or hangs, starts it again with back-off (1 s, 2 s, ... 60 s; back to 1 s after five stable
minutes), logging why. The kiosk proves it is alive by touching a heartbeat file from its event loop; a
kiosk silent for `hang_s` (before its first beat: `start_s`) is killed and restarted. Staff quitting for
maintenance (69) ends supervision, and so does 3 (another kiosk is already running: a restart would
find it again, forever); a planned restart (75) restarts at once. SIGTERM or SIGINT to the supervisor
(any number, from its process group, systemd or kill) is passed on to the kiosk, and the supervisor
ends only once its kiosk has: an orphaned kiosk would keep the single-instance lock, and the next start
would be refused (issue 21). No Qt here: the supervisor must survive whatever kills the kiosk."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.service import (
    EXIT_ALREADY_RUNNING,
    EXIT_MAINTENANCE,
    EXIT_RESTART,
    EXIT_STOPPED,
    HEARTBEAT_ENV,
    HEARTBEAT_MS_ENV,
    describe_exit,
)

log = logging.getLogger("kiosk.supervisor")
POLL_S = 0.5  # how often the supervisor looks at its child and the heartbeat
START_S = 90.0  # a kiosk's first beat may take this long (a cold start on a slow disk, fonts, content)
DUMP_WAIT_S = 1.0  # after asking a hung kiosk for its stack (POSIX: SIGUSR1 -> crash.log), before the kill
# A kiosk asked to stop ends within lifecycle.HARD_EXIT_S (10 s) at worst, by itself, or 5 s later by
# faulthandler's backstop; one still there after STOP_S is killed. Inside systemd's TimeoutStopSec (20 s
# in the shipped unit: the supervisor is not used under systemd, but the same bound holds).
STOP_S = 18.0
KILL_WAIT_S = 5.0  # for a killed kiosk to be gone (SIGKILL is not instant for a process in the kernel)


def kiosk_command(args: list[str]) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]  # the bundle's own executable
    return [sys.executable, "-m", "kiosk", *args]


@dataclass
class HangWatch:
    """The supervisor's side: a kiosk whose heartbeat file has not changed for `timeout_s` (or, before
    its first beat, `start_s`, as long as start-up may take) is hung. Judged on the supervisor's
    monotonic clock and on any change of the file's time, so a wall-clock step cannot fake a hang."""

    path: Path
    timeout_s: float
    start_s: float
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._since = self.clock()
        self._seen = self._stamp()
        self.beats = 0

    def _stamp(self) -> int | None:
        try:
            return os.stat(self.path).st_mtime_ns
        except OSError:
            return None

    def silent_for(self) -> float | None:
        """Seconds without a beat when that is too long, else None."""
        now, stamp = self.clock(), self._stamp()
        if stamp != self._seen:
            self._seen, self._since = stamp, now
            self.beats += 1
            return None
        limit = self.timeout_s if self.beats else max(self.start_s, self.timeout_s)
        silent = now - self._since
        return silent if silent >= limit else None


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
        """Seconds to wait before restarting, or None to stop (staff quit for maintenance, or another
        kiosk already running: restarting would only find it again, forever). Anything else, a clean
        stop by a signal from elsewhere included, restarts: a hall kiosk stays up."""
        if exit_code in (EXIT_MAINTENANCE, EXIT_ALREADY_RUNNING):
            return None
        if exit_code == EXIT_RESTART:
            self._next = self.first_s
            return 0.0
        if ran_for_s >= self.stable_s:
            self._next = self.first_s
        delay = self._next
        self._next = min(self.max_s, self._next * 2)
        return delay


@dataclass(frozen=True)
class Watch:
    """How the supervisor judges a hang: `hang_s` without a heartbeat (the `hang_restart_s` setting)."""

    hang_s: float = 30.0
    start_s: float = START_S
    heartbeat_folder: Path | None = None  # None: the system's temporary folder

    @property
    def beat_ms(self) -> int:
        """Six beats in every hang time: one late beat on a busy machine is never a hang."""
        return max(100, round(self.hang_s * 1000 / 6))


@dataclass
class StopRequest:
    """SIGTERM or SIGINT to the supervisor. The handler only notes the first (and when): the loop that
    watches the kiosk passes it on and waits, so nothing is raised in the middle of starting a kiosk
    (the kiosk of the old handler, started as it raised, ran on as an orphan holding the lock)."""

    clock: Callable[[], float] = time.monotonic
    received: int | None = None
    at: float = 0.0
    count: int = field(default=0)

    def note(self, signum: int, _frame: object = None) -> None:
        self.count += 1
        if self.received is None:
            self.received, self.at = signum, self.clock()

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopRequest]:
        """The handlers for SIGTERM and SIGINT while the supervisor runs; the previous ones after, unless
        it was stopped: then they are ignored, since one more while the process ends is the same stop,
        not a kill (Python puts back the default action of a signal it handled as it finalizes)."""
        previous = {signum: signal.signal(signum, self.note) for signum in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler if self.received is None else signal.SIG_IGN)

    def words(self) -> str:
        name = signal.Signals(self.received).name if self.received is not None else "nothing"
        return name if self.count < 2 else f"{name}, {self.count} stop signals in all"


def run_watched(
    command: list[str],
    watch: Watch,
    *,
    clock: Callable[[], float] = time.monotonic,
    stop: StopRequest | None = None,
) -> int:
    """Run the kiosk once; kill it when its heartbeat stops; when `stop` is asked for, pass it on and
    wait for the kiosk (at most STOP_S, then kill it). Returns its exit status (negative: the signal
    that killed it, as subprocess reports it)."""
    fd, name = tempfile.mkstemp(prefix="kiosk-heartbeat-", dir=watch.heartbeat_folder)
    os.close(fd)
    heartbeat = Path(name)
    env = {**os.environ, HEARTBEAT_ENV: str(heartbeat), HEARTBEAT_MS_ENV: str(watch.beat_ms)}
    try:
        child = subprocess.Popen(command, env=env)
        log.info("kiosk started (pid %d); restarted when silent for %.0f s", child.pid, watch.hang_s)
        hang = HangWatch(heartbeat, watch.hang_s, watch.start_s, clock)
        told = False
        while True:
            if stop is not None and stop.received is not None:
                if not told:  # also when it came while the kiosk was being started
                    log.info("supervisor stopping (%s): asking the kiosk (pid %d) to stop", stop.words(), child.pid)
                    _ask_to_stop(child)
                    told = True
                if clock() - stop.at >= STOP_S:
                    log.error("kiosk (pid %d) still running %.0f s after it was asked to stop; killing it", child.pid, STOP_S)
                    _kill_hung(child, None)
                    return _reaped(child)
            try:
                return child.wait(POLL_S)
            except subprocess.TimeoutExpired:
                pass
            silent = None if told else hang.silent_for()
            if silent is not None:
                _kill_hung(child, silent)
                return _reaped(child)
    finally:
        with contextlib.suppress(OSError):
            heartbeat.unlink()


def _ask_to_stop(child: subprocess.Popen[bytes]) -> None:
    """SIGTERM: the kiosk stops as for systemd (a duplicate of its process group's own changes nothing).
    Windows has no such signal: TerminateProcess."""
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            child.terminate()
        else:
            child.send_signal(signal.SIGTERM)


def _reaped(child: subprocess.Popen[bytes]) -> int:
    try:
        return child.wait(KILL_WAIT_S)
    except subprocess.TimeoutExpired:
        log.error("kiosk (pid %d) is still there %.0f s after SIGKILL (stuck in the kernel?); leaving it", child.pid, KILL_WAIT_S)
        return -9  # as subprocess would report SIGKILL


def _kill_hung(child: subprocess.Popen[bytes], silent: float | None) -> None:
    if silent is not None:
        log.error("kiosk (pid %d) has not answered for %.0f s: hung or stopped; killing it", child.pid, silent)
    if hasattr(signal, "SIGUSR1"):  # a running but stuck kiosk writes where it is stuck to crash.log first
        with contextlib.suppress(OSError):
            os.kill(child.pid, signal.SIGUSR1)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(DUMP_WAIT_S)
    if child.poll() is None:
        child.kill()  # SIGKILL (it works on a stopped process too); TerminateProcess on Windows


def supervise(
    command: list[str],
    *,
    watch: Watch | None = None,
    run: Callable[[list[str]], int] | None = None,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    max_starts: int | None = None,
    stop: StopRequest | None = None,
) -> int:
    """Start the kiosk and restart it as RestartPolicy says, until a status that ends supervision or a
    stop signal (EXIT_STOPPED, once the kiosk is gone)."""
    policy = RestartPolicy()
    watch = watch or Watch()
    stop = stop or StopRequest(clock)

    def run_once(cmd: list[str]) -> int:
        return run_watched(cmd, watch, clock=clock, stop=stop)

    def pause(seconds: float) -> None:  # cut short by a stop (a signal does not cut time.sleep short)
        end = clock() + seconds
        while stop.received is None and (left := end - clock()) > 0:
            time.sleep(min(POLL_S, left))

    run, sleep = run or run_once, sleep or pause
    with stop.installed():
        starts = 0
        while (max_starts is None or starts < max_starts) and stop.received is None:
            starts += 1
            started = clock()
            log.info("starting the kiosk (start %d): %s", starts, " ".join(command))
            code = run(command)
            ran = clock() - started
            if code and code != EXIT_RESTART and stop.received is None:
                log.warning("kiosk ended after %.0f s: %s", ran, describe_exit(code))
            else:
                log.info("kiosk ended after %.0f s: %s", ran, describe_exit(code))
            if stop.received is not None:
                break
            delay = policy.delay_after(code, ran)
            if delay is None:
                log.info("not restarting: %s", describe_exit(code))
                return code
            if delay:
                log.info("restarting in %.0f s", delay)
                sleep(delay)
        if stop.received is None:
            return 1
        log.info("supervisor stopped (%s); its kiosk is gone", stop.words())
        return EXIT_STOPPED
