"""What a visitor would call broken, found from the widget tree: clipped or overflowing text,
glyphs missing from the bundled font, touch targets smaller than a finger."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetricsF, QRawFont
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.ui.fonts import FONT_FILES
from kiosk.ui.theme import TYPE_SCALE
from kiosk.ui.widgets.fit_label import LINE_HEIGHT, MIN_FRACTION, FitLabel

MIN_TOUCH = 80  # px at 1080p
MIN_TEXT = min(TYPE_SCALE.values())


@dataclass(frozen=True)
class Finding:
    widget: str
    text: str
    problem: str

    def __str__(self) -> str:
        return f"{self.widget} {self.text[:40]!r}: {self.problem}"


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}[{widget.property('role') or widget.objectName()}]"


def _visible_in(root: QWidget, widget: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0


def audit(root: QWidget, scale: float, fonts_dir: Path) -> list[Finding]:
    findings: list[Finding] = []
    raw = QRawFont(str(fonts_dir / FONT_FILES[0]), 32)
    min_px = MIN_TEXT * scale - 0.5
    for widget in [root, *root.findChildren(QWidget)]:
        if not _visible_in(root, widget):
            continue
        text = ""
        if widget is not root and isinstance(widget, (QLabel, QAbstractButton, FitLabel)):
            where = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
            if not root.rect().contains(where):
                label = widget.text() if isinstance(widget, (QLabel, QAbstractButton, FitLabel)) else ""
                findings.append(Finding(_name(widget), label, "partly off the screen"))
        if isinstance(widget, QLabel):
            text = widget.text()
            if text and widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + 1:
                    findings.append(Finding(_name(widget), text, f"clipped: needs {need} px height, has {widget.height()}"))
            elif text:
                need_w = QFontMetricsF(widget.font()).horizontalAdvance(text)
                if need_w > widget.width() + 1:
                    findings.append(Finding(_name(widget), text, f"cut off: needs {need_w:.0f} px width, has {widget.width()}"))
        elif isinstance(widget, FitLabel):
            text = widget.text()
            if widget.fitted_font().pixelSize() < widget.font().pixelSize() * MIN_FRACTION + 1 and text:
                findings.append(Finding(_name(widget), text, "had to shrink to its minimum size"))
            needed = round(widget.fitted_font().pixelSize() * LINE_HEIGHT) + 1
            if widget.height() < needed - 1:
                findings.append(Finding(_name(widget), text, f"clipped: {widget.height()} px of {needed}"))
        elif isinstance(widget, QAbstractButton):
            text = widget.text()
            if min(widget.width(), widget.height()) < MIN_TOUCH * scale - 0.5:
                findings.append(
                    Finding(_name(widget), text, f"touch target {widget.width()}x{widget.height()} px is under {MIN_TOUCH * scale:.0f}")
                )
        for item_text, px, fits in getattr(widget, "audit_texts", list)():
            if not fits:
                findings.append(Finding(_name(widget), item_text, "chart label and value collide"))
            if px < min_px:
                findings.append(Finding(_name(widget), item_text, f"chart text {px} px is under {min_px:.0f}"))
            missing = {c for c in item_text if not c.isspace() and not raw.supportsCharacter(ord(c))}
            if missing:
                findings.append(Finding(_name(widget), item_text, f"no glyph in the bundled font for {''.join(sorted(missing))!r}"))
        if text:
            if 0 < widget.font().pixelSize() < min_px:
                findings.append(Finding(_name(widget), text, f"text {widget.font().pixelSize()} px is under {min_px:.0f}"))
            missing = {c for c in text if not c.isspace() and not raw.supportsCharacter(ord(c))}
            if missing:
                findings.append(Finding(_name(widget), text, f"no glyph in the bundled font for {''.join(sorted(missing))!r}"))
    return findings
