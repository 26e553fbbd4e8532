"""The window in the visitor's other language, drawn ahead of time while the kiosk is idle: a touch
on the language toggle shows that picture in the frame that answers it (a copy of pixels), and the
widgets take the language up under it, after that frame. Retranslating, laying out and repainting
the page in the touch's frame cost 14 ms (median) and 23 ms (p95) at 1920x1080 on the offscreen
platform (`kiosk bench display`, 6-20 times a bare widget's tap).

The language is set once the picture's frame is on the screen: visitor insight's record of the
switch, the toggle and every widget hear of it then, not in the frame that answers the touch.

Drawing a picture: the window's visible widgets are told the other language with their updates off,
the window is rendered, and they are told their own language back with updates on, in one turn of
the event loop; what changed back is repainted before the turn ends, as the screen had it, so no
frame shows either change, and no one else hears of them (no language_changed: nothing is
recorded, the toggle's signal is not sent). Hidden widgets are not told (a hidden page takes a
language up when it is shown).

A picture is used only if the window has painted no frame since it was drawn: anything that
changes the screen (a tap, a photo sliding, a count-up, a resize, new content) paints one, and a
frame still waiting to be painted as the toggle is touched is painted first (the
toggle takes a finger's press itself, so its button paints no frame of its own first). It is
drawn once the window has painted nothing for IDLE_MS, and not while anything covers the page
(the attract loop, a photo opened large, the staff screens, guided mode's buttons). As with the
pages drawn ahead for a slide, nothing is drawn when pages do not slide (reduced motion, or
slides set to 0 ms): there the kiosk does the least work it can."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.language import LanguageController
from kiosk.ui.layers import Layer, Layers
from kiosk.ui.widgets.language_toggle import LanguageToggle

IDLE_MS = 500  # no frame painted for this long: the kiosk is idle, a picture may be drawn (45-90 ms at 1920x1080, the event loop held)
NEXT_MS = 20  # between two languages drawn (a third language): one per turn of the event loop
AFTER_FRAME_MS = 4  # after the picture's frame: it is on its way to the screen (as a page slide's first frame)
HAND_OVER_MS = 100  # the widgets take the language up by then even if the picture's frame never paints (a hidden window)
SETTLE_ROUNDS = 3  # after drawing: what it left to do, in rounds (a chart's scene answers a resize with a queued call)
LAYOUT_PASSES = 6  # retranslated labels ask for new layouts, which resize labels that ask again


class _HiddenUntold(QObject):
    """While installed on the application: a LanguageChange reaches no hidden widget (nor, so, its children)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        return event.type() == QEvent.Type.LanguageChange and isinstance(watched, QWidget) and not watched.isVisible()


def _set_updates(widgets: list[QWidget], enabled: bool) -> None:
    """Updates off or on again for `widgets`, without the repaint of everything setUpdatesEnabled(True) asks for."""
    for widget in widgets:
        widget.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, not enabled)


class LanguageCover(QWidget):
    """Lies over the whole window for a frame or two, showing the picture; touches pass through."""

    painted = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.picture = QImage()
        self.setGeometry(QRect())  # out of sight, still shown: showing a widget again costs a millisecond of the tap

    @property
    def showing(self) -> bool:
        return not self.geometry().isEmpty()

    def show_picture(self, picture: QImage) -> None:
        self.picture = picture
        window = self.parentWidget()
        assert window is not None
        self.setGeometry(window.rect())
        self.update()

    def put_away(self) -> None:
        self.picture = QImage()
        self.setGeometry(QRect())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.drawImage(event.rect(), self.picture, self._device_rect(event.rect()))
        painter.end()
        self.painted.emit()

    def _device_rect(self, rect: QRect) -> QRect:
        ratio = self.picture.devicePixelRatio()
        return QRect(round(rect.x() * ratio), round(rect.y() * ratio), round(rect.width() * ratio), round(rect.height() * ratio))


class LanguagePicture(QObject):
    """The window's pictures in its other languages, drawn in idle time, and the switch that uses them."""

    def __init__(
        self,
        window: QWidget,
        controller: LanguageController,
        toggle: LanguageToggle,
        layers: Layers,
        ready: Callable[[], bool],
        wanted: Callable[[], bool],
    ) -> None:
        """`ready`: whether the window is up as visitors see it (its first frame painted, its charts
        built); `wanted`: whether pictures are drawn ahead of time at all (pages slide)."""
        super().__init__(window)
        self._window = window
        self._controller = controller
        self._toggle = toggle
        self._layers = layers
        self._ready = ready
        self._wanted = wanted
        self._last_frame = 0.0  # when the last of them was (time.monotonic)
        self._frames = 0  # frames the window has painted (those a picture's drawing left to paint not counted)
        self._drawing = False
        self._pictures: dict[str, tuple[int, str, QImage]] = {}  # language: (frames then, language then, picture)
        self._held: str | None = None  # the language of a switch under its picture, set after the picture's frame
        self.cover = LanguageCover(window)
        layers.put(self.cover, Layer.PICTURE)  # over the pages, the header and the tabs; under all that covers them
        self.cover.painted.connect(self._after_frame)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._draw_next)
        self._hand_over = QTimer(self)
        self._hand_over.setSingleShot(True)
        self._hand_over.timeout.connect(self.finish)
        window.installEventFilter(self)

    def reconsider(self, *_: object) -> None:
        """Settings changed: with pages no longer sliding nothing more is drawn (nor waits to be); with
        pages sliding now, the pictures are drawn at the next idle moment."""
        if not self._wanted():
            self._idle.stop()
        elif not self._idle.isActive():
            self._idle.start(IDLE_MS)

    @property
    def settled(self) -> bool:
        """Nothing left to draw before the next change (benchmarks wait for it, as a visitor reads)."""
        return not self._idle.isActive() and self._held is None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.UpdateRequest and not self._drawing:
            # Every frame of every animation comes here: a count and a time, and the wait for idle
            # time started only if it is not waiting already (it looks at the time when it ends).
            self._frames += 1
            self._last_frame = time.monotonic()
            if not self._idle.isActive() and self._wanted():
                self._idle.start(IDLE_MS)
        elif kind == QEvent.Type.Hide:
            self._idle.stop()
            self.finish()
        return False

    def picture(self, lang: str) -> QImage | None:
        """The window as it would show in `lang`, if drawn since the last frame and from the language shown now."""
        kept = self._pictures.get(lang)
        if kept is None or kept[1] != self._controller.language:
            return None
        return kept[2] if kept[0] == self._frames else None

    def covered(self) -> bool:
        """Whether something lies over the visitor's page (then no picture is drawn or shown)."""
        window = self._window.rect()
        return any(w is not self.cover and w.isVisible() and w.geometry().intersects(window) for w in self._layers.order())

    # --- the switch ----------------------------------------------------------------------------

    def switch(self, lang: str) -> None:
        """A visitor chose `lang`: the picture in it shows in the next frame if there is one, and the
        language is set after that frame (everyone hears of it then, and the widgets take it up);
        else the language is set now, as it always was."""
        controller = self._controller
        self.finish()  # a switch still under its picture is made first
        if lang == controller.language:
            return
        # A change made but not painted yet (a tab tapped a moment before, in the same turn) paints its
        # frame now: a picture drawn before it would show the screen as it was (the page before).
        QApplication.sendPostedEvents(self._window, QEvent.Type.UpdateRequest)
        picture = self.picture(lang)
        if picture is None or self.covered() or not self._window.isVisible():
            controller.set_language(lang)
            return
        self.cover.show_picture(picture)
        self._held = lang
        self._hand_over.start(HAND_OVER_MS)

    def _after_frame(self) -> None:
        if self._held is not None:
            self._hand_over.start(AFTER_FRAME_MS)  # once this frame is on the screen

    def finish(self) -> None:
        """The language of a switch under its picture set, the widgets told and laid out, and the
        picture gone: the next frame paints them, as the picture showed them."""
        self._hand_over.stop()
        held, self._held = self._held, None
        if held is not None:
            self._controller.set_language(held)
            for _ in range(2):  # (Qt's LanguageChange goes to the application first, which passes it to each window)
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
            _lay_out()
        if self.cover.showing:
            self.cover.put_away()

    # --- drawing ahead -------------------------------------------------------------------------

    def _draw_next(self) -> None:
        quiet_ms = (time.monotonic() - self._last_frame) * 1000
        if quiet_ms < IDLE_MS:
            self._idle.start(max(1, round(IDLE_MS - quiet_ms)))  # a frame came since: idle time from that one
            return
        window = self._window
        if self._held is not None or not window.isVisible() or not self._ready() or self.covered():
            return  # looked at again after the next frame
        wanted = [code for code in self._toggle.buttons if code != self._controller.language and self.picture(code) is None]
        if not wanted:
            return
        self.draw(wanted[0])
        if len(wanted) > 1:
            self._idle.start(NEXT_MS)

    def draw(self, lang: str) -> QImage | None:
        """The window as it would show in `lang`, drawn now and kept (None when another kiosk in this
        process holds the translators); the window shows as before."""
        window, controller, toggle = self._window, self._controller, self._toggle
        back = controller.swap_quietly(lang)
        if back is None:
            return None
        widgets = [window, *window.findChildren(QWidget)]
        quiet = [w for w in widgets if not w.testAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled)]
        self._drawing = True
        _set_updates(quiet, False)
        try:
            try:
                _tell(window, toggle, lang)
                _set_updates(quiet, True)
                picture = _render(window)
            finally:
                # Back with updates on: what changed back is repainted below, in this turn, as the
                # screen had it, and every label's layout for its own words is made again now, not
                # in the frame of the visitor's next touch (a section tap's frame cost 2-15 ms more).
                _set_updates(quiet, True)
                controller.swap_quietly(back)
                _tell(window, toggle, back)
        finally:
            _set_updates(quiet, True)
            # What the round trip left to do (moves and resizes of labels shown again, the repaints
            # they ask for) done in this turn, so no later frame makes the picture out of date.
            # (A chart's scene answers a resize with a queued call, and that with a repaint: a few rounds.)
            for _ in range(SETTLE_ROUNDS):
                QApplication.sendPostedEvents()
                QApplication.sendPostedEvents(window, QEvent.Type.UpdateRequest)
            self._drawing = False
        self._pictures[lang] = (self._frames, controller.language, picture)
        return picture


def _tell(window: QWidget, toggle: LanguageToggle, lang: str) -> None:
    """The window's visible widgets told the language is now `lang` (the controller says so already), and laid out."""
    app = QCoreApplication.instance()
    assert app is not None
    untold = _HiddenUntold()
    app.installEventFilter(untold)
    try:
        QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
    finally:
        app.removeEventFilter(untold)
    toggle.show_language(lang)
    _lay_out()


def _lay_out() -> None:
    for _ in range(LAYOUT_PASSES):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _render(window: QWidget) -> QImage:
    ratio = window.devicePixelRatioF()
    picture = QImage(QSize(round(window.width() * ratio), round(window.height() * ratio)), QImage.Format.Format_RGB32)
    picture.setDevicePixelRatio(ratio)
    window.render(picture, QPoint(0, 0))
    return picture
