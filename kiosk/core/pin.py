"""The staff PIN: stored only as a salted scrypt hash, checked in constant time. Every five wrong tries
lock the pad, for longer each time (1, 5, 15, then 60 minutes), and the lock-out is saved beside the PIN,
so a restart does not reset it. There is no default PIN: until an exhibitor runs `kiosk set-pin`, the
staff panel cannot be opened (the pad says so).

Times here are wall-clock seconds (time.time): a lock-out must mean the same after a reboot. A clock set
back cannot lengthen a lock-out beyond its step."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.files import write_atomic

PIN_FILE = "staff-pin.json"
LOCK_FILE = "staff-pin-lockout.json"
TRIES_PER_STEP = 5
LOCK_STEPS_S = (60.0, 5 * 60.0, 15 * 60.0, 60 * 60.0)  # after 5, 10, 15 and 20 or more wrong tries in a row
# About 0.2 s per check and 64 MiB on the 2-core machine this was measured on (`kiosk set-pin` prints it
# on the hall PC): slow enough that guessing a stolen hash takes years, quick enough for a person.
SCRYPT = {"n": 2**16, "r": 8, "p": 1}
_MAX_MEMORY = 512 * 1024 * 1024
_DIGITS = re.compile(r"[0-9]{4,12}")


class PinError(ValueError):
    pass


def validate_new_pin(pin: str) -> None:
    if not _DIGITS.fullmatch(pin):  # ASCII only: the pad has no other digits ('٣'.isdigit() is True)
        raise PinError("a PIN is 4 to 12 digits, 0-9")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210":
        raise PinError("choose a PIN that is not a repeated digit or a simple run")


def _hash(pin: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=params["n"], r=params["r"], p=params["p"], dklen=32, maxmem=_MAX_MEMORY)


def check_cost_s(params: dict[str, int] | None = None, repeats: int = 3) -> float:
    """Seconds one PIN check takes on this computer (the fastest of a few)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        _hash("0000", b"\0" * 16, params or SCRYPT)
        best = min(best, time.perf_counter() - started)
    return best


def save_pin(folder: Path, pin: str, cost: dict[str, int] | None = None) -> None:
    """`cost`: scrypt parameters (tests use cheaper ones; the file records them, so any check reads them back)."""
    validate_new_pin(pin)
    params = cost or SCRYPT
    salt = secrets.token_bytes(16)
    record = {
        "scheme": "scrypt",
        **params,
        "salt": base64.b64encode(salt).decode(),
        "hash": base64.b64encode(_hash(pin, salt, params)).decode(),
    }
    write_atomic(folder / PIN_FILE, json.dumps(record))
    (folder / LOCK_FILE).unlink(missing_ok=True)  # a new PIN, a clean slate


@dataclass
class PinCheck:
    ok: bool
    locked_for_s: float = 0.0
    tries_left: int = TRIES_PER_STEP
    not_set: bool = False


@dataclass
class _Lockout:
    failures: int = 0  # wrong tries in a row, across restarts
    locked_until: float = 0.0  # wall-clock seconds
    step_s: float = 0.0  # length of the lock-out in force


class PinGate:
    """`clock`: wall-clock seconds. A lock-out file that cannot be read counts as none (it is logged by
    the caller through `problems`); one that cannot be written keeps the lock-out in memory."""

    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = folder / PIN_FILE
        self._lock_path = folder / LOCK_FILE
        self._clock = clock
        self.problems: list[str] = []
        self._state = self._read_lockout()

    def is_set(self) -> bool:
        return self._record() is not None

    def _record(self) -> dict[str, object] | None:
        """The stored hash; None when no PIN is set, or when the file cannot be used (said in `problems`:
        the pad then asks for `kiosk set-pin`, which writes a good one)."""
        try:
            record = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError) as exc:
            self._note(f"{self._path}: unreadable ({exc}); run kiosk set-pin")
            return None
        if isinstance(record, dict) and record.get("scheme") == "scrypt":
            return record
        self._note(f"{self._path}: not a PIN record; run kiosk set-pin")
        return None

    def _note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def _read_lockout(self) -> _Lockout:
        try:
            data = json.loads(self._lock_path.read_text(encoding="utf-8"))
            state = _Lockout(int(data["failures"]), float(data["locked_until"]), float(data["step_s"]))
        except FileNotFoundError:
            return _Lockout()
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
            self.problems.append(f"{self._lock_path}: unreadable ({exc}); no lock-out in force")
            return _Lockout()
        if state.failures < 0 or not 0 <= state.step_s <= max(LOCK_STEPS_S):
            self.problems.append(f"{self._lock_path}: not a lock-out record; no lock-out in force")
            return _Lockout()
        return state

    def _save_lockout(self) -> None:
        state = self._state
        try:
            if state.failures == 0:
                self._lock_path.unlink(missing_ok=True)
            else:
                write_atomic(self._lock_path, json.dumps(state.__dict__))
        except OSError as exc:
            self.problems.append(f"{self._lock_path}: not saved ({exc.strerror or exc}); the lock-out holds until a restart")

    def locked_for(self) -> float:
        """Seconds until the pad takes a PIN again (0 when it does)."""
        remaining = self._state.locked_until - self._clock()
        return max(0.0, min(remaining, self._state.step_s))  # a clock set back cannot lengthen it

    def check(self, pin: str) -> PinCheck:
        record = self._record()
        if record is None:
            return PinCheck(False, not_set=True)
        locked = self.locked_for()
        if locked > 0:
            return PinCheck(False, locked_for_s=locked, tries_left=0)
        try:
            params = {k: int(record[k]) for k in ("n", "r", "p")}  # type: ignore[call-overload]
            salt = base64.b64decode(str(record["salt"]))
            expected = base64.b64decode(str(record["hash"]))
        except (KeyError, ValueError, TypeError):
            self._note(f"{self._path}: damaged PIN record; run kiosk set-pin")
            return PinCheck(False, not_set=True)
        attempt = pin if _DIGITS.fullmatch(pin) else ""  # what the pad cannot type never matches
        if attempt and hmac.compare_digest(_hash(attempt, salt, params), expected):
            if self._state.failures:
                self._state = _Lockout()
                self._save_lockout()
            return PinCheck(True)
        state = self._state
        state.failures += 1
        if state.failures % TRIES_PER_STEP == 0:
            step = LOCK_STEPS_S[min(state.failures // TRIES_PER_STEP, len(LOCK_STEPS_S)) - 1]
            state.step_s = step
            state.locked_until = self._clock() + step
            self._save_lockout()
            return PinCheck(False, locked_for_s=step, tries_left=0)
        self._save_lockout()
        return PinCheck(False, tries_left=TRIES_PER_STEP - state.failures % TRIES_PER_STEP)
