"""The retranslation contract: visible strings are set in `retranslate()` only."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class RetranslateMixin:
    """Calls `retranslate()` on QEvent.LanguageChange. Call it yourself at the end of __init__."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
