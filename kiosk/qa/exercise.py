"""Driving the real kiosk hard: `kiosk soak` (hours of visitors and attract loop, compressed, with the
pages rebuilt by a theme switch or a content reload every few cycles) and `kiosk storm` (a seeded random
flood of touches, presses, swipes, multi-touch and keys, everywhere, in every mode). Both fail on
unhandled exceptions and Qt warnings; the soak also on growth.

Growth is judged as a trend, never from two samples: a count of live Qt objects wanders by a few as
deferred deletions land, which says nothing. A leak is a count (in all, or of one type) that rises at
nearly every sample and ends well above where it began; memory is judged by its fitted slope."""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from types import TracebackType

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from kiosk.core.health import rss_mb
from kiosk.core.session import Mode
from kiosk.qa.drive import gesture, settle, tap, wait_for_photos
from kiosk.ui.app import Kiosk
from kiosk.ui.attract.attract_view import build_scenes

# Warnings the offscreen platform prints for things a real display does; nothing else is allowed.
ALLOWED_WARNINGS = ("This plugin does not support",)


@dataclass
class Trouble:
    exceptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@contextmanager
def watching() -> Iterator[Trouble]:
    """Collect unhandled exceptions (slots included) and Qt warnings while the block runs."""
    trouble = Trouble()
    previous_hook = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        trouble.exceptions.append("".join(traceback.format_exception(kind, value, tb))[-1500:])

    def messages(kind: QtMsgType, _context: object, text: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) and not text.startswith(ALLOWED_WARNINGS):
            trouble.warnings.append(text)

    sys.excepthook = hook
    previous_handler = qInstallMessageHandler(messages)
    try:
        yield trouble
    finally:
        sys.excepthook = previous_hook
        qInstallMessageHandler(previous_handler)


def event_loop_delay_ms(app: QApplication) -> float:
    """How long a zero-delay timer takes to fire: the loop's responsiveness right now (a figure)."""
    fired: list[float] = []
    start = time.perf_counter()
    QTimer.singleShot(0, lambda: fired.append(time.perf_counter()))
    deadline = start + 5
    while not fired and time.perf_counter() < deadline:
        app.processEvents()
    return ((fired[0] if fired else deadline) - start) * 1000


@dataclass
class StormResult:
    events: int
    kinds: dict[str, int]
    exceptions: list[str]
    warnings: list[str]
    worst_loop_delay_ms: float  # printed as a figure: a busy machine makes it long, not a bug
    responsive: bool  # after the storm a tap on a tab still changes the page

    @property
    def ok(self) -> bool:
        return not self.exceptions and not self.warnings and self.responsive


class Storm:
    """Seeded random input. The same seed gives the same storm, so a failure can be replayed."""

    def __init__(self, kiosk: Kiosk, seed: int) -> None:
        from PySide6.QtTest import QTest  # only for storms: the frozen bundle leaves QtTest out

        self.kiosk, self.app = kiosk, kiosk.app
        self.rng = random.Random(seed)
        self.test = QTest
        self.device = QTest.createTouchDevice()

    def _point(self) -> QPoint:
        w = self.kiosk.window
        return QPoint(self.rng.randrange(0, max(1, w.width())), self.rng.randrange(0, max(1, w.height())))

    def one(self) -> str:
        window, test = self.kiosk.window, self.test
        kind = self.rng.choice(["tap", "tap", "tap", "swipe", "long", "multi", "key", "drag-short", "staff-keys"])
        p = self._point()
        if kind == "tap":
            gesture(window, p, p, steps=1)
        elif kind == "swipe":
            gesture(window, p, p + QPoint(self.rng.choice([-1, 1]) * self.rng.randrange(150, 900), self.rng.randrange(-60, 60)))
        elif kind == "long":
            gesture(window, p, p, steps=1, hold_s=0.02)
        elif kind == "drag-short":
            gesture(window, p, p + QPoint(self.rng.randrange(-40, 40), self.rng.randrange(-40, 40)))
        elif kind == "multi":
            q = self._point()
            test.touchEvent(window, self.device).press(0, p, window).press(1, q, window).commit()
            test.touchEvent(window, self.device).move(0, p + QPoint(30, 0), window).move(1, q - QPoint(30, 0), window).commit()
            test.touchEvent(window, self.device).release(0, p, window).release(1, q, window).commit()
        elif kind == "key":
            key = self.rng.choice([Qt.Key.Key_Escape, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Tab, Qt.Key.Key_F4])
            test.keyClick(window, key)
        elif kind == "staff-keys":
            test.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if self.rng.random() < 0.3:
            self.app.processEvents()
        return kind

    def run(self, events: int, modes: tuple[Mode, ...] = tuple(Mode)) -> StormResult:
        settings = self.kiosk.settings
        counts: dict[str, int] = {}
        worst_delay = 0.0
        per_mode = max(1, events // (len(modes) * 3))
        with watching() as trouble:
            for i in range(events):
                if i % per_mode == 0:  # as staff would switch it, but never saved
                    settings.change("mode", modes[(i // per_mode) % len(modes)].value, save=False)
                kind = self.one()
                counts[kind] = counts.get(kind, 0) + 1
                if i % 200 == 199:
                    worst_delay = max(worst_delay, event_loop_delay_ms(self.app))
            settle(self.app)
            worst_delay = max(worst_delay, event_loop_delay_ms(self.app))
            settings.change("mode", Mode.INTERACTIVE.value, save=False)
            responsive = self._still_answers()
        return StormResult(events, counts, trouble.exceptions, trouble.warnings, worst_delay, responsive)

    def _still_answers(self) -> bool:
        """Behaviour, not speed: with staff screens closed and a visitor back, a tab tap changes the page."""
        kiosk = self.kiosk
        kiosk.staff.close_all()
        if kiosk.window.lightbox is not None:
            kiosk.window.lightbox.close_view()
        kiosk.session.attract.stop()
        kiosk.navigation.reset(kiosk.session.default_language)
        settle(self.app)
        tab = kiosk.window.tab_bar.buttons[-1]
        tap(kiosk.window, tab)
        kiosk.window.finish_transition()
        settle(self.app)
        return kiosk.navigation.page == len(kiosk.window.tab_bar.buttons) - 1


def visitor_cycle(kiosk: Kiosk, rng: random.Random) -> None:
    """One compressed visitor session, then staff, then the attract loop and a wake."""
    app, window, session, staff = kiosk.app, kiosk.window, kiosk.session, kiosk.staff
    for _ in range(3):
        tap(window, window.tab_bar.buttons[rng.randrange(len(window.tab_bar.buttons))])
    middle = kiosk.pages.geometry().center()
    gesture(window, middle + QPoint(300, 0), middle - QPoint(300, 0))
    kiosk.language.set_language(rng.choice(kiosk.language.languages))
    view = kiosk.pages.views[kiosk.navigation.page]
    if view.carousels:
        carousel = view.carousels[0]
        view.show_section(view.section_of(carousel))
        carousel.advance()
        window.open_photo(carousel.album, carousel.index, view.accent)
        if window.lightbox is not None:
            window.lightbox.close_view()
    elif view.sections:
        view.show_section(rng.randrange(view.sections))
    staff.panel.open_overlay()
    staff.panel.insight_button.click()  # visitor insight: figures, heat map, export buttons rebuilt each time
    if staff.insight_panel is not None:
        staff.insight_panel.range_buttons[7].click()
        staff.insight_panel.close_overlay()
    kiosk.navigation.set_large_text(rng.random() < 0.5)
    kiosk.navigation.set_reach(rng.random() < 0.5)
    staff.close_all()
    session.start_attract_now()
    for _ in range(2):
        session.attract.next_scene()
    settle(app)
    gesture(window, middle, middle, steps=1)  # the wake
    window.finish_transition()
    settle(app)


REBUILD_EVERY = 3  # soak cycles between two rebuilds of the pages


def rebuild_pages(kiosk: Kiosk, turn: int) -> None:
    """What makes pages, tabs and charts anew in a hall: staff switch the theme (on even turns: to the
    other theme and back, so visitors go on in one theme and the caches of what they see stay warm) or
    content is reloaded (odd turns: a USB install, a save in `kiosk preview`)."""
    if turn % 2:
        kiosk.content.reload()
    else:
        theme = kiosk.settings["theme"]
        for name in ("high_contrast" if theme == "standard" else "standard", theme):
            kiosk.settings.change("theme", name, save=False)
            kiosk.window.finish_transition()
            settle(kiosk.app)
    kiosk.window.finish_transition()
    settle(kiosk.app)


def widget_counts(app: QApplication) -> tuple[int, int]:
    """(windows, widgets), once what was deleted later is deleted. Windows left behind by pages that are
    gone (pyqtgraph's hidden menus were) show here even when no Python object holds them."""
    settle(app)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    settle(app)
    return len(QApplication.topLevelWidgets()), len(QApplication.allWidgets())


def prewarm(kiosk: Kiosk) -> None:
    """Fill the caches a visitor fills in the first minutes (every photo at every size it is shown,
    every chart and glyph), so growth measured afterwards is growth, not warming up."""
    app, window, session, staff = kiosk.app, kiosk.window, kiosk.session, kiosk.staff
    for index, view in enumerate(kiosk.pages.views):  # photos are the same in every language: once
        kiosk.navigation.show_page(index)
        window.finish_transition()
        for carousel in view.carousels:
            view.show_section(view.section_of(carousel))
            for i in range(len(carousel.photos)):
                carousel.go_to(i)
                window.open_photo(carousel.album, i, view.accent)
                wait_for_photos(kiosk.loader)
                if window.lightbox is not None:
                    window.lightbox.close_view()
    for _theme in range(2):  # in both themes (a rebuild goes to the other and back), then a reload
        for large in (False, True):  # every page's text in every language and both text sizes, figures counting up
            kiosk.navigation.set_large_text(large)
            for lang in kiosk.language.languages:
                kiosk.language.set_language(lang)
                _count_up_every_page(kiosk)
        theme = kiosk.settings["theme"]
        kiosk.settings.change("theme", "high_contrast" if theme == "standard" else "standard", save=False)
    rebuild_pages(kiosk, 1)
    session.start_attract_now()
    for scene in build_scenes(window.dataset):  # the loop's languages alternate: each scene in each language
        for lang in kiosk.language.languages:
            session.attract.show_scene(scene, lang)
            session.attract.settle()
            wait_for_photos(kiosk.loader)
            settle(app)
    session.attract.stop()
    for on in (True, False):  # both text sizes and places of the controls, once
        kiosk.navigation.set_large_text(on)
        kiosk.navigation.set_reach(on)
        settle(app)
    staff.panel.open_overlay()  # the insight panel and its heat map, once
    staff.panel.insight_button.click()
    staff.close_all()
    kiosk.navigation.reset(kiosk.language.languages[0])
    settle(app)


def _count_up_every_page(kiosk: Kiosk) -> None:
    """Each page shown, its figures drawn at twenty moments of their count-up, then each section of its
    panel: every digit a count-up shows and every text at the size its section fits it to is drawn once
    (large figures are drawn from cached pictures of their glyphs, one set for each size)."""
    app, window = kiosk.app, kiosk.window
    for index, view in enumerate(kiosk.pages.views):
        kiosk.navigation.show_page(index)
        window.finish_transition()
        for step in range(21):
            view.tiles_replay.seek(step / 20)
            settle(app)
        for section in range(view.sections):  # each section's text at the size it is fitted to (its figures too)
            view.show_section(section)
            view.finish_animation()
            settle(app)
        view.show_section(0)


TREND_STEPS = 3  # fewer steps between samples than this make no trend: one step up is a wander as often as a leak


def rises_steadily(values: list[float], minimum_rise: float) -> bool:
    """A leak's shape: up at three steps in four or more, and at least `minimum_rise` higher at the
    end. Counts that wander (deferred deletions, caches that settle) do neither; too few samples
    (under TREND_STEPS steps) show no trend at all."""
    steps = [b - a for a, b in pairwise(values)]
    if len(steps) < TREND_STEPS:
        return False
    ups = sum(1 for step in steps if step > 0)
    return ups >= 0.75 * len(steps) and values[-1] - values[0] >= minimum_rise


def slope(values: list[float]) -> float:
    """Theil-Sen: the median of the slopes between every two samples (per sample), which one odd
    sample cannot move."""
    pairs = [(values[j] - values[i]) / (j - i) for i, j in combinations(range(len(values)), 2)]
    return statistics.median(pairs) if pairs else 0.0


def live_wrappers_by_type() -> Counter[str]:
    return Counter(type(obj).__name__ for obj in shiboken6.Shiboken.getAllValidWrappers())


@dataclass
class SoakResult:
    samples: list[tuple[int, int, float]]  # (cycle, live Qt wrappers, RSS MB)
    widgets: list[tuple[int, int]]  # (windows, widgets) at cycle 0 and after each rebuild of the pages
    leaking: list[str]  # what rose steadily: "all wrappers", "windows", "widgets", or a type name
    rss_trend_mb: float  # RSS growth over the measured cycles, from the fitted slope
    rss_limit_mb: float
    trouble: Trouble
    lines: list[str]

    @property
    def ok(self) -> bool:
        return not self.leaking and self.rss_trend_mb <= self.rss_limit_mb and not self.trouble.exceptions and not self.trouble.warnings


def _trend_words(leaking: list[str], samples: int, rebuilds: int) -> str:
    if leaking:
        return "rising steadily: " + ", ".join(leaking)
    if min(samples, rebuilds) - 1 < TREND_STEPS:
        return f"no steady rise (too few samples to judge a trend: {samples} samples, {rebuilds} rebuilds; {TREND_STEPS + 1} needed)"
    return "no steady rise"


def _rising(taken: list[tuple[int, int, float]], rebuilt: list[tuple[int, int]], by_type: list[Counter[str]]) -> list[str]:
    """What rose steadily: all wrappers or those of one type over the samples; windows or widgets over
    the rebuilds (they change only as pages are made anew: sampled between rebuilds, a leak of them
    is a staircase, up at one sample in REBUILD_EVERY)."""
    totals = {"all wrappers": [float(w) for _, w, _ in taken]}
    leaking = [name for name, values in totals.items() if rises_steadily(values, (len(taken) - 1) / 2)]
    for name, values in (("windows", [float(w) for w, _ in rebuilt]), ("widgets", [float(w) for _, w in rebuilt])):
        if rises_steadily(values, (len(rebuilt) - 1) / 2):
            leaking.append(name)
    for name in sorted(set().union(*by_type)):
        if rises_steadily([float(counts[name]) for counts in by_type], (len(taken) - 1) / 2):
            leaking.append(name)
    return leaking


def soak(kiosk: Kiosk, cycles: int, *, samples: int = 20, warm: int | None = None, seed: int = 11) -> SoakResult:
    """`warm` cycles to settle (default a fifth), then `cycles` more, sampled `samples` times (every
    cycle when there are fewer cycles): live Qt objects in all and by type, windows and widgets, and
    RSS. Every REBUILD_EVERY cycles the pages are made anew (a theme switch or a content reload)."""
    rng = random.Random(seed)
    warm = max(3, cycles // 5) if warm is None else warm
    every = max(1, cycles // samples)
    lines: list[str] = []
    taken: list[tuple[int, int, float]] = []
    widgets: list[tuple[int, int]] = []
    rebuilt: list[tuple[int, int]] = []
    by_type: list[Counter[str]] = []
    rebuilds = 0
    prewarm(kiosk)
    with watching() as trouble:
        for cycle in range(-warm, cycles + 1):
            if cycle:
                visitor_cycle(kiosk, rng)
                if cycle % REBUILD_EVERY == 0:
                    rebuild_pages(kiosk, rebuilds)
                    rebuilds += 1
            if cycle >= 0 and cycle % REBUILD_EVERY == 0:  # cycle 0: where the measured rebuilds start from
                rebuilt.append(widget_counts(kiosk.app))
            if cycle >= 0 and cycle % every == 0:
                widgets.append(widget_counts(kiosk.app))
                gc.collect()  # a rebuild leaves cycles of pyqtgraph's objects: garbage until the collector runs, not live
                types = live_wrappers_by_type()
                taken.append((cycle, sum(types.values()), rss_mb()))
                by_type.append(types)
                if cycle % max(every, cycles // 10) == 0:
                    lines.append(
                        f"cycle {cycle:>6}: live Qt wrappers {taken[-1][1]:>6}, windows {widgets[-1][0]:>4}, widgets {widgets[-1][1]:>5},"
                        f" RSS {taken[-1][2]:7.1f} MB"
                    )
    leaking = _rising(taken, rebuilt, by_type)
    steps = len(taken) - 1
    rss_trend = slope([r for _, _, r in taken]) * steps
    result = SoakResult(taken, rebuilt, leaking, rss_trend, max(8.0, taken[0][2] * 0.03), trouble, lines)
    wrappers = [w for _, w, _ in taken]
    lines.append(
        f"after {warm} warm-up cycles, over {cycles} cycles ({len(taken)} samples, {rebuilds} rebuilds of the pages):"
        f" live Qt wrappers {min(wrappers)}..{max(wrappers)}; after each rebuild windows {_span([w for w, _ in rebuilt])},"
        f" widgets {_span([w for _, w in rebuilt])}"
        f" ({_trend_words(leaking, len(taken), len(rebuilt))}); RSS trend {rss_trend:+.1f} MB"
        f" (limit {result.rss_limit_mb:.0f}); exceptions {len(trouble.exceptions)}, Qt warnings {len(trouble.warnings)}"
        f" -> {'PASS' if result.ok else 'FAIL'}"
    )
    lines += trouble.exceptions[:3] + trouble.warnings[:5]
    return result


def _span(values: list[int]) -> str:
    return f"{min(values)}..{max(values)}"
