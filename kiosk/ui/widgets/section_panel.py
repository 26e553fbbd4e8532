"""The panel beside a page's story: one section at a time (highlights, further figures, each named
group), chosen by large numbered buttons. Charts and photo carousels join as further sections."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.widgets.labels import role_label


class SectionPanel(QFrame):
    section_changed = Signal(int)

    def __init__(self, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self._accent = accent
        self.heading = role_label("section", self)
        self.stack = QStackedWidget(self)
        self._titles: list[str] = []
        self._group = QButtonGroup(self)
        self._buttons_row = QHBoxLayout()
        self._buttons_row.setSpacing(8)
        self._buttons_row.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(self._buttons_row)
        layout.addWidget(self.stack, 1)
        self._group.idClicked.connect(self.show_section)

    def add_section(self, widget: QWidget) -> int:
        index = self.stack.addWidget(widget)
        self._titles.append("")
        button = QPushButton(str(index + 1), self)
        button.setProperty("role", "section-button")
        button.setCheckable(True)
        button.setStyleSheet(f"QPushButton:checked {{ background: {self._accent}; border-color: {self._accent}; }}")
        self._group.addButton(button, index)
        self._buttons_row.addWidget(button)
        if index == 0:
            button.setChecked(True)
        self._update_buttons_visible()
        return index

    def _update_buttons_visible(self) -> None:
        for button in self._group.buttons():
            button.setVisible(self.stack.count() > 1)

    def set_title(self, index: int, title: str) -> None:
        self._titles[index] = title
        if index == self.stack.currentIndex():
            self.heading.setText(title)

    @property
    def current(self) -> int:
        return self.stack.currentIndex()

    def show_section(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self._group.button(index).setChecked(True)
        self.heading.setText(self._titles[index])
        self.section_changed.emit(index)

    def section_buttons(self) -> list[QPushButton]:
        return [b for b in self._group.buttons() if isinstance(b, QPushButton)]
