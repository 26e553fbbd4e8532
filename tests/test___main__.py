"""`python -m kiosk` as a hall starts it: the second start shows the first one's first frame (the
start picture) before the kiosk's own, and that picture is what the kiosk then paints; anything that
could make it wrong shows none, and a wrong one is replaced."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.core.paths import AppPaths
from kiosk.core.settings import Settings
from kiosk.core.start_picture import FACTS_FILE, PICTURE_FILE
from tests.process import run_kiosk


def start(home: Path, *args: str) -> dict[str, Any]:
    result = run_kiosk(*args, "--first-frame-report", env_home=home)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def shown_first(report: dict[str, Any]) -> bool:
    """The start picture was on the screen before the kiosk's own first frame, and was that frame."""
    shown = report["start_picture_at"]
    return shown is not None and shown < report["first_frame_at"] and report["start_picture_matched"] is True


def test_the_second_start_shows_the_first_ones_first_frame_at_once(tmp_path: Path) -> None:
    first = start(tmp_path)
    assert first["start_picture_at"] is None  # nothing kept yet
    picture = AppPaths.under(tmp_path).cache / PICTURE_FILE
    assert picture.stat().st_size == 800 * 800 * 4  # Qt's offscreen screen, every pixel
    assert shown_first(start(tmp_path))
    assert shown_first(start(tmp_path))
    assert start(tmp_path)["deferred_at_first_frame"] == []  # the picture waits for nothing either


def test_a_changed_setting_shows_no_picture_until_the_kiosk_has_painted_itself_again(tmp_path: Path) -> None:
    start(tmp_path)
    settings = Settings.load(AppPaths.under(tmp_path).config)
    settings.set("theme", "high_contrast")
    settings.save()
    assert start(tmp_path)["start_picture_at"] is None
    assert shown_first(start(tmp_path))


def test_a_wrong_picture_is_shown_once_and_replaced(tmp_path: Path) -> None:
    """A fact the picture's list misses (here: the picture itself spoiled, same size) is caught by the
    kiosk comparing its own first frame: logged, replaced, right at the next start."""
    start(tmp_path)
    picture = AppPaths.under(tmp_path).cache / PICTURE_FILE
    picture.write_bytes(b"\x80" * picture.stat().st_size)
    wrong = start(tmp_path)
    assert wrong["start_picture_at"] is not None and wrong["start_picture_matched"] is False
    assert "the start picture was not the kiosk's first frame: it is replaced" in (AppPaths.under(tmp_path).logs / "kiosk.log").read_text(
        encoding="utf-8"
    )
    assert shown_first(start(tmp_path))


def test_no_picture_is_kept_while_opening_hours_are_set(tmp_path: Path) -> None:
    """The first frame may be the closed screen with the next opening time: it changes with the clock."""
    start(tmp_path)
    settings = Settings.load(AppPaths.under(tmp_path).config)
    settings.set("opening_hours", "mon-sun 00:00-23:59")
    settings.save()
    assert start(tmp_path)["start_picture_at"] is None
    assert start(tmp_path)["start_picture_at"] is None
    assert not (AppPaths.under(tmp_path).cache / FACTS_FILE).exists()


def test_a_start_in_a_window_or_with_other_choices_shows_no_picture(tmp_path: Path) -> None:
    start(tmp_path)
    assert start(tmp_path, "--windowed")["start_picture_at"] is None
    assert start(tmp_path, "--lang", "en")["start_picture_at"] is None  # kept for the default language
    assert shown_first(start(tmp_path, "--lang", "en"))  # kiosk.cli shows it too, a little later
