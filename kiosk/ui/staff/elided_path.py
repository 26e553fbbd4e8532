"""A line of the staff screens that ends in a folder's path: the path is shortened in its middle to the
width the line gets (its start says which disk, its end which folder), never cut mid-glyph or broken
over lines; the whole path is in the tooltip, and a tap shows it whole (wrapped at its slashes) until
the next tap."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_SEPARATOR = re.compile(r"([\\/])")


class ElidedPath(QLabel):
    def __init__(self, role: str, parent: QWidget | None = None, mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle) -> None:
        super().__init__(parent)
        self.mode = mode  # ElideRight for a line of words that only has to say how it starts
        self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # the layout gives the width
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.prefix = ""
        self.path = ""
        self.whole = False

    def set_path(self, prefix: str, path: str) -> None:
        if (prefix, path) == (self.prefix, self.path):
            return
        self.prefix, self.path = prefix, path
        self.setToolTip(path)
        self._fit()

    def show_whole(self, whole: bool) -> None:
        self.whole = whole
        self._fit()

    def _fit(self) -> None:
        joined = f"{self.prefix} " if self.prefix else ""
        if self.whole:
            self.setWordWrap(True)
            self.setText(joined + _SEPARATOR.sub("\\1\u200b", self.path))  # a line may break after a slash
            return
        self.setWordWrap(False)
        metrics = self.fontMetrics()
        room = self.contentsRect().width() - max(self.indent(), 0) - metrics.horizontalAdvance(joined) - 2
        self.setText(joined + metrics.elidedText(self.path, self.mode, max(room, 0)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.show_whole(not self.whole)
        event.accept()
