"""Listens to the session and the window and records anonymous visitor insight: visits, the time
each spends on each page, the language they ended in, attract wakes and where fingers land. A visit
is measured from its first touch to its last: the wait before the kiosk decides a visitor has gone
is not counted (so reading after the last touch is not either; the figures err on the short side).

A visit is a visitor's: one in which nobody pressed the screen outside the staff corner while no staff
screen was open (only the staff gesture, a key such as Ctrl+Alt+S, the PIN pad or staff screens) is
forgotten when it ends, and so is the attract wake that began it: staff at work are not visitors. The visit always carries the
language it is in now, so it ends in the visitor's last language even if the kiosk is killed. A store
that cannot write (full or read-only disk) never disturbs a visitor: the first failure is logged and
shown to staff, the next write simply tries again. Where fingers land is counted at the press and
written after the frame that answers it (with the page change on the screen, or at the session's
next tick, a quarter of a second at most): no tap waits for the disk."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtWidgets import QApplication

from kiosk.core.insight import InsightError, InsightStore
from kiosk.core.session import Mode
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.navigation import Navigation
from kiosk.ui.session_controller import SessionController

log = logging.getLogger(__name__)


class InsightRecorder(QObject):
    def __init__(
        self,
        store: InsightStore,
        window: KioskWindow,
        navigation: Navigation,
        session: SessionController,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.store = store
        self.window = window
        self.clock = clock
        self.problem = ""  # the last write failure, for the staff panel; empty when writing works
        self._visit: int | None = None
        self._page_since = clock()
        self._navigation = navigation
        self._page_index = navigation.page
        self._last_touch = clock()
        self._session = session
        self._visitor_pressed = False  # a visitor pressed the screen in the visit in progress
        self._press_before_visit = False  # the press that is starting a visit (it comes just before it)
        self._pending_wake = False  # the attract loop woke without a visitor's press: counted if one comes
        self._held: list[tuple[int, str, float]] = []  # page times measured at a page change, not yet written
        session.timer.timeout.connect(self._on_tick)  # the taps the store counted, written at the session's next tick
        session.visit_started.connect(self._visit_started)
        session.visit_ended.connect(self._visit_ended)
        session.attract_woken.connect(self._woken)
        session.pressed.connect(self._pressed)
        navigation.page_changed.connect(self._page_changed)
        window.turn.turned.connect(self._write_held)
        window.language.language_changed.connect(self._language_changed)

    def _write(self, action: Callable[[], object]) -> object:
        self._write_held()  # first: the writes stay in the order of what happened
        return self._attempt(action)

    def _write_held(self, *_: object) -> None:
        """The page times held back at page changes and the taps counted (the page change on the
        screen now, a moment after a tap, or a write after them)."""
        held, self._held = self._held, []
        for spent in held:
            self._attempt(functools.partial(self.store.pillar_time, *spent))
        if self.store.taps_held:
            self._attempt(self.store.write_taps)

    def _attempt(self, action: Callable[[], object]) -> object:
        try:
            result = action()
        except InsightError as exc:
            if not self.problem:
                log.warning("visitor insight not recorded: %s", exc)
            self.problem = str(exc)
            return None
        self.problem = ""
        return result

    def _visit_started(self, woke: bool) -> None:
        pressed, wake = self._press_before_visit, self._pending_wake
        if self._visit is not None:
            self._visit_ended()
        self._pending_wake = wake
        visit = self._write(lambda: self.store.session_started(self.window.language.language, woke))
        self._visit = visit if isinstance(visit, int) else None
        self._visitor_pressed, self._press_before_visit = pressed, False
        self._page_index = self._navigation.page
        self._page_since = self._last_touch = self.clock()

    def _on_tick(self) -> None:
        """The taps counted written, once no finger is down: never between a press and the frame
        that answers its release."""
        if self.store.taps_held and QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self._write_held()

    def _page_time(self, until: float | None = None) -> tuple[int, str, float] | None:
        """The time on the visitor's page until now (or `until`), to be written; the next page's counts from then."""
        now = self.clock() if until is None else until
        seconds, self._page_since = now - self._page_since, now
        visit = self._visit
        pages = self.window.dataset.pages
        if visit is not None and seconds > 0 and 0 <= self._page_index < len(pages):
            return visit, pages[self._page_index].id, seconds
        return None

    def _flush_page(self, until: float | None = None) -> None:
        spent = self._page_time(until)
        if spent is not None:
            self._write(lambda: self.store.pillar_time(*spent))

    def _page_changed(self, index: int) -> None:
        # Measured now, written once the page change is on the screen (`turned`): not in the frame
        # that answers the tap.
        spent = self._page_time()
        if spent is not None:
            self._held.append(spent)
        self._page_index = index

    def _visit_ended(self) -> None:
        self._press_before_visit = self._pending_wake = False
        if self._visit is None:
            return
        last_touch = max(self._last_touch, self._page_since)
        self._flush_page(until=last_touch)
        visit, self._visit = self._visit, None
        if not self._visitor_pressed:  # only staff used the screen: not a visit
            self._write(lambda: self.store.session_discarded(visit))
            return
        idle = max(0.0, self.clock() - last_touch)
        self._write(lambda: self.store.session_ended(visit, self.window.language.language, idle_s=idle))

    def _woken(self) -> None:
        if self._press_before_visit or self._session.machine.mode is Mode.ATTRACT_ONLY:
            self._write(self.store.attract_wake)
        else:
            self._pending_wake = True  # a key woke it: a visitor's if a press follows in this visit

    def _language_changed(self, language: str) -> None:
        visit = self._visit
        if visit is not None:
            self._write(lambda: self.store.session_language(visit, language))

    def _pressed(self, where: QPointF) -> None:
        if self._session.visiting:
            self._visitor_pressed = True
            if self._pending_wake:
                self._pending_wake = False
                self._write(self.store.attract_wake)
        elif self._session.machine.mode is not Mode.ATTRACT_ONLY:
            self._press_before_visit = True  # the session starts the visit right after telling us
        self._last_touch = self.clock()
        self.store.tap(where.x(), where.y())

    def close(self) -> None:
        self._write_held()
        self._visit_ended()
        self.store.close()
