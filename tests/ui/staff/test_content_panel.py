"""Content from a USB stick is looked at and installed in threads of their own: the event loop keeps
turning (a timer ticks while the look or the copy is held halfway), the panel says it is looking, progress
comes more than once and shows on the panel, the actions wait; the UI thread never loads content (the
install's checked copy is what is shown); a stick pulled out halfway, a cap on the size, too little free
space, closing the panel and the kiosk stopping each leave what is shown, the setting and the installed
copies as they were. Real files, real widgets, a real installer held at a file by its progress function
(the hook the panel's thread uses), a look held where it asks for the drives."""

from __future__ import annotations

import json
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
from kiosk.core.content import install, source
from kiosk.core.content.install import COPYING, Installer, Progress
from kiosk.core.content.loader import LoadResult, load_content
from kiosk.core.settings import Settings
from kiosk.qa.bench.usb_install import make_stick
from kiosk.ui.app import Kiosk
from kiosk.ui.staff.content_panel import ContentPanel, UsbState
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

    def install_loaded(
        self,
        source: Path,
        settings: Settings,
        progress: Callable[[Progress], object] | None = None,
        examined: install.Candidate | None = None,
    ) -> LoadResult:
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

        return super().install_loaded(source, settings, held, examined)


def look(panel: ContentPanel, qtbot: QtBot) -> None:
    """Look at the sticks again (a look running is stopped first) and wait for what it found on screen."""
    with qtbot.waitSignal(panel.looked, timeout=60_000):
        panel.look()
    assert not panel.looking


@pytest.fixture
def stick_kiosk(own_home: Path, qtbot: QtBot) -> Iterator[tuple[Kiosk, ContentPanel, Path]]:
    """A kiosk whose content panel is open on a stick with many photos (and files content.json does not name)."""
    folder = make_stick(own_home.parent / "stick" / "lna-content", PHOTOS, extra=20)
    kiosk = build(own_home, clocks=Clocks())
    try:
        kiosk.language.set_language("en")
        kiosk.staff.open_content()
        panel = kiosk.staff.content_panel
        assert panel is not None
        panel.drives = lambda: [folder.parent]
        look(panel, qtbot)
        assert panel.candidate is not None and panel.candidate.ok and panel.install_button.isEnabled()
        yield kiosk, panel, folder
        panel.close_overlay()
    finally:
        shutdown(kiosk)


def _state(home: Path) -> dict[str, object]:
    return snapshot(home / "config", home / "data" / "installed-content")


def _install_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "content-install" and t.is_alive()]


def _look_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "content-look" and t.is_alive()]


class HeldDrives:
    """The drives, as the look thread asks for them: held there until `go` (or a test that fails gives up)."""

    def __init__(self, drives: list[Path]) -> None:
        self.drives = drives
        self.asked = threading.Event()
        self.go = threading.Event()

    def __call__(self) -> list[Path]:
        self.asked.set()
        self.go.wait(HOLD_S)
        return self.drives


@pytest.fixture
def loads_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads content is loaded on, from now on (by the panel, the installer and the
    kiosk's content source): the real loader, watched."""
    threads: list[str] = []

    def watched(folder: Path, glyphs: Callable[[str], str] | None = None) -> LoadResult:
        threads.append(threading.current_thread().name)
        return load_content(folder, glyphs)

    monkeypatch.setattr(install, "load_content", watched)
    monkeypatch.setattr(source, "load_content", watched)
    return threads


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
    assert installed.parent.name == "installed-content" and panel.details_label.text().startswith("Installed")
    assert panel.state is UsbState.INSTALLED and not panel.install_button.isEnabled()  # nothing left to install
    assert Settings.load(own_home / "config")["content"] == str(installed) and not panel.progress_bar.isVisible()
    assert panel.back_button.isEnabled() and not _install_threads()
    # Only what the content names: content.json, its locales, its photos; not the stick's other files.
    copied = {str(p.relative_to(installed)) for p in installed.rglob("*") if p.is_file()}
    named = {name for name, _ in install.examine(folder).files}
    assert copied == named and "not-content" not in {p.name for p in installed.iterdir()}
    assert len(named) > PHOTOS and (folder / "not-content").is_dir()


@pytest.mark.logs("(was the stick pulled out?)")
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
    status = panel.details_label.text()
    assert (
        status.startswith("Not installed; the content shown stays.\nAs the log says it:\ncould not read photos/") and "pulled out" in status
    ), status
    assert kiosk.content.folder == shown and _state(own_home) == before
    assert not (own_home / "data" / "installed-content").exists() or not any((own_home / "data" / "installed-content").iterdir())
    assert not folder.exists() and not _install_threads()


def test_content_over_the_size_cap_cannot_be_installed(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    _, panel, _ = stick_kiosk
    monkeypatch.setattr(install, "MAX_INSTALL_BYTES", 1024 * 1024)  # the bundled photos alone are larger
    look(panel, qtbot)
    assert panel.candidate is not None and not panel.candidate.ok and not panel.install_button.isEnabled()
    assert "more than the 1.0 MB content from a stick may have" in panel.details_label.text()


@pytest.mark.logs("not enough space on the kiosk's disk")
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
    status = panel.details_label.text()
    assert "not enough space on the kiosk's disk: the content needs " in status and "40.0 MB free on " in status, status
    assert kiosk.content.folder == shown and _state(own_home) == before


@pytest.mark.logs("the install was cancelled")
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
    assert "the install was cancelled" in panel.details_label.text()
    assert kiosk.content.folder == shown and _state(own_home) == before
    with qtbot.waitSignal(panel.looked, timeout=60_000):
        panel.open_overlay()  # it looks at the stick again, and installs when asked
    panel.installer = Installer(own_home / "data")
    panel.install_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert kiosk.content.folder.parent.name == "installed-content"


@pytest.mark.logs("the install was cancelled")
def test_the_kiosk_stopping_mid_install_joins_the_install_thread(own_home: Path, qtbot: QtBot) -> None:
    folder = make_stick(own_home.parent / "stick" / "lna-content", PHOTOS)
    kiosk = build(own_home, clocks=Clocks())
    try:
        kiosk.staff.open_content()
        panel = kiosk.staff.content_panel
        assert panel is not None
        panel.drives = lambda: [folder.parent]
        look(panel, qtbot)
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


def test_the_look_at_the_sticks_runs_while_the_event_loop_turns_and_the_actions_wait(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], own_home: Path, qtbot: QtBot, loads_on: list[str]
) -> None:
    _, panel, folder = stick_kiosk
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    panel.drives = held = HeldDrives([folder.parent])
    timer.start()
    try:
        panel.look_button.click()
        qtbot.waitUntil(held.asked.is_set, timeout=30_000)
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=30_000)  # the UI thread turns while the look is held
        assert panel.looking and panel.busy and _look_threads()
        assert panel.found_label.text() == "Looking at the USB sticks…" and panel.details_label.text() == ""
        assert not any(b.isEnabled() for b in (panel.install_button, panel.look_button, panel.back_button, *panel.folder_buttons))
        panel.install_button.click()  # waits, as the others do
        assert panel.job is None
        with qtbot.waitSignal(panel.looked, timeout=60_000):
            held.go.set()
    finally:
        timer.stop()
    assert not panel.looking and panel.candidate is not None and panel.candidate.folder == folder
    assert panel.details_label.text().startswith("It checks out. What installing changes:")
    assert panel.install_button.isEnabled() and panel.look_button.isEnabled() and panel.folder_buttons[0].isEnabled()
    assert loads_on and "MainThread" not in loads_on, loads_on  # the stick's content.json read in the look thread only
    qtbot.waitUntil(lambda: not _look_threads())


def test_closing_the_panel_mid_look_stops_it_and_shows_nothing_it_found(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], qtbot: QtBot
) -> None:
    _, panel, folder = stick_kiosk
    other = make_stick(folder.parent.parent / "other-stick" / "other-content", 3)
    panel.drives = held = HeldDrives([other.parent])
    looked: list[int] = []
    panel.look_button.click()
    qtbot.waitUntil(held.asked.is_set, timeout=30_000)
    held.go.set()  # whether it stops before or after looking, what it found is not shown
    panel.looked.connect(lambda: looked.append(1))
    job = panel.sticks._job  # this panel's look (another kiosk's in this process may be looking too)
    panel.close_button.click()
    assert not panel.looking and (job is None or not job.running) and not panel.isVisible()
    qtbot.wait(50)  # the look thread's own outcome, queued, changes nothing when it comes
    assert panel.candidate is None and not looked


def test_the_installed_copy_is_shown_as_the_install_thread_checked_it(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], own_home: Path, qtbot: QtBot, loads_on: list[str]
) -> None:
    kiosk, panel, _ = stick_kiosk
    changed: list[int] = []
    kiosk.content.changed.connect(lambda: changed.append(1))
    panel.install_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    installed = kiosk.content.folder
    assert installed.parent.name == "installed-content" and panel.details_label.text().startswith("Installed") and changed == [1]
    assert loads_on == ["content-install"]  # the copy, checked there; not read again to show it
    assert len(kiosk.window.dataset.albums) == len(install.examine(installed).result.dataset.albums)  # type: ignore[union-attr]
    assert all(path.is_relative_to(installed) for _, path in kiosk.content.state.result.photos)
    kiosk.settings.change("content", "", save=False)  # any other change reads its folder, as before
    kiosk.settings.change("content", str(installed), save=False)
    assert loads_on[-2:] == ["MainThread", "MainThread"] and kiosk.content.folder == installed


def test_going_back_reads_the_previous_content_in_a_thread_of_its_own(
    stick_kiosk: tuple[Kiosk, ContentPanel, Path], own_home: Path, qtbot: QtBot, loads_on: list[str]
) -> None:
    kiosk, panel, folder = stick_kiosk
    installed = []
    for value in (None, 181):  # twice: the previous content is then an installed copy, checked before going back
        if value is not None:  # the stick corrected again: there is something new to install
            data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
            data["pillars"][0]["indicators"][0]["value"] = value
            (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            look(panel, qtbot)
        panel.install_button.click()
        qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
        installed.append(kiosk.content.folder)
    assert installed[0] != installed[1] and panel.back_button.isEnabled()
    loads_on.clear()
    with qtbot.waitSignal(panel.looked, timeout=60_000):  # back, then the stick compared with what is shown
        panel.back_button.click()
        assert panel.busy and not panel.back_button.isEnabled() and not panel.install_button.isEnabled()
        assert panel.status_label.text() == "Going back to the previous content…"
    assert kiosk.content.folder == installed[0] and panel.status_label.text() == "Back to the previous content."
    assert loads_on == ["content-back"]  # checked there, and shown as checked
    assert Settings.load(own_home / "config")["content"] == str(installed[0])
