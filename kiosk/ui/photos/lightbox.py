"""A photo large, over the whole window: caption and credit, closed by a tap anywhere or by itself
after a while, so the next visitor never finds it open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QLinearGradient, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.content.model import Album
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveSettings
from kiosk.ui.navigation import LIGHTBOX, Navigation
from kiosk.ui.photos.carousel import draw_placeholder, label_photo
from kiosk.ui.photos.photo_loader import PhotoLoader, device_size, photo_key
from kiosk.ui.theme import Palette
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.page_slide import screen_picture
from kiosk.ui.widgets.retranslatable import RetranslateMixin

UNDER = (4, 8, 16, 245)  # the photo's ground: the page shows through faintly


def dimmed(picture: QImage | None) -> QImage | None:
    """The page as the screen showed it when the photo opened, under the lightbox's ground: painted
    once, so the lightbox is opaque and the page is not repainted under it (at 3840x2160 that was
    most of the cost of opening a photo)."""
    if picture is None:
        return None
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(*UNDER))
    painter.end()
    return picture


def device_size_of(widget: QWidget) -> QSize:
    width, height = device_size(widget)
    return QSize(width, height)


class Lightbox(RetranslateMixin, QWidget):
    """A photo a visitor opened, over the whole window; it closes by a tap or after the `lightbox_timeout_ms`
    setting, and tells the visitor's navigation whether it is open (a new visitor closes it there)."""

    def __init__(
        self,
        loader: PhotoLoader,
        language: LanguageController,
        settings: LiveSettings,
        colours: Palette,
        navigation: Navigation,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._navigation = navigation
        self.colours = colours  # the window hands over a new palette when the theme changes
        self.setProperty("own_swipe", True)
        self._loader = loader
        self._language = language
        self._album: Album | None = None
        self._folder = Path()
        self._index = 0
        self._accent = "#F2C45A"
        self._under: QImage | None = None
        self._buffer = QImage()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.set_timeout(settings["lightbox_timeout_ms"])
        self.timer.timeout.connect(self.close_view)
        settings.changed_signal("lightbox_timeout_ms").connect(self.set_timeout)
        navigation.overlay_changed.connect(self._on_overlay)
        self.tag_label = role_label("tag", self, wrap=False)
        self.caption_label = role_label("headline", self)
        self.credit_label = role_label("meta", self)
        self.hint_label = role_label("hint", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(72, 48, 72, 48)
        layout.setSpacing(6)
        layout.addWidget(self.tag_label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.credit_label)
        layout.addWidget(self.hint_label)
        loader.ready.connect(self._on_photo)  # bound methods: disconnected when this view is deleted
        loader.failed.connect(self._on_photo)
        self.hide()

    def _on_photo(self, *_: object) -> None:
        if self.isVisible():
            self.retranslate()  # a photo that failed loses its Illustration tag
            self.update()

    def _size(self) -> tuple[int, int]:
        return device_size(self)

    def _path(self) -> Path:
        assert self._album is not None
        return self._folder / self._album.photos[self._index].file

    def show_photo(self, album: Album, index: int, folder: Path, accent: str) -> None:
        self._album, self._index, self._folder, self._accent = album, index, folder, accent
        parent = self.parentWidget()
        assert parent is not None
        self._under = dimmed(screen_picture(parent, self._buffer_for(parent), QPoint(0, 0)))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, self._under is not None)
        self.setGeometry(parent.rect())
        self._loader.request(self._path(), self._size(), "contain", within=self._folder)
        self.retranslate()
        self.show()
        self.raise_()
        self.timer.start()
        self._navigation.set_open(LIGHTBOX, True)

    def set_timeout(self, timeout_ms: object) -> None:
        self.timer.setInterval(max(1000, int(timeout_ms)))  # type: ignore[call-overload]

    def _on_overlay(self, overlay: str, open_: bool) -> None:
        if overlay == LIGHTBOX and not open_ and self.isVisible():
            self.close_view()

    def audit_texts(self) -> list[tuple[str, int, bool]]:
        """The words painted where the photo cannot be shown, for the layout audit: (text, px, fits)."""
        if self._album is None or photo_key(self._path(), self._size(), "contain") not in self._loader.failures:
            return []
        text, font = self.tr("Photo unavailable"), self.caption_label.font()
        return [(text, font.pixelSize(), QFontMetricsF(font).horizontalAdvance(text) <= self.width() * 0.6)]

    def close_view(self) -> None:
        self.timer.stop()
        self.hide()
        self._under = None  # its buffer is kept: at 3840x2160 making 33 MB anew took longer than drawing it
        self._navigation.set_open(LIGHTBOX, False)

    def _buffer_for(self, window: QWidget) -> QImage:
        size, ratio = device_size_of(window), window.devicePixelRatioF()
        if self._buffer.size() != size:
            self._buffer = QImage(size, QImage.Format.Format_RGB32)
        self._buffer.setDevicePixelRatio(ratio)
        return self._buffer

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        if self._under is not None and self._under.size() != device_size_of(self):
            self._under = None  # the screen changed under it: see through again
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        super().resizeEvent(event)

    @property
    def is_open(self) -> bool:
        return self.isVisible()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.close_view()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = QRectF(self.rect())
        if self._under is not None:
            painter.drawImage(QPointF(0, 0), self._under)
        else:
            painter.fillRect(rect, QColor(*UNDER))
        if self._album is not None:
            image: QImage | None = self._loader.cached(self._path(), self._size(), "contain")
            if image is not None:
                scale = min(rect.width() / image.width(), rect.height() / image.height())
                w, h = image.width() * scale, image.height() * scale
                painter.drawImage(QRectF(rect.center().x() - w / 2, rect.center().y() - h / 2, w, h), image)
            else:
                failed = photo_key(self._path(), self._size(), "contain") in self._loader.failures
                draw_placeholder(
                    painter,
                    rect.adjusted(rect.width() * 0.2, rect.height() * 0.2, -rect.width() * 0.2, -rect.height() * 0.2),
                    self._accent,
                    self.tr("Photo unavailable") if failed else "",
                    self.colours,
                    self.caption_label.font(),
                )
        shade = QLinearGradient(0, rect.height() * 0.6, 0, rect.height())
        shade.setColorAt(0, QColor(0, 0, 0, 0))
        shade.setColorAt(1, QColor(0, 0, 0, 200))
        painter.fillRect(rect.adjusted(0, rect.height() * 0.6, 0, 0), shade)  # above it the shade is clear
        painter.end()

    def retranslate(self) -> None:
        self.hint_label.setText(self.tr("Tap anywhere to close"))
        if self._album is None:
            return
        lang = self._language.language
        photo = self._album.photos[self._index]
        failed = photo_key(self._path(), self._size(), "contain") in self._loader.failures
        label_photo(photo, lang, self.caption_label, self.credit_label, self.tag_label, self.tr("Illustration"), failed)
