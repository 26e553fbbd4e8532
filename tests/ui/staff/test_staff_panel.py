"""Staff use: the hidden way in, the PIN pad and its lock-out, the panel's settings, health and actions."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.core.clocks import Clocks
from kiosk.core.pin import save_pin
from kiosk.core.session import Mode
from kiosk.core.settings import SETTINGS_FILE, Settings
from kiosk.ui.app import Kiosk
from tests.kiosks import build, shutdown
from tests.process import run_kiosk

PIN = "2718"
CHEAP = {"n": 2**10, "r": 8, "p": 1}  # the real cost (about 0.2 s a check) is tested in tests/core/test_pin.py


class WallClock:
    """A wall clock the test moves: the PIN lock-out counts in wall-clock time."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 10, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def staff_kiosk(own_home: Path, content_copy: Path) -> Iterator[tuple[Kiosk, WallClock, Path]]:
    config = own_home / "config"
    save_pin(config, PIN, cost=CHEAP)
    clock = WallClock()
    kiosk = build(own_home, content_dir=content_copy, clocks=Clocks(wall=clock))
    yield kiosk, clock, config
    shutdown(kiosk)


def _enter(kiosk: Kiosk, digits: str) -> None:
    assert kiosk.staff.pin_pad is not None
    for digit in digits:
        kiosk.staff.pin_pad.press(digit)
    kiosk.staff.pin_pad.press("enter")


def test_ctrl_alt_s_then_pin_opens_the_panel(staff_kiosk: tuple[Kiosk, WallClock, Path], caplog: pytest.LogCaptureFixture) -> None:
    kiosk, _, _ = staff_kiosk
    assert kiosk.staff.pin_pad is not None and kiosk.staff.panel is not None
    QTest.keyClick(kiosk.window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert kiosk.staff.pin_pad.isVisible()
    _enter(kiosk, "1111")
    assert "Wrong PIN" in kiosk.staff.pin_pad.message_label.text() or "密码错误" in kiosk.staff.pin_pad.message_label.text()
    assert not kiosk.staff.panel.isVisible()
    _enter(kiosk, PIN)
    assert kiosk.staff.panel.isVisible() and not kiosk.staff.pin_pad.isVisible()
    assert all(PIN not in record.getMessage() and "1111" not in record.getMessage() for record in caplog.records)


@pytest.mark.logs("wrong staff PIN", "PIN pad locked")
def test_wrong_tries_lock_the_pad_longer_each_time_and_it_says_how_long(staff_kiosk: tuple[Kiosk, WallClock, Path]) -> None:
    kiosk, clock, _ = staff_kiosk
    pad, panel = kiosk.staff.pin_pad, kiosk.staff.panel
    pad.open_overlay()
    for _ in range(5):
        _enter(kiosk, "9999")
    assert pad.message_label.text() in ("Too many wrong tries. Try again in 1 min.", "错误次数过多，请1分钟后再试。")
    assert pad.countdown.isActive()
    _enter(kiosk, PIN)
    assert not panel.isVisible()  # locked: even the right PIN waits
    clock.now += timedelta(seconds=35)
    pad.countdown.timeout.emit()  # a second later on screen: the wait shown counts down
    assert "25" in pad.message_label.text()
    clock.now += timedelta(seconds=26)
    for _ in range(5):  # five more wrong tries: five minutes
        _enter(kiosk, "9999")
    assert "5" in pad.message_label.text()
    clock.now += timedelta(minutes=5, seconds=1)
    pad.countdown.timeout.emit()
    assert not pad.countdown.isActive()  # the lock is over: the pad invites a PIN again
    _enter(kiosk, PIN)
    assert panel.isVisible()
    panel.close_overlay()


def test_without_a_pin_there_is_no_way_in(own_home: Path) -> None:
    kiosk = build(own_home)
    try:
        kiosk.staff.pin_pad.open_overlay()
        assert "kiosk set-pin" in kiosk.staff.pin_pad.message_label.text()
        for guess in ("0000", "1234", "2718"):
            _enter(kiosk, guess)
        assert not kiosk.staff.panel.isVisible()
        kiosk.staff.pin_pad.close_overlay()
    finally:
        shutdown(kiosk)


def test_panel_settings_apply_at_once_and_persist(staff_kiosk: tuple[Kiosk, WallClock, Path]) -> None:
    kiosk, _, config = staff_kiosk
    panel, session = kiosk.staff.panel, kiosk.session
    assert panel is not None and session is not None
    panel.open_overlay()
    panel.rows["mode"].buttons["guided"].click()
    assert session.machine.mode is Mode.GUIDED
    assert all(b.isVisible() for b in kiosk.window.findChildren(type(panel.close_button)) if b.property("role") == "guided")
    panel.rows["idle_timeout_s"].plus.click()
    panel.rows["default_language"].buttons["en"].click()
    panel.rows["reduced_motion"].buttons[True].click()
    assert kiosk.pages.views[1].tiles_replay.duration_ms == 0
    saved = Settings.load(config)
    assert (saved["mode"], saved["idle_timeout_s"], saved["default_language"], saved["reduced_motion"]) == ("guided", 75, "en", True)
    assert session.default_language == "en" and session.machine.config.idle_timeout_s == 75


@pytest.mark.logs("refused")
def test_reload_keeps_the_last_good_content_and_says_why(staff_kiosk: tuple[Kiosk, WallClock, Path], content_copy: Path) -> None:
    kiosk, _, _ = staff_kiosk
    panel = kiosk.staff.panel
    assert panel is not None
    panel.open_overlay()
    good = (content_copy / "content.json").read_text(encoding="utf-8")
    (content_copy / "content.json").write_text(good.replace('"value": 178', '"value": "lots"'), encoding="utf-8")
    panel.reload_button.click()
    assert "pillars[0].indicators[0].value: must be a number" in panel.status_label.text()
    assert kiosk.pages.views[1].key_tiles[0].value_label.text() == "178个"  # still the last good content
    data = json.loads(good)
    data["pillars"][0]["headline"]["zh"] = "新的标题"
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    panel.reload_button.click()
    assert kiosk.pages.views[1].headline_label.text() == "新的标题"
    assert kiosk.window.dataset.pillars[0].headline["zh"] == "新的标题"
    panel.close_overlay()


def test_a_setting_that_cannot_be_saved_still_applies(staff_kiosk: tuple[Kiosk, WallClock, Path]) -> None:
    kiosk, _, config = staff_kiosk
    panel, session = kiosk.staff.panel, kiosk.session
    assert panel is not None and session is not None
    panel.open_overlay()
    (config / SETTINGS_FILE).unlink(missing_ok=True)
    (config / SETTINGS_FILE).mkdir()  # the file's place is taken: saving fails, as on a broken disk
    panel.rows["mode"].buttons["maintenance"].click()
    assert session.machine.mode is Mode.MAINTENANCE
    assert "could not be saved" in panel.status_label.text() or "无法保存" in panel.status_label.text()


def test_the_panel_closes_by_itself(staff_kiosk: tuple[Kiosk, WallClock, Path], qtbot: QtBot) -> None:
    kiosk, _, _ = staff_kiosk
    panel = kiosk.staff.panel
    assert panel is not None
    panel.open_overlay()
    assert panel.idle_timer.isActive() and panel.idle_timer.interval() == 120_000  # staff_panel_timeout_s
    panel.idle_timer.timeout.emit()  # two minutes untouched
    assert not panel.isVisible()


@pytest.mark.logs("cannot be shown")
def test_health_shows_what_staff_need(staff_kiosk: tuple[Kiosk, WallClock, Path]) -> None:
    kiosk, _, _ = staff_kiosk
    panel = kiosk.staff.panel
    assert panel is not None
    logging.getLogger("kiosk.test").error("photo lake.jpg cannot be shown: truncated")
    panel.open_overlay()
    text = panel.health_label.text().replace("\u2060", "")  # word joiners keep a word on one line; they show nothing
    assert "0.1.0" in text and "MB" in text and "0 分钟" in text  # the content's default language, Chinese
    assert panel.content_label.toolTip() == str(kiosk.content.folder)  # the whole path; the line shows it elided
    assert "日志中记录了一个问题" in text  # a sentence, not the log's words
    assert not any(word in text for word in ("ERROR", "WARNING", "lake.jpg cannot", "Frames painted", "fps"))


def test_a_corrupt_settings_file_never_stops_the_kiosk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / SETTINGS_FILE).write_text('{"values": {"idle_timeout_s": 2, "mode": 7', encoding="utf-8")
    result = run_kiosk("--windowed", "--first-frame-report", env_home=home)
    assert result.returncode == 0, result.stderr
    assert "unreadable" in result.stderr and "using defaults" in result.stderr


@pytest.mark.logs("content.json", "problem(s)", "cannot be shown")
def test_staff_see_which_content_shows_and_why_not_the_one_asked_for(own_home: Path, content_copy: Path) -> None:
    """A `content` folder that does not validate: the bundled content shows, staff read why; fixed and
    reloaded, the folder asked for shows. A broken photo is named."""
    from kiosk.core.paths import AppPaths
    from kiosk.ui.app import build_kiosk

    good = (content_copy / "content.json").read_text(encoding="utf-8")
    (content_copy / "content.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # nested past the parser (3.13 reads 3,000)
    paths = AppPaths.under(own_home)
    kiosk = build_kiosk(paths, Settings(paths.config, {"page_transition_ms": 0, "content": str(content_copy)}), language="en")
    try:
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        assert kiosk.content.folder != content_copy  # the bundled content, not a crash loop
        text = "\n".join([kiosk.staff.content_shown()[0], *kiosk.staff.status_parts()[0]])
        assert "was refused" in text and "details in the log" in text and "bundled content" in text
        (content_copy / "content.json").write_text(good, encoding="utf-8")
        (content_copy / "photos" / "qixia-lake" / "02-morning.jpg").write_bytes(b"")
        panel = kiosk.staff.panel
        panel.open_overlay()
        panel.reload_button.click()  # reloads the folder the kiosk was told to use
        assert kiosk.content.folder == content_copy and "Content checked: no problems" in kiosk.staff.status_parts()[1]
        kiosk.navigation.show_page(3)
        view = kiosk.pages.views[3]
        carousel = view.carousels[0]
        view.show_section(view.section_of(carousel))
        carousel.go_to(1)
        from kiosk.qa.drive import wait_for_photos

        wait_for_photos(kiosk.loader)
        assert "Photos that cannot be shown: 1 (02-morning.jpg)" in kiosk.staff.status_parts()[0]
    finally:
        shutdown(kiosk)


@pytest.mark.logs("refused")
def test_the_content_setting_switches_folders_and_refuses_broken_ones(kiosk: Kiosk, content_copy: Path) -> None:
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    data["pillars"][0]["headline"]["zh"] = "另一份内容"
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    refused: list[list[str]] = []
    kiosk.content.refused.connect(refused.append)
    kiosk.settings.change("content", str(content_copy), save=False)
    assert kiosk.content.folder == content_copy and kiosk.pages.views[1].headline_label.text() == "另一份内容"
    broken = content_copy.parent / "broken"
    broken.mkdir()
    (broken / "content.json").write_text("{", encoding="utf-8")
    kiosk.settings.change("content", str(broken), save=False)
    assert refused and kiosk.content.folder == content_copy  # what was shown stays
    kiosk.settings.change("content", "", save=False)  # back to the bundled content
    assert kiosk.content.folder != content_copy and kiosk.pages.views[1].headline_label.text() != "另一份内容"


def test_staff_install_content_from_a_usb_stick_and_go_back(
    staff_kiosk: tuple[Kiosk, WallClock, Path], tmp_path: Path, qtbot: QtBot
) -> None:
    import shutil

    from kiosk import resources

    kiosk, _, config = staff_kiosk
    stick = tmp_path / "stick"
    new = stick / "lna-content"
    shutil.copytree(resources.bundled_content_dir(), new)
    data = json.loads((new / "content.json").read_text(encoding="utf-8"))
    data["pillars"][0]["indicators"][0]["value"] = 180
    (new / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kiosk.staff.panel.open_overlay()
    kiosk.staff.panel.content_button.click()  # Content from USB
    panel = kiosk.staff.content_panel
    assert panel is not None and panel.isVisible()
    panel.drives = lambda: [stick]  # a stick plugged in
    with qtbot.waitSignal(panel.looked, timeout=60_000):
        panel.look()  # in the look thread: the panel says so meanwhile
        assert panel.looking and not panel.install_button.isEnabled()
    assert panel.candidate is not None and panel.candidate.folder == new
    assert "开工重大项目：178个 → 180个" in panel.details_label.text() and panel.install_button.isEnabled()  # by label, staff's language
    panel.install_button.click()
    qtbot.waitUntil(lambda: not panel.busy)  # the install runs in a thread of its own
    assert kiosk.pages.views[1].key_tiles[0].indicator.value == 180  # shown once installed
    assert panel.changes is not None and panel.changes.none  # the stick now holds what is shown
    installed = Path(Settings.load(config)["content"])
    assert installed.parent.name == "installed-content" and (installed / "content.json").is_file()  # and saved
    assert panel.back_button.isEnabled()
    with qtbot.waitSignal(panel.looked, timeout=60_000):
        panel.back_button.click()  # one tap back to what was shown before
    assert kiosk.pages.views[1].key_tiles[0].indicator.value == 178
    assert "开工重大项目：178个 → 180个" in panel.details_label.text()  # what installing would change again
    assert not panel.back_button.isEnabled()  # nothing older than what is shown: going back undid the install
    (new / "content.json").write_text("{ broken", encoding="utf-8")
    with qtbot.waitSignal(panel.looked, timeout=60_000):
        panel.look_button.click()
    assert not panel.install_button.isEnabled() and "无法安装" in panel.details_label.text()  # it cannot be installed
    panel.close_overlay()


@pytest.mark.logs("xset not found", "unhandled KeyError")
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=lambda v: str(v))
def test_long_health_lines_are_shown_whole_and_a_package_name_is_never_broken(
    staff_kiosk: tuple[Kiosk, WallClock, Path], width: int, height: int
) -> None:
    """Under X without xset, with problems at start and an error: every health line the panel shows is
    whole (none clipped above or below, none under the next row), the rest are counted, and
    'x11-xserver-utils' and paths stay in one piece."""
    from kiosk import resources
    from kiosk.qa.drive import settle
    from kiosk.qa.layout_audit import audit, line_starts
    from kiosk.ui.theme import scale_for

    kiosk, _, _ = staff_kiosk
    window, panel = kiosk.window, kiosk.staff.panel
    kiosk.language.set_language("en")
    window.resize(width, height)
    kiosk.health.notes += [
        "language 'fr' is not in the content; using zh",
        "settings file /home/kiosk/.config/lna-kiosk/settings.json: idle_timeout_s out of range",
    ]
    logging.getLogger("kiosk.ui.unattended").warning("xset not found: the screen may blank (install x11-xserver-utils)")
    logging.getLogger("kiosk.crash").error(
        "unhandled KeyError: 'pillars' in /opt/lna-kiosk/content/content.json while reloading the content"
    )
    panel.open_overlay()
    settle(kiosk.app)
    assert [str(f) for f in audit(window, scale_for(width, height), resources.fonts_dir(), within=panel)] == []
    label = panel.health_label
    text = label.text()
    assert "0.1.0" in text and text.count("\n") >= 3  # the version first, then what fits (the rest counted)
    for start in line_starts(text, label.font(), label.contentsRect().width()):
        assert not start.lstrip().startswith(("xserver", "utils", "lna-kiosk", "content.json", "settings.json", "main/")), start
    bottom = label.mapTo(panel, label.rect().bottomLeft()).y()
    assert bottom < panel.labels["hours"].mapTo(panel, panel.labels["hours"].rect().topLeft()).y()
