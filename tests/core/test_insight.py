from __future__ import annotations

import contextlib
import csv
import dataclasses
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from kiosk.core import insight
from kiosk.core.insight import DAILY_KEEP_DAYS, GRID_COLUMNS, GRID_ROWS, KEEP_DAYS, InsightError, InsightStore
from tests import hostile

TODAY = date(2026, 11, 28)


def at(day: date, hour: int = 10, minute: int = 0, second: int = 0) -> float:
    """A local wall-clock moment, so the tests mean the same calendar day in any time zone."""
    return datetime.combine(day, time(hour, minute, second)).timestamp()


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(at(TODAY))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "insight.db"


@pytest.fixture
def store(db: Path, clock: FakeClock) -> Iterator[InsightStore]:
    opened = InsightStore(db, clock)
    yield opened
    opened.close()


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


def starts(message: str) -> str:
    return "^" + re.escape(message)


def count(path: Path, sql: str) -> int:
    with raw(path) as conn:
        return int(conn.execute(sql).fetchone()[0])


def visit(
    store: InsightStore,
    clock: FakeClock,
    seconds: float,
    pillars: dict[str, float],
    language: str = "zh",
    ended_in: str | None = None,
    woke: bool = False,
) -> int:
    session = store.session_started(language, woke)
    for pillar, spent in pillars.items():
        store.pillar_time(session, pillar, spent)
    clock.now += seconds
    store.session_ended(session, ended_in or language)
    return session


def test_a_new_store_is_wal_with_a_schema_version(store: InsightStore, db: Path) -> None:
    assert db.exists() and store.problems == []
    with raw(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == insight.SCHEMA_VERSION == 1


def test_an_empty_store_sums_to_zero(store: InsightStore) -> None:
    summary = store.summary(7)
    assert (summary.days, summary.sessions, summary.median_session_s, summary.taps, summary.attract_wakes) == (7, 0, 0.0, 0, 0)
    assert summary.pillar_seconds == {} and summary.languages == {}
    assert summary.heat == [[0] * GRID_COLUMNS for _ in range(GRID_ROWS)]
    with pytest.raises(ValueError):
        store.summary(0)


def test_summary_counts_local_days_exactly(store: InsightStore, clock: FakeClock) -> None:
    clock.now = at(TODAY - timedelta(days=7))  # just outside summary(7)
    visit(store, clock, 999, {"maps": 1}, language="fr")
    store.attract_wake()
    store.tap(0.5, 0.5)
    clock.now = at(TODAY - timedelta(days=6), 23, 59)  # runs past midnight: counts on the day it started
    visit(store, clock, 600, {}, language="zh")
    store.tap(0.0, 0.0)
    clock.now = at(TODAY - timedelta(days=3), 9)
    visit(store, clock, 120, {"maps": 100}, language="en")
    store.attract_wake()
    clock.now = at(TODAY, 10)
    store.attract_wake()
    store.attract_wake()
    visit(store, clock, 60, {"history": 30, "people": 10}, language="zh", woke=True)
    clock.now = at(TODAY, 11)
    visit(store, clock, 120, {"history": 20}, language="en", ended_in="zh")  # switched language
    clock.now = at(TODAY, 12)
    visit(store, clock, 30, {"maps": 5}, language="zh", ended_in="en")
    store.tap(0.0, 0.0)
    store.tap(0.999, 1.0)  # the far edge is the last cell, not one past it
    store.tap(-0.5, -3)  # clamped to the first cell
    store.tap(0.5, 0.5)

    today = store.summary(1)
    assert (today.days, today.sessions, today.median_session_s, today.attract_wakes, today.taps) == (1, 3, 60.0, 2, 4)
    assert list(today.pillar_seconds.items()) == [("history", 50.0), ("people", 10.0), ("maps", 5.0)]
    assert list(today.languages.items()) == [("zh", 2), ("en", 1)]
    assert len(today.heat) == GRID_ROWS and {len(row) for row in today.heat} == {GRID_COLUMNS}
    assert (today.heat[0][0], today.heat[GRID_ROWS - 1][GRID_COLUMNS - 1], today.heat[9][16]) == (2, 1, 1)
    assert sum(map(sum, today.heat)) == 4

    week = store.summary(7)
    assert (week.sessions, week.median_session_s, week.attract_wakes, week.taps) == (5, 120.0, 3, 5)
    assert list(week.pillar_seconds.items()) == [("maps", 105.0), ("history", 50.0), ("people", 10.0)]
    assert list(week.languages.items()) == [("zh", 3), ("en", 2)]
    assert (week.heat[0][0], week.heat[9][16]) == (3, 1)

    assert store.summary(4).median_session_s == 90.0  # 30, 60, 120, 120: the mean of the middle two
    eight = store.summary(8)
    assert (eight.sessions, eight.languages["fr"], eight.attract_wakes, eight.heat[9][16]) == (6, 1, 4, 2)


def test_a_session_ends_at_the_last_touch_not_when_the_kiosk_gave_up_waiting(store: InsightStore, clock: FakeClock) -> None:
    first = store.session_started("zh", False)
    clock.now += 100  # 30 s of use, then 70 s of waiting for a touch that never came
    store.session_ended(first, "zh", idle_s=70)
    second = store.session_started("en", False)
    clock.now += 5
    store.session_ended(second, "en", idle_s=50)  # an idle wait longer than the session: it lasted 0 s
    summary = store.summary(1)
    assert summary.sessions == 2
    assert summary.median_session_s == pytest.approx(15.0)  # median of 30 s and 0 s


def test_odd_taps_stay_on_the_grid(store: InsightStore) -> None:
    for x, y in [(1.0, 0.0), (2.0, 0.5), (float("inf"), float("-inf")), (float("nan"), float("nan"))]:
        store.tap(x, y)
    heat = store.summary(1).heat
    assert (heat[0][GRID_COLUMNS - 1], heat[9][GRID_COLUMNS - 1], heat[0][0]) == (2, 1, 1)


def test_taps_are_counted_at_once_and_written_with_the_next_write_or_at_close(db: Path, clock: FakeClock) -> None:
    store = InsightStore(db, clock)
    try:
        for _ in range(3):
            store.tap(0.0, 0.0)
        store.tap(0.9, 0.9)
        assert store.taps_held == 4 and count(db, "SELECT COALESCE(SUM(count), 0) FROM taps") == 0  # no disk in the tap
        store.attract_wake()  # any write carries them, in its own transaction
        assert store.taps_held == 0 and count(db, "SELECT COALESCE(SUM(count), 0) FROM taps") == 4
        clock.now += 24 * 3600  # a tap of the next day stays on its own day
        store.tap(0.0, 0.0)
        assert store.summary(1).heat[0][0] == 1 and store.summary(2).heat[0][0] == 4  # a summary reads what is held
        store.tap(0.5, 0.5)
    finally:
        store.close()
    assert count(db, "SELECT COALESCE(SUM(count), 0) FROM taps") == 6  # written as the store closed


def test_a_session_cut_off_by_a_power_cut_counts_its_pillar_time_and_is_closed_on_open(db: Path, clock: FakeClock) -> None:
    first = InsightStore(db, clock)
    session = first.session_started("zh", False)
    first.pillar_time(session, "history", 40)
    first.pillar_time(session, "history", 2)  # adds up
    clock.now += 100
    assert first.summary(1).median_session_s == 42.0  # still running: its time so far
    first.close()  # never ended

    again = InsightStore(db, clock)
    try:
        summary = again.summary(1)
        assert (summary.sessions, summary.median_session_s, summary.languages) == (1, 42.0, {"zh": 1})
    finally:
        again.close()
    with raw(db) as conn:
        started, ended = conn.execute("SELECT started, ended FROM sessions").fetchone()
    assert ended == started + 42


def _break(db: Path, clock: FakeClock, content: bytes | str) -> None:
    """Put a broken visitor database at `db`: these bytes, "newer" (a later schema) or "damaged"."""
    if content == "newer":
        InsightStore(db, clock).close()
        with raw(db) as conn:
            conn.execute("PRAGMA user_version = 99")
    elif content == "damaged":
        first = InsightStore(db, clock)
        session = first.session_started("zh", False)
        for i in range(300):
            first.pillar_time(session, f"pillar {i}", 1)
        first.close()
        good = db.read_bytes()
        db.write_bytes(good[:4096] + bytes(255 - b for b in good[4096:]))  # header intact, every page after it scrambled
    else:
        db.parent.mkdir(parents=True)
        assert isinstance(content, bytes)
        db.write_bytes(content)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a database, it is a text file\n" * 100, "was not a database"),
        ("newer", "was written by a newer version"),
        ("damaged", "was damaged"),
    ],
)
def test_a_broken_file_is_moved_aside_and_a_fresh_one_started(db: Path, clock: FakeClock, content: bytes | str, reason: str) -> None:
    _break(db, clock, content)
    broken = db.read_bytes()
    store = InsightStore(db, clock)
    try:
        aside = db.with_name("insight.db.broken-20261128-1000")
        assert len(store.problems) == 1 and store.problems[0].startswith(f"insight.db {reason}")
        assert store.problems[0].endswith(f"moved aside to {aside.name} and started afresh")
        assert aside.read_bytes() == broken
        store.tap(0.5, 0.5)
        assert store.summary(1).taps == 1
    finally:
        store.close()
    with raw(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_full_disk_raises_a_clear_error_and_the_store_recovers(store: InsightStore, db: Path) -> None:
    session = store.session_started("zh", False)
    conn = store._conn  # fault injection: the database may not grow beyond its current size
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(InsightError) as error:
        for i in range(1000):
            store.pillar_time(session, f"a long pillar name {'x' * 200} {i}", 1)
    assert str(error.value) == f"could not record to {db}: database or disk is full"
    conn.execute("PRAGMA max_page_count = 1000000")  # space freed
    store.pillar_time(session, "history", 5)
    assert store.summary(1).pillar_seconds["history"] == 5.0


def test_a_read_only_database_raises_and_the_next_write_tries_again(store: InsightStore, db: Path) -> None:
    # query_only refuses writes even to root, for whom a chmod'ed file stays writable
    store._conn.execute("PRAGMA query_only = 1")
    with pytest.raises(InsightError, match=starts(f"could not record to {db}: attempt to write a readonly database") + "$"):
        store.session_started("zh", False)
    with pytest.raises(InsightError):
        store.attract_wake()
    store._conn.execute("PRAGMA query_only = 0")
    store.attract_wake()
    assert store.summary(1).attract_wakes == 1


def test_a_locked_database_raises_instead_of_freezing(db: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(insight, "BUSY_TIMEOUT_S", 0.05)
    store = InsightStore(db, clock)
    try:
        with raw(db) as other:
            other.isolation_level = None
            other.execute("BEGIN EXCLUSIVE")
            store.tap(0.5, 0.5)  # counted: the tap's frame never waits for the disk
            with pytest.raises(InsightError, match="database is locked"):
                store.write_taps()
            assert store.taps_held == 1  # kept for the next write
            other.execute("ROLLBACK")
        store.tap(0.5, 0.5)
        assert store.summary(1).taps == 2
        assert store.taps_held == 0
    finally:
        store.close()


def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path, clock: FakeClock) -> None:
    (tmp_path / "file").write_text("in the way")  # fails for root too
    path = tmp_path / "file" / "data" / "insight.db"
    with pytest.raises(InsightError, match=starts(f"could not create the folder for {path}: ")):
        InsightStore(path, clock)


CHILD = """
import sys
from pathlib import Path
from kiosk.core.insight import InsightStore

store = InsightStore(Path(sys.argv[1]), clock=lambda: float(sys.argv[2]))
while True:
    session = store.session_started("zh", False)
    print("session", flush=True)
    store.pillar_time(session, "history", 1.5)
    print("pillar", flush=True)
    store.tap(0.5, 0.5)
    store.write_taps()
    print("tap", flush=True)
    store.session_ended(session, "en")
    print("ended", flush=True)
"""


def test_killed_mid_write_the_database_is_intact_and_keeps_every_committed_write(db: Path, clock: FakeClock) -> None:
    seen = {"session": 0, "pillar": 0, "tap": 0, "ended": 0}
    args = [sys.executable, "-c", CHILD, str(db), str(clock.now)]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        guard = threading.Timer(20, child.kill)  # a hung child fails the test instead of hanging it
        guard.start()
        try:
            assert child.stdout is not None
            while sum(seen.values()) < 200:
                line = child.stdout.readline()
                assert line, child.stderr.read() if child.stderr else "child exited"
                seen[line.strip()] += 1
            child.kill()  # SIGKILL on POSIX: no cleanup, no atexit, mid-transaction
            child.wait()
        finally:
            guard.cancel()
    assert child.returncode != 0

    with raw(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sessions = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        taps = conn.execute("SELECT COALESCE(SUM(count), 0) FROM taps").fetchone()[0]
    assert sessions >= seen["session"] >= 50 and taps >= seen["tap"]

    store = InsightStore(db, clock)
    try:
        assert store.problems == []
        assert store.summary(1).sessions == sessions
        store.session_ended(store.session_started("en", True), "en")
        assert store.summary(1).sessions == sessions + 1
    finally:
        store.close()
    assert count(db, "SELECT COUNT(*) FROM sessions WHERE ended IS NULL") == 0  # closed on open


def test_old_days_are_rolled_up_and_the_file_stops_growing(db: Path, clock: FakeClock) -> None:
    start = TODAY - timedelta(days=KEEP_DAYS + 79)
    store = InsightStore(db, clock)
    sizes: dict[int, list[int]] = {}
    pages: dict[int, int] = {}
    try:
        for i in range(KEEP_DAYS + 80):
            clock.now = at(start + timedelta(days=i))
            visit(store, clock, 10 * (i % 7 + 1), {"history": 5}, language="zh" if i % 2 == 0 else "en")
            store.tap(0.5, 0.5)
            store.attract_wake()
            if i in (KEEP_DAYS + 19, KEEP_DAYS + 79):
                sizes[i] = [count(db, f"SELECT COUNT(*) FROM {table}") for table in ("sessions", "pillar_time", "taps", "wakes")]
                pages[i] = count(db, "PRAGMA page_count")
        week, everything = store.summary(7), store.summary(KEEP_DAYS + 80)
        longer_ago = store.summary(KEEP_DAYS + 200)
    finally:
        store.close()

    assert sizes[KEEP_DAYS + 19] == sizes[KEEP_DAYS + 79] == [KEEP_DAYS] * 4  # raw rows: only the kept days
    assert pages[KEEP_DAYS + 79] <= pages[KEEP_DAYS + 19] + 1  # freed pages are reused: 60 more days, same file
    with raw(db) as conn:
        assert conn.execute("SELECT MIN(day) FROM sessions").fetchone()[0] == (TODAY - timedelta(days=KEEP_DAYS - 1)).isoformat()
        assert conn.execute("SELECT COUNT(*), MIN(day), MAX(day) FROM daily").fetchone() == (
            80,
            start.isoformat(),
            (TODAY - timedelta(days=KEEP_DAYS)).isoformat(),
        )
        oldest = conn.execute(
            "SELECT sessions, median_s, languages, pillar_seconds, wakes, taps FROM daily WHERE day = ?", (start.isoformat(),)
        )
        assert oldest.fetchone() == (1, 10.0, '{"zh": 1}', '{"history": 5.0}', 1, 1)

    assert (week.sessions, week.attract_wakes, week.taps) == (7, 7, 7)
    assert (everything.sessions, everything.attract_wakes, everything.taps) == (KEEP_DAYS + 80,) * 3
    assert everything.pillar_seconds == {"history": 5.0 * (KEEP_DAYS + 80)}
    assert everything.heat[9][16] == KEEP_DAYS  # the heat map covers the raw days only
    assert everything.languages == {"zh": (KEEP_DAYS + 80) // 2, "en": (KEEP_DAYS + 80) // 2}
    assert everything.median_session_s == statistics.median(10 * (i % 7 + 1) for i in range(KEEP_DAYS + 80))
    assert dataclasses.replace(longer_ago, visits_by_day=[]) == dataclasses.replace(everything, days=KEEP_DAYS + 200, visits_by_day=[])
    assert longer_ago.visits_by_day[-(KEEP_DAYS + 80) :] == everything.visits_by_day
    assert {n for _, n in longer_ago.visits_by_day[: -(KEEP_DAYS + 80)]} == {0}  # before the first visit


def test_rolled_up_days_older_than_three_years_are_deleted(db: Path, clock: FakeClock) -> None:
    start = TODAY - timedelta(days=DAILY_KEEP_DAYS + 9)  # 10 days beyond three years, 30 within
    store = InsightStore(db, clock)
    try:
        for i in range(40):
            clock.now = at(start + timedelta(days=i))
            visit(store, clock, 10, {})
        clock.now = at(TODAY)
        store.tap(0.5, 0.5)  # the first write of a new day prunes
    finally:
        store.close()
    assert count(db, "SELECT COUNT(*) FROM sessions") == 0
    with raw(db) as conn:
        assert conn.execute("SELECT COUNT(*), MIN(day) FROM daily").fetchone() == (
            30,
            (TODAY - timedelta(days=DAILY_KEEP_DAYS - 1)).isoformat(),
        )


def read_csv(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_export_writes_four_csv_files_excel_can_read(store: InsightStore, clock: FakeClock, tmp_path: Path) -> None:
    old_day = TODAY - timedelta(days=KEEP_DAYS + 5)
    clock.now = at(old_day, 9)
    visit(store, clock, 300, {"地图": 3})
    clock.now = at(TODAY, 14, 5, 9) + 0.75  # microseconds do not reach the files
    store.attract_wake()
    first = visit(store, clock, 61, {"历史": 30.44, "people": 10}, woke=True)
    store.session_ended(first, "fr")  # ending twice keeps the first end
    running = store.session_started("en", False)
    store.pillar_time(running, "历史", 5)
    store.tap(0.0, 0.0)
    store.tap(0.0, 0.0)
    store.tap(1.0, 1.0)
    usb = tmp_path / "usb"
    usb.mkdir()

    folder = store.export_csv(usb)
    assert folder == usb / "lna-kiosk-insight-20261128-140610"
    assert sorted(p.name for p in usb.iterdir()) == [folder.name]  # no temporary left behind
    assert sorted(p.name for p in folder.iterdir()) == ["daily.csv", "export.json", "pillar_time.csv", "sessions.csv", "taps.csv"]
    assert read_csv(folder / "sessions.csv") == [
        ["session", "started", "ended", "seconds", "language", "woke_from_attract"],
        [str(first), "2026-11-28T14:05:09", "2026-11-28T14:06:10", "61.0", "zh", "1"],
        [str(running), "2026-11-28T14:06:10", "", "5.0", "en", "0"],
    ]
    assert read_csv(folder / "pillar_time.csv") == [
        ["session", "pillar", "seconds"],
        [str(first), "people", "10.0"],
        [str(first), "历史", "30.4"],
        [str(running), "历史", "5.0"],
    ]
    assert read_csv(folder / "taps.csv") == [
        ["day", "column", "row", "count"],
        ["2026-11-28", "0", "0", "2"],
        ["2026-11-28", str(GRID_COLUMNS - 1), str(GRID_ROWS - 1), "1"],
    ]
    assert read_csv(folder / "daily.csv") == [
        ["day", "sessions", "median_session_s", "languages", "attract_wakes"],
        [old_day.isoformat(), "1", "300.0", "zh:1", "0"],  # rolled up: only in `daily` now
        ["2026-11-28", "2", "33.0", "en:1 zh:1", "1"],
    ]
    assert store.export_csv(usb) == usb / "lna-kiosk-insight-20261128-140610-2"  # a second export never overwrites


def test_an_export_names_its_kiosk(store: InsightStore, clock: FakeClock, tmp_path: Path) -> None:
    import json
    import socket

    clock.now = at(TODAY, 14, 5, 9)
    named = json.loads((store.export_csv(tmp_path, "hall-a-3") / "export.json").read_text(encoding="utf-8"))
    assert named == {"kiosk_id": "hall-a-3", "exported": "2026-11-28T14:05:09", "kiosk_version": named["kiosk_version"], "grid": [32, 18]}
    unnamed = json.loads((store.export_csv(tmp_path) / "export.json").read_text(encoding="utf-8"))
    assert unnamed["kiosk_id"] and unnamed["kiosk_id"][:4] in socket.gethostname()  # the setting empty: the host name


def test_an_export_that_fails_halfway_leaves_no_half_folder(store: InsightStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.session_started("zh", False)
    usb = tmp_path / "usb"
    usb.mkdir()
    real_fsync, calls = os.fsync, list[int]()

    def yanked(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # sessions.csv is complete, pillar_time.csv is not
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", yanked)
    monkeypatch.setattr(shutil, "rmtree", lambda *args, **kwargs: None)  # a pulled stick cannot be tidied either
    with pytest.raises(
        InsightError, match=starts(f"could not export to {usb}: the disk could not be read (a failing disk, or a stick pulled out?)") + "$"
    ):
        store.export_csv(usb)
    assert [p.name for p in usb.iterdir() if not p.name.startswith(".")] == []  # only a hidden leftover, no half export
    monkeypatch.undo()
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("")
    with pytest.raises(InsightError, match=starts(f"could not export to {not_a_folder}: ")):
        store.export_csv(not_a_folder)
    done = store.export_csv(usb)  # and the store still works
    assert [p for p in usb.iterdir() if not p.name.startswith(".")] == [done]
    assert read_csv(done / "sessions.csv")[1][4] == "zh"


def test_visits_are_counted_by_the_hour_and_the_day_they_started(store: InsightStore, clock: FakeClock) -> None:
    clock.now = at(TODAY - timedelta(days=7), 10)  # outside the last 7 days
    visit(store, clock, 30, {})
    clock.now = at(TODAY - timedelta(days=2), 23, 59)  # runs past midnight: its day and hour are when it started
    visit(store, clock, 120, {})
    for hour, minute in ((9, 5), (14, 0), (14, 59), (15, 0)):
        clock.now = at(TODAY, hour, minute)
        visit(store, clock, 10, {})

    today = store.summary(1)
    assert today.visits_by_day == [(TODAY, 4)]
    assert len(today.visits_by_hour) == 24 and sum(today.visits_by_hour) == 4
    assert (today.visits_by_hour[9], today.visits_by_hour[14], today.visits_by_hour[15]) == (1, 2, 1)
    assert today.busiest_hour == 14

    week = store.summary(7)
    assert [day for day, _ in week.visits_by_day] == [TODAY - timedelta(days=n) for n in range(6, -1, -1)]
    assert [n for _, n in week.visits_by_day] == [0, 0, 0, 0, 1, 0, 4]
    assert week.visits_by_hour[23] == 1 and sum(week.visits_by_hour) == 5
    assert store.summary(8).visits_by_day[0] == (TODAY - timedelta(days=7), 1)


def test_an_empty_range_has_no_busiest_hour(store: InsightStore) -> None:
    summary = store.summary(7)
    assert summary.busiest_hour is None
    assert summary.visits_by_hour == [0] * 24 and [n for _, n in summary.visits_by_day] == [0] * 7


def test_visits_per_day_include_days_already_rolled_up(db: Path, clock: FakeClock) -> None:
    long_ago = TODAY - timedelta(days=KEEP_DAYS + 3)
    clock.now = at(long_ago, 11)
    opened = InsightStore(db, clock)
    visit(opened, clock, 40, {"maps": 40})
    visit(opened, clock, 60, {"maps": 60})
    opened.close()
    clock.now = at(TODAY)
    store = InsightStore(db, clock)  # rolls that day up into one row
    try:
        assert count(db, "SELECT COUNT(*) FROM sessions") == 0
        summary = store.summary(KEEP_DAYS + 4)
        assert summary.visits_by_day[0] == (long_ago, 2) and sum(n for _, n in summary.visits_by_day) == 2
        assert summary.visits_by_hour == [0] * 24  # the hour is not kept once a day is rolled up
    finally:
        store.close()


def test_the_language_a_visit_switched_to_survives_a_cut_off(db: Path, clock: FakeClock) -> None:
    first = InsightStore(db, clock)
    session = first.session_started("zh", False)
    clock.now += 20
    first.session_language(session, "en")
    first.pillar_time(session, "maps", 20)
    first.close()  # killed before the visit could end
    clock.now += 3600
    again = InsightStore(db, clock)
    try:
        assert again.summary(1).languages == {"en": 1}
        again.session_language(session, "zh")  # a closed visit keeps the language it ended in
        assert again.summary(1).languages == {"en": 1}
    finally:
        again.close()


def test_a_discarded_session_leaves_nothing_behind(store: InsightStore, clock: FakeClock, db: Path) -> None:
    kept = visit(store, clock, 30, {"maps": 30})
    staff = store.session_started("zh", False)
    store.pillar_time(staff, "maps", 12)
    store.session_discarded(staff)
    summary = store.summary(1)
    assert (summary.sessions, summary.pillar_seconds, summary.visits_by_hour[10]) == (1, {"maps": 30.0}, 1)
    assert count(db, f"SELECT COUNT(*) FROM pillar_time WHERE session_id != {kept}") == 0


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a database, it is a text file\n" * 100, "is not a visitor database; the kiosk sets it aside when it next starts"),
        ("newer", "was written by a newer version of the kiosk (schema 99); this one reads schema 1"),
        ("damaged", "is damaged"),
    ],
)
def test_a_reader_names_a_broken_file_and_never_moves_it(db: Path, clock: FakeClock, content: bytes | str, reason: str) -> None:
    """`kiosk export` used to move a garbage or newer file aside (even while the kiosk ran), then
    export empty files and exit 0. Only the writer, the kiosk, sets a broken file aside."""
    _break(db, clock, content)
    before = _files(db.parent)
    with pytest.raises(InsightError, match=re.escape(reason)):
        InsightStore(db, clock, read_only=True)
    assert _files(db.parent) == before


@pytest.mark.parametrize("kind", [k for k in hostile.kinds() if k not in ("huge", "empty")])
def test_a_database_that_is_not_a_file_is_named_by_reader_and_writer(db: Path, clock: FakeClock, kind: str) -> None:
    """Checked before SQLite opens it: a FIFO would block, a device or a folder is no database; neither
    is moved aside, by the reader or by the kiosk."""
    hostile.make_hostile(db, kind)
    for read_only in (True, False):
        with pytest.raises(InsightError, match=re.escape(str(db))) as refused:
            InsightStore(db, clock, read_only=read_only)
        assert "not a file" in str(refused.value) or "loop of links" in str(refused.value) or "permission" in str(refused.value)
    assert sorted(p.name for p in db.parent.iterdir()) == sorted(["insight.db", *(["insight.db.loop"] if kind == "link-loop" else [])])


def test_a_reader_reads_while_the_kiosk_writes_and_changes_nothing(store: InsightStore, db: Path, clock: FakeClock) -> None:
    visit = store.session_started("zh", False)
    store.pillar_time(visit, "industry", 12)
    reader = InsightStore(db, clock, read_only=True)
    try:
        assert reader.summary(1).pillar_seconds == {"industry": 12}
        with pytest.raises(InsightError, match="readonly"):
            reader.tap(0.5, 0.5)
    finally:
        reader.close()
    store.pillar_time(visit, "industry", 3)  # the visit in progress stays open, the writer writes on
    store.session_ended(visit, "zh")
    assert store.summary(1).sessions == 1 and store.summary(1).pillar_seconds == {"industry": 15}


def test_a_summary_of_a_million_days_is_refused(store: InsightStore) -> None:
    with pytest.raises(ValueError, match="days must be from 1 to"):
        store.summary(1_000_000)
