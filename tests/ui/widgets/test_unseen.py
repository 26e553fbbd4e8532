"""Laying out what nobody sees promises what showing it would do: the resize Qt holds for a hidden
widget is delivered, its layout arranges the children at that size, and it stays hidden
(kiosk.ui.widgets.unseen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.unseen import lay_out_unseen
from tests.ui.widgets.conftest import EventCount


def test_a_hidden_widget_is_laid_out_as_showing_it_would_and_stays_hidden(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    unseen = QWidget(window)
    unseen.hide()
    label = QLabel("A line of words", unseen)
    layout = QVBoxLayout(unseen)
    layout.setContentsMargins(10, 10, 10, 10)
    layout.addWidget(label)
    resized = EventCount(unseen, QEvent.Type.Resize)
    unseen.setGeometry(0, 0, 500, 300)
    assert unseen.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent) and resized.count == 0  # Qt holds it
    lay_out_unseen(unseen)
    assert resized.count == 1 and not unseen.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent)
    assert label.geometry().width() == 480 and not unseen.isVisible()
    shown = label.geometry()
    unseen.show()
    assert label.geometry() == shown and resized.count == 1  # showing it has nothing left to do
