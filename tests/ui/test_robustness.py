"""Short versions of the long runs: a touch storm in every mode, a soak, a crash in a slot, and
faults from the outside (content removed while running, logs that cannot be written)."""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bench.exercise import Storm, soak
from kiosk.core.pin import save_pin
from kiosk.core.settings import Settings
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.crash_guard import CrashGuard
from kiosk.ui.snapshot import settle
from tests.process import run_kiosk


@pytest.fixture
def robust_kiosk(qapp: QApplication, tmp_path: Path) -> Iterator[Kiosk]:
    save_pin(tmp_path / "config", "271828")
    # With visitor insight recording, so storms and soaks exercise it and its staff panel too.
    kiosk = build_kiosk(None, Settings(tmp_path / "config", {"page_transition_ms": 0}), data_dir=tmp_path / "data")
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    settle(qapp)
    kiosk.window.build_charts()
    yield kiosk
    kiosk.shutdown()
    settle(qapp)


def test_a_seeded_touch_storm_in_every_mode(robust_kiosk: Kiosk, qapp: QApplication) -> None:
    result = Storm(robust_kiosk, qapp, seed=3).run(600)
    assert result.exceptions == [] and result.warnings == []
    assert result.worst_loop_delay_ms < 100
    assert set(result.kinds) >= {"tap", "swipe", "long", "multi", "key", "staff-keys"}
    settle(qapp)
    assert robust_kiosk.window.isVisible()


def test_a_short_soak_leaves_no_objects_behind(robust_kiosk: Kiosk, qapp: QApplication) -> None:
    result = soak(robust_kiosk, qapp, cycles=30)
    # Objects must not grow even in a short run; RSS is judged by the long `kiosk soak` run, since a
    # test process still warms its allocator over a few dozen cycles.
    assert result.wrapper_growth <= 0, "\n".join(result.lines)
    assert result.trouble.exceptions == [] and result.trouble.warnings == []


def test_an_exception_in_a_slot_is_logged_and_the_visitor_goes_home(
    robust_kiosk: Kiosk, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    window = robust_kiosk.window
    guard = CrashGuard(lambda: window.reset_session(window.language.language))
    try:
        window.show_page(3)
        try:
            raise RuntimeError("a bug in some slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]  # what PySide does with a slot's exception
        qtbot.waitUntil(lambda: window.current_index == 0, timeout=2000)
        assert guard.count == 1
        assert any(
            ("unhandled RuntimeError: a bug in some slot" in r.getMessage() and "Traceback" not in r.getMessage())
            or "unhandled RuntimeError" in r.getMessage()
            for r in caplog.records
            if r.levelno >= logging.ERROR
        )
    finally:
        guard.uninstall()


def test_content_removed_while_running(qapp: QApplication, tmp_path: Path, content_copy: Path) -> None:
    save_pin(tmp_path / "config", "271828")
    kiosk = build_kiosk(content_copy, Settings(tmp_path / "config", {"page_transition_ms": 0}))
    try:
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        settle(qapp)
        shutil.rmtree(content_copy)
        assert kiosk.staff_panel is not None
        kiosk.staff_panel.open_overlay()
        kiosk.staff_panel.reload_button.click()
        assert "content.json: file not found" in kiosk.staff_panel.status_label.text()
        view = kiosk.window.views[4]
        kiosk.window.show_page(4)
        carousel = view.carousels[0]
        view.panel.show_section(view.panel.stack.indexOf(carousel))
        from kiosk.ui.snapshot import wait_for_photos

        wait_for_photos(kiosk)
        assert carousel.photo_failed(0) is not None and "file not found" in (carousel.photo_failed(0) or "")
        kiosk.window.repaint()  # the placeholder, not a crash
        assert kiosk.window.views[1].key_tiles[0].value_label.text() == "178个"
    finally:
        kiosk.shutdown()
        settle(qapp)


def test_logs_that_cannot_be_written_do_not_stop_the_kiosk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("a file where the log folder should be")
    result = run_kiosk("--windowed", "--first-frame-report", env_home=home)
    assert result.returncode == 0, result.stderr
    assert "cannot write logs" in result.stderr


def test_a_hard_crash_leaves_a_trace_in_the_log_folder(tmp_path: Path) -> None:
    import os
    import subprocess

    code = (
        "from kiosk.cli import prepare_process\n"
        "from kiosk.core.paths import AppPaths\n"
        "prepare_process(AppPaths.for_platform())\n"
        "import ctypes; ctypes.string_at(0)\n"  # a segmentation fault, as a broken driver would cause
    )
    env = {**os.environ, "KIOSK_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0
    trace = (tmp_path / "logs" / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in trace and "string_at" in trace
