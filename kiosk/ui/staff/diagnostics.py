"""Diagnostics to a stick from the staff panel: one button writes the zip (kiosk/core/hall/diagnostics.py)
to the first USB stick, else the kiosk's own exports folder, as the insight export chooses. What only the
running kiosk knows (settings, health) is gathered on the UI thread when tapped; the files are read and
the zip written in a thread of its own, so the screen keeps turning; the panel says where it went or why
not. Also `kiosk diagnostics`, which gathers the same from the command line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.core.files import describe
from kiosk.core.hall.diagnostics import Diagnostics, DiagnosticsError, collect, health_facts, package_versions
from kiosk.core.health import Health
from kiosk.core.paths import AppPaths
from kiosk.ui.live import LiveSettings
from kiosk.ui.staff.install_job import StickJob
from kiosk.ui.widgets.retranslatable import RetranslateMixin

log = logging.getLogger(__name__)


def versions() -> dict[str, str]:
    """package_versions, with each library's own version (a frozen bundle may lack their metadata) and the
    Qt library the kiosk runs on."""
    import numpy
    import PIL
    import pyqtgraph
    import PySide6

    return {
        **package_versions(),
        "PySide6": PySide6.__version__,
        "Qt": QtCore.qVersion(),
        "pyqtgraph": str(pyqtgraph.__version__),
        "Pillow": PIL.__version__,
        "numpy": numpy.__version__,
    }


@dataclass(frozen=True)
class DiagnosticsSource:
    """How the panel gathers the diagnostics (on the UI thread) and where it may write them."""

    gather: Callable[[], Diagnostics]
    folders: Callable[[], list[Path]]  # removable drives first, the kiosk's own exports folder last


class DiagnosticsJob(StickJob):
    """Writes the zip into `folder` (the kiosk's own folder made when needed); `finished` comes with the
    zip's path or a DiagnosticsError."""

    thread_name = "diagnostics"

    def __init__(self, diagnostics: Diagnostics, folder: Path, own: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._diagnostics = diagnostics
        self._folder = folder
        self._own = own

    def work(self) -> Path | DiagnosticsError:
        try:
            if self._own:
                try:
                    self._folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise DiagnosticsError(f"could not make {self._folder}: {describe(exc)}", describe(exc)) from exc
            return self._diagnostics.write(self._folder)
        except DiagnosticsError as exc:
            log.warning("diagnostics not written: %s", exc)
            return exc
        except Exception as exc:  # a bug, not the stick: said on the panel, the traceback in the log
            log.exception("writing the diagnostics failed")
            return DiagnosticsError(f"writing the diagnostics failed ({type(exc).__name__}: {exc})")


class DiagnosticsButton(RetranslateMixin, QPushButton):
    """'Diagnostics to USB': one tap, one zip; `said` carries the sentence for the panel's status line."""

    said = Signal(str)

    def __init__(self, source: DiagnosticsSource, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("role", "staff-action")
        self._source = source
        self.job: DiagnosticsJob | None = None
        self._waiting = False
        self._place = ""  # where the zip goes, as staff name it: the stick's name, or this computer
        self.clicked.connect(self.write)
        self.retranslate()

    @property
    def busy(self) -> bool:
        """From the tap until the panel has heard how it ended (the thread may be done a moment before)."""
        return self._waiting

    def write(self) -> None:
        if self.busy:
            return
        folders = self._source.folders()
        try:
            diagnostics = self._source.gather()
        except Exception as exc:  # a bug: said, never raised into Qt's event loop
            log.exception("gathering the diagnostics failed")
            self.said.emit(self.tr("Diagnostics not written: {reason}").format(reason=f"{type(exc).__name__}: {exc}"))
            return
        own = len(folders) == 1
        self._place = self.tr("this computer") if own else folders[0].name or str(folders[0])
        self.job = DiagnosticsJob(diagnostics, folders[0], own=own, parent=self)
        self.job.finished.connect(self._on_finished)
        self._waiting = True
        self.job.start()
        self.retranslate()
        self.said.emit(self.tr("Writing the diagnostics to {place}…").format(place=self._place))

    def wait(self) -> None:
        """Until the zip is written (tests, and the kiosk closing)."""
        if self.job is not None:
            self.job.wait()

    def _on_finished(self, job: DiagnosticsJob, outcome: Path | DiagnosticsError) -> None:
        if job is not self.job:
            return
        self._waiting = False
        self.retranslate()
        if isinstance(outcome, DiagnosticsError):
            self.said.emit(self.tr("Diagnostics not written to {place}: {reason}").format(place=self._place, reason=outcome.reason))
        else:
            log.info("diagnostics written to %s", outcome)  # the whole path for the log; the panel names the stick
            self.said.emit(self.tr("Diagnostics written to {place}").format(place=self._place))

    def retranslate(self) -> None:
        busy = self.busy
        self.setEnabled(not busy)
        self.setText(self.tr("Writing diagnostics…") if busy else self.tr("Diagnostics to USB"))


def kiosk_source(
    paths: AppPaths, settings: LiveSettings, health: Health, frames: Callable[[], int], folders: Callable[[], list[Path]]
) -> DiagnosticsSource:
    """The running kiosk's: its live settings and health, its frame counter."""
    return DiagnosticsSource(
        gather=lambda: collect(paths, settings, versions(), health_facts(paths, health, frames()), datetime.now(UTC)),
        folders=folders,
    )


def run_diagnostics(out: Path | None, paths: AppPaths) -> int:
    """`kiosk diagnostics`: the zip in `out` (default: the first USB stick, else the exports folder)."""
    from kiosk.core.export_targets import export_folders
    from kiosk.core.settings import Settings

    settings = Settings.load(paths.config)
    folder = out or export_folders(paths.data / "exports")[0]
    diagnostics = collect(paths, settings, versions(), health_facts(paths), datetime.now(UTC))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"kiosk: could not make {folder}: {describe(exc)}; no diagnostics written", file=sys.stderr)
        return 1
    try:
        written = diagnostics.write(folder)
    except DiagnosticsError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    print(f"diagnostics written to {written}")
    return 0
