"""A page panel's sections out of sight, and the language each is still to take up.

The window drawn ahead of time in the other language (kiosk.ui.language_picture) tells the panel one
language and then its own back. Words set there and back in the sections nobody sees made each of
them lay out anew as the visitor's tap showed it (a section tap's p95 15 -> 25 ms at 1920x1080,
`kiosk bench display`), so a section out of sight takes a language up only as it is shown, and only
the words that differ from those it has are set."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.ui.widgets.fitted_section import FittedSection

# Sets the words in the given language of the widgets the test picks; True if any changed.
SetWords = Callable[[Callable[[QWidget], bool], str], bool]


class UnseenSections:
    def __init__(self, stack: QStackedWidget, fitted: list[FittedSection], set_words: SetWords) -> None:
        self._stack = stack
        self._fitted = fitted  # the panel's read sections (the list it adds to)
        self._set_words = set_words
        self._behind: dict[int, str] = {}  # section: the language it is to take up

    def behind(self, lang: str) -> None:
        """Every section is to take `lang` up (as it is shown)."""
        self._behind = dict.fromkeys(range(self._stack.count()), lang)

    def waiting(self, index: int) -> str | None:
        """The language section `index` is still to take up, if any."""
        return self._behind.get(index)

    def take_up(self, index: int) -> None:
        """The words of section `index` (and of anything in no section) in the language it is behind
        in, if it is: only those that differ (words set again as they were would lay it out anew),
        and its text fitted to them again as it is shown."""
        lang = self._behind.pop(index, None)
        if lang is not None and self._set_words(lambda widget: self._in_section(index, widget), lang):
            for fitted in self._fitted:
                if self._in_section(index, fitted):
                    fitted.refit()

    def _in_section(self, index: int, widget: QWidget) -> bool:
        """Whether `widget` is in section `index` (or in none: then it takes words up with any)."""
        held: QWidget | None = widget
        while held is not None and held.parentWidget() is not self._stack:
            held = held.parentWidget()
        return held is None or self._stack.indexOf(held) in (index, -1)
