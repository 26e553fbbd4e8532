"""Diagnostics as one zip: what is in it, what never is (the staff PIN's hash and salt), the caps on the
logs, and a full or read-only stick (real tmpfs mounts, as tools/attack_files.py makes them)."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.core.hall import diagnostics as module
from kiosk.core.hall.diagnostics import DiagnosticsError, collect, health_facts, package_versions
from kiosk.core.health import Health
from kiosk.core.paths import AppPaths
from kiosk.core.pin import PIN_FILE, save_pin
from kiosk.core.settings import Settings
from tests.kiosks import CHEAP

REPO = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 12, 5, 6, 30, 15, tzinfo=UTC)


def _attack_files() -> ModuleType:
    """tools/attack_files.py, for its real tmpfs mounts (full at a size, or read-only)."""
    if "attack_files" in sys.modules:
        return sys.modules["attack_files"]
    spec = importlib.util.spec_from_file_location("attack_files", REPO / "tools" / "attack_files.py")
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules["attack_files"] = loaded  # its dataclasses look their module up
    spec.loader.exec_module(loaded)
    return loaded


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    paths = AppPaths.under(tmp_path / "home")
    paths.logs.mkdir(parents=True)
    for name, text in (
        ("kiosk.log", "now\n"),
        ("kiosk.log.1", "before\n"),
        ("supervisor.log", "ok\n"),
        ("crash.log", "Fatal Python error\n"),
    ):
        (paths.logs / name).write_text(text, encoding="utf-8")
    return paths


def _zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_one_zip_holds_logs_health_settings_versions_and_metrics_but_never_the_pin(paths: AppPaths, tmp_path: Path) -> None:
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    (metrics / "lna_kiosk.prom").write_text("lna_kiosk_up 1\n", encoding="utf-8")
    save_pin(paths.config, "2468", CHEAP)
    pin = json.loads((paths.config / PIN_FILE).read_text(encoding="utf-8"))
    settings = Settings(paths.config, {"kiosk_id": "hall-a-1", "metrics_dir": str(metrics), "mode": "guided"})
    settings.save()
    health = Health(clock=lambda: 7380.0)
    health.started = 0.0
    health.notes.append("a font could not be loaded")
    stick = tmp_path / "stick"
    stick.mkdir()
    written = collect(paths, settings, package_versions(), health_facts(paths, health, 60), NOW).write(stick)
    assert written == stick / "lna-kiosk-diagnostics-hall-a-1-20261205T063015Z.zip"
    assert sorted(p.name for p in stick.iterdir()) == [written.name]  # no temporary left
    files = _zip(written)
    assert sorted(files) == [
        "about.json",
        "health.json",
        "logs/crash.log",
        "logs/kiosk.log",
        "logs/kiosk.log.1",
        "logs/supervisor.log",
        "metrics/lna_kiosk.prom",
        "settings.json",
        "versions.json",
    ]
    assert files["logs/crash.log"] == b"Fatal Python error\n" and files["metrics/lna_kiosk.prom"] == b"lna_kiosk_up 1\n"
    about = json.loads(files["about.json"])
    assert about["crash_log"] is True and about["metrics"] is True and about["kiosk_id"] == "hall-a-1"
    health_json = json.loads(files["health.json"])
    assert health_json["uptime"] == "2 h 03 min" and health_json["start_notes"] == ["a font could not be loaded"]
    assert health_json["frames_last_second"] == 60
    saved = json.loads(files["settings.json"])
    assert saved["values"]["mode"] == "guided" and saved["values"]["metrics_dir"] == str(metrics) and saved["staff_pin"] == "set"
    versions = json.loads(files["versions.json"])
    assert {"kiosk", "python", "os", "pyqtgraph", "Pillow", "PySide6"} <= versions.keys()
    salt, digest = base64.b64decode(pin["salt"]), base64.b64decode(pin["hash"])
    everything = b"".join(files.values()) + written.read_bytes()
    for secret in (pin["salt"].encode(), pin["hash"].encode(), salt, digest, salt.hex().encode(), digest.hex().encode()):
        assert secret not in everything
    assert not re.search(rb'"(salt|hash)"', everything)


def test_the_logs_are_capped_newest_first_and_the_cut_is_said(paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "FILE_CAP_BYTES", 1000)
    monkeypatch.setattr(module, "LOGS_CAP_BYTES", 1022)  # the crash log (19 bytes) first, then the newest
    (paths.logs / "kiosk.log").write_bytes(b"old\n" * 1000 + b"the newest line\n")
    os.utime(paths.logs / "kiosk.log.1", (1, 1))  # the oldest: over the cap
    os.mkfifo(paths.logs / "pipe")  # not a file: never read (it would block)
    written = collect(paths, Settings(paths.config), {}, health_facts(paths), NOW).write(tmp_path)
    files = _zip(written)
    assert files["logs/kiosk.log"].endswith(b"the newest line\n") and len(files["logs/kiosk.log"]) == 1000
    assert "logs/kiosk.log.1" not in files and "logs/pipe" not in files
    notes = json.loads(files["about.json"])["notes"]
    assert "logs/kiosk.log: only its last 1,000 of 4,016 bytes" in notes
    assert "logs/kiosk.log.1 left out: the logs in this zip are capped at 1,022 bytes" in notes
    assert files["logs/crash.log"] == b"Fatal Python error\n" and files["logs/supervisor.log"] == b"ok\n"
    assert json.loads(files["settings.json"])["staff_pin"] == "not set"
    assert written.name.startswith("lna-kiosk-diagnostics-")  # the host name, the setting being empty


@pytest.mark.parametrize("read_only", [False, True])
def test_a_full_or_read_only_stick_is_named_and_left_without_a_half_zip(paths: AppPaths, tmp_path: Path, read_only: bool) -> None:
    attack = _attack_files()
    (paths.logs / "kiosk.log").write_bytes(os.urandom(3_000_000))  # does not compress: more than the stick holds
    diagnostics = collect(paths, Settings(paths.config), {}, health_facts(paths), NOW)
    try:
        with attack.mounted(tmp_path / "stick", size="1m", read_only=read_only) as stick:
            with pytest.raises(DiagnosticsError) as error:
                diagnostics.write(stick)
            left = sorted(p.name for p in stick.iterdir())
    except attack.SkippedError as exc:
        pytest.skip(str(exc))
    words = "the disk is read-only" if read_only else "the disk is full"
    assert str(error.value) == f"could not write the diagnostics to {tmp_path / 'stick'}: {words}"
    assert left == []
