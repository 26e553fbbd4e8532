"""The running kiosk's metrics file (kiosk/core/hall/metrics.py): while the `metrics_dir` setting names a
folder, the figures are gathered on the UI thread every 30 s (and once soon after the start) and written
there as `lna_kiosk.prom`; a clean stop leaves a last file with `lna_kiosk_up 0`. Changing the setting
takes effect at once: turned off or moved, the old file is removed, so the exporter stops serving it.

Written on the UI thread: about 3 KB to a local folder (the exporters read local folders), without an
fsync. A write that fails (a folder missing or not writable, on Windows the exporter holding the file) is
logged once and tried again at the next tick; the kiosk never stops for it.

`content_shown` is the hook for what is on screen: the content folder by default; the content packs
replace it with the pack's id."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

from kiosk.core.clocks import Clocks
from kiosk.core.hall import metrics
from kiosk.core.hall.inbox import InboxState
from kiosk.core.hall.metrics import ContentShown, LogCounter, RunRecord, Snapshot
from kiosk.core.health import Health, rss_mb
from kiosk.core.service import EXIT_STOPPED
from kiosk.core.settings import kiosk_id

if TYPE_CHECKING:
    from kiosk.core.insight import Summary
    from kiosk.core.paths import AppPaths
    from kiosk.ui.insight_recorder import InsightRecorder
    from kiosk.ui.live import LiveContent, LiveSettings
    from kiosk.ui.main_window import KioskWindow
    from kiosk.ui.navigation import Navigation
    from kiosk.ui.opening_hours import HallHours
    from kiosk.ui.photos.photo_loader import PhotoLoader
    from kiosk.ui.session_controller import SessionController

log = logging.getLogger(__name__)
INTERVAL_MS = round(metrics.INTERVAL_S * 1000)
FIRST_MS = 2000  # the first file soon after the start (or after metrics are turned on)
FINAL_TRIES = 3  # the last file, at a stop: Windows' exporter may be reading it just then
FINAL_RETRY_S = 0.05


@dataclass(frozen=True)
class Watched:
    """The parts of the running kiosk the figures come from."""

    window: KioskWindow
    settings: LiveSettings
    content: LiveContent
    health: Health
    loader: PhotoLoader
    navigation: Navigation
    session: SessionController
    hall: HallHours | None  # None: opening hours could not be built, so the kiosk never closes
    insight: InsightRecorder | None  # None: no visitor records, so no visits or taps to count


class FrameCounter(QObject):
    """Frames the window asks Qt to paint: its update requests (one per repaint of anything in it),
    seen by a filter on the window alone, so no other widget's events cost anything."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self.frames = 0
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.UpdateRequest:
            self.frames += 1
        return False

    def release(self) -> None:
        self._window.removeEventFilter(self)


class MetricsWriter(QObject):
    def __init__(
        self,
        watched: Watched,
        paths: AppPaths,
        clocks: Clocks,
        *,
        interval_ms: int = INTERVAL_MS,
        first_ms: int = FIRST_MS,
    ) -> None:
        super().__init__(watched.window)
        self.watched = watched
        self.clocks = clocks
        self.folder: Path | None = None
        self.problem = ""  # the last write failure; empty when writing works
        self.start_reason = "first_start"
        self.content_shown: Callable[[], ContentShown] = self._content_folder
        self.inbox_state: Callable[[], InboxState] | None = None  # the content inbox, when the kiosk has one
        self.page_views: Counter[str] = Counter()
        self.writes = 0
        self._record = RunRecord(paths.data / metrics.RUN_RECORD, paths.logs / "crash.log")
        self._recording = False
        self._started_at = clocks.wall_seconds() - (clocks.monotonic() - watched.health.started)  # fixed for the run
        self._last_touch = watched.health.started
        self._stopped = False
        self.log_counter = LogCounter()
        self.log_counter.seed(error.level for error in watched.health.recent.records)
        logging.getLogger().addHandler(self.log_counter)
        self.frames = FrameCounter(watched.window)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.write_now)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.setInterval(first_ms)
        self.first.timeout.connect(self.write_now)
        watched.session.pressed.connect(self._touched)
        watched.navigation.page_changed.connect(self._page_shown)
        watched.settings.changed_signal("metrics_dir").connect(self._on_folder)
        self._on_folder(watched.settings["metrics_dir"])

    # --- what is counted as it happens -----------------------------------------------------------

    def _touched(self) -> None:
        self._last_touch = self.clocks.monotonic()

    def _page_shown(self, index: int) -> None:
        pages = self.watched.content.dataset.pages
        if self.watched.session.visiting and 0 <= index < len(pages):
            self.page_views[pages[index].id] += 1

    def _content_folder(self) -> ContentShown:
        content = self.watched.content
        rejected = content.state.rejected
        shown = metrics.content_label(content.folder, content.source.bundled)
        return replace(shown, as_asked=not rejected, problems=max(0, len(rejected) - 1))

    # --- the setting ----------------------------------------------------------------------------

    def _on_folder(self, value: object) -> None:
        folder = Path(str(value)) if value else None
        if folder == self.folder or self._stopped:
            return
        if self.folder is not None:
            metrics.remove_file(self.folder)
        self.folder, self.problem = folder, ""
        if folder is None:
            self.timer.stop()
            self.first.stop()
            if self._recording:
                self._record.forget()
                self._recording = False
            log.info("metrics off")
            return
        if not self._recording:
            self.start_reason, problem = self._record.begin(self.clocks.wall_seconds())
            self._recording = True
            if problem:
                log.warning(problem)
        metrics.remove_stale_temporaries(folder)
        log.info("metrics to %s every %.0f s", folder / metrics.METRICS_FILE, self.timer.interval() / 1000)
        self.first.start()
        self.timer.start()

    # --- gathering and writing -------------------------------------------------------------------

    def snapshot(self, *, up: bool = True, stop_reason: str | None = None) -> Snapshot:
        watched, now = self.watched, self.clocks.monotonic()
        summary = self._today()
        inbox = self.inbox_state() if self.inbox_state is not None else InboxState()
        content = metrics.shown_as_pack(self.content_shown(), watched.content.folder, inbox.installed_pack_id, inbox.installed_folder)
        return Snapshot(
            kiosk=kiosk_id(watched.settings["kiosk_id"]),
            time=self.clocks.wall_seconds(),
            started=self._started_at,
            uptime_s=max(0.0, now - watched.health.started),
            mode=watched.session.machine.mode.value,
            open=watched.hall is None or not watched.hall.closed,
            content=content,
            last_touch_age_s=max(0.0, now - self._last_touch),
            visits_today=summary.sessions if summary else 0,
            taps_today=summary.taps if summary else 0,
            attract_wakes_today=summary.attract_wakes if summary else 0,
            pillar_seconds_today=dict(summary.pillar_seconds) if summary else {},
            page_views=dict(self.page_views),
            log_messages=dict(self.log_counter.counts),
            rss_bytes=round(rss_mb() * 1024 * 1024),
            frames_painted=self.frames.frames,
            photo_failures=len(watched.loader.failed_files()),
            packs_installed=inbox.installed,
            packs_refused=inbox.refused,
            pack_refusal=inbox.last_refusal_kind,
            inbox_problem=bool(inbox.problem),
            start_reason=self.start_reason,
            up=up,
            stop_reason=stop_reason,
        )

    def _today(self) -> Summary | None:
        from kiosk.core.insight import InsightError

        if self.watched.insight is None:
            return None
        try:
            return self.watched.insight.store.summary(1)
        except InsightError as exc:  # the recorder tells staff; the figures go without today's counts
            log.debug("visitor figures not read for metrics: %s", exc)
            return None

    def write_now(self, snapshot: Snapshot | None = None) -> bool:
        """Write the file now (the timers call this); False when it could not be written."""
        if self.folder is None:
            return False
        try:
            metrics.write(snapshot or self.snapshot(), self.folder)
        except OSError as exc:
            from kiosk.core.files import describe

            if not self.problem:
                log.warning(
                    "metrics not written to %s: %s; trying again every %.0f s", self.folder, describe(exc), self.timer.interval() / 1000
                )
            self.problem = describe(exc)
            return False
        if self.problem:
            log.info("metrics written again to %s", self.folder)
        self.problem = ""
        self.writes += 1
        return True

    def stop(self, exit_code: int = EXIT_STOPPED) -> None:
        """The kiosk is ending cleanly: the last file says so (`lna_kiosk_up 0` and why), and the run
        record how it ended. Once; nothing is counted or written after it."""
        if self._stopped:
            return
        self._stopped = True
        self.timer.stop()
        self.first.stop()
        logging.getLogger().removeHandler(self.log_counter)
        self.frames.release()
        if self.folder is None:
            return
        final = self.snapshot(up=False, stop_reason=metrics.exit_reason(exit_code))
        for attempt in range(FINAL_TRIES):
            if attempt:
                time.sleep(FINAL_RETRY_S)
            if self.write_now(final):
                break
        problem = self._record.end(exit_code, self.clocks.wall_seconds())
        if problem:
            log.warning(problem)
