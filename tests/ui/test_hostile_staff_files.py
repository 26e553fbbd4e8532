"""A kiosk whose staff files are not what they claim to be (the PIN, its lock-out, the opening-hours
override: a FIFO, /dev/zero, a folder, a loop of links, a huge or empty file) is still built whole, and
the staff gesture says in plain words why the panel cannot open. These reads hung the kiosk after its
first frame (a FIFO) or filled its memory (/dev/zero), leaving it half built and deaf to SIGTERM."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.core.pin import LOCK_FILE, PIN_FILE, save_pin
from kiosk.ui.app import OVERRIDE_FILE, Kiosk
from tests.hostile import KIND_REASONS, kinds, make_hostile
from tests.kiosks import build, shutdown

PIN = "2718"
CHEAP = {"n": 2**10, "r": 8, "p": 1}
REASONS = {
    **KIND_REASONS,
    "huge": "is larger than the limit of 4,096 bytes",
    "empty": "is empty",
    "mode-000": "cannot be read: no permission to read it",
}
# A hang fails the test (pytest-timeout's SIGALRM interrupts a blocked open) instead of the run.
pytestmark = pytest.mark.timeout(60)


def _built_whole(kiosk: Kiosk) -> None:
    assert kiosk.session is not None and kiosk.staff is not None and kiosk.insight is not None and kiosk.hall is not None
    assert kiosk.staff.pin_pad is not None and kiosk.staff.panel is not None


def _gesture(kiosk: Kiosk) -> str:
    QTest.keyClick(kiosk.window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert kiosk.staff.pin_pad.isVisible()
    return kiosk.staff.pin_pad.message_label.text()


def _enter(kiosk: Kiosk, digits: str) -> str:
    for digit in digits:
        kiosk.staff.pin_pad.press(digit)
    kiosk.staff.pin_pad.press("enter")
    return kiosk.staff.pin_pad.message_label.text()


@pytest.mark.parametrize("kind", kinds())
def test_a_hostile_pin_file_leaves_the_kiosk_whole_and_the_pad_says_why(
    own_home: Path, content_copy: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    config = own_home / "config"
    for name in (PIN_FILE, LOCK_FILE, OVERRIDE_FILE):
        make_hostile(config / name, kind)
    caplog.set_level(logging.WARNING)
    kiosk = build(own_home, content_dir=content_copy, opening_hours="mon-sun 00:00-24:00")
    try:
        _built_whole(kiosk)
        assert not kiosk.hall.closed  # the override was ignored: the schedule rules
        said = _gesture(kiosk)
        reason = f"the staff PIN file {REASONS[kind]}; set the PIN again with kiosk set-pin"
        assert reason in said, said
        assert reason in _enter(kiosk, PIN)  # no PIN is tried
        assert not kiosk.staff.panel.isVisible()
        logged = [record.getMessage() for record in caplog.records]
        short = REASONS[kind].removeprefix("cannot be read: ")
        for name in (PIN_FILE, LOCK_FILE):  # each a named problem in the log, with its path
            assert any(str(config / name) in line and short in line for line in logged), (name, logged)
        override_reason = "is not valid JSON" if kind == "empty" else short
        assert any(str(config / OVERRIDE_FILE) in line and override_reason in line and "the schedule rules" in line for line in logged)
        kiosk.staff.pin_pad.close_overlay()
    finally:
        shutdown(kiosk)


@pytest.mark.logs("not restored", "lock-out", "lockout", "wrong staff PIN")
@pytest.mark.parametrize("kind", kinds())
def test_with_a_good_pin_hostile_lockout_and_override_files_still_let_staff_in(own_home: Path, content_copy: Path, kind: str) -> None:
    config, data = own_home / "config", own_home / "data"
    save_pin(config, PIN, cost=CHEAP)
    make_hostile(config / LOCK_FILE, kind)
    make_hostile(config / OVERRIDE_FILE, kind)
    kiosk = build(own_home, content_dir=content_copy, opening_hours="mon-sun 00:00-24:00")
    try:
        _built_whole(kiosk)
        assert _gesture(kiosk) in ("Enter the staff PIN", "请输入员工密码")
        said = _enter(kiosk, "1111")
        counted = [path for path in (config / LOCK_FILE, data / LOCK_FILE) if path.is_file() and not path.is_symlink()]
        if kind == "directory":
            # The folder in its place cannot be replaced: the count goes to the data folder instead.
            assert counted == [data / LOCK_FILE], counted
        assert counted and ("Wrong PIN" in said or "密码错误" in said), said
        _enter(kiosk, PIN)
        assert kiosk.staff.panel.isVisible()
        kiosk.staff.panel.close_overlay()
        kiosk.staff.pin_pad.close_overlay()
    finally:
        shutdown(kiosk)
