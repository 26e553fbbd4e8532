"""The visitor's accessibility controls beside the language toggle: "Aa" for larger text, and reach
mode, which brings every control into the lower part of the screen (for wheelchair users and
children). Both last until the session ends."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.ui.theme import Palette
from kiosk.ui.widgets.retranslatable import RetranslateMixin


class ReachButton(QPushButton):
    """An arrow towards a bar: down to bring the controls down, up (when on) to put them back."""

    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = colours

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)  # background and outline from the stylesheet
        colours = self.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) * 0.46
        box = QRectF(0, 0, side * 0.8, side)
        box.moveCenter(QRectF(self.rect()).center())
        pen = QPen(QColor(colours.background_deep if self.isChecked() else colours.text), max(2.0, side * 0.12))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        up = self.isChecked()
        bar_y = box.top() if up else box.bottom()
        tip_y = box.top() + side * 0.22 if up else box.bottom() - side * 0.22
        tail_y = box.bottom() if up else box.top()
        x = box.center().x()
        painter.drawLine(QPointF(box.left(), bar_y), QPointF(box.right(), bar_y))
        painter.drawLine(QPointF(x, tail_y), QPointF(x, tip_y))
        head = QPainterPath()
        wing = side * 0.28
        head.moveTo(x - wing, tip_y + (wing if up else -wing))
        head.lineTo(x, tip_y)
        head.lineTo(x + wing, tip_y + (wing if up else -wing))
        painter.drawPath(head)
        painter.end()


class AccessControls(RetranslateMixin, QWidget):
    large_text_changed = Signal(bool)
    reach_changed = Signal(bool)

    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.large_text_button = QPushButton("Aa", self)  # the same in every language
        self.reach_button = ReachButton(colours, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for button in (self.large_text_button, self.reach_button):
            button.setProperty("role", "access")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(button)
        self.large_text_button.toggled.connect(self.large_text_changed)
        self.reach_button.toggled.connect(self.reach_changed)
        self.retranslate()

    def set_colours(self, colours: Palette) -> None:
        self.reach_button.colours = colours
        self.reach_button.update()

    def reset(self) -> None:
        """A new visitor: normal text, controls back at the top (signals fire only for a change)."""
        self.large_text_button.setChecked(False)
        self.reach_button.setChecked(False)

    def retranslate(self) -> None:
        self.large_text_button.setAccessibleName(self.tr("Larger text"))
        self.reach_button.setAccessibleName(
            self.tr("Controls back to the top") if self.reach_button.isChecked() else self.tr("Bring controls within reach")
        )
