"""`kiosk bench display`: that it measures what it says at the size it is given and reports each
figure against its target and its floor. Its figures are never judged here: machines are noisy."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kiosk.qa.bench import display
from kiosk.ui.app import Kiosk
from tests.process import run_kiosk

KEYS = {
    "floor_frame",
    "floor_tap",
    "floor_tap_back_to_back",
    "chart_frame",
    "carousel_frame",
    "slide_frames_painted",
    "slide_frame",
    "tap_tab",
    "tap_language",
    "tap_section",
    "tap_photo",
}


def test_a_child_measures_every_figure_at_its_size(kiosk_home: Path) -> None:
    result = run_kiosk("bench", "display", "--json", "--size", "800x450", "--repeats", "1", env_home=kiosk_home, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["platform"] == "offscreen" and figures["size"] == [800, 450]
    assert set(figures) >= KEYS
    for key in KEYS:
        assert figures[key] and all(value >= 0 for value in figures[key]), key
    assert len(figures["tap_tab"]) == 20 and len(figures["slide_frame"]) > 0
    assert max(figures["slide_frames_painted"]) > 1  # a real slide paints frames as it goes


def test_targets_halve_with_a_quarter_of_the_pixels() -> None:
    assert display.target_scale(3840, 2160) == 1.0
    assert display.target_scale(1920, 1080) == 0.5
    assert display.target_scale(7680, 4320) == 1.0  # never looser than at 4K
    tab = display.ROWS[0]
    assert tab.limit((1920, 1080)) == 25 and tab.limit((3840, 2160)) == 50


def _figures(tap_ms: float, frame_ms: float) -> dict[str, object]:
    figures: dict[str, object] = {key: [frame_ms] * 20 for key in KEYS}
    figures.update(
        tap_tab=[tap_ms] * 20,
        tap_language=[tap_ms] * 20,
        tap_section=[tap_ms] * 20,
        tap_photo=[tap_ms] * 20,
        floor_frame=[2.0] * 20,
        floor_tap=[4.0] * 20,
        floor_tap_back_to_back=[2.0] * 20,
        slide_frames_painted=[18, 18, 17],
        first_frame=[300.0, 310.0],
        first_frame_bare=[200.0, 200.0],
    )
    return figures


def test_the_table_shows_each_figure_beside_target_and_floor() -> None:
    text = display.table((3840, 2160), {"offscreen": _figures(40.0, 6.0), "xcb (Xvfb)": _figures(60.0, 9.0)})
    tab = next(line for line in text.splitlines() if "tab switch" in line)
    assert "< 50 ms" in tab and "40.0 ms" in tab and "10.0xF PASS" in tab  # 40 ms against a 4 ms tap floor
    assert "60.0 ms" in tab and "15.0xF FAIL" in tab
    first = next(line for line in text.splitlines() if "first frame" in line)
    assert "1.52x" in first and "FAIL" in first  # 305 ms against 200 ms
    floor = next(line for line in text.splitlines() if "floor" in line)
    assert "frame 2.0 ms, tap 4.0 ms" in floor
    back_to_back = next(line for line in text.splitlines() if "back to back" in line)
    assert back_to_back.count("2.0 ms") == 2  # shown, and no base: the ratios above are to the 4 ms tap


def test_every_measured_tap_comes_after_the_same_pause_the_floor_taps_come_after(kiosk: Kiosk) -> None:
    """The floor and the kiosk's taps are measured alike: a tap straight after another costs a
    fraction of one after a pause, so a floor tapped back to back would flatter every ratio."""
    pauses: list[int] = []

    def pause() -> None:
        pauses.append(1)

    floor = display.floor(kiosk, kiosk.app, samples=3, pause=pause)
    assert len(pauses) == 3 and len(floor["floor_tap"]) == 3 and len(floor["floor_tap_back_to_back"]) == 3
    pauses.clear()
    taps = display.taps(kiosk, kiosk.app, count=2, pause=pause)
    assert sorted(taps) == ["tap_language", "tap_photo", "tap_section", "tap_tab"]
    assert len(pauses) == sum(len(costs) for costs in taps.values()) == 8


def test_a_platform_that_could_not_run_is_shown_as_such() -> None:
    text = display.table((1920, 1080), {"offscreen": _figures(10.0, 1.0), "xcb (Xvfb)": None})
    assert "(not run)" in text


def test_the_frozen_first_frame_is_shown_only_when_measured() -> None:
    without = display.table((1920, 1080), {"offscreen": _figures(10.0, 1.0)})
    assert "frozen bundle" not in without
    figures = {**_figures(10.0, 1.0), "first_frame_frozen": [250.0, 250.0]}
    frozen = next(line for line in display.table((1920, 1080), {"offscreen": figures}).splitlines() if "frozen bundle" in line)
    assert "1.25x" in frozen and "PASS" in frozen  # 250 ms against the same run's 200 ms bare window


def test_the_frozen_kiosk_is_named_by_its_folder_or_executable(tmp_path: Path) -> None:
    assert display.bundle_command({}) is None
    executable = tmp_path / "lna-kiosk"
    executable.write_text("", encoding="utf-8")
    if sys.platform != "win32":
        assert display.bundle_command({display.BUNDLE_ENV: str(tmp_path)}) == [str(executable), "--first-frame-report"]
    assert display.bundle_command({display.BUNDLE_ENV: str(executable)}) == [str(executable), "--first-frame-report"]
    with pytest.raises(FileNotFoundError, match="no frozen kiosk there"):
        display.bundle_command({display.BUNDLE_ENV: str(tmp_path / "nowhere")})
