"""Which content is shown when the folder asked for cannot be followed at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import resources
from kiosk.core.content.source import ContentSource
from tests.hostile import kinds, make_hostile


@pytest.mark.parametrize("kind", kinds())
def test_a_content_folder_that_is_not_a_folder_shows_the_bundled_content_and_says_why(tmp_path: Path, kind: str) -> None:
    """A loop of links as the `content` setting raised RuntimeError at every start (a crash loop)."""
    folder = tmp_path / "content"
    make_hostile(folder, kind)
    state = ContentSource(folder, resources.bundled_content_dir()).load()
    assert state.folder == resources.bundled_content_dir()
    assert state.rejected[0].startswith(f"content in {folder} has ") and "content.json" in state.rejected[1]
