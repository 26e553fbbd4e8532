"""Frame cost while a page's count-ups and charts animate, at a given screen size.

Each frame is what the event loop does at a 60 Hz tick: advance every running animation of the
page to the next moment, then paint what changed. We step the animations ourselves (seek) so every
frame is measured, and report p95 and max as a fraction of a 60 Hz frame (16.7 ms)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from kiosk.core.health import rss_mb
from kiosk.qa.bench.display import FRAME_MS, p95
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.chart_slot import ChartSlot


@dataclass(frozen=True)
class FrameStats:
    name: str
    frames: int
    p95_ms: float
    max_ms: float

    @property
    def p95_fraction(self) -> float:
        return self.p95_ms / FRAME_MS

    @property
    def max_fraction(self) -> float:
        return self.max_ms / FRAME_MS


def measure_page(kiosk: Kiosk, app: QApplication, index: int, frames: int) -> list[float]:
    """Costs in ms of every frame of every chart animation on page `index` (tiles count up too)."""
    window = kiosk.window
    kiosk.navigation.show_page(index)
    window.finish_transition()
    view = kiosk.pages.views[index]
    costs: list[float] = []
    slots: list[ChartSlot | None] = list(view.chart_slots) or [None]
    for slot in slots:
        if isinstance(slot, ChartSlot):
            view.show_section(view.section_of(slot))
        settle(app)
        for frame in range(frames + 1):
            t = frame / frames
            start = time.perf_counter()
            view.tiles_replay.seek(t)
            if slot is not None:
                slot.replay.seek(t)
            app.processEvents()  # delivers the update requests: the paint of this frame
            costs.append((time.perf_counter() - start) * 1000)
    return costs


def run(kiosk: Kiosk, app: QApplication, *, width: int, height: int, repeats: int = 3, frames: int = 66) -> list[FrameStats]:
    window = kiosk.window
    window.resize(width, height)
    window.show()
    settle(app)
    kiosk.pages.build_charts()
    results = []
    for index, view in enumerate(kiosk.pages.views):
        runs = [measure_page(kiosk, app, index, frames) for _ in range(repeats + 1)][1:]  # first run warms up
        p95s = [p95(r) for r in runs]
        maxes = [max(r) for r in runs]
        results.append(FrameStats(view.page.id, sum(len(r) for r in runs), statistics.median(p95s), statistics.median(maxes)))
    return results


def report(results: list[FrameStats], width: int, height: int) -> str:
    lines = [f"chart animation frame cost at {width}x{height} (60 Hz frame = {FRAME_MS:.1f} ms; target p95 < 0.5 frame)"]
    lines.append(f"  {'page':<12}{'frames':>8}{'p95 ms':>10}{'p95/frame':>11}{'max ms':>10}{'max/frame':>11}")
    for r in results:
        lines.append(f"  {r.name:<12}{r.frames:>8}{r.p95_ms:>10.2f}{r.p95_fraction:>11.2f}{r.max_ms:>10.2f}{r.max_fraction:>11.2f}")
    worst = max(results, key=lambda r: r.p95_fraction)
    verdict = "PASS" if worst.p95_fraction < 0.5 else "FAIL"
    lines.append(f"  worst p95: {worst.p95_fraction:.2f} of a frame ({worst.name}) -> {verdict}")
    return "\n".join(lines)


def replay_soak(kiosk: Kiosk, app: QApplication, times: int = 200) -> str:
    """Replay every chart and count-up `times` times, switching language now and then; report live
    Qt wrappers and RSS after a warm-up and at the end."""
    import shiboken6

    kiosk.pages.build_charts()
    slots = [(view, slot) for view in kiosk.pages.views for slot in view.chart_slots]

    def replay(n: int) -> None:
        for i in range(n):
            for view, slot in slots:
                for t in (0.0, 0.25, 0.5, 0.75, 1.0):
                    slot.replay.seek(t)
                    view.tiles_replay.seek(t)
            if i % 25 == 0:
                kiosk.language.set_language("en" if kiosk.language.language != "en" else "zh")
            settle(app)

    replay(20)
    wrappers, rss = len(shiboken6.Shiboken.getAllValidWrappers()), rss_mb()
    replay(times)
    wrappers_end, rss_end = len(shiboken6.Shiboken.getAllValidWrappers()), rss_mb()
    return (
        f"replaying every chart {times} times (after a 20-replay warm-up):\n"
        f"  live Qt wrappers {wrappers} -> {wrappers_end} ({wrappers_end - wrappers:+d})\n"
        f"  RSS {rss:.1f} MB -> {rss_end:.1f} MB ({rss_end - rss:+.1f} MB)"
    )
