"""The visitor's accessibility controls beside the language toggle: "Aa" for larger text, and reach
mode, which brings every control into the lower part of the screen (for wheelchair users and
children). Each says what it does in a word or two beside its sign, so a first-time visitor need not
guess. Both last until the session ends."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.ui.navigation import Navigation
from kiosk.ui.theme import Palette
from kiosk.ui.widgets.retranslatable import RetranslateMixin

ICON_WIDTH = 1.25  # the sign's width, in caption line heights
GAP = 0.45  # between sign and caption, in caption line heights


class AccessButton(QPushButton):
    """A pill: a drawn sign, then its caption, in the style sheet's font (role "access")."""

    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = colours
        self.caption = ""
        self.setProperty("role", "access")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_caption(self, caption: str) -> None:
        if caption != self.caption:
            self.caption = caption
            self.updateGeometry()
            # Every layout up to the window sizes anew in one pass, not one level per turn of the
            # event loop: the header is never seen with a new caption in an old width.
            parent = self.parentWidget()
            while parent is not None:
                layout = parent.layout()
                if layout is not None:
                    layout.invalidate()
                parent = parent.parentWidget()
            self.update()

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def _padding(self) -> float:
        return max(12.0, self.minimumHeight() * 0.3)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        line = self._line()
        width = 2 * self._padding() + line * (ICON_WIDTH + GAP) + QFontMetricsF(self.font()).horizontalAdvance(self.caption)
        return QSize(round(width + 0.5), max(self.minimumHeight(), round(line * 1.6)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()  # the caption is never cut: the header makes room or takes a second row

    def ink(self) -> QColor:
        return QColor(self.colours.background_deep if self.isChecked() else self.colours.text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)  # background and outline from the style sheet (the text is empty)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line, pad = self._line(), self._padding()
        icon = QRectF(pad, (self.height() - line) / 2, line * ICON_WIDTH, line)
        self.draw_sign(painter, icon)
        painter.setPen(self.ink())
        painter.setFont(self.font())
        left = icon.right() + line * GAP
        painter.drawText(
            QRectF(left, 0, self.width() - left, self.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.caption,
        )
        painter.end()

    def draw_sign(self, painter: QPainter, box: QRectF) -> None:
        raise NotImplementedError

    def audit_texts(self) -> list[tuple[str, int, bool]]:
        """The caption, its pixel size and whether it fits, for the layout audit (it is painted, not a label)."""
        fits = self.sizeHint().width() <= self.width() + 1
        return [(self.caption, self.font().pixelSize(), fits)]


class LargeTextButton(AccessButton):
    """A small "A" and a large "A": the text grows."""

    def draw_sign(self, painter: QPainter, box: QRectF) -> None:
        font = QFont(self.font())
        font.setBold(True)
        painter.setPen(self.ink())
        for size, rect, align in (
            (0.62, QRectF(box.left(), box.top(), box.width() * 0.42, box.height()), Qt.AlignmentFlag.AlignLeft),
            (1.05, QRectF(box.left() + box.width() * 0.36, box.top(), box.width() * 0.64, box.height()), Qt.AlignmentFlag.AlignRight),
        ):
            font.setPixelSize(max(1, round(box.height() * size)))
            painter.setFont(font)
            painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignBottom), "A")


class ReachButton(AccessButton):
    """Controls coming down: a row of buttons (a rounded bar) with a double chevron above it pointing
    down at it; when on, the bar is at the top and the chevrons point up, to put them back."""

    def draw_sign(self, painter: QPainter, box: QRectF) -> None:
        up = self.isChecked()
        side = box.height()
        pen = QPen(self.ink(), max(2.0, side * 0.11))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        bar_h = side * 0.26
        bar = QRectF(box.left() + side * 0.05, box.top() if up else box.bottom() - bar_h, box.width() - side * 0.1, bar_h)
        painter.drawRoundedRect(bar, bar_h / 2, bar_h / 2)
        x = box.center().x()
        wing = side * 0.3
        rise = side * 0.2
        tip = bar.bottom() + side * 0.12 if up else bar.top() - side * 0.12
        step = side * 0.24
        for i in range(2):  # two chevrons, the nearer one at the bar
            y = tip + (i * step if up else -i * step)
            chevron = QPainterPath()
            chevron.moveTo(QPointF(x - wing, y + (rise if up else -rise)))
            chevron.lineTo(QPointF(x, y))
            chevron.lineTo(QPointF(x + wing, y + (rise if up else -rise)))
            painter.drawPath(chevron)


class AccessControls(RetranslateMixin, QWidget):
    """Show the visitor's choices as the navigation holds them, and change them there."""

    captions_changed = Signal()  # the buttons' widths may have changed (a language, reach on or off)

    def __init__(self, colours: Palette, navigation: Navigation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.large_text_button = LargeTextButton(colours, self)
        self.reach_button = ReachButton(colours, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for button in (self.large_text_button, self.reach_button):
            layout.addWidget(button)
        self.large_text_button.setChecked(navigation.large_text)
        self.reach_button.setChecked(navigation.reach)
        self.large_text_button.toggled.connect(navigation.set_large_text)
        self.reach_button.toggled.connect(navigation.set_reach)
        navigation.large_text_changed.connect(self.large_text_button.setChecked)
        navigation.reach_changed.connect(self._on_reach)
        self.retranslate()

    def _on_reach(self, on: bool) -> None:
        self.reach_button.setChecked(on)
        self.retranslate()  # its caption says which way it moves them

    def set_colours(self, colours: Palette) -> None:
        for button in (self.large_text_button, self.reach_button):
            button.colours = colours
            button.update()

    def retranslate(self) -> None:
        self.large_text_button.set_caption(self.tr("Larger text"))
        self.large_text_button.setAccessibleName(self.tr("Larger text"))
        reach_on = self.reach_button.isChecked()
        self.reach_button.set_caption(self.tr("Raise controls") if reach_on else self.tr("Lower controls"))
        self.reach_button.setAccessibleName(self.tr("Controls back to the top") if reach_on else self.tr("Bring controls within reach"))
        self.captions_changed.emit()
