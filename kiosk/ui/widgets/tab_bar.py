"""Large tabs, one per page, each marked in its page's accent colour. Tab text wraps onto two lines
and shrinks when a narrow (portrait) screen leaves little room, so no title is ever cut."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QHBoxLayout, QSizePolicy, QStyle, QStyleOption, QWidget

from kiosk.core.content.model import Page
from kiosk.ui.language import LanguageController
from kiosk.ui.navigation import Navigation
from kiosk.ui.theme import Palette, accent
from kiosk.ui.widgets.retranslatable import RetranslateMixin

_FLAGS = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
FITTED_KEPT = 8  # fitted fonts remembered per tab and for the bar: a few titles and sizes (both languages, a turned screen)
LOOKS_KEPT = 4  # pictures kept per tab: lit and not, in each language (at 3840x2160 0.55 MB each)


class TabButton(QAbstractButton):
    def __init__(self, accent_color: str, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colours = colours
        self.setProperty("role", "tab")
        self.setCheckable(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._accent = QColor(accent_color)
        self._fitted: dict[tuple[str, int, int, str], QFont] = {}  # (a title in each language: the other is drawn ahead of time)
        self._pictures: dict[tuple[object, ...], QImage] = {}

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(120, self.minimumHeight() or 108)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._changed()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.LanguageChange:  # a font, a style sheet (new titles are told by their text)
            self._changed()
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            self._opaque()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self._opaque()
        super().showEvent(event)

    def _opaque(self) -> None:
        """It paints every pixel of itself, so its repaint paints nothing under it (the bar). The style
        (Fusion) turns that off for every button it polishes, as a widget is shown and at each new style
        sheet: it is turned on again after."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _changed(self) -> None:
        bar = self.parentWidget()
        if isinstance(bar, TabBar):
            bar.forget_font()

    def fitted_font(self) -> QFont:
        """The largest size, up to the style sheet's, at which the title fits on two lines (remembered
        for the same title, size and font: every tab asks for every tab's size when it paints)."""
        key = (self.text(), self.width(), self.height(), self.font().key())
        font = self._fitted.get(key)
        if font is None:
            if len(self._fitted) >= FITTED_KEPT:
                self._fitted.clear()
            font = self._fitted[key] = self._fit()
        return QFont(font)

    def _fit(self) -> QFont:
        font = QFont(self.font())
        pad = self.height() * 0.12
        box = QRectF(self.rect()).adjusted(pad, pad, -pad, -pad)
        while font.pixelSize() > 12:
            used = QFontMetricsF(font).boundingRect(box, _FLAGS, self.text())
            words_fit = all(QFontMetricsF(font).horizontalAdvance(w) <= box.width() for w in self.text().split())
            if used.height() <= box.height() and words_fit:
                break
            font.setPixelSize(font.pixelSize() - 1)
        return font

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._without_repaint(super().mousePressEvent, event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._without_repaint(super().mouseReleaseEvent, event)

    def _without_repaint(self, handle: Callable[[QMouseEvent], None], event: QMouseEvent) -> None:
        """QAbstractButton repaints itself at once as it is pressed and again as it is clicked: each a
        frame of its own, put on the screen before the page change a tab tap answers with. A tab looks
        the same pressed, so it is drawn checked with that answer, in the next frame."""
        off = self.testAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled)  # (a parent may have turned them off)
        self.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, True)  # (setUpdatesEnabled would repaint as it ends)
        try:
            handle(event)
        finally:
            self.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, off)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.drawImage(QPointF(0, 0), self._picture())
        painter.end()

    def _picture(self) -> QImage:
        """The tab as it shows, on the bar's ground: drawn once per look (lit or not, title, size,
        font) and copied after. A tab tap repaints two tabs in its frame: two copies, not two text
        layouts over a repainted bar."""
        bar = self.parent()
        font = bar.shared_font() if isinstance(bar, TabBar) else self.fitted_font()
        ratio = self.devicePixelRatioF()
        key = (self.isChecked(), self.text(), self.width(), self.height(), ratio, font.key())
        picture = self._pictures.get(key)
        if picture is None:
            if len(self._pictures) >= LOOKS_KEPT:
                self._pictures.clear()
            picture = self._pictures[key] = self._draw(font, ratio)
        return picture

    def _draw(self, font: QFont, ratio: float) -> QImage:
        colours = self._colours
        picture = QImage(round(self.width() * ratio), round(self.height() * ratio), QImage.Format.Format_RGB32)
        picture.setDevicePixelRatio(ratio)
        picture.fill(QColor(colours.background_deep))  # the bar's ground, under the tab: it paints all of itself (_opaque)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.isChecked():
            painter.fillRect(self.rect(), QColor(colours.surface))
            painter.fillRect(0, 0, self.width(), max(4, self.height() // 18), self._accent)
        painter.setPen(QColor(colours.text if self.isChecked() else colours.text_muted))
        painter.setFont(font)
        pad = self.height() * 0.12
        painter.drawText(QRectF(self.rect()).adjusted(pad, pad, -pad, -pad), _FLAGS, self.text())
        painter.end()
        return picture


class TabBar(RetranslateMixin, QWidget):
    """Shows the visitor's page lit; a tap on a tab asks the navigation for its page."""

    def __init__(
        self, pages: tuple[Page, ...], language: LanguageController, colours: Palette, navigation: Navigation, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TabBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        # It paints its own ground (opaque): a tab's repaint does not draw the window's gradient under it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._ground = QColor(colours.background_deep)
        self._pages = pages
        self._language = language
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 0, 16, 0)
        layout.setSpacing(4)
        self.buttons: list[TabButton] = []
        self._shared: dict[tuple[str, ...], QFont] = {}  # the shared font, for these titles (in each language)
        for i, _page in enumerate(pages):
            button = TabButton(accent(i, colours), colours, self)
            self._group.addButton(button, i)
            layout.addWidget(button, 1)
            self.buttons.append(button)
        self.set_current(navigation.page)
        self._group.idClicked.connect(navigation.show_page)
        navigation.page_changed.connect(self.set_current)
        self.retranslate()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._ground)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)  # the style sheet's ground
        painter.end()

    def shared_font(self) -> QFont:
        """One size for every tab, so the bar reads as a set: the size that fits the longest title
        (remembered until a title, a tab's size or font changes: every tab that paints asks)."""
        titles = tuple(b.text() for b in self.buttons)
        font = self._shared.get(titles)
        if font is None:
            if len(self._shared) >= FITTED_KEPT:
                self._shared.clear()
            font = self._shared[titles] = min((b.fitted_font() for b in self.buttons), key=lambda f: f.pixelSize())
        return QFont(font)

    def forget_font(self) -> None:
        """A tab changed size or font: the shared font is fitted anew when next asked for."""
        self._shared.clear()

    def set_current(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)

    def retranslate(self) -> None:
        lang = self._language.language
        for button, page in zip(self.buttons, self._pages, strict=True):
            button.setText(page.title.in_language(lang))
