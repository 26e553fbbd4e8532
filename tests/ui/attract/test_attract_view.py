"""The attract loop as a visitor across the hall sees it: every scene names the exhibit and its pillar;
a figure scene shows the article's figure in every frame of its transition, never a number on its way
there; a photo scene leaves the picture to be seen (its words on a band of at most a quarter of the
height, the exhibit's name on a corner card), artwork tagged 示意图 / Illustration (real photos not), and
the words legible over any picture."""

from __future__ import annotations

import itertools
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage, QRegion, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from kiosk import resources
from kiosk.qa.drive import settle, wait_for_photos
from kiosk.qa.layout_audit import audit
from kiosk.ui.app import Kiosk
from kiosk.ui.attract.attract_view import BAND_SHARE, FADE_MS, AttractView, Scene, build_scenes
from kiosk.ui.theme import accent, contrast_ratio, palette_for, scale_for
from kiosk.ui.widgets.fit_label import FitLabel
from tests.kiosks import build, shutdown

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920)]

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
    in_view = attract.words.geometry().topLeft()
    words = {
        "pillar": (attract.title_label.geometry().translated(in_view), accent(scene.page_index, colours)),
        "caption": (attract.caption_label.geometry().translated(in_view), colours.text),
        "call": (attract.call_box.geometry(), colours.gold),
        "place": (attract.place_label.geometry(), colours.text),
        "occasion": (attract.occasion_label.geometry(), colours.gold),
    }
    for name, (rect, colour) in words.items():
        assert rect.isValid() and image.rect().contains(rect), name
        ratio = contrast_ratio(colour, _brightest(image, rect))
        assert ratio >= 4.5, f"{name}: contrast {ratio:.2f} over the picture"
    top = QRect(0, 0, image.width(), image.height() // 3)
    assert QColor(_brightest(image, top)).lightness() > 200  # above the words, the picture stays a picture


def _shown_texts(attract: AttractView) -> list[str]:
    """Every text the loop shows now."""
    widgets = [w for w in attract.findChildren(QWidget) if isinstance(w, (QLabel, FitLabel))]
    return sorted(w.text() for w in widgets if w.isVisibleTo(attract) and w.text())


@pytest.fixture
def moving(attract_kiosk: Kiosk) -> Iterator[AttractView]:
    """The loop with motion on (its words fade in), put back still afterwards."""
    attract_kiosk.settings.change("reduced_motion", False, save=False)
    try:
        yield attract_kiosk.session.attract
    finally:
        attract_kiosk.settings.change("reduced_motion", True, save=False)
        attract_kiosk.session.attract.pan.stop()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_frame_of_a_figure_scene_shows_the_articles_figure(attract_kiosk: Kiosk, moving: AttractView, lang: str) -> None:
    """The words fade in; the figure in them is the article's from the first frame to the last (no
    count-up caught on its way: "191多家" for 200多家, "846亿元" for 850亿元, "14万" for 15万)."""
    attract, dataset, formatter = moving, attract_kiosk.content.dataset, attract_kiosk.content.formatter
    figures = [s for s in build_scenes(dataset) if s.indicator is not None]
    samples = [0, 1, 16, 50, 120, 250, FADE_MS // 2, FADE_MS - 1, FADE_MS]
    faded = set()
    for scene in figures:
        assert scene.indicator is not None
        figure = formatter.indicator(scene.indicator, lang)
        attract.show_scene(scene, lang)
        assert attract.fade.state() == attract.fade.State.Running  # a transition to sample
        expected = _shown_texts(attract)
        assert figure in expected
        for ms in samples:
            attract.fade.setCurrentTime(ms)
            attract.words.grab()  # painted as a visitor sees this frame
            faded.add(round(attract._fade_effect.opacity(), 2))
            assert attract.figure_label.text() == figure, f"{scene.indicator.id} at {ms} ms"
            assert _shown_texts(attract) == expected, f"{scene.indicator.id} at {ms} ms"
        attract.settle()
        assert attract.figure_label.text() == figure
    assert min(faded) == 0.0 and max(faded) == 1.0 and len(faded) > 3  # the samples went through the fade
    article = {
        "zh": {"major-projects": "178个", "total-investment": "850亿元", "innovation-talents": "15万", "innovative-enterprises": "200多家"},
        "en": {"total-investment": "CNY 85 billion", "innovation-talents": "150,000", "innovative-enterprises": "more than 200"},
    }[lang]
    for indicator_id, text in article.items():
        assert formatter.indicator(dataset.indicator(indicator_id), lang) == text


def test_the_running_loop_never_shows_a_figure_but_the_articles(attract_kiosk: Kiosk, moving: AttractView) -> None:
    """A whole round as the loop plays it, each new scene looked at as it begins and mid-fade."""
    attract, formatter = moving, attract_kiosk.content.formatter
    for _ in range(attract.scene_count):
        attract.next_scene()
        for ms in (0, FADE_MS // 3):
            attract.fade.setCurrentTime(ms)
            scene = attract.scene
            assert scene is not None
            if scene.indicator is None:
                assert not attract.figure_label.isVisibleTo(attract)
            else:
                assert attract.figure_label.text() == formatter.indicator(scene.indicator, attract.scene_lang)
    attract.settle()


def test_a_scene_names_the_exhibit_and_its_pillar(attract_kiosk: Kiosk) -> None:
    attract = attract_kiosk.session.attract
    dataset = attract_kiosk.content.dataset
    industry = next(s for s in build_scenes(dataset) if s.indicator is not None and s.indicator.id == "major-projects")
    attract.show_scene(industry, "zh")
    assert _shown_texts(attract) == sorted(
        ["兰州新区", "获批国家级新区11周年", "强产业", "178个", "开工重大项目\u00a0· 2023年以来", "触摸屏幕 开始探索"]
    )
    attract.show_scene(industry, "en")
    assert attract.place_label.text() == "Lanzhou New Area" and attract.occasion_label.text() == "11 years as a national-level new area"
    assert attract.title_label.text() == "Stronger Industry"
    texts: set[str] = set()
    for scene in build_scenes(dataset):
        for lang in ("zh", "en"):
            attract.show_scene(scene, lang)
            texts.update(_shown_texts(attract))
    assert not texts & {"总览", "Overview"}  # a tab's word, not a subject


def _scene_name(scene: Scene) -> str:
    return scene.indicator.id if scene.indicator is not None else scene.photo.id if scene.photo is not None else "?"


def _photo_layout_problems(attract: AttractView, kiosk: Kiosk) -> list[str]:
    """Where a photo scene's words lie: on the band (at most a quarter of the height) and the exhibit's
    name on a corner card, clear of the Illustration tag."""
    problems = []
    view = attract.rect()
    name = f"{attract.scene.photo.id if attract.scene and attract.scene.photo else '?'} {attract.scene_lang} {view.width()}x{view.height()}"
    if attract.band.height() > BAND_SHARE * view.height() or attract.band.bottom() != view.bottom():
        problems.append(f"{name}: band {attract.band.height()} px of {view.height()}")
    for widget in (attract.words, attract.call_box):
        if widget.isVisibleTo(attract) and not attract.band.contains(widget.geometry()):
            problems.append(f"{name}: {widget.objectName() or type(widget).__name__} {widget.geometry()} off the band {attract.band}")
    for label in (attract.place_label, attract.occasion_label):
        if not attract.card.contains(label.geometry()) or not view.contains(label.geometry()):
            problems.append(f"{name}: {label.text()} off its card")
    if attract.card.width() * attract.card.height() > 0.1 * view.width() * view.height():
        problems.append(f"{name}: the card covers {attract.card.width()}x{attract.card.height()}")
    if attract.tag_label.isVisibleTo(attract) and (
        attract.tag_label.geometry().intersects(attract.card) or not view.contains(attract.tag_label.geometry())
    ):
        problems.append(f"{name}: the Illustration tag {attract.tag_label.geometry()} is covered or cut")
    return problems


@pytest.mark.parametrize("mode", ["interactive", "attract_only"])
def test_every_scene_passes_the_layout_audit_and_photos_are_seen_at_every_size(attract_kiosk: Kiosk, mode: str) -> None:
    attract, window = attract_kiosk.session.attract, attract_kiosk.window
    attract_kiosk.settings.change("mode", mode, save=False)
    problems = []
    try:
        assert attract.call_box.isHidden() == (mode == "attract_only")  # attract-only asks for no touch
        for width, height in SIZES:
            window.resize(width, height)
            settle(attract_kiosk.app)
            attract.setGeometry(window.rect())
            for scene in build_scenes(attract_kiosk.content.dataset):
                for lang in ("zh", "en"):
                    attract.show_scene(scene, lang)
                    found = audit(window, scale_for(width, height), resources.fonts_dir(), within=attract)
                    problems += [f"{lang} {width}x{height} {_scene_name(scene)}: {f}" for f in found]
                    if scene.photo is not None:
                        problems += _photo_layout_problems(attract, attract_kiosk)
    finally:
        attract_kiosk.settings.change("mode", "interactive", save=False)
        window.resize(1920, 1080)
        settle(attract_kiosk.app)
        attract.setGeometry(window.rect())
    assert problems == []


def test_the_illustration_tag_stays_legible_over_a_bright_picture(attract_kiosk: Kiosk) -> None:
    attract = _show(attract_kiosk, _photo_scenes(attract_kiosk, "talent-festival")[0], "en")
    tag = attract.tag_label.geometry()
    shown = attract.grab().toImage()
    behind_text = shown.pixelColor(tag.center().x(), tag.top() + 3)  # the tag's own padding, over the picture
    colours = palette_for(attract_kiosk.settings["theme"])
    assert contrast_ratio(colours.text, behind_text.name()) >= 4.5
    assert attract.tag_label.font().pixelSize() >= 30  # read across the hall like the words beside it


def _plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText().replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_title_card_names_the_exhibit_its_tagline_and_every_pillar(attract_kiosk: Kiosk, lang: str) -> None:
    attract, dataset = attract_kiosk.session.attract, attract_kiosk.content.dataset
    title = next(s for s in build_scenes(dataset) if s.is_title)
    attract.show_scene(title, lang)
    shown = _shown_texts(attract)
    words = {
        "zh": ["兰州新区", "获批国家级新区11周年", "在强省会行动中干在前、当标兵"],
        "en": ["Lanzhou New Area", "11 years as a national-level new area", "Out in front for a strong capital"],
    }
    assert set(words[lang]) <= set(shown)
    pillars = _plain(attract.text.pillars_label.text())
    assert pillars.split("  · ") == [p.title.in_language(lang) for p in dataset.pillars]  # 强产业 · 强创新 · ...
    assert not attract.place_label.isVisibleTo(attract)  # the card is the name: not twice
    assert not attract.figure_label.isVisibleTo(attract)


def test_each_round_opens_with_the_title_card(attract_kiosk: Kiosk) -> None:
    attract = attract_kiosk.session.attract
    count = attract.scene_count
    seen = []
    for _ in range(3 * count):
        attract.next_scene()
        assert attract.scene is not None
        seen.append(attract.scene.is_title)
    starts = [i for i, is_title in enumerate(seen) if is_title]
    assert len(starts) >= 2 and all(b - a == count for a, b in itertools.pairwise(starts))
    attract.next_scene()  # mid-round, the loop stops (a visitor) and starts again (they left): the exhibit's name first
    ticking = attract.timer.isActive()
    for _ in range(2):  # twice: a loop stopped on its title card opens with it again
        attract.stop()
        attract.start()
        assert attract.scene is not None and attract.scene.is_title
    if not ticking:
        attract.timer.stop()  # as the shared kiosk was
