"""The words of an attract scene and where they go on the screen, apart from running the loop.

A figure scene: the exhibit's name in the top corner, the pillar, the figure and what it counts in the
middle, the call to touch at the bottom. The title card: the exhibit's name large, its tagline and its
pillars. A photo scene: the picture is the scene, so the words take a band along the bottom (at most a
quarter of the height, the call beside them in landscape) and the exhibit's name a small corner card,
with the Illustration tag in the other corner."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.content.formatting import NumberFormatter
from kiosk.ui.attract.scenes import Framing, Scene
from kiosk.ui.theme import Palette, accent, scale_for
from kiosk.ui.widgets.fit_label import FitLabel
from kiosk.ui.widgets.labels import role_label

# At 1080p (scaled with the screen's short side, as the type is).
MARGIN = 72
BAND_PAD = 28
BAND_FOOT = 40  # below the band's words: the screen's edge is further off than the picture's
CARD_PAD = 18
CARD_RADIUS = 16  # less than CARD_PAD: the card's rounded corners never reach its words
GAP = 40
WORDS_GAP = 10
TAG_PX = 34  # read across the hall, as the words beside it: larger than the carousel's tag at arm's length
HEADLINE_PX = 120  # the title card's 获批国家级新区11周年


def _set_role(label: QLabel, role: str) -> None:
    if label.property("role") != role:
        label.setProperty("role", role)
        label.style().unpolish(label)
        label.style().polish(label)


def _text_width(label: QLabel) -> int:
    label.ensurePolished()
    return label.fontMetrics().horizontalAdvance(label.text()) + 2


def _label_height(label: QLabel, width: int) -> int:
    label.ensurePolished()
    return label.heightForWidth(width) if label.wordWrap() else label.sizeHint().height()


def pillar_line(names: tuple[str, ...], colours: Palette) -> str:
    """The pillars, each in its page's accent: a line breaks only between two names, after the dot."""
    spans = [f'<span style="color: {accent(i + 1, colours)};">{escape(n).replace(" ", "&nbsp;")}</span>' for i, n in enumerate(names)]
    return "&nbsp;&nbsp;· ".join(spans)


class SceneWords:
    """The view's labels (its children) and their places for the scene shown."""

    def __init__(self, view: QWidget, colours: Palette) -> None:
        self._view = view
        self.colours = colours
        self.band = QRect()  # under a photo's words (empty otherwise)
        self.card = QRect()  # under the exhibit's name over a photo (empty otherwise)
        self._caption = ("", "")  # what a figure counts and when, or a photo's caption
        self._pillars: tuple[str, ...] = ()  # the title card's
        self.place_label = role_label("headline", view)
        self.occasion_label = role_label("headline", view)
        self.tag_label = role_label("tag", view, wrap=False)
        self.tag_label.hide()
        self.words = QWidget(view)  # what fades in with a new scene
        self.title_label = role_label("title", self.words)
        self.headline_label = role_label("hero", self.words)
        self.figure_label = FitLabel("attract-figure", colours.gold, self.words, align=Qt.AlignmentFlag.AlignHCenter)
        self.caption_label = role_label("attract-caption", self.words)
        self.pillars_label = role_label("headline", self.words)
        self.pillars_label.setTextFormat(Qt.TextFormat.RichText)  # each pillar in its colour; names escaped
        layout = QVBoxLayout(self.words)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for widget in (self.title_label, self.headline_label, self.figure_label, self.caption_label, self.pillars_label):
            layout.addWidget(widget)
        self.call_box = QWidget(view)
        self.call_label = role_label("attract-call", self.call_box, wrap=False)
        calls = QVBoxLayout(self.call_box)
        calls.setContentsMargins(0, 0, 0, 0)
        calls.addWidget(self.call_label)

    def show(self, scene: Scene, lang: str, framing: Framing, formatter: NumberFormatter) -> None:
        """The scene's words in `lang`: a figure is the article's, whole (it never counts up)."""
        title = scene.is_title
        self.place_label.setText(framing.place)
        self.occasion_label.setText(framing.occasion)
        self.title_label.setText(framing.place if title else framing.kicker)
        self.headline_label.setText(framing.occasion if title else "")
        self.call_label.setText(formatter.words(lang).touch_to_explore)
        ind = scene.indicator
        self.figure_label.setText(formatter.indicator(ind, lang) if ind is not None else "")
        if ind is not None:
            self._caption = (ind.label.in_language(lang), formatter.period(ind.period, lang))
        else:
            self._caption = (scene.photo.caption.in_language(lang) if scene.photo is not None else framing.kicker, "")
        self._pillars = framing.pillars if title else ()
        for widget, shown in (
            (self.place_label, not title),
            (self.occasion_label, not title),
            (self.headline_label, title),
            (self.figure_label, ind is not None),
            (self.pillars_label, title),
        ):
            widget.setVisible(shown)
        self.recolour(scene)

    def recolour(self, scene: Scene | None) -> None:
        """The pillar's accent on its name; the exhibit's occasion in gold (the title card: its name in the
        text colour over the occasion in gold, its pillars each in its own colour)."""
        colours = self.colours
        self.figure_label.set_color(colours.gold)
        title = scene is None or scene.is_title
        self.title_label.setStyleSheet(f"color: {colours.text if title else accent(scene.page_index if scene else 0, colours)};")
        self.occasion_label.setStyleSheet(f"color: {colours.gold};")
        scale = scale_for(self._view.width(), self._view.height())
        self.headline_label.setStyleSheet(f"color: {colours.gold}; font-size: {round(HEADLINE_PX * scale)}px;")
        self.pillars_label.setText(pillar_line(self._pillars, colours))

    def card_radius(self) -> float:
        return CARD_RADIUS * scale_for(self._view.width(), self._view.height())

    def still_region(self) -> QRegion:
        """Where a photo's pan leaves the picture as the scene began (kiosk.ui.attract.photo_pan): the band
        and the inside of the corner card, under their scrims, so their words are never repainted by it.
        The card's rounded corners pan with the picture around them."""
        still = QRegion(self.band)
        if self.card.isValid():
            r = round(self.card_radius())
            still += QRegion(self.card.adjusted(r, 0, -r, 0)) + QRegion(self.card.adjusted(0, r, 0, -r))
        return still

    # --- places -----------------------------------------------------------------------------

    def arrange(self, scene: Scene | None, call_shown: bool) -> None:
        """The words placed for the scene at the view's size."""
        view = self._view
        if scene is None:
            return
        scale = scale_for(view.width(), view.height())
        margin = round(MARGIN * scale)
        photo = scene.photo is not None
        _set_role(self.title_label, "headline" if photo else "title")
        for label in (self.place_label, self.occasion_label):
            _set_role(label, "headline" if photo else "title")  # on a photo, a corner card: the picture first
        align = Qt.AlignmentFlag.AlignLeft if photo else Qt.AlignmentFlag.AlignHCenter
        for label in (self.title_label, self.caption_label, self.headline_label, self.pillars_label):
            label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.headline_label.setStyleSheet(f"color: {self.colours.gold}; font-size: {round(HEADLINE_PX * scale)}px;")
        layout = self.words.layout()
        assert layout is not None
        layout.setSpacing(round(WORDS_GAP * scale))
        self.pillars_label.setContentsMargins(0, round(GAP * scale / 2), 0, 0)  # the pillars: a line apart
        self._set_caption(view.width() - 2 * margin)
        top = self._place_exhibit(margin, scale, photo) if not scene.is_title else margin
        if photo:
            self._place_band(margin, scale, call_shown)
        else:
            self._place_middle(margin, top, call_shown)

    def _set_caption(self, width: int) -> None:
        """A figure's label and period on one line where they fit (the dot never starts a line), else
        each on its own line, so the period is never cut from its label mid-phrase."""
        label, period = self._caption
        self.caption_label.setText(f"{label}\u00a0· {period}" if period else label)
        if period and _text_width(self.caption_label) > width:
            self.caption_label.setText(f"{label}\n{period}")

    def _place_exhibit(self, margin: int, scale: float, photo: bool) -> int:
        """The exhibit's name on one line where it fits, else on two; beside the Illustration tag
        (top right), never under it. Returns the bottom of what it took."""
        view = self._view
        room = view.width() - 2 * margin
        if self.tag_label.isVisibleTo(view):
            self.tag_label.setStyleSheet(f"font-size: {round(TAG_PX * scale)}px; padding: {round(6 * scale)}px {round(20 * scale)}px;")
            tag = self.tag_label.sizeHint()
            self.tag_label.setGeometry(view.width() - margin - tag.width(), margin, tag.width(), tag.height())
            room -= tag.width() + round(GAP * scale)
        pad = round(CARD_PAD * scale) if photo else 0
        room -= 2 * pad
        x, y = margin + pad, margin + pad
        place_w, occasion_w = min(room, _text_width(self.place_label)), min(room, _text_width(self.occasion_label))
        place_h, occasion_h = _label_height(self.place_label, place_w), _label_height(self.occasion_label, occasion_w)
        space = round(GAP * scale / 2)
        self.place_label.setGeometry(x, y, place_w, place_h)
        if place_w + space + occasion_w <= room:  # one line
            self.occasion_label.setGeometry(x + place_w + space, y, occasion_w, occasion_h)
        else:
            self.occasion_label.setGeometry(x, y + place_h, occasion_w, occasion_h)
        shown = self.place_label.geometry().united(self.occasion_label.geometry())
        self.card = shown.adjusted(-pad, -pad, pad, pad) if photo else QRect()
        return shown.bottom() + 1 + pad

    def _place_middle(self, margin: int, top: int, call_shown: bool) -> None:
        view = self._view
        width = view.width() - 2 * margin
        bottom = view.height() - margin
        if call_shown:
            call_h = self.call_box.sizeHint().height()
            self.call_box.setGeometry(margin, bottom - call_h, width, call_h)
            self.call_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            bottom -= call_h
        height = self.words.heightForWidth(width)
        self.words.setGeometry(margin, top + max(0, (bottom - top - height) // 2), width, height)
        self.band = QRect()
        self.card = QRect()

    def _place_band(self, margin: int, scale: float, call_shown: bool) -> None:
        """Landscape: the words on the left of the band, the call on its right. Portrait: the call
        under the words. The band is only as tall as they need (at most a quarter of the height)."""
        view = self._view
        pad, foot, gap = round(BAND_PAD * scale), round(BAND_FOOT * scale), round(GAP * scale)
        width = view.width() - 2 * margin
        call_w, call_h = self.call_box.sizeHint().width(), self.call_box.sizeHint().height()
        beside = view.width() > view.height()
        words_w = width - (call_w + gap if call_shown and beside else 0)
        words_h = self.words.heightForWidth(words_w)
        below = call_h + gap // 2 if call_shown and not beside else 0
        inner = max(words_h + below, call_h if call_shown else 0)
        top = view.height() - foot - inner - pad
        self.band = QRect(0, top, view.width(), view.height() - top)
        self.words.setGeometry(margin, top + pad + (inner - below - words_h) // 2, words_w, words_h)
        if beside:
            self.call_box.setGeometry(margin + width - call_w, top + pad + (inner - call_h) // 2, call_w, call_h)
        else:
            self.call_box.setGeometry(margin, top + pad + words_h + gap // 2, width, call_h)
        self.call_label.setAlignment(Qt.AlignmentFlag.AlignRight if beside else Qt.AlignmentFlag.AlignLeft)
