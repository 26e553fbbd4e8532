"""One content install from a USB stick in a thread of its own, so the event loop keeps turning (the
screen, the systemd watchdog fed by kiosk/ui/lifecycle.py ServiceLink) while thousands of files are
copied, fsynced and decoded. The work is kiosk/core/content/install.py's, Qt-free; this only carries
its progress and its outcome back to the UI thread as queued signals, and stops it when asked.

The thread reads the Settings it is given (the `content` setting and the file's other values, written
with the history when the copy is in place); the content panel covers the staff panel while it runs, so
nothing else changes them meanwhile. The caller applies the new value once `finished` says so."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.core.content.install import Candidate, InstallCancelledError, Installer, InstallError, Progress

if TYPE_CHECKING:
    from kiosk.core.settings import Settings

log = logging.getLogger(__name__)
STEPS = 1000  # of the progress bar
SHOWN_STEPS = 200  # progress is passed on when it moves by half a percent or changes stage, not per file
NICENESS = 10  # the install thread (and the photo check's processes it starts) yield the CPU to the screen


class InstallJob(QObject):
    """`start` once; `progress` (a Progress) comes now and then, then `finished` once with this job and
    the installed folder or the InstallError that kept it out. `cancel` stops it and waits for its
    thread: nothing is installed or changed, and `finished` then comes with InstallCancelledError (or
    with the outcome, when it was already past the point of no return)."""

    progress = Signal(object)
    finished = Signal(object, object)  # (this job, Path or InstallError)

    def __init__(self, installer: Installer, candidate: Candidate, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.installer = installer
        self.candidate = candidate  # as staff were shown it: the stick is not read twice
        self.source = candidate.folder
        self._settings = settings
        self._cancel = threading.Event()
        self._step: tuple[str, int] | None = None
        self.outcome: Path | InstallError | None = None  # once the thread has ended
        self._thread = threading.Thread(target=self._run, name="content-install", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def cancel(self) -> None:
        """Stop at the next file, chunk or photo checked, and wait for the thread to end."""
        self._cancel.set()
        if self._thread.ident is not None:
            self._thread.join()

    def _run(self) -> None:
        outcome: Path | InstallError
        if hasattr(os, "setpriority"):  # Linux: a thread has a priority of its own, which processes it starts inherit
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
        try:
            outcome = self.installer.install(self.source, self._settings, self._report, self.candidate)
        except InstallError as exc:
            outcome = exc
        except Exception as exc:  # a bug, not the stick: said on the panel, the traceback in the log
            log.exception("installing content from %s failed", self.source)
            outcome = InstallError(f"installing failed ({type(exc).__name__}: {exc}); nothing changed")
        self.outcome = outcome
        self.finished.emit(self, outcome)

    def _report(self, progress: Progress) -> None:
        """In the thread: stop if asked, else pass the progress on when it has moved enough to show."""
        if self._cancel.is_set():
            raise InstallCancelledError
        step = (progress.stage, int(progress.fraction * SHOWN_STEPS))
        if step != self._step:
            self._step = step
            self.progress.emit(progress)
