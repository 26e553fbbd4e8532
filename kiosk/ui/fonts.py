"""Load the bundled CJK subset so Chinese renders on machines with no Chinese fonts."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QRawFont

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


def missing_characters(text: str, fonts_dir: Path) -> str:
    """Characters of `text` that the bundled regular font has no glyph for."""
    raw = QRawFont(str(fonts_dir / FONT_FILES[0]), 32)
    if not raw.isValid():
        return "".join(sorted({c for c in text if not c.isspace()}))
    return "".join(sorted({c for c in text if not c.isspace() and not raw.supportsCharacter(ord(c))}))
