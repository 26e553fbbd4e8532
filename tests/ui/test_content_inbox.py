"""The content inbox in a real offscreen kiosk: real packs (real keys, the packs API) published into a real
inbox folder as Syncthing does it, scans in the inbox's worker thread, the session on a simulated clock.
A good pack installs once and shows; every refusal leaves the screen as it was and shows its reason in
the staff panel's text and the log; a pack that arrives during a visit waits for the visit to end; a
half-written file is not tried until it stops changing; an older pack is refused as a replay; the staff
panel's content from USB takes a pack; the inbox setting applies at once."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.core.hall.inbox import RECORD_FILE, SETTLE_S, read_record
from kiosk.core.hall.minisign import SecretKey
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.content_inbox import ContentInbox
from kiosk.ui.staff.health_text import problem_line
from tests.hall_packs import TAGLINE, content_saying, key_pair, make_pack, publish, tampered, truncated
from tests.kiosks import matching, shutdown
from tests.visits import Clocks, build_on, end_by_timeout, tap_on

WAIT_MS = 120_000  # a scan or an install in the inbox's thread (a test that fails must not hang)


@pytest.fixture
def clocks() -> Clocks:
    return Clocks(datetime(2026, 12, 1, 10, 0))


@pytest.fixture
def hall(tmp_path: Path) -> tuple[Path, Path, SecretKey]:
    """(the inbox folder, the trusted keys folder, the hall's secret key)."""
    inbox, keys = tmp_path / "inbox", tmp_path / "keys"
    inbox.mkdir()
    return inbox, keys, key_pair(keys)


def _kiosk(home: Path, clocks: Clocks, hall: tuple[Path, Path, SecretKey]) -> Kiosk:
    kiosk = build_on(home, clocks, content_inbox=str(hall[0]), content_keys=str(hall[1]))
    kiosk.language.set_language("en")
    return kiosk


def _pack(tmp: Path, key: SecretKey | None, version: int, words: str) -> Path:
    content = content_saying(tmp / f"content-{version}-{abs(hash(words))}", words)
    return make_pack(content, tmp / f"made-{version}-{abs(hash(words))}.lnapack", key, version=version)


def scan(inbox: ContentInbox, qtbot: QtBot) -> None:
    """One scan in the inbox's thread, and whatever it starts (an install) through to its end."""
    inbox.scan_now()
    qtbot.waitUntil(lambda: inbox.job is None, timeout=WAIT_MS)


def settle_and_scan(inbox: ContentInbox, clocks: Clocks, qtbot: QtBot) -> None:
    """Seen, then seen again unchanged after the settle time: what the timer's scans do."""
    scan(inbox, qtbot)
    clocks.seconds += SETTLE_S
    scan(inbox, qtbot)


def on_screen(kiosk: Kiosk, words: str) -> bool:
    settle(kiosk.app)
    kiosk.window.come_to_rest()
    return any(words in label.text() for label in kiosk.window.findChildren(QLabel) if label.isVisible())


def staff_text(kiosk: Kiosk) -> str:
    """What the staff panel's health column says (opened as the PIN pad opens it), then closed again."""
    panel = kiosk.staff.panel
    panel.open_overlay()
    text = panel.health_label.text().replace("\u2060", "")
    panel.close_overlay()
    return text


def test_a_good_pack_installs_once_and_shows_and_a_half_written_one_waits(
    own_home: Path, clocks: Clocks, hall: tuple[Path, Path, SecretKey], tmp_path: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    kiosk = _kiosk(own_home, clocks, hall)
    try:
        inbox = kiosk.inbox
        assert inbox.timer.isActive() and on_screen(kiosk, TAGLINE)
        data = _pack(tmp_path, hall[2], 2, "Pack version 2").read_bytes()
        arriving = hall[0] / "v2.lnapack"
        for part in (3, 2):  # half-written: it grows between scans
            arriving.write_bytes(data[: len(data) // part])
            scan(inbox, qtbot)
            clocks.seconds += SETTLE_S
        assert inbox.state.refused == 0 and inbox.state.waiting == ("v2.lnapack",) and on_screen(kiosk, TAGLINE)
        arriving.write_bytes(data)
        settle_and_scan(inbox, clocks, qtbot)
        assert on_screen(kiosk, "Pack version 2") and not on_screen(kiosk, TAGLINE)
        state = inbox.state
        assert (state.installed_pack_id, state.installed_version, state.installed, state.refused) == ("hall-content", 2, 1, 0)
        assert kiosk.settings["content"] == str(kiosk.content.folder) and "installed-content" in kiosk.settings["content"]
        assert "installed pack hall-content, version 2" in staff_text(kiosk)
        figures = kiosk.metrics.snapshot()  # what the metrics file says (the writer's own snapshot)
        assert (figures.content.content, figures.content.source, figures.packs_installed) == ("hall-content", "pack", 1)
        shown = kiosk.content.state
        for _ in range(3):  # tried once: the same file is never installed again
            clocks.seconds += SETTLE_S
            scan(inbox, qtbot)
        assert kiosk.content.state is shown and inbox.state.installed == 1
        assert [r.getMessage() for r in caplog.records if "showing" in r.getMessage()] == [
            f"content pack installed from the inbox: showing {kiosk.content.folder}"
        ]
    finally:
        shutdown(kiosk)  # the timer stops with it (tests/conftest.py fails a test that leaves one running)


def test_every_refusal_leaves_the_screen_and_says_why_in_the_staff_panel_and_the_log(
    own_home: Path, clocks: Clocks, hall: tuple[Path, Path, SecretKey], tmp_path: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = _kiosk(own_home, clocks, hall)
    try:
        inbox = kiosk.inbox
        publish(_pack(tmp_path, hall[2], 5, "Pack version 5"), hall[0], "v5.lnapack")
        settle_and_scan(inbox, clocks, qtbot)
        assert on_screen(kiosk, "Pack version 5")
        good = _pack(tmp_path, hall[2], 9, "Pack version 9")
        cases = {
            "unsigned.lnapack": (_pack(tmp_path, None, 9, "Unsigned"), "unsigned"),
            "stranger.lnapack": (_pack(tmp_path, key_pair(tmp_path / "elsewhere", "stranger"), 9, "Stranger"), "not a trusted key"),
            "tampered.lnapack": (tampered(good, tmp_path / "tampered.lnapack"), "content/content.json"),
            "truncated.lnapack": (truncated(good, tmp_path / "truncated.lnapack"), "damaged"),
            "replay.lnapack": (_pack(tmp_path, hall[2], 4, "Pack version 4"), "replay"),
            "invalid.lnapack": (_pack(tmp_path, hall[2], 9, "龘 not in the font"), "kiosk check"),
        }
        kiosk.window.come_to_rest()
        before, shown = kiosk.window.grab().toImage(), kiosk.content.state
        for name, (pack, words) in cases.items():
            caplog.clear()
            publish(pack, hall[0], name)
            settle_and_scan(inbox, clocks, qtbot)
            assert kiosk.content.state is shown and on_screen(kiosk, "Pack version 5"), name
            assert matching(kiosk.window.grab().toImage(), before) > 0.99, name
            refusal = inbox.refusal
            assert refusal is not None and refusal.file.endswith(name) and words in refusal.reason, (name, refusal)
            text = staff_text(kiosk)
            assert f"Content inbox: {name} was refused; the content shown stays." in text, text
            recent = problem_line(kiosk.health.latest_new(1)[0])  # the log's record among recent problems, in the staff's words
            assert "A content pack from the inbox was refused" in recent, recent
            logged = [r for r in caplog.records if r.levelno == logging.ERROR and name in r.getMessage()]
            assert len(logged) == 1 and words in logged[0].getMessage(), [r.getMessage() for r in caplog.records]
            figures = kiosk.metrics.snapshot()
            assert figures.pack_refusal == refusal.kind and figures.content.content == "hall-content", (name, figures)
            (hall[0] / name).unlink()
        assert inbox.state.refused == len(cases) and inbox.state.installed_version == 5
        assert kiosk.metrics.snapshot().packs_refused == len(cases)
    finally:
        shutdown(kiosk)


def test_a_pack_that_arrives_during_a_visit_waits_until_the_visit_ends(
    own_home: Path, clocks: Clocks, hall: tuple[Path, Path, SecretKey], tmp_path: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    kiosk = _kiosk(own_home, clocks, hall)
    try:
        inbox, session = kiosk.inbox, kiosk.session
        tap_on(kiosk, kiosk.window)
        assert session.visiting and not inbox.quiet
        publish(_pack(tmp_path, hall[2], 2, "Pack version 2"), hall[0])
        settle_and_scan(inbox, clocks, qtbot)
        assert inbox.prepared is not None and on_screen(kiosk, TAGLINE)
        assert "installed when nobody is visiting" in staff_text(kiosk)
        assert not (own_home / "data" / RECORD_FILE).exists()  # not installed yet either
        end_by_timeout(kiosk, clocks)  # the visitor walks away: the countdown, the reset
        assert not session.visiting
        qtbot.waitUntil(lambda: inbox.prepared is None and inbox.job is None and inbox.loaded is None, timeout=WAIT_MS)
        session.attract.stop()
        kiosk.navigation.reset("en")
        assert on_screen(kiosk, "Pack version 2")
        assert read_record(own_home / "data")[0] is not None
    finally:
        shutdown(kiosk)


def test_the_inbox_setting_applies_at_once(
    own_home: Path, clocks: Clocks, hall: tuple[Path, Path, SecretKey], tmp_path: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    kiosk = build_on(own_home, clocks, content_keys=str(hall[1]))
    try:
        inbox = kiosk.inbox
        assert inbox.staff_line() == ("", False)
        kiosk.settings.change("content_inbox", str(hall[0]), save=False)
        assert inbox.staff_line() == ("内容收件箱：监视中；尚未安装内容包", False)  # in the staff's language (zh here)
        kiosk.settings.change("content_inbox", "", save=False)
        kiosk.language.set_language("en")
        settle(kiosk.app)
        assert inbox.inbox is None and not inbox.timer.isActive() and inbox.staff_line() == ("", False)
        kiosk.settings.change("content_inbox", str(hall[0]), save=False)
        assert inbox.timer.isActive() and inbox.staff_line() == ("Content inbox: watched; no pack installed yet", False)
        kiosk.settings.change("content_keys", "", save=False)  # no keys: a pack cannot be checked
        publish(_pack(tmp_path, hall[2], 2, "Pack version 2"), hall[0])
        settle_and_scan(inbox, clocks, qtbot)
        assert inbox.refusal is not None and "content_keys" in inbox.refusal.reason
        kiosk.settings.change("content_keys", str(hall[1]), save=False)  # the keys are back: tried afresh
        assert inbox.refusal is None
        settle_and_scan(inbox, clocks, qtbot)
        assert inbox.state.installed_version == 2
        kiosk.settings.change("content_inbox", "", save=False)
        assert inbox.inbox is None and not inbox.timer.isActive()
    finally:
        shutdown(kiosk)


def test_content_from_usb_takes_a_pack(
    own_home: Path, clocks: Clocks, hall: tuple[Path, Path, SecretKey], tmp_path: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    stick = tmp_path / "stick"
    pack = publish(_pack(tmp_path, hall[2], 3, "Pack version 3"), stick / "for-the-hall")
    kiosk = build_on(own_home, clocks, content_keys=str(hall[1]))  # no inbox: the keys are enough
    try:
        kiosk.language.set_language("en")
        settle(kiosk.app)
        kiosk.staff.open_content()
        panel = kiosk.staff.content_panel
        assert panel is not None
        panel.drives = lambda: [stick]
        with qtbot.waitSignal(panel.looked, timeout=WAIT_MS):
            panel.look()
        assert panel._found == (pack,)
        qtbot.waitUntil(lambda: not panel.looking and panel.changes is not None, timeout=WAIT_MS)
        assert panel.candidate is not None and panel.candidate.ok and panel.install_button.isEnabled()
        assert any("Pack version 3" in line for line in panel._change_lines(panel.changes))
        panel.install()
        qtbot.waitUntil(lambda: panel.job is None, timeout=WAIT_MS)
        panel.close_overlay()
        assert on_screen(kiosk, "Pack version 3")
        record = read_record(own_home / "data")[0]
        assert record is not None and (record.pack_id, record.version, record.file) == ("hall-content", 3, pack.name)
    finally:
        shutdown(kiosk)


@pytest.mark.logs("cannot be read")
def test_an_inbox_that_cannot_be_read_is_said_once_and_in_the_staff_panel(
    own_home: Path, clocks: Clocks, tmp_path: Path, qtbot: QtBot
) -> None:
    kiosk = build_on(own_home, clocks, content_inbox=str(tmp_path / "share-not-mounted"))
    try:
        kiosk.language.set_language("en")
        settle(kiosk.app)
        inbox = kiosk.inbox
        for _ in range(3):
            scan(inbox, qtbot)
        assert [e.message for e in kiosk.health.latest(5) if "cannot be read" in e.message] == [
            f"the content inbox {tmp_path / 'share-not-mounted'} cannot be read: not found"
        ]
        line, essential = inbox.staff_line()
        assert essential and line == (
            "Content inbox: the folder share-not-mounted cannot be read (a share not connected?); details in the log"
        )
    finally:
        shutdown(kiosk)
