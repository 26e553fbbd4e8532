"""Anonymous visitor interactions, kept on the kiosk for the hall manager: how many sessions, how long,
which pillars, which language, where people tap. No personal data and no network.

One small SQLite file in WAL mode, each write its own short transaction, so a power cut loses at most
the write in flight and never the file. Raw rows are kept for KEEP_DAYS days, then rolled up into one
row per day, so the file stays small on a kiosk that runs for years.

Only the kiosk, the writer, repairs: a file that is not a database it can use (damaged, garbage, written
by a newer version) is moved aside and a fresh one started. A reader (`kiosk export`, possibly while the
kiosk runs) opens the file read-only and names what is wrong; it never moves, creates or changes it."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import sqlite3
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.core import files

GRID_COLUMNS, GRID_ROWS = 32, 18  # taps are bucketed to this coarse grid over the screen
KEEP_DAYS = 120  # raw rows older than this are rolled up into `daily` and deleted
DAILY_KEEP_DAYS = 3 * 365  # rolled-up days older than this are deleted
SCHEMA_VERSION = 1
MAX_SUMMARY_DAYS = 100 * 366  # dates far in the past do not exist
BUSY_TIMEOUT_S = 1.0  # the UI thread writes: better to lose one record than to freeze the screen
EXPORT_PREFIX = "lna-kiosk-insight-"
EXPORT_ABOUT = "export.json"  # which kiosk an export is from, when, and the tap grid's size (the hall report reads it)

_SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so exported ids stay unique
    day TEXT NOT NULL,                     -- local calendar day the session started
    started REAL NOT NULL,
    ended REAL,                            -- NULL while running (or after a power cut, until reopened)
    language TEXT NOT NULL,                -- the language it is in now, and so the one it ended in
    woke INTEGER NOT NULL
);
CREATE INDEX sessions_day ON sessions (day);
CREATE TABLE pillar_time (
    session_id INTEGER NOT NULL,
    pillar TEXT NOT NULL,
    seconds REAL NOT NULL,
    PRIMARY KEY (session_id, pillar)
) WITHOUT ROWID;
CREATE TABLE taps (
    day TEXT NOT NULL,
    col INTEGER NOT NULL,
    row INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, col, row)
) WITHOUT ROWID;
CREATE TABLE wakes (day TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE daily (
    day TEXT PRIMARY KEY,
    sessions INTEGER NOT NULL,
    median_s REAL NOT NULL,
    languages TEXT NOT NULL,       -- JSON {code: sessions}
    pillar_seconds TEXT NOT NULL,  -- JSON {pillar: seconds}
    wakes INTEGER NOT NULL,
    taps INTEGER NOT NULL
) WITHOUT ROWID;
"""


class InsightError(Exception):
    """A staff-readable reason the store could not record or export (disk full, read-only, ...)."""


class _BrokenFileError(Exception):
    """The file is there but cannot be used as our database: move it aside and start afresh."""


@dataclass(frozen=True)
class Summary:
    days: int  # 1 = today, 7 = today and the 6 days before
    sessions: int
    median_session_s: float  # 0.0 when no sessions
    pillar_seconds: dict[str, float]  # most watched first
    languages: dict[str, int]  # language code -> sessions ending in it, most used first
    attract_wakes: int
    taps: int
    heat: list[list[int]]  # GRID_ROWS lists of GRID_COLUMNS counts; only days still kept raw
    visits_by_hour: list[int]  # 24 counts by the local hour a visit started; only days still kept raw
    visits_by_day: list[tuple[date, int]]  # `days` entries, oldest first, today last

    @property
    def busiest_hour(self) -> int | None:
        """The local hour (0-23) most visits started in, the earliest of equals; None without visits."""
        top = max(self.visits_by_hour, default=0)
        return self.visits_by_hour.index(top) if top > 0 else None


@dataclass
class _DayTotals:
    """One day (or a range of days) of figures, from raw rows or from a rolled-up `daily` row. Durations
    carry a weight so a rolled-up day counts as `sessions` sessions of its median length."""

    sessions: int = 0
    durations: list[tuple[float, int]] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    pillar_seconds: dict[str, float] = field(default_factory=dict)
    wakes: int = 0
    taps: int = 0

    def add(self, other: _DayTotals) -> None:
        self.sessions += other.sessions
        self.durations += other.durations
        self.languages.update(other.languages)
        for pillar, seconds in other.pillar_seconds.items():
            self.pillar_seconds[pillar] = self.pillar_seconds.get(pillar, 0.0) + seconds
        self.wakes += other.wakes
        self.taps += other.taps

    def median(self) -> float:
        return _weighted_median(self.durations)


def _weighted_median(values: Iterable[tuple[float, int]]) -> float:
    """statistics.median over each value repeated weight times, without building that list."""
    ordered = sorted((v, w) for v, w in values if w > 0)
    total = sum(w for _, w in ordered)
    if total == 0:
        return 0.0
    low_index, high_index = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, weight in ordered:
        seen += weight
        if low is None and seen > low_index:
            low = value
        if seen > high_index:
            high = value
            break
    assert low is not None and high is not None
    return (low + high) / 2


def _cell(value: float, cells: int) -> int:
    if not value > 0:  # negative, and NaN
        return 0
    return cells - 1 if value >= 1 else min(int(value * cells), cells - 1)


def _duration(started: float, ended: float | None, pillar_total: float) -> float:
    """A session still open (or cut off by a power cut) lasted as long as its pillar time so far."""
    return pillar_total if ended is None else max(0.0, ended - started)


def _local(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp)


def _iso(timestamp: float) -> str:
    return _local(timestamp).replace(microsecond=0).isoformat()


def _seconds(value: float) -> str:
    return f"{value:.1f}"


def _language_text(languages: Counter[str]) -> str:
    return " ".join(f"{code}:{n}" for code, n in sorted(languages.items(), key=lambda kv: (-kv[1], kv[0])))


class InsightStore:
    """Records interactions and answers the staff panel's questions. Writes raise InsightError and leave
    the store usable, so the next write tries again (a full disk may have been cleared by then)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time, recover: bool = True, read_only: bool = False) -> None:
        """`recover`: close the sessions a power cut left open. Only the kiosk's own store does; a
        second reader (`kiosk export` while the kiosk runs) must not end the visit in progress.
        `read_only`: a reader's store (no recovery either): the file is opened read-only, and a file
        that is not a database it can read raises InsightError naming why, left where it is."""
        self.path = path
        self.problems: list[str] = []
        self._clock = clock
        self._pruned_day: str | None = None
        self._taps: Counter[tuple[str, int, int]] = Counter()  # counted, not yet written (see tap)
        self._read_only = read_only
        if read_only:
            self._conn = self._open_reader()
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InsightError(f"could not create the folder for {path}: {files.describe(exc)}") from exc
        self._check_file()
        try:
            self._conn = self._open()
        except _BrokenFileError as broken:
            aside = self._move_aside()
            self.problems.append(f"{path.name} {broken}; moved aside to {aside.name} and started afresh")
            try:
                self._conn = self._open()
            except _BrokenFileError as again:
                raise InsightError(f"could not start afresh at {path}: {again}") from again
        try:
            if recover:
                self._close_unfinished()
                self.prune()
        except InsightError as exc:  # reading still works; writes try again later
            self.problems.append(str(exc))

    @classmethod
    def in_memory(cls, clock: Callable[[], float] = time.time) -> InsightStore:
        """Records for this run only, where no folder can hold them (the staff panel still works)."""
        return cls(Path(":memory:"), clock=clock)

    # -- opening --------------------------------------------------------------------------------------

    def _check_file(self) -> None:
        """Before SQLite opens it: a FIFO would block the opener, a device or a folder is no database.
        Such a thing is not ours to move aside; it is named."""
        if str(self.path) == ":memory:":
            return
        try:
            files.check_regular(self.path)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise InsightError(f"{self.path} {files.describe(exc)}") from exc

    def _open_reader(self) -> sqlite3.Connection:
        """Read-only (SQLite's mode=ro): nothing is written, created or moved."""
        try:
            files.check_regular(self.path)
        except OSError as exc:
            raise InsightError(f"{self.path} {files.describe(exc)}") from exc
        uri = f"file:{urllib.parse.quote(str(self.path.absolute()))}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise InsightError(f"could not open {self.path}: {exc}") from exc
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise InsightError(f"{self.path} is damaged ({check}); the kiosk sets it aside when it next starts")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise InsightError(
                    f"{self.path} was written by a newer version of the kiosk (schema {version}); this one reads schema "
                    f"{SCHEMA_VERSION}: export with the newer version"
                )
            if version < SCHEMA_VERSION:
                raise InsightError(f"{self.path} holds no visitor records yet")
        except sqlite3.DatabaseError as exc:
            conn.close()
            primary = exc.sqlite_errorcode & 0xFF
            if primary == sqlite3.SQLITE_NOTADB:
                raise InsightError(f"{self.path} is not a visitor database; the kiosk sets it aside when it next starts") from exc
            if primary == sqlite3.SQLITE_CORRUPT:
                raise InsightError(f"{self.path} is damaged ({exc}); the kiosk sets it aside when it next starts") from exc
            raise InsightError(f"could not read {self.path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise InsightError(f"could not open {self.path}: {exc}") from exc
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise _BrokenFileError(f"was damaged ({check})")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _BrokenFileError(f"was written by a newer version (schema {version})")
            if version == 0:
                conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only takes effect before the first table
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            if version == 0:
                conn.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        except sqlite3.DatabaseError as exc:
            conn.close()
            primary = exc.sqlite_errorcode & 0xFF  # extended codes carry the primary one in the low byte
            if primary == sqlite3.SQLITE_NOTADB:
                raise _BrokenFileError("was not a database") from exc
            if primary == sqlite3.SQLITE_CORRUPT:
                raise _BrokenFileError(f"was damaged ({exc})") from exc
            raise InsightError(f"could not open {self.path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> Path:
        """Keep the broken file (and its journal files, which belong to it) for someone to look at."""
        stamp = _local(self._clock()).strftime("%Y%m%d-%H%M")
        aside = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.broken-{stamp}-{n}")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                journal = self.path.with_name(self.path.name + suffix)
                if journal.exists():
                    os.replace(journal, aside.with_name(aside.name + suffix))
        except OSError as exc:
            raise InsightError(f"{self.path} is broken and could not be moved aside: {files.describe(exc)}") from exc
        return aside

    def _close_unfinished(self) -> None:
        """Sessions a power cut left open end at their last known duration, their pillar time."""
        with self._writing() as conn:
            conn.execute(
                "UPDATE sessions SET ended = started + "
                "COALESCE((SELECT SUM(seconds) FROM pillar_time WHERE session_id = sessions.id), 0) "
                "WHERE ended IS NULL"
            )

    # -- transactions ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self, begin: str, doing: str) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute(begin)
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise InsightError(f"could not {doing} {self.path}: {exc}") from exc

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A write, with the taps counted since the last one (they are part of every write)."""
        taps = self._taps
        with self._transaction("BEGIN IMMEDIATE", "record to") as conn:
            if taps:
                conn.executemany(
                    "INSERT INTO taps (day, col, row, count) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (day, col, row) DO UPDATE SET count = count + excluded.count",
                    [(*cell, count) for cell, count in taps.items()],
                )
            yield conn
        self._taps = Counter()  # written (a failed write raised above and kept them for the next)

    def _reading(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        with contextlib.suppress(InsightError):  # the taps counted are read too; if writing fails, they wait
            self.write_taps()
        return self._transaction("BEGIN", "read")  # one snapshot for all queries

    def _today(self) -> date:
        return _local(self._clock()).date()

    def _before_write(self) -> tuple[float, str]:
        now = self._clock()
        day = _local(now).date().isoformat()
        if day != self._pruned_day:
            self.prune()
        return now, day

    # -- recording ------------------------------------------------------------------------------------

    def session_started(self, language: str, woke_from_attract: bool) -> int:
        now, day = self._before_write()
        with self._writing() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (day, started, language, woke) VALUES (?, ?, ?, ?)", (day, now, language, int(woke_from_attract))
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def pillar_time(self, session_id: int, pillar: str, seconds: float) -> None:
        if not 0 < seconds < float("inf"):  # a timing slip (negative, NaN, inf) must not poison the totals
            return
        self._before_write()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO pillar_time (session_id, pillar, seconds) VALUES (?, ?, ?) "
                "ON CONFLICT (session_id, pillar) DO UPDATE SET seconds = seconds + excluded.seconds",
                (session_id, pillar, seconds),
            )

    def session_language(self, session_id: int, language: str) -> None:
        """The visitor switched language: the visit is in this one now, and stays so if the kiosk is cut
        off before the visit can end (a power cut or a kill)."""
        self._before_write()
        with self._writing() as conn:
            conn.execute("UPDATE sessions SET language = ? WHERE id = ? AND ended IS NULL", (language, session_id))

    def session_discarded(self, session_id: int) -> None:
        """Not a visit after all (only staff used the screen): forgotten, with its page time."""
        self._before_write()
        with self._writing() as conn:
            conn.execute("DELETE FROM pillar_time WHERE session_id = ?", (session_id,))
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def session_ended(self, session_id: int, language: str, idle_s: float = 0.0) -> None:
        """`idle_s`: how long ago the visitor last touched; the session ends then, not now (never
        before it started)."""
        now, _ = self._before_write()
        ended = now - idle_s if 0 <= idle_s < float("inf") else now
        with self._writing() as conn:
            conn.execute(
                "UPDATE sessions SET ended = MAX(started, ?), language = ? WHERE id = ? AND ended IS NULL",
                (ended, language, session_id),
            )

    def attract_wake(self) -> None:
        _, day = self._before_write()
        with self._writing() as conn:
            conn.execute("INSERT INTO wakes (day, count) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET count = count + 1", (day,))

    def tap(self, x: float, y: float) -> None:
        """Counted now, written with the next write (or `write_taps`): a tap's own transaction (and
        now and then SQLite's checkpoint, which waits for the disk) is not in the frame that answers
        it. What is held is one count per cell and day, so a disk that fails for days holds little."""
        if self._read_only:
            raise InsightError(f"could not record to {self.path}: a reader's store is readonly")
        self._taps[(_local(self._clock()).date().isoformat(), _cell(x, GRID_COLUMNS), _cell(y, GRID_ROWS))] += 1

    @property
    def taps_held(self) -> int:
        """Taps counted and not yet written."""
        return sum(self._taps.values())

    def write_taps(self) -> None:
        """The taps counted since the last write, written now (nothing to do when there are none)."""
        if self._taps:
            self._before_write()
            with self._writing():
                pass

    # -- reading --------------------------------------------------------------------------------------

    def summary(self, days: int) -> Summary:
        """The last `days` local calendar days, today included. Exact while the range is within
        KEEP_DAYS; beyond that, rolled-up days count as `sessions` sessions of their median length."""
        if not 1 <= days <= MAX_SUMMARY_DAYS:
            raise ValueError(f"days must be from 1 to {MAX_SUMMARY_DAYS}, not {days}")
        today = self._today()
        first, last = (today - timedelta(days=days - 1)).isoformat(), today.isoformat()
        totals = _DayTotals()
        heat = [[0] * GRID_COLUMNS for _ in range(GRID_ROWS)]
        by_hour = [0] * 24
        by_day = dict.fromkeys((today - timedelta(days=n) for n in range(days - 1, -1, -1)), 0)
        with self._reading() as conn:
            raw, rolled = _raw_days(conn, first, last), _rolled_days(conn, first, last)
            for key, day in [*raw.items(), *rolled.items()]:
                totals.add(day)
                by_day[date.fromisoformat(key)] += day.sessions
            for (started,) in conn.execute("SELECT started FROM sessions WHERE day BETWEEN ? AND ?", (first, last)):
                by_hour[_local(started).hour] += 1
            for col, row, count in conn.execute(
                "SELECT col, row, SUM(count) FROM taps WHERE day BETWEEN ? AND ? GROUP BY col, row", (first, last)
            ):
                heat[row][col] = count
        return Summary(
            days=days,
            sessions=totals.sessions,
            median_session_s=totals.median(),
            pillar_seconds=dict(sorted(totals.pillar_seconds.items(), key=lambda kv: (-kv[1], kv[0]))),
            languages=dict(sorted(totals.languages.items(), key=lambda kv: (-kv[1], kv[0]))),
            attract_wakes=totals.wakes,
            taps=totals.taps,
            heat=heat,
            visits_by_hour=by_hour,
            visits_by_day=list(by_day.items()),
        )

    def prune(self) -> None:
        """Roll raw days older than KEEP_DAYS into `daily`, delete them, and forget very old days."""
        today = self._today()
        keep_from = (today - timedelta(days=KEEP_DAYS - 1)).isoformat()
        last_old = (today - timedelta(days=KEEP_DAYS)).isoformat()
        daily_from = (today - timedelta(days=DAILY_KEEP_DAYS - 1)).isoformat()
        with self._writing() as conn:
            old = _raw_days(conn, "", last_old)
            earlier = _rolled_days(conn, min(old, default=""), last_old) if old else {}
            for day, totals in old.items():
                if day in earlier:  # the clock went back past a day already rolled up
                    totals.add(earlier[day])
                conn.execute(
                    "INSERT OR REPLACE INTO daily (day, sessions, median_s, languages, pillar_seconds, wakes, taps) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        day,
                        totals.sessions,
                        totals.median(),
                        json.dumps(dict(totals.languages), ensure_ascii=False, sort_keys=True),
                        json.dumps(totals.pillar_seconds, ensure_ascii=False, sort_keys=True),
                        totals.wakes,
                        totals.taps,
                    ),
                )
            conn.execute("DELETE FROM pillar_time WHERE session_id IN (SELECT id FROM sessions WHERE day < ?)", (keep_from,))
            conn.execute("DELETE FROM pillar_time WHERE session_id NOT IN (SELECT id FROM sessions)")  # orphans
            for table in ("sessions", "taps", "wakes"):
                conn.execute(f"DELETE FROM {table} WHERE day < ?", (keep_from,))
            conn.execute("DELETE FROM daily WHERE day < ?", (daily_from,))
        with contextlib.suppress(sqlite3.Error):  # only returns free pages to the file system
            self._conn.execute("PRAGMA incremental_vacuum").fetchall()
        self._pruned_day = today.isoformat()

    def export_csv(self, folder: Path, kiosk_id: str = "") -> Path:
        """A new subfolder with four CSV files for Excel, and export.json naming the kiosk (`kiosk_id`, the
        setting's value: empty is the host name) for the hall report. It appears under its final name only
        when complete, so a stick pulled out mid-export leaves no half file that looks whole."""
        from kiosk.core.settings import kiosk_id as resolved_id

        now = self._clock()
        name = EXPORT_PREFIX + _local(now).strftime("%Y%m%d-%H%M%S")
        try:
            final = folder / name
            n = 1
            while final.exists():
                n += 1
                final = folder / f"{name}-{n}"
            partial = folder / f".{final.name}.partial"
            if partial.exists():
                shutil.rmtree(partial)
            partial.mkdir()
            try:
                with self._reading() as conn:
                    _write_csvs(conn, partial)
                _write_about(partial / EXPORT_ABOUT, resolved_id(kiosk_id), now)
                partial.rename(final)
                _fsync_folder(folder)
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
        except OSError as exc:
            raise InsightError(f"could not export to {folder}: {files.describe(exc)}") from exc
        return final

    def close(self) -> None:
        """Closed, the taps counted written first where the disk lets them be."""
        with contextlib.suppress(InsightError):
            self.write_taps()
        self._conn.close()


def _raw_days(conn: sqlite3.Connection, first: str, last: str) -> dict[str, _DayTotals]:
    """Per-day figures from the raw tables, days as ISO strings between first and last inclusive."""
    days: dict[str, _DayTotals] = {}

    def day_of(key: str) -> _DayTotals:
        return days.setdefault(key, _DayTotals())

    for day, started, ended, language, pillar_total in conn.execute(
        "SELECT s.day, s.started, s.ended, s.language, COALESCE(SUM(p.seconds), 0) FROM sessions s "
        "LEFT JOIN pillar_time p ON p.session_id = s.id WHERE s.day BETWEEN ? AND ? GROUP BY s.id",
        (first, last),
    ):
        totals = day_of(day)
        totals.sessions += 1
        totals.durations.append((_duration(started, ended, pillar_total), 1))
        totals.languages[language] += 1
    for day, pillar, seconds in conn.execute(
        "SELECT s.day, p.pillar, SUM(p.seconds) FROM pillar_time p JOIN sessions s ON s.id = p.session_id "
        "WHERE s.day BETWEEN ? AND ? GROUP BY s.day, p.pillar",
        (first, last),
    ):
        day_of(day).pillar_seconds[pillar] = seconds
    for day, count in conn.execute("SELECT day, count FROM wakes WHERE day BETWEEN ? AND ?", (first, last)):
        day_of(day).wakes = count
    for day, count in conn.execute("SELECT day, SUM(count) FROM taps WHERE day BETWEEN ? AND ? GROUP BY day", (first, last)):
        day_of(day).taps = count
    return days


def _rolled_days(conn: sqlite3.Connection, first: str, last: str) -> dict[str, _DayTotals]:
    return {
        day: _DayTotals(
            sessions=sessions,
            durations=[(median_s, sessions)],
            languages=Counter(json.loads(languages)),
            pillar_seconds=json.loads(pillar_seconds),
            wakes=wakes,
            taps=taps,
        )
        for day, sessions, median_s, languages, pillar_seconds, wakes, taps in conn.execute(
            "SELECT day, sessions, median_s, languages, pillar_seconds, wakes, taps FROM daily WHERE day BETWEEN ? AND ?", (first, last)
        )
    }


def _write_csvs(conn: sqlite3.Connection, folder: Path) -> None:
    sessions = conn.execute(
        "SELECT s.id, s.started, s.ended, s.language, s.woke, COALESCE(SUM(p.seconds), 0) FROM sessions s "
        "LEFT JOIN pillar_time p ON p.session_id = s.id GROUP BY s.id ORDER BY s.id"
    )
    _write_csv(
        folder / "sessions.csv",
        ["session", "started", "ended", "seconds", "language", "woke_from_attract"],
        (
            [sid, _iso(started), "" if ended is None else _iso(ended), _seconds(_duration(started, ended, total)), lang, woke]
            for sid, started, ended, lang, woke, total in sessions
        ),
    )
    _write_csv(
        folder / "pillar_time.csv",
        ["session", "pillar", "seconds"],
        (
            [sid, pillar, _seconds(s)]
            for sid, pillar, s in conn.execute("SELECT session_id, pillar, seconds FROM pillar_time ORDER BY 1, 2")
        ),
    )
    _write_csv(
        folder / "taps.csv", ["day", "column", "row", "count"], conn.execute("SELECT day, col, row, count FROM taps ORDER BY 1, 2, 3")
    )
    days = _raw_days(conn, "", "9999")
    for day, rolled in _rolled_days(conn, "", "9999").items():
        days.setdefault(day, _DayTotals()).add(rolled)
    _write_csv(
        folder / "daily.csv",
        ["day", "sessions", "median_session_s", "languages", "attract_wakes"],
        ([day, t.sessions, _seconds(t.median()), _language_text(t.languages), t.wakes] for day, t in sorted(days.items())),
    )


def _write_about(path: Path, kiosk: str, now: float) -> None:
    from kiosk import __version__

    about = {"kiosk_id": kiosk, "exported": _iso(now), "kiosk_version": __version__, "grid": [GRID_COLUMNS, GRID_ROWS]}
    with path.open("w", encoding="utf-8") as handle:
        json.dump(about, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def _write_csv(path: Path, header: list[str], rows: Iterable[Iterable[object]]) -> None:
    """UTF-8 with a BOM, or Excel shows Chinese as mojibake."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (not on Windows or some USB file systems)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
