"""The short countdown before a session ends: a touch anywhere carries on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin


class StillThere(RetranslateMixin, QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.seconds = 10
        card = QFrame(self)
        card.setProperty("role", "card")
        self.question_label = role_label("hero", card)
        self.question_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown_label = role_label("headline", card)
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(80, 60, 80, 60)
        inner.setSpacing(20)
        inner.addWidget(self.question_label)
        inner.addWidget(self.countdown_label)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        outer.addStretch(1)
        self.retranslate()
        self.hide()

    def show_countdown(self, seconds: int) -> None:
        self.seconds = seconds
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.retranslate()
        self.show()  # on top of the page: the window keeps its layers in order

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(4, 10, 20, 200))
        painter.end()

    def retranslate(self) -> None:
        self.question_label.setText(self.tr("Still there?"))
        self.countdown_label.setText(self.tr("Touch the screen to carry on ({seconds})").format(seconds=self.seconds))
