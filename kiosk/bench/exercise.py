"""Driving the real kiosk hard: `kiosk soak` (hours of visitors and attract loop, compressed) and
`kiosk storm` (a seeded random flood of touches, presses, swipes, multi-touch and keys, everywhere,
in every mode). Both watch for unhandled exceptions, Qt warnings, growth and a stalled event loop."""

from __future__ import annotations

import random
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.health import rss_mb
from kiosk.core.session import Mode
from kiosk.ui.app import Kiosk
from kiosk.ui.snapshot import settle

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
    """How long a zero-delay timer takes to fire: the loop's responsiveness right now."""
    fired: list[float] = []
    start = time.perf_counter()
    QTimer.singleShot(0, lambda: fired.append(time.perf_counter()))
    deadline = start + 5
    while not fired and time.perf_counter() < deadline:
        app.processEvents()
    return ((fired[0] if fired else deadline) - start) * 1000


def _send_mouse(window: QWidget, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    target = window.childAt(pos) or window
    local = target.mapFrom(window, pos)
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(local), QPointF(target.mapToGlobal(local)), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)


def gesture(window: QWidget, start: QPoint, end: QPoint, steps: int = 6, hold_s: float = 0.0) -> None:
    """Press, move, release, as a finger would (a tap when start == end)."""
    _send_mouse(window, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    if hold_s:
        time.sleep(hold_s)
    for i in range(1, steps + 1):
        _send_mouse(window, QEvent.Type.MouseMove, start + (end - start) * i / steps, Qt.MouseButton.LeftButton)
    _send_mouse(window, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


@dataclass
class StormResult:
    events: int
    kinds: dict[str, int]
    exceptions: list[str]
    warnings: list[str]
    worst_loop_delay_ms: float

    @property
    def ok(self) -> bool:
        return not self.exceptions and not self.warnings and self.worst_loop_delay_ms < 100


class Storm:
    """Seeded random input. The same seed gives the same storm, so a failure can be replayed."""

    def __init__(self, kiosk: Kiosk, app: QApplication, seed: int) -> None:
        self.kiosk, self.app = kiosk, app
        self.rng = random.Random(seed)
        self.device = QTest.createTouchDevice()

    def _point(self) -> QPoint:
        w = self.kiosk.window
        return QPoint(self.rng.randrange(0, max(1, w.width())), self.rng.randrange(0, max(1, w.height())))

    def one(self) -> str:
        window = self.kiosk.window
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
            QTest.touchEvent(window, self.device).press(0, p, window).press(1, q, window).commit()
            QTest.touchEvent(window, self.device).move(0, p + QPoint(30, 0), window).move(1, q - QPoint(30, 0), window).commit()
            QTest.touchEvent(window, self.device).release(0, p, window).release(1, q, window).commit()
        elif kind == "key":
            key = self.rng.choice([Qt.Key.Key_Escape, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Tab, Qt.Key.Key_F4])
            QTest.keyClick(window, key)
        elif kind == "staff-keys":
            QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if self.rng.random() < 0.3:
            self.app.processEvents()
        return kind

    def run(self, events: int, modes: tuple[Mode, ...] = tuple(Mode)) -> StormResult:
        session = self.kiosk.session
        assert session is not None
        counts: dict[str, int] = {}
        worst_delay = 0.0
        with watching() as trouble:
            for i in range(events):
                if i % max(1, events // (len(modes) * 3)) == 0:
                    session.set_mode(modes[(i // max(1, events // (len(modes) * 3))) % len(modes)])
                kind = self.one()
                counts[kind] = counts.get(kind, 0) + 1
                if i % 200 == 199:
                    worst_delay = max(worst_delay, event_loop_delay_ms(self.app))
            settle(self.app)
            worst_delay = max(worst_delay, event_loop_delay_ms(self.app))
        session.set_mode(Mode.INTERACTIVE)
        return StormResult(events, counts, trouble.exceptions, trouble.warnings, worst_delay)


def visitor_cycle(kiosk: Kiosk, app: QApplication, rng: random.Random) -> None:
    """One compressed visitor session, then staff, then the attract loop and a wake."""
    window, session = kiosk.window, kiosk.session
    assert session is not None and kiosk.pin_pad is not None and kiosk.staff_panel is not None
    for _ in range(3):
        button = window.tab_bar.buttons[rng.randrange(len(window.tab_bar.buttons))]
        centre = button.mapTo(window, button.rect().center())
        gesture(window, centre, centre, steps=1)
    middle = window.stack.geometry().center()
    gesture(window, middle + QPoint(300, 0), middle - QPoint(300, 0))
    kiosk.language.set_language(rng.choice(kiosk.language.languages))
    view = window.views[window.current_index]
    if view.carousels:
        carousel = view.carousels[0]
        view.panel.show_section(view.panel.stack.indexOf(carousel))
        carousel.advance()
        window.open_photo(carousel.album, carousel.index, view.accent)
        if window.lightbox is not None:
            window.lightbox.close_view()
    elif hasattr(view, "panel") and view.panel.stack.count():
        view.panel.show_section(rng.randrange(view.panel.stack.count()))
    kiosk.staff_panel.open_overlay()
    if kiosk.insight is not None:  # visitor insight: figures, heat map, export buttons rebuilt each time
        kiosk.staff_panel.insight_button.click()
        if kiosk.insight_panel is not None:
            kiosk.insight_panel.range_buttons[7].click()
            kiosk.insight_panel.close_overlay()
    window.set_large_text(rng.random() < 0.5)
    window.set_reach(rng.random() < 0.5)
    kiosk.staff_panel.close_overlay()
    session.start_attract_now()
    for _ in range(2):
        session.attract.next_scene()
    settle(app)
    gesture(window, middle, middle, steps=1)  # the wake
    window.finish_transition()
    settle(app)


def prewarm(kiosk: Kiosk, app: QApplication) -> None:
    """Fill the caches a visitor fills in the first minutes (every photo at every size it is shown,
    every chart and glyph), so growth measured afterwards is growth, not warming up."""
    from kiosk.ui.snapshot import wait_for_photos

    window, session = kiosk.window, kiosk.session
    assert session is not None
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        for index, view in enumerate(window.views):
            window.show_page(index)
            window.finish_transition()
            for carousel in view.carousels:
                view.panel.show_section(view.panel.stack.indexOf(carousel))
                for i in range(len(carousel.photos)):
                    carousel.go_to(i)
                    window.open_photo(carousel.album, i, view.accent)
                    wait_for_photos(kiosk)
                    if window.lightbox is not None:
                        window.lightbox.close_view()
    session.start_attract_now()
    for _ in range(len(session.attract._scenes) + 1):
        session.attract.next_scene()
        wait_for_photos(kiosk)
    session.attract.stop()
    for on in (True, False):  # both text sizes and places of the controls, once
        window.set_large_text(on)
        window.set_reach(on)
        settle(app)
    if kiosk.insight is not None and kiosk.staff_panel is not None:  # the insight panel and its heat map, once
        kiosk.staff_panel.open_overlay()
        kiosk.staff_panel.insight_button.click()
        if kiosk.insight_panel is not None:
            kiosk.insight_panel.close_overlay()
    window.reset_session(kiosk.language.languages[0])
    settle(app)


@dataclass
class SoakResult:
    wrapper_growth: int
    rss_growth_mb: float
    rss_limit_mb: float
    trouble: Trouble
    lines: list[str]

    @property
    def ok(self) -> bool:
        return (
            self.wrapper_growth <= 0
            and self.rss_growth_mb <= self.rss_limit_mb
            and not self.trouble.exceptions
            and not self.trouble.warnings
        )


def soak(kiosk: Kiosk, app: QApplication, cycles: int, report_every: int = 0, seed: int = 11) -> SoakResult:
    """Run `cycles` visitor cycles; fail if live Qt objects or RSS keep growing after warm-up."""
    rng = random.Random(seed)
    report_every = report_every or max(1, cycles // 10)
    warm = max(10, cycles // 5)
    lines = []
    samples: list[tuple[int, int, float]] = []
    prewarm(kiosk, app)
    with watching() as trouble:
        for cycle in range(1, cycles + 1):
            visitor_cycle(kiosk, app, rng)
            if cycle in (warm, cycles) or cycle % report_every == 0:
                wrappers, rss = len(shiboken6.Shiboken.getAllValidWrappers()), rss_mb()
                samples.append((cycle, wrappers, rss))
                lines.append(f"cycle {cycle:>6}: live Qt wrappers {wrappers:>6}, RSS {rss:7.1f} MB")
    after_warm = [s for s in samples if s[0] >= warm]
    base, end = after_warm[0], after_warm[-1]
    wrapper_growth = end[1] - base[1]
    rss_growth = end[2] - base[2]
    result = SoakResult(wrapper_growth, rss_growth, max(8.0, base[2] * 0.03), trouble, lines)
    ok = result.ok
    lines.append(
        f"after warm-up (cycle {base[0]} -> {end[0]}): wrappers {wrapper_growth:+d}, RSS {rss_growth:+.1f} MB; "
        f"exceptions {len(trouble.exceptions)}, Qt warnings {len(trouble.warnings)} -> {'PASS' if ok else 'FAIL'}"
    )
    lines += trouble.exceptions[:3] + trouble.warnings[:5]
    return result
