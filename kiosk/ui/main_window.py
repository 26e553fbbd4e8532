"""The kiosk window: header with the language toggle, the pages, and the tab bar."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractAnimation, QChildEvent, QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QGradient, QImage, QLinearGradient, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QBoxLayout, QHBoxLayout, QLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Album, Dataset
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.scaling import rescale_layouts
from kiosk.ui.swipe import SwipeDetector
from kiosk.ui.theme import LARGE_TEXT, Palette, palette_for, scale_for, stylesheet
from kiosk.ui.views.home_view import HomeView
from kiosk.ui.views.page_view import PageView, PhotoContext
from kiosk.ui.widgets.access_controls import AccessControls
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.language_toggle import LanguageToggle
from kiosk.ui.widgets.page_slide import PageSlide, resting_picture, screen_picture
from kiosk.ui.widgets.retranslatable import RetranslateMixin
from kiosk.ui.widgets.tab_bar import TabBar

if TYPE_CHECKING:
    from kiosk.ui.photos.lightbox import Lightbox


def window_background(colours: Palette, size: QSize, ratio: float) -> QImage:
    """The window's gradient, corner to corner, as the style sheet drew it (object bounding mode)."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    gradient = QLinearGradient(0, 0, 1, 1)
    gradient.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
    gradient.setColorAt(0, QColor(colours.background))
    gradient.setColorAt(1, QColor(colours.background_deep))
    painter = QPainter(image)
    painter.fillRect(QRectF(0, 0, size.width() / ratio, size.height() / ratio), QBrush(gradient))
    painter.end()
    return image


class Layer(IntEnum):
    """What lies over the visitor's page, from lowest to highest. Anything not given a layer (header,
    pages, tabs, a page leaving in a slide, the preview's banner) stays below all of these."""

    MODE = 10  # guided mode's back/next buttons, maintenance diagnostics
    LIGHTBOX = 20  # a photo a visitor opened
    ATTRACT = 30  # the attract loop
    STILL_THERE = 40  # the countdown before a session ends
    CLOSED = 50  # outside opening hours
    STAFF = 60  # staff panel, visitor insight, content from USB
    PIN = 70  # the PIN pad


class Layers(QObject):
    """The one owner of the window's stacking order. Whenever a child of the window is added (new
    pages or tabs after a reload or a theme change; the window tells us, see KioskWindow.childEvent)
    or any child raises itself or a layered one is shown, the widgets given a layer are put back on
    top in layer order: no modal screen ever has a visitor control over it, and the overlays
    themselves never need to know what else might have just been raised."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._layers: dict[QWidget, int] = {}
        self._watched: set[QWidget] = set()
        self._restacking = False

    def put(self, widget: QWidget, layer: Layer) -> None:
        """`widget` (a child of the window) always lies above every widget of a lower layer or none."""
        assert widget.parentWidget() is self._window, "only the window's own children can be stacked"
        if widget not in self._layers:
            widget.destroyed.connect(lambda _=None, w=widget: self._layers.pop(w, None))
        self._layers[widget] = int(layer)
        self.watch_children()
        self.restack()

    def order(self) -> list[QWidget]:
        """The layered widgets, lowest first."""
        return sorted(self._layers, key=self._layers.__getitem__)

    def restack(self) -> None:
        if self._restacking:
            return
        self._restacking = True
        try:
            for widget in self.order():
                widget.raise_()
        finally:
            self._restacking = False

    def watch_children(self) -> None:
        """Every child of the window tells us when it raises itself (ZOrderChange), so one nobody
        thought of still goes back under what covers the page."""
        for child in self._window.children():
            if isinstance(child, QWidget) and child not in self._watched:
                self._watched.add(child)
                child.installEventFilter(self)
                child.destroyed.connect(lambda _=None, w=child: self._watched.discard(w))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if (kind == QEvent.Type.ZOrderChange or (kind == QEvent.Type.Show and watched in self._layers)) and not self._restacking:
            self.restack()
        return False


class KioskWindow(RetranslateMixin, QWidget):
    """Shows `content` as `settings` say, and follows both: new content, a theme, reduced motion,
    swipe distance and photo timings apply as soon as they change."""

    first_frame = Signal()  # the window has painted once: now load what can wait (pyqtgraph)
    rebuilt = Signal()  # pages and tabs were made anew (new content or theme); `layers` keeps them under what covers them

    def __init__(
        self,
        content: LiveContent,
        settings: LiveSettings,
        language: LanguageController,
        loader: PhotoLoader,
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
        self.colours = palette_for(settings["theme"])
        self._loader = loader
        still = bool(settings["reduced_motion"])
        swipe_distance = int(settings["swipe_distance"])
        dataset = content.dataset
        self._scale = 0.0
        self._text_scale = 1.0
        self.reach = False
        self._portrait = False
        self._painted = False
        self.charts_built = False
        self._swipe_design_distance = swipe_distance
        self.layers = Layers(self)

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
        self.access = AccessControls(self.colours, self.controls)
        self.access.large_text_changed.connect(self.set_large_text)
        self.access.reach_changed.connect(self.set_reach)
        self.access.captions_changed.connect(self._on_captions_changed)
        for part in (self.controls, self.brand_label):  # new words or fonts: is there room for the subtitle?
            part.installEventFilter(self)
        self.language_toggle = LanguageToggle(dataset.languages, language, self.controls)
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

        self.stack = QStackedWidget(self)
        self.views: list[PageView] = []
        self.lightbox: Lightbox | None = None
        self._motion_ms = 0 if still else int(settings["chart_animation_ms"])
        self._lazy_pages = lazy_pages  # only the home page before the first frame; the rest just after
        self._build_views()
        self.tab_bar = TabBar(dataset.pages, language, self.colours, self)
        self.tab_bar.page_selected.connect(self.show_page)

        # The screen decides the window's size, never its content: a long translation must not
        # grow the window (and, through the scale, the text, and the window again).
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.tab_bar)

        # The page being left and the page arriving slide as pictures over the pages.
        self._slide = PageSlide(self)
        self._slide.finished.connect(self._end_transition)
        self._arriving: PageView | None = None  # entered (figures count up) when its slide ends
        self._transition_ms = 0 if still else int(settings["page_transition_ms"])

        self.swipe = SwipeDetector(self.stack, swipe_distance, self)
        self.swipe.swiped.connect(self._on_swipe)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.swipe)
        content.changed.connect(self._rebuild)
        settings.changed_signal("theme").connect(self._on_theme)
        for name in ("reduced_motion", "chart_animation_ms", "page_transition_ms"):
            settings.changed_signal(name).connect(self._on_motion)
        settings.changed_signal("swipe_distance").connect(self._on_swipe_distance)
        settings.changed_signal("carousel_interval_ms").connect(self._on_photo_interval)
        settings.changed_signal("lightbox_timeout_ms").connect(self._on_lightbox_timeout)
        self.show_page(0)
        self.retranslate()

    @property
    def dataset(self) -> Dataset:
        return self.content.dataset

    @property
    def formatter(self) -> NumberFormatter:
        return self.content.formatter

    # --- navigation -------------------------------------------------------------------------

    @property
    def current_index(self) -> int:
        return self.stack.currentIndex()

    def show_page(self, index: int) -> None:
        if index >= len(self.views):
            self.ensure_views()
        index = max(0, min(index, len(self.views) - 1))
        previous = self.stack.currentIndex()
        self.tab_bar.set_current(index)
        self._show_brand_sub(index)
        if index == previous:
            return
        self._arriving = None  # a page still sliding in is left again: it need not count up
        self._end_transition()
        view = self.views[index]
        if self._transition_ms <= 0 or not self.stack.isVisible() or not self._painted:
            self.stack.setCurrentIndex(index)
            view.enter()
            return
        strip, leaving_at, arriving_at = self._slide.prepare(self.stack.size(), self.devicePixelRatioF(), 1 if index > previous else -1)
        self._picture_of_page(strip, leaving_at)
        self.stack.setCurrentIndex(index)
        view.rewind()  # as its entrance starts: the picture shows it so, and it counts up on arrival
        self._arriving = view
        self._resting_picture(view, strip, arriving_at)
        self._slide.setGeometry(self.stack.geometry())
        self._slide.start(self._transition_ms)
        self.layers.restack()  # the slide goes over the pages, under whatever covers them

    def _picture_of_page(self, into: QImage, at: QPoint) -> None:
        """The page as the screen shows it now (the last frame, cheap to copy), unless something
        drawn over the pages would be copied with it: then the page drawn anew."""
        covered = any(w.isVisible() and w.geometry().intersects(self.stack.geometry()) for w in self.layers.order())
        current = self.stack.currentWidget()
        if (covered or screen_picture(self.stack, into, at) is None) and current is not None:
            self._resting_picture(current, into, at)

    def _resting_picture(self, page: QWidget, into: QImage, at: QPoint) -> None:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # a page shown for the first time: laid out
        resting_picture(page, self._window_background(), self.stack.geometry().topLeft(), into, at)

    @property
    def transition(self) -> QAbstractAnimation | None:
        """The page slide running now, if any (benchmarks step it frame by frame)."""
        return self._slide.animation if self._slide.isVisible() else None

    @property
    def in_transition(self) -> bool:
        return self._slide.isVisible()

    def finish_transition(self) -> None:
        """Jump to the end of a running slide (snapshots, tests, a resize)."""
        self._end_transition()

    def _end_transition(self) -> None:
        self._slide.stop()
        arriving, self._arriving = self._arriving, None
        if arriving is not None:
            arriving.enter()

    def _make_view(self, index: int) -> PageView:
        photos = PhotoContext(self._loader, self.content.folder, int(self.settings["carousel_interval_ms"]), self.open_photo)
        view_class = HomeView if index == 0 else PageView
        return view_class(
            self.dataset.pages[index],
            index,
            self.dataset,
            self.formatter,
            self.language,
            self.colours,
            motion_ms=self._motion_ms,
            photos=photos,
        )

    def _build_views(self) -> None:
        for index in range(1 if self._lazy_pages else len(self.dataset.pages)):
            view = self._make_view(index)
            self.views.append(view)
            self.stack.addWidget(view)

    def ensure_views(self) -> None:
        """Build the pages the first frame did not need (a no-op once they exist)."""
        if len(self.views) == len(self.dataset.pages):
            return
        for index in range(len(self.views), len(self.dataset.pages)):
            view = self._make_view(index)
            self.views.append(view)
            self.stack.addWidget(view)
            if self._scale:
                rescale_layouts(view, self._scale)
                view.apply_scale(self._scale)
            view.set_portrait(self.height() > self.width())
            view.set_reach(self.reach)

    def _rebuild(self) -> None:
        """New content or a new theme: pages and tabs are made again, the way they were at start."""
        self._end_transition()
        current = self.stack.currentIndex()
        sections = {view.page.id: view.panel.current for view in self.views if getattr(view, "panel", None) is not None}
        for view in self.views:
            view.finish_animation()  # nothing animates in a page that is going away
            self.stack.removeWidget(view)
            view.deleteLater()
        self.views = []
        self._lazy_pages = False
        self._build_views()
        old_tabs = self.tab_bar
        self.tab_bar = TabBar(self.dataset.pages, self.language, self.colours, self)
        self.tab_bar.page_selected.connect(self.show_page)
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(old_tabs, self.tab_bar)
        old_tabs.hide()  # deleted at the next turn of the event loop; not shown until then
        old_tabs.deleteLater()
        self._scale, scale = 0.0, self._scale  # re-apply sizes to the new widgets
        self.apply_scale(scale or 1.0)
        self.set_portrait(self.height() > self.width())
        if self.charts_built:
            self.charts_built = False
            self.build_charts()
        self.set_reach(self.reach)
        self.retranslate()
        for view in self.views:  # each page's panel stays on its section, where the page is still there
            panel = getattr(view, "panel", None)
            if panel is not None and sections.get(view.page.id, 0) < panel.stack.count():
                panel.show_section(sections.get(view.page.id, 0))
        index = current if 0 <= current < len(self.views) else 0
        self.stack.setCurrentIndex(index)  # the visitor stays where they were
        self.tab_bar.set_current(index)
        self._show_brand_sub(index)
        self.views[index].enter()
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

    def _on_motion(self, _value: object) -> None:
        """Reduced motion, or a new animation length."""
        still = bool(self.settings["reduced_motion"])
        self._motion_ms = 0 if still else int(self.settings["chart_animation_ms"])
        self._transition_ms = 0 if still else int(self.settings["page_transition_ms"])
        for view in self.views:
            view.set_motion(self._motion_ms)

    def _on_swipe_distance(self, distance: object) -> None:
        self._swipe_design_distance = int(distance)  # type: ignore[call-overload]
        self.swipe.distance = round(self._swipe_design_distance * (self._scale or 1.0))

    def _on_photo_interval(self, interval_ms: object) -> None:
        for view in self.views:
            view.set_photo_interval(int(interval_ms))  # type: ignore[call-overload]

    def _on_lightbox_timeout(self, timeout_ms: object) -> None:
        if self.lightbox is not None:
            self.lightbox.set_timeout(int(timeout_ms))  # type: ignore[call-overload]

    def set_large_text(self, on: bool) -> None:
        """The visitor's "Aa": paragraphs and labels grow; the layout reflows around them."""
        text_scale = LARGE_TEXT if on else 1.0
        if text_scale != self._text_scale:
            self._text_scale = text_scale
            self._restyle()
        if self.access.large_text_button.isChecked() != on:
            self.access.large_text_button.setChecked(on)

    def set_reach(self, on: bool) -> None:
        """Reach mode: the header with the visitor's controls moves down above the tabs, and each
        panel's previous/next row to the bottom of its card, so nothing needs a raised arm."""
        self.reach = on
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        at = layout.indexOf(self.header)
        if at != (1 if on else 0):
            layout.removeWidget(self.header)
            layout.insertWidget(1 if on else 0, self.header)
        for view in self.views:
            view.set_reach(on)
        if self.access.reach_button.isChecked() != on:
            self.access.reach_button.setChecked(on)
        self.access.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        layout = self._header_layout
        layout.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        layout.setAlignment(self.controls, Qt.AlignmentFlag.AlignRight if portrait else Qt.AlignmentFlag.AlignVCenter)
        self._show_brand_sub(self.stack.currentIndex())
        for view in self.views:
            view.set_portrait(portrait)

    def _on_captions_changed(self) -> None:
        self._show_brand_sub(self.stack.currentIndex())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched in (self.controls, self.brand_label):
            self._show_brand_sub(self.stack.currentIndex())
        return False

    def _show_brand_sub(self, index: int) -> None:
        """Beside the title on the pillar pages, where the row has room for it whole; not on the
        overview, where it is the headline, and not in portrait, where the controls take the width."""
        shown = index != 0 and not self._portrait
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

    def reset_session(self, language: str) -> None:
        """What the next visitor should find: home, first sections and photos, nothing open, default language."""
        if self.lightbox is not None:
            self.lightbox.close_view()
        saved, self._transition_ms = self._transition_ms, 0
        self.show_page(0)
        self._transition_ms = saved
        for view in self.views:
            if hasattr(view, "panel") and view.panel.stack.count():
                view.panel.show_section(0)
            for carousel in view.carousels:
                carousel.go_to(0)
        self.language.set_language(language)  # also takes Qt's translators back from another kiosk in this process
        self.set_large_text(False)
        self.set_reach(False)

    def open_photo(self, album: Album, index: int, accent: str) -> None:
        if self.lightbox is None:  # made when first opened
            from kiosk.ui.photos import lightbox

            timeout = int(self.settings["lightbox_timeout_ms"])
            self.lightbox = lightbox.Lightbox(self._loader, self.language, timeout, self.colours, self)
            self.layers.put(self.lightbox, Layer.LIGHTBOX)
        self.lightbox.show_photo(album, index, self.content.folder, accent)

    def _on_swipe(self, step: int) -> None:
        self.show_page(self.current_index + step)

    # --- layout -----------------------------------------------------------------------------

    def childEvent(self, event: QChildEvent) -> None:  # noqa: N802 - Qt override
        super().childEvent(event)
        # A new child lies on top of its siblings: put what covers the page back above it.
        layers = self.__dict__.get("layers")
        if layers is not None and event.type() == QEvent.Type.ChildAdded:
            layers.restack()
        elif layers is not None and event.type() == QEvent.Type.ChildPolished:
            layers.watch_children()  # constructed by now

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._end_transition()
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
        for view in self.views:
            view.apply_scale(scale)
        self.swipe.distance = round(self._swipe_design_distance * scale)

    def _restyle(self) -> None:
        self.setStyleSheet(stylesheet(self._scale or 1.0, self.colours, text_scale=self._text_scale))

    def _window_background(self) -> QImage:
        """The theme's gradient at the window's size, made once per size and theme."""
        ratio = self.devicePixelRatioF()
        size = QSize(round(self.width() * ratio), round(self.height() * ratio))
        if self._background.size() != size or self._background.devicePixelRatio() != ratio:
            self._background = window_background(self.colours, size, ratio)
        return self._background

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)  # clipped to what needs painting
        background = self._window_background()
        ratio = background.devicePixelRatio()
        rect = event.rect()
        source = QRect(round(rect.x() * ratio), round(rect.y() * ratio), round(rect.width() * ratio), round(rect.height() * ratio))
        painter.drawImage(rect, background, source)
        painter.end()
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.build_charts)  # after this frame reaches the screen
            self.first_frame.emit()

    def has_painted(self) -> bool:
        """Whether the first frame has been painted (and `first_frame` has fired)."""
        return self._painted

    def build_charts(self) -> None:
        """Create every chart (imports pyqtgraph). Runs once, just after the first frame."""
        if self.charts_built:
            return
        self.charts_built = True
        self.ensure_views()
        for view in self.views:
            view.build_charts(self._scale or 1.0)
        self.views[self.current_index].enter()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.swipe)
        super().closeEvent(event)

    def retranslate(self) -> None:
        lang = self.language.language
        self.brand_label.setText(self.dataset.title.in_language(lang))
        self.brand_sub_label.setText(self.dataset.overview.headline.in_language(lang))
        self._show_brand_sub(self.stack.currentIndex())
        self.setWindowTitle(self.tr("Lanzhou New Area exhibition kiosk"))
