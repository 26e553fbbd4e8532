"""The visitor's language toggle: each language by its own name (中文, English), never a flag. The
language changes as the finger lands (a button's `pressed`), not as it lifts: the kiosk answers
the touch itself, and the window's picture in that language, drawn ahead of time, shows in the
first frame (see kiosk.ui.language_picture)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from kiosk.core.content.model import Language
from kiosk.ui.language import LanguageController


class LanguageToggle(QWidget):
    def __init__(
        self,
        languages: tuple[Language, ...],
        controller: LanguageController,
        parent: QWidget | None = None,
        choose: Callable[[str], None] | None = None,
    ) -> None:
        """`choose`: what a touch on a language does (the window's switch through its picture); by
        default the controller's set_language."""
        super().__init__(parent)
        self._controller = controller
        self._group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.buttons: dict[str, QPushButton] = {}
        for i, lang in enumerate(languages):
            button = QPushButton(lang.name, self)  # a language's own name is the same in every UI language
            button.setProperty("role", "language")
            button.setProperty("first", i == 0)
            button.setProperty("last", i == len(languages) - 1)
            button.setCheckable(True)
            self._group.addButton(button, i)
            layout.addWidget(button)
            self.buttons[lang.code] = button
            button.pressed.connect(lambda code=lang.code: (choose or controller.set_language)(code))
        controller.language_changed.connect(self.show_language)
        self.show_language(controller.language)

    def show_language(self, code: str) -> None:
        """The button of `code` checked (the language shown, or the one a picture is drawn in)."""
        if code in self.buttons:
            self.buttons[code].setChecked(True)
