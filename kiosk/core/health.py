"""What staff see under 'health': uptime, memory, recent errors. Qt-free; no state of its own at module level."""

from __future__ import annotations

import logging
import re
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


def rss_mb() -> float:
    """Resident memory now (Linux /proc), or the peak where that is all the platform tells."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:  # Windows without /proc: not measured
        return 0.0


# An absolute path (C:\..., \\server\..., /...), starting a word: a relative one such as
# photos/qixia-lake/01.jpg says where in the content folder to look and stays whole.
_PATH = re.compile(r"(?<![^\s'\"(])(?:[A-Za-z]:)?[\\/]{1,2}(?:[^\s\\/:'\"]+[\\/])+([^\s\\/:'\"]+)")


def brief(message: str, limit: int = 100) -> str:
    """A log message as it fits a line of the staff panel: paths down to their file name (the log
    keeps them whole), then cut at `limit` characters."""
    short = _PATH.sub(r"\1", message)
    return short if len(short) <= limit else short[: limit - 1] + "…"


@dataclass(frozen=True)
class RecentError:
    when: float
    level: str
    message: str

    @property
    def brief(self) -> str:
        return brief(self.message)


class RecentErrors(logging.Handler):
    """Keeps the last warnings and errors for the staff panel (bounded: a flood cannot fill memory)."""

    def __init__(self, capacity: int = 20) -> None:
        super().__init__(level=logging.WARNING)
        self.records: deque[RecentError] = deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not break the kiosk
            message = str(record.msg)
        self.records.append(RecentError(record.created, record.levelname, message[:300]))


class Health:
    """What staff see under 'health' for one running kiosk: uptime on the injected clock, the recent
    warnings and errors (once `install`ed on a logger), and what went wrong at start-up but was
    survived (a missing translation, content that fell back to the bundled one)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, capacity: int = 20) -> None:
        self._clock = clock
        self.started = clock()
        self.recent = RecentErrors(capacity)
        self.notes: list[str] = []
        self._logger: logging.Logger | None = None

    def install(self, logger: logging.Logger | None = None) -> None:
        """Collect warnings and errors logged under `logger` (the root logger by default)."""
        self.uninstall()
        self._logger = logger or logging.getLogger()
        self._logger.addHandler(self.recent)

    def uninstall(self) -> None:
        if self._logger is not None:
            self._logger.removeHandler(self.recent)
            self._logger = None

    def uptime_text(self) -> str:
        seconds = int(self._clock() - self.started)
        hours, rest = divmod(seconds, 3600)
        return f"{hours}h {rest // 60:02d}m {rest % 60:02d}s"

    def latest(self, count: int) -> list[RecentError]:
        return list(self.recent.records)[-count:] if count > 0 else []


def stabilise_malloc() -> bool:
    """glibc raises its mmap threshold after big blocks are freed, so later photo-sized buffers come
    from the heap and fragment it: RSS then wanders by tens of MB over hours. A fixed 1 MB threshold
    keeps big buffers in mmap, returned to the system when freed. Linux/glibc only; harmless elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_mmap_threshold = -3
        return bool(libc.mallopt(m_mmap_threshold, 1024 * 1024))
    except (OSError, AttributeError):
        return False
