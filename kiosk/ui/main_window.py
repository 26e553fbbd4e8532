"""The kiosk window: header with the language toggle, the pages, and the tab bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractAnimation, QChildEvent, QEvent, QMargins, QObject, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QGradient, QImage, QLinearGradient, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QBoxLayout, QHBoxLayout, QLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.content.model import Album, Dataset
from kiosk.ui.language import LanguageController
from kiosk.ui.language_picture import LanguagePicture
from kiosk.ui.layers import Layer, Layers
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.navigation import Navigation
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.scaling import rescale_layouts
from kiosk.ui.swipe import SwipeDetector
from kiosk.ui.theme import LARGE_TEXT, Palette, palette_for, scale_for, stylesheet
from kiosk.ui.views.page_stack import PageStack, PageTurn
from kiosk.ui.widgets.access_controls import AccessControls
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.language_toggle import LanguageToggle
from kiosk.ui.widgets.retranslatable import RetranslateMixin
from kiosk.ui.widgets.tab_bar import TabBar

if TYPE_CHECKING:
    from kiosk.ui.photos.lightbox import Lightbox


def background_brush(colours: Palette) -> QBrush:
    """The window's gradient, corner to corner of what it fills, as the style sheet drew it (object bounding mode)."""
    gradient = QLinearGradient(0, 0, 1, 1)
    gradient.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
    gradient.setColorAt(0, QColor(colours.background))
    gradient.setColorAt(1, QColor(colours.background_deep))
    return QBrush(gradient)


def window_background(colours: Palette, size: QSize, ratio: float) -> QImage:
    """The window's gradient as a picture of its size."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    painter.fillRect(QRectF(0, 0, size.width() / ratio, size.height() / ratio), background_brush(colours))
    painter.end()
    return image


class KioskWindow(RetranslateMixin, QWidget):
    """Lays out the header, the pages and the tab bar, keeps what covers the pages stacked (`layers`),
    and follows the screen (scale, portrait), the theme and the visitor's larger text and reach. Where
    the visitor is (page, sections, what is open) is `navigation`'s; the pages are `pages`'."""

    first_frame = Signal()  # the first frame is painted whole and on the screen: now load what can wait (pyqtgraph)
    rebuilt = Signal()  # pages and tabs were made anew (new content or theme); `layers` keeps them under what covers them

    def __init__(
        self,
        content: LiveContent,
        settings: LiveSettings,
        language: LanguageController,
        loader: PhotoLoader,
        navigation: Navigation,
        *,
        lazy_pages: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        # The background is one picture, painted here (a gradient filled anew under every repaint
        # cost more than copying it: 6.3 ms against 3.1 ms for 3840x1800 pixels, measured).
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._background = QImage()
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.content = content
        self.settings = settings
        self.language = language
        self.navigation = navigation
        navigation.set_pages(len(content.dataset.pages))
        self.colours = palette_for(settings["theme"])
        self._loader = loader
        self._scale = 0.0
        self._portrait = False
        self._painted = False
        self.layers = Layers(self)
        self.lightbox: Lightbox | None = None

        header = QWidget(self)
        header.setObjectName("Header")
        self.brand_label = role_label("brand", wrap=False)
        self.brand_sub_label = role_label("brand-sub", wrap=False)
        # Beside the title only where the row has room for it whole: it never widens the header.
        self.brand_sub_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        brand = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        brand.setSpacing(24)
        brand.addWidget(self.brand_label, 0, Qt.AlignmentFlag.AlignBaseline)
        brand.addWidget(self.brand_sub_label, 1, Qt.AlignmentFlag.AlignBaseline)
        self._brand = brand
        # The visitor's controls: larger text, reach mode, language. At the top right (in portrait on
        # a row of their own under the title, where the width is short); in reach mode the whole
        # header moves down to sit just above the tabs.
        self.header = header
        self.controls = QWidget(header)
        self.access = AccessControls(self.colours, navigation, self.controls)
        self.access.captions_changed.connect(self._show_brand_sub)
        for part in (self.controls, self.brand_label):  # new words or fonts: is there room for the subtitle?
            part.installEventFilter(self)
        # A touch on a language: the window shows it at once, from its picture drawn ahead of time (made below).
        self.language_toggle = LanguageToggle(
            content.dataset.languages, language, self.controls, choose=lambda code: self.language_picture.switch(code)
        )
        controls_layout = QHBoxLayout(self.controls)
        controls_layout.setContentsMargins(0, 0, 0, 0)
        controls_layout.setSpacing(24)
        controls_layout.addWidget(self.access)
        controls_layout.addWidget(self.language_toggle)
        self._header_layout = header_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, header)
        header_layout.setContentsMargins(72, 12, 48, 4)
        header_layout.setSpacing(24)
        header_layout.addLayout(brand, 1)
        header_layout.addWidget(self.controls, 0, Qt.AlignmentFlag.AlignVCenter)

        self.pages = PageStack(content, settings, language, loader, navigation, self.open_photo, lazy=lazy_pages, parent=self)
        self.tab_bar = TabBar(content.dataset.pages, language, self.colours, navigation, self)

        # The screen decides the window's size, never its content: a long translation must not
        # grow the window (and, through the scale, the text, and the window again).
        self.pages.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        # Room can be kept free around the pages and beside the tabs for a mode's own controls (guided
        # mode's back and next), so those never lie over what a visitor reads or touches.
        self._page_row = QHBoxLayout()
        self._page_row.addWidget(self.pages)
        self._tab_row = QHBoxLayout()
        self._tab_row.addWidget(self.tab_bar)
        self._room = {self._page_row: QMargins(), self._tab_row: QMargins()}  # at 1080p design size
        self._apply_room()
        layout.addLayout(self._page_row, 1)
        layout.addLayout(self._tab_row)

        # The page being left and the page arriving slide as pictures over the pages.
        self.turn = PageTurn(self.pages, navigation, settings, self._window_background, self.layers, self.has_painted, self)
        self.swipe = SwipeDetector(self.pages, settings, self)
        self.swipe.swiped.connect(navigation.step)
        # Swipes are watched from the first frame on: an application-wide event filter in Python sees every
        # event, and the first one made PySide resolve every Qt type (35 ms, measured) before that frame.
        self.first_frame.connect(self.swipe.listen)
        self.language_picture = LanguagePicture(
            self,
            language,
            self.language_toggle,
            self.layers,
            lambda: self._painted and self.pages.charts_built,
            lambda: self.turn.duration_ms > 0,
        )
        settings.changed.connect(self.language_picture.reconsider)
        content.changed.connect(self._rebuild)
        settings.changed_signal("theme").connect(self._on_theme)
        # The subtitle beside the title comes and goes once the page change is on the screen (after the
        # first frame of its slide): showing it lays the header out again (0.7 ms of a tab tap's frame).
        self.turn.turned.connect(self._show_brand_sub)
        navigation.reach_changed.connect(self._on_reach)
        navigation.large_text_changed.connect(self._restyle)
        self._on_reach(navigation.reach)
        self.pages.setCurrentIndex(navigation.page)
        self.pages.current.enter()
        self.retranslate()

    @property
    def dataset(self) -> Dataset:
        return self.content.dataset

    # --- the pages --------------------------------------------------------------------------

    @property
    def transition(self) -> QAbstractAnimation | None:
        """The page slide running now, if any (benchmarks step it frame by frame)."""
        return self.turn.animation

    def finish_transition(self) -> None:
        """Jump to the end of a running slide, and of a language switch still under its picture
        (snapshots, tests, a resize, a rebuild)."""
        self.turn.finish()
        self.language_picture.finish()

    def come_to_rest(self) -> None:
        """No slide, no figure counting up, no chart growing: the screen as it rests (snapshots, the
        staff's heat map, tests)."""
        self.finish_transition()
        self.pages.finish_animation()

    def _rebuild(self) -> None:
        """New content or a new theme: pages and tabs are made again; the visitor stays where they were."""
        self.finish_transition()
        self.navigation.set_pages(len(self.dataset.pages))
        self.pages.rebuild(self.colours)
        old_tabs = self.tab_bar
        self.tab_bar = TabBar(self.dataset.pages, self.language, self.colours, self.navigation, self)
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(old_tabs, self.tab_bar)
        old_tabs.hide()  # deleted at the next turn of the event loop; not shown until then
        old_tabs.deleteLater()
        self._scale, scale = 0.0, self._scale  # re-apply sizes to the new widgets
        self.apply_scale(scale or 1.0)
        self.set_portrait(self.height() > self.width())
        self.retranslate()
        self.pages.current.enter()
        self.rebuilt.emit()

    def _on_theme(self, name: object) -> None:
        """Standard or high contrast: pages and tabs are rebuilt in the new colours."""
        self.colours = palette_for(str(name))
        self._background = QImage()
        self.update()
        self.access.set_colours(self.colours)
        if self.lightbox is not None:
            self.lightbox.colours = self.colours
        self._restyle()
        self._rebuild()

    def open_photo(self, album: Album, index: int, accent: str) -> None:
        if self.lightbox is None:  # made when first opened
            from kiosk.ui.photos import lightbox

            self.lightbox = lightbox.Lightbox(self._loader, self.language, self.settings, self.colours, self.navigation, self)
            self.layers.put(self.lightbox, Layer.LIGHTBOX)
        self.lightbox.show_photo(album, index, self.content.folder, accent)

    # --- layout -----------------------------------------------------------------------------

    def _on_reach(self, on: bool) -> None:
        """Reach mode: the header with the visitor's controls moves down above the tabs (each page
        moves its panel's previous/next row itself), so nothing needs a raised arm."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        if layout.indexOf(self.header) != (1 if on else 0):
            layout.removeWidget(self.header)
            layout.insertWidget(1 if on else 0, self.header)

    def keep_room(self, pages: QMargins, tabs: QMargins) -> None:
        """Keep `pages` (at 1080p design size, scaled with the screen) free around the pages, between
        the header and the tabs, and `tabs` beside the tabs: the room a mode's controls stand in."""
        self._room = {self._page_row: QMargins(pages), self._tab_row: QMargins(tabs)}
        self._apply_room()
        layout = self.layout()
        assert layout is not None
        layout.activate()  # the pages and tabs take their new places now, not at the next turn of the event loop

    def room(self) -> tuple[QMargins, QMargins]:
        """The room kept free around the pages and beside the tabs now, in pixels."""
        return self._page_row.contentsMargins(), self._tab_row.contentsMargins()

    def room_asked(self) -> tuple[QMargins, QMargins]:
        """The room asked for around the pages and beside the tabs, at 1080p design size."""
        return QMargins(self._room[self._page_row]), QMargins(self._room[self._tab_row])

    def _apply_room(self) -> None:
        scale = self._scale or 1.0
        for row, m in self._room.items():
            row.setContentsMargins(round(m.left() * scale), round(m.top() * scale), round(m.right() * scale), round(m.bottom() * scale))

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        layout = self._header_layout
        layout.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        layout.setAlignment(self.controls, Qt.AlignmentFlag.AlignRight if portrait else Qt.AlignmentFlag.AlignVCenter)
        self._show_brand_sub()
        self.pages.set_portrait(portrait)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched in (self.controls, self.brand_label):
            self._show_brand_sub()
        return False

    def _show_brand_sub(self, *_: object) -> None:
        """Beside the title on the pillar pages, where the row has room for it whole; not on the
        overview, where it is the headline, and not in portrait, where the controls take the width."""
        shown = self.navigation.page != 0 and not self._portrait
        if shown:
            margins = self._header_layout.contentsMargins()
            room = (
                self.width()
                - margins.left()
                - margins.right()
                - self._header_layout.spacing()
                - self.controls.sizeHint().width()
                - self.brand_label.sizeHint().width()
                - self._brand.spacing()
            )
            shown = self.brand_sub_label.sizeHint().width() <= room
        self.brand_sub_label.setVisible(shown)

    def childEvent(self, event: QChildEvent) -> None:  # noqa: N802 - Qt override
        super().childEvent(event)
        # A new child lies on top of its siblings: put what covers the page back above it.
        layers = self.__dict__.get("layers")
        if layers is not None and event.type() == QEvent.Type.ChildAdded:
            layers.restack()
        elif layers is not None and event.type() == QEvent.Type.ChildPolished:
            layers.watch_children()  # constructed by now

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self.finish_transition()
        size = event.size()
        if self.lightbox is not None and self.lightbox.isVisible():
            self.lightbox.setGeometry(0, 0, size.width(), size.height())
        self.apply_scale(scale_for(size.width(), size.height()))
        self.set_portrait(size.height() > size.width())  # (and whether the subtitle fits the new width)
        super().resizeEvent(event)

    def apply_scale(self, scale: float) -> None:
        if abs(scale - self._scale) < 0.01:
            return
        self._scale = scale
        self._restyle()
        rescale_layouts(self, scale)
        self._apply_room()
        self.pages.apply_scale(scale)
        self.swipe.set_scale(scale)

    def _restyle(self, *_: object) -> None:
        """The style sheet at the screen's scale, in the theme's colours, with the visitor's text size."""
        text_scale = LARGE_TEXT if self.navigation.large_text else 1.0
        self.setStyleSheet(stylesheet(self._scale or 1.0, self.colours, text_scale=text_scale))

    def _window_background(self) -> QImage:
        """The theme's gradient at the window's size, made once per size and theme."""
        ratio = self.devicePixelRatioF()
        size = QSize(round(self.width() * ratio), round(self.height() * ratio))
        if self._background.size() != size or self._background.devicePixelRatio() != ratio:
            self._background = window_background(self.colours, size, ratio)
        return self._background

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)  # clipped to what needs painting
        if not self._painted:  # the gradient straight onto the screen: its picture is made right after this frame
            painter.fillRect(self.rect(), background_brush(self.colours))
        else:
            background = self._window_background()
            ratio = background.devicePixelRatio()
            rect = event.rect()
            source = QRect(round(rect.x() * ratio), round(rect.y() * ratio), round(rect.width() * ratio), round(rect.height() * ratio))
            painter.drawImage(rect, background, source)
        painter.end()
        if not self._painted:
            self._painted = True
            # The pages paint after this, over their window's background: the frame is whole, and on
            # the screen, once the event loop turns again. Then, in this order: the picture of the
            # background later frames copy (before any tap slides a page), and the charts.
            QTimer.singleShot(0, self, self.first_frame.emit)
            QTimer.singleShot(0, self, self._window_background)
            QTimer.singleShot(0, self, self.pages.build_charts)

    def has_painted(self) -> bool:
        """Whether the first frame has been painted (`first_frame` fires once it is on the screen)."""
        return self._painted

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.swipe)
        super().closeEvent(event)

    def retranslate(self) -> None:
        lang = self.language.language
        self.brand_label.setText(self.dataset.title.in_language(lang))
        self.brand_sub_label.setText(self.dataset.overview.headline.in_language(lang))
        self._show_brand_sub()
        self.setWindowTitle(self.tr("Lanzhou New Area exhibition kiosk"))
