"""A photo scene's slow pan, at what it costs to show.

The photo is prepared once, on the loader's thread, a little wider than the screen (the width it will
travel across the scene) and cropped to the screen's height; on arrival it is converted once to the
backing store's own format. Each frame is then an unscaled copy of it, moved by whole pixels, into the
part of the screen above the words' band and around the corner card: no scaling, no smoothing, no blending
per frame. The old pan
zoomed by 12% while drifting, so every frame resampled the whole picture, 60 times a second.

The rate is what the motion needs: the picture moves PAN_SPEED pixels a second at 1080p (168 px over a
7 s scene, as far as the old drift went), one pixel per step, so PAN_FPS = PAN_SPEED steps a second.
A step of one pixel is the smallest the screen can show, so a faster rate would paint the same
picture; a slower one would jump. A 4K screen moves two pixels per step at the same rate: the same
distance on the same glass in the same time, the same smoothness.

Under the band and the corner card the photo shows faintly through their scrims (7%); there it stays where
the scene began, so the band, the card and their words are never repainted by the pan (the band's top
line hides that seam; the card's is 7% of a two-pixel shift), and the words' fade and the call's pulse
repaint their own boxes over the same picture. Redrawing the card's two labels cost a 4K pan step more
than copying the picture did."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QRegion
from PySide6.QtWidgets import QWidget

from kiosk.ui.theme import scale_for

SCENE_MS = 7000
PAN_SPEED = 24  # px/s at 1080p: one step a pixel
PAN_FPS = PAN_SPEED


class PhotoPan(QObject):
    """The pan of the photo scene shown on `view`: where the picture is, and which part of the view a
    step repaints. `clock` (seconds) places the picture, so a late tick never slows the pan."""

    def __init__(self, view: QWidget, clock: Callable[[], float], still: Callable[[], QRegion]) -> None:
        super().__init__(view)
        self._view = view
        self._clock = clock
        self._still = still  # under the words: the pan leaves the picture there as it was
        self._started = 0.0
        self._source_key: int | None = None  # the loader's image the converted copy is of
        self._image: QImage | None = None
        self.offset = 0  # device pixels the picture has moved to the left
        self.rest_offset = 0  # where it was when the scene began: the band shows it there
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(round(1000 / PAN_FPS))
        self.timer.timeout.connect(self.step)

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def step_px(self) -> int:
        """Device pixels per step: one at 1080p, two at 4K."""
        view = self._view
        return max(1, round(scale_for(view.width(), view.height()) * view.devicePixelRatioF()))

    def travel(self) -> int:
        return self.step_px() * PAN_FPS * SCENE_MS // 1000

    def photo_size(self, device: tuple[int, int]) -> tuple[int, int]:
        """What to ask the loader for: the screen, and the width the pan travels across."""
        return device[0] + self.travel(), device[1]

    def start(self, moving: bool) -> None:
        """A new photo scene: from its left edge, moving; or still, its middle (reduced motion)."""
        self.timer.stop()
        travel = self.travel()
        self.offset = self.rest_offset = 0 if moving else travel // 2 // self.step_px() * self.step_px()
        if moving:
            self._started = self._clock()
            self.timer.start()

    def stop(self) -> None:
        """No photo scene (or the loop stopped): the converted copy goes too."""
        self.timer.stop()
        self._image = self._source_key = None

    def step(self) -> None:
        """One tick: the picture where the clock says, and only the part of the view above the band
        repainted, only when it moved. Nothing once it has stopped (or when still)."""
        if not self.running:
            return
        step = self.step_px()
        travel = self.travel()
        offset = min(travel, int((self._clock() - self._started) * PAN_FPS + 1e-6) * step)  # a tick on time is a whole step
        if offset >= travel:
            self.timer.stop()
        if offset != self.offset:
            self.offset = offset
            if self._image is not None:  # painted once: the photo is there (not loading, not failed)
                self._view.update(self.moving_region())

    def moving_region(self) -> QRegion:
        """What a step repaints: the view but the band and the corner card."""
        return QRegion(self._view.rect()).subtracted(self._still())

    def _converted(self, source: QImage) -> QImage:
        """The loader's image in the screen's format, converted once: each frame is then a plain copy."""
        if source.cacheKey() != self._source_key or self._image is None:
            self._image = source.convertToFormat(QImage.Format.Format_RGB32)
            self._image.setDevicePixelRatio(self._view.devicePixelRatioF())
            self._source_key = source.cacheKey()
        return self._image

    def paint(self, painter: QPainter, source: QImage) -> None:
        """The picture at its place, and where the scene began under the band and the card."""
        image = self._converted(source)
        ratio = self._view.devicePixelRatioF()
        still = self._still()
        for region, offset in ((QRegion(self._view.rect()).subtracted(still), self.offset), (still, self.rest_offset)):
            painter.save()
            painter.setClipRegion(region, Qt.ClipOperation.IntersectClip)
            painter.drawImage(QPointF(-offset / ratio, 0), image)
            painter.restore()
