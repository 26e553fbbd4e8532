"""A large on-screen PIN pad. Digits show as dots; the PIN is never logged or kept after a try. While
the pad is locked after wrong tries it says for how long, counting down. When no PIN can be tried (the
PIN file cannot be used, or wrong tries cannot be saved) it says why in plain words, as the gate words
it, and the log has the file's path."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.core.health import staff_says
from kiosk.core.pin import PinGate
from kiosk.core.settings import QT_TRANSLATE_NOOP
from kiosk.ui.staff.overlay import Overlay
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin

log = logging.getLogger(__name__)
MAX_DIGITS = 12


class PinPad(RetranslateMixin, Overlay):
    accepted = Signal()

    def __init__(self, gate: PinGate, parent: QWidget) -> None:
        super().__init__(parent, idle_close_ms=30_000)
        self._gate = gate
        self._digits = ""
        self.countdown = QTimer(self)  # while locked: the wait shown goes down second by second
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._show_lock)
        self._message = ""
        self.title_label = role_label("headline", self.card)
        self.dots_label = role_label("pin-dots", self.card, wrap=False)
        self.dots_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label = role_label("hint", self.card)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "enter"]):
            button = QPushButton(self.card)
            button.setProperty("role", "pin-key")
            button.clicked.connect(lambda _=False, key=key: self.press(key))
            grid.addWidget(button, i // 3, i % 3)
            self.keys[key] = button
        for digit in "0123456789":
            self.keys[digit].setText(digit)
        self.keys["back"].setText("←")
        self.cancel_button = QPushButton(self.card)
        self.cancel_button.setProperty("role", "staff-action")
        self.cancel_button.clicked.connect(self.close_overlay)
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.setSpacing(16)
        layout.addWidget(self.title_label, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.dots_label)
        layout.addWidget(self.message_label)
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.retranslate()

    def open_overlay(self) -> None:
        self._digits = ""
        self._message = ""
        problem = self._gate.problem()
        if problem:
            self._message = self.cannot_open(problem)
        elif not self._gate.is_set():
            self._message = self.tr("No staff PIN is set. Run 'kiosk set-pin' on this computer.")
        self._log_gate_problems()
        super().open_overlay()
        if not problem:  # what must be fixed first stays said
            self._show_lock()
        self.retranslate()

    def close_overlay(self) -> None:
        self.countdown.stop()
        super().close_overlay()

    def cannot_open(self, reason: str) -> str:
        return self.tr("The staff panel cannot open: {reason}.").format(reason=reason)

    def wait_text(self, seconds: float) -> str:
        minutes, rest = divmod(math.ceil(seconds), 60)
        if minutes and rest:
            return self.tr("{m} min {s} s").format(m=minutes, s=f"{rest:02d}")
        if minutes:
            return self.tr("{m} min").format(m=minutes)
        return self.tr("{s} s").format(s=rest)

    def _show_lock(self) -> None:
        """While locked, say how long is left (and keep saying it, each second); then invite a PIN again."""
        locked = self._gate.locked_for()
        if locked > 0:
            self._message = self.tr("Too many wrong tries. Try again in {wait}.").format(wait=self.wait_text(locked))
            if not self.countdown.isActive():
                self.countdown.start()
        elif self.countdown.isActive():
            self.countdown.stop()
            self._message = ""
        self.retranslate()

    def _log_gate_problems(self) -> None:
        """A PIN or lock-out file that cannot be used: said in the log (and so in the staff panel)."""
        for problem in self._gate.problems:
            log.warning(problem)
        self._gate.problems.clear()

    def press(self, key: str) -> None:
        self.idle_timer.start()
        if key == "back":
            self._digits = self._digits[:-1]
        elif key == "enter":
            self._try()
            return
        elif len(self._digits) < MAX_DIGITS:
            self._digits += key
        self.retranslate()

    def _try(self) -> None:
        attempt, self._digits = self._digits, ""
        result = self._gate.check(attempt)
        del attempt
        self._log_gate_problems()
        if result.ok:
            log.info("staff panel opened")
            self.close_overlay()
            self.accepted.emit()
            return
        if result.problem:  # the log has it from the gate, with the file's path
            self._message = self.cannot_open(result.problem)
        elif result.not_set:
            self._message = self.tr("No staff PIN is set. Run 'kiosk set-pin' on this computer.")
        elif result.locked_for_s > 0:
            minutes = max(1, math.ceil(result.locked_for_s / 60))
            says = staff_says(
                QT_TRANSLATE_NOOP("Health", "Staff PIN pad locked for {minutes} min after too many wrong PINs"), minutes=minutes
            )
            log.warning("staff PIN pad locked for %.0f s after too many wrong tries", result.locked_for_s, extra=says)
            self._show_lock()
            return
        else:
            says = staff_says(QT_TRANSLATE_NOOP("Health", "Wrong staff PIN entered ({tries} tries left)"), tries=result.tries_left)
            log.warning("wrong staff PIN (%d tries left)", result.tries_left, extra=says)
            self._message = self.tr("Wrong PIN. {tries} tries left.").format(tries=result.tries_left)
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Staff access"))
        self.dots_label.setText("●" * len(self._digits) or " ")
        self.message_label.setText(self._message or self.tr("Enter the staff PIN"))
        self.keys["enter"].setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))
