"""What a start does before the kiosk's widgets are imported: the lock first (a second kiosk shows
no picture over the running one), then the picture; kiosk.cli takes over what `python -m kiosk` made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.core.paths import AppPaths
from kiosk.ui import application
from kiosk.ui.application import acquire_single_instance, early_start, plain_start


def test_a_second_kiosk_takes_no_lock_and_shows_no_picture(qapp: QApplication, tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    running = acquire_single_instance(paths)
    assert running is not None
    try:
        early = early_start(paths, picture=True, content_dir=None, language=None, screen=None)
        assert early.lock is None and early.start is None and early.held() is None
    finally:
        running.unlock()


def test_a_stop_signal_before_the_picture_shows_none(qapp: QApplication, tmp_path: Path) -> None:
    early = early_start(AppPaths.under(tmp_path), picture=True, content_dir=None, language=None, screen=None, noted=[15])
    try:
        assert early.lock is not None and early.start is None
    finally:
        early.close()
        early.lock.unlock()


def test_kiosk_cli_takes_over_what_the_plain_start_made(qapp: QApplication, tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    plain_start(["--lang", "en"], noted=[])  # not a plain start: nothing made
    assert application._made == []
    application._made[:] = [(paths, early_start(paths, picture=False, content_dir=None, language=None, screen=None))]
    made = application._made[0][1]
    assert early_start(paths, picture=True, content_dir=None, language=None, screen=None) is made
    assert application._made == []  # taken over once
    assert made.lock is not None
    made.lock.unlock()
