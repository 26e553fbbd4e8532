"""Every page the visitor is not on, drawn ahead of time while the kiosk is idle, as it would arrive
(at rest, its figures at zero): the first frame of a page slide copies the picture instead of
drawing the page then and there (6 ms at 1920x1080, 17 at 3840x2160, in the tap's frame).

A picture is kept with everything it was drawn from (the language, the size and scale, the colours,
the section, the photos shown, larger text, the settings and content) and used only while all of
that is unchanged; otherwise the slide draws the page as before and the picture is made again at
the next idle moment."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QResizeEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.views.page_view import language_pending, take_up_language
from kiosk.ui.widgets.page_slide import resting_picture

if TYPE_CHECKING:
    from kiosk.ui.live import LiveSettings
    from kiosk.ui.navigation import Navigation
    from kiosk.ui.views.page_stack import PageStack
    from kiosk.ui.views.page_view import PageView

IDLE_MS = 250  # nothing changed for this long: the kiosk is idle, a page may be drawn
NEXT_MS = 20  # between two pages drawn: one page per turn of the event loop, the visitor's taps in between
COVERED_MS = 5000  # something over the pages (the attract loop, a photo opened large): look again this much later


def lay_out_unseen(view: QWidget) -> None:
    """`view`, hidden, laid out as showing it would lay it out. Qt holds a hidden widget's resize
    events until it is shown (WA_PendingResizeEvent), and the tiles, labels and fitted sections
    arrange themselves in theirs: each held one is delivered now, as Qt delivers it on show, with
    the layout requests it raises, until none is left."""
    for _ in range(6):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        held = [w for w in (view, *view.findChildren(QWidget)) if w.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent)]
        if not held:
            return
        for widget in held:
            widget.setAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent, False)
            QApplication.sendEvent(widget, QResizeEvent(widget.size(), QSize()))


class PagePictures(QObject):
    """The pictures of the pages at rest, made in idle time, each with the state it shows."""

    def __init__(
        self,
        pages: PageStack,
        navigation: Navigation,
        settings: LiveSettings,
        background: Callable[[], QImage],
        covered: Callable[[], bool],
        busy: Callable[[], bool],
        wanted: Callable[[], bool],
    ) -> None:
        super().__init__(pages)
        self._pages = pages
        self._navigation = navigation
        self._background = background
        self._covered = covered
        self._busy = busy
        self._wanted = wanted
        self._pictures: dict[PageView, tuple[Hashable, QImage]] = {}
        self._generation = 0  # anything not read from the pages themselves: settings, content
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._draw_one)
        settings.changed.connect(self.forget)
        navigation.section_changed.connect(self.soon)
        navigation.large_text_changed.connect(self.soon)
        navigation.photos_rewound.connect(self.soon)
        pages.language.language_changed.connect(self.soon)
        pages.loader.ready.connect(self.soon)
        pages.loader.failed.connect(self.soon)
        pages.installEventFilter(self)

    def forget(self, *_: object) -> None:
        """Something the pictures cannot see changed (settings, new content): none is kept."""
        self._generation += 1
        self._pictures.clear()
        self.soon()

    def soon(self, *_: object) -> None:
        """Draw what is out of date once the kiosk has been idle for a while (nothing, or no slides: no timer)."""
        if not self._wanted():
            self._timer.stop()
        elif self._stale():
            self._timer.start(IDLE_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Hide:
            self._timer.stop()  # the window is going (or hidden): nothing to draw for
        return False

    @property
    def settled(self) -> bool:
        """Nothing left to draw before the next change (benchmarks wait for it, as a visitor reads)."""
        return not self._timer.isActive()

    def key(self, view: PageView) -> Hashable:
        """Everything the picture of `view` is drawn from."""
        pages, background = self._pages, self._background()
        carousels = tuple(c.shown() for c in view.carousels)
        return (
            self._generation,
            pages.language.language,
            language_pending(view),  # a switch still to be taken up by the hidden page: its picture is of the old words
            pages.size().toTuple(),
            background.cacheKey(),
            background.devicePixelRatio(),
            pages.scale,
            pages.portrait,
            pages.charts_built,
            self._navigation.large_text,
            view.current_section,
            carousels,
        )

    def picture(self, view: PageView) -> QImage | None:
        """The picture of `view` as it would arrive now, if one was drawn and nothing it shows has changed."""
        kept = self._pictures.get(view)
        if kept is None or kept[0] != self.key(view):
            return None
        return kept[1]

    def _stale(self) -> list[PageView]:
        pages = self._pages
        current = pages.currentIndex()
        return [view for index, view in enumerate(pages.views) if index != current and self.picture(view) is None]

    def _draw_one(self) -> None:
        pages = self._pages
        self._pictures = {view: kept for view, kept in self._pictures.items() if view in pages.views}
        if not self._wanted() or not pages.charts_built:
            return  # drawn when the pages are up (the slides drawn anew until then)
        if self._busy():
            self._timer.start(IDLE_MS)  # a page slide, figures counting up, a chart growing: once it is still
            return
        if self._covered():
            self._timer.start(COVERED_MS)  # the attract loop wakes nothing more than this
            return
        stale = self._stale()
        if not stale:
            return
        self.draw(stale[0])
        if len(stale) > 1:
            self._timer.start(NEXT_MS)

    def draw(self, view: PageView) -> QImage:
        """`view` (not the page on show) drawn as it would arrive: laid out at the pages' size, its
        figures at zero."""
        pages = self._pages
        if view.size() != pages.size():
            view.setGeometry(pages.contentsRect())
        # A language switch reaches the widgets as a posted LanguageChange (QApplication posts it to each
        # window): delivered first, so the page is drawn in the language its key names.
        QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        take_up_language(view)
        lay_out_unseen(view)
        view.rewind()
        key = self.key(view)
        picture = resting_picture(view, self._background(), pages.geometry().topLeft())
        self._pictures[view] = (key, picture)
        return picture
