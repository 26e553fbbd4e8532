"""The pages, one on show at a time: made from the content (only the home page before the first
frame, if asked, the rest just after), made again for new content or colours, each on the section
the visitor left it at; and the slide from one page to the next, drawn as two pictures."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractAnimation, QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from kiosk.core.content.model import Album
from kiosk.ui.language import LanguageController
from kiosk.ui.layers import Layers
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.navigation import Navigation
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.scaling import rescale_layouts
from kiosk.ui.theme import Palette
from kiosk.ui.views.home_view import HomeView
from kiosk.ui.views.page_panel import PhotoContext
from kiosk.ui.views.page_pictures import PagePictures
from kiosk.ui.views.page_view import PageView
from kiosk.ui.widgets.page_slide import PageSlide, on_screen, resting_picture

SWAP_MS = 4  # after the first frame of a slide: it is on its way to the screen, the next is some 12 ms off


class PageStack(QStackedWidget):
    """Every page of the content, the one the visitor is on shown."""

    def __init__(
        self,
        content: LiveContent,
        settings: LiveSettings,
        language: LanguageController,
        loader: PhotoLoader,
        navigation: Navigation,
        open_photo: Callable[[Album, int, str], None],
        *,
        lazy: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._content = content
        self._settings = settings
        self._language = language
        self._loader = loader
        self._navigation = navigation
        self._open_photo = open_photo
        self.views: list[PageView] = []
        self.charts_built = False
        self.scale = 0.0
        self.portrait = False
        self._build(1 if lazy else len(content.dataset.pages))

    def view(self, index: int) -> PageView:
        """The page at `index` (made now if the first frame did without it)."""
        if index >= len(self.views):
            self.ensure_views()
        return self.views[index]

    @property
    def language(self) -> LanguageController:
        return self._language

    @property
    def loader(self) -> PhotoLoader:
        return self._loader

    @property
    def current(self) -> PageView:
        return self.views[max(0, self.currentIndex())]

    def _build(self, count: int, colours: Palette | None = None) -> None:
        from kiosk.ui.theme import palette_for

        colours = colours or palette_for(self._settings["theme"])
        dataset = self._content.dataset
        photos = PhotoContext(self._loader, self._content.folder, self._open_photo)
        for index in range(len(self.views), count):
            view_class = HomeView if index == 0 else PageView
            view = view_class(
                dataset.pages[index],
                index,
                dataset,
                self._content.formatter,
                self._language,
                colours,
                self._settings,
                self._navigation,
                photos,
            )
            self.views.append(view)
            self.addWidget(view)
            if self.scale:
                rescale_layouts(view, self.scale)
                view.apply_scale(self.scale)
            view.set_portrait(self.portrait)

    def ensure_views(self) -> None:
        """Build the pages the first frame did not need (a no-op once they exist)."""
        self._build(len(self._content.dataset.pages))

    def rebuild(self, colours: Palette) -> None:
        """New content or colours: every page made again, each on its section, the visitor's page shown."""
        for view in self.views:
            view.retire()  # nothing animates in a page that is going away, nor follows the visitor
            self.removeWidget(view)
            view.deleteLater()
        self.views = []
        self._build(len(self._content.dataset.pages), colours)
        if self.charts_built:
            self.charts_built = False
            self.build_charts()
        self.setCurrentIndex(self._navigation.page)

    def apply_scale(self, scale: float) -> None:
        self.scale = scale
        for view in self.views:
            view.apply_scale(scale)

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait
        for view in self.views:
            view.set_portrait(portrait)

    def build_charts(self) -> None:
        """Create every chart (imports pyqtgraph). Runs once, just after the first frame."""
        if self.charts_built:
            return
        self.charts_built = True
        self.ensure_views()
        for view in self.views:
            view.build_charts(self.scale or 1.0)
        self.current.enter()

    def finish_animation(self) -> None:
        for view in self.views:
            view.finish_animation()


class PageTurn(QObject):
    """Follows the visitor's page: at once before the first frame, in reduced motion or for a new
    visitor; otherwise the page being left and the page arriving slide as pictures over the pages,
    and the arriving page is entered (figures count up) when its slide ends."""

    # The page change is on the screen: at once, or after the first frame of its slide (between its
    # first two frames). Work a page change asks for that nobody sees waits for it (visitor insight).
    turned = Signal(int)

    def __init__(
        self,
        pages: PageStack,
        navigation: Navigation,
        settings: LiveSettings,
        background: Callable[[], QImage],
        layers: Layers,
        painted: Callable[[], bool],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._pages = pages
        self._navigation = navigation
        self._settings = settings
        self._background = background
        self._layers = layers
        self._painted = painted
        self._window = window
        self._slide = PageSlide(window, layers.lift)  # over the pages, under whatever covers them
        self._slide.finished.connect(self.finish)
        self._arriving: PageView | None = None
        self._waiting: int | None = None  # the arriving page, put under the slide after its first frame
        self._turning: int | None = None  # the page whose change is not on the screen yet (see `turned`)
        self._swap_timer = QTimer(self)
        self._swap_timer.setSingleShot(True)
        self._swap_timer.setInterval(SWAP_MS)
        self._swap_timer.timeout.connect(self._swap)
        self._slide.first_frame.connect(self._swap_timer.start)
        self._slide.animation.valueChanged.connect(self._next_frame)
        self.pictures = PagePictures(pages, navigation, settings, background, self._covered, self._moving, self._slides)
        pages.widgetRemoved.connect(self.pictures.forget)  # new content or colours
        navigation.page_changed.connect(self.show)

    @property
    def duration_ms(self) -> int:
        return 0 if self._settings["reduced_motion"] else int(self._settings["page_transition_ms"])

    @property
    def animation(self) -> QAbstractAnimation | None:
        """The page slide running now, if any (benchmarks step it frame by frame)."""
        return self._slide.animation if self._slide.running else None

    @property
    def running(self) -> bool:
        return self._slide.running

    def show(self, index: int) -> None:
        pages = self._pages
        self._swap()  # a page still waiting to be put under a slide is put there now
        view = pages.view(index)
        previous = pages.currentIndex()
        if index == previous:
            self.turned.emit(index)
            return
        self._arriving = None  # a page still sliding in is left again: it need not count up
        self.finish()
        if self._navigation.resetting or self.duration_ms <= 0 or not pages.isVisible() or not self._painted():
            pages.setCurrentIndex(index)
            view.enter()
            self.turned.emit(index)
            return
        strip, leaving_at, arriving_at = self._slide.prepare(pages.size(), self._window.devicePixelRatioF(), 1 if index > previous else -1)
        # The page being left as the screen shows it: moved there by the slide's first frame, unless
        # something drawn over the pages would go with it (then it is drawn anew, into the strip now).
        on_the_screen = not self._covered() and on_screen(pages)
        current = pages.currentWidget()
        if not on_the_screen and current is not None:
            self._resting_picture(current, strip, leaving_at)
        picture = self.pictures.picture(view)
        self._arriving = view
        if picture is not None:
            # Drawn ahead of time: the slide's first frame copies it, and the page itself (rewound,
            # and shown: that hides one page's widgets and shows another's, some 60 of them) is put
            # under the slide at its next frame, not in the one that answers the tap.
            self._waiting = index
        else:
            view.rewind()  # as its entrance starts: the picture shows it so, and it counts up on arrival
            pages.setCurrentIndex(index)
            self._resting_picture(view, strip, arriving_at)
        self._slide.setGeometry(pages.geometry())
        self._slide.start(self.duration_ms, picture, arriving_at, leaving_at if on_the_screen else None)
        self._turning = index

    def _next_frame(self, _value: object) -> None:
        if self._waiting is not None and self._slide.frames_painted > 0:
            self._swap()  # the timer has not come round (a busy event loop): before the next frame, then

    def _swap(self) -> None:
        """The arriving page under the slide, as the current page, and its picture into the slide's
        strip: between the first frame and the second (the event loop waits for the next frame
        there), so neither the frame that answers the tap nor the next one carries it."""
        self._swap_timer.stop()
        self._slide.merge()  # first: the leaving page's part is read from the screen as the first frame left it
        waiting, self._waiting = self._waiting, None
        if waiting is not None and waiting < len(self._pages.views):
            self._pages.views[waiting].rewind()  # as its entrance starts (as its picture shows it)
            self._pages.setCurrentIndex(waiting)
        turning, self._turning = self._turning, None
        if turning is not None:
            self.turned.emit(turning)

    def finish(self) -> None:
        """Jump to the end of a running slide (snapshots, tests, a resize, a rebuild); after one, the
        page left is drawn anew in idle time if it changed while it was shown."""
        slid = self._slide.running
        self._swap()
        self._slide.stop()
        arriving, self._arriving = self._arriving, None
        if arriving is not None:
            arriving.enter()
        if slid:
            self.pictures.soon()

    def _slides(self) -> bool:
        """Whether pages slide at all (not in reduced motion, not with slides off): else no picture is wanted."""
        return self.duration_ms > 0 and self._pages.isVisible()

    def _moving(self) -> bool:
        """Whether anything moves on the screen's pages: drawing a page ahead of time would cost it a frame."""
        view = self._pages.current
        return (
            self.running
            or view.tiles_replay.running
            or any(slot.replay.running for slot in view.chart_slots)
            or any(carousel.offset != 0.0 for carousel in view.carousels)
        )

    def _covered(self) -> bool:
        """Whether something drawn over the pages (a photo opened large, the attract loop) hides them."""
        pages = self._pages
        return any(w.isVisible() and w.geometry().intersects(pages.geometry()) for w in self._layers.order())

    def _resting_picture(self, page: QWidget, into: QImage, at: QPoint) -> None:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # a page shown for the first time: laid out
        resting_picture(page, self._background(), self._pages.geometry().topLeft(), into, at)
