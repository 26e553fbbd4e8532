"""Content from USB, state by state: each state the panel can be in shows one heading, one explanation
and the buttons that fit it, so no two lines contradict each other (it once said "what installing
changes: nothing" above "installed", and kept Install tappable with nothing to install). A disabled
Install looks disabled in every state where it is."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.core.clocks import Clocks
from kiosk.ui.app import Kiosk
from kiosk.ui.staff.content_panel import ContentPanel, UsbState
from tests.kiosks import build, shutdown

# state: (heading, explanation starts with, Install, Back, Look again); None: either, as the history has it
TABLE: dict[UsbState, tuple[str, str, bool, bool | None, bool]] = {
    UsbState.LOOKING: ("Looking at the USB sticks…", "", False, False, False),
    UsbState.LOOK_FAILED: ("The USB stick could not be read", "Check that the stick is plugged in well", False, None, True),
    UsbState.NOTHING: ("No content folder found", "No content found on a USB stick.", False, None, True),
    UsbState.PROBLEMS: ("Content folders found: 1", "1 problem(s): it cannot be installed.", False, None, True),
    UsbState.READY: ("Content folders found: 1", "It checks out. What installing changes:", True, None, True),
    UsbState.SAME: (
        "Content folders found: 1",
        "It checks out, and it is the content shown now: there is nothing to install.",
        False,
        None,
        True,
    ),
    UsbState.INSTALLING: ("Content folders found: 1", "Installing the content from USB-STICK/lna-content.", False, False, False),
    UsbState.INSTALLED: ("Content folders found: 1", "Installed: the kiosk shows it now.", False, True, True),
    UsbState.FAILED: (
        "Content folders found: 1",
        "Not installed; the content shown stays.\nAs the log says it:\nnot enough space",
        True,
        None,
        True,
    ),
    UsbState.GOING_BACK: ("Content folders found: 1", "Going back to the previous content…", False, False, False),
}
# Words that belong to one state only: seeing them in another is a contradiction.
OWN_WORDS = {
    "What installing changes": {UsbState.READY},
    "Installed:": {UsbState.INSTALLED},
    "Not installed": {UsbState.FAILED},
    "nothing to install": {UsbState.SAME},
    "cannot be installed": {UsbState.PROBLEMS},
}


def _write(folder: Path, value: object) -> None:
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    data["pillars"][0]["indicators"][0]["value"] = value
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def usb(own_home: Path, qtbot: QtBot) -> Iterator[tuple[Kiosk, ContentPanel, Path]]:
    folder = own_home.parent / "USB-STICK" / "lna-content"
    shutil.copytree(resources.bundled_content_dir(), folder)
    _write(folder, 180)
    kiosk = build(own_home, clocks=Clocks())
    try:
        kiosk.language.set_language("en")
        kiosk.staff.open_content()
        panel = kiosk.staff.content_panel
        assert panel is not None
        panel.drives = lambda: [folder.parent]
        yield kiosk, panel, folder
        panel.close_overlay()
    finally:
        shutdown(kiosk)


def _picture(panel: ContentPanel) -> QImage:
    return panel.install_button.grab().toImage()


def _holds(panel: ContentPanel, state: UsbState, seen: dict[UsbState, QImage]) -> None:
    heading, explanation, install, back, look = TABLE[state]
    assert panel.state is state
    assert panel.found_label.text() == heading
    details = panel.details_label.text()
    assert details.startswith(explanation) if explanation else details == "", details
    assert panel.install_button.isEnabled() is install
    assert back is None or panel.back_button.isEnabled() is back
    assert panel.look_button.isEnabled() is look and panel.close_button.isEnabled()
    shown = "\n".join([heading, details, panel.status_label.text()])
    for words, states in OWN_WORDS.items():
        assert words not in shown or state in states, (state, words, shown)
    seen[state] = _picture(panel)


def _look(panel: ContentPanel, qtbot: QtBot) -> None:
    with qtbot.waitSignal(panel.looked, timeout=60_000):
        panel.look()


@pytest.mark.logs("not enough space", "looking at the USB sticks failed")
def test_every_state_shows_one_consistent_story(
    usb: tuple[Kiosk, ContentPanel, Path], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk, panel, folder = usb
    seen: dict[UsbState, QImage] = {}
    panel.look()
    _holds(panel, UsbState.LOOKING, seen)  # its outcome waits for the event loop
    qtbot.waitSignal(panel.looked, timeout=60_000).wait()
    _holds(panel, UsbState.READY, seen)

    with monkeypatch.context() as patch:  # too little room on the kiosk's disk
        patch.setattr(shutil, "disk_usage", lambda _path: shutil._ntuple_diskusage(10**9, 10**9 - 1, 1))  # type: ignore[attr-defined]
        panel.install_button.click()
        _holds(panel, UsbState.INSTALLING, seen)
        qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    _holds(panel, UsbState.FAILED, seen)

    panel.install_button.click()  # room again
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    _holds(panel, UsbState.INSTALLED, seen)
    assert kiosk.pages.views[1].key_tiles[0].indicator.value == 180
    _look(panel, qtbot)
    _holds(panel, UsbState.SAME, seen)

    with qtbot.waitSignal(panel.looked, timeout=60_000):
        panel.back_button.click()
        _holds(panel, UsbState.GOING_BACK, seen)
    _holds(panel, UsbState.READY, seen)  # the stick again differs from what is shown
    assert panel.status_label.text() == "Back to the previous content."

    (folder / "content.json").write_text('{"pillars": [ ,]}', encoding="utf-8")
    _look(panel, qtbot)
    _holds(panel, UsbState.PROBLEMS, seen)
    assert (
        "content.json is not valid JSON near line 1, column 15: a comma, quote or bracket is missing or extra."
        in panel.details_label.text()
    )
    assert "Expecting" not in panel.details_label.text()  # not Python's own words

    panel.drives = lambda: [folder.parent.parent / "nothing-here"]
    _look(panel, qtbot)
    _holds(panel, UsbState.NOTHING, seen)

    def unreadable() -> list[Path]:
        raise OSError(5, "Input/output error")

    panel.drives = unreadable
    _look(panel, qtbot)
    _holds(panel, UsbState.LOOK_FAILED, seen)
    assert set(seen) == set(UsbState)

    # Install drawn as it is: every state where it cannot be used draws it unlike the ones where it can.
    usable = [seen[state] for state, row in TABLE.items() if row[2]]
    assert all(picture == usable[0] for picture in usable)
    assert all(seen[state] != usable[0] for state, row in TABLE.items() if not row[2])


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_json_mistake_is_said_in_the_staff_language(usb: tuple[Kiosk, ContentPanel, Path], qtbot: QtBot, language: str) -> None:
    kiosk, panel, folder = usb
    kiosk.language.set_language(language)
    (folder / "content.json").write_text('{"pillars": [ ,]}', encoding="utf-8")
    _look(panel, qtbot)
    text = panel.details_label.text()
    assert "Expecting value" not in text and "JSON" in text
    if language == "zh":
        assert text.startswith("有 1 个问题，无法安装。") and "第 1 行第 15 列" in text
