"""The retranslation contract promises that a visible widget retranslates on a language change at once,
and a hidden one once, when it is next shown: a switch costs what the visitor sees."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.retranslatable import RetranslateMixin


class Counting(RetranslateMixin, QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls = 0

    def retranslate(self) -> None:
        self.calls += 1


def _language_change(widget: QWidget) -> None:
    QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def test_a_visible_widget_retranslates_at_once(qtbot: QtBot) -> None:
    widget = Counting()
    qtbot.addWidget(widget)
    widget.show()
    _language_change(widget)
    assert widget.calls == 1


def test_a_hidden_widget_retranslates_once_when_next_shown(qtbot: QtBot) -> None:
    widget = Counting()
    qtbot.addWidget(widget)
    _language_change(widget)
    _language_change(widget)  # two switches while nobody looked
    assert widget.calls == 0
    widget.show()
    assert widget.calls == 1
    widget.hide()
    widget.show()  # nothing changed meanwhile
    assert widget.calls == 1


def test_a_widget_inside_a_hidden_parent_waits_for_it(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    child = Counting(parent)
    _language_change(parent)  # Qt passes the change on to children
    assert child.calls == 0
    parent.show()
    assert child.calls == 1


def test_a_widget_that_forgets_retranslate_fails_loudly() -> None:
    with pytest.raises(NotImplementedError):
        RetranslateMixin().retranslate()
