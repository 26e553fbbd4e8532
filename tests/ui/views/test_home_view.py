"""The overview page: its headline is the hero of the screen (its title stays out of sight: the header
shows it), the highlights sit under the tagline one label each, a call to explore the pillars sits by the
summary, and its headline figures stand three to a row (two when the screen is upright), all in the
visitor's language."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout
from pytestqt.qtbot import QtBot

from kiosk.ui.app import Kiosk
from kiosk.ui.views.home_view import HomeView
from kiosk.ui.views.page_view import PageView


def _home(kiosk: Kiosk) -> HomeView:
    view = kiosk.pages.views[0]
    assert isinstance(view, HomeView)
    return view


def _rows_and_columns(view: PageView) -> list[tuple[int, int]]:
    grid = view._tiles
    assert isinstance(grid, QGridLayout)
    places: list[tuple[int, int]] = []
    for tile in view.key_tiles:
        position: tuple[int, int, int, int] = grid.getItemPosition(grid.indexOf(tile))  # type: ignore[assignment]
        places.append(position[:2])
    return places


def test_only_the_first_page_is_the_overview(kiosk: Kiosk) -> None:
    views = kiosk.pages.views
    assert isinstance(views[0], HomeView)
    assert not any(isinstance(view, HomeView) for view in views[1:])


def test_the_headline_is_the_hero_and_the_title_stays_hidden(kiosk: Kiosk) -> None:
    home = _home(kiosk)
    assert home.isVisible()
    assert not home.title_label.isVisible()
    assert home.headline_label.isVisible() and home.headline_label.property("role") == "hero"
    assert home.headline_label.text() == "获批国家级新区11周年"
    assert home.tagline_label.property("role") == "headline"
    assert home.panel is None  # the overview has no panel of sections


def test_each_highlight_and_the_call_to_explore_follow_the_language(kiosk: Kiosk, qtbot: QtBot) -> None:
    home = _home(kiosk)
    assert [label.text() for label in home.highlight_labels] == [text.in_language("zh") for text in home.page.highlights]
    assert len(home.highlight_labels) == 2 and all(label.isVisible() for label in home.highlight_labels)
    assert home.hint_label.isVisible() and home.hint_label.text() != "Touch a theme below to explore"  # in Chinese
    kiosk.language.set_language("en")
    qtbot.waitUntil(lambda: home.hint_label.text() == "Touch a theme below to explore", timeout=10_000)
    assert home.highlight_labels[0].text() == "Four tasks: grow industry, serve people, protect nature, attract talent"
    assert home.headline_label.text() == "11 years as a national-level new area"


def test_headline_figures_stand_three_to_a_row_and_two_when_upright(kiosk: Kiosk) -> None:
    home = _home(kiosk)
    assert len(home.key_tiles) == 6
    assert _rows_and_columns(home) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    try:
        home.set_portrait(True)
        assert _rows_and_columns(home) == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    finally:
        home.set_portrait(False)
    assert _rows_and_columns(home) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
