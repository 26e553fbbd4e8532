"""Labels styled by role (see theme.stylesheet), and headings that break their lines with care."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.content.formatting import keep_line_ends


def style_label(label: QLabel, role: str, *, wrap: bool = True, color: str | None = None) -> QLabel:
    """Plain text in the style sheet's `role`, passing touches through to what lies under it."""
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    if color:
        label.setStyleSheet(f"color: {color};")
    return label


class KeptLabel(QLabel):
    """A label whose wrapped paragraphs never end on one lone character or short word (keep_line_ends
    holds the last two together). text() is the text as given; shown_text() what it draws."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._given = ""
        super().__init__(parent)

    def text(self) -> str:
        return self._given

    def shown_text(self) -> str:
        return super().text()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLabel
        self._given = text
        super().setText(keep_line_ends(text) if self.wordWrap() else text)

    def clear(self) -> None:
        self._given = ""
        super().clear()


def role_label(role: str, parent: QWidget | None = None, *, wrap: bool = True, color: str | None = None) -> QLabel:
    return style_label(KeptLabel(parent), role, wrap=wrap, color=color)


def text_lines(text: str, font: QFont, width: float) -> list[str]:
    """The lines `text` wraps into at `width` in `font`, as a word-wrapping QLabel breaks them."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(layout.text()[line.textStart() : line.textStart() + line.textLength()].strip(" \u2028"))
    layout.endLayout()
    return lines


def without_orphan(text: str, font: QFont, width: float) -> str:
    """`text` with a line break placed so that its last line is not one lone character (三个字
    一行, then 字), where moving a few characters down keeps the same number of lines."""
    if width <= 0 or not text:
        return text
    lines = text_lines(text, font, width)
    if len(lines) < 2 or len(lines[-1]) > 1:
        return text
    end_of_previous = len(text) - len(lines[-1].lstrip())
    while end_of_previous > 0 and text[end_of_previous - 1] == " ":
        end_of_previous -= 1
    for take in (2, 3, 4):
        cut = end_of_previous - (take - 1)
        if cut <= 0 or text[cut - 1] == "\n":
            break
        candidate = f"{text[:cut].rstrip()}\n{text[cut:].lstrip()}"
        found = text_lines(candidate, font, width)
        if len(found) == len(lines) and len(found[-1]) > 1:
            return candidate
    return text


class HeadingLabel(KeptLabel):
    """A wrapped heading that never ends on one orphaned character where another break fits.
    text() is the text as given; the label shows it with the break it chose for its width."""

    def __init__(self, role: str, parent: QWidget | None = None, *, color: str | None = None) -> None:
        self._broken_for: tuple[str, int, str] | None = None  # before QLabel's constructor: it already sends change events
        super().__init__(parent)
        style_label(self, role, color=color)

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLabel
        self._given = text
        self._rebreak()

    def _rebreak(self) -> None:
        width = self.contentsRect().width()
        key = (self._given, width, self.font().key())
        if key == self._broken_for:  # resizes that keep the width change nothing
            return
        self._broken_for = key
        shown = without_orphan(keep_line_ends(self._given), self.font(), width)
        if shown != self.shown_text():
            QLabel.setText(self, shown)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._rebreak()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._rebreak()
