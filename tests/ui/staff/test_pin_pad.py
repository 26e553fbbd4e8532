"""The PIN pad promises digits shown only as dots (never kept after a try), staff let in by the right
PIN, the tries left after a wrong one, a lock-out said with its wait counting down, and in plain words
why no PIN can be tried (none set, a PIN file that cannot be used)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.pin import LOCK_FILE, LOCK_STEPS_S, PIN_FILE, TRIES_PER_STEP, PinGate, save_pin
from kiosk.ui.staff.pin_pad import MAX_DIGITS, PinPad
from tests.kiosks import CHEAP

PIN = "271828"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_pad(qtbot: QtBot, clock: Clock) -> Iterator[Callable[[Path], PinPad]]:
    """A pad over a window of its own, for the PIN files in a folder; closed after the test (its timers stop)."""
    made: list[tuple[QWidget, PinPad]] = []  # the window kept too: qtbot holds it weakly

    def make(folder: Path) -> PinPad:
        window = QWidget()
        qtbot.addWidget(window)
        window.resize(1280, 800)
        made.append((window, PinPad(PinGate(folder, clock), window)))
        return made[-1][1]

    yield make
    for _, pad in made:
        pad.close_overlay()


@pytest.fixture
def pad(tmp_path: Path, make_pad: Callable[[Path], PinPad]) -> PinPad:
    save_pin(tmp_path, PIN, cost=CHEAP)
    return make_pad(tmp_path)


def _type(pad: PinPad, keys: str) -> None:
    for key in keys:
        pad.press(key)


def test_digits_show_as_dots_and_back_takes_one_away(pad: PinPad) -> None:
    pad.open_overlay()
    assert pad.message_label.text() == "Enter the staff PIN"
    _type(pad, "123")
    assert pad.dots_label.text() == "●●●"
    pad.press("back")
    assert pad.dots_label.text() == "●●"
    _type(pad, "1" * 20)
    assert pad.dots_label.text() == "●" * MAX_DIGITS


def test_the_right_pin_lets_staff_in_and_closes_the_pad(qtbot: QtBot, pad: PinPad, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.ui.staff.pin_pad")
    pad.open_overlay()
    _type(pad, PIN)
    with qtbot.waitSignal(pad.accepted):
        pad.press("enter")
    assert not pad.is_open
    assert any(r.getMessage() == "staff panel opened" for r in caplog.records)
    assert all(PIN not in r.getMessage() for r in caplog.records)  # the PIN is never logged


@pytest.mark.logs("wrong staff PIN")
def test_a_wrong_pin_says_how_many_tries_are_left_and_forgets_the_digits(pad: PinPad) -> None:
    accepted: list[bool] = []
    pad.accepted.connect(lambda: accepted.append(True))
    pad.open_overlay()
    _type(pad, "0000")
    pad.press("enter")
    assert pad.message_label.text() == f"Wrong PIN. {TRIES_PER_STEP - 1} tries left."
    assert pad.dots_label.text().strip() == ""
    assert pad.is_open and accepted == []


@pytest.mark.logs("wrong staff PIN", "locked for")
def test_too_many_wrong_tries_lock_the_pad_with_the_wait_counting_down(pad: PinPad, clock: Clock) -> None:
    pad.open_overlay()
    for _ in range(TRIES_PER_STEP):
        _type(pad, "0000")
        pad.press("enter")
    assert pad.message_label.text() == "Too many wrong tries. Try again in 1 min."
    assert pad.countdown.isActive()
    clock.now += 15
    pad.countdown.timeout.emit()  # a second of the countdown
    assert pad.message_label.text() == "Too many wrong tries. Try again in 45 s."
    clock.now += LOCK_STEPS_S[0]
    pad.countdown.timeout.emit()
    assert pad.message_label.text() == "Enter the staff PIN"
    assert not pad.countdown.isActive()


def test_the_wait_is_said_in_whole_minutes_and_seconds_rounded_up(pad: PinPad) -> None:
    assert pad.wait_text(4.2) == "5 s"
    assert pad.wait_text(59.5) == "1 min"
    assert pad.wait_text(61) == "1 min 01 s"
    assert pad.wait_text(15 * 60 - 0.5) == "15 min"


def test_without_a_pin_the_pad_says_how_to_set_one(tmp_path: Path, make_pad: Callable[[Path], PinPad]) -> None:
    pad = make_pad(tmp_path)
    pad.open_overlay()
    assert pad.message_label.text() == "No staff PIN is set. Run 'kiosk set-pin' on this computer."
    _type(pad, "1234")
    pad.press("enter")
    assert pad.message_label.text() == "No staff PIN is set. Run 'kiosk set-pin' on this computer."


def test_a_pin_file_that_cannot_be_used_says_why_and_the_log_names_it(
    tmp_path: Path, make_pad: Callable[[Path], PinPad], clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / PIN_FILE).write_text("{ junk", encoding="utf-8")
    # A lock-out in force as well: what must be fixed first is what the pad says.
    lockout = {"failures": TRIES_PER_STEP, "locked_until": clock.now + 60, "step_s": LOCK_STEPS_S[0]}
    (tmp_path / LOCK_FILE).write_text(json.dumps(lockout), encoding="utf-8")
    pad = make_pad(tmp_path)
    pad.open_overlay()
    assert pad.message_label.text().startswith("The staff panel cannot open: the staff PIN file")
    assert not pad.countdown.isActive()
    assert any(str(tmp_path / PIN_FILE) in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
