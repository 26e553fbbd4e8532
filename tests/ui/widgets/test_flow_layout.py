"""The flow layout promises items left to right that wrap to a new row where the width ends, the height
that takes at each width, no place for hidden items, and a whole row for an item wider than a row."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.flow_layout import FlowLayout


def _flow(qtbot: QtBot, *widths: int, spacing: int = 10) -> tuple[QWidget, FlowLayout, list[QWidget]]:
    """A host (keep it: the layout goes with it), its flow, and fixed-size items in it."""
    host = QWidget()
    qtbot.addWidget(host)
    flow = FlowLayout(host, spacing=spacing)
    items = []
    for width in widths:
        item = QWidget(host)
        item.setFixedSize(width, 30)
        flow.addWidget(item)
        items.append(item)
    return host, flow, items


def test_items_wrap_to_a_new_row_where_the_width_ends(qtbot: QtBot) -> None:
    _host, flow, (a, b, c) = _flow(qtbot, 100, 100, 100)
    assert flow.rows(320) == [[a, b, c]]
    assert flow.rows(319) == [[a, b], [c]]  # 100 + 10 + 100 + 10 + 100 = 320
    assert flow.rows(150) == [[a], [b], [c]]


def test_the_height_is_what_the_rows_take_at_that_width(qtbot: QtBot) -> None:
    _host, flow, _ = _flow(qtbot, 100, 100, 100)
    assert flow.hasHeightForWidth()
    assert flow.heightForWidth(320) == 30
    assert flow.heightForWidth(250) == 30 + 10 + 30
    assert flow.heightForWidth(100) == 3 * 30 + 2 * 10


def test_margins_are_kept_around_the_rows(qtbot: QtBot) -> None:
    _host, flow, _ = _flow(qtbot, 100, 100)
    flow.setContentsMargins(5, 7, 5, 9)
    assert flow.heightForWidth(220) == 7 + 30 + 9
    assert flow.heightForWidth(219) == 7 + 30 + 10 + 30 + 9  # 10 px less room inside


def test_placing_puts_each_item_in_its_row(qtbot: QtBot) -> None:
    _host, flow, (a, b, c) = _flow(qtbot, 100, 100, 100)
    flow.setGeometry(QRect(0, 0, 250, 200))
    assert [w.geometry() for w in (a, b, c)] == [QRect(0, 0, 100, 30), QRect(110, 0, 100, 30), QRect(0, 40, 100, 30)]


def test_hidden_items_take_no_place(qtbot: QtBot) -> None:
    _host, flow, (a, b, c) = _flow(qtbot, 100, 100, 100)
    b.hide()
    flow.invalidate()
    assert flow.rows(250) == [[a, c]]
    assert flow.heightForWidth(250) == 30


class Wrapping(QWidget):
    """500 px of text on one line; at a narrower width it wraps, 30 px a line."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(500, 30)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return 30 * math.ceil(500 / width)


def test_an_item_wider_than_a_row_gets_the_whole_row_and_the_height_it_wraps_to(qtbot: QtBot) -> None:
    host, flow, (a, c) = _flow(qtbot, 50, 50)
    wide = Wrapping(host)
    flow.takeAt(1)
    flow.addWidget(wide)
    flow.addWidget(c)
    flow.setGeometry(QRect(0, 0, 200, 300))
    assert flow.rows(200) == [[a], [wide], [c]]
    assert wide.geometry() == QRect(0, 40, 200, 90)  # three lines of 30 px at 200 px
    assert c.geometry().top() == 40 + 90 + 10


def test_a_taken_item_leaves_and_the_height_follows(qtbot: QtBot) -> None:
    _host, flow, _ = _flow(qtbot, 100, 100, 100)
    assert flow.heightForWidth(150) == 110
    taken = flow.takeAt(0)
    assert taken is not None and flow.count() == 2
    assert flow.heightForWidth(150) == 70
    assert flow.takeAt(5) is None and flow.itemAt(5) is None
