from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.pin import LOCK_S, MAX_TRIES, PIN_FILE, PinError, PinGate, save_pin


def test_no_pin_no_entry(tmp_path: Path) -> None:
    gate = PinGate(tmp_path)
    assert not gate.is_set()
    for guess in ("0000", "1234", "123456"):
        result = gate.check(guess, now=0)
        assert not result.ok and result.not_set


def test_only_a_salted_hash_is_stored(tmp_path: Path) -> None:
    save_pin(tmp_path, "2718")
    text = (tmp_path / PIN_FILE).read_text(encoding="utf-8")
    assert "2718" not in text and '"scheme": "scrypt"' in text
    first_salt = text
    save_pin(tmp_path, "2718")
    assert (tmp_path / PIN_FILE).read_text(encoding="utf-8") != first_salt  # a new salt each time
    assert PinGate(tmp_path).check("2718", now=0).ok


def test_five_wrong_tries_lock_for_a_minute(tmp_path: Path) -> None:
    save_pin(tmp_path, "2718")
    gate = PinGate(tmp_path)
    for i in range(MAX_TRIES - 1):
        result = gate.check("1111", now=i)
        assert not result.ok and result.tries_left == MAX_TRIES - 1 - i
    locked = gate.check("1111", now=10)
    assert locked.locked_for_s == LOCK_S
    assert not gate.check("2718", now=20).ok  # even the right PIN waits
    assert gate.check("2718", now=10 + LOCK_S).ok


@pytest.mark.parametrize("weak", ["12", "abcd", "0000", "1234", "98765", "1234567890123"])
def test_weak_or_malformed_pins_are_refused(tmp_path: Path, weak: str) -> None:
    with pytest.raises(PinError):
        save_pin(tmp_path, weak)
