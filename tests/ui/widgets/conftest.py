"""What the widgets of kiosk/ui/widgets are built from, without a kiosk: the bundled content and a
language controller over the real translations."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import resources
from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.loader import LoadResult, load_content
from kiosk.core.content.model import Dataset
from kiosk.ui.language import LanguageController


@cache
def bundled() -> LoadResult:
    """The bundled content, read once per process (frozen dataclasses: tests cannot change it)."""
    result = load_content(resources.bundled_content_dir())
    assert result.ok, result.problems
    return result


def dataset() -> Dataset:
    content = bundled().dataset
    assert content is not None
    return content


def formatter() -> NumberFormatter:
    numbers = bundled().formatter
    assert numbers is not None
    return numbers


@pytest.fixture
def language(qapp: QApplication) -> Iterator[LanguageController]:
    """English to start with; the controller's translator is taken off the application after the test."""
    controller = LanguageController(resources.translation_dirs(), dataset().language_codes, "en")
    yield controller
    controller.release()
    controller.deleteLater()


class EventCount(QObject):
    """Counts the events of one `kind` that `widget` gets (a window's UpdateRequests: its frames; a
    widget's StyleChanges: the style sheets set on it)."""

    def __init__(self, widget: QWidget, kind: QEvent.Type) -> None:
        super().__init__(widget)
        self.count = 0
        self._kind = kind
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        self.count += watched is self.parent() and event.type() == self._kind
        return False
