"""tools/make_artwork.py, the bundled illustrations' source: the same bytes on every run, and exactly the
files the dataset's albums show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

from kiosk import resources

TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_artwork.py"


def _make(out: Path, width: int = 160) -> dict[str, bytes]:
    subprocess.run([sys.executable, str(TOOL), "--out", str(out), "--width", str(width)], check=True, capture_output=True, timeout=120)
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*.jpg"))}


def test_the_artwork_is_the_same_on_every_run(tmp_path: Path) -> None:
    first, second = _make(tmp_path / "first"), _make(tmp_path / "second")
    assert first and first == second


def test_it_makes_every_illustration_the_albums_show_and_no_other(tmp_path: Path) -> None:
    made = _make(tmp_path / "art")
    data = json.loads((resources.bundled_content_dir() / "content.json").read_text(encoding="utf-8"))
    illustrations = {
        photo["file"].removeprefix("photos/") for album in data["albums"] for photo in album["photos"] if photo["illustration"]
    }
    assert set(made) == illustrations
    with Image.open(tmp_path / "art" / sorted(made)[0]) as image:
        assert image.size == (160, 90)  # 16:9 at the width asked for


def test_the_bundled_illustrations_are_sharp_on_a_4k_screen() -> None:
    content = resources.bundled_content_dir()
    data = json.loads((content / "content.json").read_text(encoding="utf-8"))
    paths = [content / photo["file"] for album in data["albums"] for photo in album["photos"] if photo["illustration"]]
    assert paths
    for path in paths:
        with Image.open(path) as image:
            assert image.size == (3840, 2160), path.name
        assert path.stat().st_size < 1_500_000, path.name
