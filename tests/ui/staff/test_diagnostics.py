"""Diagnostics to a stick from the staff panel: the button on the real kiosk's panel writes the zip in a
thread of its own and the panel says where it went, or why not (a read-only stick, a real tmpfs)."""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core import export_targets
from kiosk.core.pin import PIN_FILE, save_pin
from kiosk.ui.app import Kiosk
from kiosk.ui.staff.diagnostics import DiagnosticsButton
from tests.kiosks import CHEAP, build, shutdown

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def kiosk_with_pin(own_home: Path) -> Iterator[Kiosk]:
    save_pin(own_home / "config", "2718", cost=CHEAP)
    kiosk = build(own_home, language="en", kiosk_id="hall-b-2")
    yield kiosk
    shutdown(kiosk)


def _button(kiosk: Kiosk) -> DiagnosticsButton:
    panel = kiosk.staff.panel
    panel.open_overlay()
    button = panel.diagnostics_button
    assert button is not None and button.isVisible() and button.text() == "Diagnostics to USB"
    return button


def test_the_staff_panel_writes_diagnostics_to_the_stick_in_a_thread(
    kiosk_with_pin: Kiosk, own_home: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "STICK"
    stick.mkdir()
    monkeypatch.setattr(export_targets, "removable_drives", lambda: [stick])  # a stick plugged in
    button = _button(kiosk_with_pin)
    panel = kiosk_with_pin.staff.panel
    button.click()
    assert button.busy and not button.isEnabled() and button.text() == "Writing diagnostics…"
    assert button.job is not None and button.job.thread_name == "diagnostics"
    assert panel.status_label.text() == "Writing the diagnostics to STICK…"
    qtbot.waitUntil(lambda: not button.busy, timeout=60_000)
    (written,) = stick.iterdir()
    assert written.name.startswith("lna-kiosk-diagnostics-hall-b-2-") and written.suffix == ".zip"
    assert panel.status_label.text() == "Diagnostics written to STICK" and button.isEnabled()
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        health = json.loads(archive.read("health.json"))
        everything = b"".join(archive.read(name) for name in names)
    assert {"about.json", "health.json", "settings.json", "versions.json"} <= set(names)
    assert "uptime" in health and "frames_last_second" in health and "memory_mb" in health
    pin = json.loads((own_home / "config" / PIN_FILE).read_text(encoding="utf-8"))
    assert pin["salt"].encode() not in everything and pin["hash"].encode() not in everything
    assert all(t.name != "diagnostics" for t in threading.enumerate())
    monkeypatch.setattr(export_targets, "removable_drives", list)  # no stick: the kiosk's own exports folder, made
    button.click()
    qtbot.waitUntil(lambda: not button.busy, timeout=60_000)
    (own,) = (own_home / "data" / "exports").iterdir()
    assert own.name.startswith("lna-kiosk-diagnostics-") and panel.status_label.text() == "Diagnostics written to this computer"
    panel.close_overlay()


def _attack_files() -> ModuleType:
    if "attack_files" in sys.modules:
        return sys.modules["attack_files"]
    spec = importlib.util.spec_from_file_location("attack_files", REPO / "tools" / "attack_files.py")
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules["attack_files"] = loaded
    spec.loader.exec_module(loaded)
    return loaded


@pytest.mark.logs("diagnostics not written")
def test_a_read_only_stick_is_said_on_the_panel(
    kiosk_with_pin: Kiosk, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    attack = _attack_files()
    try:
        with attack.mounted(tmp_path / "STICK", size="8m", read_only=True) as stick:
            monkeypatch.setattr(export_targets, "removable_drives", lambda: [stick])
            button = _button(kiosk_with_pin)
            button.click()
            qtbot.waitUntil(lambda: not button.busy, timeout=60_000)
            left = list(stick.iterdir())
    except attack.SkippedError as exc:
        pytest.skip(str(exc))
    panel = kiosk_with_pin.staff.panel
    assert panel.status_label.text() == "Diagnostics not written to STICK: the disk is read-only"
    assert left == [] and button.isEnabled()
    panel.close_overlay()
