"""Font coverage is part of judging content: the loader, given what the kiosk's font lacks, names each
text holding such characters (which ones, where, what to do); the character map is read without Qt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.content.glyphs import FontCoverage, glyph_problems, read_cmap
from tests.tofu import TOFU, TOFU_CAPTION, tofu_folder, tofu_path

FONT = resources.fonts_dir() / "KioskSans-Regular.otf"


def test_the_bundled_font_is_read_without_qt() -> None:
    coverage = FontCoverage.from_file(FONT)
    assert coverage("兰州新区 CNY 85 billion 850亿元 36% “”") == ""
    assert coverage(f"{TOFU} 中 🌸\n\u3000") == "龘🌸"  # spaces are never missing


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.otf").write_bytes(b"OTTO" + b"\0" * 40)
    with pytest.raises(ValueError, match="character map"):
        FontCoverage.from_file(tmp_path / "x.otf")
    with pytest.raises(ValueError):
        read_cmap(b"")


def test_a_caption_the_font_cannot_draw_is_a_problem_with_its_path_characters_and_advice(tmp_path: Path) -> None:
    folder = tofu_folder(tmp_path / "content")
    assert load_content(folder).ok  # without a font to judge by, it is not judged
    result = load_content(folder, FontCoverage.from_file(FONT))
    assert not result.ok and [str(p) for p in result.problems] == [
        f"{tofu_path()}: '{TOFU_CAPTION}' has {TOFU} (U+9F98), which the kiosk's font cannot draw (it would show as an empty box): "
        "write it with other characters, or have the kiosk's font extended (kiosk check says how)"
    ]


def test_the_words_of_a_locale_file_are_judged_too(tmp_path: Path) -> None:
    folder = tofu_folder(tmp_path / "content")
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    data["albums"][0]["photos"][0]["caption"]["zh"] = "栖霞湖"
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    locale = json.loads((folder / "locales" / "zh.json").read_text(encoding="utf-8"))
    locale["words"]["closed"] = "🌸 闭馆"
    (folder / "locales" / "zh.json").write_text(json.dumps(locale, ensure_ascii=False), encoding="utf-8")
    problems = [str(p) for p in load_content(folder, FontCoverage.from_file(FONT)).problems]
    assert len(problems) == 1 and problems[0].startswith("locales/zh.json: words.closed: '🌸 闭馆' has 🌸 (U+1F338), which")


def test_photo_file_names_are_not_judged() -> None:
    document = {"albums": [{"photos": [{"file": "photos/龘.jpg", "caption": {"zh": "龘"}}]}]}
    problems = glyph_problems(document, FontCoverage.from_file(FONT), "content.json")
    assert [p.path for p in problems] == ["albums[0].photos[0].caption.zh"]
