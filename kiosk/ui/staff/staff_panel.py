"""The staff panel: the settings staff may change (a row each, made from the schema: see
setting_rows.py); health and opening hours (open or close now, until the schedule's next change); and
reload content, attract now, visitor insight, quit. Every change applies at once and is saved; a setting
that cannot be saved (full or read-only disk) still applies, and the panel says so."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk import __version__
from kiosk.core.health import Health, rss_mb
from kiosk.core.settings import CONTENT_LANGUAGES, SettingError
from kiosk.ui.live import LiveSettings, SettingNotSavedError
from kiosk.ui.staff.diagnostics import DiagnosticsButton, DiagnosticsSource
from kiosk.ui.staff.elided_path import ElidedPath
from kiosk.ui.staff.health_text import problem_line, uptime_text
from kiosk.ui.staff.overlay import Overlay
from kiosk.ui.staff.setting_rows import SettingRow, align_columns, setting_rows, staff_button
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin

__all__ = ["StaffActions", "StaffPanel", "staff_button", "whole_words"]  # staff_button: the other staff screens' buttons

_JOINED = re.compile(r"(?<=[\w.])([-/])(?=[\w.])")


def _divider(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFixedHeight(2)
    line.setStyleSheet("background: rgba(160, 180, 210, 0.22); border: none;")  # faint on the navy and the black card alike
    return line


def whole_words(line: str) -> str:
    """A package name or path (x11-xserver-utils, /opt/kiosk/content) is never broken at its hyphens
    or slashes: a word joiner (U+2060, drawn as nothing) after each keeps it whole on one line."""
    return _JOINED.sub("\\1\u2060", line)


@dataclass(frozen=True)
class StaffActions:
    """What the panel's buttons do and what it shows beyond the settings (the staff screens wire them)."""

    reload_content: Callable[[], list[str]]  # problems; empty when reloaded
    start_attract: Callable[[], None]
    quit: Callable[[], None]
    status: Callable[[], tuple[list[str], list[str]]]  # (content folder, problems), (frame rate, 'validated')
    hall: Callable[[], tuple[bool, bool, datetime | None]]  # open, overridden, until
    set_hall: Callable[[str], None]  # "open", "closed" or "schedule"
    open_insight: Callable[[], None]
    open_content: Callable[[], None]  # new content from a USB stick
    content: Callable[[], tuple[str, str]]  # which content shows, in words, and its folder
    diagnostics: DiagnosticsSource | None = None  # diagnostics to a USB stick (kiosk/ui/staff/diagnostics.py)


class StaffPanel(RetranslateMixin, Overlay):
    def __init__(
        self,
        settings: LiveSettings,
        languages: dict[str, str],
        actions: StaffActions,
        health: Health,
        parent: QWidget,
        default_language: str | None = None,  # the content's: lit while the setting leaves the choice to it
    ) -> None:
        super().__init__(parent, idle_close_ms=settings["staff_panel_timeout_s"] * 1000)
        self._settings = settings
        self._actions = actions
        self._health = health
        self._status = ""
        card = self.card
        self.title_label = role_label("headline", card)
        self.labels: dict[str, QLabel] = {key: role_label("section", card) for key in ("settings", "health", "hours", "actions")}
        # A row for each setting staff may change, from the schema; a new one needs no code here.
        self.rows: dict[str, SettingRow] = setting_rows(
            settings, self._set, card, {CONTENT_LANGUAGES: languages}, {CONTENT_LANGUAGES: default_language or next(iter(languages), None)}
        )
        self.hours_label = role_label("staff-health", card)
        self.hours_buttons = {choice: staff_button(card, "staff-action", False) for choice in ("open", "closed", "schedule")}
        self.content_label = ElidedPath("staff-health", card)  # the folder's path shortened in its middle; a tap shows it whole
        self.health_label = role_label("staff-health", card)
        # A long warning never makes the card taller than the screen: the lines that do not fit are
        # counted, not cut in half (refitted when the width changes).
        self.health_label.installEventFilter(self)
        self._health_lines: list[str] = []
        self._fitting = False
        self.status_label = role_label("hint", card)
        self.reload_button = staff_button(card, "staff-action", False)
        self.attract_button = staff_button(card, "staff-action", False)
        self.quit_button = staff_button(card, "staff-action", False)
        self.insight_button = staff_button(card, "staff-action", False)
        self.content_button = staff_button(card, "staff-action", False)
        self.close_button = staff_button(card, "staff-action", False)
        self.diagnostics_button = DiagnosticsButton(actions.diagnostics, card) if actions.diagnostics is not None else None
        if self.diagnostics_button is not None:
            self.diagnostics_button.said.connect(self._say)
        # Quitting leaves the hall's screen on the desktop until somebody starts the kiosk again: it is
        # asked once more, in place of the actions (the card keeps its size).
        self.quit_question = role_label("body", card)
        self.quit_confirm = staff_button(card, "staff-action", False)
        self.quit_cancel = staff_button(card, "staff-action", False)

        for choice, button in self.hours_buttons.items():
            button.clicked.connect(lambda _=False, choice=choice: self._set_hall(choice))
        self.insight_button.clicked.connect(self._open_insight)
        self.content_button.clicked.connect(self._open_content)
        self.reload_button.clicked.connect(self._reload)
        self.attract_button.clicked.connect(self._attract_now)
        self.quit_button.clicked.connect(lambda: self._ask_quit(True))
        self.quit_confirm.clicked.connect(self._quit)
        self.quit_cancel.clicked.connect(lambda: self._ask_quit(False))
        self.close_button.clicked.connect(self.close_overlay)

        self._left = left = QGridLayout()
        left.setSpacing(10)  # one value for both, so the window's rescaling scales it (it skips a grid with two)
        left.addWidget(self.labels["settings"], 0, 0, 1, 2)
        # A rule between settings: two on/off rows one above the other read as two switches, not as
        # one control of four segments.
        self.dividers: list[QFrame] = []
        for i, setting_row in enumerate(self.rows.values()):
            if i:
                self.dividers.append(divider := _divider(card))
                left.addWidget(divider, 2 * i, 0, 1, 2)
            left.addWidget(setting_row.label, 2 * i + 1, 0)
            left.addWidget(setting_row, 2 * i + 1, 1)
        left.setColumnStretch(0, 1)  # the names take the room the controls leave
        left.setRowStretch(2 * len(self.rows), 1)  # room the card gets for the health lines stays under the rows
        self._right = right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self.labels["health"])
        right.addWidget(self.content_label)
        right.addWidget(self.health_label, 1)
        right.addWidget(self.labels["hours"])
        right.addWidget(self.hours_label)
        hours_row = QHBoxLayout()
        hours_row.setSpacing(10)
        for button in self.hours_buttons.values():
            hours_row.addWidget(button)
        right.addLayout(hours_row)
        right.addWidget(self.labels["actions"])
        # The question before quitting takes the actions' place: a page each, so the card keeps its size
        # (hidden widgets in the actions' own grid took its spacing away, and the buttons overlapped).
        self._actions_stack = QStackedWidget(card)
        pages = QWidget(self._actions_stack), QWidget(self._actions_stack)  # the actions; the question
        actions_grid, question_grid = QGridLayout(pages[0]), QGridLayout(pages[1])
        self._action_buttons = (
            self.reload_button,
            self.content_button,
            self.attract_button,
            self.insight_button,
            self.quit_button,
            self.close_button,
        )
        for i, button in enumerate(self._action_buttons):
            actions_grid.addWidget(button, i // 2, i % 2)
        question_grid.addWidget(self.quit_question, 0, 0, 1, 2)
        question_grid.setRowStretch(0, 1)
        question_grid.addWidget(self.quit_confirm, 1, 0)
        question_grid.addWidget(self.quit_cancel, 1, 1)
        for page, grid in zip(pages, (actions_grid, question_grid), strict=True):
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setSpacing(10)
            self._actions_stack.addWidget(page)
        self._show_quit_question(False)
        right.addWidget(self._actions_stack)
        right.addWidget(self.status_label)
        self._columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(48)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(16)
        title_row = QHBoxLayout()  # diagnostics beside the title: a fourth row of actions would not fit a 1080-high screen
        title_row.addWidget(self.title_label, 1)
        if self.diagnostics_button is not None:
            title_row.addWidget(self.diagnostics_button)
        layout.addLayout(title_row)
        layout.addLayout(columns, 1)  # the columns, not the title, take the height the card grows by
        self.health_timer = QTimer(self)
        self.health_timer.setInterval(1000)
        self.health_timer.timeout.connect(self._refresh_health)
        settings.changed.connect(self._on_setting_changed)
        settings.changed_signal("staff_panel_timeout_s").connect(self._on_timeout_changed)
        self.retranslate()

    # --- behaviour --------------------------------------------------------------------------

    def open_overlay(self) -> None:
        self._status = ""
        self._show_quit_question(False)
        self.retranslate()
        self.health_timer.start()
        super().open_overlay()
        parent = self.parentWidget()
        align_columns(list(self.rows.values()))
        if parent is not None:
            portrait = parent.height() > parent.width()
            self._columns.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
            self.card.setFixedWidth(round(parent.width() * (0.94 if portrait else 0.86)))
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self._refresh_health()

    def close_overlay(self) -> None:
        self.health_timer.stop()
        super().close_overlay()

    def _show_quit_question(self, asking: bool) -> None:
        self._actions_stack.setCurrentIndex(1 if asking else 0)

    def _ask_quit(self, asking: bool) -> None:
        self._show_quit_question(asking)
        self.retranslate()

    def _quit(self) -> None:
        self._show_quit_question(False)
        self._actions.quit()

    def _set(self, name: str, value: object) -> None:
        """Every choice goes through the settings; what uses it hears it from there."""
        try:
            self._settings.change(name, value)
            self._status = ""
        except SettingNotSavedError as exc:
            self._status = self.tr("Applied, but could not be saved: {reason}").format(reason=exc.strerror or exc)
        except SettingError as exc:  # the panel offers only allowed values; a bug, said plainly
            self._status = str(exc)
        self.retranslate()

    def _on_setting_changed(self, _name: str, _value: object) -> None:
        if self.isVisible():
            self.hours_label.setText(self._hours_text())  # opening hours (the rows show their own setting)

    def _on_timeout_changed(self, seconds: object) -> None:
        self.idle_timer.setInterval(int(seconds) * 1000)  # type: ignore[call-overload]

    def _reload(self) -> None:
        problems = self._actions.reload_content()
        if problems:
            shown = "\n".join(problems[:4]) + ("\n…" if len(problems) > 4 else "")
            # The check's own words, said to be that: they are for whoever edits the content.
            self._status = self.tr(
                "Content not reloaded, the last good content stays: {count} problem(s). For the content editor, as 'kiosk check' says it:\n{problems}"  # noqa: E501 - one literal for lupdate
            ).format(count=len(problems), problems=shown)
        else:
            self._status = self.tr("Content reloaded.")
        self.retranslate()
        self._refresh_health()

    def _say(self, text: str) -> None:
        self._status = text
        self.retranslate()

    def _set_hall(self, choice: str) -> None:
        self._actions.set_hall(choice)
        self.retranslate()

    def _open_insight(self) -> None:
        self.close_overlay()
        self._actions.open_insight()

    def _open_content(self) -> None:
        self.close_overlay()
        self._actions.open_content()

    def _attract_now(self) -> None:
        self.close_overlay()
        self._actions.start_attract()

    def _refresh_health(self) -> None:
        health = self._health
        self.content_label.set_path(*self._actions.content())
        essential, routine = self._actions.status()
        lines = [
            self.tr("Version {version} · running for {uptime} · memory {memory:.0f} MB").format(
                version=__version__, uptime=uptime_text(health), memory=rss_mb()
            ),
            *essential,
        ]
        errors = health.latest_new(2)  # the newest; the start-up notes are counted above
        if errors:
            lines.append(self.tr("Recent problems:"))
            lines += [f"  {problem_line(e)}" for e in errors]
        else:
            routine.append(self.tr("No recent problems."))
        # What only says all is well comes last, so it is what gives way when room is short.
        self._health_lines = [whole_words(line) for line in lines + routine if line]
        self._fit_health()

    def _fit_health(self) -> None:
        """All the health lines, wrapped at spaces, where there is room; else as many as fit whole, then
        how many more the log has: the card grows with them only as far as the screen lets it."""
        if self._fitting:  # a resize while laying out: the loop below is at it already
            return
        self._fitting = True
        try:
            lines = self._health_lines
            for shown in range(len(lines), 0, -1):
                text = "\n".join(lines[:shown])
                if shown < len(lines):
                    text += "\n" + self.tr("… and {count} more line(s) in the log").format(count=len(lines) - shown)
                self.health_label.setText(text)
                if self._health_fits():
                    return
        finally:
            self._fitting = False

    def _health_fits(self) -> bool:
        """Laid out now (not at the next turn of the event loop): all of the text shown, above the next row,
        and the action buttons at their full height below."""
        if not self.isVisible():
            return True
        self._lay_out()
        self.card.setMinimumHeight(self._card_height())
        self._lay_out()
        label, below, actions = self.health_label, self.labels["hours"], self._actions_stack
        return (
            label.heightForWidth(label.width()) <= label.height()
            and label.geometry().bottom() < below.geometry().top()
            and actions.height() >= actions.minimumSizeHint().height()  # the lines never squeeze the action buttons
        )

    def _lay_out(self) -> None:
        self.card.updateGeometry()
        for layout in (self.layout(), self.card.layout()):
            if layout is not None:
                layout.invalidate()
                layout.activate()

    def _card_height(self) -> int:
        """The card's height at its own width, at most the screen's. (The overlay's layout asks for the
        height at the window's width, where the health lines wrap less: the card came out short and the
        action buttons overlapped.)"""
        outer = self.layout()
        margins = outer.contentsMargins() if outer is not None else None
        room = self.height() - (margins.top() + margins.bottom() if margins is not None else 0)
        width = self.card.minimumWidth() or self.card.width()  # the width open_overlay fixed, before the card is resized to it
        return min(self.card.heightForWidth(width), room)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.health_label and event.type() == QEvent.Type.Resize and event.oldSize().width() != event.size().width():  # type: ignore[attr-defined]
            self._fit_health()
        return super().eventFilter(watched, event)

    def _hours_text(self) -> str:
        is_open, overridden, until = self._actions.hall()
        when = until.strftime("%m-%d %H:%M") if until is not None else ""  # digits read the same in every language
        if not self._settings["opening_hours"] and not overridden:
            return self.tr("Always open (no opening hours set)")
        if is_open:
            text = self.tr("Open until {when}").format(when=when) if when else self.tr("Open")
        else:
            text = self.tr("Closed until {when}").format(when=when) if when else self.tr("Closed")
        return text + (self.tr(" (by staff)") if overridden else "")

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Staff panel"))
        for key, text in (
            ("settings", self.tr("Settings")),
            ("health", self.tr("Health")),
            ("hours", self.tr("Opening hours")),
            ("actions", self.tr("Actions")),
        ):
            self.labels[key].setText(text)
        for row in self.rows.values():
            row.retranslate()
        self.hours_label.setText(self._hours_text())
        self.hours_buttons["open"].setText(self.tr("Open now"))
        self.hours_buttons["closed"].setText(self.tr("Close now"))
        self.hours_buttons["schedule"].setText(self.tr("Follow schedule"))
        self.insight_button.setText(self.tr("Visitor insight"))
        self.content_button.setText(self.tr("Content from USB"))
        self.reload_button.setText(self.tr("Reload content"))
        self.attract_button.setText(self.tr("Start attract now"))
        self.quit_button.setText(self.tr("Quit for maintenance"))
        self.quit_question.setText(
            self.tr(
                "Quit the kiosk for maintenance? The screen stays on the desktop until the kiosk is started again or the computer restarts."
            )
        )
        self.quit_confirm.setText(self.tr("Quit now"))
        self.quit_cancel.setText(self.tr("Keep running"))
        self.close_button.setText(self.tr("Close"))
        self.status_label.setText(self._status)
