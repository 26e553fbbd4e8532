"""Which widgets of a window paint, and where: every paint event's region in the window's coordinates."""

from __future__ import annotations

from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication, QWidget


class Paints(QObject):
    """Notes the paint events of `window`'s widgets while it is open (a context manager)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.seen: list[tuple[QWidget, QRegion]] = []

    def __enter__(self) -> Paints:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        app = QApplication.instance()
        assert app is not None
        app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(event, QPaintEvent) and isinstance(watched, QWidget) and watched.window() is self.window:
            self.seen.append((watched, event.region().translated(watched.mapTo(self.window, QPoint()))))
        return False

    @property
    def widgets(self) -> set[QWidget]:
        return {widget for widget, _ in self.seen}

    @property
    def region(self) -> QRegion:
        painted = QRegion()
        for _, region in self.seen:
            painted += region
        return painted

    def within(self, rect: QRect) -> bool:
        """Whether everything painted lies inside `rect` (window coordinates)."""
        return self.region.subtracted(QRegion(rect)).isEmpty()
