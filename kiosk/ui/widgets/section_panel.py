"""The panel beside a page's story: one section at a time (charts, highlights, further figures,
named groups). Large previous/next buttons step through them, wrapping round, with "2 / 5" between."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.widgets.labels import role_label


class SectionPanel(QFrame):
    section_changed = Signal(int)

    def __init__(self, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.heading = role_label("section", self)
        self.position_label = role_label("meta", self, wrap=False)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self._titles: list[str] = []
        self.previous_button = self._step_button("‹", -1, accent)
        self.next_button = self._step_button("›", 1, accent)
        self._row = row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.heading, 1)
        row.addWidget(self.previous_button)
        row.addWidget(self.position_label)
        row.addWidget(self.next_button)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(34, 14, 18, 14)  # + the 2 px outline of the card
        layout.setSpacing(10)
        layout.addLayout(row)
        layout.addWidget(self.stack, 1)

    def _step_button(self, text: str, step: int, accent: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setProperty("role", "section-button")
        button.setStyleSheet(f"QPushButton:pressed {{ background: {accent}; border-color: {accent}; }}")
        button.clicked.connect(lambda: self.show_section((self.current + step) % max(1, self.stack.count())))
        return button

    def set_reach(self, on: bool) -> None:
        """Reach mode: the heading and previous/next row below the section instead of above it."""
        at = self._layout.indexOf(self._row)
        if at != (1 if on else 0):
            self._layout.removeItem(self._row)
            self._layout.insertLayout(1 if on else 0, self._row)

    def add_section(self, widget: QWidget) -> int:
        index = self.stack.addWidget(widget)
        self._titles.append("")
        self._update_position()
        return index

    def set_title(self, index: int, title: str) -> None:
        self._titles[index] = title
        if index == self.stack.currentIndex():
            self.heading.setText(title)

    @property
    def current(self) -> int:
        return self.stack.currentIndex()

    def show_section(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.heading.setText(self._titles[index])
        self._update_position()
        self.section_changed.emit(index)

    def _update_position(self) -> None:
        count = self.stack.count()
        self.position_label.setText(f"{self.current + 1} / {count}")
        for widget in (self.previous_button, self.next_button, self.position_label):
            widget.setVisible(count > 1)
