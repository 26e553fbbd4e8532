"""An album as a carousel: the photo fills the panel, follows one finger (or the mouse) and snaps to
the next or previous photo, advances by itself, and opens full screen on a tap. Caption and credit in
the current language; illustrations carry a 示意图 / Illustration tag."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEasingCurve, QEvent, QPointF, QRectF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QLinearGradient, QMouseEvent, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import Album, Photo
from kiosk.ui.language import LanguageController
from kiosk.ui.photos.photo_loader import PhotoLoader, device_size, photo_key
from kiosk.ui.theme import Palette
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin
from kiosk.ui.widgets.sized_by_parent import SizedByParent

TAP_SLOP = 12  # px of movement still counted as a tap
SNAP_FRACTION = 0.18  # of the width: a drag this long changes the photo
SNAP_MS = 260


def draw_cover(painter: QPainter, image: QImage, target: QRectF) -> None:
    """Draw `image` to fill `target`, cropping the overflow (images arrive at about this size)."""
    scale = max(target.width() / image.width(), target.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    painter.drawImage(QRectF(target.center().x() - w / 2, target.center().y() - h / 2, w, h), image)


def draw_placeholder(painter: QPainter, target: QRectF, accent: str, text: str, colours: Palette, font: QFont | None = None) -> None:
    """Where a photo is not (yet) shown; `text` (in `font`: a caption's size, read from across a room)
    says when it cannot be."""
    gradient = QLinearGradient(target.topLeft(), target.bottomRight())
    gradient.setColorAt(0, QColor(colours.surface_raised))
    tint = QColor(accent)
    tint.setAlpha(90)
    gradient.setColorAt(1, tint)
    painter.fillRect(target, gradient)
    if text:
        if font is not None:
            painter.setFont(font)
        painter.setPen(QColor(colours.text_muted))
        painter.drawText(target, int(Qt.AlignmentFlag.AlignCenter), text)


def label_photo(
    photo: Photo, lang: str, caption: QLabel, credit: QLabel, tag: QLabel, illustration_text: str, failed: bool = False
) -> None:
    """Caption, credit and the 示意图 / Illustration tag of a photo, wherever it is shown; no tag over
    a photo that could not be shown (nothing there is an illustration)."""
    caption.setText(photo.caption.in_language(lang))
    credit.setText(photo.credit.in_language(lang) if photo.credit else "")
    credit.setVisible(photo.credit is not None)
    tag.setText(illustration_text)
    tag.setVisible(photo.illustration and not failed)


@dataclass(frozen=True)
class AlbumPosition:
    """Where a carousel is in its album, drawn at its foot: a dot per photo while they fit in the
    middle half of the width; past that, "12 / 700"."""

    index: int
    count: int
    rect: QRectF

    @property
    def _radius(self) -> float:
        return max(4.0, self.rect.height() * 0.012)

    @property
    def counts_instead_of_dots(self) -> bool:
        return self._radius * 3.2 * (self.count - 1) > self.rect.width() * 0.5

    @property
    def text(self) -> str:
        return f"{self.index + 1} / {self.count}"

    def paint(self, painter: QPainter, accent: str, font: QFont) -> None:
        if self.count < 2:
            return
        if self.counts_instead_of_dots:
            self._paint_counter(painter, font)
            return
        rect, r = self.rect, self._radius
        gap = r * 3.2
        x0 = rect.center().x() - gap * (self.count - 1) / 2
        y = rect.bottom() - r * 3
        painter.setPen(Qt.PenStyle.NoPen)
        for i in range(self.count):
            painter.setBrush(QColor(accent) if i == self.index else QColor(255, 255, 255, 120))
            painter.drawEllipse(QPointF(x0 + i * gap, y), r, r)

    def _paint_counter(self, painter: QPainter, font: QFont) -> None:
        rect, r = self.rect, self._radius
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(self.text) + 4 * r, metrics.height() + r
        pill = QRectF(rect.center().x() - width / 2, rect.bottom() - height - r * 1.5, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), self.text)


class Carousel(SizedByParent, RetranslateMixin, QWidget):
    tapped = Signal(int)  # index of the photo tapped: open it large

    def __init__(
        self,
        album: Album,
        folder: Path,
        loader: PhotoLoader,
        language: LanguageController,
        accent: str,
        colours: Palette,
        interval_ms: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._colours = colours
        self.setProperty("own_swipe", True)  # page swipes leave this area alone
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.album = album
        self._folder = folder
        self._loader = loader
        self._language = language
        self._accent = accent
        self.index = 0
        self.offset = 0.0  # px the strip is dragged or animated by
        self._press: QPointF | None = None
        self._dragging = False
        self._snap = QVariantAnimation(self)
        self._snap.setDuration(SNAP_MS)
        self._snap.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._snap.valueChanged.connect(self._on_snap_value)
        self._snap.finished.connect(self._on_snap_finished)
        self._snap_step = 0
        self.timer = QTimer(self)
        self.timer.setInterval(max(1000, interval_ms))
        self.timer.timeout.connect(self.advance)
        self._interval_ms = interval_ms
        # Layout passes resize the carousel several times in a row (a rebuild, a rotation); photos are
        # asked for once the size has settled, so each is decoded at the size it is shown at only.
        self._settled = QTimer(self)
        self._settled.setSingleShot(True)
        self._settled.setInterval(0)
        self._settled.timeout.connect(self._request_around)

        self.tag_label = role_label("tag", self, wrap=False)
        self.caption_label = role_label("caption", self)
        self.credit_label = role_label("credit", self)
        text = QVBoxLayout(self)
        text.setContentsMargins(28, 20, 28, 40)
        text.setSpacing(2)
        text.addWidget(self.tag_label, 0, Qt.AlignmentFlag.AlignLeft)
        text.addStretch(1)
        text.addWidget(self.caption_label)
        text.addWidget(self.credit_label)
        loader.ready.connect(self._on_ready)
        loader.failed.connect(self._on_ready)
        self.retranslate()

    # --- photos -----------------------------------------------------------------------------

    @property
    def photos(self) -> tuple[Photo, ...]:
        return self.album.photos

    def _path(self, index: int) -> Path:
        return self._folder / self.photos[index % len(self.photos)].file

    def _image(self, index: int) -> QImage | None:
        return self._loader.cached(self._path(index), device_size(self))

    def _request_around(self) -> None:
        if not self.photos or self.width() < 8:
            return
        for step in (0, 1, -1):
            self._loader.request(self._path(self.index + step), device_size(self), within=self._folder)

    def _on_ready(self, key: str, *_: object) -> None:
        """Any carousel's photo arrived (they share one loader): repaint if it is one of ours."""
        if not self.photos:
            return
        if any(key == photo_key(self._path(self.index + s), device_size(self), "cover") for s in (-1, 0, 1)):
            if key == photo_key(self._path(self.index), device_size(self), "cover") and self.photo_failed(self.index):
                self.retranslate()  # the tag goes
            self.update()

    def shown(self) -> tuple[int, float, bool, bool]:
        """What it shows now (a page's picture drawn ahead of time is kept while this stays): the photo,
        how far it has slid, whether that photo is here, whether it failed."""
        return self.index, self.offset, self._image(self.index) is not None, self.photo_failed(self.index) is not None

    def photo_failed(self, index: int) -> str | None:
        return self._loader.failures.get(photo_key(self._path(index), device_size(self), "cover"))

    def audit_texts(self) -> list[tuple[str, int, bool]]:
        """The words painted where a photo cannot be shown, for the layout audit: (text, px, fits)."""
        if not self.photos or not self.photo_failed(self.index):
            return []
        text, font = self.tr("Photo unavailable"), self.caption_label.font()
        return [(text, font.pixelSize(), QFontMetricsF(font).horizontalAdvance(text) <= self.width())]

    # --- navigation -------------------------------------------------------------------------

    def advance(self, step: int = 1) -> None:
        if len(self.photos) < 2 or self._snap.state() == QVariantAnimation.State.Running:
            return
        self._animate_to(-step * self.width(), step)

    def set_still(self, still: bool) -> None:
        """Reduced motion: the next photo replaces this one without sliding."""
        self._snap.setDuration(0 if still else SNAP_MS)

    def go_to(self, index: int) -> None:
        self._snap.stop()
        self.index = index % max(1, len(self.photos))
        self.offset = 0.0
        self._request_around()
        self.retranslate()
        self.update()

    def _animate_to(self, end: float, step: int) -> None:
        self._snap_step = step
        self._snap.stop()
        self._snap.setStartValue(float(self.offset))
        self._snap.setEndValue(float(end))
        self._snap.start()

    def _on_snap_value(self, value: object) -> None:
        self.offset = float(value)  # type: ignore[arg-type]
        self.update()

    def _on_snap_finished(self) -> None:
        if self._snap_step:
            self.index = (self.index + self._snap_step) % len(self.photos)
            self._snap_step = 0
            self.retranslate()
        self.offset = 0.0
        self._request_around()
        self.update()

    def set_interval(self, interval_ms: int) -> None:
        """Staff changed carousel_interval_ms (0: only by hand)."""
        self._interval_ms = interval_ms
        self.timer.setInterval(max(1000, interval_ms))
        if interval_ms <= 0:
            self.timer.stop()
        elif self.isVisible() and len(self.photos) > 1:
            self.timer.start()

    # --- events -----------------------------------------------------------------------------

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._settled.start()
        if self._interval_ms > 0 and len(self.photos) > 1:
            self.timer.start()

    def hideEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self.timer.stop()  # nothing ticks for a carousel nobody sees
        self._settled.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.isVisible():
            self._settled.start()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragging = False
            self._snap.stop()
            self.timer.stop()  # a visitor is here: no advancing under their finger

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._press is None:
            return
        dx = event.position().x() - self._press.x()
        if abs(dx) > TAP_SLOP:
            self._dragging = True
        if self._dragging and len(self.photos) > 1:
            self.offset = dx
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._press is None:
            return
        self._press = None
        if self._dragging and len(self.photos) > 1:
            if abs(self.offset) > self.width() * SNAP_FRACTION:
                step = 1 if self.offset < 0 else -1
                self._animate_to(-step * self.width(), step)
            else:
                self._animate_to(0.0, 0)
        elif not self._dragging and self.photos:
            self.tapped.emit(self.index)
        self._dragging = False
        if self._interval_ms > 0 and len(self.photos) > 1:
            self.timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = QRectF(self.rect())
        clip = QPainterPath()
        clip.addRoundedRect(rect, 18, 18)
        painter.fillRect(rect, QColor(self._colours.surface))
        painter.setClipPath(clip)
        if not self.photos:
            draw_placeholder(painter, rect, self._accent, "", self._colours)
            return
        neighbours = (0, 1, -1) if self.offset else (0,)
        for step in neighbours:
            target = rect.translated(self.offset + step * rect.width(), 0)
            if not target.intersects(rect):
                continue
            image = self._image(self.index + step)
            if image is not None:
                draw_cover(painter, image, target)
            else:
                failed = self.photo_failed(self.index + step)
                text = self.tr("Photo unavailable") if failed else ""
                draw_placeholder(painter, target, self._accent, text, self._colours, self.caption_label.font())
        shade = QLinearGradient(rect.bottomLeft() - QPointF(0, rect.height() * 0.45), rect.bottomLeft())
        shade.setColorAt(0, QColor(0, 0, 0, 0))
        shade.setColorAt(1, QColor(0, 0, 0, 190))
        painter.fillRect(rect, shade)
        self.position.paint(painter, self._accent, self.credit_label.font())
        painter.end()

    @property
    def position(self) -> AlbumPosition:
        return AlbumPosition(self.index, len(self.photos), QRectF(self.rect()))

    def retranslate(self) -> None:
        lang = self._language.language
        if not self.photos:
            self.caption_label.setText(self.album.caption.in_language(lang))
            self.credit_label.clear()
            self.tag_label.hide()
            return
        failed = self.photo_failed(self.index) is not None
        label_photo(self.photos[self.index], lang, self.caption_label, self.credit_label, self.tag_label, self.tr("Illustration"), failed)
