"""A widget its parent sizes has no height for a width: showing another widget of a stack of them
lays out no wrapped text of the others, and each still fills the stack."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.sized_by_parent import SizedByParent

TEXT = "A paragraph long enough to wrap onto several lines at the width of the card it is set in. " * 3


class CountingLabel(QLabel):
    """A wrapped label that counts how often its height for a width is asked (each is a text layout)."""

    asked = 0

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        CountingLabel.asked += 1
        return super().heightForWidth(width)


class Sized(SizedByParent, QWidget):
    pass


def _stack(qtbot: QtBot, kind: type[QWidget]) -> tuple[QWidget, QStackedWidget]:
    """A window (keep it: the stack goes with it) holding a stack of four `kind` widgets, each a
    column of wrapped labels."""
    window = QWidget()
    qtbot.addWidget(window)
    stack = QStackedWidget(window)
    QVBoxLayout(window).addWidget(stack)
    for _ in range(4):
        page = kind()
        column = QVBoxLayout(page)
        for _ in range(5):
            label = CountingLabel(TEXT)
            label.setWordWrap(True)
            column.addWidget(label)
        stack.addWidget(page)
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    return window, stack


def _asked_while_turning(stack: QStackedWidget) -> int:
    for index in (1, 2, 3, 0):  # once round, so every page has been shown and laid out
        stack.setCurrentIndex(index)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    CountingLabel.asked = 0
    for index in (1, 2, 3, 0, 2):
        stack.setCurrentIndex(index)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    return CountingLabel.asked


@pytest.mark.parametrize("kind", [QWidget, Sized], ids=["plain widgets", "sized by parent"])
def test_showing_another_widget_of_the_stack_lays_out_no_text_of_the_others(qtbot: QtBot, kind: type[QWidget]) -> None:
    _window, stack = _stack(qtbot, kind)
    asked = _asked_while_turning(stack)
    if kind is QWidget:
        assert asked > 5 * 4  # Qt's stack asks every widget in it, shown or not (why this exists)
    else:
        assert asked == 0


def test_each_still_fills_the_stack_and_lays_its_own_items_out(qtbot: QtBot) -> None:
    _window, stack = _stack(qtbot, Sized)
    for index in range(stack.count()):
        stack.setCurrentIndex(index)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        page = stack.currentWidget()
        assert page.geometry() == stack.contentsRect()
        labels = page.findChildren(QLabel)
        assert all(label.width() > 0 and label.height() >= label.heightForWidth(label.width()) - 1 for label in labels)
        assert not page.hasHeightForWidth() and page.heightForWidth(400) == -1
