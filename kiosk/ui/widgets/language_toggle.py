"""The visitor's language toggle: each language by its own name (中文, English), never a flag. The
language changes as the finger lands, not as it lifts, and the toggle takes that press itself: a
button would first repaint itself pressed (at once, a frame of its own, though it looks the same)
before saying so. The window's picture in the new language, drawn ahead of time, is then the
touch's first frame (see kiosk.ui.language_picture)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from kiosk.core.content.model import Language
from kiosk.ui.language import LanguageController

_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)  # (a second tap soon after is a double click)


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
        self._choose = choose or controller.set_language
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
            button.pressed.connect(lambda code=lang.code: self._choose(code))  # a key, or a click in code
            button.installEventFilter(self)  # a finger: as it lands
        controller.language_changed.connect(self.show_language)
        self.show_language(controller.language)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _PRESSES and isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton:
            code = next((code for code, button in self.buttons.items() if button is watched), None)
            if code is not None:
                self._choose(code)
                return True
        return False

    def show_language(self, code: str) -> None:
        """The button of `code` checked (the language shown, or the one a picture is drawn in)."""
        if code in self.buttons:
            self.buttons[code].setChecked(True)
