"""`kiosk inbox --once` through the real command line: what it says and its exit status when no inbox is
set, when a pack is still arriving, and when it installs (the hall of 20 in tests/tools/test_hall_scale.py
runs it at scale)."""

from __future__ import annotations

from pathlib import Path

from tests.hall_packs import content_saying, key_pair, make_pack, publish
from tests.process import run_kiosk


def test_without_an_inbox_it_says_how_to_set_one(kiosk_home: Path) -> None:
    done = run_kiosk("inbox", "--once", env_home=kiosk_home)
    assert done.returncode == 2 and "kiosk config content_inbox DIR" in done.stderr


def test_it_waits_for_a_pack_to_settle_installs_it_and_leaves_a_temporary_file_alone(kiosk_home: Path, tmp_path: Path) -> None:
    inbox, keys = tmp_path / "inbox", tmp_path / "keys"
    key = key_pair(keys)
    for name, value in (("content_inbox", inbox), ("content_keys", keys)):
        assert run_kiosk("config", name, str(value), env_home=kiosk_home).returncode == 0
    pack = make_pack(content_saying(tmp_path / "content", "Pack version 2"), tmp_path / "v2.lnapack", key, version=2)
    publish(pack, inbox)
    (inbox / ".syncthing.v3.lnapack.tmp").write_bytes(b"on its way")
    done = run_kiosk("inbox", "--once", "--settle", "0.5", env_home=kiosk_home)
    assert done.returncode == 0, done.stderr
    assert "installed v2.lnapack (pack hall-content, version 2) into " in done.stdout
    assert "still being written, not tried: .syncthing.v3.lnapack.tmp" in done.stdout
    again = run_kiosk("inbox", "--once", "--settle", "0.5", env_home=kiosk_home)
    assert again.returncode == 0 and "nothing new to install (pack hall-content version 2 installed)" in again.stdout
