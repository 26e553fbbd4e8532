"""The start picture on the screen and its hand-over to the kiosk's own first frame (in this
process; tests/test___main__.py starts the real kiosk)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from kiosk.core.start_picture import StartPictures
from kiosk.ui.start_window import StartPicture, begin


def screen_image(colour: str) -> QImage:
    screen = QGuiApplication.screens()[0]
    ratio = screen.devicePixelRatio()
    size = screen.geometry().size() * ratio
    image = QImage(size, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor(colour))
    return image


def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "content.json").write_text("{}", encoding="utf-8")
    return folder


def begin_here(app: QApplication, tmp_path: Path) -> StartPicture:
    start = begin(app, tmp_path / "cache", tmp_path / "config", content_dir=None, language=None, screen=None)
    assert start is not None
    return start


def hand_over(start: StartPicture, image: QImage | None, tmp_path: Path, keep: bool = True) -> bool | None:
    matched = start.hand_over(image, content(tmp_path), keep=keep, screen_index=0)
    start.wait()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return matched


def test_the_kiosks_first_frame_is_kept_and_shown_by_the_next_start(qapp: QApplication, tmp_path: Path) -> None:
    first = begin_here(qapp, tmp_path)
    assert first.window is None  # nothing kept yet
    assert hand_over(first, screen_image("#20303c"), tmp_path) is None

    second = begin_here(qapp, tmp_path)
    assert second.window is not None and second.window.isVisible() and second.shown_at is not None
    assert second.window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32) == screen_image("#20303c")
    picture = tmp_path / "cache" / "start-picture.raw"
    written = picture.stat().st_mtime_ns
    assert hand_over(second, screen_image("#20303c"), tmp_path) is True
    assert second.window is None and second.matched is True
    assert picture.stat().st_mtime_ns == written  # the same frame: not written again


def test_a_different_first_frame_replaces_the_picture(qapp: QApplication, tmp_path: Path) -> None:
    hand_over(begin_here(qapp, tmp_path), screen_image("#20303c"), tmp_path)
    start = begin_here(qapp, tmp_path)
    assert hand_over(start, screen_image("#f4efe6"), tmp_path) is False
    kept = StartPictures(tmp_path / "cache").picture_path.read_bytes()
    assert kept == bytes(screen_image("#f4efe6").bits())


def test_nothing_is_kept_when_the_kiosk_says_so_or_the_frame_is_not_the_screens(qapp: QApplication, tmp_path: Path) -> None:
    pictures = StartPictures(tmp_path / "cache")
    hand_over(begin_here(qapp, tmp_path), screen_image("#20303c"), tmp_path)
    assert pictures.facts_path.exists()
    hand_over(begin_here(qapp, tmp_path), screen_image("#20303c"), tmp_path, keep=False)  # opening hours set, content refused
    assert not pictures.facts_path.exists() and not pictures.picture_path.exists()
    window_sized = screen_image("#20303c").scaled(100, 100)
    hand_over(begin_here(qapp, tmp_path), window_sized, tmp_path)
    assert not pictures.facts_path.exists()
    hand_over(begin_here(qapp, tmp_path), None, tmp_path)  # the platform gave no frame
    assert not pictures.facts_path.exists()


def test_an_unreadable_settings_folder_shows_no_picture_and_raises_nothing(qapp: QApplication, tmp_path: Path) -> None:
    hand_over(begin_here(qapp, tmp_path), screen_image("#20303c"), tmp_path)
    (tmp_path / "config").mkdir()
    os.mkfifo(tmp_path / "config" / "settings.json")
    assert begin(qapp, tmp_path / "cache", tmp_path / "config", content_dir=None, language=None, screen=None) is None
