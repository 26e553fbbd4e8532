"""What lies over the visitor's page, and the one owner of the window's stacking order."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class Layer(IntEnum):
    """What lies over the visitor's page, from lowest to highest. Anything not given a layer (header,
    pages, tabs, a page leaving in a slide, the preview's banner) stays below all of these."""

    PICTURE = 5  # the window in a visitor's new language, for the frame that answers the touch (kiosk.ui.language_picture)
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

    def on(self, layer: Layer) -> list[QWidget]:
        """The widgets given `layer`."""
        return [widget for widget, given in self._layers.items() if given == layer]

    def layer_of(self, widget: QWidget) -> int | None:
        """The layer `widget` was given, if any."""
        return self._layers.get(widget)

    def restack(self) -> None:
        """The layered widgets back on top, in layer order (nothing raised when they are: raising a
        shown widget repaints it)."""
        order = self.order()
        if self._restacking or self._stacked()[-len(order) :] == order:
            return
        self._restacking = True
        try:
            for widget in order:
                widget.raise_()
        finally:
            self._restacking = False

    def lift(self, widget: QWidget) -> None:
        """`widget` (a child of the window given no layer) over every other such child and under the
        layered ones, as raising it leaves it; nothing moved (nor repainted) when it lies there already."""
        stacked = self._stacked()
        if all(w in self._layers for w in stacked[stacked.index(widget) + 1 :]):
            return
        widget.raise_()
        self.restack()

    def _stacked(self) -> list[QWidget]:
        """The window's child widgets, lowest first."""
        return [child for child in self._window.children() if isinstance(child, QWidget)]

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
