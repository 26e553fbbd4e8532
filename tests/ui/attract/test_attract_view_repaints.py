"""What the attract loop repaints: a scene that does not move repaints nothing but the call's pulse,
the words' fade repaints only the words, and nothing under the loop (the page it covers) is painted
while it shows. Motion is stepped by hand on a clock the test moves."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.attract.attract_view import FADE_MS, AttractView, build_scenes
from kiosk.ui.attract.motion import PULSE_FPS, PULSE_MS
from tests.kiosks import FakeClock
from tests.paints import Paints


def _figure_at_rest(kiosk: Kiosk, view: AttractView) -> None:
    figure = next(s for s in build_scenes(kiosk.content.dataset) if s.indicator is not None)
    view.show_scene(figure, "en")
    view.settle()  # after its fade
    settle(kiosk.app)


def test_a_figure_at_rest_repaints_only_the_pulsing_call(kiosk: Kiosk, loop: tuple[AttractView, FakeClock]) -> None:
    """A still figure on a dark ground: over two pulses, only the call box is painted, and nothing under
    the loop (the page it covers) is painted at all."""
    view, clock = loop
    _figure_at_rest(kiosk, view)
    assert view.pulse.running
    call = view.call_box.geometry().translated(view.mapTo(kiosk.window, QPoint()))
    with Paints(kiosk.window) as paints:
        for _ in range(2 * PULSE_MS * PULSE_FPS // 1000):
            clock.now += 1 / PULSE_FPS
            view.pulse.step()
            view.pan.step()
            kiosk.app.processEvents()
    assert paints.seen and paints.within(call)
    assert all(w is view or view.isAncestorOf(w) for w in paints.widgets)


def test_a_still_loop_repaints_nothing_between_scenes(kiosk: Kiosk, loop: tuple[AttractView, FakeClock]) -> None:
    view, clock = loop
    kiosk.settings.change("reduced_motion", True, save=False)
    _figure_at_rest(kiosk, view)
    with Paints(kiosk.window) as paints:
        for _ in range(3 * PULSE_FPS):
            clock.now += 1 / PULSE_FPS
            view.pulse.step()
            view.pan.step()
            kiosk.app.processEvents()
    assert paints.seen == []


def test_the_words_fade_repaints_only_the_words(kiosk: Kiosk, loop: tuple[AttractView, FakeClock]) -> None:
    view, _ = loop
    _figure_at_rest(kiosk, view)
    view.pulse.stop()
    figure = next(s for s in build_scenes(kiosk.content.dataset) if s.indicator is not None)
    view.show_scene(figure, "zh")
    view.fade.pause()
    settle(kiosk.app)
    words = view.words.geometry().translated(view.mapTo(kiosk.window, QPoint()))
    with Paints(kiosk.window) as paints:
        for ms in range(0, FADE_MS + 1, 10):
            view.fade.setCurrentTime(ms)
            kiosk.app.processEvents()
    view.settle()
    assert paints.seen and paints.within(words)


def test_the_pulsing_call_shows_the_new_scenes_words_at_once(kiosk: Kiosk, loop: tuple[AttractView, FakeClock]) -> None:
    """The pulse blends a picture of the call taken once: a new scene (another language) takes a new one."""
    view, clock = loop
    figure = next(s for s in build_scenes(kiosk.content.dataset) if s.indicator is not None)

    def call_at(lang: str, restart: bool) -> QImage:
        if restart:
            view.stop()
            view.start()
            view.timer.stop()
        view.show_scene(figure, lang)
        view.settle()
        view._pulse_effect.setOpacity(0.6)
        settle(kiosk.app)
        return view.grab(view.call_box.geometry()).toImage()

    call_at("zh", restart=False)
    clock.now += 0.5
    changed = call_at("en", restart=False)  # mid-pulse, its picture of the Chinese call taken
    fresh = call_at("en", restart=True)
    assert changed == fresh
    assert changed != call_at("zh", restart=True)
