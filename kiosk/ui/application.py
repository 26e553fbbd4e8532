"""What a kiosk start does before any of the kiosk's widgets are imported: the QApplication, the
single-instance lock, and the start picture (kiosk/ui/start_window.py) on the screen while the rest
loads. Light on purpose: it imports PySide6 and the Qt-free core only."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.core.paths import AppPaths, private_folder
from kiosk.core.start_up import is_plain_start

if TYPE_CHECKING:
    from kiosk.ui.start_window import StartPicture


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("lna-kiosk")
    return app


def acquire_single_instance(paths: AppPaths) -> QLockFile | None:
    """The lock, in a folder only this user can use. Raises UnsafeFolderError when that cannot be had."""
    private_folder(paths.runtime)
    lock = QLockFile(str(paths.lock))
    lock.setStaleLockTime(0)  # only a dead owner's lock is stale, never a slow one
    if lock.tryLock(200):
        return lock
    return None


@dataclass
class Early:
    """The lock (or why there is none) and the start picture, taken before the kiosk is imported."""

    lock: QLockFile | None
    error: OSError | None
    start: StartPicture | None

    def held(self) -> QLockFile | None:
        """The lock, as acquire_single_instance gives it (raising what it raised)."""
        if self.error is not None:
            raise self.error
        return self.lock

    def close(self) -> None:
        """The picture off the screen (a kiosk that stops before its first frame), its file written."""
        if self.start is not None:
            self.start.close_window()
            self.start.wait()


_made: list[tuple[AppPaths, Early]] = []  # by plain_start, for the kiosk.cli it hands over to


def plain_start(argv: Sequence[str], noted: Sequence[int]) -> None:
    """`python -m kiosk` with no command and no option but --first-frame-report (a hall's start):
    the lock and the start picture before kiosk.cli and the kiosk's widgets are imported; kiosk.cli's
    early_start takes them over. Does nothing for any other command line (kiosk.cli then shows the
    picture a little later), or without a display (kiosk.cli says so)."""
    if not is_plain_start(argv):
        return
    from kiosk.core.start_up import display_problem, prepare_process

    if display_problem():
        return
    paths = AppPaths.for_platform()
    prepare_process(paths)
    _made[:] = [(paths, early_start(paths, picture=True, content_dir=None, language=None, screen=None, noted=noted))]


def early_start(
    paths: AppPaths, *, picture: bool, content_dir: Path | None, language: str | None, screen: int | None, noted: Sequence[int] = ()
) -> Early:
    """The application and the lock; then, for a fullscreen kiosk that holds the lock and has not been
    asked to stop (`noted`: stop signals so far), the start picture kept for this start's facts. The
    ones plain_start made, when it made them for `paths`."""
    if _made:
        made_for, early = _made.pop()
        if made_for == paths:
            return early
        early.close()
        if early.lock is not None:
            early.lock.unlock()
    app = ensure_application()
    try:
        lock = acquire_single_instance(paths)
    except OSError as exc:  # UnsafeFolderError among them: run_kiosk says it
        return Early(None, exc, None)
    start = None
    if lock is not None and picture and not noted:
        from kiosk.ui.start_window import begin

        start = begin(app, paths.cache, paths.config, content_dir=content_dir, language=language, screen=screen)
    return Early(lock, None, start)
