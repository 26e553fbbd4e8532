"""The panel beside a page's story: one section at a time (charts, photos, highlights, further
figures, named groups), chosen by its title on a row of segments above it, so the visitor sees
what there is and where they are. The segments wrap to a second row where the titles need it.

A page may have nothing for its panel (a pillar of key figures only): the panel then hides itself once
it is placed in the page, so the story takes the width instead of an empty card beside it, and asking
it for a section that is not there does nothing (a rebuild used to ask an empty panel for section -1)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.widgets.flow_layout import FlowLayout


class SectionPanel(QFrame):
    section_changed = Signal(int)

    def __init__(self, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self._accent = accent
        self.stack = QStackedWidget(self)
        self.segments: list[QPushButton] = []
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self.show_section)
        self._bar = QWidget(self)
        self._flow = FlowLayout(self._bar, spacing=8)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)  # + the 2 px outline of the card
        layout.setSpacing(14)
        layout.addWidget(self._bar)
        layout.addWidget(self.stack, 1)
        self._hidden_while_empty = False

    def event(self, event: QEvent) -> bool:
        """Placed in a page with no section: hidden (not before: hiding a widget without a parent is
        fine, but showing one again would make it a window of its own)."""
        placed = event.type() == QEvent.Type.ParentChange and self.parentWidget() is not None
        # Placed in a page already on screen, Qt counts the panel hidden until its layout shows it a
        # moment later (unless hidden on purpose): so only a panel someone hid is left as it is.
        hidden_on_purpose = self.isHidden() and self.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
        if placed and not self.stack.count() and not hidden_on_purpose:
            self.hide()
            self._hidden_while_empty = True
        return super().event(event)

    def set_reach(self, on: bool) -> None:
        """Reach mode: the segments below the section instead of above it."""
        at = self._layout.indexOf(self._bar)
        if at != (1 if on else 0):
            self._layout.removeWidget(self._bar)
            self._layout.insertWidget(1 if on else 0, self._bar)

    def add_section(self, widget: QWidget) -> int:
        index = self.stack.addWidget(widget)
        button = QPushButton(self._bar)
        button.setProperty("role", "segment")
        button.setCheckable(True)
        button.setStyleSheet(f"QPushButton:checked {{ background: {self._accent}; border-color: {self._accent}; }}")
        self._group.addButton(button, index)
        self._flow.addWidget(button)
        self.segments.append(button)
        button.setChecked(index == self.stack.currentIndex())
        self._bar.setVisible(self.stack.count() > 1)
        if self._hidden_while_empty:  # a section after all: the panel has a parent, so this is no window
            self._hidden_while_empty = False
            self.show()
        return index

    def set_title(self, index: int, title: str) -> None:
        self.segments[index].setText(title)
        self._bar.updateGeometry()

    def title(self, index: int) -> str:
        return self.segments[index].text()

    @property
    def heading(self) -> str:
        """The title of the section on show (its segment is the one lit)."""
        return self.title(self.current) if self.segments else ""

    @property
    def count(self) -> int:
        return self.stack.count()

    @property
    def current(self) -> int:
        return self.stack.currentIndex()

    def show_section(self, index: int) -> None:
        if not 0 <= index < self.stack.count():
            return
        self.stack.setCurrentIndex(index)
        self.segments[index].setChecked(True)
        self.section_changed.emit(index)

    def step(self, by: int) -> None:
        """The next or previous section, wrapping round (a swipe across the panel)."""
        self.show_section((self.current + by) % max(1, self.stack.count()))
