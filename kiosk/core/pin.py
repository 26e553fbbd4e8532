"""The staff PIN: stored only as a salted scrypt hash, checked in constant time, five wrong tries lock
the pad for a minute. There is no default PIN: until an exhibitor runs `kiosk set-pin`, the staff panel
cannot be opened (the pad says so)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

PIN_FILE = "staff-pin.json"
MAX_TRIES = 5
LOCK_S = 60.0
SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # about 20 ms here: slow for guessing, quick for a person


class PinError(ValueError):
    pass


def validate_new_pin(pin: str) -> None:
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise PinError("a PIN is 4 to 12 digits")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210":
        raise PinError("choose a PIN that is not a repeated digit or a simple run")


def _hash(pin: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=params["n"], r=params["r"], p=params["p"], dklen=32)


def save_pin(folder: Path, pin: str) -> None:
    validate_new_pin(pin)
    salt = secrets.token_bytes(16)
    record = {
        "scheme": "scrypt",
        **SCRYPT,
        "salt": base64.b64encode(salt).decode(),
        "hash": base64.b64encode(_hash(pin, salt, SCRYPT)).decode(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
    os.chmod(tmp, 0o600)
    os.replace(tmp, folder / PIN_FILE)


@dataclass
class PinCheck:
    ok: bool
    locked_for_s: float = 0.0
    tries_left: int = MAX_TRIES
    not_set: bool = False


class PinGate:
    def __init__(self, folder: Path) -> None:
        self._path = folder / PIN_FILE
        self._failures = 0
        self._locked_until = 0.0

    def is_set(self) -> bool:
        return self._record() is not None

    def _record(self) -> dict[str, object] | None:
        try:
            record = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and record.get("scheme") == "scrypt" else None

    def locked_for(self, now: float) -> float:
        return max(0.0, self._locked_until - now)

    def check(self, pin: str, now: float) -> PinCheck:
        record = self._record()
        if record is None:
            return PinCheck(False, not_set=True)
        if self.locked_for(now) > 0:
            return PinCheck(False, locked_for_s=self.locked_for(now), tries_left=0)
        try:
            params = {k: int(record[k]) for k in ("n", "r", "p")}  # type: ignore[call-overload]
            salt = base64.b64decode(str(record["salt"]))
            expected = base64.b64decode(str(record["hash"]))
        except (KeyError, ValueError):
            return PinCheck(False, not_set=True)
        if hmac.compare_digest(_hash(pin, salt, params), expected):
            self._failures = 0
            return PinCheck(True)
        self._failures += 1
        if self._failures >= MAX_TRIES:
            self._failures = 0
            self._locked_until = now + LOCK_S
            return PinCheck(False, locked_for_s=LOCK_S, tries_left=0)
        return PinCheck(False, tries_left=MAX_TRIES - self._failures)
