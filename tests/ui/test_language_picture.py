"""The window in the other language, drawn ahead of time, promises: the picture is the window as the
switch will show it; drawing it changes nothing anyone sees or hears; a touch on the other language
shows it in the frame that answers the touch, then the window takes the language up and looks the
same; a picture is never used after the screen changed; nothing is drawn while something covers
the page, or when pages do not slide (kiosk.ui.language_picture)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.views.page_view import language_pending
from kiosk.ui.widgets.page_slide import screen_picture
from tests.kiosks import differing, matching
from tests.touch import mouse


@pytest.fixture
def sliding(kiosk: Kiosk) -> Iterator[Kiosk]:
    """The shared kiosk with page slides on (pictures are drawn ahead of time only where pages slide),
    at rest on the home page, its charts up."""
    kiosk.settings.change("page_transition_ms", 280, save=False)
    kiosk.pages.build_charts()
    kiosk.window.come_to_rest()
    settle(kiosk.app)
    yield kiosk


def _other(kiosk: Kiosk) -> str:
    return next(code for code in kiosk.window.language_toggle.buttons if code != kiosk.language.language)


def _drawn(kiosk: Kiosk, qtbot: QtBot) -> QImage:
    """The window in the other language as drawn once the screen shows what was last changed."""
    settle(kiosk.app)  # a change not painted yet makes a picture drawn before it out of date
    pictures = kiosk.window.language_picture
    qtbot.waitUntil(lambda: pictures.picture(_other(kiosk)) is not None, timeout=20_000)
    drawn = pictures.picture(_other(kiosk))
    assert drawn is not None
    return drawn


def _screen(kiosk: Kiosk) -> QImage:
    """What the last frame put on the screen."""
    shown = screen_picture(kiosk.window)
    assert shown is not None
    return shown


def _touch(kiosk: Kiosk, code: str) -> None:
    """A finger landing on the toggle's `code` and lifting, with no frame between."""
    button = kiosk.window.language_toggle.buttons[code]
    mouse(button, QEvent.Type.MouseButtonPress, button.rect().center(), Qt.MouseButton.LeftButton)
    mouse(button, QEvent.Type.MouseButtonRelease, button.rect().center(), Qt.MouseButton.NoButton)


def _page_with_chart_and_photos(kiosk: Kiosk) -> int:
    return next(i for i, view in enumerate(kiosk.pages.views) if view.carousels and list(view.chart_slots))


@pytest.mark.parametrize("where", ["home", "a pillar page with a chart and photos"])
def test_the_picture_is_the_window_as_the_switch_shows_it(sliding: Kiosk, qtbot: QtBot, where: str) -> None:
    kiosk = sliding
    if where != "home":
        kiosk.navigation.show_page(_page_with_chart_and_photos(kiosk))
        kiosk.window.come_to_rest()
    drawn = _drawn(kiosk, qtbot)
    before = _screen(kiosk)
    assert matching(drawn, before) < 0.99  # the other language's words
    kiosk.language.set_language(_other(kiosk))  # the switch as it always was
    settle(kiosk.app)
    kiosk.window.come_to_rest()
    settle(kiosk.app)
    after = _screen(kiosk)
    assert matching(drawn, after) > 0.995  # the same (text edges may differ by a shade: glyphs drawn again)


def test_a_change_not_painted_yet_when_the_toggle_is_touched_is_not_covered_by_an_older_picture(sliding: Kiosk, qtbot: QtBot) -> None:
    kiosk = sliding
    window, other = kiosk.window, _other(kiosk)
    drawn = _drawn(kiosk, qtbot)  # the home page in the other language
    kiosk.navigation.show_page(_page_with_chart_and_photos(kiosk))  # in the same turn as the touch: no frame yet
    kiosk.window.come_to_rest()
    _touch(kiosk, other)
    cover = window.language_picture.cover
    assert not (cover.showing and cover.picture == drawn), "the toggle showed the page before the tab's in the other language"
    settle(kiosk.app)
    window.come_to_rest()
    settle(kiosk.app)
    assert kiosk.language.language == other and not cover.showing


def test_drawing_the_picture_changes_nothing_anyone_sees_or_hears(sliding: Kiosk, qtbot: QtBot) -> None:
    kiosk = sliding
    _drawn(kiosk, qtbot)  # the idle drawing has run once: caches warm, nothing pending
    window, language = kiosk.window, kiosk.language
    qtbot.waitUntil(lambda: window.turn.pictures.settled, timeout=20_000)  # the hidden pages drawn ahead too
    before, shown_language = _screen(kiosk), language.language
    hidden = {view: language_pending(view) for view in kiosk.pages.views if not view.isVisible()}
    heard: list[str] = []
    language.language_changed.connect(heard.append)
    try:
        drawn = window.language_picture.draw(_other(kiosk))
        settle(kiosk.app)
    finally:
        language.language_changed.disconnect(heard.append)
    assert drawn is not None and not window.language_picture.cover.showing
    after = _screen(kiosk)
    assert after == before, f"the screen changed at {differing(after, before)} on page {kiosk.navigation.page}"
    assert language.language == shown_language and heard == []
    assert {view: language_pending(view) for view in hidden} == hidden  # hidden pages were not told
    assert window.language_toggle.buttons[shown_language].isChecked()
    assert window.language_picture.picture(_other(kiosk)) is drawn  # no frame followed the drawing


def test_a_touch_shows_the_picture_in_its_first_frame_and_the_window_takes_the_language_up(sliding: Kiosk, qtbot: QtBot) -> None:
    kiosk = sliding
    window, other = kiosk.window, _other(kiosk)
    drawn = _drawn(kiosk, qtbot)
    first = kiosk.language.language
    _touch(kiosk, other)
    assert window.language_picture.cover.showing and kiosk.language.language == first  # set after the picture's frame
    kiosk.app.processEvents()  # the frame that answers the touch
    assert _screen(kiosk) == drawn
    with qtbot.waitSignal(kiosk.language.language_changed, timeout=5_000) as changed:
        pass
    assert changed.args == [other] and not window.language_picture.cover.showing
    assert window.language_toggle.buttons[other].isChecked()
    settle(kiosk.app)
    assert window.tab_bar.buttons[1].text() == kiosk.window.dataset.pages[1].title.in_language(other)
    assert matching(_screen(kiosk), drawn) > 0.995  # the live window, drawn again, looks the same


def test_a_picture_is_not_used_once_the_screen_has_changed(sliding: Kiosk, qtbot: QtBot) -> None:
    kiosk = sliding
    window, other = kiosk.window, _other(kiosk)
    _drawn(kiosk, qtbot)
    window.access.large_text_button.click()  # larger text: a frame with other words' sizes
    settle(kiosk.app)
    assert window.language_picture.picture(other) is None
    _touch(kiosk, other)
    assert kiosk.language.language == other and not window.language_picture.cover.showing  # switched as always
    settle(kiosk.app)
    assert window.tab_bar.buttons[1].text() == kiosk.window.dataset.pages[1].title.in_language(other)


def test_a_second_touch_under_the_picture_takes_the_first_up_before_it(sliding: Kiosk, qtbot: QtBot) -> None:
    kiosk = sliding
    window, first = kiosk.window, kiosk.language.language
    other = _other(kiosk)
    _drawn(kiosk, qtbot)
    _touch(kiosk, other)
    assert window.language_picture.cover.showing
    _touch(kiosk, first)  # before the picture's frame
    assert kiosk.language.language == first and not window.language_picture.cover.showing
    settle(kiosk.app)
    assert window.tab_bar.buttons[1].text() == kiosk.window.dataset.pages[1].title.in_language(first)


def test_a_rest_or_a_resize_under_the_picture_takes_the_language_up(sliding: Kiosk, qtbot: QtBot) -> None:
    kiosk = sliding
    window, other = kiosk.window, _other(kiosk)
    _drawn(kiosk, qtbot)
    _touch(kiosk, other)
    window.come_to_rest()  # snapshots and tests; a resize and new content do the same
    assert not window.language_picture.cover.showing
    assert window.tab_bar.buttons[1].text() == kiosk.window.dataset.pages[1].title.in_language(other)


def test_nothing_is_drawn_while_something_covers_the_page(sliding: Kiosk, qtbot: QtBot) -> None:
    kiosk = sliding
    window = kiosk.window
    kiosk.staff.open_insight()
    settle(kiosk.app)
    qtbot.waitUntil(lambda: window.language_picture.settled, timeout=5_000)
    qtbot.wait(400)  # longer than the idle wait
    assert window.language_picture.covered() and window.language_picture.picture(_other(kiosk)) is None


def test_with_pages_not_sliding_nothing_is_drawn_and_nothing_waits(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    kiosk.settings.change("page_transition_ms", 280, save=False)
    window.update()  # a frame: the idle wait starts
    qtbot.waitUntil(lambda: not window.language_picture.settled, timeout=5_000)
    kiosk.settings.change("page_transition_ms", 0, save=False)
    assert window.language_picture.settled  # stopped with the setting
    window.update()
    settle(kiosk.app)
    qtbot.wait(400)
    assert window.language_picture.settled and window.language_picture.picture(_other(kiosk)) is None
