"""The live models promise one-way changes: a setting changed through LiveSettings is checked, applied,
heard by its own signal and then by `changed`, and saved (a disk that refuses still leaves it applied);
LiveContent keeps what is on screen when a folder is refused and says why, and follows the `content`
setting to a folder staff installed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.core.content.source import ContentSource
from kiosk.core.settings import SettingError, Settings
from kiosk.ui.live import LiveContent, LiveSettings, SettingNotSavedError


@pytest.fixture
def live(qapp: QApplication, tmp_path: Path) -> LiveSettings:
    return LiveSettings(Settings(tmp_path / "config"))


def _heard(live: LiveSettings, name: str) -> list[tuple[str, object]]:
    heard: list[tuple[str, object]] = []
    live.changed_signal(name).connect(lambda value: heard.append((name, value)))
    live.changed.connect(lambda changed, value: heard.append(("changed", (changed, value))))
    return heard


def test_a_change_is_heard_by_its_own_signal_then_by_changed_and_saved(live: LiveSettings) -> None:
    heard = _heard(live, "warning_s")
    live.change("warning_s", 20)
    assert heard == [("warning_s", 20), ("changed", ("warning_s", 20))]
    assert live["warning_s"] == 20
    assert Settings.load(live.folder)["warning_s"] == 20


def test_a_setting_set_to_its_value_again_changes_nothing_and_writes_nothing(live: LiveSettings) -> None:
    heard = _heard(live, "warning_s")
    live.change("warning_s", live["warning_s"])
    assert heard == []
    assert not live.store.path.exists()


def test_a_change_kept_for_this_run_only_is_heard_but_not_saved(live: LiveSettings) -> None:
    heard = _heard(live, "idle_timeout_s")
    live.change("idle_timeout_s", 300, save=False)
    assert heard[0] == ("idle_timeout_s", 300)
    assert not live.store.path.exists()


def test_a_value_the_schema_refuses_changes_nothing(live: LiveSettings) -> None:
    heard = _heard(live, "warning_s")
    with pytest.raises(SettingError):
        live.change("warning_s", 1000)
    assert heard == []
    assert live["warning_s"] == live.store.spec("warning_s").default


def test_a_misspelt_setting_fails_when_connecting_not_later(live: LiveSettings) -> None:
    with pytest.raises(SettingError, match="no setting 'warning_secs'"):
        live.changed_signal("warning_secs")


def test_a_change_the_disk_refuses_still_applies_until_a_restart(qapp: QApplication, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "config"
    not_a_folder.write_text("a file where the settings folder should be")
    live = LiveSettings(Settings(not_a_folder))
    heard = _heard(live, "warning_s")
    with pytest.raises(SettingNotSavedError, match=r"settings\.json"):
        live.change("warning_s", 20)
    assert live["warning_s"] == 20
    assert heard[0] == ("warning_s", 20)


def test_refused_content_keeps_what_is_shown_and_says_why(qtbot: QtBot, content_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = LiveContent(ContentSource(None, resources.bundled_content_dir(), None))
    shown = content.dataset
    (content_copy / "content.json").write_text("{ not json", encoding="utf-8")
    content.source.request(content_copy)
    changed: list[bool] = []
    content.changed.connect(lambda: changed.append(True))
    with qtbot.waitSignal(content.refused) as refused:
        problems = content.reload()
    assert problems and refused.args == [problems]
    assert content.dataset is shown and changed == []
    assert content.state.rejected[0] == f"content in {content_copy} was refused"
    assert any("refused" in r.getMessage() and r.levelname == "ERROR" for r in caplog.records)


def test_content_follows_the_content_setting_to_a_new_folder_and_back(qtbot: QtBot, live: LiveSettings, content_copy: Path) -> None:
    content = LiveContent(ContentSource(None, resources.bundled_content_dir(), None))
    raw = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    raw["title"]["en"] = "An edited title"
    (content_copy / "content.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    content.follow(live)
    with qtbot.waitSignal(content.changed):
        live.change("content", str(content_copy))
    assert content.folder == content_copy
    assert content.dataset.title.in_language("en") == "An edited title"
    with qtbot.waitSignal(content.changed):
        live.change("content", "")
    assert content.folder == resources.bundled_content_dir()


@pytest.mark.logs("refused", "cannot draw", "problem(s)")
def test_a_kiosk_judges_content_by_its_font_at_start_and_on_reload(qtbot: QtBot, own_home: Path, tmp_path: Path) -> None:
    """Start-up and the staff panel's Reload (content.reload) judge as `kiosk check` does: content with a
    character the font lacks is never shown; the last good content stays. The USB panel's installer
    judges by the same font."""
    from tests.kiosks import build, shutdown
    from tests.tofu import TOFU, tofu_folder

    folder = tofu_folder(tmp_path / "content")
    kiosk = build(own_home, content_dir=folder, size=None)
    try:
        assert kiosk.content.folder == resources.bundled_content_dir() and TOFU in kiosk.content.state.rejected[1]
        assert kiosk.content.source.glyphs is not None and kiosk.content.source.glyphs(TOFU) == TOFU
        assert kiosk.staff._installer.glyphs is kiosk.content.source.glyphs
        (folder / "content.json").write_text((resources.bundled_content_dir() / "content.json").read_text(encoding="utf-8"), "utf-8")
        assert kiosk.content.reload() == [] and kiosk.content.folder == folder  # fixed: shown
        tofu_folder(tmp_path / "again")
        (folder / "content.json").write_text((tmp_path / "again" / "content.json").read_text(encoding="utf-8"), "utf-8")
        shown = kiosk.content.dataset
        problems = kiosk.content.reload()
        assert len(problems) == 1 and TOFU in problems[0] and kiosk.content.dataset is shown
    finally:
        shutdown(kiosk)
