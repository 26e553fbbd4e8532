"""A tab tap's slide promises that its first frame on the screen is the page left, moved as far as
the slide has gone, beside the page arriving, and that every frame after shows the same page left;
with something over the pages the page left is drawn anew instead of taken from the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.layers import Layer
from kiosk.ui.widgets.page_slide import resting_picture, screen_picture


def _on_the_screen(kiosk: Kiosk) -> QImage:
    """The pages as the screen shows them after a frame painted now."""
    kiosk.window.repaint()
    picture = screen_picture(kiosk.pages)
    assert picture is not None
    return picture


def _at_rest_on(kiosk: Kiosk, qtbot: QtBot, page: int) -> QImage:
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    kiosk.navigation.show_page(page)
    kiosk.window.finish_transition()
    kiosk.pages.views[page].finish_animation()
    pictures = kiosk.window.turn.pictures
    pictures.soon()
    qtbot.waitUntil(lambda: pictures.settled, timeout=20_000)
    settle(kiosk.app)
    return _on_the_screen(kiosk)


def _shift(kiosk: Kiosk) -> int:
    animation = kiosk.window.transition
    assert animation is not None
    return round(kiosk.pages.width() * float(animation.currentValue()))


def _leaving_part(frame: QImage, shift: int, forward: bool) -> QImage:
    width, height = frame.width(), frame.height()
    return frame.copy(QRect(0 if forward else shift, 0, width - shift, height))


def _was(before: QImage, shift: int, forward: bool) -> QImage:
    """The part of the page left that a frame `shift` pixels into the slide shows."""
    width, height = before.width(), before.height()
    return before.copy(QRect(shift if forward else 0, 0, width - shift, height))


def test_every_frame_of_a_tab_slide_shows_the_page_left_as_the_screen_showed_it(kiosk: Kiosk, qtbot: QtBot) -> None:
    for start, page in ((1, 3), (3, 2)):  # the next page comes in from the right; a previous one from the left
        forward = page > start
        before = _at_rest_on(kiosk, qtbot, start)
        kiosk.navigation.show_page(page)
        animation = kiosk.window.transition
        assert animation is not None
        animation.pause()
        first = _on_the_screen(kiosk)  # the frame that answers the tap
        shift = _shift(kiosk)
        assert 0 < shift < first.width()
        assert _leaving_part(first, shift, forward) == _was(before, shift, forward)
        qtbot.waitUntil(lambda p=page: kiosk.pages.currentIndex() == p, timeout=2_000)  # the page under the slide
        for at in (200, 600):
            animation.setCurrentTime(at)
            frame = _on_the_screen(kiosk)
            assert _leaving_part(frame, _shift(kiosk), forward) == _was(before, _shift(kiosk), forward)
        kiosk.window.finish_transition()


def test_taps_faster_than_the_frames_end_on_the_last_page_tapped(kiosk: Kiosk, qtbot: QtBot) -> None:
    _at_rest_on(kiosk, qtbot, 1)
    kiosk.navigation.show_page(2)
    kiosk.window.repaint()  # its first frame
    kiosk.navigation.show_page(4)  # before the page went under the slide
    kiosk.navigation.show_page(3)  # before the second slide painted at all
    kiosk.window.repaint()
    kiosk.window.finish_transition()
    settle(kiosk.app)
    assert kiosk.pages.currentIndex() == 3 and kiosk.pages.views[3].isVisible()
    assert not kiosk.pages.views[2].isVisible() and not kiosk.pages.views[4].isVisible()


def test_with_something_over_the_pages_the_page_left_is_drawn_anew(kiosk: Kiosk, qtbot: QtBot) -> None:
    before = _at_rest_on(kiosk, qtbot, 1)
    over = QWidget(kiosk.window)  # a photo opened large, say: the screen shows it, not the page
    over.setAutoFillBackground(True)
    over.setGeometry(kiosk.pages.geometry())
    kiosk.window.layers.put(over, Layer.LIGHTBOX)
    over.show()
    settle(kiosk.app)
    try:
        kiosk.navigation.show_page(2)
        animation = kiosk.window.transition
        assert animation is not None
        animation.pause()
        over.hide()
        first = _on_the_screen(kiosk)
        shift = _shift(kiosk)
        assert _leaving_part(first, shift, True) == _was(before, shift, True)  # the page, not what lay over it
    finally:
        over.deleteLater()
        kiosk.window.finish_transition()
        settle(kiosk.app)


def test_the_page_put_under_the_slide_is_its_picture_and_counts_up_on_arrival(kiosk: Kiosk, qtbot: QtBot) -> None:
    _at_rest_on(kiosk, qtbot, 1)
    view = kiosk.pages.views[2]
    picture = kiosk.window.turn.pictures.picture(view)
    assert picture is not None
    kiosk.pages.finish_animation()  # every page's figures at their end (a snapshot, a resize): not what arrives
    kiosk.navigation.show_page(2)
    animation = kiosk.window.transition
    assert animation is not None
    animation.pause()
    kiosk.window.repaint()
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=2_000)
    assert not view.tiles_replay.running  # still while it slides in, its figures where they start
    drawn = resting_picture(view, kiosk.window._window_background(), kiosk.pages.geometry().topLeft())
    assert drawn == picture
    kiosk.window.finish_transition()
    assert view.tiles_replay.running  # counting up once arrived
    view.finish_animation()
