"""Diagnostics to a stick: everything a remote engineer asks for, from one visit by an attendant, as one
zip `lna-kiosk-diagnostics-<kiosk id>-<UTC time>.zip`: the log folder (rotated files and the crash log
included, each file's newest part kept and the whole capped), health, the settings (never the staff
PIN: its salted hash lives in a file of its own, which is not read here; the zip only says whether a
PIN is set), the versions of the kiosk and what it runs on, and the last metrics file when `metrics_dir`
names one. Qt-free: the staff panel collects what only the running kiosk knows on the UI thread
(`collect`) and writes in a thread of its own (`Diagnostics.write`); `kiosk diagnostics` does both.

Written under a temporary name and renamed when whole, so a stick pulled out or a full disk never
leaves a zip that looks complete."""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import platform
import shutil
import stat
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.core.files import describe, sync_folder
from kiosk.core.health import Health, rss_mb
from kiosk.core.paths import AppPaths
from kiosk.core.pin import PIN_FILE
from kiosk.core.settings import SCHEMA, kiosk_id

PREFIX = "lna-kiosk-diagnostics-"
METRICS_FILE = "lna_kiosk.prom"
CRASH_LOG = "crash.log"  # faulthandler's, in the log folder (kiosk/cli.py prepare_process)
FILE_CAP_BYTES = 5_000_000  # of one log file, its newest part
LOGS_CAP_BYTES = 20_000_000  # of all logs together: the newest files first
METRICS_CAP_BYTES = 5_000_000


class DiagnosticsError(Exception):
    """Why the zip could not be written: the message names the folder; `reason` is the words alone
    ("the disk is full"), for the staff panel, which names the place its own way."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


def package_versions() -> dict[str, str]:
    """The kiosk and what it runs on that needs no Qt: Python, the OS, pyqtgraph, Pillow, numpy (the
    installed distributions' versions; "unknown" in a bundle without their metadata)."""
    versions = {"kiosk": __version__, "python": sys.version.split()[0], "os": platform.platform(), "machine": platform.machine()}
    for name in ("pyqtgraph", "Pillow", "numpy", "PySide6"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "unknown"
    versions["frozen"] = str(bool(getattr(sys, "frozen", False)))
    return versions


def _plain(value: object) -> object:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def settings_values(settings: Mapping[str, Any] | Any) -> dict[str, object]:
    """Every setting the schema knows, as the kiosk uses it now (the file may hold fewer)."""
    return {spec.name: _plain(settings[spec.name]) for spec in SCHEMA}


def health_facts(paths: AppPaths, health: Health | None = None, frames_per_second: int | None = None) -> dict[str, object]:
    """What the running kiosk knows (`health`), or, from the command line, what the folders say."""
    facts: dict[str, object] = {}
    if health is not None:
        hours, minutes = health.uptime()
        facts |= {
            "uptime": f"{hours} h {minutes:02d} min",
            "memory_mb": round(rss_mb(), 1),
            "start_notes": list(health.notes),
            "recent_problems": [
                {"when": datetime.fromtimestamp(e.when, UTC).isoformat(timespec="seconds"), "level": e.level, "message": e.message}
                for e in health.latest(20)
            ],
        }
        if frames_per_second is not None:
            facts["frames_last_second"] = frames_per_second
    else:
        facts["from"] = "the kiosk diagnostics command: the running kiosk's uptime and recent problems are in its log"
    for name, folder in (("data", paths.data), ("logs", paths.logs)):
        with contextlib.suppress(OSError):
            usage = shutil.disk_usage(folder)
            facts[f"{name}_disk_free_mb"] = usage.free // 1_000_000
    with contextlib.suppress(OSError):
        facts["insight_db_bytes"] = (paths.data / "insight.db").stat().st_size
    return facts


@dataclass(frozen=True)
class Diagnostics:
    """What goes in the zip, gathered; `write` reads the files and writes it (in any thread)."""

    kiosk_id: str
    made: datetime  # UTC
    logs: Path
    settings: dict[str, object]
    pin_set: bool
    health: dict[str, object]
    versions: dict[str, str]
    metrics: Path | None  # <metrics_dir>/lna_kiosk.prom, when the setting names a folder
    notes: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return f"{PREFIX}{self.kiosk_id}-{self.made.strftime('%Y%m%dT%H%M%SZ')}.zip"

    def write(self, folder: Path) -> Path:
        """The zip in `folder`, whole or not at all. Raises DiagnosticsError naming the folder and why."""
        final = folder / self.file_name
        partial = folder / f".{self.file_name}.partial"
        try:
            try:
                with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                    self._fill(archive)
                with open(partial, "rb+") as handle:
                    os.fsync(handle.fileno())
                os.replace(partial, final)
            except BaseException:
                with contextlib.suppress(OSError):
                    partial.unlink()
                raise
            with contextlib.suppress(OSError):
                sync_folder(folder)
        except OSError as exc:
            raise DiagnosticsError(f"could not write the diagnostics to {folder}: {describe(exc)}", describe(exc)) from exc
        return final

    def _fill(self, archive: zipfile.ZipFile) -> None:
        notes = list(self.notes)
        logs = _log_files(self.logs, notes)
        budget = LOGS_CAP_BYTES
        written: list[str] = []
        for path, size in logs:
            if budget <= 0:
                notes.append(f"logs/{path.name} left out: the logs in this zip are capped at {LOGS_CAP_BYTES:,} bytes")
                continue
            data = _tail(path, min(FILE_CAP_BYTES, budget), notes)
            if data is None:
                continue
            if len(data) < size:
                notes.append(f"logs/{path.name}: only its last {len(data):,} of {size:,} bytes")
            budget -= len(data)
            archive.writestr(f"logs/{path.name}", data)
            written.append(path.name)
        if self.metrics is not None:
            data = _tail(self.metrics, METRICS_CAP_BYTES, notes)
            if data is not None:
                archive.writestr(f"metrics/{METRICS_FILE}", data)
        about = {
            "kiosk_id": self.kiosk_id,
            "made_utc": self.made.isoformat(timespec="seconds"),
            "logs": written,
            "crash_log": CRASH_LOG in written,
            "metrics": self.metrics is not None and f"metrics/{METRICS_FILE}" in archive.namelist(),
            "notes": notes,
        }
        archive.writestr("about.json", _json(about))
        archive.writestr("health.json", _json(self.health))
        archive.writestr("settings.json", _json({"values": self.settings, "staff_pin": "set" if self.pin_set else "not set"}))
        archive.writestr("versions.json", _json(self.versions))


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _log_files(folder: Path, notes: list[str]) -> list[tuple[Path, int]]:
    """Regular files in the log folder (no links, FIFOs or devices): the crash log, then the newest first."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        notes.append(f"the log folder {folder} could not be read: {describe(exc)}")
        return []
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.append((Path(entry.path), info.st_size, info.st_mtime))
    return [(path, size) for path, size, _ in sorted(found, key=lambda f: (f[0].name != CRASH_LOG, -f[2], f[0].name))]


def _tail(path: Path, limit: int, notes: list[str]) -> bytes | None:
    """The file's last `limit` bytes (a log grows at its end), or None with a note when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - limit))
            return handle.read(limit)
    except OSError as exc:
        notes.append(f"{path.name} could not be read: {describe(exc)}")
        return None


def collect(
    paths: AppPaths,
    settings: Mapping[str, Any] | Any,
    versions: Mapping[str, str],
    health: dict[str, object],
    now: datetime,
) -> Diagnostics:
    """Gathered where the settings live (the UI thread for the running kiosk): cheap, no file read but
    the PIN file's existence."""
    values = settings_values(settings)
    metrics_dir = str(values.get("metrics_dir") or "")
    return Diagnostics(
        kiosk_id=kiosk_id(str(values.get("kiosk_id") or "")),
        made=now.astimezone(UTC),
        logs=paths.logs,
        settings=values,
        pin_set=(paths.config / PIN_FILE).exists(),
        health=health,
        versions=dict(versions),
        metrics=Path(metrics_dir) / METRICS_FILE if metrics_dir and (Path(metrics_dir) / METRICS_FILE).is_file() else None,
    )
