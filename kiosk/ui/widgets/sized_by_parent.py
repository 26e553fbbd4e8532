"""For a widget its parent gives a size (a page in the window's stack of pages, a section or a
photo carousel in a card's stack): it has no height of its own for a width.

Qt asks a stack of widgets (QStackedLayout) for its height at a width by asking every widget in it,
shown or not, and a layout that is activated tells its parent's layout, up to the window. So each
section tap laid out the wrapped text of every section and every page again: 851 label heights for
one tap at 1920x1080, half of its 10 ms (counted by overriding QLabel.heightForWidth; profiled with
perf). None of those heights could change a thing: these widgets take the room they are given, and
a fitted section sets its text to that room (kiosk.ui.widgets.fitted_section)."""

from __future__ import annotations


class SizedByParent:
    """Mixed in before the Qt class: `class Page(SizedByParent, QWidget)`."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return -1
