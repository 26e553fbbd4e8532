"""Each way a real photo file breaks is named in words an exhibitor can act on, and `kiosk check`
(a small decode) names it exactly as the screen (a full-size decode) would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.core.photos.cache import check_photos
from kiosk.core.photos.prepare import PhotoError, prepare
from tests.core.broken_photos import BROKEN, make

VAGUE = ("not an image this kiosk reads\n", "damaged: cannot load this image", "decoder error", "cannot identify")


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_broken_photo_is_named_by_its_cause(tmp_path: Path, kind: str) -> None:
    path = make(kind, tmp_path)
    with pytest.raises(PhotoError) as raised:
        prepare(path, (1920, 1080))
    message = str(raised.value)
    assert message.startswith(f"{path.name}: ")
    assert raised.value.cause == message.removeprefix(f"{path.name}: ")

    assert re.search(BROKEN[kind][2], message), message
    assert not any(words in message + "\n" for words in VAGUE), message


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_the_check_names_what_the_screen_would(tmp_path: Path, kind: str) -> None:
    """The check decodes small (a JPEG at 1/8 of its size, every block still decoded): nothing the
    screen-size decode refuses may pass it, and the words are the same."""
    path = make(kind, tmp_path)
    with pytest.raises(PhotoError) as on_screen:
        prepare(path, (3840, 2160))
    checked = check_photos([("albums[0].photos[0]", path)], within=tmp_path)
    assert checked.problems == [("albums[0].photos[0]", str(on_screen.value))]
    assert checked.decoded == 0


def test_the_words_reach_kiosk_check_through_the_cache_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    paths = [make(kind, folder) for kind in ("cut-png", "tiff-compression-99", "zero-width-gif")]
    files = [(f"albums[0].photos[{i}]", path) for i, path in enumerate(paths)]
    cold = check_photos(files, within=folder, cache_dir=tmp_path / "cache")
    warm = check_photos(files, within=folder, cache_dir=tmp_path / "cache")
    assert warm.cached == 3 and cold.cached == 0
    assert warm.problems == cold.problems and len(cold.problems) == 3
