"""A section of a panel that is read (bullets, further figures, named groups), set for its card: its
text as large as lets all of it fit, from its style's size up to half as large again, and the room
that is still left shared out between its items. A short list no longer sits in the top third of an
empty card (issue 23), and a long one keeps the size the visitor chose."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.widgets.figure_tile import FigureTile
from kiosk.ui.widgets.name_chips import NameChips
from kiosk.ui.widgets.sized_by_parent import SizedByParent

# How much larger than its style's size the text may be set, tried largest first: sentences up to half
# as large again; names (chips, a word or two each) up to NAMES_GROWTH.
GROWTHS = (1.8, 1.65, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0)
TEXT_GROWTH = 1.5
NAMES_GROWTH = 1.8
FOUND_KEPT = 8  # growths remembered per section (both languages, larger text, a turned screen)
DOT_DROP = 0.48  # a bullet's distance from the top of its line, in ems of the line's text


class FittedSection(SizedByParent, QWidget):
    """Holds `items` (widgets or layouts) in a column. `set_sizes` gives each text role's size at
    growth 1 (the screen's scale and the visitor's text size in it); the section then picks its growth
    whenever its size, its sizes or its texts (`refit`) change."""

    def __init__(
        self, items: list[QWidget | QLayout], *, spacing: int = 10, most: float = TEXT_GROWTH, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._most = most
        self._layout = layout = QVBoxLayout(self)
        # The card decides the section's size, never its text: growing text must not grow the panel.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing)
        # What room is left goes round the items, twice as much between two as above the first and
        # under the last: no band of empty card anywhere, and the items still read as one list.
        layout.addStretch(1)
        for i, item in enumerate(items):
            if i:
                layout.addStretch(2)
            if isinstance(item, QLayout):
                layout.addLayout(item)
            else:
                layout.addWidget(item)
        layout.addStretch(1)
        self._sizes: dict[str, float] = {}
        self._floor = 1.0
        self.growth = 1.0
        self._fitted_for: tuple[int, int] | None = None
        self._fitted_texts: tuple[str, ...] = ()
        # Growths found, by what they were found for: a section's texts switched to the other language
        # and back (the window drawn ahead in it, kiosk.ui.language_picture) find theirs again without
        # trying every growth (a style sheet set twice, 12 ms of the frame that shows the section).
        self._found: dict[tuple[object, ...], float] = {}

    def set_sizes(self, sizes: dict[str, float], floor: float = 1.0) -> None:
        """Each text role's pixel size at growth 1, and the growth the text may come down to where
        the card cannot hold it at that size (larger text in the smallest card: down to, never under,
        the normal size)."""
        if sizes != self._sizes or floor != self._floor:
            self._sizes, self._floor = dict(sizes), floor
            self._fit_again()

    def refit(self) -> None:
        """The texts changed (a language switch): pick the growth again (now if shown, else when shown).
        Texts as they were at the last fit leave the section as it is (nothing to lay out again)."""
        if self._fitted_for is None or self._texts() != self._fitted_texts:
            self._fit_again()

    def _fit_again(self) -> None:
        self._fitted_for = None
        if self.isVisible():
            self._fit()

    def _texts(self) -> tuple[str, ...]:
        return tuple(label.text() for label in self.findChildren(QLabel))

    def _sheet(self, growth: float) -> str:
        rules = [f'*[role="{role}"] {{ font-size: {round(px * growth)}px; }}' for role, px in sorted(self._sizes.items())]
        if "highlight" in self._sizes:
            rules.append(f'QLabel[role="dot"] {{ margin-top: {round(self._sizes["highlight"] * growth * DOT_DROP)}px; }}')
        return "\n".join(rules)

    def natural_height(self) -> int:
        """The height the items need at the section's width, as now set, without the room shared out."""
        for child in self.findChildren(QWidget):  # a new sheet reaches a child's font as it is polished
            child.ensurePolished()
        for held in [*self.findChildren(NameChips), *self.findChildren(FigureTile)]:  # the height held for the last type
            held.setMinimumHeight(0)
        for layout in [self._layout, *self.findChildren(QLayout)]:
            layout.invalidate()
        return self._layout.totalHeightForWidth(self.width()) if self._layout.hasHeightForWidth() else self._layout.sizeHint().height()

    def _fit(self) -> None:
        key = (self.width(), self.height())
        if not self._sizes or min(key) <= 0 or key == self._fitted_for:
            return
        self._fitted_for, self._fitted_texts = key, self._texts()
        found_for = (*key, self._floor, tuple(sorted(self._sizes.items())), self._fitted_texts)
        found = self._found.get(found_for)
        if found is not None and self._sheet(found) == self.styleSheet():
            self.growth = found
        else:
            self._find_growth()
            if len(self._found) >= FOUND_KEPT:
                self._found.clear()
            self._found[found_for] = self.growth
        # Chips and tiles hold the height their width needs at these words and this size: a height held
        # for other words while out of sight (a language switch, its layout request never delivered)
        # would leave a band of empty card under the chips (59% of it, after an audit in English).
        holding: list[NameChips | FigureTile] = [*self.findChildren(NameChips), *self.findChildren(FigureTile)]
        for held in holding:
            held.hold_height()
        self._layout.setGeometry(self.rect())  # the room shared out at the size it now has, shown or not

    def _find_growth(self) -> None:
        growths = [g for g in GROWTHS if self._floor < g <= self._most] + [self._floor]
        for growth in growths:
            self.growth = growth
            sheet = self._sheet(growth)
            if sheet != self.styleSheet():
                self.setStyleSheet(sheet)
            if self.natural_height() <= self.height():
                break

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.isVisible():
            self._fit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self._fit()
        return super().event(event)


def bullet_rows(labels: list[QWidget], color: str) -> list[QWidget | QLayout]:
    """Each label after a dot in `color`, as rows for a FittedSection."""
    rows: list[QWidget | QLayout] = []
    for label in labels:
        row = QHBoxLayout()
        row.setSpacing(14)
        dot = QLabel()
        dot.setProperty("role", "dot")
        dot.setStyleSheet(f"background: {color};")
        row.addWidget(dot, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        rows.append(row)
    return rows
