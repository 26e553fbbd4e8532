"""The bundled fonts promise that Chinese renders on a machine with no Chinese fonts: both files load
as the Kiosk Sans family, and whatever is missing, unreadable or of another family is named (and
logged) instead of failing silently. `missing_characters` says which characters the font cannot draw."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import resources
from kiosk.ui.fonts import FONT_FILES, load_bundled_fonts, missing_characters
from kiosk.ui.theme import FONT_FAMILY

OTHER_FAMILY = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")  # a font the system has already


def test_the_bundled_fonts_load_as_the_kiosk_family(qapp: QApplication) -> None:
    assert load_bundled_fonts(resources.fonts_dir()) == []


@pytest.mark.logs("missing or unreadable")
def test_a_folder_without_the_fonts_names_each_missing_file(qapp: QApplication, tmp_path: Path) -> None:
    problems = load_bundled_fonts(tmp_path)
    assert len(problems) == len(FONT_FILES) == 2
    for name, problem in zip(FONT_FILES, problems, strict=True):
        assert str(tmp_path / name) in problem
        assert "Chinese may show as empty boxes" in problem


def test_a_file_that_is_not_a_font_is_named_and_logged(qapp: QApplication, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shutil.copy(resources.fonts_dir() / FONT_FILES[0], tmp_path / FONT_FILES[0])
    (tmp_path / FONT_FILES[1]).write_bytes(b"not a font at all" * 20)
    problems = load_bundled_fonts(tmp_path)
    assert problems == [f"font {tmp_path / FONT_FILES[1]} missing or unreadable: Chinese may show as empty boxes"]
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == problems


@pytest.mark.logs("is not the")
def test_a_font_of_another_family_is_named(qapp: QApplication, tmp_path: Path) -> None:
    if not OTHER_FAMILY.is_file():
        pytest.skip(f"needs {OTHER_FAMILY}")
    shutil.copy(resources.fonts_dir() / FONT_FILES[0], tmp_path / FONT_FILES[0])
    shutil.copy(OTHER_FAMILY, tmp_path / FONT_FILES[1])
    assert load_bundled_fonts(tmp_path) == [f"font {tmp_path / FONT_FILES[1]} is not the '{FONT_FAMILY}' family"]


def test_text_of_the_content_has_no_missing_characters(qapp: QApplication) -> None:
    assert missing_characters("新能源电池材料之谷 CNY 85 billion 850亿元 36%", resources.fonts_dir()) == ""


def test_characters_the_font_lacks_are_listed_once_in_order_and_spaces_are_ignored(qapp: QApplication) -> None:
    # The subset holds the content's characters; these ancient or symbol ones are not in it.
    assert missing_characters("龘 中 龘\n☃\u3000", resources.fonts_dir()) == "☃龘"  # the font has no glyph for \n or \u3000


def test_without_a_font_every_character_but_spaces_is_missing(qapp: QApplication, tmp_path: Path) -> None:
    assert missing_characters("b a\n中 a", tmp_path) == "ab中"


def test_the_character_map_read_without_qt_agrees_with_qt_for_every_character(qapp: QApplication) -> None:
    """Content is judged by kiosk/core/content/glyphs.py (no Qt, so in `kiosk check` and the USB threads
    alike); what it says a font lacks must be what Qt draws as an empty box."""
    from PySide6.QtGui import QRawFont

    from kiosk.core.content.glyphs import FontCoverage

    for name in FONT_FILES:
        path = resources.fonts_dir() / name
        raw = QRawFont(str(path), 32)
        coverage = FontCoverage.from_file(path)
        drawn = {c for c in range(0x30000) if not (0xD800 <= c <= 0xDFFF) and not chr(c).isspace() and raw.supportsCharacter(c)}
        assert drawn == {c for c in coverage.code_points if not chr(c).isspace()}, name
