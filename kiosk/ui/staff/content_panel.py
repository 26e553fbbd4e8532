"""New content from a USB stick, for staff with no keyboard: the content folders found on plugged-in
sticks, each checked; its problems, or what it would change; installed with one tap into the kiosk's
own data folder; and one tap back to what was shown before. The disk is changed first (the copy, the
setting and the history together, or nothing: kiosk/core/content/install.py), and only then is the new
content is shown; a failure leaves what is shown and says why on the status line and in the log.

Looking at the sticks and installing each run in a thread of their own (kiosk/ui/staff/install_job.py):
a stick of 50,000 photos takes a minute to check and several to install, and the UI thread must keep
the screen moving and systemd's watchdog fed. While it looks, the panel says so; while it installs, it
shows how far it is (files and megabytes copied, then photos checked). The actions wait meanwhile, and
closing the panel (or the kiosk stopping, which closes it) cancels the work and waits for its thread:
nothing is then installed or changed. The installed content is shown as the install thread loaded and
checked it, not read again on the UI thread."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from kiosk.core.content.install import CHECKING, VERIFYING, Candidate, Changes, Installer, InstallError, Progress
from kiosk.core.content.loader import LoadResult
from kiosk.core.content.model import Dataset
from kiosk.core.hall.inbox import StickPacks
from kiosk.core.health import brief
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.staff.install_job import STEPS, GoBackJob, InstallJob, Look, StickLook, change_lines, staff_language
from kiosk.ui.staff.overlay import Overlay
from kiosk.ui.staff.staff_panel import staff_button
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin

log = logging.getLogger(__name__)
SHOWN_PROBLEMS = 5
_BAD_JSON = re.compile(r"^(?P<file>.+?): is not valid JSON: .* at line (?P<line>\d+), column (?P<column>\d+)$")


class UsbState(Enum):
    """What the panel is at: each shows one title line, one explanation and the buttons that fit it
    (tests/ui/staff/test_content_panel_states.py holds them to it), so no two say opposite things."""

    LOOKING = "looking"  # at the sticks, or comparing the chosen folder with what is shown
    LOOK_FAILED = "look failed"  # the stick could not be read
    NOTHING = "nothing found"
    PROBLEMS = "problems"  # found, but it cannot be installed
    READY = "ready"  # checks out, and installing changes what is shown
    SAME = "same"  # checks out, and it is what is shown: nothing to install
    INSTALLING = "installing"
    INSTALLED = "installed"
    FAILED = "failed"  # the install was refused: what is shown stays
    GOING_BACK = "going back"


class ContentPanel(RetranslateMixin, Overlay):
    looked = Signal()  # a look at the sticks is done and what it found is shown (not when it was cancelled)

    def __init__(
        self,
        settings: LiveSettings,
        content: LiveContent,
        installer: Installer,
        drives: Callable[[], list[Path]],
        parent: QWidget,
        idle_close_ms: int = 120_000,
        staff_language: Callable[[], str] = staff_language,
        packs: StickPacks | None = None,
    ) -> None:
        """`packs`: content packs on the sticks too, verified with the trusted keys (kiosk/core/hall/inbox.py)."""
        super().__init__(parent, idle_close_ms)
        self._staff_language = staff_language
        self._settings = settings
        self._content = content
        self.installer = installer
        self.drives = drives  # where sticks are mounted (replaced by tests and snapshots)
        self.candidate: Candidate | None = None
        self.changes: Changes | None = None  # what installing the candidate changes, against what is shown
        self._found: tuple[Path, ...] = ()
        self._status = ""
        self._outcome: UsbState | None = None  # what the last install or look ended in, until the next choice
        self._reasons: list[str] = []  # why it failed, for the explanation
        self.job: InstallJob | GoBackJob | None = None  # the install (or the step back) running now
        self.sticks = StickLook(self, installer.glyphs, packs)  # the look at the sticks running now, judged as installs are
        self.sticks.done.connect(self._on_looked)
        self._progress: Progress | None = None
        self.words = UsbWords(self)
        card = self.card
        self.title_label = role_label("headline", card)
        self.found_label = role_label("section", card)
        self.folder_row = QHBoxLayout()
        self.folder_row.setSpacing(10)
        self.folder_buttons: list[QPushButton] = []
        self.details_label = role_label("staff-health", card)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status_label = role_label("hint", card)
        self.progress_bar = QProgressBar(card)
        self.progress_bar.setRange(0, STEPS)
        self.progress_bar.setTextVisible(False)  # the status line above says it, in the panel's font
        self.progress_bar.setFixedHeight(12)
        self.progress_bar.hide()
        self.install_button = staff_button(card, "staff-action", False)
        self.back_button = staff_button(card, "staff-action", False)
        self.look_button = staff_button(card, "staff-action", False)
        self.close_button = staff_button(card, "staff-action", False)
        self.idle_timer.timeout.disconnect(self.close_overlay)
        self.idle_timer.timeout.connect(self._on_idle)
        self.install_button.clicked.connect(self.install)
        self.back_button.clicked.connect(self.go_back)
        self.look_button.clicked.connect(self.look)
        self.close_button.clicked.connect(self.close_overlay)
        self.action_grid = QGridLayout()
        self.action_grid.setSpacing(10)
        self._place_actions(columns=4)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(14)
        layout.addWidget(self.title_label)
        layout.addWidget(self.found_label)
        layout.addLayout(self.folder_row)
        layout.addWidget(self.details_label, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(self.action_grid)
        self.retranslate()

    # --- behaviour --------------------------------------------------------------------------

    def open_overlay(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        portrait = parent.height() > parent.width()
        self.card.setFixedWidth(round(parent.width() * (0.94 if portrait else 0.8)))
        self._place_actions(columns=2 if portrait else 4)  # an upright screen has no room for four in a row
        self._status = ""
        self.look()
        super().open_overlay()

    def _place_actions(self, columns: int) -> None:
        for i, button in enumerate((self.install_button, self.back_button, self.look_button, self.close_button)):
            self.action_grid.removeWidget(button)
            self.action_grid.addWidget(button, i // columns, i % columns)

    def look(self) -> None:
        """Look at what content the plugged-in sticks hold (the first is chosen), in the look thread; a
        look already running is stopped first (the sticks may have changed since)."""
        if self.job is not None:
            return
        self.candidate = None
        self._status = ""
        self._outcome = None
        self.sticks.start(self._shown(), self.drives)
        self.retranslate()

    def choose(self, folder: Path) -> None:
        if self.busy:
            return
        self._status = ""
        self._outcome = None
        self.sticks.start(self._shown(), self.drives, self._found, folder)
        self.retranslate()

    def _compare(self) -> None:
        """Once per choice and per change of what is shown (it reads the photos' first bytes on the
        stick, in the look thread), never per retranslation."""
        self.changes = None
        candidate = self.candidate
        if candidate is not None and candidate.ok:
            self.sticks.start(self._shown(), self.drives, self._found, candidate.folder, candidate)
        self.retranslate()

    def _shown(self) -> tuple[Dataset, Path]:
        return self._content.dataset, self._content.folder

    def _on_looked(self, outcome: Look | InstallError) -> None:
        if isinstance(outcome, InstallError):
            log.error("%s", outcome)
            self._outcome, self._reasons = UsbState.LOOK_FAILED, [brief(str(outcome), 200)]
        else:
            self._found = outcome.found
            while len(self.folder_buttons) < len(self._found):  # the buttons are reused
                button = staff_button(self.card, "staff-choice")
                index = len(self.folder_buttons)
                button.clicked.connect(lambda _=False, i=index: self.choose(self._found[i]))
                self.folder_row.insertWidget(index, button)
                self.folder_buttons.append(button)
            for i, button in enumerate(self.folder_buttons):
                button.setVisible(i < len(self._found))
                if i < len(self._found):
                    button.setText(_short(self._found[i]))
            self.candidate, self.changes = outcome.candidate, outcome.changes
        self.retranslate()
        self.looked.emit()

    def wait_for_look(self) -> None:
        """Wait for the look running now and show its outcome: for tools without an event loop to wait in
        (kiosk/qa/snapshot.py). Tests wait on the `looked` signal instead."""
        self.sticks.wait()

    @property
    def looking(self) -> bool:
        """A look at the sticks is running (its outcome not yet shown)."""
        return self.sticks.running

    @property
    def busy(self) -> bool:
        """A look, an install or a step back is running: the actions wait."""
        return self.job is not None or self.sticks.running

    def install(self) -> None:
        """Start installing the chosen content in the install thread; the outcome comes to _on_finished."""
        candidate = self.candidate
        if candidate is None or not candidate.ok or self.busy:
            return
        log.info("installing content from %s", candidate.folder)
        self.job = InstallJob(self.installer, candidate, self._settings.store, self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self._progress = None
        self._status = ""
        self._outcome = None
        self.retranslate()
        self.job.start()

    def _on_idle(self) -> None:
        """Left alone: closed, but never under an install staff wait for (it would cancel it); the
        wait starts again once it is done."""
        if self.job is None:
            self.close_overlay()

    def _on_progress(self, progress: Progress) -> None:
        if self.job is None:  # cancelled: what was queued before is of no use
            return
        self._progress = progress
        self._show_progress()

    def _taken(self, job: InstallJob | GoBackJob) -> bool:
        """Whether `job`'s outcome is still to be shown (not when it was cancelled and shown then)."""
        if job is not self.job:
            return False
        self.job = None
        job.deleteLater()
        self._progress = None
        if self.is_open:
            self.idle_timer.start()
        return True

    def _on_finished(self, job: InstallJob, outcome: LoadResult | InstallError) -> None:
        if not self._taken(job):
            return
        if isinstance(outcome, InstallError):
            self._refused(f"content from {job.source} not installed", outcome)
            return
        log.info("content installed from %s into %s", job.source, outcome.folder)
        self._content.expect(outcome)  # as the install thread loaded and checked it: not read again here
        self._settings.change("content", str(outcome.folder), save=False)  # saved with the history: shown now
        if self._content.folder == outcome.folder:
            self.changes = Changes()  # what is shown is what was chosen: no need to read every photo again
        else:
            self._compare()
        self._outcome = UsbState.INSTALLED
        self.retranslate()

    def cancel_install(self) -> None:
        """Stop the install (or the step back) and wait for its thread; its outcome (InstallCancelledError,
        or what was already complete) is taken as it is."""
        job = self.job
        if job is None:
            return
        job.cancel()
        if isinstance(job, InstallJob):
            assert isinstance(job.outcome, LoadResult | InstallError)
            self._on_finished(job, job.outcome)
        else:
            assert isinstance(job.outcome, tuple | InstallError)
            self._on_went_back(job, job.outcome)

    def close_overlay(self) -> None:
        self.cancel_install()  # first: its outcome may start a look
        self.sticks.cancel()
        super().close_overlay()

    def go_back(self) -> None:
        """Back to the content shown before, in a thread of its own (it reads and checks that content);
        the outcome comes to _on_went_back."""
        if self.busy:
            return
        self.job = GoBackJob(self.installer, self._settings.store, self)
        self.job.finished.connect(self._on_went_back)
        self._status = ""
        self._outcome = None
        self.retranslate()
        self.job.start()

    def _on_went_back(self, job: GoBackJob, outcome: tuple[str, LoadResult | None] | InstallError) -> None:
        if not self._taken(job):
            return
        if isinstance(outcome, InstallError):
            self._refused("the previous content not restored", outcome, going_back=True)
            return
        previous, loaded = outcome
        log.info("back to the previous content: %s", previous or "the bundled content")
        if loaded is not None:
            self._content.expect(loaded)  # as the thread checked it: not read again here
        self._settings.change("content", previous, save=False)  # saved with the history: shown now
        self._compare()
        self._status = self.tr("Back to the previous content.")
        self.retranslate()

    def _refused(self, what: str, exc: InstallError, going_back: bool = False) -> None:
        """Nothing changed: the reason in the explanation (the check's words, said to be that) and in the
        log (whole)."""
        log.error("%s: %s", what, exc)
        for problem in exc.problems[1:]:
            log.error("  %s", problem)
        if going_back:
            self._status = self.tr("Could not go back to the previous content; the content shown stays. The log has the details.")
            self.retranslate()
            return
        self._outcome, self._reasons = UsbState.FAILED, [brief(problem, 200) for problem in [str(exc), *exc.problems[1:]]]
        self.retranslate()

    # --- text -------------------------------------------------------------------------------

    def _show_progress(self) -> None:
        """The status line and the bar, without the rest of the panel (it comes many times a second)."""
        progress = self._progress
        self.progress_bar.setVisible(isinstance(self.job, InstallJob))
        if isinstance(self.job, GoBackJob):
            self.status_label.setText(self.tr("Going back to the previous content…"))
        if not isinstance(self.job, InstallJob):
            return
        if progress is None:
            text = self.tr("Installing from {folder}...").format(folder=_short(self.job.source))
        elif progress.stage == VERIFYING:
            text = self.tr("Installing: checking the copied content")
        elif progress.stage == CHECKING:
            text = self.tr("Installing: checking the photos, {done} of {total}").format(done=progress.done, total=progress.total)
        else:
            text = self.tr("Installing: copying files, {done} of {total} ({copied} of {size})").format(
                done=progress.done, total=progress.total, copied=_megabytes(progress.bytes_done), size=_megabytes(progress.bytes_total)
            )
        fraction = progress.fraction if progress is not None else 0.0
        self.status_label.setText(f"{int(fraction * 100)} %  {text}")
        self.progress_bar.setValue(round(fraction * STEPS))

    @property
    def state(self) -> UsbState:
        if isinstance(self.job, InstallJob):
            return UsbState.INSTALLING
        if isinstance(self.job, GoBackJob):
            return UsbState.GOING_BACK
        if self.looking:  # what was there may no longer be
            return UsbState.LOOKING
        candidate = self.candidate
        if self._outcome is UsbState.LOOK_FAILED or (self._outcome is UsbState.FAILED and candidate is not None):
            return self._outcome
        if candidate is None:
            return UsbState.NOTHING
        if not candidate.ok:
            return UsbState.PROBLEMS
        if self.changes is None:
            return UsbState.LOOKING
        if self.changes.none:
            return UsbState.INSTALLED if self._outcome is UsbState.INSTALLED else UsbState.SAME
        return UsbState.READY

    def _change_lines(self, changes: Changes) -> list[str]:
        return change_lines(changes, self._staff_language())  # by label, in the staff's language (kiosk/core/content/changes.py)

    def retranslate(self) -> None:
        state = self.state
        self.title_label.setText(self.tr("Content from a USB stick"))
        self.found_label.setText(self.words.heading(state))
        chosen = self.candidate.folder if self.candidate is not None else None
        if chosen is not None and self.sticks.packs is not None:
            chosen = self.sticks.packs.origin(chosen)  # a pack on the stick, unpacked to be checked
        for button, folder in zip(self.folder_buttons, self._found, strict=False):
            button.setChecked(chosen == folder)
            button.setEnabled(not self.busy)
        self.details_label.setText(self.words.details(state))
        self.status_label.setText(self._status)
        self.status_label.setVisible(bool(self._status) or self.job is not None)
        self._show_progress()
        self.install_button.setText(self.tr("Install"))
        # Only what checks out and changes what is shown (or failed to install, to try again).
        self.install_button.setEnabled(state in (UsbState.READY, UsbState.FAILED) and self.candidate is not None and self.candidate.ok)
        self.back_button.setText(self.tr("Back to the previous content"))
        self.back_button.setEnabled(not self.busy and self.installer.previous() is not None)
        self.look_button.setText(self.tr("Look again"))
        self.look_button.setEnabled(not self.busy)
        self.close_button.setText(self.tr("Close"))
        self.fit_card()


class UsbWords:
    """What the USB panel says in each state (the heading under the title and the explanation), in the
    panel's translation context; kept apart from what the panel does."""

    def __init__(self, panel: ContentPanel) -> None:
        self.panel = panel

    def heading(self, state: UsbState) -> str:
        """The line under the title: what was found, or what is going on."""
        panel = self.panel
        if state is UsbState.LOOKING:
            return QCoreApplication.translate("ContentPanel", "Looking at the USB sticks…")
        if state is UsbState.LOOK_FAILED:
            return QCoreApplication.translate("ContentPanel", "The USB stick could not be read")
        if not panel._found:
            return QCoreApplication.translate("ContentPanel", "No content folder found")
        return QCoreApplication.translate("ContentPanel", "Content folders found: {count}").format(count=len(panel._found))

    def details(self, state: UsbState) -> str:
        """What the state means and what staff can do; in the state's own words only."""
        panel = self.panel
        texts = {
            UsbState.LOOKING: "",
            UsbState.LOOK_FAILED: QCoreApplication.translate(
                "ContentPanel", "Check that the stick is plugged in well, then tap Look again. The log has the details."
            ),
            UsbState.NOTHING: QCoreApplication.translate(
                "ContentPanel",
                "No content found on a USB stick. Plug in a stick with a content folder (one holding content.json), then tap Look again.",
            ),
            UsbState.SAME: QCoreApplication.translate(
                "ContentPanel", "It checks out, and it is the content shown now: there is nothing to install."
            ),
            UsbState.INSTALLED: QCoreApplication.translate(
                "ContentPanel", "Installed: the kiosk shows it now. Back to the previous content returns to what was shown before."
            ),
            UsbState.GOING_BACK: QCoreApplication.translate("ContentPanel", "Going back to the previous content…"),
        }
        if state in texts:
            return texts[state]
        if state is UsbState.INSTALLING:
            folder = panel.job.source if isinstance(panel.job, InstallJob) else None
            return QCoreApplication.translate(
                "ContentPanel", "Installing the content from {folder}. Closing this panel stops it and changes nothing."
            ).format(folder=_short(folder) if folder is not None else "")
        if state is UsbState.PROBLEMS:
            assert panel.candidate is not None
            problems = panel.candidate.problems
            return "\n".join(
                [
                    QCoreApplication.translate(
                        "ContentPanel",
                        "{count} problem(s): it cannot be installed. Fix them on a computer ('kiosk check' lists them), then look again.",
                    ).format(count=len(problems)),
                    *self.for_the_editor(
                        problems, QCoreApplication.translate("ContentPanel", "For the content editor, as 'kiosk check' says it:")
                    ),
                ]
            )
        if state is UsbState.FAILED:
            return "\n".join(
                [
                    QCoreApplication.translate("ContentPanel", "Not installed; the content shown stays."),
                    *self.for_the_editor(panel._reasons, QCoreApplication.translate("ContentPanel", "As the log says it:")),
                ]
            )
        assert panel.changes is not None
        return "\n".join(
            [QCoreApplication.translate("ContentPanel", "It checks out. What installing changes:"), *panel._change_lines(panel.changes)]
        )

    def for_the_editor(self, problems: list[str], header: str) -> list[str]:
        """The check's own words for whoever edits the content (in English, as `kiosk check` says them),
        said to be that; a file that is not JSON at all is said in the staff's language."""
        lines, quoted = [], []
        for problem in problems[:SHOWN_PROBLEMS]:  # the label wraps: only a runaway message is cut
            bad = _BAD_JSON.match(problem)
            if bad is not None:
                lines.append(
                    QCoreApplication.translate(
                        "ContentPanel",
                        "{file} is not valid JSON near line {line}, column {column}: a comma, quote or bracket is missing or extra.",
                    ).format(**bad.groupdict())
                )
            else:
                quoted.append(brief(problem, 200))
        if quoted:
            lines += [header, *quoted]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(QCoreApplication.translate("ContentPanel", "... and {count} more").format(count=len(problems) - SHOWN_PROBLEMS))
        return lines


def _megabytes(count: int) -> str:
    return f"{count / 1024**2:,.1f} MB"


def _short(folder: Path) -> str:
    """A stick's folder as staff know it: the stick's name and the folder's."""
    parts = folder.parts[-2:]
    return "/".join(parts) if len(parts) == 2 else str(folder)
