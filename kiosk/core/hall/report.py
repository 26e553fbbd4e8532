"""The hall report's data: several kiosks' visitor exports (the folders `kiosk export` and the staff
panel write, or zips of them) read, checked and merged into one hall, plus the merged CSV files, each
row with its kiosk id. Qt-free; the charts and the page are drawn on top (kiosk/ui/hall_report.py).

Each export names its kiosk in export.json; an older export without it is named by its folder (or zip)
name, and the report says so. Exports with the same kiosk id are one kiosk exported more than once:
their periods may overlap, so a visit is keyed by its number (the kiosk never reuses one), a tap cell
and a daily total by their day, and the later export's row wins (it knows how a visit still open at
the earlier export ended). Two exports that give the same visit number different start times are two
kiosks sharing a name: the second is reported under a name of its own. Anything that cannot be read
(a missing folder, a foreign header, a broken row) is left out and named; nothing is guessed."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kiosk.core.files import describe, write_atomic
from kiosk.core.insight import EXPORT_ABOUT, GRID_COLUMNS, GRID_ROWS

HEADERS: dict[str, tuple[str, ...]] = {
    "sessions.csv": ("session", "started", "ended", "seconds", "language", "woke_from_attract"),
    "pillar_time.csv": ("session", "pillar", "seconds"),
    "taps.csv": ("day", "column", "row", "count"),
    "daily.csv": ("day", "sessions", "median_session_s", "languages", "attract_wakes"),
}
MAX_FILE_BYTES = 200_000_000  # a CSV bigger than this is no kiosk's export
_STAMP = re.compile(r"(\d{8}-\d{6})")
_LANGUAGE_PART = re.compile(r"([^\s:]+):(\d+)")
Row = tuple[str, ...]


class ReportError(Exception):
    """An export that cannot be used at all, with the reason in words."""


@dataclass
class Export:
    """One export as read: its rows keyed for merging, and what was left out of it."""

    source: Path
    kiosk_id: str
    named_by_folder: bool  # no export.json: the kiosk id is the folder's (or zip's) name
    exported: str  # ISO time of the export, or "" when unknown
    grid: tuple[int, int] = (GRID_COLUMNS, GRID_ROWS)
    sessions: dict[int, Row] = field(default_factory=dict)
    pillar_time: dict[tuple[int, str], Row] = field(default_factory=dict)
    taps: dict[tuple[str, int, int], Row] = field(default_factory=dict)
    daily: dict[str, Row] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.sessions or self.pillar_time or self.taps or self.daily)


@dataclass
class Kiosk:
    """One kiosk's records, merged from its exports (oldest first, the later row winning)."""

    kiosk_id: str
    exports: list[Export] = field(default_factory=list)
    sessions: dict[int, Row] = field(default_factory=dict)
    pillar_time: dict[tuple[int, str], Row] = field(default_factory=dict)
    taps: dict[tuple[str, int, int], Row] = field(default_factory=dict)
    daily: dict[str, Row] = field(default_factory=dict)
    grid: tuple[int, int] = (GRID_COLUMNS, GRID_ROWS)

    def clashes_with(self, export: Export) -> bool:
        """The same visit number with another start time: not this kiosk, but one of the same name."""
        return any(self.sessions[n][1] != row[1] for n, row in export.sessions.items() if n in self.sessions)

    def take(self, export: Export) -> None:
        self.exports.append(export)
        self.sessions.update(export.sessions)
        self.pillar_time.update(export.pillar_time)
        self.taps.update(export.taps)
        self.daily.update(export.daily)
        self.grid = export.grid

    # -- figures --------------------------------------------------------------------------------------

    def visits_by_day(self) -> dict[date, int]:
        """A day's total from daily.csv (it keeps days older than the detailed records), else counted."""
        counted: Counter[date] = Counter(date.fromisoformat(row[1][:10]) for row in self.sessions.values())
        days = {date.fromisoformat(day): int(row[1]) for day, row in self.daily.items()}
        return {**counted, **days}

    def visits_by_hour(self) -> list[int]:
        hours = [0] * 24
        for row in self.sessions.values():
            hours[datetime.fromisoformat(row[1]).hour] += 1
        return hours

    def pillar_seconds(self) -> dict[str, float]:
        seconds: dict[str, float] = {}
        for (_, pillar), row in self.pillar_time.items():
            seconds[pillar] = seconds.get(pillar, 0.0) + float(row[2])
        return seconds

    def languages(self) -> Counter[str]:
        """Visits by the language they ended in: daily.csv's days, and days only in sessions.csv counted."""
        counts: Counter[str] = Counter()
        for row in self.daily.values():
            counts.update({code: int(n) for code, n in _LANGUAGE_PART.findall(row[3])})
        for row in self.sessions.values():
            if row[1][:10] not in self.daily:
                counts[row[4]] += 1
        return counts

    def heat(self) -> list[list[int]]:
        columns, rows = self.grid
        cells = [[0] * columns for _ in range(rows)]
        for (_, col, row), values in self.taps.items():
            if col < columns and row < rows:  # an older export of this kiosk on another grid: its cells are not comparable
                cells[row][col] += int(values[3])
        return cells

    def median_visit_s(self) -> float:
        durations = [float(row[3]) for row in self.sessions.values()]
        return statistics.median(durations) if durations else 0.0

    def taps_total(self) -> int:
        return sum(int(row[3]) for row in self.taps.values())

    def period(self) -> tuple[date, date] | None:
        days = self.visits_by_day()
        return (min(days), max(days)) if days else None


@dataclass
class Hall:
    kiosks: list[Kiosk]
    left_out: list[str]  # whole exports or files not used, and why
    notes: list[str]  # what was read in a way worth knowing (merged, named by folder, rows skipped)
    sources: list[Path]

    @property
    def usable(self) -> bool:
        return any(k.sessions or k.daily or k.taps or k.pillar_time for k in self.kiosks)

    def period(self) -> tuple[date, date] | None:
        spans = [span for k in self.kiosks if (span := k.period()) is not None]
        return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None

    def visits(self) -> int:
        return sum(sum(k.visits_by_day().values()) for k in self.kiosks)

    def visits_by_day(self) -> dict[date, int]:
        total: Counter[date] = Counter()
        for k in self.kiosks:
            total.update(k.visits_by_day())
        return dict(sorted(total.items()))

    def visits_by_hour(self) -> list[int]:
        return [sum(hours) for hours in zip(*(k.visits_by_hour() for k in self.kiosks), strict=True)] if self.kiosks else [0] * 24

    def pillar_seconds(self) -> dict[str, float]:
        total: Counter[str] = Counter()
        for k in self.kiosks:
            total.update(k.pillar_seconds())
        return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))

    def languages(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for k in self.kiosks:
            total.update(k.languages())
        return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))

    def median_visit_s(self) -> float:
        durations = [float(row[3]) for k in self.kiosks for row in k.sessions.values()]
        return statistics.median(durations) if durations else 0.0


# -- reading ------------------------------------------------------------------------------------------


def _export_files(source: Path) -> tuple[str, dict[str, bytes]]:
    """(the name the folder or zip gives the export, its files by name). Raises ReportError."""
    if source.is_dir():
        found = {}
        for name in (*HEADERS, EXPORT_ABOUT):
            path = source / name
            if path.is_file():
                if path.stat().st_size > MAX_FILE_BYTES:
                    raise ReportError(f"{name} is larger than {MAX_FILE_BYTES // 1_000_000} MB: no kiosk export")
                found[name] = path.read_bytes()
        return source.name, found
    if zipfile.is_zipfile(source):
        return _zip_files(source)
    if source.exists():
        raise ReportError("is neither an export folder nor a zip of one")
    raise ReportError("does not exist")


def _zip_files(source: Path) -> tuple[str, dict[str, bytes]]:
    """A zip of an export folder: its files at the top or in one folder (named as the export is)."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and Path(m.filename).name in (*HEADERS, EXPORT_ABOUT)]
            folders = {str(Path(m.filename).parent) for m in members}
            if len(folders) > 1:
                raise ReportError(f"holds more than one export ({', '.join(sorted(folders))}): give each as a zip of its own")
            if any(m.file_size > MAX_FILE_BYTES for m in members):
                raise ReportError(f"holds a file larger than {MAX_FILE_BYTES // 1_000_000} MB: no kiosk export")
            files = {Path(m.filename).name: archive.read(m) for m in members}
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ReportError(f"is a damaged zip ({exc})") from exc
    folder = next(iter(folders), ".")
    return (Path(folder).name if folder != "." else source.stem), files


def _about(raw: bytes | None) -> tuple[str, str, tuple[int, int]] | None:
    """export.json's kiosk id, export time and tap grid; None when it is missing or unusable."""
    if raw is None:
        return None
    try:
        about = json.loads(raw.decode("utf-8"))
        kiosk, exported, grid = about["kiosk_id"], about.get("exported", ""), about.get("grid", [GRID_COLUMNS, GRID_ROWS])
        if not (isinstance(kiosk, str) and kiosk.strip() and isinstance(exported, str)):
            return None
        columns, rows = (int(n) for n in grid)
        if not (0 < columns <= 1000 and 0 < rows <= 1000):
            return None
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return None
    return kiosk.strip(), exported, (columns, rows)


def read_export(source: Path) -> Export:
    """One export, its broken rows and foreign files left out and named in `notes`. Raises ReportError
    when nothing of it can be read."""
    try:
        name, files = _export_files(source)
    except OSError as exc:
        raise ReportError(f"could not be read: {describe(exc)}") from exc
    if not any(csv_name in files for csv_name in HEADERS):
        raise ReportError("holds none of the CSV files of a kiosk export (sessions.csv, pillar_time.csv, taps.csv, daily.csv)")
    about = _about(files.get(EXPORT_ABOUT))
    stamp = _STAMP.search(name)
    exported = about[1] if about else (datetime.strptime(stamp.group(1), "%Y%m%d-%H%M%S").isoformat() if stamp else "")
    export = Export(source, about[0] if about else name, about is None, exported, about[2] if about else (GRID_COLUMNS, GRID_ROWS))
    if about is None:
        why = "has no export.json (an export from before kiosk ids)" if EXPORT_ABOUT not in files else "has an unreadable export.json"
        export.notes.append(f"{source.name} {why}: its kiosk is named by the folder, {name!r}")
    for csv_name, keyed in (
        ("sessions.csv", lambda row: _session(export, row)),
        ("pillar_time.csv", lambda row: _pillar_time(export, row)),
        ("taps.csv", lambda row: _tap(export, row)),
        ("daily.csv", lambda row: _daily(export, row)),
    ):
        raw = files.get(csv_name)
        if raw is None:
            export.notes.append(f"{source.name}: no {csv_name}; what it holds is missing from this kiosk's figures")
        else:
            _read_csv(export, csv_name, raw, keyed)
    return export


def _read_csv(export: Export, name: str, raw: bytes, keyed: Callable[[Row], None]) -> None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        export.notes.append(f"{export.source.name}: {name} is not UTF-8 text; left out")
        return
    rows = csv.reader(io.StringIO(text, newline=""))
    header = tuple(next(rows, ()))
    if header != HEADERS[name]:
        export.notes.append(f"{export.source.name}: {name} has a header this report does not know ({', '.join(header)[:120]}); left out")
        return
    broken: list[int] = []
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        try:
            if len(row) != len(header):
                raise ValueError
            keyed(tuple(row))
        except (ValueError, IndexError):
            broken.append(line)
    if broken:
        lines = ", ".join(map(str, broken[:5])) + (" …" if len(broken) > 5 else "")
        export.notes.append(f"{export.source.name}: {name}: {len(broken)} broken row(s) left out (line {lines})")


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value < 10**9:
        raise ValueError
    return value


def _session(export: Export, row: Row) -> None:
    number = _count(row[0])
    datetime.fromisoformat(row[1])
    if row[2]:
        datetime.fromisoformat(row[2])
    _seconds(row[3])
    if not row[4] or row[5] not in ("0", "1"):
        raise ValueError
    export.sessions[number] = row


def _pillar_time(export: Export, row: Row) -> None:
    number = _count(row[0])
    _seconds(row[2])
    if not row[1]:
        raise ValueError
    export.pillar_time[(number, row[1])] = row


def _tap(export: Export, row: Row) -> None:
    date.fromisoformat(row[0])
    col, line = _count(row[1]), _count(row[2])
    _count(row[3])
    if col >= export.grid[0] or line >= export.grid[1]:
        raise ValueError
    export.taps[(row[0], col, line)] = row


def _daily(export: Export, row: Row) -> None:
    date.fromisoformat(row[0])
    _count(row[1])
    _seconds(row[2])
    _count(row[4])
    export.daily[row[0]] = row


def merge(sources: Iterable[Path]) -> Hall:
    """Every export read and merged by kiosk id, the oldest export first (so the later rows win)."""
    sources = list(sources)
    left_out: list[str] = []
    notes: list[str] = []
    exports: list[Export] = []
    for source in sources:
        try:
            export = read_export(source)
        except ReportError as exc:
            left_out.append(f"{source}: {exc}; left out")
            continue
        notes += export.notes
        if export.empty:
            left_out.append(f"{source} (kiosk {export.kiosk_id}): no visits, taps or daily totals in it; nothing from it in the report")
            continue
        exports.append(export)
    kiosks: dict[str, Kiosk] = {}
    for export in sorted(exports, key=lambda e: e.exported):
        _place(export, kiosks, notes)
    for kiosk in kiosks.values():
        if len(kiosk.exports) > 1:
            names = ", ".join(e.source.name for e in kiosk.exports)
            notes.append(
                f"kiosk {kiosk.kiosk_id}: {len(kiosk.exports)} exports merged ({names}); where their periods overlap each visit, "
                "tap cell and daily total is counted once, as the later export has it"
            )
    return Hall(sorted(kiosks.values(), key=lambda k: k.kiosk_id), left_out, notes, sources)


def _place(export: Export, kiosks: dict[str, Kiosk], notes: list[str]) -> None:
    wanted = export.kiosk_id
    name, n = wanted, 1
    while name in kiosks and kiosks[name].clashes_with(export):
        n += 1
        name = f"{wanted}~{n}"
    if name != wanted:
        notes.append(
            f"{export.source.name}: kiosk id {wanted!r} is also another kiosk's (the same visit numbers with other times): "
            f"reported as {name!r}; give each kiosk its own kiosk_id setting"
        )
    kiosks.setdefault(name, Kiosk(name)).take(export)


# -- the merged CSV files -----------------------------------------------------------------------------


def publish(path: Path, data: bytes | str) -> None:
    """A file of the report, replaced whole, readable by whoever the manager shares the folder with
    (write_atomic makes its files private). Raises OSError."""
    write_atomic(path, data)
    with contextlib.suppress(OSError):  # a FAT stick has no modes
        path.chmod(0o644)


def write_csvs(hall: Hall, folder: Path) -> list[Path]:
    """One CSV per kind, every row with its kiosk id first; UTF-8 with a BOM for Excel. Raises OSError."""
    tables: dict[str, Callable[[Kiosk], Iterable[Row]]] = {
        "sessions.csv": lambda k: (k.sessions[n] for n in sorted(k.sessions)),
        "pillar_time.csv": lambda k: (k.pillar_time[key] for key in sorted(k.pillar_time)),
        "taps.csv": lambda k: (k.taps[key] for key in sorted(k.taps)),
        "daily.csv": lambda k: (k.daily[day] for day in sorted(k.daily)),
    }
    written = []
    for name, rows in tables.items():
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(("kiosk", *HEADERS[name]))
        for kiosk in hall.kiosks:
            writer.writerows((kiosk.kiosk_id, *row) for row in rows(kiosk))
        path = folder / name
        publish(path, b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
        written.append(path)
    return written
