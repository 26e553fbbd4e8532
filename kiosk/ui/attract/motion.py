"""What moves in the attract loop besides a photo's pan (kiosk.ui.attract.photo_pan): the call to touch
pulsing, and a new scene's words fading in. Each repaints only its own widget's rectangle (an opacity
effect's bounds), and each at the lowest rate that still looks smooth for how fast it changes, not at
the 60 Hz of Qt's animation timer (issue 24: the loop cost 44% of a core repainting a still screen).

- The pulse: 0.45 to 1 and back in 2.4 s, a slow glow. At PULSE_FPS = 20 one step changes the opacity
  by at most 0.036 (gold on the dark ground: a step the eye reads as a glow, not as flicker; at 10 Hz
  the steps show near the middle of the swing). Levels are rounded to 1/60, so near the ends of the
  swing, where the glow hardly changes, a step that would paint the same picture paints nothing.
- Both blend a picture of their widget taken once (SteadyOpacity), not the widget painted again at each
  step: the call and the figure are large type, which Qt fills from the glyphs' outlines on every paint
  (its glyph cache stops at 64 px; the call is 128 px at 4K), 2 ms a pulse step at 4K for the call alone.
- The fade: 700 ms, ease-out, once a scene. Driven by its QVariantAnimation (so it can be sampled frame
  by frame), but a new opacity reaches the screen at most FADE_FPS = 30 times a second: the first
  frames change most, and 33 ms apart they still read as one smooth fade.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QObject, QPoint, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsEffect, QGraphicsOpacityEffect, QWidget

PULSE_MS = 2400  # one full pulse: 0.42 Hz, well under the 2-per-second flash limit
PULSE_LOW = 0.45  # the call's opacity at the bottom of the pulse
PULSE_FPS = 20
PULSE_LEVELS = 60  # opacity is shown in steps of 1/60
FADE_MS = 700  # a scene's words fade in; the figure in them is whole from the first frame
FADE_FPS = 30


class SteadyOpacity(QGraphicsOpacityEffect):
    """An opacity effect that takes one picture of its widget and blends it at each new opacity. Whole
    (opacity 1), the widget paints itself as any other, and the picture is dropped: a pulse takes a new
    one each cycle, a fade ends without one. `forget()` when what the widget shows changes."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._picture: tuple[QPixmap, QPoint] | None = None

    def forget(self) -> None:
        self._picture = None

    def draw(self, painter: QPainter) -> None:
        opacity = self.opacity()
        if opacity >= 1.0:
            self._picture = None
            self.drawSource(painter)
            return
        if self._picture is None:
            offset = QPoint()  # written by sourcePixmap: where the picture goes
            pixmap = self.sourcePixmap(Qt.CoordinateSystem.LogicalCoordinates, offset, QGraphicsEffect.PixmapPadMode.NoPad)
            self._picture = (pixmap, offset)
        pixmap, offset = self._picture
        painter.save()
        painter.setOpacity(opacity)
        painter.drawPixmap(offset, pixmap)
        painter.restore()


class Pulse(QObject):
    """The call to touch glowing while the loop runs: a timer at PULSE_FPS, the opacity from the clock
    (a late tick shows the right phase, never a slowed pulse)."""

    def __init__(self, effect: QGraphicsOpacityEffect, clock: Callable[[], float], parent: QObject) -> None:
        super().__init__(parent)
        self._effect = effect
        self._clock = clock
        self._started = 0.0
        self.period_ms = PULSE_MS
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(round(1000 / PULSE_FPS))
        self.timer.timeout.connect(self.step)

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        if not self.running:
            self._started = self._clock()
            self.timer.start()
            self.step()

    def stop(self) -> None:
        """The call shown whole (reduced motion, or the loop stopped)."""
        self.timer.stop()
        self._effect.setOpacity(1.0)

    def opacity_at(self, seconds: float) -> float:
        phase = (seconds * 1000 % self.period_ms) / self.period_ms
        glow = PULSE_LOW + (1 - PULSE_LOW) * (1 - math.cos(2 * math.pi * phase)) / 2
        return round(glow * PULSE_LEVELS) / PULSE_LEVELS

    def step(self) -> None:
        """One tick: a new opacity (and a repaint of the call box) only when the level changes."""
        if not self.running:
            return
        opacity = self.opacity_at(self._clock() - self._started)
        if abs(opacity - self._effect.opacity()) > 1e-6:
            self._effect.setOpacity(opacity)


class WordsFade(QVariantAnimation):
    """A new scene's words fading in: opacity only, never their text. The animation samples the curve;
    the effect (and the screen) takes a new value at most FADE_FPS times a second, and always the last."""

    def __init__(self, effect: QGraphicsOpacityEffect, parent: QObject) -> None:
        super().__init__(parent)
        self._effect = effect
        self._shown_at: int | None = None  # the animation time whose value the effect shows
        self.setStartValue(0.0)
        self.setEndValue(1.0)
        self.setDuration(FADE_MS)
        self.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.valueChanged.connect(self._show)

    def begin(self, still: bool) -> None:
        self.stop()
        if still:
            self._effect.setOpacity(1.0)
            return
        self._effect.setOpacity(0.0)
        self._shown_at = 0
        self.start()

    def finish(self) -> None:
        """The words as they rest after the fade."""
        self.stop()
        self._effect.setOpacity(1.0)
        self._shown_at = None

    def _show(self, value: object) -> None:
        now = self.currentTime()
        last = self._shown_at
        if last is None or now >= self.duration() or now == 0 or abs(now - last) >= 1000 / FADE_FPS:
            self._shown_at = now
            self._effect.setOpacity(float(value))  # type: ignore[arg-type]
