"""The attract loop: across the hall, big animated figures of each pillar alternate with photos in a
slow pan-and-zoom, under a gently pulsing 触摸屏幕 开始探索 / Touch to explore (one pulse every 2.4 s,
well under the 2-per-second flash limit). Scenes are reshuffled each round, never the same twice in a
row, and reuse the same few widgets, so hours of it cost no memory."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QVBoxLayout, QWidget

from kiosk.core.content.model import Dataset, Indicator, Page, Photo
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.photos.photo_loader import PhotoLoader, device_size
from kiosk.ui.replay import Replay
from kiosk.ui.theme import accent, palette_for
from kiosk.ui.widgets.fit_label import FitLabel
from kiosk.ui.widgets.labels import role_label

SCENE_MS = 7000
PULSE_MS = 2400  # one full pulse: 0.42 Hz


@dataclass(frozen=True)
class Scene:
    page_index: int
    page: Page
    indicator: Indicator | None = None
    photo: Photo | None = None


def build_scenes(dataset: Dataset) -> list[Scene]:
    scenes = []
    for index, page in enumerate(dataset.pages):
        scenes += [Scene(index, page, indicator=dataset.indicator(i)) for i in page.key_figures]
        for album_id in page.albums:
            scenes += [Scene(index, page, photo=p) for p in dataset.album(album_id).photos]
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

        self.title_label = role_label("title", self)
        self.figure_label = FitLabel("attract-figure", self._colours.gold, self, align=Qt.AlignmentFlag.AlignHCenter)
        self.caption_label = role_label("attract-caption", self)
        self.call_zh = role_label("attract-call", self, wrap=False)
        self.call_en = role_label("attract-call-small", self, wrap=False)
        for label in (self.call_zh, self.call_en, self.title_label, self.caption_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.call_zh.setText("触摸屏幕 开始探索")
        self.call_en.setText("Touch to explore")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 90, 120, 70)
        layout.setSpacing(10)
        layout.addStretch(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.figure_label)
        layout.addWidget(self.caption_label)
        layout.addStretch(3)
        self.call_box = QWidget(self)
        calls = QVBoxLayout(self.call_box)
        calls.setContentsMargins(0, 0, 0, 0)
        calls.addWidget(self.call_zh)
        calls.addWidget(self.call_en)
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
        content.changed.connect(self._on_content)
        settings.changed_signal("reduced_motion").connect(self._on_still)
        settings.changed_signal("theme").connect(self._on_theme)
        self.hide()

    @property
    def _dataset(self) -> Dataset:
        return self._content.dataset

    def _on_theme(self, name: object) -> None:
        self._colours = palette_for(str(name))
        self.figure_label.set_color(self._colours.gold)
        self.update()

    def _on_still(self, value: object) -> None:
        self._still = still = bool(value)
        self.count_up.duration_ms = 0 if still else 1800
        if still:
            self.pulse.stop()
            self._pulse_effect.setOpacity(1.0)
        elif self.running:
            self.pulse.start()

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
        if not self._still:
            self.pulse.start()

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
        self.scene = self._next_from_queue()
        self.scenes_shown += 1
        codes = self._dataset.language_codes
        self.scene_lang = codes[self.scenes_shown % len(codes)]  # alternate languages scene by scene
        scene, lang = self.scene, self.scene_lang
        self.title_label.setText(scene.page.title.in_language(lang))
        self.title_label.setStyleSheet(f"color: {accent(scene.page_index, self._colours)};")
        if scene.indicator is not None:
            ind = scene.indicator
            self.figure_label.show()
            period = self._content.formatter.period(ind.period, lang)
            self.caption_label.setText(f"{ind.label.in_language(lang)} · {period}")
            self.ken_burns.stop()
            self.count_up.play()
        elif scene.photo is not None:
            self.figure_label.hide()
            self.caption_label.setText(scene.photo.caption.in_language(lang))
            self._loader.request(self._content.folder / scene.photo.file, self._photo_size())
            self.ken_burns.stop()
            if not self._still:
                self.ken_burns.start()
        self.update()

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
        if scene is not None and scene.photo is not None:
            image = self._loader.cached(self._content.folder / scene.photo.file, self._photo_size())
            if image is not None:
                t = float(self.ken_burns.currentValue() or 0.0) if not self._still else 0.0
                zoom = 1.0 + 0.12 * t
                w, h = rect.width() * zoom, rect.height() * zoom
                dx = (w - rect.width()) * (0.2 + 0.6 * t)  # drift across while zooming in
                dy = (h - rect.height()) * 0.5
                painter.drawImage(QRectF(-dx, -dy, w, h), image)
        painter.fillRect(rect, QColor(4, 10, 20, 120))  # keep text legible over any photo
        painter.end()
