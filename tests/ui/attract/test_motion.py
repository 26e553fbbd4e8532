"""The call's pulse and the words' fade, stepped by hand: each shows a new picture only as often as its
motion needs (the pulse at its own rate, only when the glow changes; the fade at most 30 times a
second), not at every tick of Qt's 60 Hz animation timer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QGraphicsOpacityEffect, QWidget

from kiosk.ui.attract.motion import FADE_FPS, FADE_MS, PULSE_FPS, PULSE_LOW, Pulse, WordsFade
from tests.kiosks import FakeClock


class CountingEffect(QGraphicsOpacityEffect):
    """An opacity effect that notes every opacity it is given (each one repaints its widget)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.shown: list[float] = []
        self.opacityChanged.connect(self.shown.append)


@pytest.fixture
def box(qapp: QApplication) -> Iterator[QWidget]:
    widget = QWidget()
    yield widget
    widget.deleteLater()
    qapp.processEvents()


def test_the_pulse_glows_at_its_own_rate_and_repaints_only_when_the_glow_changes(box: QWidget) -> None:
    effect = CountingEffect(box)
    box.setGraphicsEffect(effect)
    clock = FakeClock()
    pulse = Pulse(effect, clock, box)
    assert pulse.period_ms >= 1000  # far under 2 flashes a second
    assert pulse.timer.interval() == round(1000 / PULSE_FPS) and PULSE_FPS <= 30
    pulse.start()
    try:
        assert pulse.running
        steps = round(pulse.period_ms / 1000 * PULSE_FPS)
        for _ in range(3 * steps):
            clock.now += 1 / PULSE_FPS
            pulse.step()
        assert min(effect.shown) == pytest.approx(PULSE_LOW) and max(effect.shown) == pytest.approx(1.0)
        assert len(effect.shown) < 3 * steps  # near the ends of the swing a step that would show the same glow shows nothing
        assert all(abs(a - b) <= 0.06 for a, b in zip(effect.shown, effect.shown[1:], strict=False))  # a glow, no jumps
        before = len(effect.shown)
        for _ in range(5):
            pulse.step()  # the clock has not moved: nothing new to show
        assert len(effect.shown) == before
    finally:
        pulse.stop()
    assert not pulse.running and effect.opacity() == 1.0  # stopped: the call shown whole


def test_the_fade_shows_at_most_thirty_frames_a_second_and_always_its_end(box: QWidget) -> None:
    effect = CountingEffect(box)
    box.setGraphicsEffect(effect)
    fade = WordsFade(effect, box)
    fade.begin(still=False)
    try:
        fade.pause()  # stepped by hand, a millisecond at a time: the 60 Hz ticks and more
        effect.shown.clear()
        for ms in range(1, FADE_MS + 1):
            fade.setCurrentTime(ms)
    finally:
        fade.stop()
    assert effect.shown[-1] == 1.0
    assert len(effect.shown) <= FADE_MS * FADE_FPS // 1000 + 1
    assert len(effect.shown) >= FADE_MS * FADE_FPS // 1000 - 1  # and no fewer: a smooth fade
    assert effect.shown == sorted(effect.shown)


def test_a_still_fade_shows_the_words_whole_at_once(box: QWidget) -> None:
    effect = CountingEffect(box)
    box.setGraphicsEffect(effect)
    fade = WordsFade(effect, box)
    fade.begin(still=True)
    assert fade.state() != fade.State.Running and effect.opacity() == 1.0
    fade.begin(still=False)
    assert fade.state() == fade.State.Running and effect.opacity() == 0.0
    fade.finish()
    assert fade.state() != fade.State.Running and effect.opacity() == 1.0
