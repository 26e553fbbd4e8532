"""The retranslation contract: visible strings are set in `retranslate()` only. A widget nobody can see
(a page that is not current, a closed panel) retranslates when it is next shown, so a language switch
costs what the visitor sees, not every page."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class RetranslateMixin:
    """Calls `retranslate()` on QEvent.LanguageChange, or at the next show if hidden then. Call it
    yourself at the end of __init__."""

    _language_stale = False

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            if self.isVisible():  # type: ignore[attr-defined]
                self._language_stale = False
                self.retranslate()
            else:
                self._language_stale = True
        super().changeEvent(event)  # type: ignore[misc]

    def catch_up_language(self) -> None:
        """Retranslate now if a switch came while hidden (a page drawn ahead of time, unseen)."""
        if self._language_stale:
            self._language_stale = False
            self.retranslate()

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if self._language_stale:
            self._language_stale = False
            self.retranslate()
        super().showEvent(event)  # type: ignore[misc]
