"""A photo scene's pan, stepped by hand on a clock the test moves: each step moves the picture by whole
pixels (one at 1080p, two at 4K) at PAN_FPS, repaints only the view above the words' band and around
the corner card (never their words), and shows
the prepared picture unscaled; a still loop (reduced motion) never moves it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect

from kiosk.qa.drive import settle, wait_for_photos
from kiosk.ui.app import Kiosk
from kiosk.ui.attract.attract_view import SCENE_MS, AttractView, Scene, build_scenes
from kiosk.ui.attract.photo_pan import PAN_FPS
from tests.kiosks import FakeClock
from tests.paints import Paints


def _photo_scene(kiosk: Kiosk) -> Scene:
    return next(s for s in build_scenes(kiosk.content.dataset) if s.photo is not None)


def _show_photo(kiosk: Kiosk, view: AttractView) -> None:
    view.show_scene(_photo_scene(kiosk), "zh")
    view.settle()
    wait_for_photos(kiosk.loader)
    settle(kiosk.app)


def test_a_pan_step_moves_the_picture_one_pixel_and_repaints_only_above_the_band(kiosk: Kiosk, loop: tuple[AttractView, FakeClock]) -> None:
    view, clock = loop
    _show_photo(kiosk, view)
    pan = view.pan
    assert pan.running and pan.offset == 0 and pan.step_px() == 1
    assert pan.timer.interval() == round(1000 / PAN_FPS)  # one step a pixel: the rate is the speed
    image = kiosk.loader.cached(kiosk.content.folder / view.scene.photo.file, view._photo_size())  # type: ignore[union-attr]
    assert image is not None and (image.width(), image.height()) == (
        view.width() + pan.travel(),
        view.height(),
    )  # prepared once, wide enough
    above = QRect(0, 0, view.width(), view.band.top())
    for step in range(1, 6):
        clock.now += 1 / PAN_FPS
        with Paints(kiosk.window) as paints:
            pan.step()
            kiosk.app.processEvents()
        assert pan.offset == step
        assert paints.seen and paints.within(above)  # the band, its words and the call are left as they are
        assert all(w is view or view.isAncestorOf(w) for w in paints.widgets)  # nothing under the loop paints
        assert not paints.widgets & {view.place_label, view.occasion_label, view.words, view.call_box}  # nor the card's words
    shown = view.grab().toImage()
    point = QPoint(view.width() // 2, view.band.top() - 20)  # the picture, clear of the corner card and tag
    assert shown.pixelColor(point) == image.pixelColor(point + QPoint(pan.offset, 0))  # an unscaled copy, moved
    clock.now += 0.5 / PAN_FPS
    with Paints(kiosk.window) as paints:
        pan.step()  # not yet a pixel further: nothing to paint
        kiosk.app.processEvents()
    assert paints.seen == [] and pan.offset == 5


def test_the_pan_ends_where_the_picture_does_and_stops_ticking(kiosk: Kiosk, loop: tuple[AttractView, FakeClock]) -> None:
    view, clock = loop
    _show_photo(kiosk, view)
    clock.now += SCENE_MS / 1000 + 1
    view.pan.step()
    assert view.pan.offset == view.pan.travel() and not view.pan.running


def test_at_4k_a_step_is_two_pixels_at_the_same_rate(kiosk: Kiosk, loop: tuple[AttractView, FakeClock]) -> None:
    view, clock = loop
    kiosk.window.resize(3840, 2160)
    settle(kiosk.app)
    view.setGeometry(kiosk.window.rect())
    _show_photo(kiosk, view)
    pan = view.pan
    assert pan.step_px() == 2 and pan.timer.interval() == round(1000 / PAN_FPS)
    clock.now += 3 / PAN_FPS
    pan.step()
    assert pan.offset == 6  # the same distance on the same glass as three pixels at 1080p


def test_a_still_loop_never_moves_the_picture(kiosk: Kiosk, loop: tuple[AttractView, FakeClock]) -> None:
    view, clock = loop
    kiosk.settings.change("reduced_motion", True, save=False)
    _show_photo(kiosk, view)
    pan = view.pan
    assert not pan.running and not view.pulse.running
    rest = pan.offset
    assert 0 < rest < pan.travel()  # the middle of the picture
    with Paints(kiosk.window) as paints:
        for _ in range(10):
            clock.now += 1 / PAN_FPS
            pan.step()
            view.pulse.step()
            kiosk.app.processEvents()
    assert paints.seen == [] and pan.offset == rest
