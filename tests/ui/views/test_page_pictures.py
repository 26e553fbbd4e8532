"""Pages drawn ahead of time promise that a slide's first frame shows the arriving page exactly as a
fresh drawing would, and that no picture survives a change to what it shows: a language switch,
new content, a section changed on a hidden page, a photo moved on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import settle, wait_for_photos
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.page_slide import resting_picture


def _drawn_ahead(kiosk: Kiosk, qtbot: QtBot) -> None:
    pictures = kiosk.window.turn.pictures
    pictures.soon()
    qtbot.waitUntil(lambda: pictures.settled, timeout=20_000)


def _first_frame(kiosk: Kiosk, page: int) -> QImage:
    """The slide's first frame over the pages, as the tap to `page` puts it on the screen."""
    window = kiosk.window
    kiosk.navigation.show_page(page)
    animation = window.transition
    assert animation is not None
    animation.pause()
    return window.grab(kiosk.pages.geometry()).toImage()


def _fresh(kiosk: Kiosk, page: int) -> QImage:
    """The page drawn now, as it arrives (its figures at zero)."""
    window = kiosk.window
    window.finish_transition()
    view = kiosk.pages.views[page]
    view.rewind()
    settle(kiosk.app)
    return resting_picture(view, window._window_background(), kiosk.pages.geometry().topLeft())


def _arriving_part(frame: QImage, kiosk: Kiosk) -> tuple[QImage, int]:
    """The part of the first frame the arriving page shows (it comes in from the right)."""
    animation = kiosk.window.transition
    assert animation is not None
    width = frame.width()
    shift = round(width * animation.easingCurve().valueForProgress(animation.currentTime() / animation.duration()))
    assert 0 < shift < width
    return frame.copy(QRect(width - shift, 0, shift, frame.height())), shift


def _check_slide_shows_fresh_page(kiosk: Kiosk, qtbot: QtBot, page: int, change: Callable[[], object]) -> None:
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    kiosk.navigation.show_page(0)
    kiosk.window.finish_transition()
    kiosk.pages.build_charts()
    settle(kiosk.app)
    _drawn_ahead(kiosk, qtbot)
    assert kiosk.window.turn.pictures.picture(kiosk.pages.views[page]) is not None  # drawn ahead of time
    change()
    settle(kiosk.app)
    frame = _first_frame(kiosk, page)
    part, shift = _arriving_part(frame, kiosk)
    fresh = _fresh(kiosk, page)
    assert part == fresh.copy(QRect(0, 0, shift, fresh.height()))


def test_the_first_frame_is_the_page_drawn_ahead_of_time_and_the_page_takes_over_at_the_next(kiosk: Kiosk, qtbot: QtBot) -> None:
    _check_slide_shows_fresh_page(kiosk, qtbot, 2, lambda: None)
    kiosk.navigation.show_page(0)
    kiosk.window.finish_transition()
    settle(kiosk.app)
    _drawn_ahead(kiosk, qtbot)
    kiosk.navigation.show_page(3)
    assert kiosk.pages.currentIndex() == 0  # not yet: the frame answering the tap is the picture's alone
    animation = kiosk.window.transition
    assert animation is not None
    kiosk.window.grab()  # the first frame painted
    animation.setCurrentTime(animation.currentTime() + 16)  # the next frame
    assert kiosk.pages.currentIndex() == 3 and kiosk.pages.current is kiosk.pages.views[3]
    kiosk.window.finish_transition()
    assert kiosk.pages.views[3].isVisible()


def test_a_language_switch_leaves_no_picture_in_the_old_language(kiosk: Kiosk, qtbot: QtBot) -> None:
    other = "en" if kiosk.language.language == "zh" else "zh"
    _check_slide_shows_fresh_page(kiosk, qtbot, 1, lambda: kiosk.language.set_language(other))


def test_a_language_switch_is_taken_up_by_hidden_pages_in_idle_time(kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    kiosk.pages.build_charts()
    other = "en" if kiosk.language.language == "zh" else "zh"
    kiosk.language.set_language(other)
    settle(kiosk.app)
    view = kiosk.pages.views[2]
    assert kiosk.pages.currentIndex() != 2 and kiosk.window.isVisible()
    _drawn_ahead(kiosk, qtbot)
    qtbot.waitUntil(lambda: kiosk.window.turn.pictures.picture(view) is not None, timeout=20_000)
    assert not view.isVisible() and view.title_label.text() == view.page.title.in_language(other)
    _check_slide_shows_fresh_page(kiosk, qtbot, 2, lambda: None)


def test_a_section_changed_on_a_hidden_page_is_not_shown_from_an_old_picture(kiosk: Kiosk, qtbot: QtBot) -> None:
    page = next(i for i, view in enumerate(kiosk.pages.views) if view.sections > 1)

    def other_section() -> None:
        view = kiosk.pages.views[page]
        kiosk.navigation.show_section(page, (view.current_section + 1) % view.sections)

    _check_slide_shows_fresh_page(kiosk, qtbot, page, other_section)


def test_new_content_leaves_no_old_picture(kiosk: Kiosk, qtbot: QtBot) -> None:
    _check_slide_shows_fresh_page(kiosk, qtbot, 2, lambda: kiosk.content.reload())


def test_larger_text_leaves_no_old_picture(kiosk: Kiosk, qtbot: QtBot) -> None:
    _check_slide_shows_fresh_page(kiosk, qtbot, 1, lambda: kiosk.navigation.set_large_text(not kiosk.navigation.large_text))


def test_a_photo_moved_on_in_a_hidden_page_is_not_shown_from_an_old_picture(kiosk: Kiosk, qtbot: QtBot) -> None:
    page, carousel = next((i, v.carousels[0]) for i, v in enumerate(kiosk.pages.views) if i and v.carousels)

    def next_photo() -> None:
        carousel.go_to(carousel.index + 1)
        wait_for_photos(kiosk.loader)

    _check_slide_shows_fresh_page(kiosk, qtbot, page, next_photo)


def test_nothing_is_drawn_while_something_covers_the_pages(kiosk: Kiosk, qtbot: QtBot, qapp: QApplication) -> None:
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    kiosk.pages.build_charts()
    pictures = kiosk.window.turn.pictures
    pictures.forget()
    kiosk.session.attract.start()
    try:
        qtbot.wait(600)
        assert all(pictures.picture(view) is None for view in kiosk.pages.views)
    finally:
        kiosk.session.attract.stop()
    settle(qapp)


def test_with_slides_off_no_page_is_drawn_ahead_and_nothing_waits_to_be(kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    kiosk.pages.build_charts()
    _drawn_ahead(kiosk, qtbot)
    kiosk.settings.change("reduced_motion", True, save=False)  # every picture forgotten, none drawn again
    kiosk.language.set_language("en" if kiosk.language.language == "zh" else "zh")
    assert kiosk.window.turn.pictures.settled
    qtbot.wait(400)
    assert all(kiosk.window.turn.pictures.picture(view) is None for view in kiosk.pages.views)


def test_the_page_goes_under_the_slide_between_its_first_two_frames(kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    kiosk.pages.build_charts()
    _drawn_ahead(kiosk, qtbot)
    kiosk.navigation.show_page(2)
    animation = kiosk.window.transition
    assert animation is not None
    animation.pause()
    assert kiosk.pages.currentIndex() == 0
    kiosk.window.grab()  # the first frame painted; the event loop then waits for the next
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=2_000)
    assert kiosk.window.transition is animation  # still sliding


def test_a_second_tap_before_the_page_went_under_the_slide_ends_on_the_second_page(kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    kiosk.pages.build_charts()
    _drawn_ahead(kiosk, qtbot)
    kiosk.navigation.show_page(2)
    kiosk.navigation.show_page(4)
    kiosk.window.finish_transition()
    settle(kiosk.app)
    assert kiosk.pages.currentIndex() == 4 and kiosk.pages.views[4].isVisible() and not kiosk.pages.views[2].isVisible()
