"""Running the real program in a subprocess, as an exhibitor or a service manager would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def qt_tool(name: str) -> str:
    """One of Qt's tools installed with PySide6 (pyside6-lupdate, pyside6-lrelease), beside this Python."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is installed with PySide6-Essentials"
    return found


def run_kiosk(*args: str, env_home: Path, timeout: float = 120, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_HOME": str(env_home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)


def kiosk_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a kiosk started by a test: its own folders, offscreen unless `extra` says."""
    return {**os.environ, "KIOSK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}


class NotifySocket:
    """A stand-in for systemd's end of NOTIFY_SOCKET: a datagram socket the kiosk sends READY=1,
    WATCHDOG=1, STOPPING=1 and STATUS= to, exactly as it would to systemd (sd_notify(3))."""

    def __init__(self, folder: Path) -> None:
        import socket

        self.path = folder / "notify"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.path))
        self.received: list[str] = []

    def wait_for(self, prefix: str, timeout: float, alive: subprocess.Popen[bytes] | None = None) -> str:
        """The next message starting with `prefix` (all messages are kept in `received`)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if alive is not None and alive.poll() is not None and not self._pending():
                raise AssertionError(f"the kiosk ended ({alive.returncode}) before {prefix!r}; got {self.received}")
            self.sock.settimeout(min(1.0, max(0.01, deadline - time.monotonic())))
            try:
                message = self.sock.recv(4096).decode()
            except TimeoutError:
                continue
            self.received.append(message)
            if message.startswith(prefix):
                return message
        raise AssertionError(f"no {prefix!r} within {timeout} s; got {self.received}")

    def _pending(self) -> bool:
        import select

        return bool(select.select([self.sock], [], [], 0)[0])

    def close(self) -> None:
        self.sock.close()


def stop(process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout)


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll a condition on another process's doings (its log, its pids) until it holds; fail naming it."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.1)


@contextmanager
def xvfb(size: str = "1920x1080") -> Iterator[str]:
    """A fresh real X server (Xvfb) of `size` for the test, its display name (":N"), stopped afterwards."""
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", f"{size}x24", "-nolisten", "tcp"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert server.stdout is not None
    display = f":{server.stdout.readline().decode().strip()}"
    server.stdout.close()
    try:
        yield display
    finally:
        server.terminate()
        server.wait(30)
