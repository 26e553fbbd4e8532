"""A key figure: the number large, what it measures, and its period and qualifier, never dropped.
A figure that counts named things (the seven areas of a programme) lists them under it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Group, Indicator
from kiosk.ui.language import LanguageController
from kiosk.ui.widgets.fit_label import FitLabel
from kiosk.ui.widgets.labels import HeadingLabel, role_label
from kiosk.ui.widgets.name_chips import NameChips
from kiosk.ui.widgets.retranslatable import RetranslateMixin


class FigureTile(RetranslateMixin, QFrame):
    """Large: number over label and meta. Compact: a row, number beside label and meta."""

    def __init__(
        self,
        indicator: Indicator,
        formatter: NumberFormatter,
        language: LanguageController,
        accent: str,
        *,
        compact: bool = False,
        small: bool = False,
        names: Group | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.indicator = indicator
        self.names = names
        self.name_chips: NameChips | None = None
        self._progress = 1.0
        self._formatter = formatter
        self._language = language
        self.setProperty("role", "tile")
        self.value_label = FitLabel("figure-small" if compact else "figure-medium" if small else "figure", accent, self)
        self.caption_label = HeadingLabel("figure-label", self)
        self.meta_label = role_label("meta", self)
        if compact:
            self.setProperty("role", "row")
            row = QHBoxLayout(self)
            row.setContentsMargins(0, 4, 0, 4)
            row.setSpacing(20)
            text = QVBoxLayout()
            text.setSpacing(0)
            text.addWidget(self.caption_label)
            text.addWidget(self.meta_label)
            text.addStretch(1)
            row.addWidget(self.value_label, 2, Qt.AlignmentFlag.AlignTop)
            row.addLayout(text, 3)
        else:
            column = QVBoxLayout()
            column.setSpacing(2)
            for label in (self.value_label, self.caption_label, self.meta_label):
                column.addWidget(label)
            column.addStretch(1)
            row = QHBoxLayout(self)
            row.setContentsMargins(20, 12, 20, 12)  # + the 2 px outline of the tile
            row.setSpacing(24)
            row.addLayout(column, 1)
            if names is not None:  # beside the figure, so the tile grows wide, not tall
                self.name_chips = NameChips(self, small=True)
                self.name_chips.set_gap(8)
                row.addWidget(self.name_chips, 2)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Grids and boxes do not all ask for height-for-width: the tile holds the height its words
        need at its width (a label wraps to two lines in larger text), so the page makes room for it."""
        super().resizeEvent(event)
        self.hold_height()

    def event(self, event: QEvent) -> bool:
        """Its words' type changed (larger text): the height held follows at once."""
        if event.type() == QEvent.Type.LayoutRequest:
            self.hold_height()
        return super().event(event)

    def hold_height(self) -> None:
        """The height its width needs, held (its section calls this after each fit)."""
        layout = self.layout()
        need = (
            layout.totalMinimumHeightForWidth(self.width()) if layout is not None and layout.hasHeightForWidth() and self.width() > 0 else 0
        )
        if need and need != self.minimumHeight():
            self.setMinimumHeight(need)

    def set_progress(self, progress: float) -> None:
        """Count up: the figure at `progress` of its value, in its final unit, at every frame."""
        self._progress = progress
        ind = self.indicator
        value = None if progress >= 1.0 else ind.value * progress
        self.value_label.setText(self._formatter.indicator(ind, self._language.language, value=value))

    def retranslate(self) -> None:
        lang = self._language.language
        ind = self.indicator
        self.set_progress(self._progress)
        self.caption_label.setText(ind.label.in_language(lang))
        meta = [self._formatter.period(ind.period, lang)]
        if ind.note:
            meta.append(ind.note.in_language(lang))
        # A no-break space before the dot: a line never starts with it.
        self.meta_label.setText("\u00a0· ".join(meta))
        if self.name_chips is not None and self.names is not None:
            self.name_chips.set_names([item.name.in_language(lang) for item in self.names.items])
