"""Render every page in every language to PNG, offscreen, for review before opening day."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from kiosk.ui.app import Kiosk
from kiosk.ui.attract.attract_view import AttractView


def settle(app: QApplication) -> None:
    for _ in range(3):  # LanguageChange is posted; its retranslation may post layout requests
        app.processEvents()


def wait_for_photos(kiosk: Kiosk, timeout_s: float = 20.0) -> None:
    """Let the photo workers finish what the visible carousels asked for."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    deadline = time.monotonic() + timeout_s
    settle(app)
    while kiosk.loader is not None and kiosk.loader.busy and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
    settle(app)


def render_all(kiosk: Kiosk, out_dir: Path, width: int, height: int) -> list[Path]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = kiosk.window
    if kiosk.session is not None and kiosk.session.attract.running:
        raise RuntimeError("the attract loop is running: the pages would be hidden behind it")
    window.resize(width, height)
    window.show()
    settle(app)
    window.build_charts()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    original = kiosk.language.language
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        settle(app)
        for index, view in enumerate(window.views):
            window.show_page(index)
            window.finish_transition()
            view.finish_animation()  # snapshots show the end of every animation
            wait_for_photos(kiosk)
            path = out_dir / f"{index}-{view.page.id}-{lang}-{width}x{height}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
    written += _render_access(kiosk, out_dir, width, height)
    written += _render_overlays(kiosk, out_dir, width, height)
    kiosk.language.set_language(original)
    window.show_page(0)
    settle(app)
    return written


class SimulatedTime:
    """A clock the snapshot advances by hand, so simulated visits have lengths (both the session's
    monotonic clock and the wall clock of opening hours and visitor insight read it)."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.seconds = 0.0

    def monotonic(self) -> float:
        return self.seconds

    def wall(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)


def simulate_visits(kiosk: Kiosk, time_: SimulatedTime, visits: int = 12, seed: int = 5) -> None:
    """Visitors tapping tabs, panel buttons and the language toggle, with time passing between
    taps; each visit ends by the idle timeout, as in the hall. For the visitor insight picture."""
    import random

    from PySide6.QtCore import QPoint

    from kiosk.bench.exercise import gesture

    app = QApplication.instance()
    assert isinstance(app, QApplication) and kiosk.session is not None
    window, session = kiosk.window, kiosk.session
    rng = random.Random(seed)
    for visit in range(visits):
        for _ in range(rng.randint(2, 7)):
            targets = [*window.tab_bar.buttons, *window.language_toggle.buttons.values()]
            view = window.views[window.current_index]
            if hasattr(view, "panel"):
                targets += [view.panel.next_button] * 2
            target = rng.choice(targets)
            centre = target.mapTo(window, target.rect().center()) + QPoint(rng.randint(-30, 30), rng.randint(-12, 12))
            gesture(window, centre, centre, steps=1)
            window.finish_transition()
            time_.seconds += rng.uniform(4, 45)
            session.tick()
        time_.seconds += session.machine.config.idle_timeout_s + 1
        session.tick()
        time_.seconds += session.machine.config.warning_s + 1
        session.tick()
        settle(app)
        time_.seconds += rng.uniform(60, 5400) if visit % 3 == 2 else rng.uniform(20, 300)  # quiet spells between visitors
    # Back to the home page for the pictures that follow, without counting a visit for it.
    session.attract.stop()
    session.machine.touch(time_.monotonic())
    window.reset_session(session.default_language)
    settle(app)


def _grab(kiosk: Kiosk, path: Path) -> Path:
    if not kiosk.window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def show_settled(kiosk: Kiosk, index: int) -> None:
    """Page `index` at the end of its animations, photos loaded."""
    window = kiosk.window
    window.show_page(index)
    window.finish_transition()
    window.views[index].finish_animation()
    wait_for_photos(kiosk)


def _render_access(kiosk: Kiosk, out_dir: Path, width: int, height: int) -> list[Path]:
    """Larger text, reach mode and the high-contrast theme, in every language."""
    window = kiosk.window
    page = min(1, len(window.dataset.pages) - 1)
    written = []
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        for name, on, off in (
            ("large-text", lambda: window.set_large_text(True), lambda: window.set_large_text(False)),
            ("reach", lambda: window.set_reach(True), lambda: window.set_reach(False)),
        ):
            on()
            show_settled(kiosk, page)
            written.append(_grab(kiosk, out_dir / f"8-{name}-{lang}-{width}x{height}.png"))
            off()
        window.set_theme("high_contrast")
        for index in (0, page):
            show_settled(kiosk, index)
            written.append(_grab(kiosk, out_dir / f"8-high-contrast-{index}-{lang}-{width}x{height}.png"))
        window.set_theme("standard")
    return written


def _start_attract_still(attract: AttractView) -> None:
    attract.start()
    attract.count_up.finish()


def _render_overlays(kiosk: Kiosk, out_dir: Path, width: int, height: int) -> list[Path]:
    """The attract loop, the countdown, the PIN pad and the staff panel, in every language."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window, session = kiosk.window, kiosk.session
    if session is None or kiosk.pin_pad is None or kiosk.staff_panel is None:
        return []
    written = []
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        window.show_page(0)
        window.finish_transition()
        settle(app)
        shots = {
            "attract": lambda: _start_attract_still(session.attract),
            "still-there": lambda: session.still_there.show_countdown(round(session.machine.config.warning_s)),
            "pin-pad": kiosk.pin_pad.open_overlay,
            "staff-panel": kiosk.staff_panel.open_overlay,
        }
        if kiosk.hall is not None:
            shots["closed"] = lambda: kiosk.hall.screen.show_closed(_next_opening(kiosk), display_off=False)  # type: ignore[union-attr]
        if kiosk.insight is not None:
            shots["visitor-insight"] = kiosk.staff_panel.insight_button.click
        for name, show in shots.items():
            show()
            if name == "attract":
                session.attract.scene_lang = lang
            wait_for_photos(kiosk)
            path = out_dir / f"9-{name}-{lang}-{width}x{height}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
            session.attract.stop()
            session.still_there.hide()
            kiosk.pin_pad.close_overlay()
            kiosk.staff_panel.close_overlay()
            if kiosk.hall is not None:
                kiosk.hall.screen.hide()
            if kiosk.insight_panel is not None:
                kiosk.insight_panel.close_overlay()
    return written


def _next_opening(kiosk: Kiosk) -> datetime:
    """For the closed screen's picture: the schedule's next opening, or tomorrow 09:00 with none set."""
    assert kiosk.hall is not None
    now = kiosk.wall_clock()
    state = kiosk.hall.state()
    if not state.open and state.until is not None:
        return state.until
    return (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
