"""What the guided and maintenance modes add on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMargins, QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk import __version__
from kiosk.core.health import Health, rss_mb
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.theme import scale_for
from kiosk.ui.widgets.labels import role_label


class GuidedControls(QObject):
    """Large back/next buttons for a guide presenting to a group, in room the window keeps free for
    them, so they never lie over what the group reads: on a wide screen at the two ends of the tab
    row (the page keeps its whole width, which its columns need), on a tall one in a band of their
    own under the page, where width is short and height to spare."""

    # At 1080p design size.
    SIDE = 112  # the room at each end of the tabs, landscape: an 88 px square button, 12 px from the edge
    BAND = 120  # the band under the pages, portrait: a 96 px tall button, 12 px above and below
    GAP = 12
    BUTTON = 88  # a button's height at the ends of the tabs (and its width)
    BAND_BUTTON = 240  # a button's width in the band
    INSET = 72  # in the band, in line with the page's text

    def __init__(self, window: KioskWindow, step: Callable[[int], None]) -> None:
        super().__init__(window)
        self.buttons: list[QPushButton] = []
        for text, direction in (("‹", -1), ("›", 1)):
            button = QPushButton(text, window)
            button.setProperty("role", "guided")
            button.clicked.connect(lambda _=False, d=direction: step(d))
            button.hide()
            self.buttons.append(button)
        self._window = window
        self._shown = False
        window.installEventFilter(self)  # a turned screen: the room moves from the tabs to under the page
        window.pages.installEventFilter(self)  # the rows moved (reach mode, a resize): the buttons follow
        window.rebuilt.connect(self.place)  # new tabs

    @property
    def portrait(self) -> bool:
        return self._window.height() > self._window.width()

    def set_visible(self, visible: bool) -> None:
        self._shown = visible
        self._reserve()
        for button in self.buttons:
            button.setVisible(visible)
        self.place()

    def _reserve(self) -> None:
        pages, tabs = QMargins(), QMargins()
        if self._shown and self.portrait:
            pages = QMargins(0, 0, 0, self.BAND)
        elif self._shown:
            tabs = QMargins(self.SIDE, 0, self.SIDE, 0)
        if (pages, tabs) != self._window.room_asked():
            self._window.keep_room(pages, tabs)

    def place(self) -> None:
        """Each button in the middle of its room."""
        if not self._shown:
            return
        window = self._window
        scale = scale_for(window.width(), window.height())
        gap = round(self.GAP * scale)
        back, forward = self.buttons
        if self.portrait:
            pages = window.pages.geometry()
            width, inset = round(self.BAND_BUTTON * scale), round(self.INSET * scale)
            top = pages.bottom() + 1 + gap
            height = window.room()[0].bottom() - 2 * gap
            back.setGeometry(pages.left() + inset, top, width, height)
            forward.setGeometry(pages.right() + 1 - inset - width, top, width, height)
        else:
            tabs = window.tab_bar.geometry()
            size = round(self.BUTTON * scale)
            top = tabs.top() + (tabs.height() - size) // 2
            back.setGeometry(gap, top, size, size)
            forward.setGeometry(window.width() - gap - size, top, size, size)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._reserve()
        elif watched is self._window.pages and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return False


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
