"""Every test gets its own settings, cache, data and log folders, and Qt renders offscreen. A test
that leaves a timer, an animation or a thread running fails."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk import resources
from tests.leaks import LogFail, QtState, track_application_hooks

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.app import Kiosk

REPO = Path(__file__).resolve().parent.parent
# Worker threads of our own pools (photo decoding, external commands) wait idle for the next job; their
# owners join them at shutdown, which tests/ui/test_robustness.py checks.
POOL_THREADS = ("photo", "command")


@pytest.fixture(autouse=True)
def kiosk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "kiosk-home"
    monkeypatch.setenv("KIOSK_HOME", str(home))
    return home


@pytest.fixture
def content_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the bundled content folder, for breaking on purpose."""
    target = tmp_path / "content"
    shutil.copytree(resources.bundled_content_dir(), target)
    yield target


def running_work() -> dict[int, str]:
    """What is running now: Qt timers and animations and QThreads that Python made, and threads."""
    running: dict[int, str] = {}
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and thread.is_alive() and not thread.name.startswith(POOL_THREADS):
            running[id(thread)] = f"thread {thread.name}"
    if "shiboken6" not in sys.modules:  # a Qt-free test: nothing of Qt can run
        return running
    import shiboken6
    from PySide6.QtCore import QAbstractAnimation, QThread, QTimer

    for obj in shiboken6.Shiboken.getAllValidWrappers():
        if isinstance(obj, QTimer) and obj.isActive():
            running[id(obj)] = f"timer every {obj.interval()} ms of {_owner(obj)}"
        elif isinstance(obj, QAbstractAnimation) and obj.state() == QAbstractAnimation.State.Running:
            running[id(obj)] = f"{type(obj).__name__} of {_owner(obj)}"
        elif isinstance(obj, QThread) and obj.isRunning():
            running[id(obj)] = f"QThread {obj.objectName()}"
    return running


def _owner(obj: object) -> str:
    parent = obj.parent()  # type: ignore[attr-defined]
    return type(parent).__name__ if parent is not None else "nothing"


@pytest.fixture(autouse=True)
def no_work_left_running() -> Iterator[None]:
    """Timers, animations and threads a test starts must be stopped by the time it ends (napari's
    _dangling_qtimers): one left running would fire into the next test."""
    before = running_work()
    yield
    left = {key: what for key, what in running_work().items() if key not in before}
    if left:
        pytest.fail("left running after the test: " + "; ".join(sorted(left.values())), pytrace=False)


track_application_hooks()


@pytest.fixture(autouse=True)
def nothing_left_behind(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test must not leave translators, application event filters or top-level widgets behind, nor
    log a warning or error it does not look at: with `caplog`, or `@pytest.mark.logs("words", ...)` to
    say that warnings with those words are the expected result (the test checks what users see)."""
    before = QtState()
    handler = LogFail()
    logging.getLogger().addHandler(handler)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(handler)
    problems = QtState().left_since(before)
    problems += _unlooked_logs(request, handler.records)
    if problems:
        pytest.fail("left behind by the test: " + "; ".join(problems), pytrace=False)


def _unlooked_logs(request: pytest.FixtureRequest, records: list[logging.LogRecord]) -> list[str]:
    if "caplog" in request.fixturenames:
        return []
    marker = request.node.get_closest_marker("logs")
    expected = tuple(str(words) for words in marker.args) if marker is not None else ()
    unexpected = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in records if not any(w in r.getMessage() for w in expected)]
    return ["logged without looking: " + "; ".join(unexpected[:5])] if unexpected else []


# --- one kiosk per test module, shared by the tests that only look and touch, and put back the way a new
# visitor finds it after each test (settings, size, language, nothing open, home page at rest)


@pytest.fixture(scope="module")
def shared_kiosk(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    from tests.kiosks import build, shutdown

    built = build(tmp_path_factory.mktemp("shared-kiosk"))
    built.pages.build_charts()
    built.window.come_to_rest()
    built.session.hold()
    yield built
    shutdown(built)


@pytest.fixture
def kiosk(shared_kiosk: Kiosk) -> Iterator[Kiosk]:
    """The shared kiosk, its session running during the test. Between the tests that use it, it is
    held (nothing times out, nothing plays by itself): on the system clock its idle timeout would
    otherwise start the attract loop in the middle of a long test of another kiosk (a soak), and
    that test's check of what it left running would see the loop's timers."""
    from tests.kiosks import all_values, reset

    values = all_values(shared_kiosk)
    shared_kiosk.session.machine.touch(shared_kiosk.session.clock())  # the idle time starts with the test
    shared_kiosk.session.timer.start()
    try:
        yield shared_kiosk
    finally:
        reset(shared_kiosk, values)
        shared_kiosk.session.hold()


@pytest.fixture
def own_home(tmp_path: Path) -> Path:
    """Folders for a kiosk of the test's own (one that breaks content, or needs its clock)."""
    return tmp_path / "own"
