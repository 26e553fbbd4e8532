"""Security: the running kiosk, with its metrics on, opens no listening socket. The real `python -m
kiosk` is started (offscreen, its own KIOSK_HOME); once it has written its metrics file (everything is
built by then) each socket among its open files (/proc/PID/fd) is looked up in the kernel's tables for its
network namespace (/proc/PID/net/tcp, tcp6, udp, udp6, unix): none may listen (TCP LISTEN, a UDP socket
bound to a port, a Unix socket accepting connections). The same check finds the listeners of a small
program that opens one of each, so it cannot pass by finding nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.hall.metrics import METRICS_FILE
from tests.process import REPO, kiosk_env, run_kiosk, stop, wait_until

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc")
START_S = 120
TCP_LISTEN, UDP_UNCONNECTED = "0A", "07"
SO_ACCEPTCON = 0x10000  # /proc/net/unix Flags: a socket that accepts connections


def socket_inodes(pid: int) -> set[int]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[len("socket:[") : -1]))
    return inodes


def _rows(path: str) -> list[list[str]]:
    try:
        with open(path, encoding="ascii") as table:
            return [line.split() for line in table.readlines()[1:]]
    except FileNotFoundError:  # no IPv6 in this kernel
        return []


def listening(pid: int) -> list[str]:
    """The process's listening sockets, each in words (empty: none)."""
    mine = socket_inodes(pid)
    found = []
    for proto in ("tcp", "tcp6", "udp", "udp6"):
        for row in _rows(f"/proc/{pid}/net/{proto}"):
            local, state, inode = row[1], row[3], int(row[9])
            port = int(local.rsplit(":", 1)[1], 16)
            listens = state == TCP_LISTEN if proto.startswith("tcp") else state == UDP_UNCONNECTED and port != 0
            if inode in mine and listens:
                found.append(f"{proto} {local}")
    for row in _rows(f"/proc/{pid}/net/unix"):
        flags, inode = int(row[3], 16), int(row[6])
        if inode in mine and flags & SO_ACCEPTCON:
            found.append(f"unix {row[7] if len(row) > 7 else '(unnamed)'}")
    return found


@linux_only
def test_the_check_finds_listeners(tmp_path: Path) -> None:
    code = (
        "import socket, sys\n"
        "t = socket.socket(); t.bind(('127.0.0.1', 0)); t.listen()\n"
        "u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(('::1', 0))\n"
        f"x = socket.socket(socket.AF_UNIX); x.bind({str(tmp_path / 'sock')!r}); x.listen()\n"
        "c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); c.connect(('127.0.0.1', 9))\n"  # connected: not listening
        "print('ready', flush=True); sys.stdin.read()\n"
    )
    listener = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert listener.stdout is not None and listener.stdout.readline().strip() == "ready"
        found = listening(listener.pid)
    finally:
        assert listener.stdin is not None
        listener.stdin.close()
        listener.wait(30)
        listener.stdout.close()
    assert sorted(f.split()[0] for f in found) == ["tcp", "udp6", "unix"], found


@linux_only
def test_the_running_kiosk_listens_on_nothing(tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tmp_path / "textfile"
    folder.mkdir()
    assert run_kiosk("config", "metrics_dir", str(folder), env_home=home).returncode == 0
    with (tmp_path / "kiosk-output.txt").open("wb") as out:
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk"], cwd=REPO, env=kiosk_env(home), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: (folder / METRICS_FILE).is_file() or kiosk.poll() is not None, START_S, "the kiosk's metrics file")
        assert kiosk.poll() is None, (tmp_path / "kiosk-output.txt").read_text()
        assert listening(kiosk.pid) == []
    finally:
        kiosk.terminate()
        kiosk.wait(60)
        stop(kiosk)
