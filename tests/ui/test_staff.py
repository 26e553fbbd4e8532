"""Staff use: the hidden way in, the PIN pad and its lock-out, the panel's settings, health and actions."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.pin import save_pin
from kiosk.core.session import Mode
from kiosk.core.settings import SETTINGS_FILE, Settings
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.snapshot import settle
from tests.process import run_kiosk
from tests.ui.test_session import FakeClock

PIN = "2718"


@pytest.fixture
def staff_kiosk(qapp: QApplication, tmp_path: Path, content_copy: Path) -> Iterator[tuple[Kiosk, FakeClock, Path]]:
    config = tmp_path / "config"
    save_pin(config, PIN)
    clock = FakeClock()
    kiosk = build_kiosk(content_copy, Settings.load(config), clock=clock)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    settle(qapp)
    yield kiosk, clock, config
    kiosk.shutdown()
    settle(qapp)


def _enter(kiosk: Kiosk, digits: str) -> None:
    assert kiosk.pin_pad is not None
    for digit in digits:
        kiosk.pin_pad.press(digit)
    kiosk.pin_pad.press("enter")


def test_ctrl_alt_s_then_pin_opens_the_panel(staff_kiosk: tuple[Kiosk, FakeClock, Path], caplog: pytest.LogCaptureFixture) -> None:
    kiosk, _, _ = staff_kiosk
    assert kiosk.pin_pad is not None and kiosk.staff_panel is not None
    QTest.keyClick(kiosk.window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert kiosk.pin_pad.isVisible()
    _enter(kiosk, "1111")
    assert "Wrong PIN" in kiosk.pin_pad.message_label.text() or "密码错误" in kiosk.pin_pad.message_label.text()
    assert not kiosk.staff_panel.isVisible()
    _enter(kiosk, PIN)
    assert kiosk.staff_panel.isVisible() and not kiosk.pin_pad.isVisible()
    assert all(PIN not in record.getMessage() and "1111" not in record.getMessage() for record in caplog.records)


def test_five_wrong_tries_lock_the_pad_for_a_minute(staff_kiosk: tuple[Kiosk, FakeClock, Path]) -> None:
    kiosk, clock, _ = staff_kiosk
    assert kiosk.pin_pad is not None and kiosk.staff_panel is not None
    kiosk.pin_pad.open_overlay()
    for _ in range(5):
        _enter(kiosk, "9999")
    assert "60" in kiosk.pin_pad.message_label.text()
    _enter(kiosk, PIN)
    assert not kiosk.staff_panel.isVisible()  # locked: even the right PIN waits
    clock.now += 61
    _enter(kiosk, PIN)
    assert kiosk.staff_panel.isVisible()


def test_without_a_pin_there_is_no_way_in(qapp: QApplication, tmp_path: Path) -> None:
    kiosk = build_kiosk(None, Settings(tmp_path / "config"))
    try:
        assert kiosk.pin_pad is not None and kiosk.staff_panel is not None
        kiosk.pin_pad.open_overlay()
        assert "kiosk set-pin" in kiosk.pin_pad.message_label.text()
        for guess in ("0000", "1234", "2718"):
            _enter(kiosk, guess)
        assert not kiosk.staff_panel.isVisible()
    finally:
        kiosk.shutdown()
        settle(qapp)


def test_panel_settings_apply_at_once_and_persist(staff_kiosk: tuple[Kiosk, FakeClock, Path]) -> None:
    kiosk, _, config = staff_kiosk
    panel, session = kiosk.staff_panel, kiosk.session
    assert panel is not None and session is not None
    panel.open_overlay()
    panel.mode_buttons["guided"].click()
    assert session.machine.mode is Mode.GUIDED
    assert all(b.isVisible() for b in kiosk.window.findChildren(type(panel.close_button)) if b.property("role") == "guided")
    panel.idle_plus.click()
    panel.language_buttons["en"].click()
    panel.motion_toggle.click()
    assert kiosk.window.views[1].tiles_replay.duration_ms == 0
    saved = Settings.load(config)
    assert (saved["mode"], saved["idle_timeout_s"], saved["default_language"], saved["reduced_motion"]) == ("guided", 75, "en", True)
    assert session.default_language == "en" and session.machine.config.idle_timeout_s == 75


def test_reload_keeps_the_last_good_content_and_says_why(staff_kiosk: tuple[Kiosk, FakeClock, Path], content_copy: Path) -> None:
    kiosk, _, _ = staff_kiosk
    panel = kiosk.staff_panel
    assert panel is not None
    panel.open_overlay()
    good = (content_copy / "content.json").read_text(encoding="utf-8")
    (content_copy / "content.json").write_text(good.replace('"value": 178', '"value": "lots"'), encoding="utf-8")
    panel.reload_button.click()
    assert "pillars[0].indicators[0].value: must be a number" in panel.status_label.text()
    assert kiosk.window.views[1].key_tiles[0].value_label.text() == "178个"  # still the last good content
    data = json.loads(good)
    data["pillars"][0]["headline"]["zh"] = "新的标题"
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    panel.reload_button.click()
    assert kiosk.window.views[1].headline_label.text() == "新的标题"
    assert kiosk.content.ok and kiosk.window.dataset.pillars[0].headline["zh"] == "新的标题"


def test_a_setting_that_cannot_be_saved_still_applies(staff_kiosk: tuple[Kiosk, FakeClock, Path]) -> None:
    kiosk, _, config = staff_kiosk
    panel, session = kiosk.staff_panel, kiosk.session
    assert panel is not None and session is not None
    panel.open_overlay()
    (config / SETTINGS_FILE).unlink(missing_ok=True)
    (config / SETTINGS_FILE).mkdir()  # the file's place is taken: saving fails, as on a broken disk
    panel.mode_buttons["maintenance"].click()
    assert session.machine.mode is Mode.MAINTENANCE
    assert "could not be saved" in panel.status_label.text() or "无法保存" in panel.status_label.text()


def test_the_panel_closes_by_itself(staff_kiosk: tuple[Kiosk, FakeClock, Path], qtbot: QtBot) -> None:
    kiosk, _, _ = staff_kiosk
    panel = kiosk.staff_panel
    assert panel is not None
    panel.open_overlay()
    panel.idle_timer.setInterval(40)
    panel.idle_timer.start()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=2000)


def test_health_shows_what_staff_need(staff_kiosk: tuple[Kiosk, FakeClock, Path]) -> None:
    kiosk, _, _ = staff_kiosk
    panel = kiosk.staff_panel
    assert panel is not None
    logging.getLogger("kiosk.test").error("photo lake.jpg cannot be shown: truncated")
    panel.open_overlay()
    text = panel.health_label.text()
    assert "0.1.0" in text and "MB" in text and str(kiosk.content.folder) in text
    assert "photo lake.jpg cannot be shown" in text


def test_a_corrupt_settings_file_never_stops_the_kiosk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / SETTINGS_FILE).write_text('{"values": {"idle_timeout_s": 2, "mode": 7', encoding="utf-8")
    result = run_kiosk("--windowed", "--first-frame-report", env_home=home)
    assert result.returncode == 0, result.stderr
    assert "unreadable" in result.stderr and "using defaults" in result.stderr
