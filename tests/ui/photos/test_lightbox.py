"""The lightbox: a photo large over the whole window on an opaque ground, its Illustration tag on the
photo's corner and its caption under it, at every shape of screen. It tells the visitor's navigation
it is open and closes when the navigation says so (a new visitor), by a tap, or after the
`lightbox_timeout_ms` setting (never under a second); a photo that cannot be loaded loses its
Illustration tag and is reported to the layout audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.content.model import Album, Photo, Text
from kiosk.qa.drive import settle, wait_for_photos
from kiosk.ui.app import Kiosk
from kiosk.ui.navigation import LIGHTBOX, Navigation
from kiosk.ui.photos.lightbox import GROUND, Lightbox, photo_place


def _album(file: str) -> Album:
    photo = Photo(
        id="the-photo",
        file=file,
        caption=Text({"zh": "湖边的清晨", "en": "Morning by the lake"}),
        credit=Text({"zh": "摄影：某人", "en": "Photo: someone"}),
        illustration=True,
    )
    return Album(id="lake", title=Text({"zh": "湖", "en": "Lake"}), caption=Text({"zh": "湖", "en": "Lake"}), photos=(photo,))


def _lightbox(kiosk: Kiosk, qtbot: QtBot) -> tuple[Lightbox, Navigation, QWidget]:
    """A lightbox of its own over a window of its own, on the kiosk's loader, language and settings."""
    window = QWidget()
    qtbot.addWidget(window)
    window.setStyleSheet(kiosk.window.styleSheet())  # the kiosk's type sizes
    window.resize(1920, 1080)
    window.show()
    navigation = Navigation(kiosk.language, parent=window)
    lightbox = Lightbox(kiosk.loader, kiosk.language, kiosk.settings, kiosk.window.colours, navigation, window)
    return lightbox, navigation, window


def _photo(tmp_path: Path, kiosk: Kiosk, name: str = "lake.png") -> Path:
    source = next((kiosk.content.folder / "photos").rglob("*.jpg"))
    image = QImage(str(source))
    assert not image.isNull()
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(tmp_path / name))
    return tmp_path


def _tap(widget: QWidget, kind: QEvent.Type) -> None:
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind,
        QPointF(50, 50),
        QPointF(widget.mapToGlobal(QPointF(50, 50))),
        Qt.MouseButton.LeftButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (1080, 1920)])
def test_the_photo_is_as_large_as_fits_with_its_caption_under_it(width: int, height: int) -> None:
    screen = QRectF(0, 0, width, height)
    photo = photo_place(screen, 16 / 9, 200, 1.0)
    assert photo.width() / photo.height() == pytest.approx(16 / 9)
    assert photo.top() >= 0 and photo.bottom() + 200 <= height  # room for the caption under it
    assert photo.width() == pytest.approx(width) or photo.height() == pytest.approx(height - 200 - 3 * 24)  # as large as fits
    assert photo.center().x() == pytest.approx(width / 2)


def _colour(picture: QImage, x: float, y: float) -> str:
    return QColor(picture.pixel(int(x), int(y))).name()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_the_ground_is_opaque_the_tag_on_the_photo_and_the_caption_under_it(
    kiosk: Kiosk, qtbot: QtBot, tmp_path: Path, width: int, height: int
) -> None:
    """In portrait the page above and below the photo once read through the ground, the tag sat on the
    ghosted header far from the photo and the caption over ghosted tab labels."""
    lightbox, _, window = _lightbox(kiosk, qtbot)
    page = QLabel("强产业 Stronger Industry " * 20, window)  # white words all over the page under it
    page.setWordWrap(True)
    page.setStyleSheet("background: white; color: black; font-size: 40px;")
    page.setGeometry(window.rect())
    window.resize(width, height)
    page.setGeometry(window.rect())
    page.show()
    settle(QApplication.instance())  # type: ignore[arg-type]
    lightbox.show_photo(_album("lake.png"), 0, _photo(tmp_path, kiosk), "#F2C45A")
    wait_for_photos(kiosk.loader)
    settle(QApplication.instance())  # type: ignore[arg-type]
    photo = lightbox.photo_rect()
    picture = window.grab().toImage()
    assert _colour(picture, 2, 2) == GROUND.lower() and _colour(picture, width - 3, height - 3) == GROUND.lower()  # not the white page
    tag, caption, credit = lightbox.tag_label.geometry(), lightbox.caption_label.geometry(), lightbox.credit_label.geometry()
    assert photo.contains(QRectF(tag)) and tag.top() - photo.top() < 60 * height / 1080 and tag.left() - photo.left() < 60 * width / 1080
    assert caption.top() >= photo.bottom() and credit.top() >= caption.bottom()
    assert lightbox.hint_label.geometry().bottom() <= height
    assert caption.height() >= lightbox.caption_label.heightForWidth(caption.width())
    lightbox.close_view()


def test_opening_tells_the_navigation_and_a_new_visitor_closes_it(kiosk: Kiosk, qtbot: QtBot, tmp_path: Path) -> None:
    lightbox, navigation, window = _lightbox(kiosk, qtbot)
    assert not lightbox.is_open and not navigation.is_open(LIGHTBOX)
    lightbox.show_photo(_album("lake.png"), 0, _photo(tmp_path, kiosk), "#F2C45A")
    assert lightbox.is_open and navigation.is_open(LIGHTBOX)
    assert lightbox.geometry() == window.rect() and lightbox.timer.isActive()
    navigation.set_open(LIGHTBOX, False)  # what `reset` does for a new visitor
    assert not lightbox.is_open and not lightbox.timer.isActive()


def test_a_press_is_kept_and_the_release_closes(kiosk: Kiosk, qtbot: QtBot, tmp_path: Path) -> None:
    lightbox, navigation, _ = _lightbox(kiosk, qtbot)
    lightbox.show_photo(_album("lake.png"), 0, _photo(tmp_path, kiosk), "#F2C45A")
    _tap(lightbox, QEvent.Type.MouseButtonPress)
    assert lightbox.is_open  # a finger down is not yet a tap
    _tap(lightbox, QEvent.Type.MouseButtonRelease)
    assert not lightbox.is_open and not navigation.is_open(LIGHTBOX)


def test_the_timeout_follows_the_setting_and_is_never_under_a_second(kiosk: Kiosk, qtbot: QtBot) -> None:
    lightbox, _, _ = _lightbox(kiosk, qtbot)
    assert lightbox.timer.interval() == kiosk.settings["lightbox_timeout_ms"]
    kiosk.settings.change("lightbox_timeout_ms", 45_000, save=False)
    assert lightbox.timer.interval() == 45_000
    lightbox.set_timeout(10)
    assert lightbox.timer.interval() == 1000


def test_caption_credit_tag_and_hint_in_the_visitors_language(kiosk: Kiosk, qtbot: QtBot, tmp_path: Path) -> None:
    lightbox, _, _ = _lightbox(kiosk, qtbot)
    lightbox.show_photo(_album("lake.png"), 0, _photo(tmp_path, kiosk), "#F2C45A")
    wait_for_photos(kiosk.loader)
    assert (lightbox.caption_label.text(), lightbox.credit_label.text()) == ("湖边的清晨", "摄影：某人")
    assert lightbox.tag_label.text() == "示意图" and lightbox.tag_label.isVisible()
    assert lightbox.audit_texts() == []  # the photo is there: no words painted in its place
    kiosk.language.set_language("en")
    qtbot.waitUntil(lambda: lightbox.caption_label.text() == "Morning by the lake", timeout=10_000)
    assert lightbox.tag_label.text() == "Illustration" and lightbox.hint_label.text() == "Tap anywhere to close"
    lightbox.close_view()


@pytest.mark.logs("cannot be shown")
def test_a_photo_that_cannot_be_loaded_loses_its_tag_and_says_so(kiosk: Kiosk, qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "broken.jpg").write_bytes(b"not a picture")
    lightbox, _, _ = _lightbox(kiosk, qtbot)
    lightbox.show_photo(_album("broken.jpg"), 0, tmp_path, "#F2C45A")
    wait_for_photos(kiosk.loader)
    qtbot.waitUntil(lambda: not lightbox.tag_label.isVisible(), timeout=10_000)
    assert lightbox.caption_label.text() == "湖边的清晨"  # the caption still tells what was meant
    [(text, px, fits)] = lightbox.audit_texts()
    assert text == "图片暂不可用"  # "Photo unavailable", in the visitor's language
    assert px > 0 and fits
    lightbox.grab()  # the placeholder paints
    lightbox.close_view()
