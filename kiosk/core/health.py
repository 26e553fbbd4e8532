"""What staff see under 'health': uptime, memory, recent errors. Qt-free."""

from __future__ import annotations

import logging
import sys
import time
from collections import deque
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


@dataclass(frozen=True)
class RecentError:
    when: float
    level: str
    message: str


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


_recent = RecentErrors()


def recent_errors() -> RecentErrors:
    """The one handler, installed on the root logger by `install_recent_errors`."""
    return _recent


def install_recent_errors() -> None:
    root = logging.getLogger()
    if _recent not in root.handlers:
        root.addHandler(_recent)


STARTED = time.monotonic()


def uptime_text(now: float | None = None) -> str:
    seconds = int((time.monotonic() if now is None else now) - STARTED)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h {rest // 60:02d}m {rest % 60:02d}s"


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
