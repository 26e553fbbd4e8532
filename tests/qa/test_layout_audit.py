"""Each thing the layout audit looks for, shown to it in a tiny widget tree that has exactly that fault
(and, beside it, the same tree without it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPushButton, QWidget

from kiosk import resources
from kiosk.qa.layout_audit import audit, line_break_problems, line_starts, wrapped_lines


@pytest.fixture
def root(qapp: QApplication) -> Iterator[QWidget]:
    """A 'screen' 800x600 (shown offscreen, with what the test put in it, at its first audit), with its
    font at 30 px (above the 24 px floor at 1080p)."""
    widget = QWidget()
    widget.resize(800, 600)
    font = QFont(widget.font())
    font.setPixelSize(30)
    widget.setFont(font)
    yield widget
    widget.close()
    widget.deleteLater()


def _problems(root: QWidget, scale: float = 1.0) -> list[str]:
    root.show()
    QApplication.processEvents()
    return [str(finding) for finding in audit(root, scale, resources.fonts_dir())]


def _button(parent: QWidget, text: str, x: int, y: int, w: int = 160, h: int = 90) -> QPushButton:
    button = QPushButton(text, parent)
    button.setGeometry(x, y, w, h)
    return button


def test_a_control_cut_off_by_the_widget_that_holds_it_is_found(root: QWidget) -> None:
    """The language pill in portrait: inside the screen, but wider than the header that holds it."""
    holder = QWidget(root)
    holder.setObjectName("Header")
    holder.setGeometry(400, 0, 300, 120)
    _button(holder, "中文", 10, 10)
    english = _button(holder, "English", 180, 10)  # ends at 740 (screen 800), the holder at 700
    problems = _problems(root)
    assert any("'English'" in p and "partly off the screen" in p and "QWidget[Header]" in p for p in problems), problems
    assert not any("中文" in p for p in problems)
    english.move(130, 10)  # whole again
    assert _problems(root) == []


def test_a_drawn_control_without_text_cut_off_by_the_screen_is_found(root: QWidget) -> None:
    class Sign(QAbstractButton):  # a custom control: no text of its own, painted
        def paintEvent(self, event: object) -> None:  # noqa: N802 - Qt override
            pass

    sign = Sign(root)
    sign.setObjectName("reach")
    sign.setGeometry(740, 20, 100, 100)
    sign.show()
    assert any("Sign[reach]" in p and "cut by the screen" in p for p in _problems(root))


def test_text_clipped_from_above_and_below_in_a_label_that_does_not_wrap_is_found(root: QWidget) -> None:
    """Staff health lines: three lines in the height of one."""
    label = QLabel("Version 0.1.0\nContent validated: OK\nNo recent problems.", root)
    label.setGeometry(20, 20, 700, 40)
    problems = _problems(root)
    assert any("clipped: needs" in p and "has 40" in p for p in problems), problems
    label.resize(700, 3 * round(QFontMetricsF(label.font()).lineSpacing()) + 4)
    assert _problems(root) == []


def test_a_control_drawn_over_a_screen_that_covers_the_page_is_found(root: QWidget) -> None:
    """New tabs after a reload, raised over the open staff panel, take its touches."""
    tabs = QWidget(root)
    tabs.setGeometry(0, 500, 800, 100)
    _button(tabs, "Overview", 0, 0, 200, 100)
    panel = QWidget(root)
    panel.setObjectName("StaffPanel")
    panel.setGeometry(root.rect())
    panel.show()
    assert _problems(root) == []  # the panel on top: all well
    tabs.raise_()
    problems = _problems(root)
    assert any("'Overview'" in p and "is drawn over QWidget[StaffPanel]" in p for p in problems), problems


def test_a_separator_at_the_start_of_a_wrapped_line_is_found(root: QWidget) -> None:
    """'· name' on a line of its own: the dot belongs to the line before."""
    text = "Lanzhou New Area · Qinwangchuan"
    label = QLabel(text, root)
    label.setWordWrap(True)
    metrics = QFontMetricsF(label.font())
    width = round(metrics.horizontalAdvance("Lanzhou New Area ") + 2)  # the dot no longer fits on line one
    assert line_starts(text, label.font(), width)[0].startswith("·")
    label.setGeometry(20, 20, width, label.heightForWidth(width) + 4)
    problems = _problems(root)
    assert any("starts with the separator '·'" in p for p in problems), problems
    wide = round(metrics.horizontalAdvance(text) + 4)
    label.setGeometry(20, 20, wide, label.heightForWidth(wide) + 4)
    assert _problems(root) == []


@pytest.mark.parametrize("separator", ["•", "/", "|", "、"])
def test_every_separator_counts(root: QWidget, separator: str) -> None:
    text = f"Lanzhou New Area {separator} Qinwangchuan"
    label = QLabel(text, root)
    label.setWordWrap(True)
    width = round(QFontMetricsF(label.font()).horizontalAdvance("Lanzhou New Area ") + 2)
    label.setGeometry(20, 20, width, label.heightForWidth(width) + 4)
    if not line_starts(text, label.font(), width)[0].startswith(separator):
        pytest.skip(f"Qt does not break before {separator!r} here")  # then no visitor sees it either
    assert any("starts with the separator" in p for p in _problems(root))


def test_small_text_is_found_in_placeholders_and_point_sized_fonts_too(root: QWidget) -> None:
    field = QLineEdit(root)
    field.setPlaceholderText("Type the PIN")
    field.setGeometry(20, 20, 400, 90)
    small = QFont(field.font())
    small.setPixelSize(16)
    field.setFont(small)
    label = QLabel("Source: the article", root)
    pointed = QFont(label.font())
    pointed.setPointSize(9)  # no pixel size: the audit must still know it is small
    label.setFont(pointed)
    label.setGeometry(20, 200, 700, 90)
    problems = _problems(root)
    assert any("'Type the PIN'" in p and "text 16 px is under 24" in p for p in problems), problems
    assert any("'Source: the article'" in p and "is under 24" in p for p in problems), problems


def test_the_floor_scales_with_the_screen(root: QWidget) -> None:
    """30 px reads at 1080p; on a 4K panel (scale 2) the same design is 60 px, and 30 px is too small."""
    QLabel("Stronger industry", root).setGeometry(20, 20, 700, 90)
    assert _problems(root, 1.0) == []
    assert any("text 30 px is under 48" in p for p in _problems(root, 2.0))


SUMMARY = "狠抓营商环境、招商引资，坚持强龙头、补链条、聚集群。"  # 群。 alone on its last line at 1080p, once


def _wrapped(parent: QWidget, label: QLabel, text: str, width: float) -> QLabel:
    label.setParent(parent)
    label.setWordWrap(True)
    label.setFont(parent.font())
    label.setText(text)
    label.setGeometry(0, 0, round(width), 400)
    return label


def test_a_last_line_of_one_character_is_found_and_a_role_label_avoids_it(root: QWidget) -> None:
    from kiosk.ui.widgets.labels import role_label

    width = QFontMetricsF(root.font()).horizontalAdvance(SUMMARY[:-2]) + 4  # 群。 goes down alone
    plain = _wrapped(root, QLabel(), SUMMARY, width)
    problems = _problems(root)
    assert any("last line is one character alone: '群。'" in p for p in problems), problems
    plain.hide()
    _wrapped(root, role_label("body"), SUMMARY, width)  # the label layer holds 集群 together
    assert _problems(root) == []


def test_a_last_line_of_one_short_english_word_is_found(root: QWidget) -> None:
    text = "grow emerging ones, plan future ones"
    width = QFontMetricsF(root.font()).horizontalAdvance(text[:-4]) + 4
    _wrapped(root, QLabel(), text, width)
    assert any("one short word alone: 'ones'" in p for p in _problems(root))


def test_a_break_inside_a_word_is_found(qapp: QApplication) -> None:
    font = QFont()
    font.setPixelSize(30)
    metrics = QFontMetricsF(font)
    word = "modernisation"
    assert any("breaks inside a word" in p for p in line_break_problems(word, font, metrics.horizontalAdvance(word) / 2))
    held = "提\u2060高到36%"  # a word the content holds together, in a line too narrow for it
    assert any("inside a word held together" in p for p in line_break_problems(held, font, metrics.horizontalAdvance("提") + 1))
    assert line_break_problems("Chinese modernisation", font, metrics.horizontalAdvance(word) + 4) == []  # between words
    assert line_break_problems(SUMMARY, font, 10_000) == []  # one line


def test_wrapped_lines_are_each_paragraphs_lines(qapp: QApplication) -> None:
    font = QFont()
    font.setPixelSize(30)
    width = QFontMetricsF(font).horizontalAdvance(SUMMARY[:-2]) + 4
    assert wrapped_lines(f"{SUMMARY}\none", font, width) == [[SUMMARY[:-2], SUMMARY[-2:]], ["one"]]


def test_two_words_held_by_a_no_break_space_are_no_lone_word(qapp: QApplication) -> None:
    font = QFont()
    font.setPixelSize(30)
    text = "town and country grow as\u00a0one"
    width = QFontMetricsF(font).horizontalAdvance("town and country grow") + 4
    assert wrapped_lines(text, font, width)[0][-1] == "as\u00a0one"
    assert line_break_problems(text, font, width) == []


def test_the_tallest_empty_band_and_the_empty_share_of_a_panel_are_measured(root: QWidget) -> None:
    """Six lines in the top third of a card (today's highlights): a band of two thirds under them;
    the same lines spread down the card: no band over a fifth."""
    from PySide6.QtCore import QRect

    from kiosk.qa.layout_audit import content_boxes, emptiness

    card = QRect(0, 0, 800, 600)
    labels = [QLabel(f"Highlight {i}", root) for i in range(6)]
    line = round(QFontMetricsF(labels[0].font()).lineSpacing())
    for i, label in enumerate(labels):
        label.setGeometry(0, i * line, 800, line)  # wider than its words: only the words count
    root.show()
    boxes = content_boxes(root)
    assert len(boxes) == 6 and all(box.width() < 400 for box in boxes)
    area, band = emptiness(card, boxes)
    assert band == pytest.approx(1 - 6 * line / 600, abs=0.01)
    assert area > band
    for i, label in enumerate(labels):
        label.move(0, 50 + i * 90)
    _, band = emptiness(card, content_boxes(root))
    assert band < 0.2
    assert emptiness(card, []) == (1.0, 1.0)
