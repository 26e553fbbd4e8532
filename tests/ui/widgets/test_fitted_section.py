"""A read section of a panel is set for its card: a short list grows its text (up to its limit) and
shares the room left round its items instead of leaving it under the last; a long one keeps its size,
and in larger text comes down no further than the normal size."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.qa.layout_audit import content_boxes, emptiness
from kiosk.ui.widgets.fitted_section import NAMES_GROWTH, TEXT_GROWTH, FittedSection, bullet_rows
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.name_chips import NameChips
from tests.ui.widgets.conftest import EventCount

SIZES = {"highlight": 27.0, "chip": 27.0, "group-title": 24.0}


def _section(qtbot: QtBot, texts: list[str], height: int, *, most: float = TEXT_GROWTH) -> tuple[FittedSection, list[QLabel]]:
    labels = [role_label("highlight") for _ in texts]
    for label, text in zip(labels, texts, strict=True):
        label.setText(text)
    section = FittedSection(bullet_rows(list(labels), "#F0A04B"), most=most)
    section.set_sizes(SIZES)
    qtbot.addWidget(section)
    section.resize(860, height)
    section.show()
    qtbot.waitExposed(section)
    QApplication.processEvents()
    return section, labels


def _names_section(qtbot: QtBot, names: list[str], heading: str, width: int) -> tuple[FittedSection, NameChips]:
    """A group's heading and its names as chips, in a section 560 px high, shown."""
    chips = NameChips()
    chips.set_names(names)
    title = role_label("group-title")
    title.setText(heading)
    section = FittedSection([title, chips], most=NAMES_GROWTH)
    section.set_sizes(SIZES)
    qtbot.addWidget(section)
    section.resize(width, 560)
    section.show()
    qtbot.waitExposed(section)
    QApplication.processEvents()
    return section, chips


def test_a_short_list_grows_and_fills_its_card(qtbot: QtBot) -> None:
    section, labels = _section(qtbot, ["Output at the key companies is rising fast", "The chemical park keeps growing"], 560)
    assert section.growth == TEXT_GROWTH
    assert labels[0].font().pixelSize() == round(27 * TEXT_GROWTH)
    _, band = emptiness(section.rect(), content_boxes(section))
    assert band < 0.45  # the room goes round the two lines, not under them


def test_a_long_list_keeps_its_size_and_fits(qtbot: QtBot) -> None:
    texts = [f"Highlight number {i}, long enough to take most of a line at this width" for i in range(4)]
    section, labels = _section(qtbot, texts, 360)
    assert section.growth < TEXT_GROWTH
    fits = section.natural_height() <= section.height()
    assert fits or section.growth == 1.0  # as large as fits, and never under its style's size
    if fits:
        assert all(label.height() >= label.heightForWidth(label.width()) for label in labels)  # nothing clipped


def test_larger_text_comes_down_no_further_than_the_normal_size(qtbot: QtBot) -> None:
    texts = [f"Highlight number {i}, long enough to take most of a line at this width" for i in range(7)]
    section, labels = _section(qtbot, texts, 120)  # no room at all
    section.set_sizes({role: px * 1.2 for role, px in SIZES.items()}, floor=1 / 1.2)
    QApplication.processEvents()
    assert section.growth == 1 / 1.2
    assert labels[0].font().pixelSize() == 27


def test_names_may_grow_further_than_sentences(qtbot: QtBot) -> None:
    section, chips = _names_section(qtbot, ["Education", "Health care"], "Two campaigns", 860)
    assert section.growth == NAMES_GROWTH
    assert chips.chips[0].font().pixelSize() == round(27 * NAMES_GROWTH)
    assert isinstance(section, QWidget) and chips.height() >= chips.heightForWidth(chips.width())


def test_words_switched_and_back_while_hidden_find_their_growth_again_without_trying_others(qtbot: QtBot) -> None:
    """The window drawn ahead in the other language switches a hidden section's words there and back:
    shown again, it sets no style sheet (trying growths cost 12 ms of the frame showing it)."""
    texts = [f"Highlight number {i}, long enough to take most of a line at this width" for i in range(4)]
    section, labels = _section(qtbot, texts, 360)
    growth, sheet = section.growth, section.styleSheet()
    section.hide()
    for words in (["短"] * 4, texts):
        for label, text in zip(labels, words, strict=True):
            label.setText(text)
        section.refit()
    restyled = EventCount(section, QEvent.Type.StyleChange)
    section.show()
    QApplication.processEvents()
    assert restyled.count == 0 and section.growth == growth and section.styleSheet() == sheet
    labels[0].setText("Only one short line now")  # new words are fitted anew
    section.refit()
    QApplication.processEvents()
    assert restyled.count > 0 and section.growth > growth


def test_chips_shown_again_with_other_words_hold_the_height_those_words_need(qtbot: QtBot) -> None:
    """Names switched while the section is out of sight (a language switch): shown again, the chips
    hold the height their new words need, not the old ones' (two wrapped English names left a band
    of 59% of an empty card under two short Chinese ones)."""
    short, wrapped = ["益海嘉里粮油", "兰石装备"], ["Yihai Kerry grain and oil processing", "Lanshi heavy equipment manufacturing"]
    section, chips = _names_section(qtbot, short, "Exporters", 820)
    one_row = chips.height()
    chips.set_names(wrapped)
    section.refit()
    QApplication.processEvents()
    assert section.growth == NAMES_GROWTH and chips.height() > one_row  # the long names wrap
    section.hide()
    for words in (wrapped[::-1], short):  # out of sight, a layout request reaches the chips once only
        chips.set_names(words)
        section.refit()
        QApplication.processEvents()
    section.show()
    QApplication.processEvents()
    assert chips.height() == chips.heightForWidth(chips.width()) == one_row
