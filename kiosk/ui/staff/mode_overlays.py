"""What the guided and maintenance modes add on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk import __version__
from kiosk.core.health import Health, rss_mb
from kiosk.ui.widgets.labels import role_label


class GuidedControls:
    """Large back/next buttons at the screen's edges, for a guide presenting to a group."""

    def __init__(self, window: QWidget, step: Callable[[int], None]) -> None:
        self.buttons = []
        for text, direction in (("‹", -1), ("›", 1)):
            button = QPushButton(text, window)
            button.setProperty("role", "guided")
            button.clicked.connect(lambda _=False, d=direction: step(d))
            button.hide()
            self.buttons.append(button)
        self._window = window

    def set_visible(self, visible: bool) -> None:
        for button in self.buttons:
            button.setVisible(visible)
        self.place()

    def place(self) -> None:
        w, h = self._window.width(), self._window.height()
        size = max(96, round(h * 0.11))
        self.buttons[0].setGeometry(12, (h - size) // 2, size, size)
        self.buttons[1].setGeometry(w - size - 12, (h - size) // 2, size, size)


class MaintenanceInfo(QFrame):
    """Diagnostics in a corner, refreshed every two seconds, in maintenance mode."""

    def __init__(self, window: QWidget, status: Callable[[], list[str]], frames_per_second: Callable[[], int], health: Health) -> None:
        super().__init__(window)
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._status = status
        self._fps = frames_per_second
        self._health = health
        self.text_label = role_label("staff-health", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.text_label)
        self.timer = QTimer(self)
        self.timer.setInterval(2000)
        self.timer.timeout.connect(self.refresh)
        self.hide()

    def set_visible(self, visible: bool) -> None:
        self.setVisible(visible)
        if visible:
            self.refresh()
            self.timer.start()
        else:
            self.timer.stop()

    def refresh(self) -> None:
        health = self._health
        errors = [f"{e.level}: {e.brief}" for e in health.latest(3)]
        lines = [
            f"MAINTENANCE · v{__version__} · up {health.uptime_text()} · {rss_mb():.0f} MB · {self._fps()} fps",
            *self._status(),
            *errors,
        ]
        self.text_label.setText("\n".join(line for line in lines if line))
        parent = self.parentWidget()
        if parent is not None:
            self.adjustSize()
            self.move(parent.width() - self.width() - 24, 24)
