"""The page panel promises every section a pillar has beside its story, in order (charts, albums,
highlights, further figures, named groups), each titled on its segment in the visitor's language; as
many highlights and groups to a section as fit the height it has, never one lone bullet at the end; a
group a key figure lists is not repeated; it follows the visitor's section and reach through the
navigation until it is retired, and the motion and photo settings as staff change them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.core.settings import Settings
from kiosk.ui.app import Kiosk
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveSettings
from kiosk.ui.navigation import Navigation
from kiosk.ui.theme import Palette
from kiosk.ui.views.page_panel import HIGHLIGHTS_PER_SECTION, PagePanel, group_packs, highlight_packs, motion_setting
from tests.ui.widgets.conftest import dataset, formatter

INDUSTRY = 1  # a pillar with a chart, highlights over two sections, further figures and five groups


@pytest.fixture
def language(qapp: QApplication) -> Iterator[LanguageController]:
    controller = LanguageController(resources.translation_dirs(), dataset().language_codes, "en")
    yield controller
    controller.release()
    controller.deleteLater()


@pytest.fixture
def settings(tmp_path: Path) -> LiveSettings:
    return LiveSettings(Settings(tmp_path / "config", {"reduced_motion": True}))


def _panel(
    qtbot: QtBot,
    language: LanguageController,
    settings: LiveSettings,
    navigation: Navigation | None = None,
    *,
    named: frozenset[str] = frozenset(),
    full_height: bool = False,
) -> PagePanel:
    content = dataset()
    navigation = navigation or Navigation(language, len(content.pages))
    panel = PagePanel(
        content.pages[INDUSTRY],
        content,
        formatter(),
        language,
        "#F0A04B",
        Palette(),
        settings,
        navigation,
        index=INDUSTRY,
        photos=None,
        named=set(named),
        full_height=full_height,
    )
    qtbot.addWidget(panel)
    panel.retranslate_sections(language.language)
    return panel


def test_sections_come_in_order_each_titled_in_the_language(qtbot: QtBot, language: LanguageController, settings: LiveSettings) -> None:
    page = dataset().pages[INDUSTRY]
    panel = _panel(qtbot, language, settings)
    titles = [panel.title(i) for i in range(panel.count)]
    assert titles[:4] == [page.charts[0].title.in_language("en"), "Highlights 1", "Highlights 2", "More figures"]
    # Every segment says what it holds: named groups by their own titles, several to a section joined;
    # the two groups the chart shows row by row (the six target industries by class) are not repeated.
    shown = page.groups[2:]
    assert " · ".join(titles[4:]) == " · ".join(g.title.in_language("en") for g in shown)
    assert not any(title.startswith("Key names") for title in titles)
    assert [g.id for g in panel.groups] == [g.id for g in shown]
    assert panel.current_chart() is panel.chart_slots[0] and len(panel.highlight_labels) == len(page.highlights)
    language.set_language("zh")  # the page passes it on once Qt translates into it
    panel.retranslate_sections("zh")
    assert panel.title(0) == page.charts[0].title.in_language("zh") and panel.title(1) != "Highlights 1"
    assert panel.highlight_labels[0].text() == page.highlights[0].in_language("zh")


def test_the_full_height_takes_more_to_a_section(qtbot: QtBot, language: LanguageController, settings: LiveSettings) -> None:
    strip = _panel(qtbot, language, settings)
    full = _panel(qtbot, language, settings, full_height=True)
    assert full.count < strip.count
    assert len(full.highlight_labels) == len(strip.highlight_labels)
    assert [full.title(i) for i in range(full.count)].count("Highlights") == 1


def test_a_group_a_key_figure_lists_is_not_repeated(qtbot: QtBot, language: LanguageController, settings: LiveSettings) -> None:
    page = dataset().pages[INDUSTRY]
    named = frozenset({page.groups[2].id})
    panel = _panel(qtbot, language, settings, named=named)
    assert [g.id for g in panel.groups] == [g.id for g in page.groups[3:]]  # (the first two: charted)
    assert len(panel.group_chips) == len(page.groups) - 3
    assert page.groups[2].title.in_language("en") not in " · ".join(panel.title(i) for i in range(panel.count))


def test_highlights_share_a_section_up_to_six_and_never_leave_one_alone(qapp: QApplication) -> None:  # fonts need the app
    short = [["A short line."]] * (HIGHLIGHTS_PER_SECTION + 1)
    assert highlight_packs(short, 10_000) == [HIGHLIGHTS_PER_SECTION - 1, 2]  # not 6 and a lone bullet
    assert highlight_packs(short[:3], 10_000) == [3]
    long = ["word " * 400]
    assert highlight_packs([long, *short[:2]], 300) == [1, 2]  # one that fills a section has it alone
    # the language that wraps longest decides: a long translation of the second moves it on
    assert highlight_packs([["a"], ["b", "word " * 60]], 120) == [1, 1]


def test_groups_share_a_section_while_they_fit_the_height(qapp: QApplication) -> None:
    few = [[["Alpha", "Beta"]], [["Gamma"]], [["Delta"]]]
    assert group_packs(few, 10_000) == [3]
    assert group_packs(few, 1) == [1, 1, 1]  # none fits: each alone
    many_names = [[[f"Name number {i}" for i in range(60)]], [["Gamma"]]]
    assert group_packs(many_names, 290) == [1, 1]
    assert sum(group_packs(many_names + few, 290)) == 5


def test_it_follows_the_visitors_section_and_reach_until_retired(
    qtbot: QtBot, language: LanguageController, settings: LiveSettings
) -> None:
    navigation = Navigation(language, len(dataset().pages))
    navigation.show_section(INDUSTRY, 2)  # where the visitor was before a rebuild
    panel = _panel(qtbot, language, settings, navigation)
    assert panel.current == 2
    navigation.show_section(INDUSTRY, 3)
    navigation.show_section(INDUSTRY + 1, 1)  # another page's section
    assert panel.current == 3
    panel.segments[1].click()  # a tap on a segment: the navigation hears of it
    assert navigation.section(INDUSTRY) == 1
    navigation.set_reach(True)
    assert panel.layout().indexOf(panel.stack) == 0  # the segments below
    panel.retire()  # a rebuild replaced it
    navigation.show_section(INDUSTRY, 4)
    navigation.set_reach(False)
    assert panel.current == 1 and panel.layout().indexOf(panel.stack) == 0


def test_charts_follow_reduced_motion_and_the_animation_time(qtbot: QtBot, language: LanguageController, settings: LiveSettings) -> None:
    panel = _panel(qtbot, language, settings)
    slot = panel.chart_slots[0]
    assert motion_setting(settings) == 0 and slot.replay.duration_ms == 0
    settings.change("chart_animation_ms", 900, save=False)
    assert slot.replay.duration_ms == 0  # still reduced motion
    settings.change("reduced_motion", False, save=False)
    assert motion_setting(settings) == 900 and slot.replay.duration_ms == 900
    panel.retire()
    settings.change("chart_animation_ms", 500, save=False)
    assert slot.replay.duration_ms == 900


def test_albums_follow_the_photo_interval_and_a_new_visitor_sees_their_first_photo(kiosk: Kiosk) -> None:
    view = kiosk.pages.view(INDUSTRY)
    assert view.panel is not None and view.panel.carousels
    carousel = view.panel.carousels[0]
    carousel.go_to(1)
    kiosk.navigation.reset("en")
    assert carousel.index == 0
    kiosk.settings.change("carousel_interval_ms", 0, save=False)  # only by hand
    assert not carousel.timer.isActive()
    kiosk.settings.change("carousel_interval_ms", 7000, save=False)
    assert carousel.timer.interval() == 7000


def test_drawn_ahead_in_the_other_language_only_what_shows_takes_it_up(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window drawn ahead in the other language (kiosk.ui.language_picture): the panel's sections
    out of sight keep their words, so the round trip leaves them nothing to lay out again at the tap
    that shows them; the segments, which show, are drawn in it; a real switch gives every section its words."""
    from kiosk.qa.drive import settle
    from kiosk.ui import language_picture

    kiosk.settings.change("page_transition_ms", 280, save=False)  # pictures are drawn only where pages slide
    kiosk.pages.build_charts()
    kiosk.navigation.show_page(INDUSTRY)
    view = kiosk.pages.view(INDUSTRY)
    panel = view.panel
    assert panel is not None
    panel.show_section(0)  # a chart: the highlights are out of sight
    kiosk.window.come_to_rest()
    settle(kiosk.app)
    words = [label.text() for label in panel.highlight_labels]
    titles = [panel.title(i) for i in range(panel.count)]
    other = next(code for code in kiosk.language.languages if code != kiosk.language.language)
    seen: list[tuple[list[str], list[str]]] = []
    render = language_picture._render

    def looked_at(window: QWidget) -> QImage:
        seen.append(([label.text() for label in panel.highlight_labels], [panel.title(i) for i in range(panel.count)]))
        return render(window)

    monkeypatch.setattr(language_picture, "_render", looked_at)
    assert kiosk.window.language_picture.draw(other) is not None
    assert len(seen) == 1
    hidden_words, drawn_titles = seen[0]
    assert hidden_words == words  # out of sight: not told
    assert drawn_titles != titles  # the segments show: drawn in the other language
    assert [label.text() for label in panel.highlight_labels] == words and [panel.title(i) for i in range(panel.count)] == titles
    kiosk.language.set_language(other)  # a real switch: every section
    settle(kiosk.app)
    assert all(now != before for now, before in zip((label.text() for label in panel.highlight_labels), words, strict=True))
    assert [panel.title(i) for i in range(panel.count)] == drawn_titles
