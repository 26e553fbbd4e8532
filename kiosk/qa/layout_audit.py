"""What a visitor would call broken, found from the widget tree: clipped or overflowing text,
glyphs missing from the bundled font, touch targets smaller than a finger."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetricsF, QRawFont
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk import resources
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.fonts import FONT_FILES
from kiosk.ui.theme import TYPE_SCALE, scale_for
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


def audit_pages(kiosk: Kiosk, width: int, height: int, pages: list[int] | None = None, languages: list[str] | None = None) -> list[str]:
    """Every page (or `pages`), every panel section, every language (or `languages`), at width x height,
    audited as laid out. Nothing is painted meanwhile: the audit reads the layout; snapshots look at
    the pixels."""
    window, app = kiosk.window, kiosk.app
    window.resize(width, height)
    window.setUpdatesEnabled(False)
    findings: list[str] = []
    try:
        settle(app)
        for lang in languages or kiosk.language.languages:
            kiosk.language.set_language(lang)
            settle(app)
            for index in pages if pages is not None else range(len(window.views)):
                view = window.views[index]
                window.show_page(index)
                window.finish_transition()
                panel = getattr(view, "panel", None)
                for section in range(max(1, panel.stack.count() if panel is not None else 1)):
                    if panel is not None:
                        panel.show_section(section)
                    view.finish_animation()
                    settle(app)
                    found = audit(window, scale_for(width, height), resources.fonts_dir())
                    findings += [f"{lang} {view.page.id} section {section + 1}: {f}" for f in found]
    finally:
        window.setUpdatesEnabled(True)
    return findings
