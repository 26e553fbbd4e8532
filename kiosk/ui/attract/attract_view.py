"""The attract loop: across the hall, the key figures of each pillar alternate with photos in a slow
pan-and-zoom, under a gently pulsing call to touch (one pulse every 2.4 s, well under the 2-per-second
flash limit). Each scene speaks one of the content's languages, in turn, call included. Scenes are
reshuffled each round, never the same twice in a row, and reuse the same few widgets, so hours of it
cost no memory.

Every scene names the exhibit in its top corner (兰州新区 获批国家级新区11周年, from the content, as the
header gives it) and its pillar (强产业) above its figure or caption. A figure is shown whole, the
article's figure from the first frame: its words fade in, and nothing counts up, so no frame a passer-by
catches shows a number the article does not give. Over a photo the words sit on a band along the bottom
(at most a quarter of the height) and the exhibit's name on a small corner card: the picture is seen,
and artwork made for the kiosk keeps its Illustration tag in the other corner, as in the carousel.
Scenes are still between their transitions: only the words' fade and a photo's slow pan repaint."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QEasingCurve, QRect, QRectF, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import Dataset
from kiosk.core.session import Mode
from kiosk.ui.attract.scenes import Scene, build_scenes, framing
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.photos.photo_loader import PhotoLoader, device_size, photo_key
from kiosk.ui.theme import accent, palette_for, scale_for
from kiosk.ui.widgets.fit_label import FitLabel
from kiosk.ui.widgets.labels import role_label

__all__ = ["AttractView", "Scene", "build_scenes"]

SCENE_MS = 7000
PULSE_MS = 2400  # one full pulse: 0.42 Hz
FADE_MS = 700  # a scene's words fade in; the figure in them is whole from the first frame
# The loop speaks every language whatever a visitor last chose (scene by scene), so its few words of its
# own (the call, the Illustration tag) come from each language's locale file, not the UI translator.
SCRIM_ALPHA = 238  # the band and the corner card: near the background colour, whatever the picture has there
BAND_SHARE = 0.25  # the band under a photo's words takes at most this much of the height
# At 1080p (scaled with the screen's short side, as the type is).
MARGIN = 72
BAND_PAD = 28
BAND_FOOT = 40  # below the band's words: the screen's edge is further off than the picture's
CARD_PAD = 18
GAP = 40
TAG_PX = 34


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


class AttractView(QWidget):
    """Follows the content (new scenes after a reload), the theme and reduced motion by itself."""

    def __init__(
        self,
        content: LiveContent,
        settings: LiveSettings,
        language: LanguageController,
        loader: PhotoLoader,
        *,
        parent: QWidget,
        seed: int = 2023,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setObjectName("Attract")
        self._content = content
        self._language = language
        self._loader = loader
        self._still = bool(settings["reduced_motion"])
        self._colours = palette_for(settings["theme"])
        self._rng = random.Random(seed)
        self._scenes = build_scenes(content.dataset)
        self._queue: list[Scene] = []
        self.scene: Scene | None = None
        self.scene_lang = language.language
        self.scenes_shown = 0
        self._caption: tuple[str, str] = ("", "")  # what a figure counts and when, or a photo's caption
        self.band = QRect()  # under a photo's words (empty in a figure scene)
        self.card = QRect()  # under the exhibit's name over a photo (empty in a figure scene)

        self.place_label = role_label("headline", self)
        self.occasion_label = role_label("headline", self)
        self.tag_label = role_label("tag", self, wrap=False)
        self.tag_label.hide()
        self.words = QWidget(self)  # the pillar, the figure and its label: they fade in together
        self.title_label = role_label("title", self.words)
        self.figure_label = FitLabel("attract-figure", self._colours.gold, self.words, align=Qt.AlignmentFlag.AlignHCenter)
        self.caption_label = role_label("attract-caption", self.words)
        words = QVBoxLayout(self.words)
        words.setContentsMargins(0, 0, 0, 0)
        words.setSpacing(10)
        for widget in (self.title_label, self.figure_label, self.caption_label):
            words.addWidget(widget)
        self.call_box = QWidget(self)
        self.call_label = role_label("attract-call", self.call_box, wrap=False)
        calls = QVBoxLayout(self.call_box)
        calls.setContentsMargins(0, 0, 0, 0)
        calls.addWidget(self.call_label)

        self._fade_effect = QGraphicsOpacityEffect(self.words)
        self.words.setGraphicsEffect(self._fade_effect)
        self.fade = QVariantAnimation(self)  # the words of a new scene appear: opacity only, never their text
        self.fade.setStartValue(0.0)
        self.fade.setEndValue(1.0)
        self.fade.setDuration(FADE_MS)
        self.fade.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.fade.valueChanged.connect(lambda v: self._fade_effect.setOpacity(float(v)))

        self._pulse_effect = QGraphicsOpacityEffect(self.call_box)
        self.call_box.setGraphicsEffect(self._pulse_effect)
        self.pulse = QVariantAnimation(self)
        self.pulse.setStartValue(0.45)
        self.pulse.setKeyValueAt(0.5, 1.0)
        self.pulse.setEndValue(0.45)
        self.pulse.setDuration(PULSE_MS)
        self.pulse.setLoopCount(-1)
        self.pulse.setEasingCurve(QEasingCurve.Type.InOutSine)
        self.pulse.valueChanged.connect(lambda v: self._pulse_effect.setOpacity(float(v)))

        self.ken_burns = QVariantAnimation(self)  # 0..1 across a photo scene: slow zoom and pan
        self.ken_burns.setStartValue(0.0)
        self.ken_burns.setEndValue(1.0)
        self.ken_burns.setDuration(SCENE_MS)
        self.ken_burns.valueChanged.connect(lambda _v: self.update())
        self.timer = QTimer(self)
        self.timer.setInterval(SCENE_MS)
        self.timer.timeout.connect(self.next_scene)
        loader.ready.connect(self._on_photo)  # bound methods: disconnected when this view is deleted
        loader.failed.connect(self._on_photo)
        content.changed.connect(self._on_content)
        settings.changed_signal("reduced_motion").connect(self._on_still)
        settings.changed_signal("theme").connect(self._on_theme)
        settings.changed_signal("mode").connect(self._on_mode)
        self._on_mode(settings["mode"])
        self.hide()

    @property
    def _dataset(self) -> Dataset:
        return self._content.dataset

    def _on_theme(self, name: object) -> None:
        self._colours = palette_for(str(name))
        self.figure_label.set_color(self._colours.gold)
        self._colour_words()
        self.update()

    def _on_mode(self, mode: object) -> None:
        """Attract-only (an unattended display): touches do nothing, so nothing asks for one."""
        self.call_box.setVisible(mode != Mode.ATTRACT_ONLY)
        self._pulse_if_asked()
        self._arrange()

    def _on_still(self, value: object) -> None:
        self._still = still = bool(value)
        if still:
            self._pulse_effect.setOpacity(1.0)
            self.settle()
        self._pulse_if_asked()

    def _pulse_if_asked(self) -> None:
        """The call pulses while the loop runs, it is shown, and motion is not reduced."""
        if self.running and not self._still and not self.call_box.isHidden():
            self.pulse.start()
        else:
            self.pulse.stop()

    def _on_photo(self, *_: object) -> None:
        if self.isVisible() and self.scene is not None and self.scene.photo is not None:
            self._show_tag()  # no Illustration tag over a photo that could not be shown
            self.update()  # a still loop (reduced motion) has no animation to paint the photo when it comes

    def _on_content(self) -> None:
        self._scenes = build_scenes(self._dataset)
        self._queue = []
        self.scene = None

    # --- running ----------------------------------------------------------------------------

    @property
    def scene_count(self) -> int:
        return len(self._scenes)

    @property
    def running(self) -> bool:
        return self.isVisible()

    def start(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.next_scene()
        self.timer.start()
        self._pulse_if_asked()

    def stop(self) -> None:
        self.timer.stop()
        self.pulse.stop()
        self.ken_burns.stop()
        self.settle()
        self.hide()

    def settle(self) -> None:
        """The scene as it rests after its transition (snapshots, reduced motion, stopping)."""
        self.fade.stop()
        self._fade_effect.setOpacity(1.0)

    def _next_from_queue(self) -> Scene:
        if not self._queue:
            fresh = self._scenes[:]
            self._rng.shuffle(fresh)
            if self.scene is not None and len(fresh) > 1 and fresh[0] == self.scene:
                fresh.append(fresh.pop(0))  # never the same scene twice in a row across rounds
            self._queue = fresh
        return self._queue.pop(0)

    def next_scene(self) -> None:
        if not self._scenes:
            return
        self.scenes_shown += 1
        codes = self._dataset.language_codes
        self.show_scene(self._next_from_queue(), codes[self.scenes_shown % len(codes)])  # languages alternate

    def show_scene(self, scene: Scene, lang: str) -> None:
        """One scene in one language (the loop's next, or any scene a test or a screenshot wants)."""
        self.scene, self.scene_lang = scene, lang
        words = framing(self._dataset, scene, lang)
        self.place_label.setText(words.place)
        self.occasion_label.setText(words.occasion)
        self.title_label.setText(words.kicker)
        self.call_label.setText(self._content.formatter.words(lang).touch_to_explore)
        self.ken_burns.stop()
        if scene.indicator is not None:
            ind = scene.indicator
            period = self._content.formatter.period(ind.period, lang)
            self.figure_label.setText(self._content.formatter.indicator(ind, lang))  # the article's figure, whole
            self._caption = (ind.label.in_language(lang), period)
        elif scene.photo is not None:
            self.figure_label.setText("")
            self._caption = (scene.photo.caption.in_language(lang), "")
            self._loader.request(self._photo_path(), self._photo_size(), within=self._content.folder)
            if not self._still:
                self.ken_burns.start()
        self.figure_label.setVisible(scene.indicator is not None)
        self._colour_words()
        self._show_tag()
        self._arrange()
        self._fade_in()
        self.update()

    def _fade_in(self) -> None:
        self.fade.stop()
        if self._still:
            self._fade_effect.setOpacity(1.0)
            return
        self._fade_effect.setOpacity(0.0)
        self.fade.start()

    def _colour_words(self) -> None:
        index = self.scene.page_index if self.scene is not None else 0
        self.title_label.setStyleSheet(f"color: {accent(index, self._colours)};")
        self.occasion_label.setStyleSheet(f"color: {self._colours.gold};")

    def _photo_path(self) -> Path:
        assert self.scene is not None and self.scene.photo is not None
        return self._content.folder / self.scene.photo.file

    def _show_tag(self) -> None:
        photo = self.scene.photo if self.scene is not None else None
        failed = photo is not None and photo_key(self._photo_path(), self._photo_size()) in self._loader.failures
        self.tag_label.setText(self._content.formatter.words(self.scene_lang).illustration)
        self.tag_label.setVisible(photo is not None and photo.illustration and not failed)
        self._arrange()

    def _photo_size(self) -> tuple[int, int]:
        return device_size(self)

    # --- arranging --------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Places the words for the scene: the exhibit's name in the top corner, then a figure scene's
        words in the middle with the call below, or a photo scene's words and call on the band."""
        if self.scene is None:
            return
        scale = scale_for(self.width(), self.height())
        margin = round(MARGIN * scale)
        photo = self.scene.photo is not None
        _set_role(self.title_label, "headline" if photo else "title")
        for label in (self.place_label, self.occasion_label):
            _set_role(label, "headline" if photo else "title")  # on a photo, a corner card: the picture first
        align = Qt.AlignmentFlag.AlignLeft if photo else Qt.AlignmentFlag.AlignHCenter
        for label in (self.title_label, self.caption_label):
            label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        top = self._place_exhibit(margin, scale, photo)
        self._set_caption(self.width() - 2 * margin)
        if photo:
            self._place_band(margin, scale)
        else:
            self._place_figure(margin, top)

    def _place_exhibit(self, margin: int, scale: float, photo: bool) -> int:
        """The exhibit's name on one line where it fits, else on two; beside the Illustration tag
        (top right), never under it. Returns the bottom of what it took."""
        room = self.width() - 2 * margin
        if self.tag_label.isVisibleTo(self):
            # Read across the hall, as the words beside it: larger than the carousel's tag at arm's length.
            self.tag_label.setStyleSheet(f"font-size: {round(TAG_PX * scale)}px; padding: {round(6 * scale)}px {round(20 * scale)}px;")
            tag = self.tag_label.sizeHint()
            self.tag_label.setGeometry(self.width() - margin - tag.width(), margin, tag.width(), tag.height())
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

    def _set_caption(self, width: int) -> None:
        """A figure's label and period on one line where they fit (the dot never starts a line), else
        each on its own line, so the period is never cut from its label mid-phrase."""
        label, period = self._caption
        one_line = f"{label}\u00a0· {period}" if period else label
        self.caption_label.setText(one_line)
        if period and _text_width(self.caption_label) > width:
            self.caption_label.setText(f"{label}\n{period}")

    def _place_figure(self, margin: int, top: int) -> None:
        width = self.width() - 2 * margin
        bottom = self.height() - margin
        if not self.call_box.isHidden():
            call_h = self.call_box.sizeHint().height()
            self.call_box.setGeometry(margin, bottom - call_h, width, call_h)
            self.call_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            bottom -= call_h
        height = self.words.heightForWidth(width)
        self.words.setGeometry(margin, top + max(0, (bottom - top - height) // 2), width, height)
        self.band = QRect()

    def _place_band(self, margin: int, scale: float) -> None:
        """Landscape: the words on the left of the band, the call on its right. Portrait: the call
        under the words. The band is only as tall as they need (at most a quarter of the height)."""
        pad, foot, gap = round(BAND_PAD * scale), round(BAND_FOOT * scale), round(GAP * scale)
        width = self.width() - 2 * margin
        call = not self.call_box.isHidden()
        call_w, call_h = self.call_box.sizeHint().width(), self.call_box.sizeHint().height()
        beside = self.width() > self.height()
        words_w = width - (call_w + gap if call and beside else 0)
        words_h = self.words.heightForWidth(words_w)
        below = call_h + gap // 2 if call and not beside else 0
        inner = max(words_h + below, call_h if call else 0)
        top = self.height() - foot - inner - pad
        self.band = QRect(0, top, self.width(), self.height() - top)
        self.words.setGeometry(margin, top + pad + (inner - below - words_h) // 2, words_w, words_h)
        if beside:
            self.call_box.setGeometry(margin + width - call_w, top + pad + (inner - call_h) // 2, call_w, call_h)
        else:
            self.call_box.setGeometry(margin, top + pad + words_h + gap // 2, width, call_h)
        self.call_label.setAlignment(Qt.AlignmentFlag.AlignRight if beside else Qt.AlignmentFlag.AlignLeft)

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = QRectF(self.rect())
        deep = QColor(self._colours.background_deep)
        painter.fillRect(rect, deep)
        scene = self.scene
        if scene is None or scene.photo is None:
            painter.end()
            return
        image = self._loader.cached(self._photo_path(), self._photo_size())
        if image is not None:
            t = float(self.ken_burns.currentValue() or 0.0) if not self._still else 0.0
            zoom = 1.0 + 0.12 * t
            w, h = rect.width() * zoom, rect.height() * zoom
            dx = (w - rect.width()) * (0.2 + 0.6 * t)  # drift across while zooming in
            dy = (h - rect.height()) * 0.5
            painter.drawImage(QRectF(-dx, -dy, w, h), image)
        scrim = QColor(deep.red(), deep.green(), deep.blue(), SCRIM_ALPHA)
        painter.fillRect(self.band, scrim)
        line = max(2, round(4 * scale_for(self.width(), self.height())))
        painter.fillRect(QRect(self.band.left(), self.band.top(), self.band.width(), line), QColor(accent(scene.page_index, self._colours)))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(scrim)
        radius = 16 * scale_for(self.width(), self.height())
        painter.drawRoundedRect(QRectF(self.card), radius, radius)
        painter.end()
