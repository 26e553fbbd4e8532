"""The overview: the anniversary headline across the top, the story in brief, and the headline
figures of every pillar, with a call to explore the pillars on the tab bar."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.views.page_view import PageView
from kiosk.ui.widgets.labels import role_label


class HomeView(PageView):
    MAX_TILES_UNDER_STORY = 0
    SHARES = (10, 9)

    def _build_story_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(12)
        self.title_label.hide()  # the overview's title is the header's: its own stays out of sight
        self.tagline_label.setProperty("role", "headline")
        column.addStretch(1)
        column.addWidget(self.tagline_label)
        self.highlight_labels = [role_label("hint") for _ in self.page.highlights]
        for label in self.highlight_labels:
            column.addWidget(label)
        column.addStretch(1)
        return column

    def _build_side(self) -> QWidget:
        self.hint_label = role_label("tagline")
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addStretch(1)
        column.addWidget(self.summary_label)
        column.addWidget(self.hint_label)
        column.addStretch(1)
        return side

    def _build_header(self) -> QWidget:
        self.headline_label.setProperty("role", "hero")
        self.headline_label.setStyleSheet(f"color: {self.accent};")
        return self.headline_label

    def _tile_columns(self) -> int:
        return 2 if self.portrait else 3

    def _retranslate_side(self, lang: str) -> None:
        self.hint_label.setText(self.tr("Touch a theme below to explore"))
