"""Name chips promise each name whole on its own chip: chips wrap between names, never inside one that
fits a row; the padding follows the type size; chips are reused when the names change; and the
widget holds the height its width needs; the same names again lay nothing out again."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.name_chips import Chip, NameChips
from tests.ui.widgets.conftest import EventCount

NAMES = ["New energy and new materials", "Fine chemicals", "Trade and logistics"]


def _chips(qtbot: QtBot, names: list[str] = NAMES) -> NameChips:
    chips = NameChips()
    qtbot.addWidget(chips)
    chips.set_names(names)
    return chips


def test_each_name_has_a_chip_of_its_own(qtbot: QtBot) -> None:
    chips = _chips(qtbot)
    assert chips.names() == NAMES
    assert [chip.text() for chip in chips.chips] == NAMES
    assert {chip.property("role") for chip in chips.chips} == {"chip"}
    small = NameChips(chips, small=True)
    small.set_names(["a"])
    assert small.chips[0].property("role") == "chip-small"


def test_fewer_names_hide_chips_and_more_reuse_them(qtbot: QtBot) -> None:
    chips = _chips(qtbot)
    made = list(chips.chips)
    chips.set_names(["Biomedicine"])
    assert chips.names() == ["Biomedicine"]
    assert [chip.isHidden() for chip in made] == [False, True, True]
    chips.set_names(["a", "b", "c", "d"])
    assert chips.chips[:3] == made and len(chips.chips) == 4
    assert chips.names() == ["a", "b", "c", "d"]


def test_chips_wrap_between_names_as_the_width_narrows(qtbot: QtBot) -> None:
    chips = _chips(qtbot)
    widest = max(chip.sizeHint().width() for chip in chips.chips)
    one_row = sum(chip.sizeHint().width() for chip in chips.chips) + 2 * 12
    assert chips.flow.rows(one_row) == [chips.chips]
    assert [len(row) for row in chips.flow.rows(widest)] == [1, 1, 1]
    assert chips.heightForWidth(widest) > chips.heightForWidth(one_row)


def test_the_widget_holds_the_height_its_width_needs(qtbot: QtBot) -> None:
    chips = _chips(qtbot)
    chips.resize(300, 10)
    chips.show()
    qtbot.waitUntil(lambda: chips.minimumHeight() == chips.heightForWidth(300))
    assert chips.minimumHeight() > chips.chips[0].sizeHint().height()


def test_a_chip_is_padded_by_its_type_size_and_as_wide_as_its_name(qtbot: QtBot) -> None:
    chip = Chip()
    qtbot.addWidget(chip)
    chip.setText("Fine chemicals")
    font = QFont(chip.font())
    font.setPixelSize(40)
    chip.setFont(font)
    m = chip.contentsMargins()
    assert (m.left(), m.top(), m.right(), m.bottom()) == (28, 12, 28, 12)
    assert chip.sizeHint().width() == QFontMetrics(font).horizontalAdvance("Fine chemicals") + 28 + 28 + 2


def test_the_same_names_again_lay_nothing_out_again(qtbot: QtBot) -> None:
    """The window drawn ahead in the other language tells the chips their names back: as they were, they change nothing."""
    chips = NameChips()
    qtbot.addWidget(chips)
    chips.set_names(["Lanzhou", "Xining", "Baiyin"])
    chips.resize(600, 200)
    chips.show()
    qtbot.waitExposed(chips)
    QApplication.processEvents()
    laid_out = EventCount(chips, QEvent.Type.LayoutRequest)
    chips.set_names(["Lanzhou", "Xining", "Baiyin"])
    QApplication.processEvents()
    assert laid_out.count == 0
    chips.set_names(["Lanzhou", "Xining"])
    QApplication.processEvents()
    assert laid_out.count > 0 and chips.names() == ["Lanzhou", "Xining"]
