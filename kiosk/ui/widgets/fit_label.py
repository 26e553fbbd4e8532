"""One line of text that shrinks to fit its width instead of wrapping or clipping: a key figure
such as "CNY 85 billion" must stay whole on any screen. Its largest size comes from the style
sheet (role property); it never grows the layout."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.big_text import draw_text

MIN_FRACTION = 0.45
LINE_HEIGHT = 1.15
GIVE_WAY = 0.6  # in a crowded column a figure gives up to 40% of its height to the words under it


class FitLabel(QWidget):
    def __init__(
        self, role: str, color: str, parent: QWidget | None = None, *, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    ) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self._text = ""
        self._color = QColor(color)
        self._align = align

    def text(self) -> str:
        return self._text

    def set_color(self, color: str) -> None:
        self._color = QColor(color)
        self.update()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLabel
        if text != self._text:
            self._text = text
            self.update()

    def fitted_font(self) -> QFont:
        """The style sheet's font, made smaller if the text would not fit the width or the height
        (a tile squeezed by larger text elsewhere on the page)."""
        font = QFont(self.font())
        fraction = 1.0
        width = QFontMetricsF(font).horizontalAdvance(self._text)
        if width > self.width() > 0:
            fraction = self.width() / width * 0.98
        natural_height = font.pixelSize() * LINE_HEIGHT + 1
        if natural_height > self.height() > 0:
            fraction = min(fraction, self.height() / natural_height)
        if fraction < 1.0:
            font.setPixelSize(max(1, int(max(font.pixelSize() * fraction, font.pixelSize() * MIN_FRACTION))))
        return font

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # Figures are digits, Latin and hanzi: 1.15 em holds them; the CJK font's own line
        # height (about 1.45 em) would waste a fifth of every tile.
        metrics = QFontMetricsF(self.font())
        return QSize(int(metrics.horizontalAdvance(self._text)) + 1, round(self.font().pixelSize() * LINE_HEIGHT) + 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Larger text makes a tile's words need more room: the figure, large already, gives some."""
        return QSize(0, round(self.font().pixelSize() * LINE_HEIGHT * GIVE_WAY) + 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(self.fitted_font())
        painter.setPen(self._color)
        font = painter.font()
        metrics = QFontMetricsF(font)
        # Centre the glyphs' cap height, not the font's tall CJK line box.
        baseline = self.height() / 2 + font.pixelSize() * 0.38
        width = metrics.horizontalAdvance(self._text)
        x = {Qt.AlignmentFlag.AlignLeft: 0.0, Qt.AlignmentFlag.AlignRight: self.width() - width}.get(
            self._align, (self.width() - width) / 2
        )
        draw_text(painter, QPointF(x, baseline), self._text, font, self._color)  # key figures count up: from cached glyphs
        painter.end()
