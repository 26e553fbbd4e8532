"""Labels styled by role (see theme.stylesheet)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def role_label(role: str, parent: QWidget | None = None, *, wrap: bool = True, color: str | None = None) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    if color:
        label.setStyleSheet(f"color: {color};")
    return label
