"""The slide from one page to the next, drawn as two pictures: the page being left, as it was on the
screen, and the page arriving, as it will rest. One opaque widget over the pages paints both at
their offsets, so a frame of the slide is two copies of pixels, not a repaint of every label, chart
and photo of a moving page (at 3840x2160 that repaint cost two frames of 60 Hz; see README,
"Performance benchmarks").

The first frame, the one that answers the tap, takes the page being left where the screen already
shows it: it moves that page's rows within the window's backing store (one move, no copy into the
picture and back out of it in the tap's frame); the rest of it goes into the picture between the
first frame and the second.

The arriving page is still while it slides in; its figures count up once it has arrived."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QWidget

FIRST_FRAME_MS = 16  # the first frame of a slide has moved already: the tap shows at once
REST_MS = 17  # a 60 Hz frame after the slide's last


def _on_screen(widget: QWidget) -> tuple[QImage, QRect] | None:
    """The window's backing store (the pixels the last frame flushed) and `widget`'s place in it
    (device pixels), if the platform keeps them in an image we can read."""
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
    return device, rect


def on_screen(widget: QWidget) -> bool:
    """Whether what the screen shows of `widget` can be read (see screen_picture)."""
    return _on_screen(widget) is not None


def screen_picture(widget: QWidget, into: QImage | None = None, at: QPoint | None = None) -> QImage | None:
    """What the screen shows of `widget` now, copied from its window's backing store (the pixels the
    last frame flushed): into `into` at `at` (device pixels), or a picture of its own; None where
    the platform keeps them elsewhere."""
    screen = _on_screen(widget)
    if screen is None:
        return None
    device, rect = screen
    if into is None:
        into, at = QImage(rect.size(), QImage.Format.Format_RGB32), QPoint(0, 0)
        into.setDevicePixelRatio(device.devicePixelRatio())
    _copy_device_pixels(device, rect, into, at or QPoint(0, 0))
    return into


def _copy_device_pixels(device: QImage, rect: QRect, into: QImage, at: QPoint) -> None:
    painter = QPainter(into)
    painter.resetTransform()  # device pixels
    painter.scale(1 / into.devicePixelRatio(), 1 / into.devicePixelRatio())
    painter.drawImage(at, device, rect)
    painter.end()


def copy_into(into: QImage, at: QPoint, picture: QImage) -> None:
    """`picture` (made by resting_picture at the same ratio) into `into` at `at` (device pixels), pixel for pixel."""
    ratio = into.devicePixelRatio()
    painter = QPainter(into)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.drawImage(QPointF(at.x() / ratio, at.y() / ratio), picture)
    painter.end()


def resting_picture(widget: QWidget, background: QImage, offset: QPoint, into: QImage | None = None, at: QPoint | None = None) -> QImage:
    """`widget` drawn over `background` (the window's, at `offset`), as it shows when at rest: into
    `into` at `at` (device pixels), or a picture of its own."""
    ratio = background.devicePixelRatio()
    size = QSize(round(widget.width() * ratio), round(widget.height() * ratio))
    if into is None:
        into, at = QImage(size, QImage.Format.Format_RGB32), QPoint(0, 0)
        into.setDevicePixelRatio(ratio)
    at = at or QPoint(0, 0)
    painter = QPainter(into)
    painter.drawImage(
        QPointF(at.x() / ratio, at.y() / ratio), background, QRect(QPoint(round(offset.x() * ratio), round(offset.y() * ratio)), size)
    )
    painter.setClipRect(QRectF(at.x() / ratio, at.y() / ratio, size.width() / ratio, size.height() / ratio))
    widget.render(painter, QPoint(round(at.x() / ratio), round(at.y() / ratio)), renderFlags=QWidget.RenderFlag.DrawChildren)
    painter.end()
    return into


class PageSlide(QWidget):
    """Slides the page being left out and the arriving one in, as one picture twice the width of
    the pages (the two side by side): every frame copies one window-wide part of it, whole rows
    (two pictures drawn in parts cost up to four times as much where one part was a few pixels
    wide). Touches pass through to the page underneath."""

    finished = Signal()
    first_frame = Signal()  # painted the first frame of a slide (the one that answers the tap)

    def __init__(self, parent: QWidget, lift: Callable[[QWidget], None] | None = None) -> None:
        """`lift` puts the slide over the pages as it starts (the window's stacking owner); else it is raised."""
        super().__init__(parent)
        self._lift = lift
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._strip = QImage()  # kept between slides: at 3840x2160 it is 55 MB, made once
        self._direction = 1
        self._progress = 0.0
        self.frames_painted = 0  # of the slide running now
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.valueChanged.connect(self._on_value)
        # The live page takes over a frame after the slide has come to rest: that repaint of the whole
        # page (20 ms at 3840x2160) lands when nothing moves, not in the slide's last frame. It looks
        # the same: the arriving picture is the page as it rests.
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(REST_MS)
        self._rest.timeout.connect(self.finished)
        self.animation.finished.connect(self._rest.start)
        self._arriving: QImage | None = None
        self._arriving_at = QPoint(0, 0)
        self._leaving_at: QPoint | None = None  # the leaving page, still on the screen, goes there in the strip
        self._moved: tuple[QRect, QPoint] | None = None  # the leaving page's rest, where frame 1 moved it on the screen
        self._running = False
        self.setGeometry(QRect())

    def prepare(self, size: QSize, ratio: float, direction: int) -> tuple[QImage, QPoint, QPoint]:
        """The picture to draw both pages into, and where (device pixels) the leaving and the
        arriving page go. `direction` 1: the new page comes in from the right (the next page)."""
        width, height = round(size.width() * ratio), round(size.height() * ratio)
        if self._strip.width() != 2 * width or self._strip.height() != height:
            self._strip = QImage(2 * width, height, QImage.Format.Format_RGB32)
        self._strip.setDevicePixelRatio(ratio)
        self._direction = direction
        left, right = QPoint(0, 0), QPoint(width, 0)
        return (self._strip, left, right) if direction > 0 else (self._strip, right, left)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, duration_ms: int, arriving: QImage | None = None, at: QPoint | None = None, leaving_at: QPoint | None = None) -> None:
        """Slide; `arriving` (the arriving page drawn ahead of time, at `at` in the strip): its first
        frame draws from it as it is, and it goes into the strip for the frames after. `leaving_at`:
        the page being left is the one the screen shows under the slide (nothing lies over it), not
        yet in the strip: the first frame moves it on the screen, where it is (one copy of its
        pixels in the tap's frame, not two), and it goes into the strip at `leaving_at` after."""
        self._progress = 0.0
        self.frames_painted = 0
        self._arriving, self._arriving_at = arriving, at or QPoint(0, 0)
        self._leaving_at, self._moved = leaving_at, None
        self._running = True
        self.animation.stop()
        self.animation.setDuration(duration_ms)
        if self._lift is None:
            self.raise_()
        else:
            self._lift(self)
        self.animation.start()
        self.animation.setCurrentTime(min(FIRST_FRAME_MS, duration_ms))

    def stop(self) -> None:
        self.animation.stop()
        self._rest.stop()
        self._arriving = self._leaving_at = self._moved = None
        self._running = False
        self.setGeometry(QRect())  # out of sight, still shown: showing a widget again costs a millisecond of the tap

    def _on_value(self, value: object) -> None:
        self._progress = float(value)  # type: ignore[arg-type]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self.frames_painted > 0:
            self.merge()  # (done between the frames as a rule)
        painter = QPainter(self)
        ratio = self._strip.devicePixelRatio()
        width = round(self.width() * ratio)
        shift = round(width * self._progress)  # how far the pages have moved
        x = shift if self._direction > 0 else width - shift
        leaving = True  # the leaving page's part is drawn from the strip
        if self._leaving_at is not None:
            leaving = not self._move_on_screen(painter, event, shift)
            if leaving:  # drawn elsewhere (a grab) or the screen not in whole rows: the leaving page copied first
                screen_picture(self, self._strip, self._leaving_at)
            self._leaving_at = None
        if leaving and self._arriving is None:
            painter.drawImage(QPoint(0, 0), self._strip, QRect(x, 0, width, self._strip.height()))
        else:
            self._paint_parts(painter, x, width, leaving=leaving)
        painter.end()
        self.frames_painted += 1
        if self.frames_painted == 1:
            self.first_frame.emit()

    def _move_on_screen(self, painter: QPainter, event: QPaintEvent, shift: int) -> bool:
        """The first frame's leaving part, moved `shift` device pixels where the screen shows it (the
        window's backing store, as the last frame left it under this opaque widget: nothing below it
        paints there). The part that moves out of sight goes into the strip first; the rest follows
        after the frame (merge). Only for a paint into the backing store that covers the whole slide,
        and a slide as wide as the window (its rows in one piece: one move)."""
        assert self._leaving_at is not None
        screen = _on_screen(self)
        target = painter.paintEngine().paintDevice()
        if screen is None or not isinstance(target, QImage) or not (QRegion(self.rect()) - event.region()).isEmpty():
            return False
        device, rect = screen
        if (
            target.cacheKey() != device.cacheKey()
            or rect.x() != 0
            or rect.width() != device.width()
            or rect.width() != self._strip.width() // 2
        ):
            return False
        width, height, at = rect.width(), rect.height(), self._leaving_at
        forward = self._direction > 0  # the leaving page moves left: its left edge goes out of sight
        gone = QRect(0 if forward else width - shift, rect.y(), shift, height)
        if shift > 0:
            _copy_device_pixels(device, gone, self._strip, at + QPoint(gone.x(), 0))
        line = device.bytesPerLine()
        start, end, by = rect.y() * line, (rect.y() + height) * line, shift * device.depth() // 8
        pixels = memoryview(device.bits())  # writable: the image's own pixels
        if forward:
            pixels[start : end - by] = pixels[start + by : end]  # whole rows at once: the ends of the rows are the arriving page's part
        else:
            pixels[start + by : end] = pixels[start : end - by]
        kept = QRect(0 if forward else shift, rect.y(), width - shift, height)
        self._moved = (kept, at + QPoint(shift if forward else 0, 0))
        return True

    def merge(self) -> None:
        """The arriving picture into the strip, where the frames after the first take it from (and
        the leaving page's part the first frame moved on the screen)."""
        moved, self._moved = self._moved, None
        if moved is not None:
            screen = _on_screen(self)
            if screen is not None and not moved[0].isEmpty() and screen[0].rect().contains(moved[0]):
                _copy_device_pixels(screen[0], moved[0], self._strip, moved[1])
        if self._arriving is not None:
            copy_into(self._strip, self._arriving_at, self._arriving)
            self._arriving = None

    def _paint_parts(self, painter: QPainter, x: int, width: int, *, leaving: bool = True) -> None:
        """The window onto the strip at `x`, its arriving half taken from the picture not yet in it
        (or from the strip); the leaving page's part too unless it is on the screen already."""
        ratio = self._strip.devicePixelRatio()
        height, at = self._strip.height(), self._arriving_at.x()
        for left, right in ((x, min(x + width, at)), (max(x, at + width), x + width)) if leaving else ():  # the leaving page's part
            if right > left:
                painter.drawImage(QPointF((left - x) / ratio, 0), self._strip, QRect(left, 0, right - left, height))
        left, right = max(x, at), min(x + width, at + width)  # the arriving page's part
        if right > left:
            source, offset = (self._arriving, at) if self._arriving is not None else (self._strip, 0)
            painter.drawImage(QPointF((left - x) / ratio, 0), source, QRect(left - offset, 0, right - left, height))
