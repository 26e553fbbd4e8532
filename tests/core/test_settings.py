from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.core.paths import AppPaths
from kiosk.core.settings import SCHEMA, SETTINGS_FILE, Settings


def test_defaults_come_from_the_schema(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    assert all(settings[s.name] == s.default for s in SCHEMA)
    assert settings.warnings == []


def test_saved_settings_come_back(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    settings.set("default_language", "en")
    settings.save()
    assert Settings.load(tmp_path)["default_language"] == "en"
    assert [p.name for p in tmp_path.iterdir()] == [SETTINGS_FILE]  # no temp file left behind


@pytest.mark.parametrize("content", ["{not json", json.dumps({"values": {"screen": -3}}), json.dumps([1, 2])])
def test_a_bad_file_falls_back_to_defaults_with_a_warning(tmp_path: Path, content: str) -> None:
    (tmp_path / SETTINGS_FILE).write_text(content, encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings["screen"] == 0
    assert len(settings.warnings) == 1 and str(tmp_path) in settings.warnings[0]


def test_out_of_range_values_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="swipe_distance must be at least 40"):
        Settings(tmp_path).set("swipe_distance", 5)


def test_kiosk_home_keeps_everything_in_one_folder(tmp_path: Path) -> None:
    paths = AppPaths.for_platform({"KIOSK_HOME": str(tmp_path)})
    assert all(p.is_relative_to(tmp_path) for p in (paths.config, paths.cache, paths.data, paths.logs, paths.runtime))


def test_opening_hours_are_checked_by_the_schedule_grammar(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    settings.set("opening_hours", "tue-fri 09:00-12:00 13:00-17:30; sat-sun 10:00-18:00")
    with pytest.raises(ValueError, match=r'opening_hours "mon-fri 9-17": times must look like HH:MM-HH:MM, not "9-17"'):
        settings.set("opening_hours", "mon-fri 9-17")
    with pytest.raises(ValueError, match="must be one of standard, high_contrast"):
        settings.set("theme", "dark")
