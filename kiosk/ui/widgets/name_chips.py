"""Named things (industries, universities, the seven areas of a programme) as chips: each name
whole on its own, so no name is split between lines and no separator starts a line."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.widgets.flow_layout import FlowLayout
from kiosk.ui.widgets.labels import KeptLabel


class Chip(KeptLabel):
    """A name on a rounded ground. As wide as its text; wraps only if the text is wider than the row."""

    def __init__(self, parent: QWidget | None = None, *, role: str = "chip") -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # a name wider than the row wraps, and its row grows for it
        self.setSizePolicy(policy)

    def _pad(self) -> None:
        em = self.font().pixelSize() if self.font().pixelSize() > 0 else 24
        margins = QMargins(round(em * 0.7), round(em * 0.3), round(em * 0.7), round(em * 0.3))
        if self.contentsMargins() != margins:  # the padding follows the type size of the screen
            self.setContentsMargins(margins)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PolishRequest):
            self._pad()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        self._pad()
        m = self.contentsMargins()
        width = QFontMetrics(self.font()).horizontalAdvance(self.text()) + m.left() + m.right() + 2
        return QSize(width, self.heightForWidth(width))


class NameChips(QWidget):
    """The names of a group, in a flow of chips."""

    def __init__(self, parent: QWidget | None = None, *, small: bool = False) -> None:
        super().__init__(parent)
        self._role = "chip-small" if small else "chip"
        self.flow = FlowLayout(self, spacing=12)
        self.chips: list[Chip] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_names(self, names: list[str]) -> None:
        if names == self.names():
            return  # nothing to lay out again
        while len(self.chips) < len(names):
            chip = Chip(self, role=self._role)
            self.chips.append(chip)
            self.flow.addWidget(chip)
        for chip, name in zip(self.chips, names, strict=False):
            chip.setText(name)
            chip.setVisible(True)
        for chip in self.chips[len(names) :]:
            chip.setVisible(False)
        self.flow.invalidate()
        self.updateGeometry()

    def set_gap(self, gap: int) -> None:
        self.flow.setSpacing(gap)

    def names(self) -> list[str]:
        return [chip.text() for chip in self.chips if not chip.isHidden()]

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.flow.heightForWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        # Stacks and boxes do not all ask for height-for-width: hold the height the width needs.
        super().resizeEvent(event)
        self.hold_height()

    def event(self, event: QEvent) -> bool:
        """The chips' type changed (larger text): the height held for them follows at once, not at the
        next resize, which may never come."""
        if event.type() == QEvent.Type.LayoutRequest:
            self.hold_height()
        return super().event(event)

    def hold_height(self) -> None:
        """The height its width needs, held (its section calls this after each fit: a layout request
        that came while it was out of sight may not have reached it)."""
        if self.width() <= 0:
            return
        need = self.flow.heightForWidth(self.width())
        if need != self.minimumHeight():
            self.setMinimumHeight(need)
