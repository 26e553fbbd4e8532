"""Content from a USB stick installs in a thread of its own: the event loop keeps turning (a timer ticks
while the copy is held halfway), progress comes more than once and shows on the panel, Install waits;
a stick pulled out halfway, a cap on the size, too little free space, closing the panel and the kiosk
stopping each leave what is shown, the setting and the installed copies as they were. Real files, real
widgets, a real installer held at a file by its progress function (the hook the panel's thread uses)."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.core.clocks import Clocks
from kiosk.core.content import install
from kiosk.core.content.install import COPYING, Installer, Progress
from kiosk.core.settings import Settings
from kiosk.qa.bench.usb_install import make_stick
from kiosk.ui.app import Kiosk
from kiosk.ui.staff.content_panel import ContentPanel
from tests.faults import snapshot
from tests.kiosks import build, shutdown

PHOTOS = 150  # named by content.json, beside the bundled content's own
HOLD_S = 60.0  # a held install goes on after this at the latest (a test that fails must not hang)


class HeldInstaller(Installer):
    """The real installer, whose copy stops after `at` files until `until()` says go; meanwhile it keeps
    asking the panel's thread whether to go on, so a cancel stops it there. `on_hold` runs then, in the
    install thread (a stick pulled out)."""

    def __init__(self, data: Path, at: int, until: Callable[[], bool], on_hold: Callable[[Path], None] = lambda _source: None) -> None:
        super().__init__(data)
        self.at, self.until, self.on_hold = at, until, on_hold
        self.held = threading.Event()

    def install(
        self,
        source: Path,
        settings: Settings,
        progress: Callable[[Progress], object] | None = None,
        examined: install.Candidate | None = None,
    ) -> Path:
        report = progress or (lambda _progress: None)

        def held(now: Progress) -> None:
            report(now)
            if now.stage == COPYING and now.done == self.at and not self.held.is_set():
                self.held.set()
                self.on_hold(source)
                deadline = time.monotonic() + HOLD_S
                while not self.until() and time.monotonic() < deadline:
                    report(now)  # raises InstallCancelledError once the panel cancels
                    time.sleep(0.002)

        return super().install(source, settings, held, examined)


@pytest.fixture
def stick_kiosk(own_home: Path) -> Iterator[tuple[Kiosk, ContentPanel, Path]]:
    """A kiosk whose content panel is open on a stick with many photos (and files content.json does not name)."""
    folder = make_stick(own_home.parent / "stick" / "lna-content", PHOTOS, extra=20)
    kiosk = build(own_home, clocks=Clocks())
    try:
        kiosk.language.set_language("en")
        kiosk.staff.open_content()
        panel = kiosk.staff.content_panel
        assert panel is not None
        panel.drives = lambda: [folder.parent]
        panel.look_button.click()
        assert panel.candidate is not None and panel.candidate.ok and panel.install_button.isEnabled()
        yield kiosk, panel, folder
        panel.close_overlay()
    finally:
        shutdown(kiosk)


def _state(home: Path) -> dict[str, object]:
    return snapshot(home / "config", home / "data" / "installed-content")


def _install_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "content-install" and t.is_alive()]


def test_the_install_runs_while_the_event_loop_turns_and_shows_its_progress(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], own_home: Path, qtbot: QtBot
) -> None:
    kiosk, panel, folder = stick_kiosk
    shown = kiosk.content.folder
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    texts: list[str] = []  # the status line each time the bar moved: progress shown on the UI thread
    panel.progress_bar.valueChanged.connect(lambda _value: texts.append(panel.status_label.text()))
    # Halfway through the copy the install waits while the UI thread ticks and shows progress: were
    # the UI thread blocked by the install, neither could happen.
    release = threading.Event()
    panel.installer = held = HeldInstaller(own_home / "data", at=PHOTOS // 2, until=release.is_set)
    timer.start()
    try:
        panel.install_button.click()
        assert panel.busy and not panel.install_button.isEnabled() and not panel.look_button.isEnabled()
        assert not panel.back_button.isEnabled()
        qtbot.waitUntil(held.held.is_set, timeout=30_000)
        qtbot.waitUntil(lambda: len(ticks) >= 5 and len(texts) >= 2, timeout=30_000)
        assert kiosk.content.folder == shown and panel.busy and panel.progress_bar.isVisible()
        assert 0 < panel.progress_bar.value() < panel.progress_bar.maximum()
        release.set()
        qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    finally:
        timer.stop()
    assert any(re.fullmatch(r"\d+ %  Installing: copying files, \d+ of \d+ \(\d+\.\d MB of \d+\.\d MB\)", text) for text in texts), texts
    assert any(re.fullmatch(r"\d+ %  Installing: checking the photos, \d+ of \d+", text) for text in texts), texts
    installed = kiosk.content.folder
    assert installed.parent.name == "installed-content" and panel.status_label.text().startswith("Installed")
    assert Settings.load(own_home / "config")["content"] == str(installed) and not panel.progress_bar.isVisible()
    assert panel.install_button.isEnabled() and panel.back_button.isEnabled() and not _install_threads()
    # Only what the content names: content.json, its locales, its photos; not the stick's other files.
    copied = {str(p.relative_to(installed)) for p in installed.rglob("*") if p.is_file()}
    named = {name for name, _ in install.examine(folder).files}
    assert copied == named and "not-content" not in {p.name for p in installed.iterdir()}
    assert len(named) > PHOTOS and (folder / "not-content").is_dir()


@pytest.mark.logs("not installed")
def test_a_stick_pulled_out_halfway_leaves_the_old_content_and_says_so(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], own_home: Path, qtbot: QtBot
) -> None:
    kiosk, panel, folder = stick_kiosk
    shown, before = kiosk.content.folder, _state(own_home)

    def pull_out(source: Path) -> None:
        source.rename(source.with_name("elsewhere"))  # the files vanish under the copy

    panel.installer = HeldInstaller(own_home / "data", at=PHOTOS // 3, until=lambda: True, on_hold=pull_out)
    panel.install_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    status = panel.status_label.text()
    assert status.startswith("Not installed; what is shown stays: could not read photos/") and "pulled out" in status, status
    assert kiosk.content.folder == shown and _state(own_home) == before
    assert not (own_home / "data" / "installed-content").exists() or not any((own_home / "data" / "installed-content").iterdir())
    assert not folder.exists() and not _install_threads()


def test_content_over_the_size_cap_cannot_be_installed(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, panel, _ = stick_kiosk
    monkeypatch.setattr(install, "MAX_INSTALL_BYTES", 1024 * 1024)  # the bundled photos alone are larger
    panel.look_button.click()
    assert panel.candidate is not None and not panel.candidate.ok and not panel.install_button.isEnabled()
    assert "more than the 1.0 MB content from a stick may have" in panel.details_label.text()


@pytest.mark.logs("not installed")
def test_too_little_free_space_is_refused_before_anything_is_copied(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], own_home: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    kiosk, panel, _ = stick_kiosk
    shown, before = kiosk.content.folder, _state(own_home)
    free = 40 * 1024 * 1024  # less than the margin kept free

    def disk_usage(path: object) -> object:
        return shutil._ntuple_diskusage(free * 100, free * 99, free)  # type: ignore[attr-defined]

    monkeypatch.setattr(shutil, "disk_usage", disk_usage)
    panel.install_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    status = panel.status_label.text()
    assert "not enough space on the kiosk's disk: the content needs " in status and "40.0 MB free on " in status, status
    assert kiosk.content.folder == shown and _state(own_home) == before


@pytest.mark.logs("not installed")
def test_closing_the_panel_mid_install_cancels_it_and_changes_nothing(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], own_home: Path, qtbot: QtBot
) -> None:
    kiosk, panel, _ = stick_kiosk
    shown, before = kiosk.content.folder, _state(own_home)
    panel.installer = held = HeldInstaller(own_home / "data", at=10, until=lambda: False)
    panel.install_button.click()
    qtbot.waitUntil(held.held.is_set, timeout=30_000)
    panel.close_button.click()
    assert not panel.busy and not _install_threads() and not panel.isVisible()
    assert "the install was cancelled" in panel.status_label.text()
    assert kiosk.content.folder == shown and _state(own_home) == before
    panel.open_overlay()  # and it installs when asked again
    panel.installer = Installer(own_home / "data")
    panel.install_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert kiosk.content.folder.parent.name == "installed-content"


@pytest.mark.logs("not installed")
def test_the_kiosk_stopping_mid_install_joins_the_install_thread(own_home: Path, qtbot: QtBot) -> None:
    folder = make_stick(own_home.parent / "stick" / "lna-content", PHOTOS)
    kiosk = build(own_home, clocks=Clocks())
    try:
        kiosk.staff.open_content()
        panel = kiosk.staff.content_panel
        assert panel is not None
        panel.drives = lambda: [folder.parent]
        panel.look()
        before = _state(own_home)
        panel.installer = held = HeldInstaller(own_home / "data", at=10, until=lambda: False)
        panel.install_button.click()
        qtbot.waitUntil(held.held.is_set, timeout=30_000)
        assert _install_threads()
    finally:
        shutdown(kiosk)
    assert not _install_threads() and _state(own_home) == before
    assert Settings.load(own_home / "config")["content"] == ""


def test_left_alone_during_an_install_the_panel_stays_open_until_it_is_done(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], own_home: Path, qtbot: QtBot
) -> None:
    kiosk, panel, _ = stick_kiosk
    go = threading.Event()
    panel.installer = held = HeldInstaller(own_home / "data", at=10, until=go.is_set)
    panel.install_button.click()
    qtbot.waitUntil(held.held.is_set, timeout=30_000)
    panel.idle_timer.start(1)  # the staff panel's timeout passes
    qtbot.waitUntil(lambda: not panel.idle_timer.isActive(), timeout=10_000)
    assert panel.isVisible() and panel.busy  # not closed: that would cancel the install staff wait for
    panel.idle_timer.setInterval(120_000)
    go.set()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert panel.isVisible() and panel.idle_timer.isActive() and kiosk.content.folder.parent.name == "installed-content"
