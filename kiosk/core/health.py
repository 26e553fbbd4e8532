"""What staff see under 'health': uptime, memory, recent errors. Qt-free; no state of its own at module level."""

from __future__ import annotations

import logging
import re
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.settings import QT_TRANSLATE_NOOP


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


HEALTH = "Health"  # the translation context of what staff read under 'health'


def named_files(message: str) -> list[str]:
    """The file names a log message mentions by absolute path, each once: what staff may be asked
    about (the words around them are the log's, in English)."""
    return list(dict.fromkeys(_PATH.findall(message)))


@dataclass(frozen=True)
class StaffNote:
    """What a logged warning or error means to staff, as a sentence in their language: `text` is the
    English source (marked with QT_TRANSLATE_NOOP in context HEALTH) with {named} fields, and the UI
    shows QCoreApplication.translate(HEALTH, text).format(**fields). The log keeps the record whole."""

    text: str
    fields: tuple[tuple[str, object], ...] = ()

    def format(self, translated: str) -> str:
        return translated.format(**dict(self.fields))


def staff_says(text: str, **fields: object) -> dict[str, StaffNote]:
    """`extra=` for a log call staff should read as this sentence: log.warning("wrong staff PIN (%d tries
    left)", n, extra=staff_says(QT_TRANSLATE_NOOP("Health", "Wrong staff PIN: {left} tries left"), left=n))."""
    return {"staff_note": StaffNote(text, tuple(fields.items()))}


# A record logged without a sentence for staff: one by the part of the kiosk that logged it, which
# says where to look; the log has the details (and the first match wins: the longest names first).
_AREAS: tuple[tuple[str, str], ...] = (
    ("kiosk.ui.staff.pin_pad", QT_TRANSLATE_NOOP("Health", "A problem with the staff PIN (details in the log)")),
    ("kiosk.ui.staff.content_panel", QT_TRANSLATE_NOOP("Health", "Content from USB was not installed (details in the log)")),
    ("kiosk.ui.staff.install_job", QT_TRANSLATE_NOOP("Health", "Content from USB was not installed (details in the log)")),
    ("kiosk.ui.insight_recorder", QT_TRANSLATE_NOOP("Health", "Visitor insight could not be recorded (details in the log)")),
    ("kiosk.ui.opening_hours", QT_TRANSLATE_NOOP("Health", "The opening hours set by staff could not be kept (details in the log)")),
    ("kiosk.ui.fonts", QT_TRANSLATE_NOOP("Health", "A font could not be loaded (details in the log)")),
    ("kiosk.ui.language", QT_TRANSLATE_NOOP("Health", "A translation could not be loaded (details in the log)")),
    ("kiosk.ui.photos", QT_TRANSLATE_NOOP("Health", "A photo could not be shown (details in the log)")),
    ("kiosk.core.photos", QT_TRANSLATE_NOOP("Health", "A photo could not be shown (details in the log)")),
    ("kiosk.core.content", QT_TRANSLATE_NOOP("Health", "A problem with the content (details in the log)")),
    ("kiosk.ui.live", QT_TRANSLATE_NOOP("Health", "A problem with the content (details in the log)")),
    ("kiosk.core.commands", QT_TRANSLATE_NOOP("Health", "A system command did not work (details in the log)")),
)
SOMETHING = QT_TRANSLATE_NOOP("Health", "A problem was written to the log")


def staff_note_for(record: logging.LogRecord) -> StaffNote:
    """The sentence the record carries for staff, or the one for the part of the kiosk that logged it."""
    note = getattr(record, "staff_note", None)
    if isinstance(note, StaffNote):
        return note
    for prefix, text in _AREAS:
        if record.name == prefix or record.name.startswith(prefix + "."):
            return StaffNote(text)
    return StaffNote(SOMETHING)


@dataclass(frozen=True)
class RecentError:
    when: float  # wall-clock seconds (the log record's)
    level: str
    message: str  # the log's words, in English: for matching and the log, not for staff
    note: StaffNote  # what staff read

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
        self.records.append(RecentError(record.created, record.levelname, message[:300], staff_note_for(record)))


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

    def uptime(self) -> tuple[int, int]:
        """Whole hours and minutes running (the UI words them in the staff's language)."""
        minutes = int(self._clock() - self.started) // 60
        hours, rest = divmod(minutes, 60)
        return hours, rest

    def latest(self, count: int) -> list[RecentError]:
        return list(self.recent.records)[-count:] if count > 0 else []

    def latest_new(self, count: int) -> list[RecentError]:
        """The newest `count` warnings and errors that are not the start-up notes again (those are
        logged too, and staff read them once, counted)."""
        at_start = {brief(note) for note in self.notes}
        return [e for e in self.latest(count + len(at_start)) if e.brief not in at_start][-count:] if count > 0 else []


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
