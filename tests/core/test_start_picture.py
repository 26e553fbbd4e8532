"""The start picture's facts: a picture is read back only for the facts it was kept with, and a
changed, broken or hostile file gives no picture (never an exception)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.core import start_picture
from kiosk.core.start_picture import Facts, Screen, StartPictures, choices, folder_print, settings_digest

SCREEN = Screen(4, 2, 1.0)


def _facts(content: Path, settings: str = "s1") -> Facts:
    return Facts("kiosk 1", choices(None, None, None), settings, 0, SCREEN, str(content), folder_print(content) or "")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "photos").mkdir(parents=True)
    (folder / "content.json").write_text("{}", encoding="utf-8")
    (folder / "photos" / "a.jpg").write_bytes(b"jpeg")
    return folder


PIXELS = bytes(range(32))  # 4 x 2 pixels of 4 bytes


def test_a_picture_is_read_back_with_the_facts_it_was_kept_with(tmp_path: Path, content: Path) -> None:
    pictures = StartPictures(tmp_path / "cache")
    assert pictures.keep(_facts(content), PIXELS) is None
    kept = pictures.read(_facts(content))
    assert kept is not None and kept.pixels == PIXELS and kept.facts == _facts(content)
    assert pictures.read(_facts(content, settings="s2")) is None  # a setting changed


def test_other_versions_choices_or_settings_give_no_picture(tmp_path: Path, content: Path) -> None:
    pictures = StartPictures(tmp_path / "cache")
    pictures.keep(_facts(content), PIXELS)
    facts = _facts(content)
    for other in (
        Facts("kiosk 2", facts.choices, facts.settings, 0, facts.screen, "", ""),
        Facts(facts.versions, choices(None, "en", None), facts.settings, 0, facts.screen, "", ""),
        Facts(facts.versions, facts.choices, "s2", 0, facts.screen, "", ""),
    ):
        assert pictures.read(other) is None
    assert pictures.read(Facts(facts.versions, facts.choices, facts.settings, -1, Screen(0, 0, 1.0), "", "")) is not None


def test_a_changed_content_folder_gives_no_picture(tmp_path: Path, content: Path) -> None:
    pictures = StartPictures(tmp_path / "cache")
    pictures.keep(_facts(content), PIXELS)
    photo = content / "photos" / "a.jpg"
    os.utime(photo, ns=(photo.stat().st_atime_ns, photo.stat().st_mtime_ns + 1_000_000))  # replaced, same size
    assert pictures.read(_facts(content)) is None
    pictures.keep(_facts(content), PIXELS)
    (content / "photos" / "b.jpg").write_bytes(b"new")
    assert pictures.read(_facts(content)) is None


def test_a_picture_of_another_size_is_not_kept(tmp_path: Path, content: Path) -> None:
    pictures = StartPictures(tmp_path / "cache")
    assert pictures.keep(_facts(content), PIXELS[:-4]) == "the picture is not the size of the screen"
    assert not pictures.picture_path.exists()


@pytest.mark.parametrize("damage", ["truncated", "garbage facts", "facts of a giant", "fifo", "folder"])
def test_a_broken_or_hostile_file_gives_no_picture(tmp_path: Path, content: Path, damage: str) -> None:
    pictures = StartPictures(tmp_path / "cache")
    pictures.keep(_facts(content), PIXELS)
    if damage == "truncated":
        pictures.picture_path.write_bytes(PIXELS[:10])
    elif damage == "garbage facts":
        pictures.facts_path.write_bytes(b"\xff{not json")
    elif damage == "facts of a giant":
        raw = json.loads(pictures.facts_path.read_text(encoding="utf-8"))
        raw["screen"] = {"width": 100_000, "height": 100_000, "ratio": 1.0}
        pictures.facts_path.write_text(json.dumps(raw), encoding="utf-8")
    elif damage == "fifo":
        pictures.picture_path.unlink()
        os.mkfifo(pictures.picture_path)  # read as a file, it would wait for a writer for ever
    else:
        pictures.facts_path.unlink()
        pictures.facts_path.mkdir()
    assert pictures.read(_facts(content)) is None


def test_the_settings_digest_follows_every_settings_file(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    assert settings_digest(folder) == settings_digest(tmp_path / "also-missing")  # none yet: the defaults
    folder.mkdir()
    (folder / "settings.json").write_text('{"theme": "standard"}', encoding="utf-8")
    first = settings_digest(folder)
    (folder / ".settings.json.x.tmp").write_text("half written", encoding="utf-8")
    assert settings_digest(folder) == first  # a writer's temporary file is not a setting
    (folder / "pin.json").write_text("{}", encoding="utf-8")
    second = settings_digest(folder)
    assert second != first
    (folder / "settings.json").write_text('{"theme": "high_contrast"}', encoding="utf-8")
    assert settings_digest(folder) not in (first, second)
    os.mkfifo(folder / "trap")
    assert settings_digest(folder) is None  # a settings file that cannot be read: no picture


def test_a_folder_too_large_to_fingerprint_has_no_print(tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert folder_print(content) is not None
    monkeypatch.setattr(start_picture, "MOST_FILES", 2)
    assert folder_print(content) is None
    assert folder_print(tmp_path / "missing") is None


def test_forget_removes_both_files(tmp_path: Path, content: Path) -> None:
    pictures = StartPictures(tmp_path / "cache")
    pictures.keep(_facts(content), PIXELS)
    pictures.forget()
    assert not pictures.picture_path.exists() and not pictures.facts_path.exists()
