"""What the guided and maintenance modes add on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMargins, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QPushButton, QWidget

from kiosk import __version__
from kiosk.core.health import Health, rss_mb
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.staff.elided_path import ElidedPath
from kiosk.ui.staff.health_text import problem_line, uptime_text
from kiosk.ui.theme import scale_for
from kiosk.ui.widgets.retranslatable import RetranslateMixin


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


class MaintenanceInfo(RetranslateMixin, QFrame):
    """Diagnostics while staff test the screen in maintenance mode, in their language and refreshed every
    two seconds: a slim bar of its own under the tabs. The window's layout gives it the room (the page
    reflows above it), so it covers no control and no content at any size; it was a box in the top
    corner over the language toggle, the visitor's buttons and the first segments, the things staff
    come to test. One line in landscape, two in portrait (the page keeps as much room as it can); each
    part shortened where the line is short, the most useful first: the frame count, then how long it
    has run, memory and the version; the content's folder in its middle; problems at their end."""

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
        self.summary_label = ElidedPath("staff-health", self, Qt.TextElideMode.ElideRight)
        self.content_label = ElidedPath("staff-health", self)
        self.problems_label = ElidedPath("staff-health", self, Qt.TextElideMode.ElideRight)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(32, 0, 32, 0)  # as slim as a line: the page keeps the rest
        self._grid.setHorizontalSpacing(32)
        self._grid.setVerticalSpacing(2)
        self._portrait: bool | None = None
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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.isVisible() and event.oldSize().width() != event.size().width():
            self.refresh()  # the screen turned or the window was resized: arranged and shortened anew

    def _arrange(self, portrait: bool) -> None:
        """Landscape: the three parts on one line. Portrait: the summary, then the content and problems."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        grid = self._grid
        for label in (self.summary_label, self.content_label, self.problems_label):
            grid.removeWidget(label)
        for column in range(3):
            grid.setColumnStretch(column, 0)
        if portrait:
            grid.addWidget(self.summary_label, 0, 0, 1, 2)
            grid.addWidget(self.content_label, 1, 0)
            grid.addWidget(self.problems_label, 1, 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
        else:
            for column, label in enumerate((self.summary_label, self.content_label, self.problems_label)):
                grid.addWidget(label, 0, column)
                grid.setColumnStretch(column, 1)

    def refresh(self) -> None:
        health = self._health
        parent = self.parentWidget()
        portrait = parent is not None and parent.height() > parent.width()
        self._arrange(portrait)
        summary = self.tr(
            "Maintenance mode · {fps} screen updates a second · running for {uptime} · memory {memory:.0f} MB · version {version}"
        ).format(version=__version__, uptime=uptime_text(health), memory=rss_mb(), fps=self._fps())
        self.summary_label.set_path("", summary)
        if not portrait:  # its whole width where it can, at most half the bar
            whole = self.summary_label.fontMetrics().horizontalAdvance(summary) + 4
            self.summary_label.setMinimumWidth(min(whole, self.width() // 2))
        else:
            self.summary_label.setMinimumWidth(0)
        self.content_label.set_path(*self._content())
        essential, routine = self._status()
        problems = essential + [problem_line(e) for e in health.latest_new(3)]
        self.problems_label.set_path("", "   ·   ".join(problems) if problems else "   ·   ".join(routine))
