"""The attract loop: across the hall, big animated figures of each pillar alternate with photos in a
slow pan-and-zoom, under a gently pulsing call to touch (one pulse every 2.4 s, well under the
2-per-second flash limit). Each scene speaks one of the content's languages, in turn, call included.
Scenes are reshuffled each round, never the same twice in a row, and reuse the same few widgets, so
hours of it cost no memory.

Over a photo, the words sit low on a dark gradient (legible over any picture, the picture's upper part
left clear), and artwork made for the kiosk keeps its Illustration tag, as in the carousel."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QVBoxLayout, QWidget

from kiosk.core.content.model import Dataset, Indicator, Page, Photo
from kiosk.core.session import Mode
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.photos.photo_loader import PhotoLoader, device_size, photo_key
from kiosk.ui.replay import Replay
from kiosk.ui.theme import accent, palette_for
from kiosk.ui.widgets.fit_label import FitLabel
from kiosk.ui.widgets.labels import role_label

SCENE_MS = 7000
PULSE_MS = 2400  # one full pulse: 0.42 Hz
# The loop speaks every language whatever a visitor last chose (scene by scene), so its few words of its
# own (the call, the Illustration tag) come from each language's locale file, not the UI translator.
VEIL_ALPHA = 40  # over the whole photo: it stays a picture
SCRIM_ALPHA = 238  # under the words: near the background colour, whatever the picture has there
SCRIM_FADE = 220  # px of soft edge above the words


@dataclass(frozen=True)
class Scene:
    page_index: int
    page: Page
    indicator: Indicator | None = None
    photo: Photo | None = None


def album_pages(dataset: Dataset) -> dict[str, int]:
    """The page each album is labelled with: the first pillar that shows it, the overview only for an
    album no pillar has (the overview borrows Dolphin Park from 强民生 / Better Livelihoods)."""
    pages = list(enumerate(dataset.pages))
    owners: dict[str, int] = {}
    for index, page in [*pages[1:], pages[0]]:
        for album_id in page.albums:
            owners.setdefault(album_id, index)
    return owners


def build_scenes(dataset: Dataset) -> list[Scene]:
    """Every key figure of every page, and every photo once, under the page its album belongs to."""
    pages = dataset.pages
    scenes = []
    for index, page in enumerate(pages):
        scenes += [Scene(index, page, indicator=dataset.indicator(i)) for i in page.key_figures]
    for album_id, index in album_pages(dataset).items():
        scenes += [Scene(index, pages[index], photo=p) for p in dataset.album(album_id).photos]
    return scenes


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

        self.tag_label = role_label("tag", self, wrap=False)
        self.tag_label.hide()
        self.title_label = role_label("title", self)
        self.figure_label = FitLabel("attract-figure", self._colours.gold, self, align=Qt.AlignmentFlag.AlignHCenter)
        self.caption_label = role_label("attract-caption", self)
        self.call_label = role_label("attract-call", self, wrap=False)
        for label in (self.call_label, self.title_label, self.caption_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 90, 120, 70)
        layout.setSpacing(10)
        layout.addWidget(self.tag_label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.figure_label)
        layout.addWidget(self.caption_label)
        layout.addStretch(3)
        layout.addSpacing(30)
        self._layout = layout
        self.call_box = QWidget(self)
        calls = QVBoxLayout(self.call_box)
        calls.setContentsMargins(0, 0, 0, 0)
        calls.addWidget(self.call_label)
        layout.addWidget(self.call_box)

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

        self.count_up = Replay(0 if self._still else 1800, self)
        self.count_up.add(self._set_figure_progress)
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
        self.update()

    def _on_mode(self, mode: object) -> None:
        """Attract-only (an unattended display): touches do nothing, so nothing asks for one."""
        self.call_box.setVisible(mode != Mode.ATTRACT_ONLY)
        self._pulse_if_asked()

    def _on_still(self, value: object) -> None:
        self._still = still = bool(value)
        self.count_up.duration_ms = 0 if still else 1800
        if still:
            self._pulse_effect.setOpacity(1.0)
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
        self.count_up.finish()
        self.hide()

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
        photo_scene = scene.photo is not None
        self._layout.setStretch(1, 4 if photo_scene else 2)  # over a photo the words sit low, on the scrim
        self._layout.setStretch(5, 0 if photo_scene else 3)
        self.call_label.setText(self._content.formatter.words(lang).touch_to_explore)
        self.title_label.setText(scene.page.title.in_language(lang))
        self.title_label.setStyleSheet(f"color: {accent(scene.page_index, self._colours)};")
        if scene.indicator is not None:
            ind = scene.indicator
            self.figure_label.show()
            period = self._content.formatter.period(ind.period, lang)
            self.caption_label.setText(f"{ind.label.in_language(lang)}\u00a0· {period}")  # the dot never starts a line
            self.ken_burns.stop()
            self.count_up.play()
        elif scene.photo is not None:
            self.figure_label.hide()
            self.caption_label.setText(scene.photo.caption.in_language(lang))
            self._loader.request(self._photo_path(), self._photo_size(), within=self._content.folder)
            self.ken_burns.stop()
            if not self._still:
                self.ken_burns.start()
        self._show_tag()
        self.update()

    def _photo_path(self) -> Path:
        assert self.scene is not None and self.scene.photo is not None
        return self._content.folder / self.scene.photo.file

    def _show_tag(self) -> None:
        photo = self.scene.photo if self.scene is not None else None
        failed = photo is not None and photo_key(self._photo_path(), self._photo_size()) in self._loader.failures
        self.tag_label.setText(self._content.formatter.words(self.scene_lang).illustration)
        self.tag_label.setVisible(photo is not None and photo.illustration and not failed)

    def _photo_size(self) -> tuple[int, int]:
        return device_size(self)

    def _set_figure_progress(self, progress: float) -> None:
        if self.scene is None or self.scene.indicator is None:
            return
        ind = self.scene.indicator
        value = None if progress >= 1 else ind.value * progress
        self.figure_label.setText(self._content.formatter.indicator(ind, self.scene_lang, value=value))

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = QRectF(self.rect())
        painter.fillRect(rect, QColor(self._colours.background_deep))
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
        deep = QColor(self._colours.background_deep)
        painter.fillRect(rect, QColor(deep.red(), deep.green(), deep.blue(), VEIL_ALPHA))
        # The scrim: clear above the words, then near-solid under the title, caption and call.
        words_top = min(words.geometry().top() for words in (self.title_label, self.caption_label, self.call_box))
        solid_from = max(0.0, words_top - 24.0)
        fade_from = max(0.0, solid_from - SCRIM_FADE)
        scrim = QLinearGradient(0, fade_from, 0, rect.height())
        span = max(1.0, rect.height() - fade_from)
        scrim.setColorAt(0, QColor(deep.red(), deep.green(), deep.blue(), 0))
        scrim.setColorAt(min(1.0, (solid_from - fade_from) / span), QColor(deep.red(), deep.green(), deep.blue(), SCRIM_ALPHA))
        scrim.setColorAt(1, QColor(deep.red(), deep.green(), deep.blue(), SCRIM_ALPHA))
        painter.fillRect(QRectF(0, fade_from, rect.width(), rect.height() - fade_from), scrim)
        painter.end()
