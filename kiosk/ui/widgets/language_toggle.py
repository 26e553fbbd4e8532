"""The visitor's language toggle: each language by its own name (中文, English), never a flag."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from kiosk.core.content.model import Language
from kiosk.ui.language import LanguageController


class LanguageToggle(QWidget):
    def __init__(self, languages: tuple[Language, ...], controller: LanguageController, parent: QWidget | None = None) -> None:
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
            button.clicked.connect(lambda _checked=False, code=lang.code: controller.set_language(code))
        controller.language_changed.connect(self._show_current)
        self._show_current(controller.language)

    def _show_current(self, code: str) -> None:
        if code in self.buttons:
            self.buttons[code].setChecked(True)
