"""Watches every touch, runs the session machine on a clock, and turns its events into what the
visitor sees: the countdown, the reset, the attract loop and the wake-up. Every input event first
goes to the hidden staff gesture (kiosk/ui/staff_gesture.py); a new visitor is one call on the
visitor's navigation."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer, Signal
from PySide6.QtGui import QInputEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.session import Event, Mode, SessionConfig, SessionMachine, State
from kiosk.ui.attract.attract_view import AttractView
from kiosk.ui.attract.still_there import StillThere
from kiosk.ui.live import LiveSettings
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.navigation import LIGHTBOX, Navigation
from kiosk.ui.staff_gesture import PRESS as _PRESS
from kiosk.ui.staff_gesture import RELEASE as _RELEASE
from kiosk.ui.staff_gesture import StaffGesture

log = logging.getLogger(__name__)

TICK_MS = 250
_INPUT = (*_PRESS, *_RELEASE, QEvent.Type.MouseMove, QEvent.Type.TouchUpdate, QEvent.Type.KeyPress, QEvent.Type.Wheel)


class SessionController(QObject):
    staff_requested = Signal()
    # For visitor insight: a visit starts with its first touch (True: it woke the attract loop) and
    # ends when the session resets, before the reset (the page and language are still the visitor's).
    visit_started = Signal(bool)
    visit_ended = Signal()
    attract_woken = Signal()
    pressed = Signal(QPointF)  # where a visitor touched, as fractions of the window's width and height

    def __init__(
        self,
        window: KioskWindow,
        navigation: Navigation,
        attract: AttractView,
        settings: LiveSettings,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or window)
        self.window = window
        self.navigation = navigation
        self.attract = attract
        self.still_there = StillThere(window)
        self.clock = clock
        self._settings = settings
        self.default_language = self._resolve_language(settings["default_language"])
        self.machine = SessionMachine(self._config(), Mode(settings["mode"]), clock())
        self.staff_open = False  # a staff screen is open: it takes input as it is (see set_staff_open)
        self.suspended = False  # closed hours: no sessions, no attract loop; the closed screen takes input
        self.visiting = False
        self._swallow_release = False
        self.gesture = StaffGesture(window, self)
        self.gesture.requested.connect(self.staff_requested)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        app = QApplication.instance()
        assert app is not None
        self._app = app
        app.installEventFilter(self)
        window.destroyed.connect(lambda: app.removeEventFilter(self))
        settings.changed_signal("mode").connect(self._on_mode)
        settings.changed_signal("default_language").connect(self._on_default_language)
        for name in ("idle_timeout_s", "warning_s", "attract_enabled"):
            settings.changed_signal(name).connect(self._on_timing)
        if self.machine.state is State.ATTRACT:
            QTimer.singleShot(0, self, lambda: None if self.suspended else self.attract.start())

    # --- settings ---------------------------------------------------------------------------

    def _config(self) -> SessionConfig:
        s = self._settings
        return SessionConfig(float(s["idle_timeout_s"]), float(s["warning_s"]), bool(s["attract_enabled"]))

    def _resolve_language(self, code: str) -> str:
        """The language a new visitor gets: the setting's, or the content's default when it names none
        or one the content does not have."""
        dataset = self.window.dataset
        if code and code not in dataset.language_codes:
            log.warning("default language %r is not in the content; new visitors get %s", code, dataset.default_language)
        return code if code in dataset.language_codes else dataset.default_language

    def _on_mode(self, mode: object) -> None:
        self.set_mode(Mode(str(mode)))

    def _on_default_language(self, code: object) -> None:
        self.default_language = self._resolve_language(str(code))

    def _on_timing(self, _value: object) -> None:
        self.machine.set_config(self._config())

    def set_staff_open(self, open_: bool) -> None:
        """A staff screen opened or closed (the staff screens say so). While one is open nobody is idle:
        the visitor's countdown and the attract loop never start behind it (they did, when staff stayed
        longer than the idle timeout, or went from the staff panel to content from USB). Once all are
        closed the idle time counts from then."""
        self.staff_open = open_
        now = self.clock()
        if open_ and self.machine.state is State.WARNING:
            self._handle(self.machine.touch(now), visitor=False)  # the countdown stops: staff are here
        self.machine.set_busy(open_, now)

    # --- input ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # First, and cheap: this sees every event of the application (a page change is ~700 shows,
        # hides and paints; asking each its type cost more than the rest of the filter).
        if not isinstance(event, QInputEvent):
            return False
        if event.type() not in _INPUT or not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if self.gesture.feed(event):
            return True
        if self.staff_open or self.suspended:
            return False
        return self._visitor_input(watched, event)

    def _visitor_input(self, watched: QWidget, event: QInputEvent) -> bool:
        """A touch, key or drag in the window: keeps the session alive, wakes it or is used up doing so."""
        kind, now = event.type(), self.clock()
        if kind in _RELEASE and self._swallow_release:
            self._swallow_release = False
            self.machine.set_busy(False, now)
            event.accept()
            return True
        if kind in _PRESS or kind in (QEvent.Type.KeyPress, QEvent.Type.Wheel):
            return self._touch(watched, event, now)
        if kind in _RELEASE:
            self.machine.set_busy(False, now)
            return False
        if self.machine.mode is Mode.ATTRACT_ONLY:
            return True
        # Moves: a finger dragging keeps the session alive; a mouse merely hovering is not a visitor,
        # and neither wakes the attract loop (only a press does, and that press is swallowed).
        dragging = kind == QEvent.Type.TouchUpdate or bool(QApplication.mouseButtons())
        if dragging and self.machine.state is State.INTERACTIVE:
            self.machine.touch(now)
        return False

    def _touch(self, watched: QWidget, event: QInputEvent, now: float) -> bool:
        """A press, key or wheel. The staff corner is not a visitor: a press there (the start of the
        staff gesture) neither starts a visit nor counts as a touch or a wake in visitor insight."""
        pressed = event.type() in _PRESS
        visitor = not self.gesture.pressed_in_corner
        if pressed:
            self.machine.set_busy(True, now)
            if visitor:
                self._report_press(watched, event)
        events = self.machine.touch(now)
        if visitor and not self.visiting and self.machine.mode is not Mode.ATTRACT_ONLY and Event.WAKE not in events:
            self.visiting = True
            self.visit_started.emit(False)
        if self.machine.mode is Mode.ATTRACT_ONLY or events:
            self._swallow_release = pressed
            self._handle(events, visitor=visitor)
            event.accept()  # stops the press here: it must not reach the parents either
            return True  # waking or continuing: the touch does nothing else
        return False

    def _report_press(self, watched: QWidget, event: QInputEvent) -> None:
        """For visitor insight, where the press landed. A press a widget ignores travels on to its
        parents: counted where it landed, once."""
        window = self.window
        if isinstance(event, QMouseEvent) and window.width() and window.height():
            local = window.mapFromGlobal(event.globalPosition().toPoint())
            if watched is (window.childAt(local) or window):
                self.pressed.emit(QPointF(local.x() / window.width(), local.y() / window.height()))

    # --- clock ------------------------------------------------------------------------------

    def tick(self) -> None:
        if self.suspended:
            return
        now = self.clock()
        if self.staff_open or self.navigation.is_open(LIGHTBOX):  # staff at work, or a visitor looking at a zoomed photo
            self.machine.set_busy(True, now)
        elif self.machine.busy and not self._swallow_release and not QApplication.mouseButtons():
            self.machine.set_busy(False, now)  # the lightbox closed, or a release went elsewhere
        self._handle(self.machine.tick(now))
        if self.machine.state is State.WARNING:
            self.still_there.show_countdown(max(1, round(self.machine.seconds_left(now))))

    def _handle(self, events: list[Event], visitor: bool = True) -> None:
        """`visitor`: a visitor's touch caused these (a staff action or the clock did not)."""
        for event in events:
            if event is Event.WARN:
                self.still_there.show_countdown(round(self.machine.config.warning_s))
            elif event is Event.CONTINUE:
                self.still_there.hide()
            elif event is Event.END_SESSION:
                self.still_there.hide()
                self._end_visit()
                self.navigation.reset(self.default_language)
                if self.machine.state is State.ATTRACT:
                    self.attract.start()
            elif event is Event.WAKE:
                self.attract.stop()
                self.still_there.hide()
                self.navigation.reset(self.default_language)
                if visitor:
                    self.attract_woken.emit()
                    if self.machine.mode is not Mode.ATTRACT_ONLY:
                        self.visiting = True
                        self.visit_started.emit(True)

    def _end_visit(self) -> None:
        if self.visiting:
            self.visiting = False
            self.visit_ended.emit()

    # --- staff ------------------------------------------------------------------------------

    def set_mode(self, mode: Mode) -> None:
        events = self.machine.set_mode(mode, self.clock())
        if not self.suspended:  # closed: the mode applies when the hall opens
            self._handle(events, visitor=False)

    def start_attract_now(self) -> None:
        if self.suspended:  # closed: nothing plays over the closed screen
            return
        self._end_visit()
        self._handle(self.machine.start_attract(self.clock()), visitor=False)

    def suspend(self) -> None:
        """The hall closed: end any visit, stop the attract loop, ignore visitor input until resumed."""
        self._end_visit()
        self.still_there.hide()
        self.attract.stop()
        self.navigation.reset(self.default_language)
        self.suspended = True

    def resume(self) -> None:
        """The hall opened: start as after a session, with the attract loop if it is on."""
        if not self.suspended:
            return
        self.suspended = False
        self.machine.set_busy(False, self.clock())
        if self.machine.mode is Mode.ATTRACT_ONLY or (self.machine.config.attract_enabled and not self.staff_open):
            self.start_attract_now()  # not over an open staff panel: staff may have pressed "open now"

    def hold(self) -> None:
        """Nobody times out and nothing plays by itself (the editor's preview): input still works."""
        self.timer.stop()
        self.attract.stop()

    def shutdown(self) -> None:
        """Also off the application's events: the kiosk is ending, and Python code run for each event
        while Qt tears the process down is only a chance to go wrong."""
        self._app.removeEventFilter(self)
        self.timer.stop()
        self.gesture.stop()
        self.attract.stop()
