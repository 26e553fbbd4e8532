"""A page panel's sections out of sight: the language each is still to take up, and making them ready
in idle time for the tap that shows them.

The window drawn ahead of time in the other language (kiosk.ui.language_picture) tells the panel one
language and then its own back. Words set there and back in the sections nobody sees made each of
them lay out anew as the visitor's tap showed it (a section tap's p95 15 -> 25 ms at 1920x1080,
`kiosk bench display`), so a section out of sight takes a language up only as it is shown, or in
idle time, and only the words that differ are set. In idle time each read section out of sight
(highlights, figures, names) is given its words, the size of the section on show and the growth of
its text, so the tap on its segment only shows it (its first showing fitted its text in the tap's
frame: 5-20 ms at 1920x1080)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.ui.widgets.fitted_section import FittedSection
from kiosk.ui.widgets.retranslatable import RetranslateMixin
from kiosk.ui.widgets.unseen import lay_out_unseen

# Sets the words in the given language of the widgets the test picks; True if any changed.
SetWords = Callable[[Callable[[QWidget], bool], str], bool]


class UnseenSections:
    def __init__(self, stack: QStackedWidget, fitted: list[FittedSection], set_words: SetWords) -> None:
        self._stack = stack
        self._fitted = fitted  # the panel's read sections (the list it adds to)
        self._set_words = set_words
        self._behind: dict[int, str] = {}  # section: the language it is to take up
        self._tried: dict[int, tuple[object, ...]] = {}  # sections made ready, by what they were made ready for

    def behind(self, lang: str) -> None:
        """Every section is to take `lang` up (as it is shown, or in idle time)."""
        self._behind = dict.fromkeys(range(self._stack.count()), lang)

    def take_up(self, index: int) -> None:
        """The words of section `index` (and of anything in no section) in the language it is behind
        in, if it is: only those that differ (words set again as they were would lay it out anew)."""
        lang = self._behind.pop(index, None)
        if lang is not None and self._set_words(lambda widget: self._in_section(index, widget), lang):
            for fitted in self._fitted:
                if self._in_section(index, fitted):
                    fitted.refit()

    def ready(self) -> bool:
        """Whether every read section out of sight is as showing it would make it, or as ready as it
        can be made (see prepare)."""
        return all(self._ready(i, section) or self._tried.get(i) == self._ready_for(i, section) for i, section in self._unseen())

    def prepare(self) -> bool:
        """One read section out of sight made ready as showing it would make it: its words, its size,
        the growth of its text. False when every one is ready."""
        for index, section in self._unseen():
            if self._ready(index, section) or self._tried.get(index) == self._ready_for(index, section):
                continue  # (one that would not come out ready, say its size held by Qt, is not tried again and again)
            self.take_up(index)
            for widget in section.findChildren(QWidget):
                if isinstance(widget, RetranslateMixin):
                    widget.catch_up_language()
            area = self._stack.contentsRect()
            if section.geometry() != area:
                section.setGeometry(area)  # where the stack puts the section it shows
            lay_out_unseen(section)
            section.fit_unseen()
            self._tried[index] = self._ready_for(index, section)
            return True
        return False

    def _ready_for(self, index: int, section: FittedSection) -> tuple[object, ...]:
        return (self._behind.get(index), self._stack.contentsRect().getRect(), section.geometry().getRect(), section.fitted)

    def _unseen(self) -> list[tuple[int, FittedSection]]:
        """The read sections out of sight, in a panel laid out (a page never shown has no size yet)."""
        stack = self._stack
        if stack.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent) or stack.contentsRect().isEmpty():
            return []
        placed = [(stack.indexOf(section), section) for section in self._fitted]
        return [(index, section) for index, section in placed if index not in (-1, stack.currentIndex())]

    def _ready(self, index: int, section: FittedSection) -> bool:
        return (
            index not in self._behind
            and section.geometry() == self._stack.contentsRect()
            and section.fitted
            and not any(isinstance(w, RetranslateMixin) and w._language_stale for w in section.findChildren(QWidget))
        )

    def _in_section(self, index: int, widget: QWidget) -> bool:
        """Whether `widget` is in section `index` (or in none: then it takes words up with any)."""
        held: QWidget | None = widget
        while held is not None and held.parentWidget() is not self._stack:
            held = held.parentWidget()
        return held is None or self._stack.indexOf(held) in (index, -1)
