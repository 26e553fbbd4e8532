"""Load the bundled CJK subset so Chinese renders on machines with no Chinese fonts, and say which
characters it lacks: the judgement of content everywhere (`kiosk check`, preview, start-up, Reload, USB
installs) holds every text to this font (kiosk/core/content/glyphs.py reads its character map)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtGui import QFontDatabase

from kiosk.core.content.glyphs import FontCoverage, MissingCharacters
from kiosk.ui.theme import FONT_FAMILY

log = logging.getLogger(__name__)
FONT_FILES = ("KioskSans-Regular.otf", "KioskSans-Bold.otf")


def load_bundled_fonts(fonts_dir: Path) -> list[str]:
    """Register the bundled fonts; returns problems (empty when all loaded)."""
    problems = []
    for name in FONT_FILES:
        path = fonts_dir / name
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
        if font_id < 0:
            problems.append(f"font {path} missing or unreadable: Chinese may show as empty boxes")
        elif FONT_FAMILY not in QFontDatabase.applicationFontFamilies(font_id):
            problems.append(f"font {path} is not the '{FONT_FAMILY}' family")
    for problem in problems:
        log.error(problem)
    return problems


def read_coverage(fonts_dir: Path) -> FontCoverage:
    """The bundled regular font's characters (the bold one is made from the same subset). Raises
    OSError or ValueError when it cannot be read: the command line then judges nothing and says so."""
    return FontCoverage.from_file(fonts_dir / FONT_FILES[0])


def font_coverage(fonts_dir: Path) -> MissingCharacters | None:
    """For the running kiosk: the characters of a text the bundled font lacks; None, logged, when the
    font cannot be read: load_bundled_fonts has named it for staff, and the kiosk still shows content
    (a hall screen with boxes for Chinese is a broken install, not a reason to show nothing)."""
    try:
        return read_coverage(fonts_dir)
    except (OSError, ValueError) as exc:
        log.error("font %s missing or unreadable (%s): content is not checked for characters it lacks", fonts_dir / FONT_FILES[0], exc)
        return None


def missing_characters(text: str, fonts_dir: Path) -> str:
    """Characters of `text` that the bundled regular font has no glyph for (all of them when it cannot
    be read)."""
    try:
        coverage = read_coverage(fonts_dir)
    except (OSError, ValueError):
        return "".join(sorted({c for c in text if not c.isspace()}))
    return coverage(text)


class CoverageOnFirstUse:
    """font_coverage, read when a text is first judged, not at start: the kiosk showing its bundled
    content (judged at build time) never needs it before the first frame, and reading the font's
    character map in Python costs 5 ms there. Thread-safe: the USB look judges sticks in threads."""

    def __init__(self, fonts_dir: Path) -> None:
        self._fonts_dir = fonts_dir
        self._lock = threading.Lock()
        self._coverage: MissingCharacters | None = None
        self._read = False

    def __call__(self, text: str) -> str:
        with self._lock:
            if not self._read:
                self._coverage = font_coverage(self._fonts_dir)
                self._read = True
        return self._coverage(text) if self._coverage is not None else ""  # an unreadable font judges nothing (logged)
