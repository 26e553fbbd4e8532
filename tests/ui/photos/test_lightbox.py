"""The lightbox: a photo large over the whole window, on the page as it was when it opened, darkened.
It tells the visitor's navigation it is open and closes when the navigation says so (a new visitor),
by a tap, or after the `lightbox_timeout_ms` setting (never under a second); a photo that cannot be
loaded loses its Illustration tag and is reported to the layout audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.content.model import Album, Photo, Text
from kiosk.qa.drive import settle, wait_for_photos
from kiosk.ui.app import Kiosk
from kiosk.ui.navigation import LIGHTBOX, Navigation
from kiosk.ui.photos.lightbox import UNDER, Lightbox, dimmed


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


def test_the_page_under_is_darkened_to_the_lightboxs_ground() -> None:
    assert dimmed(None) is None  # nothing on screen yet: the ground is painted instead
    page = QImage(40, 30, QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    under = dimmed(page)
    assert under is page
    r, g, b, alpha = UNDER
    pixel = QColor(under.pixel(20, 15))
    for painted, ground in ((pixel.red(), r), (pixel.green(), g), (pixel.blue(), b)):
        assert abs(painted - (ground * alpha + 255 * (255 - alpha)) / 255) <= 2  # white shows through faintly


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


def test_a_screen_that_changes_size_under_it_is_no_longer_painted_over(
    kiosk: Kiosk, qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    lightbox, _, window = _lightbox(kiosk, qtbot)
    settle(qapp)
    lightbox.show_photo(_album("lake.png"), 0, _photo(tmp_path, kiosk), "#F2C45A")
    assert lightbox._under is not None and lightbox.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    lightbox.resize(window.width() // 2, window.height())
    assert lightbox._under is None and not lightbox.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    lightbox.close_view()
