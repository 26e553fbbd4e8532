"""The carousel's photo loader and hostile files: each kind comes back as `failed` with its reason in
words, the worker threads never hang on a FIFO, and a good photo beside it is still shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from kiosk.ui.photos.photo_loader import PhotoLoader
from tests.hostile import PHOTO_REASONS as REASONS
from tests.hostile import kinds, make_hostile


@pytest.mark.logs("cannot be shown")
@pytest.mark.timeout(120)
def test_each_hostile_kind_fails_with_its_reason(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "content"
    (folder / "photos").mkdir(parents=True)
    good = folder / "photos" / "good.jpg"
    Image.new("RGB", (1280, 960), (30, 160, 60)).save(good, "JPEG")
    loader = PhotoLoader(tmp_path / "cache")
    try:
        for kind in kinds():
            bad = folder / "photos" / f"{kind}.jpg"
            make_hostile(bad, kind)
            with qtbot.waitSignal(loader.failed, timeout=30_000) as failed:
                key = loader.request(bad, (640, 360), within=folder)
            assert failed.args == [key, f"{kind}.jpg: {REASONS[kind]}"]
        with qtbot.waitSignal(loader.ready, timeout=30_000) as ready:
            loader.request(good, (640, 360), within=folder)
        assert ready.args is not None and (ready.args[1].width(), ready.args[1].height()) == (640, 360)
        assert sorted(loader.failed_files()) == sorted(f"{kind}.jpg: {REASONS[kind]}" for kind in kinds())
    finally:
        loader.shutdown()
