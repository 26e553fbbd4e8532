"""The slide from one page to the next, drawn as two pictures: the page being left, as it was on the
screen, and the page arriving, as it will rest. One opaque widget over the pages paints both at
their offsets, so a frame of the slide is two copies of pixels, not a repaint of every label, chart
and photo of a moving page (at 3840x2160 that repaint cost two frames of 60 Hz; see README,
"Performance benchmarks").

The arriving page is still while it slides in; its figures count up once it has arrived."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPoint, QRect, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

FIRST_FRAME_MS = 16  # the first frame of a slide has moved already: the tap shows at once


def _sized(image: QImage, width: int, height: int, ratio: float) -> QImage:
    """`image` when it is that size, else a new one (a 3840x1800 picture is 27 MB: made once, not per slide)."""
    if image.width() != width or image.height() != height or image.format() != QImage.Format.Format_RGB32:
        image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    return image


def screen_picture(widget: QWidget, into: QImage | None = None) -> QImage | None:
    """What the screen shows of `widget` now, copied from its window's backing store (the pixels the
    last frame flushed) into `into` (reused when the size fits), or None where the platform keeps
    them elsewhere."""
    window = widget.window()
    store = window.backingStore()
    device = store.paintDevice() if store is not None else None
    if not isinstance(device, QImage) or device.isNull():
        return None
    ratio = device.devicePixelRatio()
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(round(top_left.x() * ratio), round(top_left.y() * ratio), round(widget.width() * ratio), round(widget.height() * ratio))
    if not device.rect().contains(rect) or device.format() not in (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32_Premultiplied):
        return None
    picture = _sized(into if into is not None else QImage(), rect.width(), rect.height(), ratio)
    painter = QPainter(picture)
    painter.drawImage(QPoint(0, 0), device, rect)
    painter.end()
    return picture


def resting_picture(widget: QWidget, background: QImage, offset: QPoint, into: QImage | None = None) -> QImage:
    """`widget` drawn over `background` (the window's, at `offset`), as it shows when at rest."""
    ratio = background.devicePixelRatio()
    picture = _sized(into if into is not None else QImage(), round(widget.width() * ratio), round(widget.height() * ratio), ratio)
    painter = QPainter(picture)
    source = QRect(round(offset.x() * ratio), round(offset.y() * ratio), picture.width(), picture.height())
    painter.drawImage(QPoint(0, 0), background, source)
    widget.render(painter, QPoint(0, 0), renderFlags=QWidget.RenderFlag.DrawChildren)
    painter.end()
    return picture


class PageSlide(QWidget):
    """Slides `leaving` out and `entering` in; touches pass through to the page underneath."""

    finished = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._leaving = QImage()
        self._entering = QImage()
        self._direction = 1
        self._progress = 0.0
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.valueChanged.connect(self._on_value)
        self.animation.finished.connect(self.finished)
        self.hide()

    @property
    def pictures(self) -> tuple[QImage, QImage]:
        """The last slide's pictures, for the next one to draw into (kept: at 3840x2160 each is
        27 MB, and making them anew for every slide cost more than drawing them)."""
        return self._leaving, self._entering

    def start(self, leaving: QImage, entering: QImage, direction: int, duration_ms: int) -> None:
        """`direction` 1: the new page comes in from the right (the next page), -1 from the left."""
        self._leaving, self._entering, self._direction = leaving, entering, direction
        self._progress = 0.0
        self.animation.stop()
        self.animation.setDuration(duration_ms)
        self.show()
        self.raise_()
        self.animation.start()
        self.animation.setCurrentTime(min(FIRST_FRAME_MS, duration_ms))

    def stop(self) -> None:
        self.animation.stop()
        self.hide()

    def _on_value(self, value: object) -> None:
        self._progress = float(value)  # type: ignore[arg-type]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        leaving_x = round(-self._direction * self.width() * self._progress)
        painter.drawImage(QPoint(leaving_x, 0), self._leaving)
        painter.drawImage(QPoint(leaving_x + self._direction * self.width(), 0), self._entering)
