from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path

from kiosk.core.service import EXIT_QUIT, EXIT_RESTART, RestartPolicy, next_daily_restart, sd_notify, watchdog_interval_ms


def test_backoff_doubles_to_a_minute_and_resets_after_a_stable_run() -> None:
    policy = RestartPolicy()
    assert [policy.delay_after(1, 2) for _ in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert policy.delay_after(1, 3600) == 1
    assert policy.delay_after(EXIT_RESTART, 10) == 0
    assert policy.delay_after(EXIT_QUIT, 10) is None


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
    assert watchdog_interval_ms({}) is None
