"""A dimmed layer over the whole window that holds a card, and closes itself when left alone."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget


class Overlay(QWidget):
    visibility_changed = Signal(bool)  # opened (True) or closed, by staff or by itself

    def __init__(self, parent: QWidget, idle_close_ms: int) -> None:
        super().__init__(parent)
        self.setProperty("own_swipe", True)
        self.card = QFrame(self)
        self.card.setProperty("role", "card")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignCenter)
        outer.addStretch(1)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_close_ms)
        self.idle_timer.timeout.connect(self.close_overlay)
        self.is_open = False
        self.hide()

    def open_overlay(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.show()  # on top of the page: the window keeps its layers in order
        self.idle_timer.start()
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)
        self.is_open = True
        self.visibility_changed.emit(True)

    def fit_card(self) -> None:
        """As tall as its wrapped lines need at the width it was given, at most the screen's (the
        window's layout asks at its own, wider width: on an upright screen a card's last line was cut)."""
        width = self.card.minimumWidth()
        if width and self.card.layout() is not None:
            needed = self.card.heightForWidth(width)
            self.card.setMinimumHeight(min(needed, self.height()) if self.is_open else needed)

    def close_overlay(self) -> None:
        self.idle_timer.stop()
        self.hide()
        if self.is_open:
            self.is_open = False
            self.visibility_changed.emit(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            self.idle_timer.start()  # staff are using it: keep it open
        return False

    def mousePressEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.idle_timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(4, 10, 20, 215))
        painter.end()
