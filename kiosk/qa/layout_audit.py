"""What a visitor would call broken, found from the widget tree: clipped or overflowing text (cut by
the screen's edge or by the widget that holds it, sideways or from above and below), glyphs missing
from the bundled font, text too small to read, touch targets smaller than a finger, a separator that
starts a wrapped line, a paragraph that ends on one lone character or short word or breaks inside a
word, a control drawn over (or taking the touches of) a screen that covers the page, a mode's own
control (guided mode's back and next, maintenance diagnostics) lying over what the page shows, and, in
attract-only mode, a call to touch a screen that answers no touch."""

from __future__ import annotations

import itertools
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF, QPixmap, QRawFont, QRegion, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QGraphicsView, QLabel, QLineEdit, QWidget

from kiosk import resources
from kiosk.core.content.formatting import SHORT_WORD, WORD_JOINER, is_cjk
from kiosk.core.session import Mode
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.fonts import FONT_FILES
from kiosk.ui.layers import Layer, Layers
from kiosk.ui.theme import TYPE_SCALE, scale_for
from kiosk.ui.widgets.fit_label import LINE_HEIGHT, MIN_FRACTION, FitLabel
from kiosk.ui.widgets.labels import text_lines

MIN_TOUCH = 80  # px at 1080p
MIN_TEXT = min(TYPE_SCALE.values())  # 24 px at 1080p: nothing a visitor reads is smaller
SEPARATORS = "·•/|、"  # never the first thing on a wrapped line: it belongs to the word before it
# Words that ask a visitor to touch, in the kiosk's languages ("Touch to explore", 触摸屏幕 开始探索, "Tap ...", 点击...).
TOUCH_CALL = re.compile(r"\b(touch|tap)\b|触摸|触碰|轻触|点击|点按", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    widget: str
    text: str
    problem: str

    def __str__(self) -> str:
        return f"{self.widget} {self.text[:40]!r}: {self.problem}"


def _drawn(char: str) -> bool:
    """A character that needs a glyph (not a space, not an invisible format mark such as a word joiner)."""
    return not char.isspace() and unicodedata.category(char) != "Cf"


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}[{widget.property('role') or widget.objectName()}]"


def _visible_in(root: QWidget, widget: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0


def _in_root(root: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())


def _clipper(root: QWidget, widget: QWidget) -> tuple[QWidget, QRect] | None:
    """The nearest ancestor (the screen itself included) that does not show all of `widget`, and the
    part it shows; None when all of it is shown, or when it sits in a scrolling view (scrolled out of
    sight on purpose)."""
    rect = _in_root(root, widget)
    parent = widget.parentWidget()
    shown = root.rect()
    holders: list[QWidget] = []
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return None
        holders.append(parent)
        parent = parent.parentWidget()
    if not shown.contains(rect):
        return root, shown
    for holder in reversed(holders):  # from the screen inwards: the outermost one that cuts is named
        shown = shown.intersected(_in_root(root, holder))
        if not shown.contains(rect):
            return holder, shown
    return None


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, (QLabel, QAbstractButton, FitLabel)):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    return ""


def _font_px(widget: QWidget) -> int:
    """The size text is drawn at: a fitted font where the widget shrinks its text to fit."""
    fitted: Callable[[], QFont] | None = getattr(widget, "fitted_font", None)
    font = fitted() if fitted is not None else widget.font()
    return font.pixelSize() if font.pixelSize() > 0 else QFontInfo(font).pixelSize()


def _plain(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.PlainText or (fmt == Qt.TextFormat.AutoText and "<" not in label.text())


def line_starts(text: str, font: QFont, width: float) -> list[str]:
    """The text of each line after the first of each paragraph, as `text` wraps at `width` (as a QLabel
    with word wrap lays it out)."""
    starts = []
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        first = True
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            if not first:
                starts.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
            first = False
        layout.endLayout()
    return starts


def wrapped_lines(text: str, font: QFont, width: float) -> list[list[str]]:
    """The lines of each paragraph of `text` as a QLabel with word wrap lays them out at `width`."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    paragraphs = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        lines = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
        layout.endLayout()
        paragraphs.append(lines)
    return paragraphs


def _word_char(char: str) -> bool:
    return char.isalnum() and not is_cjk(char)


def _lone_end(last: str) -> str | None:
    """What is wrong with a paragraph's last line: one character (群。) or one short word (ones)."""
    core = "".join(c if c.isalnum() or is_cjk(c) else " " if c.isspace() else "" for c in last).strip()  # a no-break space too
    if len(core) == 1:
        return f"its last line is one character alone: {last.strip()!r}"
    if core and " " not in core and not any(is_cjk(c) for c in core) and len(core) <= SHORT_WORD:
        return f"its last line is one short word alone: {last.strip()!r}"
    return None


def _broken_word(before: str, after: str) -> str | None:
    """Whether the break between two lines falls inside a word: letters or digits on both sides, or a
    word the content holds together with a word joiner."""
    end, start = before.rstrip(" "), after
    if end != before or not end or not start:
        return None
    if WORD_JOINER in (end[-1], start[0]):
        return f"it breaks inside a word held together: {end[-3:]!r} / {start[:3]!r}"
    if _word_char(end[-1]) and _word_char(start[0]):
        return f"it breaks inside a word: {end[-6:]!r} / {start[:6]!r}"
    return None


def line_break_problems(text: str, font: QFont, width: float) -> list[str]:
    """Where `text`, wrapped at `width`, breaks badly: a last line of one character or one short word,
    or a break inside a word. The label layer's keep_line_ends and the content's word joiners avoid both."""
    problems = []
    for lines in wrapped_lines(text, font, width):
        if len(lines) > 1 and (lone := _lone_end(lines[-1])):
            problems.append(lone)
        problems += [found for before, after in itertools.pairwise(lines) if (found := _broken_word(before, after))]
    return problems


def _label_width(label: QLabel) -> float:
    return label.contentsRect().width() - 2 * max(0, label.margin()) - max(0, label.indent())


def modal_covers(root: QWidget) -> list[QWidget]:
    """The screens that cover the page (children of the window as large as it: overlays, the attract
    loop, the closed screen, a photo opened full screen), lowest first."""
    return [
        child
        for child in root.children()
        if isinstance(child, QWidget)
        and child.isVisibleTo(root)
        and child.geometry() == root.rect()
        and not child.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    ]


def _top_child(root: QWidget, widget: QWidget) -> QWidget:
    while widget.parentWidget() is not None and widget.parentWidget() is not root:
        widget = widget.parentWidget()  # type: ignore[assignment]
    return widget


def _over_covers(root: QWidget) -> list[Finding]:
    """A visible control or text outside a covering screen, lying above it (drawn over it) or taking a
    touch at its own centre in its place."""
    covers = modal_covers(root)
    if not covers:
        return []
    top = covers[-1]
    order = [c for c in root.children() if isinstance(c, QWidget)]
    findings = []
    for widget in root.findChildren(QWidget):
        if not _visible_in(root, widget) or _top_child(root, widget) in covers:
            continue
        if not isinstance(widget, (QAbstractButton, QLabel, FitLabel, QLineEdit)) or not (
            _text_of(widget) or isinstance(widget, QAbstractButton)
        ):
            continue
        rect = _in_root(root, widget)
        if not rect.intersects(top.geometry()):
            continue
        above = order.index(_top_child(root, widget)) > order.index(top)
        hit = root.childAt(rect.intersected(top.geometry()).center())
        takes = hit is not None and _top_child(root, hit) not in covers
        if above or takes:
            how = "is drawn over" if above else "takes the touches of"
            findings.append(Finding(_name(widget), _text_of(widget), f"{how} {_name(top)}, which covers the page"))
    return findings


def _layers(root: QWidget) -> Layers | None:
    layers = getattr(root, "layers", None)
    return layers if isinstance(layers, Layers) else None


def _shown_part(root: QWidget, widget: QWidget) -> QRect:
    """The part of `widget` its holders let be seen, in the screen's coordinates."""
    rect = _in_root(root, widget)
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        rect = rect.intersected(_in_root(root, parent))
        parent = parent.parentWidget()
    return rect.intersected(root.rect())


def _page_content(widget: QWidget) -> bool:
    """What a visitor reads or touches on the page: text, a control, a chart, a tile."""
    if isinstance(widget, (QLabel, FitLabel, QLineEdit)):
        return bool(_text_of(widget))
    return isinstance(widget, (QAbstractButton, QGraphicsView)) or hasattr(widget, "audit_texts") or (widget.property("role") == "tile")


def mode_covers(root: QWidget) -> list[Finding]:
    """A mode's own control (a widget on the MODE layer: guided mode's back and next, the maintenance
    diagnostics) lying over visible page content: whatever it is, it must stand in room of its own.
    Nothing is judged while a screen covers the page (the mode's controls lie under it too)."""
    layers = _layers(root)
    if layers is None or modal_covers(root):
        return []
    controls = [w for w in layers.on(Layer.MODE) if _visible_in(root, w)]
    if not controls:
        return []
    layered = set(layers.order())
    findings = []
    for widget in root.findChildren(QWidget):
        if not _visible_in(root, widget) or _top_child(root, widget) in layered or not _page_content(widget):
            continue
        shown = _shown_part(root, widget)
        for control in controls:
            overlap = shown.intersected(control.geometry())
            if not overlap.isEmpty():
                findings.append(
                    Finding(
                        _name(widget),
                        _text_of(widget),
                        f"covered by the mode control {_name(control)} {_text_of(control)[:20]!r}: "
                        f"{overlap.width()}x{overlap.height()} px at ({overlap.x()}, {overlap.y()})",
                    )
                )
    return findings


def touch_calls(root: QWidget, mode: str) -> list[Finding]:
    """In attract-only mode the attract loop answers no touch, so nothing on it may ask for one."""
    layers = _layers(root)
    if mode != Mode.ATTRACT_ONLY or layers is None:
        return []
    findings = []
    for screen in layers.on(Layer.ATTRACT):
        if not _visible_in(root, screen):
            continue
        for widget in [screen, *screen.findChildren(QWidget)]:
            if not _visible_in(root, widget):
                continue
            texts = [_text_of(widget), *(item[0] for item in getattr(widget, "audit_texts", list)())]
            findings += [
                Finding(_name(widget), text, "asks for a touch in attract-only mode, where touches do nothing")
                for text in texts
                if TOUCH_CALL.search(text)
            ]
    return findings


def _off_screen(root: QWidget, widget: QWidget, text: str) -> list[Finding]:
    cut = _clipper(root, widget)
    if cut is None:
        return []
    holder, _ = cut
    where = "the screen" if holder is root else f"{_name(holder)}, which holds it"
    rect = _in_root(root, widget)
    return [
        Finding(
            _name(widget), text, f"partly off the screen: {rect.width()}x{rect.height()} px at ({rect.x()}, {rect.y()}), cut by {where}"
        )
    ]


def _wrapped_label(widget: QLabel, text: str) -> list[Finding]:
    findings = []
    need = widget.heightForWidth(widget.width())
    if need > widget.height() + 1:
        findings.append(Finding(_name(widget), text, f"clipped: needs {need} px height, has {widget.height()}"))
    if _plain(widget):
        shown: str = getattr(widget, "shown_text", widget.text)()
        findings += [Finding(_name(widget), text, problem) for problem in line_break_problems(shown, widget.font(), _label_width(widget))]
        for start in line_starts(text, widget.font(), _label_width(widget)):
            if start.lstrip()[:1] in SEPARATORS and start.strip():
                findings.append(
                    Finding(_name(widget), text, f"a wrapped line starts with the separator {start.lstrip()[:1]!r}: {start[:20]!r}")
                )
    return findings


def _single_line_label(widget: QLabel, text: str) -> list[Finding]:
    findings = []
    metrics = QFontMetricsF(widget.font())
    lines = text.split("\n")
    need_w = max(metrics.horizontalAdvance(line) for line in lines)
    if need_w > widget.contentsRect().width() + 1:
        findings.append(Finding(_name(widget), text, f"cut off: needs {need_w:.0f} px width, has {widget.width()}"))
    need_h = metrics.height() + (len(lines) - 1) * metrics.lineSpacing()
    if need_h > widget.contentsRect().height() + 1:
        findings.append(Finding(_name(widget), text, f"clipped: needs {need_h:.0f} px height, has {widget.contentsRect().height()}"))
    return findings


def _fit_label(widget: FitLabel, text: str) -> list[Finding]:
    findings = []
    if widget.fitted_font().pixelSize() < widget.font().pixelSize() * MIN_FRACTION + 1 and text:
        findings.append(Finding(_name(widget), text, "had to shrink to its minimum size"))
    needed = round(widget.fitted_font().pixelSize() * LINE_HEIGHT) + 1
    if widget.height() < needed - 1:
        findings.append(Finding(_name(widget), text, f"clipped: {widget.height()} px of {needed}"))
    return findings


def _room(widget: QWidget, text: str, scale: float) -> list[Finding]:
    """Whether the widget's text (or its touch target) has the room it needs."""
    if isinstance(widget, QLabel):
        if not text:
            return []
        return _wrapped_label(widget, text) if widget.wordWrap() else _single_line_label(widget, text)
    if isinstance(widget, FitLabel):
        return _fit_label(widget, text)
    if isinstance(widget, QAbstractButton) and min(widget.width(), widget.height()) < MIN_TOUCH * scale - 0.5:
        return [Finding(_name(widget), text, f"touch target {widget.width()}x{widget.height()} px is under {MIN_TOUCH * scale:.0f}")]
    return []


def _small(widget: QWidget, text: str, px: float, min_px: float) -> list[Finding]:
    return [Finding(_name(widget), text, f"text {px} px is under {min_px:.0f}")] if px < min_px else []


def _glyphs(widget: QWidget, text: str, raw: QRawFont) -> list[Finding]:
    """Every character drawn in the bundled font."""
    missing = {c for c in text if _drawn(c) and not raw.supportsCharacter(ord(c))}
    return [Finding(_name(widget), text, f"no glyph in the bundled font for {''.join(sorted(missing))!r}")] if missing else []


def _painted_texts(widget: QWidget, raw: QRawFont, min_px: float) -> list[Finding]:
    """Words a widget paints itself (no label holds them), as it reports them."""
    findings = []
    for item_text, px, fits in getattr(widget, "audit_texts", list)():
        if not fits:
            findings.append(Finding(_name(widget), item_text, "does not fit its place (cut, or colliding with the text beside it)"))
        findings += _small(widget, item_text, px, min_px) + _glyphs(widget, item_text, raw)
    return findings


def audit(root: QWidget, scale: float, fonts_dir: Path, within: QWidget | None = None) -> list[Finding]:
    """Every visible widget of `root` (or only those in `within`, a screen over the page), at `scale`
    (1.0 at 1080p)."""
    findings: list[Finding] = _over_covers(root) + mode_covers(root)
    raw = QRawFont(str(fonts_dir / FONT_FILES[0]), 32)
    min_px = MIN_TEXT * scale - 0.5
    base = within if within is not None else root
    for widget in [base, *base.findChildren(QWidget)]:
        if not _visible_in(root, widget):
            continue
        text = _text_of(widget) if widget is not root else ""
        if widget is not root and (text or isinstance(widget, QAbstractButton)):
            findings += _off_screen(root, widget, text)
        findings += _room(widget, text, scale)
        findings += _painted_texts(widget, raw, min_px)
        if text:
            px = _font_px(widget)
            findings += (_small(widget, text, px, min_px) if px > 0 else []) + _glyphs(widget, text, raw)
    return findings


def audit_screens(kiosk: Kiosk, width: int, height: int) -> list[str]:
    """Every screen `kiosk snapshot` takes (pages, accessibility modes, attract loop, countdown, PIN pad,
    staff panel, visitor insight, closed screen, content from USB), audited as shown instead of
    pictured. On a screen that covers the page only what covers it is audited (the page under it has
    its own pictures), and nothing may lie over it."""
    from kiosk.qa import snapshot

    window = kiosk.window
    findings: list[str] = []

    def look(_picture: QPixmap, path: Path) -> None:
        covers = modal_covers(window)
        found = audit(window, scale_for(width, height), resources.fonts_dir(), within=covers[-1] if covers else None)
        found += touch_calls(window, kiosk.settings["mode"])
        findings.extend(f"{path.stem}: {f}" for f in found)

    look.wants_picture = False  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="kiosk-audit-") as out:
        snapshot.render_all(kiosk, Path(out), width, height, keep=look)
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
            for index in pages if pages is not None else range(len(kiosk.pages.views)):
                view = kiosk.pages.views[index]
                kiosk.navigation.show_page(index)
                window.finish_transition()
                panel = view.panel
                for section in range(max(1, panel.count if panel is not None else 1)):
                    if panel is not None:
                        panel.show_section(section)
                    view.finish_animation()
                    settle(app)
                    found = audit(window, scale_for(width, height), resources.fonts_dir())
                    findings += [f"{lang} {view.page.id} section {section + 1}: {f}" for f in found]
    finally:
        window.setUpdatesEnabled(True)
    return findings


def audit_attract(kiosk: Kiosk, width: int, height: int) -> list[str]:
    """The attract loop, every scene in every language, at width x height, audited as shown (in the
    kiosk's mode: in attract-only mode nothing on it may ask for a touch)."""
    window, app, attract = kiosk.window, kiosk.app, kiosk.session.attract
    was_running = attract.running
    attract.stop()  # started anew at the new size
    window.resize(width, height)
    settle(app)
    findings: list[str] = []
    try:
        for lang in kiosk.language.languages:
            kiosk.language.set_language(lang)
            attract.start()
            for number in range(attract.scene_count):
                if number:
                    attract.next_scene()
                if attract.scene is not None:
                    attract.show_scene(attract.scene, lang)
                attract.settle()
                settle(app)
                found = audit(window, scale_for(width, height), resources.fonts_dir(), within=attract)
                found += touch_calls(window, kiosk.settings["mode"])
                findings += [f"{lang} attract scene {number + 1}: {f}" for f in found]
            attract.stop()
    finally:
        if was_running:
            attract.start()
    return findings


# --- composition: how much of a panel's section its content leaves empty -----------------------------

# The bound each section of a page's panel is held to: the tallest band across the whole section with
# nothing in it, as a fraction of the section's height. Why this measure and this figure:
# - a band, not covered area: text is lines with air between and beside them, so even a full card of
#   bullets covers only about a third of its box (the covered share is reported, not bounded); what a
#   visitor sees as an empty panel is a stretch of card with nothing in it at all;
# - 0.45: the one real failure (issue 23) is content in the top third and nothing under it, a band of
#   50-93% (measured before the change: highlights 39-65%, key-name lists 27-71%, more figures 50-72%,
#   and in portrait up to 91%). A composed section spreads what room is left round its items, so its
#   largest band is half the room a short content leaves: the shortest content we have, one row of
#   two names under their title at up to 1.8 times their size, leaves about 40% above and below it.
#   0.45 passes that and fails any section whose content sits at one end of its card.
MAX_EMPTY_BAND = 0.45


@dataclass(frozen=True)
class PanelSpace:
    """One section of a page's panel: the share of its area its content's boxes leave uncovered and the
    tallest band across it with no content, each as a fraction (of the area; of the height)."""

    page: str
    section: str
    kind: str  # "read" (text the panel sets), "chart", "photos", or "page" (the overview)
    empty_area: float
    empty_band: float

    def __str__(self) -> str:
        return f"{self.page} [{self.section}]: {self.empty_area:.0%} empty, band {self.empty_band:.0%}"


def _label_box(label: QLabel) -> QRect:
    """Where a label's text lies in it (a label may be wider or taller than its words)."""
    rect = label.contentsRect()
    metrics = QFontMetricsF(label.font())
    lines = (text_lines(label.text(), label.font(), rect.width()) or [""]) if label.wordWrap() else label.text().split("\n")
    width = min(rect.width(), round(max(metrics.horizontalAdvance(line) for line in lines)) + 1)
    height = min(rect.height(), round(len(lines) * metrics.lineSpacing()))
    align = label.alignment()
    x = rect.x() + (rect.width() - width if align & Qt.AlignmentFlag.AlignRight else 0)
    if align & Qt.AlignmentFlag.AlignHCenter:
        x = rect.x() + (rect.width() - width) // 2
    y = rect.y() + (0 if align & Qt.AlignmentFlag.AlignTop else (rect.height() - height) // 2)
    if align & Qt.AlignmentFlag.AlignBottom:
        y = rect.bottom() - height
    return QRect(x, y, width, height)


def _scene_boxes(view: QGraphicsView) -> list[QRect]:
    """What a chart draws: its items with nothing under them (bars, texts, the line), not its frame."""
    boxes = []
    whole = view.rect()
    for item in view.items():  # a view box places its items when it next paints: place them now, as painting would
        update_matrix = getattr(item, "updateMatrix", None)
        if callable(update_matrix):
            update_matrix()
    for item in view.items():
        if not item.isVisible() or item.childItems() or item.opacity() == 0:
            continue
        rect = view.mapFromScene(item.sceneBoundingRect()).boundingRect().intersected(whole)
        if rect.isEmpty() or rect.width() * rect.height() > 0.9 * whole.width() * whole.height():
            continue
        boxes.append(rect)
    return boxes


def content_boxes(holder: QWidget) -> list[QRect]:
    """The boxes of what `holder` shows, in its coordinates: the words of labels, painted figures,
    chips and tiles whole (they have a ground of their own), photos, and what charts draw."""
    boxes: list[QRect] = []
    for widget in holder.findChildren(QWidget):
        if not widget.isVisibleTo(holder) or widget.width() <= 0:
            continue
        at = widget.mapTo(holder, QPoint(0, 0))
        if isinstance(widget, QGraphicsView):
            boxes += [rect.translated(at) for rect in _scene_boxes(widget)]
        elif widget.property("role") in ("chip", "chip-small", "tile", "dot") or type(widget).__name__ == "Carousel":
            boxes.append(QRect(at, widget.size()))
        elif isinstance(widget, QLabel) and widget.text():
            boxes.append(_label_box(widget).translated(at))
        elif isinstance(widget, FitLabel) and widget.text():
            width = min(widget.width(), round(QFontMetricsF(widget.fitted_font()).horizontalAdvance(widget.text())) + 1)
            boxes.append(QRect(at, QSize(width, widget.height())))
    return boxes


def emptiness(area: QRect, boxes: list[QRect]) -> tuple[float, float]:
    """The share of `area` no box covers, and the tallest band across `area` that no box reaches
    (as a share of its height)."""
    if area.isEmpty():
        return 0.0, 0.0
    covered = QRegion()
    for box in boxes:
        covered = covered.united(QRegion(box.intersected(area)))
    parts = cast("Iterable[QRect]", covered)  # PySide6 iterates a region's rectangles; its stubs do not say so
    filled = sum(r.width() * r.height() for r in parts)
    spans = sorted((max(b.top(), area.top()), min(b.bottom() + 1, area.bottom() + 1)) for b in boxes if b.intersects(area))
    band, reached = 0, area.top()
    for top, bottom in spans:
        band = max(band, top - reached)
        reached = max(reached, bottom)
    band = max(band, area.bottom() + 1 - reached)
    return 1 - filled / (area.width() * area.height()), band / area.height()


def _kind(section: QWidget | None) -> str:
    if hasattr(section, "chart"):
        return "chart"
    return "photos" if type(section).__name__ == "Carousel" else "read"


def panel_spaces(kiosk: Kiosk, width: int, height: int, languages: list[str] | None = None) -> list[PanelSpace]:
    """Every section of every page's panel (the overview's story and figures count as its one
    'panel'), at width x height, in every language (or `languages`), as laid out."""
    window, app = kiosk.window, kiosk.app
    window.resize(width, height)
    settle(app)
    kiosk.pages.build_charts()  # an empty chart is not the panel's doing (pages rebuilt since: not built yet)
    spaces = []
    for lang in languages or kiosk.language.languages:
        kiosk.language.set_language(lang)
        settle(app)
        for index, view in enumerate(kiosk.pages.views):
            kiosk.navigation.show_page(index)
            window.finish_transition()
            panel = view.panel
            for section in range(panel.count if panel is not None else 1):
                if panel is not None:
                    panel.show_section(section)
                view.finish_animation()
                settle(app)
                holder: QWidget = view
                if panel is None:  # the overview: the page between its header and the tab bar
                    area, name, kind = view.rect(), "page", "page"
                else:
                    holder, area, name, kind = panel, panel.stack.geometry(), panel.title(section), _kind(panel.stack.currentWidget())
                empty_area, band = emptiness(area, content_boxes(holder))
                spaces.append(PanelSpace(f"{lang} {view.page.id} {width}x{height}", name, kind, empty_area, band))
    return spaces


def audit_composition(kiosk: Kiosk, width: int, height: int, kinds: tuple[str, ...] = ("read", "chart", "photos", "page")) -> list[str]:
    """Every section of those `kinds` whose tallest empty band is over MAX_EMPTY_BAND of its height, in
    every language."""
    spaces = panel_spaces(kiosk, width, height)
    return [f"{space}: over {MAX_EMPTY_BAND:.0%}" for space in spaces if space.kind in kinds and space.empty_band > MAX_EMPTY_BAND]
