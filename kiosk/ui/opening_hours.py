"""Opening hours on screen: outside them the kiosk shows a dim "closed" screen with the next opening
time (or turns the display off), and comes back by itself when the hall opens. Staff can force it
open or closed from the staff panel until the schedule's next change."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QHideEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.commands import CommandRunner
from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.files import describe, write_atomic
from kiosk.core.schedule import HallState, OpeningHours, WeeklySchedule
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.session_controller import SessionController
from kiosk.ui.widgets.labels import role_label

log = logging.getLogger(__name__)
CHECK_MS = 15_000  # the schedule is looked at this often (and at every staff change)
LANGUAGE_MS = 6_000  # the closed screen speaks each language this long


class ClosedScreen(QWidget):
    """Dim, quiet, and honest about when the hall opens again. A passer-by has chosen no language, so
    like the attract loop it speaks each of the content's languages in turn (its words and day names
    from the locale files), starting with the one on screen. Takes every touch while shown."""

    def __init__(
        self, parent: QWidget, content: LiveContent, language: LanguageController, clock: Callable[[], datetime] = datetime.now
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Closed")
        self._content = content
        self._language = language
        self._clock = clock
        self._opens: datetime | None = None
        self.display_off = False
        self.lang = content.dataset.default_language
        self.title_label = role_label("closed-title", self, wrap=False)
        self.when_label = role_label("closed-when", self, wrap=False)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title_label)
        layout.addSpacing(40)
        layout.addWidget(self.when_label)
        layout.addStretch(1)
        for label in (self.title_label, self.when_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer = QTimer(self)  # the next language, while shown
        self.timer.setInterval(LANGUAGE_MS)
        self.timer.timeout.connect(self._next_language)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())  # type: ignore[union-attr]
        return False

    def show_closed(self, opens: datetime | None, display_off: bool) -> None:
        self.display_off = display_off
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self._opens = opens
        self.show_language(self._language.language)
        for label in (self.title_label, self.when_label):
            label.setVisible(not display_off)
        self.show()
        self.raise_()  # the staff screens go back above it (they listen to HallHours.changed)
        if not display_off and len(self._content.dataset.language_codes) > 1:
            self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        super().hideEvent(event)

    def set_opening(self, opens: datetime | None) -> None:
        self._opens = opens
        self.show_language(self.lang)

    def show_language(self, lang: str) -> None:
        """The screen in one of the content's languages (the next in turn, or any a test wants)."""
        codes = self._content.dataset.language_codes
        self.lang = lang if lang in codes else self._content.dataset.default_language
        formatter = self._content.formatter
        self.title_label.setText(formatter.words(self.lang).closed)
        self.when_label.setText(opening_text(self._opens, self._clock(), formatter, self.lang))

    def _next_language(self) -> None:
        codes = self._content.dataset.language_codes
        self.show_language(codes[(codes.index(self.lang) + 1) % len(codes)] if self.lang in codes else codes[0])

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0) if self.display_off else QColor(3, 7, 14, 250))
        painter.end()

    def mousePressEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        pass  # swallowed: nothing behind the closed screen reacts


def opening_text(opens: datetime | None, now: datetime, formatter: NumberFormatter, lang: str) -> str:
    """ "明天 09:00 开放" / "Opens tomorrow at 09:00": today, tomorrow, a day of the week within the week,
    else the date; the words and the names of days and months from the language's locale file."""
    words = formatter.words(lang)
    if opens is None:
        return words.opens_unknown
    days = (opens.date() - now.date()).days
    if days == 0:
        template = words.opens_today
    elif days == 1:
        template = words.opens_tomorrow
    elif days < 7:
        template = words.opens_on_day.replace("{day}", formatter.day_name(opens.weekday(), lang))
    else:
        template = words.opens_on_date.replace("{date}", str(opens.day)).replace("{month}", formatter.month_name(opens.month, lang))
    return template.replace("{time}", f"{opens.hour:02d}:{opens.minute:02d}")


class HallHours(QObject):
    """Runs the schedule: suspends the session and shows the closed screen when the hall closes,
    resumes when it opens. Follows the `opening_hours` and `closed_display` settings as they change.
    `display_power` switches a real display off and on (see xset_display_power)."""

    changed = Signal()  # opened or closed: a staff panel that closed the hall goes back on top

    def __init__(
        self,
        session: SessionController,
        settings: LiveSettings,
        clock: Callable[[], datetime],
        override_file: Path,
        display_power: Callable[[bool], None],
    ) -> None:
        super().__init__(session.window)
        self.session = session
        self.hours = OpeningHours(WeeklySchedule.parse(settings["opening_hours"]), clock)
        self._override_file = override_file  # a staff override survives a restart (a crash, the daily one)
        self._restore_override()
        self.closed_display = str(settings["closed_display"])
        self.screen = ClosedScreen(session.window, session.window.content, session.window.language, clock)
        self._display_power = display_power
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        settings.changed_signal("opening_hours").connect(self._on_schedule)
        settings.changed_signal("closed_display").connect(self._on_closed_display)
        self.check()

    @property
    def closed(self) -> bool:
        return self._closed

    def state(self) -> HallState:
        return self.hours.state()

    def check(self) -> None:
        state = self.hours.state()
        if not state.open and not self._closed:
            self._closed = True
            log.info("hall closed%s; opens %s", " (staff)" if state.overridden else "", state.until or "when staff open it")
            self.session.suspend()
            off = self.closed_display == "off"
            self.screen.show_closed(state.until, off)
            if off:
                self._display_power(False)
            self.changed.emit()
        elif state.open and self._closed:
            self._closed = False
            log.info("hall open%s", " (staff)" if state.overridden else "")
            if self.screen.display_off:
                self._display_power(True)
            self.screen.hide()
            self.session.resume()
            self.changed.emit()
        elif self._closed:
            self.screen.set_opening(state.until)  # the text only: staff may have a panel open on top

    def _on_schedule(self, text: object) -> None:
        self.hours.set_schedule(WeeklySchedule.parse(str(text)))  # the schema checked it
        self.check()

    def _on_closed_display(self, closed_display: object) -> None:
        self.closed_display = str(closed_display)
        if self._closed:
            self._display_power(self.closed_display != "off")
            self.check()

    def override(self, open: bool) -> None:
        self.hours.override(open)
        self._save_override()
        self.check()

    def follow_schedule(self) -> None:
        self.hours.clear_override()
        self._save_override()
        self.check()

    def _restore_override(self) -> None:
        """A file that cannot be used is ignored (and the schedule rules) with the reason in the log."""
        problem = self.hours.restore_from(self._override_file)
        if problem:
            log.warning("staff opening-hours override not restored from %s: %s; the schedule rules", self._override_file, problem)

    def _save_override(self) -> None:
        """Atomically; a disk that refuses is logged, and the override still applies until a restart."""
        saved = self.hours.saved()
        try:
            if saved is None:
                self._override_file.unlink(missing_ok=True)
            else:
                write_atomic(self._override_file, json.dumps(saved))
        except OSError as exc:
            log.warning("staff opening-hours override not saved to %s: %s", self._override_file, describe(exc))

    def shutdown(self) -> None:
        self.timer.stop()
        self.screen.timer.stop()


def xset_display_power(runner: CommandRunner) -> Callable[[bool], None]:
    """DPMS on X11 through `runner` (off the GUI thread, with a timeout); elsewhere nothing: the black
    closed screen is what the visitor sees."""

    def power(on: bool) -> None:
        xset = shutil.which("xset")
        if xset is None or QGuiApplication.platformName() != "xcb":
            return
        if on:
            runner.run([xset, "dpms", "force", "on"])
            runner.run([xset, "-dpms"])  # keep_awake's state again
        else:
            runner.run([xset, "+dpms", "dpms", "force", "off"])

    return power
