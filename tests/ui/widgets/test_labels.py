"""Labels promise plain text in the style sheet's role that lets touches through, and headings that
never end on one orphaned character where moving a break keeps the same number of lines; the heading
breaks again when its width changes, and text() stays the text as given."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.labels import HeadingLabel, role_label, style_label, text_lines, without_orphan

TEXT = "三个字一行然后字"  # at the width of all but its last character, 字 would end alone


def _font() -> QFont:
    font = QFont()
    font.setPixelSize(20)
    return font


def _orphaning_width(font: QFont) -> float:
    return QFontMetricsF(font).horizontalAdvance(TEXT[:-1]) + 2


def test_a_role_label_is_plain_wrapped_text_that_lets_touches_through(qtbot: QtBot) -> None:
    label = role_label("meta", color="#123456")
    qtbot.addWidget(label)
    assert label.property("role") == "meta"
    assert label.wordWrap() and label.textFormat() == Qt.TextFormat.PlainText
    assert label.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert "#123456" in label.styleSheet()
    plain = style_label(QLabel(), "title", wrap=False)
    qtbot.addWidget(plain)
    assert not plain.wordWrap() and plain.styleSheet() == ""


def test_text_lines_are_the_lines_a_label_breaks_text_into(qapp: QApplication) -> None:
    font = _font()
    assert text_lines(TEXT, font, _orphaning_width(font)) == [TEXT[:-1], TEXT[-1]]
    assert text_lines(TEXT, font, 10_000) == [TEXT]
    assert text_lines("one\ntwo", font, 10_000) == ["one", "two"]  # a given line break is kept


def test_an_orphaned_last_character_takes_another_with_it(qapp: QApplication) -> None:
    font = _font()
    shown = without_orphan(TEXT, font, _orphaning_width(font))
    assert shown == "三个字一行然\n后字"
    assert text_lines(shown, font, _orphaning_width(font)) == ["三个字一行然", "后字"]


def test_text_with_no_orphan_or_no_room_is_left_as_it_is(qapp: QApplication) -> None:
    font = _font()
    assert without_orphan(TEXT, font, 10_000) == TEXT  # one line
    assert without_orphan(TEXT, font, 0) == TEXT  # not laid out yet
    assert without_orphan("", font, 100) == ""
    two_lines = QFontMetricsF(font).horizontalAdvance(TEXT[:-2]) + 2
    assert without_orphan(TEXT, font, two_lines) == TEXT  # its last line has two characters already


def test_a_heading_breaks_again_for_its_width_and_keeps_the_text_given(qtbot: QtBot) -> None:
    heading = HeadingLabel("headline")
    qtbot.addWidget(heading)
    heading.setFont(_font())
    heading.resize(round(_orphaning_width(_font())), 200)
    heading.show()
    heading.setText(TEXT)
    assert heading.text() == TEXT
    assert text_lines(heading.shown_text(), _font(), heading.width()) == ["三个字一行然", "后\u2060字"]
    heading.resize(1000, 200)  # a wider screen: one line
    qtbot.waitUntil(lambda: len(text_lines(heading.shown_text(), _font(), heading.width())) == 1)
    assert heading.text() == TEXT


def test_a_heading_breaks_again_when_its_font_changes(qtbot: QtBot) -> None:
    heading = HeadingLabel("headline")
    qtbot.addWidget(heading)
    small = QFont(_font())
    small.setPixelSize(10)
    heading.setFont(small)
    heading.resize(round(_orphaning_width(_font())), 200)
    heading.show()
    heading.setText(TEXT)
    assert len(text_lines(heading.shown_text(), small, heading.width())) == 1  # fits on one line at 10 px
    heading.setFont(_font())  # the visitor's larger text
    assert text_lines(heading.shown_text(), _font(), heading.width()) == ["三个字一行然", "后\u2060字"]


def _bundled_font(px: int = 40) -> QFont:
    from kiosk import resources
    from kiosk.ui.fonts import load_bundled_fonts
    from kiosk.ui.theme import FONT_FAMILY

    assert load_bundled_fonts(resources.fonts_dir()) == []
    font = QFont(FONT_FAMILY)
    font.setPixelSize(px)
    return font


def _drawn(text: str, font: QFont) -> QImage:
    image = QImage(600, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(10, 60, text)
    painter.end()
    return image


def test_the_bundled_font_draws_word_joiners_and_no_break_spaces_as_nothing(qapp: QApplication) -> None:
    """keep_line_ends and the content's marks add U+2060 and U+00A0: neither may show (no box, no gap)."""
    font = _bundled_font()
    metrics = QFontMetricsF(font)
    assert metrics.horizontalAdvance("聚集\u2060群。") == metrics.horizontalAdvance("聚集群。")
    assert _drawn("聚集\u2060群。", font) == _drawn("聚集群。", font)
    assert _drawn("future\u00a0ones", font) == _drawn("future ones", font)


def test_a_role_label_never_ends_a_paragraph_on_one_character_or_a_short_word(qtbot: QtBot) -> None:
    label = role_label("body")
    qtbot.addWidget(label)
    label.setFont(_font())
    label.setFixedWidth(round(_orphaning_width(_font())))
    label.setText(TEXT)
    assert label.text() == TEXT  # as given
    assert label.shown_text() == "三个字一行然后\u2060字"  # 后字 go down together
    label.setText("plan future ones")
    assert label.shown_text() == "plan future\u00a0ones"
    label.clear()
    assert label.text() == "" and label.shown_text() == ""
    single = role_label("tag", wrap=False)  # one line: nothing to keep together
    qtbot.addWidget(single)
    single.setText(TEXT)
    assert single.shown_text() == TEXT
