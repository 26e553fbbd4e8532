"""The attract loop's photo scenes, as a visitor across the hall sees them: each album under the pillar
it belongs to, artwork tagged 示意图 / Illustration (real photos not), and the words legible over any
picture."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage, QRegion
from PySide6.QtWidgets import QWidget

from kiosk import resources
from kiosk.qa.drive import wait_for_photos
from kiosk.ui.app import Kiosk
from kiosk.ui.attract.attract_view import AttractView, Scene, build_scenes
from kiosk.ui.theme import accent, contrast_ratio, palette_for
from tests.kiosks import build, shutdown

REAL = "qixia-lake"  # in this test's content copy, an exhibitor's real photos


def _busy_picture(path: Path, seed: int) -> None:
    """The worst a light text can get: small blocks of near-white and bright colours."""
    rng = random.Random(seed)
    small = Image.new("RGB", (96, 54))
    small.putdata([rng.choice([(255, 255, 255), (250, 250, 200), (255, 236, 120), (200, 240, 255)]) for _ in range(96 * 54)])
    small.resize((1920, 1080), Image.Resampling.NEAREST).save(path, "JPEG", quality=92)


@pytest.fixture(scope="module")
def attract_kiosk(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    home = tmp_path_factory.mktemp("attract")
    content = home / "content"
    shutil.copytree(resources.bundled_content_dir(), content)
    data = json.loads((content / "content.json").read_text(encoding="utf-8"))
    for album in data["albums"]:
        for number, photo in enumerate(album["photos"]):
            if album["id"] == REAL:
                photo["illustration"] = False
                photo.pop("credit", None)
            _busy_picture(content / photo["file"], number)
    (content / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kiosk = build(home / "own", content_dir=content, reduced_motion=True)  # still: no pan or pulse to wait for
    kiosk.session.start_attract_now()
    yield kiosk
    kiosk.session.attract.stop()
    shutdown(kiosk)


def _photo_scenes(kiosk: Kiosk, album_id: str) -> list[Scene]:
    album = kiosk.content.dataset.album(album_id)
    return [s for s in build_scenes(kiosk.content.dataset) if s.photo is not None and s.photo in album.photos]


def _show(kiosk: Kiosk, scene: Scene, lang: str) -> AttractView:
    attract = kiosk.session.attract
    attract.show_scene(scene, lang)
    wait_for_photos(kiosk.loader)
    assert kiosk.loader.cached(kiosk.content.folder / scene.photo.file, attract._photo_size()) is not None  # type: ignore[union-attr]
    return attract


def test_each_album_is_labelled_by_its_pillar_and_shown_once(attract_kiosk: Kiosk) -> None:
    dataset = attract_kiosk.content.dataset
    scenes = build_scenes(dataset)
    photos = [s.photo for s in scenes if s.photo is not None]
    assert len(photos) == len(set(photos)) == sum(len(a.photos) for a in dataset.albums)
    dolphin = _photo_scenes(attract_kiosk, "dolphin-park")
    assert dolphin and {s.page.id for s in dolphin} == {"livelihood"}  # the overview borrows it; it belongs to 强民生
    attract = _show(attract_kiosk, dolphin[0], "zh")
    assert attract.title_label.text() == "强民生"
    attract = _show(attract_kiosk, dolphin[0], "en")
    assert attract.title_label.text() == "Better Livelihoods"
    for album_id, pillar in (("heavy-ion-base", "industry"), ("talent-festival", "innovation"), (REAL, "ecology")):
        assert {s.page.id for s in _photo_scenes(attract_kiosk, album_id)} == {pillar}


def test_illustrations_carry_the_tag_and_real_photos_do_not(attract_kiosk: Kiosk) -> None:
    art = _photo_scenes(attract_kiosk, "talent-festival")[0]
    attract = _show(attract_kiosk, art, "zh")
    assert attract.tag_label.isVisibleTo(attract) and attract.tag_label.text() == "示意图"
    assert attract.caption_label.text() == art.photo.caption.in_language("zh")  # type: ignore[union-attr]
    attract = _show(attract_kiosk, art, "en")
    assert attract.tag_label.isVisibleTo(attract) and attract.tag_label.text() == "Illustration"
    assert attract.call_label.text() == "Touch to explore"  # the call speaks the scene's language
    attract = _show(attract_kiosk, art, "zh")
    assert attract.call_label.text() == "触摸屏幕 开始探索"
    attract = _show(attract_kiosk, _photo_scenes(attract_kiosk, REAL)[0], "zh")
    assert not attract.tag_label.isVisibleTo(attract)
    figure = next(s for s in build_scenes(attract_kiosk.content.dataset) if s.indicator is not None)
    attract.show_scene(figure, "zh")
    assert not attract.tag_label.isVisibleTo(attract)


def _background(attract: AttractView) -> QImage:
    """What the loop paints under its words: the view alone, without the labels on it."""
    image = QImage(attract.size(), QImage.Format.Format_RGB32)
    attract.render(image, QPoint(), QRegion(attract.rect()), QWidget.RenderFlag.DrawWindowBackground)
    return image


def _brightest(image: QImage, rect: QRect) -> str:
    best = QColor(0, 0, 0)
    for y in range(rect.top(), rect.bottom() + 1, 3):
        for x in range(rect.left(), rect.right() + 1, 3):
            colour = image.pixelColor(x, y)
            if colour.lightness() > best.lightness():
                best = colour
    return best.name()


@pytest.mark.parametrize("album_id", ["dolphin-park", REAL])
def test_the_words_stay_legible_over_a_bright_busy_picture(attract_kiosk: Kiosk, album_id: str) -> None:
    scene = _photo_scenes(attract_kiosk, album_id)[0]
    attract = _show(attract_kiosk, scene, "en")
    colours = palette_for(attract_kiosk.settings["theme"])
    image = _background(attract)
    words = {
        "title": (attract.title_label.geometry(), accent(scene.page_index, colours)),
        "caption": (attract.caption_label.geometry(), colours.text),
        "call": (attract.call_box.geometry(), colours.gold),
    }
    for name, (rect, colour) in words.items():
        assert rect.isValid() and image.rect().contains(rect), name
        ratio = contrast_ratio(colour, _brightest(image, rect))
        assert ratio >= 4.5, f"{name}: contrast {ratio:.2f} over the picture"
    top = QRect(0, 0, image.width(), image.height() // 3)
    assert QColor(_brightest(image, top)).lightness() > 200  # above the words, the picture stays a picture
