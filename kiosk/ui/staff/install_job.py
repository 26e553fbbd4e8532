"""Work on a USB stick in a thread of its own, so the event loop keeps turning (the screen, the systemd
watchdog fed by kiosk/ui/lifecycle.py ServiceLink) while thousands of files are read, copied, fsynced
and decoded: a LookJob looks at the sticks (content.json read and checked, every file it names looked
at, compared with what is shown), an InstallJob installs what staff chose. The work is
kiosk/core/content/install.py's, Qt-free; a job only carries its progress and its outcome back to the
UI thread as queued signals, and stops it when asked. A look judges a stick's content as `kiosk check`
does, the bundled font included (`glyphs`), and `change_lines` says what installing it changes in the
staff's language.

The install thread reads the Settings it is given (the `content` setting and the file's other values,
written with the history when the copy is in place); the content panel covers the staff panel while it
runs, so nothing else changes them meanwhile. The caller applies the new value once `finished` says so."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kiosk.core.content.changes import Changes, ChangeWords, compare, describe
from kiosk.core.content.glyphs import MissingCharacters
from kiosk.core.content.install import (
    Candidate,
    InstallCancelledError,
    Installer,
    InstallError,
    Progress,
    examine,
    find_content,
)
from kiosk.core.content.loader import LoadResult
from kiosk.core.content.model import Dataset
from kiosk.core.hall.inbox import StickPacks

if TYPE_CHECKING:
    from kiosk.core.settings import Settings

log = logging.getLogger(__name__)
STEPS = 1000  # of the progress bar
SHOWN_STEPS = 200  # progress is passed on when it moves by half a percent or changes stage, not per file
NICENESS = 10  # the job's thread (and the photo check's processes it starts) yield the CPU to the screen
SHOWN_STICKS = 3
SHOWN_CHANGES = 12  # lines of the change summary on the panel; the last says how many more


def staff_language() -> str:
    """The language the staff screens are in now, as content.json names it: the one of Qt's
    translation in force (the kiosk's UI language), whose translation of this marker is its code."""
    return QCoreApplication.translate("ChangeSummary", "en", "The code of this translation's language, as content.json names it: zh")


def change_words() -> ChangeWords:
    """The change summary's words in the staff's language (Qt's translations)."""

    parts = {
        "title": QCoreApplication.translate("ChangeSummary", "title"),
        "headline": QCoreApplication.translate("ChangeSummary", "headline"),
        "tagline": QCoreApplication.translate("ChangeSummary", "tagline"),
        "summary": QCoreApplication.translate("ChangeSummary", "summary"),
        "highlight": QCoreApplication.translate("ChangeSummary", "highlight {n}"),
        "label": QCoreApplication.translate("ChangeSummary", "label"),
        "note": QCoreApplication.translate("ChangeSummary", "note"),
        "period": QCoreApplication.translate("ChangeSummary", "period"),
        "name": QCoreApplication.translate("ChangeSummary", "name"),
        "document": QCoreApplication.translate("ChangeSummary", "document"),
        "caption": QCoreApplication.translate("ChangeSummary", "caption"),
        "credit": QCoreApplication.translate("ChangeSummary", "credit"),
        "bar": QCoreApplication.translate("ChangeSummary", "bar {n}"),
    }
    return ChangeWords(
        nothing=QCoreApplication.translate("ChangeSummary", "Nothing: it is the content shown now."),
        figure_changed=QCoreApplication.translate("ChangeSummary", "{label}: {old} → {new}"),
        figure_added=QCoreApplication.translate("ChangeSummary", "New figure: {label}: {new}"),
        figure_removed=QCoreApplication.translate("ChangeSummary", "Figure removed: {label}: {old}"),
        text_changed=QCoreApplication.translate("ChangeSummary", "{where}: “{old}” → “{new}”"),
        text_added=QCoreApplication.translate("ChangeSummary", "Added: {where}: “{new}”"),
        text_removed=QCoreApplication.translate("ChangeSummary", "Removed: {where}: “{old}”"),
        page_added=QCoreApplication.translate("ChangeSummary", "Page added: {name}"),
        page_removed=QCoreApplication.translate("ChangeSummary", "Page removed: {name}"),
        photo_added=QCoreApplication.translate("ChangeSummary", "Photo added: {name}"),
        photo_removed=QCoreApplication.translate("ChangeSummary", "Photo removed: {name}"),
        photo_replaced=QCoreApplication.translate("ChangeSummary", "Photo replaced: {name}"),
        more=QCoreApplication.translate("ChangeSummary", "… and {count} more"),
        parts=parts,
    )


def change_lines(changes: Changes, language: str | None = None, limit: int = SHOWN_CHANGES) -> list[str]:
    """What installing changes, a line each, named by label in the staff's language (`language`, or the
    one of Qt's translation in force) with units."""
    return describe(changes, language or staff_language(), change_words(), limit)


class StickJob(QObject):
    """`start` once; `finished` comes once, queued to the thread the job lives in, with this job and
    its outcome (also kept in `outcome` once the thread has ended). `cancel` stops the work at its next
    check and waits for the thread; `wait` waits for it to end on its own."""

    finished = Signal(object, object)  # (this job, its outcome)
    thread_name = "stick-job"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.outcome: object = None  # once the thread has ended
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        # Connected first, so called first: whoever hears `finished` finds the thread over (its last act
        # was to say it; on a loaded machine it had not yet ended when a test looked for threads left running).
        self.finished.connect(self.wait)

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def cancel(self) -> None:
        """Stop at the next check, and wait for the thread to end."""
        self._cancel.set()
        self.wait()

    def wait(self) -> None:
        if self._thread.ident is not None:
            self._thread.join()

    def check(self) -> None:
        """In the thread, between files: raises InstallCancelledError once `cancel` was called."""
        if self._cancel.is_set():
            raise InstallCancelledError

    def _run(self) -> None:
        if hasattr(os, "setpriority"):  # Linux: a thread has a priority of its own, which processes it starts inherit
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
        self.outcome = self.work()
        self.finished.emit(self, self.outcome)

    def work(self) -> object:
        """In the thread: the outcome. Never raises."""
        raise NotImplementedError


@dataclass(frozen=True)
class Look:
    """What the sticks hold: the content folders found, the one chosen as checked, and what installing it
    would change against what is shown (None: it cannot be installed, or nothing was found)."""

    found: tuple[Path, ...]
    candidate: Candidate | None
    changes: Changes | None


class LookJob(StickJob):
    """Looks for content folders on `drives()` (when `found` is None) and checks the chosen one (`chosen`,
    else the first found), unless `examined` is that folder already checked; then compares it with the
    content shown. `finished` comes with a Look, or the InstallError that stopped it
    (InstallCancelledError when cancelled)."""

    thread_name = "content-look"

    def __init__(
        self,
        shown: tuple[Dataset, Path],
        drives: Callable[[], list[Path]],
        found: tuple[Path, ...] | None = None,
        chosen: Path | None = None,
        examined: Candidate | None = None,
        parent: QObject | None = None,
        glyphs: MissingCharacters | None = None,
        packs: StickPacks | None = None,
    ) -> None:
        super().__init__(parent)
        self._glyphs = glyphs
        self._packs = packs
        self._shown = shown
        self._drives = drives
        self._found = found
        self._chosen = chosen
        self._examined = examined

    def work(self) -> Look | InstallError:
        try:
            return self._look()
        except InstallError as exc:
            return exc
        except Exception as exc:  # a bug, not the stick: said on the panel, the traceback in the log
            log.exception("looking at the USB sticks failed")
            return InstallError(f"looking at the USB sticks failed ({type(exc).__name__}: {exc})")

    def _look(self) -> Look:
        found = self._found if self._found is not None else tuple(self._find(self._drives())[:SHOWN_STICKS])
        folder = self._chosen or (found[0] if found else None)
        if folder is None:
            return Look(found, None, None)
        examined = self._examined
        if examined is not None and examined.folder == folder:
            candidate = examined
        elif self._packs is not None and self._packs.is_pack(folder):
            candidate = self._packs.open(folder, self.check)  # verified, unpacked into the data folder, examined there
        else:
            candidate = examine(folder, self.check, self._glyphs)
        changes = None
        if candidate.ok and candidate.result.dataset is not None:
            dataset, shown_folder = self._shown
            new = candidate.result
            changes = compare(dataset, candidate.result.dataset, shown_folder, candidate.folder, self.check, new.formatter)
        return Look(found, candidate, changes)

    def _find(self, drives: list[Path]) -> list[Path]:
        """Content folders, then content packs (when the kiosk takes packs)."""
        return find_content(drives) + (self._packs.find(drives) if self._packs is not None else [])


class StickLook(QObject):
    """At most one look at the sticks at a time: `start` stops the one running (what it found is
    dropped); `done` comes with the outcome of the one started last (a Look, or the InstallError that
    stopped it), never with one stopped."""

    done = Signal(object)

    def __init__(self, parent: QObject | None = None, glyphs: MissingCharacters | None = None, packs: StickPacks | None = None) -> None:
        """`glyphs`: the characters the kiosk's font lacks (the installer's), judged on every stick; `packs`:
        content packs found and opened too."""
        super().__init__(parent)
        self.glyphs = glyphs
        self.packs = packs
        self._job: LookJob | None = None

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(
        self,
        shown: tuple[Dataset, Path],
        drives: Callable[[], list[Path]],
        found: tuple[Path, ...] | None = None,
        chosen: Path | None = None,
        examined: Candidate | None = None,
    ) -> None:
        """Look as LookJob says, in its thread."""
        self.cancel()
        self._job = LookJob(shown, drives, found, chosen, examined, self, self.glyphs, self.packs)
        self._job.finished.connect(self._on_finished)
        self._job.start()

    def cancel(self) -> None:
        """Stop the look and wait for its thread."""
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            job.deleteLater()

    def wait(self) -> None:
        """Wait for the look to end and say its outcome now (for tools without an event loop to wait in)."""
        job = self._job
        if job is not None:
            job.wait()
            self._on_finished(job, job.outcome)

    def _on_finished(self, job: LookJob, outcome: object) -> None:
        if job is not self._job:  # stopped, or said already
            return
        self._job = None
        job.deleteLater()
        self.done.emit(outcome)


class GoBackJob(StickJob):
    """Back to the content shown before, which is read and checked first (thousands of photos named:
    seconds). `finished` comes with (the folder, "" for the bundled content, and its content as
    checked, or None) or the InstallError that kept it; `cancel` waits for it, and the outcome then
    stands as it is (a step back is never half made)."""

    thread_name = "content-back"

    def __init__(self, installer: Installer, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.installer = installer
        self._settings = settings

    def work(self) -> tuple[str, LoadResult | None] | InstallError:
        try:
            return self.installer.go_back_loaded(self._settings)
        except InstallError as exc:
            return exc
        except Exception as exc:  # a bug: said on the panel, the traceback in the log
            log.exception("going back to the previous content failed")
            return InstallError(f"going back failed ({type(exc).__name__}: {exc}); nothing changed")


class InstallJob(StickJob):
    """`progress` (a Progress) comes now and then, then `finished` once with this job and the installed
    content (a LoadResult, checked on the copy, its folder the installed one) or the InstallError that
    kept it out. `cancel` stops it and waits for its thread: nothing is installed or changed, and
    `finished` then comes with InstallCancelledError (or with the outcome, when it was already past the
    point of no return)."""

    progress = Signal(object)
    thread_name = "content-install"

    def __init__(self, installer: Installer, candidate: Candidate, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.installer = installer
        self.candidate = candidate  # as staff were shown it: the stick is not read twice
        self.source = candidate.folder
        self._settings = settings
        self._step: tuple[str, int] | None = None

    def work(self) -> LoadResult | InstallError:
        try:
            return self.installer.install_loaded(self.source, self._settings, self._report, self.candidate)
        except InstallError as exc:
            return exc
        except Exception as exc:  # a bug, not the stick: said on the panel, the traceback in the log
            log.exception("installing content from %s failed", self.source)
            return InstallError(f"installing failed ({type(exc).__name__}: {exc}); nothing changed")

    def _report(self, progress: Progress) -> None:
        """In the thread: stop if asked, else pass the progress on when it has moved enough to show."""
        self.check()
        step = (progress.stage, int(progress.fraction * SHOWN_STEPS))
        if step != self._step:
            self._step = step
            self.progress.emit(progress)
