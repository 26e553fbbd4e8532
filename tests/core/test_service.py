from __future__ import annotations

import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.core.service import (
    EXIT_ALREADY_RUNNING,
    EXIT_MAINTENANCE,
    EXIT_RESTART,
    EXIT_STOPPED,
    NO_DISPLAY,
    STOP_REQUEST,
    beat,
    describe_exit,
    display_problem,
    heartbeat_from_env,
    next_daily_restart,
    request_stop,
    sd_notify,
    take_stop_request,
    watchdog_interval_ms,
)
from tests.deadline import within
from tests.hostile import kinds, make_hostile


def test_quitting_for_maintenance_is_not_the_status_tools_read_as_fine() -> None:
    assert EXIT_MAINTENANCE not in (0, 1, 2, EXIT_ALREADY_RUNNING, EXIT_RESTART)
    assert describe_exit(EXIT_MAINTENANCE) == "quit for maintenance"
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(EXIT_STOPPED).startswith("stopped")


def test_daily_restart_time() -> None:
    assert next_daily_restart(datetime(2026, 11, 28, 3, 0), "04:30") == datetime(2026, 11, 28, 4, 30)
    assert next_daily_restart(datetime(2026, 11, 28, 5, 0), "04:30") == datetime(2026, 11, 29, 4, 30)
    assert next_daily_restart(datetime(2026, 11, 28, 5, 0), "") is None


def test_systemd_notification_reaches_the_socket(tmp_path: Path) -> None:
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        assert sd_notify("READY=1", {"NOTIFY_SOCKET": str(path)})
        assert server.recv(100) == b"READY=1"
    assert not sd_notify("READY=1", {})
    assert watchdog_interval_ms({"WATCHDOG_USEC": "30000000"}) == 15000
    assert watchdog_interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None  # meant for another process
    assert watchdog_interval_ms({}) is None


@pytest.mark.parametrize(
    ("environ", "platform", "problem"),
    [
        ({}, "linux", NO_DISPLAY),  # Qt would try X11 and abort blaming xcb-cursor0
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", NO_DISPLAY),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-1"}, "linux", NO_DISPLAY),  # asked for X11 only
        ({"QT_QPA_PLATFORM": "wayland"}, "linux", NO_DISPLAY),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, "linux", None),  # falls back to X11
        ({"DISPLAY": ":0"}, "linux", None),
        ({"WAYLAND_DISPLAY": "wayland-1"}, "linux", None),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", None),
        ({"QT_QPA_PLATFORM": "eglfs"}, "linux", None),  # straight to the screen: no display server
        ({"QT_QPA_PLATFORM": "xcb:dpi=96", "DISPLAY": ":1"}, "linux", None),  # options after the name
        ({}, "win32", None),
        ({}, "darwin", None),
    ],
)
def test_no_display_is_said_plainly_before_qt_starts(environ: dict[str, str], platform: str, problem: str | None) -> None:
    assert display_problem(environ, platform) == problem


def test_wayland_without_its_variable_finds_the_default_socket(tmp_path: Path) -> None:
    (tmp_path / "wayland-0").touch()
    assert display_problem({"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(tmp_path)}, "linux") is None


def test_a_beat_needs_no_free_space_and_survives_a_missing_file(tmp_path: Path) -> None:
    heartbeat = tmp_path / "beat"
    beat(heartbeat)  # removed by somebody: made again
    assert heartbeat.exists() and heartbeat.stat().st_size == 0
    beat(tmp_path / "no" / "such" / "folder")  # never raises
    assert heartbeat_from_env({"KIOSK_HEARTBEAT": str(heartbeat), "KIOSK_HEARTBEAT_MS": "5000"}) == (heartbeat, 5000)
    assert heartbeat_from_env({"KIOSK_HEARTBEAT": str(heartbeat), "KIOSK_HEARTBEAT_MS": "soon"}) is None
    assert heartbeat_from_env({}) is None


def test_a_stop_request_says_who_asked_and_is_taken_once(tmp_path: Path) -> None:
    assert take_stop_request(tmp_path) is None
    request_stop(tmp_path, "the `kiosk stop` command")
    asked = take_stop_request(tmp_path)
    assert asked is not None and asked.startswith("the `kiosk stop` command (pid ")
    assert take_stop_request(tmp_path) is None


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_in_place_of_a_stop_request_is_removed_unread(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / STOP_REQUEST)  # reading it would wait for a writer forever
    assert take_stop_request(tmp_path) == "a stop request"
    assert not (tmp_path / STOP_REQUEST).exists()


@pytest.mark.parametrize("kind", kinds())
def test_a_hostile_stop_request_is_taken_unread_without_hanging(tmp_path: Path, kind: str) -> None:
    """Through kiosk.core.files: a FIFO cannot block the event loop, /dev/zero cannot fill memory. Whatever
    can be removed counts as a request (only this user can write the folder); a folder cannot, and is
    no request, or every kiosk started after it would stop at once."""
    make_hostile(tmp_path / STOP_REQUEST, kind)
    asked = within(10, lambda: take_stop_request(tmp_path), f"taking a {kind} stop request")
    if kind == "directory":
        assert asked is None
    else:
        assert asked == "a stop request" and not os.path.lexists(tmp_path / STOP_REQUEST)
    assert within(10, lambda: take_stop_request(tmp_path)) is None  # taken once


def test_a_stop_request_is_read_only_inside_its_folder_and_its_words_are_bounded(tmp_path: Path) -> None:
    runtime, elsewhere = tmp_path / "run", tmp_path / "elsewhere.json"
    runtime.mkdir()
    elsewhere.write_text(json.dumps({"by": "someone else", "pid": 1}), encoding="utf-8")
    (runtime / STOP_REQUEST).symlink_to(elsewhere)
    assert take_stop_request(runtime) == "a stop request" and elsewhere.exists()  # the link went, unread
    (runtime / STOP_REQUEST).write_text(json.dumps({"by": "x\n" * 500, "pid": True}), encoding="utf-8")
    asked = take_stop_request(runtime)
    assert asked is not None and "\n" not in asked and len(asked) < 140 and asked.endswith("(pid ?)")
