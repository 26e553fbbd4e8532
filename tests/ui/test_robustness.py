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

from kiosk.core.pin import save_pin
from kiosk.qa.drive import wait_for_photos
from kiosk.qa.exercise import Storm, rises_steadily, slope, soak
from kiosk.ui.app import Kiosk
from kiosk.ui.crash_guard import CrashGuard
from tests.kiosks import CHEAP, build, shutdown
from tests.process import run_kiosk


@pytest.fixture
def robust_kiosk(own_home: Path) -> Iterator[Kiosk]:
    save_pin(own_home / "config", "271828", cost=CHEAP)
    kiosk = build(own_home)  # visitor insight records too, so storms and soaks exercise it and its staff panel
    kiosk.pages.build_charts()
    yield kiosk
    shutdown(kiosk)


@pytest.mark.logs("wrong staff PIN")
def test_a_seeded_touch_storm_in_every_mode(robust_kiosk: Kiosk, qapp: QApplication) -> None:
    result = Storm(robust_kiosk, seed=3).run(600)
    assert result.exceptions == [] and result.warnings == []
    assert result.responsive  # afterwards a tap on a tab still changes the page
    assert set(result.kinds) >= {"tap", "swipe", "long", "multi", "key", "staff-keys"}
    assert robust_kiosk.window.isVisible()


def test_a_short_soak_leaves_no_objects_behind(robust_kiosk: Kiosk) -> None:
    result = soak(robust_kiosk, cycles=12, samples=12, warm=4)
    # Judged by trend (all objects, and each type): RSS is judged by the long `kiosk soak` run,
    # since a test process still warms its allocator over a few dozen cycles.
    assert result.leaking == [], "\n".join(result.lines)
    assert result.trouble.exceptions == [] and result.trouble.warnings == []


def test_the_leak_verdict_sees_a_leak_and_ignores_wandering() -> None:
    """The soak's judge must be able to fail, and must not fail on noise."""
    wandering = [2537, 2540, 2538, 2537, 2539, 2540, 2537, 2538, 2540, 2539, 2537, 2538, 2540]
    assert not rises_steadily([float(v) for v in wandering], 6)
    leak = [2537 + i + (1 if i % 4 == 0 else 0) for i in range(13)]  # one object per cycle, with noise
    assert rises_steadily([float(v) for v in leak], 6)
    step = [2537.0] * 6 + [2542.0] * 7  # a cache that filled once is not a leak
    assert not rises_steadily(step, 6)
    assert slope([100.0, 101.0, 180.0, 103.0, 104.0]) == pytest.approx(1.0)  # one odd sample does not move it


def test_shutdown_leaves_no_threads(own_home: Path) -> None:
    """Photo decoding and external commands run on pools of our own; shutdown joins them."""
    import threading

    before = set(threading.enumerate())  # a shared kiosk built by an earlier test keeps its own pools
    kiosk = build(own_home)
    kiosk.navigation.show_page(4)
    wait_for_photos(kiosk.loader)
    kiosk.runner.run([sys.executable, "-c", "pass"]).result(timeout=60)
    names = {t.name for t in set(threading.enumerate()) - before}
    assert any(n.startswith("photo") for n in names) and any(n.startswith("command") for n in names)
    shutdown(kiosk)
    left = [t.name for t in set(threading.enumerate()) - before if t.name.startswith(("photo", "command"))]
    assert left == []


def test_an_exception_in_a_slot_is_logged_and_the_visitor_goes_home(kiosk: Kiosk, qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    window = kiosk.window
    guard = CrashGuard(lambda: kiosk.navigation.reset(window.language.language))
    try:
        kiosk.navigation.show_page(3)
        try:
            raise RuntimeError("a bug in some slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]  # what PySide does with a slot's exception
        qtbot.waitUntil(lambda: kiosk.navigation.page == 0, timeout=10_000)
        assert guard.count == 1
        logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        # For staff: the error and where it happened (the frames), not Python's "Traceback" banner.
        assert any(m.startswith("unhandled RuntimeError: a bug in some slot\n") and "test_robustness.py" in m for m in logged), logged
        assert not any("Traceback (most recent call last)" in m for m in logged)
    finally:
        guard.uninstall()


@pytest.mark.logs("refused", "cannot be shown")
def test_content_removed_while_running(own_home: Path, content_copy: Path) -> None:
    kiosk = build(own_home, content_dir=content_copy)
    try:
        shutil.rmtree(content_copy)
        assert kiosk.staff.panel is not None
        kiosk.staff.panel.open_overlay()
        kiosk.staff.panel.reload_button.click()
        assert "content.json: file not found" in kiosk.staff.panel.status_label.text()
        view = kiosk.pages.views[4]
        kiosk.navigation.show_page(4)
        carousel = view.carousels[0]
        view.show_section(view.section_of(carousel))
        wait_for_photos(kiosk.loader)
        assert carousel.photo_failed(0) is not None and "file not found" in (carousel.photo_failed(0) or "")
        kiosk.window.repaint()  # the placeholder, not a crash
        assert kiosk.pages.views[1].key_tiles[0].value_label.text() == "178个"
    finally:
        shutdown(kiosk)


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
        "from kiosk.core.start_up import prepare_process\n"
        "from kiosk.core.paths import AppPaths\n"
        "prepare_process(AppPaths.for_platform())\n"
        "import ctypes; ctypes.string_at(0)\n"  # a segmentation fault, as a broken driver would cause
    )
    env = {**os.environ, "KIOSK_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0
    trace = (tmp_path / "logs" / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in trace and "string_at" in trace
