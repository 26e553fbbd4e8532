"""The start picture on the screen: a bare fullscreen window that shows the kiosk's last first frame
(kiosk/core/start_picture.py says when one is kept and when it still holds) while the kiosk's own
modules are imported and its pages built. It imports nothing of the kiosk's widgets: it is shown
before they are loaded. Touches on it do nothing (the kiosk takes them a moment later).

Once the kiosk has painted its own first frame, `hand_over` closes this window and keeps the kiosk's
frame as the next start's picture when it differs from the one shown (or none was)."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__
from kiosk.core.start_picture import Facts, Screen, StartPictures, choices, folder_print, settings_digest

log = logging.getLogger(__name__)

SHOW_WAIT_S = 0.25  # the longest the start waits for the window system to show the picture
TRANSLATIONS_ENV = "KIOSK_TRANSLATIONS"


def versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return f"kiosk {__version__}, PySide6 {PySide6.__version__}, Qt {qVersion()}, translations {os.environ.get(TRANSLATIONS_ENV, '')}"


class StartWindow(QWidget):
    """A frameless fullscreen window that paints one picture."""

    def __init__(self, picture: QImage, pixels: bytes, geometry: QRect) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint)
        self.picture = picture
        self._pixels = pixels  # the picture's memory: QImage does not copy it
        self.shown_at: float | None = None  # wall clock, once painted and handed to the screen
        self._painted = False
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setWindowTitle(QApplication.applicationName())
        self.setGeometry(geometry)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.drawImage(QPoint(0, 0), self.picture)
        painter.end()
        self._painted = True

    def show_now(self, app: QApplication) -> None:
        """Show it and wait (at most SHOW_WAIT_S) until its frame is painted and flushed."""
        self.showFullScreen()
        deadline = time.perf_counter() + SHOW_WAIT_S
        while not self._painted and time.perf_counter() < deadline:
            app.processEvents()
            if not self._painted:
                time.sleep(0.0005)
        app.processEvents()  # the flush after the paint
        if self._painted:
            self.shown_at = time.time()


class StartPicture:
    """The facts of this start, and the window showing the picture kept for them (if any)."""

    def __init__(self, pictures: StartPictures, facts: Facts, window: StartWindow | None) -> None:
        self.pictures = pictures
        self.facts = facts
        self.window = window
        self.matched: bool | None = None  # after hand_over: whether the picture shown was the kiosk's first frame
        self._writer: threading.Thread | None = None

    @property
    def shown_at(self) -> float | None:
        return None if self.window is None else self.window.shown_at

    def hand_over(self, live: QImage | None, content: Path, *, keep: bool, screen_index: int) -> bool | None:
        """The kiosk's first frame `live` (None when the platform gave none) is on the screen
        `screen_index`, showing `content`: close the picture, and keep `live` for the next start
        (unless it is the same, or `keep` is False: then none is kept). Whether the picture shown
        was the kiosk's frame (None: none was shown)."""
        matched = None
        if self.window is not None:
            matched = self.matched = live is not None and live == self.window.picture
            self.close_window()
            if not matched:
                log.info("the start picture was not the kiosk's first frame: it is replaced")
        screens = QGuiApplication.screens()
        if not keep or live is None or not 0 <= screen_index < len(screens) or live.format() != QImage.Format.Format_RGB32:
            self.pictures.forget()
            return matched
        screen = Screen(live.width(), live.height(), live.devicePixelRatio())
        if screen != _screen_of(screens[screen_index]):
            self.pictures.forget()  # a window, not the whole screen
            return matched
        facts = Facts(self.facts.versions, self.facts.choices, self.facts.settings, screen_index, screen, str(content), "")
        same = (facts.content, facts.screen_index, facts.screen) == (self.facts.content, self.facts.screen_index, self.facts.screen)
        if matched and same:
            return matched
        pixels = bytes(live.bits())  # a copy: the writer does not hold the image
        self._writer = threading.Thread(target=self._keep, args=(facts, pixels), name="start picture", daemon=False)
        self._writer.start()
        return matched

    def close_window(self) -> None:
        """The picture off the screen (the kiosk's first frame is there, or it stops before one)."""
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def _keep(self, facts: Facts, pixels: bytes) -> None:
        printed = folder_print(Path(facts.content))
        if printed is None:
            self.pictures.forget()
            return
        problem = self.pictures.keep(
            Facts(facts.versions, facts.choices, facts.settings, facts.screen_index, facts.screen, facts.content, printed), pixels
        )
        if problem:
            log.warning("the start picture could not be kept in %s: %s", self.pictures.folder, problem)

    def wait(self) -> None:
        """Until the picture is written (tests; the kiosk's exit waits for it anyway)."""
        if self._writer is not None:
            self._writer.join()


def begin(
    app: QApplication, cache: Path, settings_folder: Path, *, content_dir: Path | None, language: str | None, screen: int | None
) -> StartPicture | None:
    """Read this start's facts and show the picture kept for them (on the screen it was kept for, if
    it is still there at the same size). None where no picture can be kept (a settings file
    unreadable). Raises nothing: a start picture is never why a kiosk does not start."""
    try:
        return _begin(app, cache, settings_folder, content_dir=content_dir, language=language, screen=screen)
    except Exception:  # a picture is a nicety: the kiosk starts without it
        log.exception("the start picture was not shown")
        return None


def _screen_of(screen: QScreen) -> Screen:
    ratio = screen.devicePixelRatio()
    geometry = screen.geometry()
    return Screen(round(geometry.width() * ratio), round(geometry.height() * ratio), ratio)


def _begin(
    app: QApplication, cache: Path, settings_folder: Path, *, content_dir: Path | None, language: str | None, screen: int | None
) -> StartPicture | None:
    digest = settings_digest(settings_folder)
    if digest is None:
        return None
    facts = Facts(versions(), choices(content_dir, language, screen), digest, -1, Screen(0, 0, 1.0), "", "")
    pictures = StartPictures(cache)
    kept = pictures.read(facts)
    screens = QGuiApplication.screens()
    if kept is None or not 0 <= kept.facts.screen_index < len(screens):
        return StartPicture(pictures, facts, None)
    target = screens[kept.facts.screen_index]
    size = _screen_of(target)
    if size != kept.facts.screen:
        return StartPicture(pictures, facts, None)
    picture = QImage(kept.pixels, size.width, size.height, size.width * 4, QImage.Format.Format_RGB32)
    picture.setDevicePixelRatio(size.ratio)
    window = StartWindow(picture, kept.pixels, target.geometry())
    window.show_now(app)
    return StartPicture(pictures, kept.facts, window)
