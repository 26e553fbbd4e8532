"""The visitor's navigation as one model: it emits each change (page, section, what is open, reach,
larger text), the kiosk follows it, a new visitor is one call, and a rebuild keeps the visitor's place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.language import LanguageController
from kiosk.ui.navigation import LIGHTBOX, Navigation


class Recorder(QObject):
    """Every signal of a navigation, in order, as (name, arguments)."""

    def __init__(self, navigation: Navigation) -> None:
        super().__init__(navigation)
        self.seen: list[tuple[str, tuple[object, ...]]] = []
        for name in ("page_changed", "section_changed", "overlay_changed", "reach_changed", "large_text_changed", "photos_rewound"):
            getattr(navigation, name).connect(lambda *args, name=name: self.seen.append((name, args)))


def _model(pages: int = 4) -> tuple[Navigation, LanguageController, Recorder]:
    language = LanguageController(resources.translations_dir(), ("zh", "en"), "zh")
    navigation = Navigation(language, pages, parent=language)
    return navigation, language, Recorder(navigation)


def test_the_model_emits_each_change_once_and_keeps_within_its_pages(qapp: object) -> None:
    navigation, language, recorder = _model()
    navigation.show_page(2)
    navigation.show_page(2)  # no change, no signal
    navigation.step(5)  # no further than the last page
    navigation.show_section(3, 1)
    navigation.set_open(LIGHTBOX, True)
    navigation.set_reach(True)
    navigation.set_large_text(True)
    assert recorder.seen == [
        ("page_changed", (2,)),
        ("page_changed", (3,)),
        ("section_changed", (3, 1)),
        ("overlay_changed", (LIGHTBOX, True)),
        ("reach_changed", (True,)),
        ("large_text_changed", (True,)),
    ]
    assert (navigation.page, navigation.section(3), navigation.section(1)) == (3, 1, 0)
    assert navigation.is_open(LIGHTBOX) and navigation.reach and navigation.large_text
    language.release()


def test_reset_is_one_call_that_puts_everything_back(qapp: object) -> None:
    navigation, language, recorder = _model()
    navigation.show_page(3)
    navigation.show_section(3, 2)
    navigation.set_open(LIGHTBOX, True)
    navigation.set_reach(True)
    navigation.set_large_text(True)
    language.set_language("en")
    recorder.seen.clear()
    navigation.reset("zh")
    assert recorder.seen == [
        ("overlay_changed", (LIGHTBOX, False)),
        ("page_changed", (0,)),
        ("section_changed", (3, 0)),
        ("photos_rewound", ()),
        ("large_text_changed", (False,)),
        ("reach_changed", (False,)),
    ]
    assert language.language == "zh" and not navigation.resetting
    language.release()


def test_fewer_pages_take_the_visitor_home_only_if_theirs_is_gone(qapp: object) -> None:
    navigation, language, _ = _model(6)
    navigation.show_page(3)
    navigation.set_pages(5)
    assert navigation.page == 3
    navigation.set_pages(2)
    assert navigation.page == 0
    language.release()


def test_the_kiosk_follows_the_model_and_tells_it(kiosk: Kiosk, qtbot: QtBot) -> None:
    navigation, pages, window = kiosk.navigation, kiosk.pages, kiosk.window
    index = next(i for i, view in enumerate(pages.views) if view.sections > 2)
    navigation.show_page(index)
    window.come_to_rest()
    assert pages.currentIndex() == index and window.tab_bar.buttons[index].isChecked()
    view = pages.view(index)
    navigation.show_section(index, 2)
    assert view.current_section == 2
    with qtbot.waitSignal(navigation.section_changed, timeout=1000) as blocker:
        assert view.panel is not None
        view.panel.segments[1].click()  # the visitor's tap on a segment reaches the model
    assert blocker.args == [index, 1] and navigation.section(index) == 1
    window.access.reach_button.click()
    assert navigation.reach and window.layout().indexOf(window.header) == 1  # type: ignore[union-attr]
    navigation.set_large_text(True)
    assert window.access.large_text_button.isChecked()
    assert pages.view(0).sections == 0  # the overview has no panel, and says so like any page


def test_a_rebuild_keeps_the_visitors_page_and_sections(kiosk: Kiosk) -> None:
    navigation, pages = kiosk.navigation, kiosk.pages
    chosen = {i: view.sections - 1 for i, view in enumerate(pages.views) if view.sections > 1}
    assert len(chosen) >= 2
    for index, section in chosen.items():
        navigation.show_section(index, section)
    page = max(chosen)
    navigation.show_page(page)
    kiosk.window.come_to_rest()
    old_views = list(pages.views)
    kiosk.settings.change("theme", "high_contrast", save=False)  # pages and tabs made anew
    settle(kiosk.app)
    assert all(new is not old for new, old in zip(pages.views, old_views, strict=True))
    assert navigation.page == page and pages.currentIndex() == page
    assert {i: pages.view(i).current_section for i in chosen} == chosen
    navigation.reset(kiosk.session.default_language)
    assert all(view.current_section == 0 for view in pages.views) and pages.currentIndex() == 0
    kiosk.window.come_to_rest()


def test_a_new_visitor_finds_no_photo_open(kiosk: Kiosk, own_home: Path) -> None:
    pages, window, navigation = kiosk.pages, kiosk.window, kiosk.navigation
    index, view = next((i, v) for i, v in enumerate(pages.views) if v.carousels)
    navigation.show_page(index)
    carousel = view.carousels[0]
    view.show_section(view.section_of(carousel))
    carousel.go_to(1)
    window.open_photo(carousel.album, 1, view.accent)
    assert navigation.is_open(LIGHTBOX)
    navigation.reset(kiosk.session.default_language)
    assert window.lightbox is not None and not window.lightbox.isVisible()
    assert not navigation.is_open(LIGHTBOX) and carousel.index == 0
    window.come_to_rest()
