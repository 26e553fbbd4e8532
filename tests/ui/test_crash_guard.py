"""The crash guard promises that an exception nobody caught is logged with its traceback and the
kiosk goes back to its home view (after the failing handler has returned); that Ctrl+C and exit still
reach the hook before it; and that a failing recovery is logged, never raised."""

from __future__ import annotations

import sys
from types import TracebackType

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.crash_guard import CrashGuard

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _raised(error: BaseException) -> ExcInfo:
    try:
        raise error
    except BaseException as caught:  # the point is to hold it
        return type(caught), caught, caught.__traceback__


@pytest.fixture
def earlier_hook(monkeypatch: pytest.MonkeyPatch) -> list[ExcInfo]:
    """What reaches the hook that was installed before the guard (restored after the test)."""
    seen: list[ExcInfo] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: seen.append((kind, value, tb)))
    return seen


def test_an_uncaught_exception_is_logged_with_its_traceback_and_the_home_view_comes_back(
    qtbot: QtBot, earlier_hook: list[ExcInfo], caplog: pytest.LogCaptureFixture
) -> None:
    recovered: list[bool] = []
    guard = CrashGuard(lambda: recovered.append(True))
    try:
        sys.excepthook(*_raised(ValueError("a bad figure")))
        assert recovered == []  # not inside the failing handler: once the event loop turns
        qtbot.waitUntil(lambda: recovered == [True])
    finally:
        guard.uninstall()
    assert guard.count == 1
    assert earlier_hook == []
    [record] = [r for r in caplog.records if r.name == "kiosk.crash"]
    assert "unhandled ValueError: a bad figure" in record.getMessage()
    assert "_raised" in record.getMessage()  # the traceback names where it was raised


@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(3)])
def test_ctrl_c_and_exit_go_to_the_earlier_hook_and_are_not_counted(
    qtbot: QtBot, earlier_hook: list[ExcInfo], error: BaseException
) -> None:
    recovered: list[bool] = []
    guard = CrashGuard(lambda: recovered.append(True))
    try:
        sys.excepthook(*_raised(error))
        qtbot.wait(10)
    finally:
        guard.uninstall()
    assert [value for _, value, _ in earlier_hook] == [error]
    assert guard.count == 0
    assert recovered == []


def test_a_recovery_that_fails_is_logged_and_does_not_raise(
    qtbot: QtBot, earlier_hook: list[ExcInfo], caplog: pytest.LogCaptureFixture
) -> None:
    tries: list[bool] = []

    def broken_recovery() -> None:
        tries.append(True)
        raise RuntimeError("home view gone")

    guard = CrashGuard(broken_recovery)
    try:
        sys.excepthook(*_raised(ValueError("first")))
        qtbot.waitUntil(lambda: tries == [True])
    finally:
        guard.uninstall()
    assert guard.count == 1  # the failed recovery did not come back through the hook
    assert any("could not return to the home view" in r.getMessage() and r.exc_info for r in caplog.records)


def test_uninstalling_puts_the_earlier_hook_back(earlier_hook: list[ExcInfo]) -> None:
    before = sys.excepthook
    guard = CrashGuard(lambda: None)
    assert sys.excepthook is not before
    guard.uninstall()
    assert sys.excepthook is before


def test_uninstalling_leaves_a_hook_installed_after_the_guard(earlier_hook: list[ExcInfo], monkeypatch: pytest.MonkeyPatch) -> None:
    guard = CrashGuard(lambda: None)
    later = lambda kind, value, tb: None  # noqa: E731 - a hook someone installed over the guard
    monkeypatch.setattr(sys, "excepthook", later)
    guard.uninstall()
    assert sys.excepthook is later
