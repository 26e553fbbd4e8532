"""`kiosk bench charts`: the cost of each frame while a page's count-ups and charts animate, every
page measured, reported as a fraction of a 60 Hz frame against its target; and a soak that replays
every chart, counting live Qt wrappers and memory. Run here at the smallest settings: the figures must
be there and sane; their size is never judged (machines are noisy)."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.qa.bench import chart_frames
from kiosk.qa.bench.chart_frames import FrameStats
from kiosk.qa.bench.display import FRAME_MS
from kiosk.ui.app import Kiosk
from tests.kiosks import build, shutdown

T = TypeVar("T")


@pytest.fixture
def collected() -> Iterator[None]:
    """pyqtgraph's menus (top-level QMenus) and a HeadingLabel of a shut-down kiosk are held in reference
    cycles until the cycle collector runs, which the check for widgets left behind does not wait for."""
    yield
    gc.collect()


def _on_a_kiosk(home: Path, measure: Callable[[Kiosk], T]) -> T:
    """What `measure` finds on a kiosk of its own, shut down afterwards (and no longer referenced)."""
    kiosk = build(home, size=(800, 450))
    try:
        return measure(kiosk)
    finally:
        shutdown(kiosk)


def test_every_page_is_measured_frame_by_frame_at_the_size_given(qapp: QApplication, tmp_path: Path, collected: None) -> None:
    def measure(kiosk: Kiosk) -> tuple[list[FrameStats], tuple[int, int], list[tuple[str, int]]]:
        results = chart_frames.run(kiosk, qapp, width=640, height=360, repeats=2, frames=3)
        window = kiosk.window
        return results, (window.width(), window.height()), [(view.page.id, len(view.chart_slots)) for view in kiosk.pages.views]

    results, size, pages = _on_a_kiosk(tmp_path / "home", measure)
    assert size == (640, 360)
    assert [r.name for r in results] == [page for page, _ in pages]
    for result, (_, charts) in zip(results, pages, strict=True):
        animations = max(1, charts)  # a page without charts still counts its tiles up
        assert result.frames == 2 * animations * (3 + 1)  # every frame of every repeat, the warm-up left out
        assert 0 <= result.p95_ms <= result.max_ms
    assert any(charts for _, charts in pages)


def test_the_report_has_a_row_per_page_and_judges_the_worst_p95() -> None:
    fine = [FrameStats("overview", 66, 2.0, 5.0), FrameStats("industry", 66, 6.0, 12.0)]
    text = chart_frames.report(fine, 1920, 1080)
    lines = text.splitlines()
    assert lines[0] == "chart animation frame cost at 1920x1080 (60 Hz frame = 16.7 ms; target p95 < 0.5 frame)"
    assert lines[2].split() == ["overview", "66", "2.00", f"{2.0 / FRAME_MS:.2f}", "5.00", f"{5.0 / FRAME_MS:.2f}"]
    assert lines[-1] == "  worst p95: 0.36 of a frame (industry) -> PASS"
    slow = [*fine, FrameStats("ecology", 66, 9.0, 30.0)]
    assert chart_frames.report(slow, 1920, 1080).splitlines()[-1] == "  worst p95: 0.54 of a frame (ecology) -> FAIL"
    assert FrameStats("x", 1, FRAME_MS / 4, FRAME_MS * 2).p95_fraction == pytest.approx(0.25)
    assert FrameStats("x", 1, FRAME_MS / 4, FRAME_MS * 2).max_fraction == pytest.approx(2.0)


def test_the_soak_replays_every_chart_switching_language_and_counts_what_is_left(
    qapp: QApplication, tmp_path: Path, collected: None
) -> None:
    switched: list[str] = []

    def soak(kiosk: Kiosk) -> str:
        kiosk.language.language_changed.connect(switched.append)
        return chart_frames.replay_soak(kiosk, qapp, times=30)

    text = _on_a_kiosk(tmp_path / "home", soak)
    assert switched == ["en", "zh", "en"]  # once in the warm-up, twice in 30 replays (every 25th)
    head, wrappers, rss = text.splitlines()
    assert head == "replaying every chart 30 times (after a 20-replay warm-up):"
    counts = re.fullmatch(r"  live Qt wrappers (\d+) -> (\d+) \(([+-]\d+)\)", wrappers)
    assert counts is not None
    before, after, change = map(int, counts.groups())
    assert before > 0 and after - before == change
    match = re.fullmatch(r"  RSS (\d+\.\d) MB -> (\d+\.\d) MB \(([+-]\d+\.\d) MB\)", rss)
    assert match and float(match[1]) > 0 and float(match[2]) > 0
