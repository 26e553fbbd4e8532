"""What the guided and maintenance modes add on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk import __version__
from kiosk.core.health import Health, rss_mb
from kiosk.ui.staff.elided_path import ElidedPath
from kiosk.ui.staff.health_text import problem_line, uptime_text
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin


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


class MaintenanceInfo(RetranslateMixin, QFrame):
    """Diagnostics while staff test the screen in maintenance mode, in their language and refreshed every
    two seconds: a slim bar of its own under the tabs. The window's layout gives it the room (the page
    reflows above it), so it covers no control and no content at any size; it was a box in the top
    corner over the language toggle, the visitor's buttons and the first segments, the things staff
    come to test. One line in landscape (a second for problems, when there are any); in portrait the
    content's folder gets a line of its own."""

    def __init__(
        self,
        window: QWidget,
        status: Callable[[], tuple[list[str], list[str]]],
        content: Callable[[], tuple[str, str]],
        frames_per_second: Callable[[], int],
        health: Health,
    ) -> None:
        super().__init__(window)
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._status = status
        self._content = content
        self._fps = frames_per_second
        self._health = health
        self.summary_label = role_label("staff-health", self, wrap=False)
        self.content_label = ElidedPath("staff-health", self)
        self.problems_label = ElidedPath("staff-health", self, Qt.TextElideMode.ElideRight)
        self._rows = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._rows.setSpacing(4)
        self._rows.addWidget(self.summary_label)
        self._rows.addWidget(self.content_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 6, 32, 8)
        layout.setSpacing(4)
        layout.addLayout(self._rows)
        layout.addWidget(self.problems_label)
        self.timer = QTimer(self)
        self.timer.setInterval(2000)
        self.timer.timeout.connect(self.refresh)
        self.hide()
        outer = window.layout()
        if isinstance(outer, QBoxLayout):
            outer.addWidget(self)  # last, under the tabs: reach mode moves the header above the tabs, never below this
        self.retranslate()

    def set_visible(self, visible: bool) -> None:
        self.setVisible(visible)
        if visible:
            self.refresh()
            self.timer.start()
        else:
            self.timer.stop()

    def retranslate(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        health = self._health
        parent = self.parentWidget()
        portrait = parent is not None and parent.height() > parent.width()
        self._rows.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.content_label.setIndent(0 if portrait else self.content_label.fontMetrics().height())  # apart from the summary on its line
        self.summary_label.setWordWrap(portrait)  # an upright screen is too narrow for it on one line
        self.summary_label.setText(
            self.tr(
                "Maintenance mode · version {version} · running for {uptime} · memory {memory:.0f} MB · {fps} screen updates a second"
            ).format(version=__version__, uptime=uptime_text(health), memory=rss_mb(), fps=self._fps())
        )
        self.content_label.set_path(*self._content())
        essential, routine = self._status()
        problems = essential + [problem_line(e) for e in health.latest_new(3)]
        self.problems_label.set_path("", "   ·   ".join(problems) if problems else "   ·   ".join(routine))
