"""One-finger swipe for touch and mouse alike.

QSwipeGesture only recognises three-finger swipes, so we watch presses and moves ourselves. Touches
arrive as mouse events that Qt synthesises for widgets that do not take touch, so one path serves
both. The filter sits on the application and only looks at events inside `area`; once a drag is a
swipe, its release is swallowed so the button under the finger is not also pressed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.live import LiveSettings


def _owns_swipe(widget: QWidget | None) -> bool:
    while widget is not None:
        if widget.property("own_swipe"):
            return True
        widget = widget.parentWidget()
    return False


class SwipeDetector(QObject):
    swiped = Signal(int)  # +1: to the next page (finger moved left), -1: to the previous

    """A drag of the `swipe_distance` setting (at 1080p; `set_scale` for the screen's) across `area`."""

    def __init__(self, area: QWidget, settings: LiveSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._area = area
        self._design_distance = int(settings["swipe_distance"])
        self._scale = 1.0
        self.distance = self._design_distance
        settings.changed_signal("swipe_distance").connect(self._on_distance)
        self._start: QPointF | None = None
        self._fired = False
        self._listening = False

    def listen(self) -> None:
        """Watch the application's events from now on; once (later calls change nothing). The kiosk
        starts it at its first frame, and before the session's own filter is installed: Qt asks the
        newest filter first, and the session must see a swipe's release that this one swallows."""
        if self._listening:
            return
        self._listening = True
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self.distance = round(self._design_distance * scale)

    def _on_distance(self, distance: object) -> None:
        self._design_distance = int(distance)  # type: ignore[call-overload]
        self.set_scale(self._scale)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not isinstance(event, QMouseEvent):  # first, and cheap: it sees every event of the application
            return False
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        if not isinstance(watched, QWidget) or not (watched is self._area or self._area.isAncestorOf(watched)):
            return False
        pos = event.globalPosition()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            # A widget that follows the finger itself (a photo carousel) owns drags that start on it.
            owned = _owns_swipe(watched)
            self._start, self._fired = (None if owned else pos), False
        elif kind == QEvent.Type.MouseMove and self._start is not None and not self._fired:
            dx, dy = pos.x() - self._start.x(), pos.y() - self._start.y()
            if abs(dx) >= self.distance and abs(dx) > 2 * abs(dy):
                self._fired = True
                self.swiped.emit(1 if dx < 0 else -1)
        elif kind == QEvent.Type.MouseButtonRelease and self._start is not None:
            fired = self._fired
            self._start, self._fired = None, False
            return fired  # a swipe's release must not click what is under the finger
        return False
