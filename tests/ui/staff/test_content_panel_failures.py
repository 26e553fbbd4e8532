"""Content from a USB stick in the staff panel when the disk refuses: the status line names the problem,
the log has it whole, what is shown stays, and the setting, the history and the copies are as they
were. (The history's write used to raise into the crash guard after the setting had switched, leaving
the status line blank.)"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.core.clocks import Clocks
from kiosk.core.settings import Settings
from kiosk.ui.app import Kiosk
from kiosk.ui.staff.content_panel import ContentPanel
from tests.faults import snapshot
from tests.kiosks import build, shutdown


def look_and_wait(panel: ContentPanel, qtbot: QtBot) -> None:
    """Look at the sticks (in the look thread) and wait for what it found on screen."""
    with qtbot.waitSignal(panel.looked, timeout=60_000):
        panel.look()


def install_and_wait(panel: ContentPanel, qtbot: QtBot) -> None:
    """Tap Install and wait for the install thread's outcome on screen."""
    panel.install_button.click()
    assert panel.busy and not panel.install_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)


@pytest.fixture
def panel_kiosk(own_home: Path, qtbot: QtBot) -> Iterator[tuple[Kiosk, ContentPanel, Path]]:
    stick = own_home.parent / "stick"
    new = stick / "lna-content"
    shutil.copytree(resources.bundled_content_dir(), new)
    data = json.loads((new / "content.json").read_text(encoding="utf-8"))
    data["pillars"][0]["indicators"][0]["value"] = 180
    (new / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kiosk = build(own_home, clocks=Clocks())
    try:
        kiosk.language.set_language("en")
        assert kiosk.staff.panel is not None
        kiosk.staff.panel.open_overlay()
        kiosk.staff.panel.content_button.click()  # Content from USB
        panel = kiosk.staff.content_panel
        assert panel is not None
        panel.drives = lambda: [stick]  # a stick plugged in
        look_and_wait(panel, qtbot)
        assert panel.candidate is not None and panel.candidate.folder == new and panel.install_button.isEnabled()
        yield kiosk, panel, own_home
        panel.close_overlay()
    finally:
        shutdown(kiosk)


def _state(home: Path) -> dict[str, object]:
    return snapshot(home / "config", home / "data" / "installed-content")


def test_a_folder_where_the_history_should_be_is_named_on_the_status_line(
    panel_kiosk: tuple[Kiosk, ContentPanel, Path], caplog: pytest.LogCaptureFixture, qtbot: QtBot
) -> None:
    kiosk, panel, home = panel_kiosk
    install_and_wait(panel, qtbot)
    installed = Path(Settings.load(home / "config")["content"])
    assert kiosk.pages.views[1].key_tiles[0].indicator.value == 180
    history = home / "data" / "installed-content" / "history.json"
    history.unlink()
    history.mkdir()
    before = _state(home)
    new = home.parent / "stick" / "lna-content" / "content.json"
    data = json.loads(new.read_text(encoding="utf-8"))
    data["pillars"][0]["indicators"][0]["value"] = 181  # corrected again: something to install
    new.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    look_and_wait(panel, qtbot)
    with caplog.at_level(logging.ERROR):
        install_and_wait(panel, qtbot)
    status = panel.details_label.text()
    assert status.startswith("Not installed; the content shown stays.") and "history.json: is a folder, not a file" in status
    assert any("history.json: is a folder, not a file; nothing changed" in r.getMessage() for r in caplog.records)
    assert _state(home) == before and kiosk.content.folder == installed and kiosk.settings["content"] == str(installed)


@pytest.mark.logs("not installed", "could not")
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_or_read_only_disk_while_installing_or_going_back_changes_nothing(
    panel_kiosk: tuple[Kiosk, ContentPanel, Path], monkeypatch: pytest.MonkeyPatch, code: int, qtbot: QtBot
) -> None:
    kiosk, panel, home = panel_kiosk
    shown = kiosk.content.folder
    words = "the disk is full" if code == errno.ENOSPC else "the disk is read-only"
    real = os.replace

    def second_rename_fails(source: object, target: object) -> None:  # the history is renamed in, the setting is not
        calls.append(target)
        if len(calls) == 2:
            raise OSError(code, os.strerror(code), str(target))
        real(source, target)  # type: ignore[arg-type]

    calls: list[object] = []
    before = _state(home)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", second_rename_fails)
        install_and_wait(panel, qtbot)
    assert words in panel.details_label.text() and panel.details_label.text().startswith("Not installed")
    assert _state(home) == before and kiosk.content.folder == shown and kiosk.pages.views[1].key_tiles[0].indicator.value == 178

    install_and_wait(panel, qtbot)  # the disk has room again
    now = kiosk.content.folder
    assert now.parent.name == "installed-content" and kiosk.pages.views[1].key_tiles[0].indicator.value == 180
    assert panel.back_button.isEnabled()
    calls.clear()
    before = _state(home)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", second_rename_fails)
        panel.back_button.click()  # in a thread of its own: the actions wait
        assert panel.busy and not panel.install_button.isEnabled()
        qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert panel.status_label.text().startswith("Could not go back to the previous content") and _state(home) == before
    assert kiosk.content.folder == now and kiosk.pages.views[1].key_tiles[0].indicator.value == 180
    with qtbot.waitSignal(panel.looked, timeout=60_000):  # back, then the stick compared with what is shown
        panel.back_button.click()
    assert kiosk.pages.views[1].key_tiles[0].indicator.value == 178 and panel.status_label.text() == "Back to the previous content."
    assert Settings.load(home / "config")["content"] == ""
