from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from kiosk.core import files, pin
from kiosk.core.files import write_atomic
from kiosk.core.pin import (
    LOCK_FILE,
    LOCK_STEPS_S,
    PIN_FILE,
    SCRYPT,
    TRIES_PER_STEP,
    PinError,
    PinGate,
    save_pin,
    scrypt_memory,
    scrypt_problem,
)
from tests.deadline import within
from tests.hostile import kinds, make_hostile

CHEAP = {"n": 2**10, "r": 8, "p": 1}  # the stored parameters are what checks use: tests stay quick


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_no_pin_no_entry(tmp_path: Path) -> None:
    gate = PinGate(tmp_path, Clock())
    assert not gate.is_set()
    for guess in ("0000", "1234", "123456"):
        result = gate.check(guess)
        assert not result.ok and result.not_set


def test_only_a_salted_hash_is_stored(tmp_path: Path) -> None:
    save_pin(tmp_path, "2718", cost=CHEAP)
    text = (tmp_path / PIN_FILE).read_text(encoding="utf-8")
    assert "2718" not in text and '"scheme": "scrypt"' in text
    first_salt = text
    save_pin(tmp_path, "2718", cost=CHEAP)
    assert (tmp_path / PIN_FILE).read_text(encoding="utf-8") != first_salt  # a new salt each time
    assert PinGate(tmp_path, Clock()).check("2718").ok
    assert (tmp_path / PIN_FILE).stat().st_mode & 0o077 == 0  # readable by the kiosk's user only


def test_the_default_cost_is_a_memory_hard_scrypt() -> None:
    """About 0.2 s and 64 MiB per check on the 2-core machine it was chosen on; `kiosk set-pin` prints
    the time on the hall PC (a figure, not a test: machines differ)."""
    assert SCRYPT["n"] * SCRYPT["r"] * 128 >= 64 * 1024 * 1024  # memory per check
    assert SCRYPT["n"] >= 2**16 and SCRYPT["r"] >= 8


def test_lockouts_grow_and_say_how_long(tmp_path: Path) -> None:
    save_pin(tmp_path, "2718", cost=CHEAP)
    clock = Clock()
    gate = PinGate(tmp_path, clock)
    for step, length in enumerate((*LOCK_STEPS_S, LOCK_STEPS_S[-1])):
        for i in range(TRIES_PER_STEP - 1):
            result = gate.check("1111")
            assert not result.ok and result.tries_left == TRIES_PER_STEP - 1 - i
        locked = gate.check("1111")
        assert locked.locked_for_s == length, f"lock-out {step + 1}"
        clock.now += length / 2
        assert not gate.check("2718").ok  # even the right PIN waits
        assert gate.locked_for() == pytest.approx(length / 2)
        clock.now += length / 2
    assert [s / 60 for s in LOCK_STEPS_S] == [1, 5, 15, 60]
    assert gate.check("2718").ok
    assert not (tmp_path / LOCK_FILE).exists()  # the right PIN clears the count


def test_a_lockout_survives_a_restart(tmp_path: Path) -> None:
    save_pin(tmp_path, "2718", cost=CHEAP)
    clock = Clock()
    gate = PinGate(tmp_path, clock)
    for _ in range(TRIES_PER_STEP):
        gate.check("1111")
    clock.now += LOCK_STEPS_S[0]
    for _ in range(TRIES_PER_STEP):  # the second lock-out: five minutes
        gate.check("1111")
    clock.now += 30
    restarted = PinGate(tmp_path, clock)  # a new process after a power cycle
    assert restarted.locked_for() == pytest.approx(LOCK_STEPS_S[1] - 30)
    assert not restarted.check("2718").ok
    clock.now += LOCK_STEPS_S[1]
    for _ in range(TRIES_PER_STEP):  # the count went on: the next lock-out is the third step
        restarted.check("1111")
    assert restarted.locked_for() == LOCK_STEPS_S[2]


def test_a_clock_set_back_cannot_lengthen_a_lockout(tmp_path: Path) -> None:
    save_pin(tmp_path, "2718", cost=CHEAP)
    clock = Clock()
    gate = PinGate(tmp_path, clock)
    for _ in range(TRIES_PER_STEP):
        gate.check("1111")
    clock.now -= 10 * 24 * 3600  # someone set the PC's date back
    assert gate.locked_for() == LOCK_STEPS_S[0]
    clock.now += LOCK_STEPS_S[0]  # one step later, not ten days
    assert gate.locked_for() == 0


@pytest.mark.parametrize("junk", ["{not json", "[]", '{"failures": -1, "locked_until": 0, "step_s": 0}', '{"failures": "x"}'])
def test_a_damaged_lockout_file_counts_as_none_and_says_so(tmp_path: Path, junk: str) -> None:
    save_pin(tmp_path, "2718", cost=CHEAP)
    (tmp_path / LOCK_FILE).write_text(junk, encoding="utf-8")
    gate = PinGate(tmp_path, Clock())
    assert gate.locked_for() == 0 and gate.check("2718").ok
    assert gate.problems and LOCK_FILE in gate.problems[0]


# --- where the lock-out is kept when the settings folder cannot be written --------------------------


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """The settings folder (with a PIN) and the data folder, as AppPaths keeps them."""
    config, data = tmp_path / "config", tmp_path / "data"
    save_pin(config, "2718", cost=CHEAP)
    return config, data


def refuse_writes(monkeypatch: pytest.MonkeyPatch, *refused: tuple[Path, int]) -> list[Path]:
    """write_atomic fails for files in these folders with this errno (CI runs as root, so chmod cannot
    make a folder read-only); returns the paths written."""
    written: list[Path] = []

    def write(path: Path, data: bytes | str) -> None:
        for folder, code in refused:
            if path.parent == folder:
                raise OSError(code, os.strerror(code), str(path))
        write_atomic(path, data)
        written.append(path)

    monkeypatch.setattr(pin, "write_atomic", write)
    return written


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_restart_does_not_shorten_the_lockout_when_the_settings_folder_cannot_be_written(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """It lived only in memory: each restart gave five more guesses. Now it is kept in the data folder."""
    config, data = folders
    written = refuse_writes(monkeypatch, (config, code))
    clock = Clock()
    gate = PinGate(config, clock, fallback=data)
    for _ in range(TRIES_PER_STEP):
        assert not gate.check("1111").ok
    assert gate.locked_for() == LOCK_STEPS_S[0]
    assert set(written) == {data / LOCK_FILE} and not (config / LOCK_FILE).exists()
    assert any(str(config / LOCK_FILE) in p and files.describe(OSError(code, "")) in p for p in gate.problems)
    clock.now += 20
    restarted = PinGate(config, clock, fallback=data)  # a new process on the same folders
    assert restarted.locked_for() == LOCK_STEPS_S[0] - 20
    assert not restarted.check("2718").ok  # even the right PIN waits
    clock.now += LOCK_STEPS_S[0]
    for _ in range(TRIES_PER_STEP - 1):
        restarted.check("1111")
    assert PinGate(config, clock, fallback=data).check("1111").locked_for_s == LOCK_STEPS_S[1]  # the count went on


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_when_no_folder_takes_the_count_no_pin_is_tried_and_the_pad_says_why(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    config, data = folders
    refuse_writes(monkeypatch, (config, code), (data, code))
    for gate in (PinGate(config, Clock(), fallback=data), PinGate(config, Clock())):  # no fallback given: the same
        for guess in ("1111", "2718"):
            result = gate.check(guess)
            assert not result.ok and not result.not_set and result.locked_for_s == 0
            assert result.problem.startswith("wrong tries cannot be saved (") and files.describe(OSError(code, "")) in result.problem
        assert gate.problem() == result.problem  # said again when the pad opens
        assert any(str(config / LOCK_FILE) in p for p in gate.problems)
    monkeypatch.undo()  # the disk is fixed: tries are counted again, the right PIN opens
    gate = PinGate(config, Clock(), fallback=data)
    assert gate.check("2718").ok and gate.problem() is None


def test_a_wrong_try_is_on_disk_before_the_pin_is_checked(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A power cut (or a kill) after the check cannot lose a counted try."""
    config, data = folders
    seen: list[bool] = []
    real_hash = pin._hash

    def hash_and_look(*args: object) -> bytes:
        seen.append((config / LOCK_FILE).exists())
        return real_hash(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pin, "_hash", hash_and_look)
    gate = PinGate(config, Clock(), fallback=data)
    gate.check("1111")
    gate.check("2718")
    assert seen == [True, True] and not (config / LOCK_FILE).exists()  # the right PIN cleared it after


def test_the_stricter_of_the_two_copies_counts(folders: tuple[Path, Path]) -> None:
    """Neither copy can shorten a lock-out: an old count left in the settings folder, a newer one in the data
    folder (or the other way round) give the larger count and the later end."""
    config, data = folders
    clock = Clock()
    fingerprint = PinGate(config, clock).fingerprint()
    (config / LOCK_FILE).write_text(json.dumps({"failures": 3, "locked_until": 0, "step_s": 0, "pin": fingerprint}), encoding="utf-8")
    data.mkdir()
    locked = {"failures": 10, "locked_until": clock.now + 100, "step_s": 300, "pin": fingerprint}
    (data / LOCK_FILE).write_text(json.dumps(locked), encoding="utf-8")
    gate = PinGate(config, clock, fallback=data)
    assert gate.locked_for() == 100
    clock.now += 100
    for _ in range(TRIES_PER_STEP - 1):
        gate.check("1111")
    assert gate.check("1111").locked_for_s == LOCK_STEPS_S[2]  # 15 wrong in a row
    assert gate.check("2718").locked_for_s > 0
    clock.now += LOCK_STEPS_S[2]
    assert gate.check("2718").ok
    assert not (config / LOCK_FILE).exists() and not (data / LOCK_FILE).exists()  # both cleared


def test_a_new_pin_clears_the_count_wherever_it_is_kept(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """`kiosk set-pin` knows only the settings folder: a count in the data folder belongs to the old PIN
    (the record names it by a digest of its salt), so it no longer counts, even in a running kiosk."""
    config, data = folders
    refuse_writes(monkeypatch, (config, errno.EROFS))
    gate = PinGate(config, Clock(), fallback=data)
    for _ in range(TRIES_PER_STEP):
        gate.check("1111")
    assert gate.locked_for() > 0 and (data / LOCK_FILE).exists()
    monkeypatch.undo()
    save_pin(config, "3141", cost=CHEAP)
    assert gate.check("3141").ok  # the running kiosk
    assert PinGate(config, Clock(), fallback=data).locked_for() == 0  # and after a restart


def test_a_lockout_file_from_before_names_no_pin_and_still_counts(folders: tuple[Path, Path]) -> None:
    config, _ = folders
    clock = Clock()
    (config / LOCK_FILE).write_text(json.dumps({"failures": 5, "locked_until": clock.now + 30, "step_s": 60}), encoding="utf-8")
    assert PinGate(config, clock).locked_for() == 30


@pytest.mark.parametrize("weak", ["12", "abcd", "0000", "1234", "98765", "1234567890123", "٣٨٢٧", "２７１８", "27 18"])
def test_weak_or_malformed_pins_are_refused(tmp_path: Path, weak: str) -> None:
    with pytest.raises(PinError):
        save_pin(tmp_path, weak, cost=CHEAP)


def test_digits_the_pad_cannot_type_never_match(tmp_path: Path) -> None:
    save_pin(tmp_path, "2718", cost=CHEAP)
    gate = PinGate(tmp_path, Clock())
    assert not gate.check("２７１８").ok  # full-width digits
    assert not gate.check("٢٧١٨").ok  # Arabic-Indic digits
    record = json.loads((tmp_path / PIN_FILE).read_text(encoding="utf-8"))
    assert {k: record[k] for k in ("n", "r", "p")} == CHEAP


def test_a_damaged_pin_file_means_no_way_in_and_says_why(tmp_path: Path) -> None:
    (tmp_path / PIN_FILE).write_text('{"scheme": "scrypt", "n": "lots"', encoding="utf-8")
    gate = PinGate(tmp_path, Clock())
    result = gate.check("2718")
    assert result.not_set and result.problem.startswith("the staff PIN file is not valid JSON")
    assert any("not valid JSON" in p and "kiosk set-pin" in p and PIN_FILE in p for p in gate.problems)


# --- files that are not what they claim to be ----------------------------------------------------

PIN_REASONS = {
    "fifo": "the staff PIN file is a pipe (FIFO), not a file",
    "dev-zero": "the staff PIN file is a device, not a file",
    "dev-null": "the staff PIN file is a device, not a file",
    "directory": "the staff PIN file is a folder, not a file",
    "link-loop": "the staff PIN file leads into a loop of links",
    "huge": "the staff PIN file is larger than the limit of 4,096 bytes",
    "empty": "the staff PIN file is empty",
    "mode-000": "the staff PIN file cannot be read: no permission to read it",
}


@pytest.mark.parametrize("kind", kinds())
def test_a_hostile_pin_file_is_a_named_problem_not_a_hang_or_a_crash(tmp_path: Path, kind: str) -> None:
    """/dev/zero filled memory (MemoryError) and a FIFO hung the kiosk at the staff gesture."""
    make_hostile(tmp_path / PIN_FILE, kind)
    gate = within(10, lambda: PinGate(tmp_path, Clock()), f"reading a {kind} PIN file")
    result = within(10, lambda: gate.check("2718"), f"checking against a {kind} PIN file")
    assert not result.ok and result.not_set
    assert result.problem == f"{PIN_REASONS[kind]}; set the PIN again with kiosk set-pin"
    assert gate.problem() == result.problem and not gate.is_set()
    assert any(PIN_FILE in p and PIN_REASONS[kind].removeprefix("the staff PIN file ") in p for p in gate.problems)


@pytest.mark.parametrize("kind", kinds())
def test_a_hostile_lockout_file_is_a_named_problem_and_counts_as_none(tmp_path: Path, kind: str) -> None:
    save_pin(tmp_path, "2718", cost=CHEAP)
    make_hostile(tmp_path / LOCK_FILE, kind)
    gate = within(10, lambda: PinGate(tmp_path, Clock()), f"reading a {kind} lock-out file")
    assert gate.locked_for() == 0
    reason = PIN_REASONS[kind].removeprefix("the staff PIN file ").removeprefix("cannot be read: ")
    assert any(LOCK_FILE in p and reason in p and "no lock-out in force" in p for p in gate.problems), gate.problems


SCRYPT_PROBLEMS = {
    "n=1": ({"n": 1}, "scrypt n = 1, not a power of two from 2^10 to 2^20"),
    "n=3": ({"n": 3}, "scrypt n = 3, not a power of two"),
    "n=-16": ({"n": -16}, "scrypt n = -16, not a power of two"),
    "n=2^40": ({"n": 2**40}, "scrypt n = 1099511627776, not a power of two"),
    "n=2^21": ({"n": 2**21}, "not a power of two from 2^10 to 2^20"),
    "n=1.5": ({"n": 1.5}, "scrypt n = 1.5, not a whole number"),
    "n=true": ({"n": True}, "scrypt n = True, not a whole number"),
    "n=text": ({"n": "lots"}, "scrypt n = 'lots', not a whole number"),
    "r=0": ({"r": 0}, "scrypt r = 0, not from 1 to 32"),
    "r=33": ({"r": 33}, "scrypt r = 33, not from 1 to 32"),
    "p=0": ({"p": 0}, "scrypt p = 0, not from 1 to 16"),
    "p=2^20": ({"p": 2**20}, "scrypt p = 1048576, not from 1 to 16"),
    "n=2^16,r=1": ({"n": 2**16, "r": 1}, "scrypt n = 2^16, too large for r = 1"),
    "work": ({"n": 2**18, "r": 8}, "scrypt cost n*r*p = 2,097,152, above 1,048,576"),
    "no salt": ({"salt": None}, "has no salt"),
    "salt not text": ({"salt": 5}, "has a salt that is not text"),
    "salt not base64": ({"salt": "!!"}, "has a salt that is not base64"),
    "salt short": ({"salt": base64.b64encode(b"12345678").decode()}, "has a salt of 8 bytes, not 16-64"),
    "hash short": ({"hash": base64.b64encode(b"1234").decode()}, "has a hash of 4 bytes, not 32"),
    "scheme": ({"scheme": "md5"}, "is not a PIN record"),
}


@pytest.mark.parametrize("case", SCRYPT_PROBLEMS, ids=str)
def test_a_pin_record_out_of_bounds_is_a_named_problem_never_an_exception(tmp_path: Path, case: str) -> None:
    """hashlib.scrypt raised ValueError or TypeError outside any try for n = 1, 3, -16 or 2^40 and r = 0 (so
    the panel could never open), and p = 2^20 took seconds on the UI thread: every field is checked first."""
    change, reason = SCRYPT_PROBLEMS[case]
    save_pin(tmp_path, "2718", cost=CHEAP)
    record = json.loads((tmp_path / PIN_FILE).read_text(encoding="utf-8"))
    record.update(change)
    (tmp_path / PIN_FILE).write_text(json.dumps(record), encoding="utf-8")
    gate = PinGate(tmp_path, Clock())
    started = time.perf_counter()
    result = gate.check("2718")
    assert time.perf_counter() - started < 0.5
    assert not result.ok and result.not_set and reason in result.problem, result.problem
    assert any(reason in p for p in gate.problems)


def test_the_bounds_take_what_set_pin_writes_and_what_owasp_recommends() -> None:
    """OWASP Password Storage Cheat Sheet, scrypt: N=2^17 r=8 p=1, or 2^16/8/2, 2^15/8/3, 2^14/8/5, 2^13/8/10."""
    owasp = [(2**17, 8, 1), (2**16, 8, 2), (2**15, 8, 3), (2**14, 8, 5), (2**13, 8, 10)]
    for n, r, p in [(SCRYPT["n"], SCRYPT["r"], SCRYPT["p"]), (CHEAP["n"], CHEAP["r"], CHEAP["p"]), *owasp]:
        assert scrypt_problem(n, r, p) is None, (n, r, p)


@pytest.mark.parametrize(("n", "r", "p"), [(2**10, 8, 1), (2**12, 2, 3), (2**10, 32, 16)])
def test_the_memory_bound_is_counted_as_openssl_counts_maxmem(n: int, r: int, p: int) -> None:
    """So a record the bounds accept never meets hashlib's 'memory limit exceeded'."""
    need = scrypt_memory(n, r, p)
    assert scrypt_problem(n, r, p, max_memory=need) is None
    hashlib.scrypt(b"0000", salt=b"\0" * 16, n=n, r=r, p=p, dklen=32, maxmem=need)
    assert "MiB" in str(scrypt_problem(n, r, p, max_memory=need - 1))
    with pytest.raises(ValueError):
        hashlib.scrypt(b"0000", salt=b"\0" * 16, n=n, r=r, p=p, dklen=32, maxmem=need - 1)


LOCKOUT_PROBLEMS = {
    "Infinity": ('{"failures": Infinity, "locked_until": 0, "step_s": 0}', "has Infinity"),
    "1e400": ('{"failures": 1e400, "locked_until": 0, "step_s": 0}', "has the number 1e400, too large"),
    "10**300": (f'{{"failures": {10**300}, "locked_until": 0, "step_s": 0}}', "not a count from 0 to 1,000,000"),
    "negative": ('{"failures": -1, "locked_until": 0, "step_s": 0}', "not a count"),
    "float count": ('{"failures": 5.0, "locked_until": 0, "step_s": 0}', "not a count"),
    "true": ('{"failures": true, "locked_until": 0, "step_s": 0}', "not a count"),
    "until huge int": (f'{{"failures": 5, "locked_until": {10**400}, "step_s": 60}}', "locked_until = 1000"),
    "until negative": ('{"failures": 5, "locked_until": -1e300, "step_s": 60}', "locked_until = -1e+300, not a time"),
    "until 2200": ('{"failures": 5, "locked_until": 7258118401, "step_s": 60}', "not a time from 0 to 7258118400"),
    "step": ('{"failures": 5, "locked_until": 0, "step_s": 86400}', "step_s = 86400, not a time from 0 to 3600"),
    "step text": ('{"failures": 5, "locked_until": 0, "step_s": "60"}', "step_s = 60, not a time"),
    "missing": ('{"failures": 5}', "locked_until = None"),
    "list": ("[]", "is not a lock-out record"),
}


@pytest.mark.parametrize("case", LOCKOUT_PROBLEMS, ids=str)
def test_lockout_numbers_must_be_finite_non_negative_and_bounded(tmp_path: Path, case: str) -> None:
    """'failures': Infinity or 1e400 raised OverflowError while the kiosk was being built."""
    text, reason = LOCKOUT_PROBLEMS[case]
    save_pin(tmp_path, "2718", cost=CHEAP)
    (tmp_path / LOCK_FILE).write_text(text, encoding="utf-8")
    gate = PinGate(tmp_path, Clock())
    assert gate.locked_for() == 0 and gate.check("2718").ok
    assert any(reason in p and "no lock-out in force" in p for p in gate.problems), gate.problems


def test_a_lockout_that_claims_to_end_later_than_its_step_ends_one_step_from_now(tmp_path: Path) -> None:
    """The clock set back, or a record that says so: never longer than the step in force."""
    save_pin(tmp_path, "2718", cost=CHEAP)
    clock = Clock()
    (tmp_path / LOCK_FILE).write_text(json.dumps({"failures": 5, "locked_until": clock.now + 10**9, "step_s": 60}), encoding="utf-8")
    gate = PinGate(tmp_path, clock)
    assert gate.locked_for() == 60 and not gate.problems
    clock.now += 60
    assert gate.locked_for() == 0 and gate.check("2718").ok
