"""The leak checks every test runs under (tests/leaks.py, wired in tests/conftest.py) see what they say they
see: a top-level widget, a Qt translator or an application event filter left behind, and nothing once it
is gone."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tests.leaks import QtState


def test_a_window_left_behind_is_named_and_one_deleted_is_not(qapp: QApplication) -> None:
    before = QtState()
    label = QLabel("left behind")
    assert QtState().left_since(before) == ["1 more top-level widget(s) (1 QLabel)"]
    label.deleteLater()
    del label
    assert QtState().left_since(before) == []


def test_a_child_widget_is_not_a_window(qapp: QApplication) -> None:
    parent = QWidget()
    before = QtState()
    QLabel("inside", parent)
    assert QtState().left_since(before) == []
    parent.deleteLater()


def test_a_translator_left_installed_is_named_and_one_removed_is_not(qapp: QApplication) -> None:
    before = QtState()
    translator = QTranslator()
    translator.setObjectName("stray")
    QApplication.installTranslator(translator)
    assert QtState().left_since(before) == ["a translator QTranslator 'stray'"]
    QApplication.removeTranslator(translator)
    assert QtState().left_since(before) == []


def test_an_application_event_filter_left_installed_is_named_and_one_removed_is_not(qapp: QApplication) -> None:
    before = QtState()
    watcher = QObject()
    qapp.installEventFilter(watcher)
    assert QtState().left_since(before) == ["an application event filter QObject"]
    qapp.removeEventFilter(watcher)
    assert QtState().left_since(before) == []
    qapp.installEventFilter(watcher)
    watcher.deleteLater()  # Qt removes the filter of an object deleted
    del watcher
    assert QtState().left_since(before) == []
