"""What a page shows and how its lines break: sections chosen by their titles, names whole in
chips, counted names in their figure's tile, headings without an orphaned character."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.labels import HeadingLabel, text_lines, without_orphan
from kiosk.ui.widgets.name_chips import NameChips

LIVELIHOOD = 4


def test_every_panel_section_is_reached_by_its_title(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    for index, view in enumerate(kiosk.pages.views[1:], 1):
        kiosk.navigation.show_page(index)
        window.finish_transition()
        panel = view.panel
        titles = [panel.title(i) for i in range(panel.count)]
        assert all(titles), f"{view.page.id}: a section without a title"
        assert len(set(titles)) == len(titles), f"{view.page.id}: two sections share a title: {titles}"
        assert not any(re.search(r"\d+\s*/\s*\d+", t) for t in titles)
        for i, segment in enumerate(panel.segments):
            qtbot.mouseClick(segment, Qt.MouseButton.LeftButton)
            assert panel.current == i and segment.isChecked()
            assert segment.isVisibleTo(window) and segment.height() >= 80 * window.height() / 1080 - 1


def test_group_names_are_chips_each_whole(kiosk: Kiosk) -> None:
    window = kiosk.window
    kiosk.language.set_language("en")
    settle(kiosk.app)
    for index, view in enumerate(kiosk.pages.views[1:], 1):
        kiosk.navigation.show_page(index)
        window.finish_transition()
        for section in range(view.sections):
            view.show_section(section)
            settle(kiosk.app)
            for chips in view.group_chips:
                if chips.isVisible():
                    _each_name_whole(chips)


def _each_name_whole(chips: NameChips) -> None:
    for chip in chips.chips:
        if chip.isHidden():
            continue
        assert "·" not in chip.text()
        # As wide as its name (one line) unless the name is wider than the row.
        one_line = QFontMetricsF(chip.font()).horizontalAdvance(chip.text()) + chip.contentsMargins().left() * 2
        if one_line <= chips.width():
            assert len(text_lines(chip.text(), chip.font(), chip.contentsRect().width())) == 1, chip.text()


def test_a_figure_lists_what_it_counts_and_the_panel_does_not_repeat_it(kiosk: Kiosk) -> None:
    window = kiosk.window
    kiosk.navigation.show_page(LIVELIHOOD)  # pages out of sight take a new language when they are shown
    window.finish_transition()
    view = kiosk.pages.views[LIVELIHOOD]
    counted = [tile for tile in view.key_tiles if tile.indicator.names]
    assert counted, "the seven areas are named by the livelihood figure"
    tile = counted[0]
    assert tile.name_chips is not None
    group = next(g for g in view.page.groups if g.id == tile.indicator.names)
    assert tile.name_chips.names() == [item.name[kiosk.language.language] for item in group.items]
    assert all(chips.names() != tile.name_chips.names() for chips in view.group_chips)


def test_chips_wrap_into_rows_and_hold_their_height(qtbot: QtBot) -> None:
    chips = NameChips()
    qtbot.addWidget(chips)
    chips.set_names(["教育", "卫生", "就业", "养老", "医保", "社保", "退役军人服务"])
    chips.show()
    chips.resize(2000, 10)
    one_row = chips.heightForWidth(2000)
    assert len(chips.flow.rows(2000)) == 1
    assert len(chips.flow.rows(200)) > 2
    chips.resize(200, 10)
    assert chips.minimumHeight() == chips.heightForWidth(200) > one_row


def _fit_all_but_last(text: str, font: QFont) -> float:
    return QFontMetricsF(font).horizontalAdvance(text[:-1]) + 2


def test_a_heading_never_ends_on_one_orphaned_character(qtbot: QtBot) -> None:
    label = HeadingLabel("headline")
    qtbot.addWidget(label)
    font = QFont(label.font())
    font.setPixelSize(42)
    text = "在强省会行动中加力奋斗"
    width = _fit_all_but_last(text, font)
    assert text_lines(text, font, width)[-1] == "斗"  # what plain wrapping does
    shown = without_orphan(text, font, width)
    lines = text_lines(shown, font, width)
    assert len(lines) == 2 and len(lines[-1]) > 1 and shown.replace("\n", "") == text
    label.setFont(font)
    label.setText(text)
    label.show()
    label.resize(int(width) + label.contentsMargins().left() * 2, 200)
    assert label.text() == text
    assert len(text_lines(label.shown_text(), font, width)[-1].replace("\u2060", "")) > 1  # 奋斗 go down together
    label.resize(2000, 200)
    assert len(text_lines(label.shown_text(), font, 2000)) == 1  # one line: nothing to move


def test_headings_on_every_page_have_no_orphan(kiosk: Kiosk) -> None:
    window = kiosk.window
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        settle(kiosk.app)
        for index, view in enumerate(kiosk.pages.views):
            kiosk.navigation.show_page(index)
            window.finish_transition()
            for label in (view.title_label, view.headline_label, view.tagline_label):
                if isinstance(label, HeadingLabel) and label.isVisible():
                    lines = text_lines(label.shown_text(), label.font(), label.contentsRect().width())
                    assert len(lines) == 1 or len(lines[-1]) > 1, (lang, view.page.id, lines)


def test_sections_are_packed_by_the_room_they_take(kiosk: Kiosk) -> None:
    from kiosk.ui.views.page_panel import group_packs, highlight_packs

    short, long = "Short line", "A highlight long enough to wrap onto a second line at the panel's width " * 2
    assert highlight_packs([[short, short]] * 4, 290) == [4]
    assert highlight_packs([[short, short]] * 6, 290) == [4, 2]  # not five and a lone one
    assert highlight_packs([[long, short]] * 6, 290) == [2, 2, 2]  # the longer language decides
    names = [[["Education", "Health care"], ["教育", "卫生"]]] * 4
    assert group_packs(names, 700) == [4]
    assert group_packs(names, 480) == [2, 2]  # shared out evenly, not three and a lone one
    assert group_packs(names, 200) == [1, 1, 1, 1]


def test_no_section_holds_a_lone_bullet(kiosk: Kiosk) -> None:
    for view in kiosk.pages.views[1:]:
        for index in range(view.sections):
            dots = [w for w in view.panel.stack.widget(index).findChildren(QLabel) if w.property("role") == "dot"]
            assert len(dots) != 1, f"{view.page.id}: section {index + 1} holds one bullet"
