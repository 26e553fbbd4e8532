"""Items left to right, wrapping to a new row where the width ends (Qt's own flow layout example,
https://doc.qt.io/qt-6/qtwidgets-layouts-flowlayout-example.html). An item wider than a row gets
the whole row and, if it wraps its text (a chip with a long name), the height it needs there."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, spacing: int = 12) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._heights: dict[int, int] = {}  # height for width, until something changes: Qt asks often
        self.setSpacing(spacing)  # QLayout's own: scaling.rescale_layouts scales it with the screen
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        self._heights.clear()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return height

    def invalidate(self) -> None:
        self._heights.clear()  # an item's text, font or visibility changed
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def rows(self, width: int) -> list[list[QWidget]]:
        """The widgets of each row at `width`, as they would be placed."""
        rows: list[list[QWidget]] = []
        for _, row in self._layout_rows(width):
            rows.append([w for item, _ in row if (w := item.widget()) is not None])
        return rows

    def _layout_rows(self, width: int) -> list[tuple[int, list[tuple[QLayoutItem, QSize]]]]:
        rows: list[tuple[int, list[tuple[QLayoutItem, QSize]]]] = []
        row: list[tuple[QLayoutItem, QSize]] = []
        x = 0
        gap = max(0, self.spacing())
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            w = min(hint.width(), width)
            h = item.heightForWidth(w) if item.hasHeightForWidth() else hint.height()
            if row and x + gap + w > width:
                rows.append((max(s.height() for _, s in row), row))
                row, x = [], 0
            elif row:
                x += gap
            row.append((item, QSize(w, h)))
            x += w
        if row:
            rows.append((max(s.height() for _, s in row), row))
        return rows

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m: QMargins = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = inner.y()
        gap = max(0, self.spacing())
        for i, (height, row) in enumerate(self._layout_rows(max(1, inner.width()))):
            if i:
                y += gap
            x = inner.x()
            for item, size in row:
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(size.width(), height if item.widget() is None else size.height())))
                x += size.width() + gap
            y += height
        return y - rect.y() + m.bottom()
