"""The kiosk's figures for Prometheus, written as a file for the textfile collector of node_exporter (Linux)
and windows_exporter (Windows): the kiosk opens no port, the exporter already running on the PC serves them.

A snapshot of plain figures (gathered by kiosk/ui/metrics_writer.py) becomes a CollectorRegistry of our
own and is written with prometheus_client's `write_to_textfile`: the text goes to `lna_kiosk.prom.PID.TID`
beside the target (a name the collectors skip: they read `*.prom` only), then is renamed over
`lna_kiosk.prom` (`os.rename`; `os.replace` on Windows), so an exporter reads the old file or the new one,
never half of one. It is not fsynced: after a power cut the file may be empty or old, and the next write
(every 30 s) puts it right. On Windows the rename fails while windows_exporter holds the file open; the
caller logs that once and tries again at the next write.

Every sample is labelled `kiosk` (the `kiosk_id` setting, else the host name). What the figures carry is
fixed by METRICS: counts, times, the mode, the content folder's name (never its path) or pack id, the
content's pillar ids. Nothing a visitor did beyond counts, and no free text: visitors type nothing."""

from __future__ import annotations

import logging
import os
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.core.files import describe, read_json, write_atomic
from kiosk.core.service import EXIT_MAINTENANCE, EXIT_RESTART, EXIT_STOPPED
from kiosk.core.session import Mode

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry
    from prometheus_client.metrics_core import Metric as Family

log = logging.getLogger(__name__)

METRICS_FILE = "lna_kiosk.prom"
INTERVAL_S = 30.0  # how often the running kiosk writes it
STALE_TEMPORARY_S = 300.0  # a temporary file of a write cut short (a kill) this old is removed
RUN_RECORD = "metrics-run.json"  # in the data folder: how the last run ended, for `start_reason`
RUN_RECORD_LIMIT = 4096


@dataclass(frozen=True)
class Metric:
    """One metric the kiosk writes. Every sample also carries the `kiosk` label."""

    name: str
    kind: str  # "gauge" or "counter" (a counter's samples end in _total)
    help: str
    labels: tuple[str, ...] = ()

    @property
    def sample_name(self) -> str:
        """The name as it appears in the file and in queries."""
        return f"{self.name}_total" if self.kind == "counter" else self.name


METRICS: tuple[Metric, ...] = (
    Metric("lna_kiosk_up", "gauge", "1 while the kiosk runs; 0 in the file it leaves when it stops cleanly."),
    Metric(
        "lna_kiosk_heartbeat_timestamp_seconds", "gauge", "When this file was written (Unix time): stale means the kiosk is gone or hung."
    ),
    Metric("lna_kiosk_info", "gauge", "Always 1; the kiosk's version, Python and platform as labels.", ("version", "python", "platform")),
    Metric("lna_kiosk_start_time_seconds", "gauge", "When this run of the kiosk started (Unix time); it changes at each restart."),
    Metric("lna_kiosk_uptime_seconds", "gauge", "Seconds this run of the kiosk has been running."),
    Metric(
        "lna_kiosk_start_reason",
        "gauge",
        "Always 1; why the run before this one ended: first_start, stopped, maintenance, planned_restart, error, crashed, killed.",
        ("reason",),
    ),
    Metric("lna_kiosk_stop_reason", "gauge", "Only in the file a clean stop leaves: always 1, why it stopped.", ("reason",)),
    Metric("lna_kiosk_mode", "gauge", "1 for the kiosk's mode now, 0 for the others.", ("mode",)),
    Metric("lna_kiosk_open", "gauge", "1 when the hall is open (opening hours, or staff opened it), 0 when closed."),
    Metric(
        "lna_kiosk_content_info",
        "gauge",
        "Always 1; the content on screen: its pack id or folder name (bundled: the content shipped with the kiosk), and its source.",
        ("content", "source"),
    ),
    Metric("lna_kiosk_content_as_asked", "gauge", "1 when the content on screen is the one asked for; 0 when that was refused."),
    Metric("lna_kiosk_content_problems", "gauge", "Problems that kept the content asked for off the screen (0 when it is shown)."),
    Metric("lna_kiosk_last_touch_age_seconds", "gauge", "Seconds since a visitor last touched the screen (since the start if none has)."),
    Metric("lna_kiosk_visits_today", "gauge", "Visits started today (local day), from the kiosk's visitor records."),
    Metric("lna_kiosk_taps_today", "gauge", "Visitor taps today (local day), from the kiosk's visitor records."),
    Metric("lna_kiosk_attract_wakes_today", "gauge", "Times a visitor woke the attract loop today."),
    Metric("lna_kiosk_pillar_seconds_today", "gauge", "Seconds visitors spent on each page today (pages left so far).", ("pillar",)),
    Metric("lna_kiosk_page_views", "counter", "Pages shown to visitors during visits since the kiosk started, by page id.", ("pillar",)),
    Metric("lna_kiosk_log_messages", "counter", "Warnings and errors the kiosk logged since it started.", ("level",)),
    Metric("lna_kiosk_resident_memory_bytes", "gauge", "Resident memory of the kiosk process (RSS)."),
    Metric("lna_kiosk_frames_painted", "counter", "Frames the kiosk's window asked to be painted since it started."),
    Metric("lna_kiosk_photo_failures", "gauge", "Photo files of the content shown that could not be shown."),
    Metric("lna_kiosk_packs_installed", "counter", "Content packs installed from the inbox since the kiosk started."),
    Metric("lna_kiosk_packs_refused", "counter", "Pack files the inbox refused since the kiosk started (each file once)."),
    Metric(
        "lna_kiosk_pack_refusal",
        "gauge",
        "1 with the kind of the inbox's last refusal (unsigned, unknown-key, manifest-tampered, truncated, replay, invalid-content, ...); "
        "no sample before the first.",
        ("kind",),
    ),
    Metric(
        "lna_kiosk_inbox_problem", "gauge", "1 when the content inbox cannot be read or its record of the installed pack cannot be kept."
    ),
)
BY_NAME = {metric.name: metric for metric in METRICS}
SAMPLE_NAMES = frozenset(metric.sample_name for metric in METRICS)
LOG_LEVELS = ("warning", "error")

START_REASONS = ("first_start", "stopped", "maintenance", "planned_restart", "error", "crashed", "killed")


@dataclass(frozen=True)
class ContentShown:
    """What is on screen. `content`: a pack's id, a folder's name, or "bundled"; `source`: "pack",
    "folder" or "bundled"; `as_asked`: it is what the settings (or the inbox) asked for."""

    content: str
    source: str
    as_asked: bool = True
    problems: int = 0


@dataclass(frozen=True)
class Snapshot:
    """The figures of one write, gathered on the kiosk's clocks."""

    kiosk: str
    time: float  # wall clock, Unix seconds
    started: float  # wall clock, Unix seconds, fixed for the run
    uptime_s: float
    mode: str
    open: bool
    content: ContentShown
    last_touch_age_s: float
    visits_today: int = 0
    taps_today: int = 0
    attract_wakes_today: int = 0
    pillar_seconds_today: Mapping[str, float] = field(default_factory=dict)
    page_views: Mapping[str, int] = field(default_factory=dict)
    log_messages: Mapping[str, int] = field(default_factory=dict)
    rss_bytes: int = 0
    frames_painted: int = 0
    photo_failures: int = 0
    packs_installed: int = 0
    packs_refused: int = 0
    pack_refusal: str = ""  # the kind of the last refusal; "" for none
    inbox_problem: bool = False
    start_reason: str = "first_start"
    up: bool = True
    stop_reason: str | None = None
    version: str = __version__


def _values(snapshot: Snapshot) -> dict[str, list[tuple[tuple[str, ...], float]]]:
    """Each metric's samples as (label values without `kiosk`, value)."""
    content = snapshot.content
    values: dict[str, list[tuple[tuple[str, ...], float]]] = {
        "lna_kiosk_up": [((), float(snapshot.up))],
        "lna_kiosk_heartbeat_timestamp_seconds": [((), snapshot.time)],
        "lna_kiosk_info": [((snapshot.version, platform.python_version(), sys.platform), 1.0)],
        "lna_kiosk_start_time_seconds": [((), snapshot.started)],
        "lna_kiosk_uptime_seconds": [((), snapshot.uptime_s)],
        "lna_kiosk_start_reason": [((snapshot.start_reason,), 1.0)],
        "lna_kiosk_stop_reason": [((snapshot.stop_reason,), 1.0)] if snapshot.stop_reason else [],
        "lna_kiosk_mode": [((mode.value,), float(mode.value == snapshot.mode)) for mode in Mode],
        "lna_kiosk_open": [((), float(snapshot.open))],
        "lna_kiosk_content_info": [((content.content, content.source), 1.0)],
        "lna_kiosk_content_as_asked": [((), float(content.as_asked))],
        "lna_kiosk_content_problems": [((), float(content.problems))],
        "lna_kiosk_last_touch_age_seconds": [((), snapshot.last_touch_age_s)],
        "lna_kiosk_visits_today": [((), float(snapshot.visits_today))],
        "lna_kiosk_taps_today": [((), float(snapshot.taps_today))],
        "lna_kiosk_attract_wakes_today": [((), float(snapshot.attract_wakes_today))],
        "lna_kiosk_pillar_seconds_today": [((pillar,), seconds) for pillar, seconds in sorted(snapshot.pillar_seconds_today.items())],
        "lna_kiosk_page_views": [((pillar,), float(views)) for pillar, views in sorted(snapshot.page_views.items())],
        "lna_kiosk_log_messages": [((level,), float(snapshot.log_messages.get(level, 0))) for level in LOG_LEVELS],
        "lna_kiosk_resident_memory_bytes": [((), float(snapshot.rss_bytes))],
        "lna_kiosk_frames_painted": [((), float(snapshot.frames_painted))],
        "lna_kiosk_photo_failures": [((), float(snapshot.photo_failures))],
        "lna_kiosk_packs_installed": [((), float(snapshot.packs_installed))],
        "lna_kiosk_packs_refused": [((), float(snapshot.packs_refused))],
        "lna_kiosk_pack_refusal": [((snapshot.pack_refusal,), 1.0)] if snapshot.pack_refusal else [],
        "lna_kiosk_inbox_problem": [((), float(snapshot.inbox_problem))],
    }
    assert values.keys() == BY_NAME.keys(), "every metric has its figures"
    return values


class _SnapshotCollector:
    """One snapshot's families, for a registry of our own (nothing of the process-wide default one)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[Family]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        for name, samples in _values(self.snapshot).items():
            metric = BY_NAME[name]
            family_type = CounterMetricFamily if metric.kind == "counter" else GaugeMetricFamily
            family = family_type(name, metric.help, labels=["kiosk", *metric.labels])
            for labels, value in samples:
                family.add_metric([self.snapshot.kiosk, *labels], value)
            yield family


def registry(snapshot: Snapshot) -> CollectorRegistry:
    from prometheus_client import CollectorRegistry

    own = CollectorRegistry(auto_describe=False)
    own.register(_SnapshotCollector(snapshot))
    return own


def render(snapshot: Snapshot) -> str:
    """The text the file holds (Prometheus text format 0.0.4)."""
    from prometheus_client import generate_latest

    return generate_latest(registry(snapshot)).decode("utf-8")


def write(snapshot: Snapshot, folder: Path) -> Path:
    """`folder`/lna_kiosk.prom, replaced whole. Raises OSError (a missing folder, no permission, on
    Windows the exporter reading the file at that moment)."""
    from prometheus_client import write_to_textfile

    target = folder / METRICS_FILE
    write_to_textfile(str(target), registry(snapshot))
    return target


_TEMPORARY = re.compile(re.escape(METRICS_FILE) + r"\.\d+\.\d+")


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Temporary files of writes cut short (the kiosk killed between write and rename): the collectors
    skip them, but they would pile up. Only ours, and only old ones (another process may be writing)."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        try:
            ours = _TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
            if ours and now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMPORARY_S:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def remove_file(folder: Path) -> None:
    """Metrics turned off, or moved: the exporter stops serving the old figures."""
    try:
        (folder / METRICS_FILE).unlink(missing_ok=True)
    except OSError as exc:
        log.warning("the old metrics file in %s could not be removed: %s", folder, describe(exc))


_LABEL_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def content_label(folder: Path, bundled: Path) -> ContentShown:
    """The content folder as a label: "bundled", or the folder's own name (letters, digits, '.', '_',
    '-'; anything else as '_'; at most 63 characters). Never the path: it may name a user's home."""
    if folder == bundled:
        return ContentShown("bundled", "bundled")
    name = _LABEL_UNSAFE.sub("_", folder.name)[:63] or "_"
    return ContentShown(name, "folder")


# --- counting the warnings and errors logged ------------------------------------------------------


class LogCounter(logging.Handler):
    """Counts the warnings and errors logged (CRITICAL counts as error); nothing of their words."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.counts["error" if record.levelno >= logging.ERROR else "warning"] += 1

    def seed(self, levels: Iterable[str]) -> None:
        """Records logged before this handler was installed, by level name (the health list keeps them)."""
        for level in levels:
            self.counts["error" if level in ("ERROR", "CRITICAL") else "warning"] += 1


# --- why the kiosk (re)started --------------------------------------------------------------------


def exit_reason(code: int) -> str:
    """An exit status as a start reason for the next run."""
    return {EXIT_STOPPED: "stopped", EXIT_MAINTENANCE: "maintenance", EXIT_RESTART: "planned_restart"}.get(code, "error")


class RunRecord:
    """The kiosk notes in its data folder that it runs, and on a clean stop how it ended; the next run
    reads that as its start reason. A run that noted no end was cut off: `crashed` when `crash_log`
    changed since it started (a Python crash, a hang whose stack the supervisor or watchdog had written),
    else `killed` (SIGKILL, out of memory, power lost). Kept only while metrics are on."""

    def __init__(self, path: Path, crash_log: Path) -> None:
        self.path = path
        self.crash_log = crash_log
        self._started = 0.0

    def begin(self, now: float) -> tuple[str, str | None]:
        """The start reason, and the record of this run written; the second is a problem to log, if any."""
        reason, self._started = self._previous(), now
        try:
            write_atomic(self.path, f'{{"started": {now!r}, "ended": null}}')
        except OSError as exc:
            return reason, f"the start reason of the next run cannot be kept: {describe(exc)}"
        return reason, None

    def _previous(self) -> str:
        try:
            record = read_json(self.path, RUN_RECORD_LIMIT)
        except OSError:
            return "first_start"
        if not isinstance(record, dict) or not isinstance(record.get("started"), float | int):
            return "first_start"
        ended = record.get("ended")
        if isinstance(ended, str) and ended in START_REASONS:
            return ended
        try:
            crashed = os.stat(self.crash_log).st_mtime >= float(record["started"])
        except OSError:
            crashed = False
        return "crashed" if crashed else "killed"

    def end(self, code: int, now: float) -> str | None:
        """A clean end, by its exit status; returns a problem to log, if any."""
        try:
            write_atomic(self.path, f'{{"started": {self._started!r}, "ended": "{exit_reason(code)}", "at": {now!r}}}')
        except OSError as exc:
            return f"how the kiosk stopped is not kept: {describe(exc)}"
        return None

    def forget(self) -> None:
        """Metrics turned off: the next start says first_start, not a crash."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("%s could not be removed: %s", self.path, describe(exc))


def shown_as_pack(shown: ContentShown, folder: Path, pack_id: str, pack_folder: str) -> ContentShown:
    """`shown` named by its pack when the folder on screen is the one the inbox installed that pack as."""
    if pack_id and pack_folder and Path(pack_folder) == folder:
        return replace(shown, content=pack_id, source="pack")
    return shown


def offline_snapshot(kiosk: str, now: float, mode: str, content: ContentShown, *, installed: int, refused: int, refusal: str) -> Snapshot:
    """The figures a command writes for a kiosk that is not running (`kiosk inbox --once`): not up, what
    it will show, what its inbox did; nothing of visitors."""
    return Snapshot(
        kiosk=kiosk,
        time=now,
        started=now,
        uptime_s=0.0,
        mode=mode,
        open=False,
        content=content,
        last_touch_age_s=0.0,
        packs_installed=installed,
        packs_refused=refused,
        pack_refusal=refusal,
        up=False,
    )
