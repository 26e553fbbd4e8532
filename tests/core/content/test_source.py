"""Which content is shown when the folder asked for cannot be followed at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import resources
from kiosk.core.content.glyphs import FontCoverage
from kiosk.core.content.source import ContentSource, ContentState
from tests.hostile import kinds, make_hostile
from tests.tofu import TOFU, tofu_folder, tofu_path

GLYPHS = FontCoverage.from_file(resources.fonts_dir() / "KioskSans-Regular.otf")


@pytest.mark.parametrize("kind", kinds())
def test_a_content_folder_that_is_not_a_folder_shows_the_bundled_content_and_says_why(tmp_path: Path, kind: str) -> None:
    """A loop of links as the `content` setting raised RuntimeError at every start (a crash loop)."""
    folder = tmp_path / "content"
    make_hostile(folder, kind)
    state = ContentSource(folder, resources.bundled_content_dir(), None).load()
    assert state.folder == resources.bundled_content_dir()
    assert state.rejected[0].startswith(f"content in {folder} has ") and "content.json" in state.rejected[1]


def test_at_start_content_the_font_cannot_draw_is_not_shown_and_why_is_said(tmp_path: Path) -> None:
    folder = tofu_folder(tmp_path / "content")
    state = ContentSource(folder, resources.bundled_content_dir(), GLYPHS).load()
    assert state.folder == resources.bundled_content_dir()
    assert state.rejected[0] == f"content in {folder} has 1 problem(s); showing the bundled content"
    assert state.rejected[1].startswith(f"{tofu_path()}: ") and TOFU in state.rejected[1]


def test_a_reload_keeps_the_last_good_content_when_the_font_cannot_draw_the_new(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    source = ContentSource(tofu_folder(folder), resources.bundled_content_dir(), GLYPHS)
    (folder / "content.json").write_text((resources.bundled_content_dir() / "content.json").read_text(encoding="utf-8"), encoding="utf-8")
    good = source.load()
    assert good.folder == folder and not good.rejected
    tofu_folder(tmp_path / "other")
    (folder / "content.json").write_text((tmp_path / "other" / "content.json").read_text(encoding="utf-8"), encoding="utf-8")
    state, problems = source.reload(good)
    assert state is good and len(problems) == 1 and TOFU in problems[0]
    assert isinstance(state, ContentState)
