"""The content inbox in the running kiosk: scans the `content_inbox` folder on a timer in a worker thread
(kiosk/core/hall/inbox.py does the work: verify, judge against the installed pack, unpack, check), and
installs what it prepared only while nobody is visiting: the attract loop runs, the session has just
reset, or the hall is closed; never under a visit or an open staff screen. A pack installed while a
visit began meanwhile is shown once that visit ends. The new content is shown as the staff panel's USB
install shows it (LiveContent.expect, then the `content` setting), so what follows content follows it.

A refusal changes nothing on screen: it goes to the log (with a sentence for staff's recent problems),
to the staff panel's content lines (`staff_line`) and to `state` (kiosk/core/hall/inbox.py InboxState,
read-only, for the metrics). The `content_inbox` and `content_keys` settings take effect at once."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.core.content.install import InstallCancelledError, InstallError
from kiosk.core.content.loader import LoadResult
from kiosk.core.hall.inbox import Inbox, InboxState, PackInstaller, Prepared, Refusal, Scan
from kiosk.core.health import brief, staff_says
from kiosk.core.settings import QT_TRANSLATE_NOOP
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.session_controller import SessionController
from kiosk.ui.staff.install_job import StickJob

log = logging.getLogger(__name__)
SCAN_MS = 10_000  # a scan every 10 s: a pack is read once it has stayed unchanged over two of them
REFUSED_NOTE = QT_TRANSLATE_NOOP("Health", "A content pack from the inbox was refused; the content shown stays (details in the log)")


class InboxJob(StickJob):
    """One scan or one install of the inbox in a thread of its own; `finished` comes with what `work`
    returned, or the InstallError that stopped it (InstallCancelledError when cancelled)."""

    thread_name = "content-inbox"

    def __init__(self, run: Callable[[Callable[[], None]], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task = run

    def work(self) -> object:
        try:
            return self._task(self.check)
        except InstallError as exc:
            return exc
        except Exception as exc:  # a bug, not a pack: said in the log, the kiosk goes on
            log.exception("the content inbox failed")
            return InstallError(f"the content inbox failed ({type(exc).__name__}: {exc}); nothing changed")


class ContentInbox(QObject):
    """See the module's doc. `changed` comes whenever `state` (or the staff line) may have changed."""

    changed = Signal()
    shown = Signal(object)  # the LoadResult of a pack's content, once it is on screen

    def __init__(
        self,
        settings: LiveSettings,
        content: LiveContent,
        session: SessionController,
        installer: PackInstaller,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        interval_ms: int = SCAN_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or session)
        self._settings = settings
        self._content = content
        self._session = session
        self.installer = installer
        self._clock = clock
        self._wall = wall
        self.inbox: Inbox | None = None
        self.job: InboxJob | None = None
        self.prepared: Prepared | None = None  # checked, waiting until nobody visits
        self.loaded: LoadResult | None = None  # installed, waiting to be shown until nobody visits
        self.refusal: Refusal | None = None  # the last refusal, until a pack is installed after it
        self._problem = ""  # the inbox could not be read: said once until it changes
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.scan_now)
        settings.changed_signal("content_inbox").connect(self._on_setting)
        settings.changed_signal("content_keys").connect(self._on_setting)
        session.visit_ended.connect(self._on_visit_ended)
        self._on_setting()

    # --- what is known ------------------------------------------------------------------------

    @property
    def state(self) -> InboxState:
        """The inbox now, for the metrics: read-only (a new object after each change)."""
        return self.inbox.state if self.inbox is not None else InboxState()

    @property
    def quiet(self) -> bool:
        """Nobody is visiting and no staff screen is open (the attract loop, just after a reset, closed)."""
        session = self._session
        return session.suspended or (not session.visiting and not session.staff_open)

    def staff_line(self) -> tuple[str, bool]:
        """The staff panel's line about the inbox, and whether staff must see it (else it only says all is
        well); ("", False) when no inbox is set."""
        if self.inbox is None:
            return "", False
        state = self.state
        if self.refusal is not None:
            refusal = self.refusal
            return self.tr("Content inbox: {file} was refused; the content shown stays. Why: {reason}").format(
                file=Path(refusal.file).name,
                reason=brief(refusal.reason, 90),  # the whole reason is in the log
            ), True
        if self.prepared is not None or self.loaded is not None:
            return self.tr("Content inbox: a new content pack is checked; it is installed when nobody is visiting"), True
        if self._problem:
            return self.tr("Content inbox: the folder {folder} cannot be read (a share not connected?); details in the log").format(
                folder=Path(state.folder).name
            ), True
        if state.problem:
            return self.tr("Content inbox: {problem}").format(problem=brief(state.problem, 200)), True
        if state.installed_pack_id:
            return self.tr("Content inbox: watched; installed pack {pack}, version {version}").format(
                pack=state.installed_pack_id, version=state.installed_version
            ), False
        return self.tr("Content inbox: watched; no pack installed yet"), False

    # --- the schedule -------------------------------------------------------------------------

    def _on_setting(self, _value: object = None) -> None:
        """The inbox or the keys changed: what was under way stops, and the folder is scanned afresh (a pack
        refused for an unknown key may be taken with the new keys)."""
        self._stop()
        folder = str(self._settings["content_inbox"])
        self.inbox = Inbox(Path(folder), self.installer, self._clock, self._wall) if folder else None
        if self.inbox is None:
            self.timer.stop()
        else:
            log.info("watching the content inbox %s", folder)
            self.timer.start()
        self.changed.emit()

    def scan_now(self) -> None:
        """A scan in the worker thread, unless one is running or a pack waits to be installed or shown."""
        if self.job is not None:
            return
        if self.prepared is not None or self.loaded is not None:
            self.advance()
            return
        inbox = self.inbox
        if inbox is None:
            return
        self._start(lambda check: inbox.scan(check), self._on_scanned)

    def advance(self) -> None:
        """Take the next step if nobody is visiting: show what was installed, or install what was prepared."""
        if self.job is not None or not self.quiet:
            return
        if self.loaded is not None:
            self._show(self.loaded)
        elif self.prepared is not None and self.inbox is not None:
            inbox, prepared, store = self.inbox, self.prepared, self._settings.store
            log.info("installing the content pack %s from the inbox", prepared.name)
            self._start(lambda check: inbox.install(prepared, store, lambda _progress: check()), self._on_installed)

    def _on_visit_ended(self) -> None:
        QTimer.singleShot(0, self, self.advance)  # after the session's reset: the next visitor finds it

    def _start(self, run: Callable[[Callable[[], None]], object], done: Callable[[InboxJob, object], None]) -> None:
        self.job = InboxJob(run, self)
        self.job.finished.connect(done)
        self.job.start()

    def _taken(self, job: InboxJob) -> bool:
        if job is not self.job:
            return False
        self.job = None
        job.deleteLater()
        return True

    # --- outcomes -----------------------------------------------------------------------------

    def _on_scanned(self, job: InboxJob, outcome: object) -> None:
        if not self._taken(job):
            return
        if isinstance(outcome, Scan):
            for refusal in outcome.refused:
                self._refused(refusal)
            if outcome.problem and outcome.problem != self._problem:  # once, not every scan while a share is away
                log.warning("%s", outcome.problem)
            self._problem = outcome.problem
            self.prepared = outcome.prepared
            if outcome.prepared is not None:
                log.info("content pack %s checked; it is installed when nobody is visiting", outcome.prepared.name)
        elif isinstance(outcome, InstallError) and not isinstance(outcome, InstallCancelledError):
            log.error("%s", outcome)
        self.changed.emit()
        self.advance()

    def _on_installed(self, job: InboxJob, outcome: object) -> None:
        if not self._taken(job):
            return
        prepared, self.prepared = self.prepared, None
        if isinstance(outcome, LoadResult):
            self.loaded = outcome
            self.refusal = None
            if self.installer.record_problem:
                log.warning("%s", self.installer.record_problem)
        elif isinstance(outcome, Refusal):
            self._refused(outcome)
        elif isinstance(outcome, InstallError) and not isinstance(outcome, InstallCancelledError):
            log.error("content pack %s not installed: %s", prepared.name if prepared else "?", outcome)
        self.changed.emit()
        self.advance()

    def _refused(self, refusal: Refusal) -> None:
        self.refusal = refusal
        log.error(
            "content pack %s refused (%s): %s; the content shown stays",
            refusal.file,
            refusal.kind,
            refusal.reason,
            extra=staff_says(REFUSED_NOTE),
        )

    def _show(self, loaded: LoadResult) -> None:
        """As the staff panel shows an install: the checked copy handed over, then the setting (saved
        already, with the history)."""
        self.loaded = None
        log.info("content pack installed from the inbox: showing %s", loaded.folder)
        self._content.expect(loaded)
        self._settings.change("content", str(loaded.folder), save=False)
        self.changed.emit()
        self.shown.emit(loaded)

    def _stop(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.cancel()
            job.deleteLater()
            if isinstance(job.outcome, LoadResult):  # installed before it could stop: shown when nobody visits
                self.loaded = job.outcome
        if self.prepared is not None and self.inbox is not None:
            self.inbox.forget(self.prepared)
        self.prepared = None
        self.refusal = None

    def shutdown(self) -> None:
        """The kiosk stops: the timer, and the scan or install under way (cancelled: nothing changes)."""
        self.timer.stop()
        self._stop()
