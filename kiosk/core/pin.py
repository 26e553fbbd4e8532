"""The staff PIN: stored only as a salted scrypt hash, checked in constant time. Every five wrong tries
lock the pad, for longer each time (1, 5, 15, then 60 minutes), and the count is saved on disk before
the PIN is checked, so neither a restart nor a power cut at the wrong moment resets it (where it is kept:
PinGate). There is no default PIN: until an exhibitor runs `kiosk set-pin`, the staff panel cannot be
opened (the pad says so).

Times here are wall-clock seconds (time.time): a lock-out must mean the same after a reboot. A clock set
back cannot lengthen a lock-out beyond its step.

Both files are read through kiosk.core.files (regular files of a few KiB only) and checked field by field
before use: a FIFO, a device, a folder, junk or numbers out of bounds is a named problem in `problems`,
never an exception and never a hang, and the pad says why it cannot open."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from kiosk.core.files import FileRefusedError, describe, parse_json, read_bytes, write_atomic

PIN_FILE = "staff-pin.json"
LOCK_FILE = "staff-pin-lockout.json"
TRIES_PER_STEP = 5
LOCK_STEPS_S = (60.0, 5 * 60.0, 15 * 60.0, 60 * 60.0)  # after 5, 10, 15 and 20 or more wrong tries in a row
# About 0.2 s per check and 64 MiB on the 2-core machine this was measured on (`kiosk set-pin` prints it
# on the hall PC): slow enough that guessing a stolen hash takes years, quick enough for a person.
SCRYPT = {"n": 2**16, "r": 8, "p": 1}
RECORD_LIMIT = 4096  # bytes: a PIN record is about 170, a lock-out record about 80
# What a stored record may ask of scrypt, checked before every use. OWASP's Password Storage Cheat Sheet
# (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt) recommends
# N=2^17, r=8, p=1 (128 MiB) or one of its equals down to N=2^13, r=8, p=10: n*r*p about 2^20, 0.4 s a
# check on the machine SCRYPT was measured on. SCRYPT itself is 2^19 (half of that); tests use 2^13. A
# record may cost up to OWASP's level and no more: a check runs on the UI thread, and OWASP's own rule is
# "less than one second". RFC 7914 section 2: n a power of two above 1 and below 2^(16r).
N_RANGE = (2**10, 2**20)
R_MAX = 32
P_MAX = 16
WORK_MAX = 2**20  # n * r * p
_MAX_MEMORY = 256 * 1024 * 1024  # scrypt's maxmem; a record within WORK_MAX needs at most 128 MiB and a little
SALT_BYTES = (16, 64)  # set-pin writes 16
HASH_BYTES = 32
MAX_FAILURES = 1_000_000  # wrong tries in a row a lock-out record may claim (an hour each: over a century)
LATEST = 7_258_118_400.0  # 2200-01-01 UTC: no lock-out record ends later
_DIGITS = re.compile(r"[0-9]{4,12}")


class PinError(ValueError):
    pass


def validate_new_pin(pin: str) -> None:
    if not _DIGITS.fullmatch(pin):  # ASCII only: the pad has no other digits ('٣'.isdigit() is True)
        raise PinError("a PIN is 4 to 12 digits, 0-9")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210":
        raise PinError("choose a PIN that is not a repeated digit or a simple run")


def _hash(pin: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=params["n"], r=params["r"], p=params["p"], dklen=HASH_BYTES, maxmem=_MAX_MEMORY)


def scrypt_memory(n: int, r: int, p: int) -> int:
    """Bytes scrypt needs, counted as OpenSSL counts them against maxmem (B: 128rp, V: 128r(n+2))."""
    return 128 * r * p + 128 * r * (n + 2)


def scrypt_problem(n: object, r: object, p: object, max_memory: int = _MAX_MEMORY) -> str | None:
    """Why hashlib.scrypt must not be asked with these, as words that follow 'has' (None: it may be).
    Checked before every use, so a record out of bounds is a named problem and never a ValueError, a
    TypeError or a pad frozen for seconds."""
    for name, value in (("n", n), ("r", r), ("p", p)):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"scrypt {name} = {repr(value)[:40]}, not a whole number"
    assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
    if not N_RANGE[0] <= n <= N_RANGE[1] or n & (n - 1):
        return f"scrypt n = {str(n)[:40]}, not a power of two from 2^10 to 2^20"
    if not 1 <= r <= R_MAX:
        return f"scrypt r = {str(r)[:40]}, not from 1 to {R_MAX}"
    if not 1 <= p <= P_MAX:
        return f"scrypt p = {str(p)[:40]}, not from 1 to {P_MAX}"
    if n >= 1 << (16 * r):
        return f"scrypt n = 2^{n.bit_length() - 1}, too large for r = {r} (RFC 7914)"
    if n * r * p > WORK_MAX:
        return f"scrypt cost n*r*p = {n * r * p:,}, above {WORK_MAX:,} (each check would stall the screen)"
    if scrypt_memory(n, r, p) > max_memory:
        return f"scrypt parameters that need {scrypt_memory(n, r, p) / 2**20:.0f} MiB, above {max_memory / 2**20:.0f} MiB"
    return None


@dataclass(frozen=True)
class PinRecord:
    """A stored PIN hash whose every field was checked."""

    n: int
    r: int
    p: int
    salt: bytes
    hash: bytes

    @property
    def params(self) -> dict[str, int]:
        return {"n": self.n, "r": self.r, "p": self.p}

    @property
    def fingerprint(self) -> str:
        """Names this PIN in its lock-out record (a digest of the salt: a new PIN has a new salt)."""
        return hashlib.sha256(self.salt).hexdigest()[:16]

    @classmethod
    def parse(cls, data: object) -> PinRecord | str:
        """The record, or why it cannot be used (in words: what follows 'the staff PIN file')."""
        if not isinstance(data, dict) or data.get("scheme") != "scrypt":
            return "is not a PIN record"
        problem = scrypt_problem(data.get("n"), data.get("r"), data.get("p"))
        if problem:
            return f"has {problem}"
        fields: dict[str, bytes] = {}
        for name, sizes in (("salt", SALT_BYTES), ("hash", (HASH_BYTES, HASH_BYTES))):
            text = data.get(name)
            if not isinstance(text, str):
                return f"has no {name}" if text is None else f"has a {name} that is not text"
            try:
                fields[name] = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                return f"has a {name} that is not base64"
            if not sizes[0] <= len(fields[name]) <= sizes[1]:
                return f"has a {name} of {len(fields[name])} bytes, not {'-'.join(map(str, sorted(set(sizes))))}"
        return cls(data["n"], data["r"], data["p"], fields["salt"], fields["hash"])


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
    # A new PIN, a clean slate: a count kept elsewhere (PinGate's fallback) names the old PIN and is ignored.
    (folder / LOCK_FILE).unlink(missing_ok=True)


@dataclass
class PinCheck:
    ok: bool
    locked_for_s: float = 0.0
    tries_left: int = TRIES_PER_STEP
    not_set: bool = False  # no usable PIN: none set, or (with `problem`) a file that cannot be used
    problem: str = ""  # why no PIN can be tried, in words for staff; empty when one can


@dataclass
class _Lockout:
    failures: int = 0  # wrong tries in a row, across restarts
    locked_until: float = 0.0  # wall-clock seconds
    step_s: float = 0.0  # length of the lock-out in force
    pin: str = ""  # the PinRecord.fingerprint it counts for; "" in records written before it was kept

    @classmethod
    def parse(cls, data: object) -> _Lockout | str:
        """The record, or why it cannot be used. Bounded so that no later sum overflows and no file can
        lock the pad for longer than a step (see PinGate.locked_for)."""
        if not isinstance(data, dict):
            return "is not a lock-out record"
        failures, until, step, pin = data.get("failures"), data.get("locked_until"), data.get("step_s"), data.get("pin", "")
        if not isinstance(failures, int) or isinstance(failures, bool) or not 0 <= failures <= MAX_FAILURES:
            return f"has failures = {str(failures)[:40]}, not a count from 0 to {MAX_FAILURES:,}"
        for name, value, top in (("locked_until", until, LATEST), ("step_s", step, max(LOCK_STEPS_S))):
            # bool is an int; an int may be too large for a float, so compare before converting
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= top:
                return f"has {name} = {str(value)[:40]}, not a time from 0 to {top:.0f}"
        if not isinstance(pin, str) or len(pin) > 64:
            return "has a pin that is not a short text"
        return cls(failures, float(until), float(step), pin)  # type: ignore[arg-type]


def _stricter(records: Iterable[_Lockout], pin: str) -> _Lockout:
    """One count from several copies: the most wrong tries, and the lock-out that ends last."""
    state = _Lockout(pin=pin)
    for record in records:
        state.failures = max(state.failures, record.failures)
        if record.locked_until > state.locked_until:
            state.locked_until, state.step_s = record.locked_until, record.step_s
    return state


def _read_json(path: Path) -> object:
    """A small JSON file through kiosk.core.files; an empty one is named as such."""
    raw = read_bytes(path, RECORD_LIMIT)
    if not raw.strip():
        raise FileRefusedError(path, "is empty")
    return parse_json(raw, path)


def _what_is_wrong(subject: str, exc: OSError) -> str:
    """'the staff PIN file is a device, not a file' or 'the staff PIN file cannot be read: the disk ...'."""
    why = describe(exc)
    if why.startswith(("is ", "has ", "leads ")):
        return f"{subject} {why}"
    return f"{subject} cannot be read: {why}"


class PinGate:
    """`clock`: wall-clock seconds. A PIN file that cannot be used means no way in, and `problem` says
    why; a lock-out file that cannot be read counts as none. Both are logged by the caller through
    `problems`.

    Where the count of wrong tries is kept: in `folder` (the settings folder, beside the PIN); when that
    cannot be written (read-only, full, something in the file's place), in `fallback` (the data folder).
    Every copy is read at start and the stricter counts, so no copy can shorten a lock-out. Each try is
    saved as a wrong one before the PIN is checked, and cleared when it was right; when no folder takes
    it, no PIN is tried and `problem` says why. Chosen over keeping the count in memory (each restart
    gave five more guesses) and over refusing whenever the settings folder is read-only (a hall that
    locks its settings down would lose the panel, though its data folder can hold the count)."""

    def __init__(self, folder: Path, clock: Callable[[], float] = time.time, *, fallback: Path | None = None) -> None:
        self._path = folder / PIN_FILE
        self._lock_paths = [folder / LOCK_FILE] + ([fallback / LOCK_FILE] if fallback is not None else [])
        self._clock = clock
        self.problems: list[str] = []
        self._unsaved: str | None = None  # why the last try could not be counted
        self._saved = [record for path in self._lock_paths if (record := self._read_lockout(path)) is not None]
        self._state = _stricter(self._saved, "")
        self._record()  # takes the copies that count for this PIN

    def is_set(self) -> bool:
        return isinstance(self._record(), PinRecord)

    def problem(self) -> str | None:
        """Why the pad cannot take a PIN now, in words for staff (None: it can, or no PIN is set)."""
        record = self._record()
        return record if isinstance(record, str) else self._unsaved

    def fingerprint(self) -> str:
        record = self._record()
        return record.fingerprint if isinstance(record, PinRecord) else ""

    def _record(self) -> PinRecord | str | None:
        """The stored hash; None when no PIN is set; the reason (for staff) when the file cannot be used
        (the full path goes to `problems`). Read at each use, so `kiosk set-pin` works on a running kiosk."""
        try:
            record = PinRecord.parse(_read_json(self._path))
        except FileNotFoundError:
            return None
        except OSError as exc:
            why = _what_is_wrong("the staff PIN file", exc)
        else:
            if isinstance(record, PinRecord):
                if record.fingerprint != self._state.pin:  # first read, or a new PIN: its own count
                    self._state = _stricter((r for r in self._saved if r.pin in ("", record.fingerprint)), record.fingerprint)
                return record
            why = f"the staff PIN file {record}"
        self._note(f"{self._path}: {why.removeprefix('the staff PIN file ')}; set the PIN again with kiosk set-pin")
        return f"{why}; set the PIN again with kiosk set-pin"

    def _note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def _read_lockout(self, path: Path) -> _Lockout | None:
        try:
            state = _Lockout.parse(_read_json(path))
        except FileNotFoundError:
            return None
        except OSError as exc:
            state = describe(exc)
        if isinstance(state, str):
            self._note(f"{path}: {state}; no lock-out in force from it")
            return None
        return state

    def _save(self, state: _Lockout) -> str | None:
        """Write the count to the first folder that takes it; None when one did, else why none did (for
        staff: the paths go to `problems`)."""
        refused: list[str] = []
        for path in self._lock_paths:
            try:
                write_atomic(path, json.dumps(asdict(state)))
            except OSError as exc:
                why = describe(exc)
                refused.append(f"the lock-out file {why}" if why.startswith(("is ", "has ", "leads ")) else why)
                self._note(f"{path}: the count of wrong PIN tries not saved ({why})")
                continue
            return None
        self._note("no PIN is tried until the count of wrong tries can be saved: a restart would forget it")
        return f"wrong tries cannot be saved ({'; '.join(dict.fromkeys(refused))}), so no PIN is tried until they can; the log says where"

    def _clear(self) -> None:
        for path in self._lock_paths:
            if not os.path.lexists(path):  # a read-only disk refuses even to remove what is not there
                continue
            try:
                path.unlink()
            except OSError as exc:
                self._note(f"{path}: not removed ({describe(exc)}); after a restart the pad counts on from it")

    def locked_for(self) -> float:
        """Seconds until the pad takes a PIN again (0 when it does). Never more than the step in force: a
        lock-out that claims to end later (the clock was set back, or the file says so) is re-anchored
        to end one step from now."""
        state, now = self._state, self._clock()
        if state.locked_until - now > state.step_s:
            state.locked_until = now + state.step_s
        return max(0.0, state.locked_until - now)

    def check(self, pin: str) -> PinCheck:
        record = self._record()
        if record is None:
            return PinCheck(False, not_set=True)
        if isinstance(record, str):
            return PinCheck(False, not_set=True, problem=record)
        locked = self.locked_for()
        if locked > 0:
            return PinCheck(False, locked_for_s=locked, tries_left=0)
        wrong = replace(self._state, failures=min(self._state.failures + 1, MAX_FAILURES))
        if wrong.failures % TRIES_PER_STEP == 0:
            wrong.step_s = LOCK_STEPS_S[min(wrong.failures // TRIES_PER_STEP, len(LOCK_STEPS_S)) - 1]
            wrong.locked_until = self._clock() + wrong.step_s
        self._unsaved = self._save(wrong)  # counted before it is checked
        if self._unsaved:
            return PinCheck(False, problem=self._unsaved)
        attempt = pin if _DIGITS.fullmatch(pin) else ""  # what the pad cannot type never matches
        if attempt and hmac.compare_digest(_hash(attempt, record.salt, record.params), record.hash):
            self._state = _Lockout(pin=record.fingerprint)
            self._saved = []
            self._clear()
            return PinCheck(True)
        self._state = wrong
        if wrong.failures % TRIES_PER_STEP == 0:
            return PinCheck(False, locked_for_s=wrong.step_s, tries_left=0)
        return PinCheck(False, tries_left=TRIES_PER_STEP - wrong.failures % TRIES_PER_STEP)
