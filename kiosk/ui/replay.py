"""Replays a 0..1 progress over its targets: count-ups and growing bars, each time a view is entered.
A duration of 0 (reduced motion) shows the final state at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QVariantAnimation

from kiosk.core.motion import staggered

Target = Callable[[float], None]


class Replay(QObject):
    def __init__(self, duration_ms: int, parent: QObject | None = None, *, stagger: bool = True) -> None:
        super().__init__(parent)
        self._targets: list[Target] = []
        self._stagger = stagger
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.valueChanged.connect(self.seek)
        self.duration_ms = duration_ms

    @property
    def duration_ms(self) -> int:
        return self._duration_ms

    @duration_ms.setter
    def duration_ms(self, value: int) -> None:
        self._duration_ms = max(0, value)
        self._animation.setDuration(max(1, self._duration_ms))

    def add(self, target: Target) -> None:
        self._targets.append(target)

    @property
    def running(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def play(self) -> None:
        self._animation.stop()
        if self._duration_ms == 0:
            self.seek(1.0)
            return
        self.seek(0.0)
        self._animation.start()

    def rewind(self) -> None:
        """Show where `play` starts from, without playing."""
        self._animation.stop()
        self.seek(0.0 if self._duration_ms else 1.0)

    def finish(self) -> None:
        self._animation.stop()
        self.seek(1.0)

    def seek(self, t: object) -> None:
        """Show the state at `t` (0..1) of the whole animation."""
        progress = float(t)  # type: ignore[arg-type]
        count = len(self._targets)
        for i, target in enumerate(self._targets):
            target(staggered(progress, i, count) if self._stagger else progress)
