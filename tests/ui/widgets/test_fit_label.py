"""A fit label promises one line that stays whole: the style sheet's size when the text fits, smaller
when it would not fit the width or the height, never below MIN_FRACTION of it, and drawn in its colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.fit_label import LINE_HEIGHT, MIN_FRACTION, FitLabel

TEXT = "CNY 85 billion"


def _label(qtbot: QtBot, px: int = 80, color: str = "#F2C45A", **options: object) -> FitLabel:
    label = FitLabel("figure", color, **options)  # type: ignore[arg-type]
    qtbot.addWidget(label)
    font = QFont(label.font())
    font.setPixelSize(px)
    label.setFont(font)
    label.setText(TEXT)
    return label


def _width_at(label: FitLabel, px: int) -> float:
    font = QFont(label.font())
    font.setPixelSize(px)
    return QFontMetricsF(font).horizontalAdvance(TEXT)


def test_text_that_fits_keeps_the_style_sheets_size(qtbot: QtBot) -> None:
    label = _label(qtbot)
    label.resize(round(_width_at(label, 80)) + 40, 200)
    assert label.fitted_font().pixelSize() == 80


def test_text_too_wide_shrinks_to_the_width(qtbot: QtBot) -> None:
    label = _label(qtbot)
    label.resize(round(_width_at(label, 80) * 0.7), 200)
    px = label.fitted_font().pixelSize()
    assert MIN_FRACTION * 80 <= px < 80
    assert _width_at(label, px) <= label.width()


def test_text_never_shrinks_below_the_minimum_fraction(qtbot: QtBot) -> None:
    label = _label(qtbot)
    label.resize(20, 200)
    assert label.fitted_font().pixelSize() == int(80 * MIN_FRACTION)


def test_a_label_squeezed_in_height_shrinks_to_it(qtbot: QtBot) -> None:
    label = _label(qtbot)
    label.resize(2000, 69)  # the line needs 80 * 1.15 + 1 = 93
    assert label.fitted_font().pixelSize() == int(80 * 69 / (80 * LINE_HEIGHT + 1))


def test_a_label_not_laid_out_yet_keeps_its_size(qtbot: QtBot) -> None:
    label = _label(qtbot)
    label.resize(0, 0)
    assert label.fitted_font().pixelSize() == 80


def test_it_asks_for_one_line_of_its_text_and_can_be_squeezed_to_no_width(qtbot: QtBot) -> None:
    label = _label(qtbot)
    assert label.sizeHint().height() == round(80 * LINE_HEIGHT) + 1
    assert label.sizeHint().width() >= _width_at(label, 80)
    assert label.minimumSizeHint().width() == 0


def test_the_text_is_drawn_in_its_colour_and_a_new_colour_shows(qtbot: QtBot) -> None:
    label = _label(qtbot, color="#FF0000", align=Qt.AlignmentFlag.AlignCenter)
    label.resize(900, 120)

    def reds_and_blues() -> tuple[int, int]:
        image = label.grab().toImage()
        pixels = [QColor(image.pixel(x, y)) for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)]
        return sum(c.red() > 200 and c.blue() < 60 for c in pixels), sum(c.blue() > 200 and c.red() < 60 for c in pixels)

    reds, blues = reds_and_blues()
    assert reds > 100 and blues == 0
    label.set_color("#0000FF")
    reds, blues = reds_and_blues()
    assert blues > 100 and reds == 0
