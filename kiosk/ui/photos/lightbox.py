"""A photo large, over the whole window on an opaque ground (the page under it does not read through),
with its Illustration tag on the photo's corner and its caption and credit under it; closed by a tap
anywhere or by itself after a while, so the next visitor never finds it open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import Album
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveSettings
from kiosk.ui.navigation import LIGHTBOX, Navigation
from kiosk.ui.photos.carousel import draw_placeholder, label_photo
from kiosk.ui.photos.photo_loader import PhotoLoader, device_size, photo_key
from kiosk.ui.theme import Palette, scale_for
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin

GROUND = "#04080F"  # opaque: a page glimpsed through the ground reads as text over the caption
MARGIN = 72  # px at 1080p, beside the caption; the photo itself runs to the screen's edges
GAP = 24  # px at 1080p between the photo and its caption, and from the tag to the photo's corner
ASPECT = 16 / 9  # of the placeholder, before the photo's own shape is known


def photo_place(screen: QRectF, aspect: float, text_height: float, scale: float) -> QRectF:
    """Where the photo goes: as large as the screen allows with its caption block (`text_height`) under
    it, and photo and caption together centred on the screen."""
    room = QRectF(screen).adjusted(0, GAP * scale, 0, -(text_height + 2 * GAP * scale))
    width = min(room.width(), room.height() * aspect)
    height = width / aspect
    top = max(room.top(), screen.top() + (screen.height() - height - GAP * scale - text_height) / 2)
    return QRectF(screen.center().x() - width / 2, top, width, height)


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
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it paints its whole ground itself
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
        loader.ready.connect(self._on_photo)  # bound methods: disconnected when this view is deleted
        loader.failed.connect(self._on_photo)
        self.hide()

    def _on_photo(self, *_: object) -> None:
        if self.isVisible():
            self.retranslate()  # a photo that failed loses its Illustration tag
            self.place()  # the photo's own shape is known now
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
        self.setGeometry(parent.rect())
        self._loader.request(self._path(), self._size(), "contain", within=self._folder)
        self.retranslate()
        self.place()
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
        return [(text, font.pixelSize(), QFontMetricsF(font).horizontalAdvance(text) <= self.photo_rect().width())]

    def close_view(self) -> None:
        self.timer.stop()
        self.hide()
        self._navigation.set_open(LIGHTBOX, False)

    def _aspect(self) -> float:
        image = self._loader.cached(self._path(), self._size(), "contain") if self._album is not None else None
        return image.width() / image.height() if image is not None and image.height() > 0 else ASPECT

    def _text_block(self) -> list[QWidget]:
        """The caption, credit and hint shown under the photo."""
        return [label for label in (self.caption_label, self.credit_label, self.hint_label) if not label.isHidden()]

    def _layout(self) -> tuple[QRectF, int, int]:
        """The photo's place, and the left edge and width of the words under it (aligned with the
        photo's left edge where it leaves a margin): twice, as the words' width moves the photo."""
        scale = scale_for(self.width(), self.height())
        margin, spacing = round(MARGIN * scale), round(GAP * scale / 4)
        labels = self._text_block()
        left, photo = margin, QRectF()
        for _ in range(2):
            width = max(1, self.width() - left - margin)
            text_height = sum(label.heightForWidth(width) for label in labels) + (len(labels) - 1) * spacing
            photo = photo_place(QRectF(self.rect()), self._aspect(), text_height, scale)
            left = max(margin, round(photo.left()))
        return photo, left, max(1, self.width() - left - margin)

    def photo_rect(self) -> QRectF:
        """Where the photo is drawn (its placeholder too)."""
        return self._layout()[0]

    def place(self) -> None:
        """The photo where it fits, its tag on its top-left corner, caption, credit and hint under it."""
        scale = scale_for(self.width(), self.height())
        photo, left, width = self._layout()
        y = round(photo.bottom() + GAP * scale)
        for label in self._text_block():
            height = label.heightForWidth(width)
            label.setGeometry(left, y, width, height)
            y += height + round(GAP * scale / 4)
        inset = round(GAP * scale)
        tag = self.tag_label.sizeHint()
        self.tag_label.setGeometry(QRect(round(photo.left()) + inset, round(photo.top()) + inset, tag.width(), tag.height()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.place()

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
        painter.fillRect(self.rect(), QColor(GROUND))
        if self._album is not None:
            photo = self.photo_rect()
            image = self._loader.cached(self._path(), self._size(), "contain")
            if image is not None:
                painter.drawImage(photo, image)
            else:
                failed = photo_key(self._path(), self._size(), "contain") in self._loader.failures
                text = self.tr("Photo unavailable") if failed else ""
                draw_placeholder(painter, photo, self._accent, text, self.colours, self.caption_label.font())
        painter.end()

    def retranslate(self) -> None:
        self.hint_label.setText(self.tr("Tap anywhere to close"))
        if self._album is None:
            return
        lang = self._language.language
        photo = self._album.photos[self._index]
        failed = photo_key(self._path(), self._size(), "contain") in self._loader.failures
        label_photo(photo, lang, self.caption_label, self.credit_label, self.tag_label, self.tr("Illustration"), failed)
        self.place()  # the words' heights in this language
