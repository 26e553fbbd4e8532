"""The attract loop: across the hall, the key figures of each pillar alternate with photos in a slow
pan, under a gently pulsing call to touch (one pulse every 2.4 s, well under the 2-per-second
flash limit). Each scene speaks one of the content's languages, in turn, call included. Scenes are
reshuffled each round, never the same twice in a row, and reuse the same few widgets, so hours of it
cost no memory. The loop, and each round of it, opens with the title card: the exhibit's name, its tagline and its pillars.

Every other scene names the exhibit in its top corner (兰州新区 获批国家级新区11周年, from the content, as the
header gives it) and its pillar (强产业) above its figure or caption. A figure is shown whole, the
article's figure from the first frame: its words fade in, and nothing counts up, so no frame a passer-by
catches shows a number the article does not give. Over a photo the words sit on a band along the bottom
(at most a quarter of the height) and the exhibit's name on a small corner card: the picture is seen,
and artwork made for the kiosk keeps its Illustration tag in the other corner, as in the carousel.
Scenes are still between their transitions: only the words' fade, the call's pulse and a photo's slow pan
repaint, each only its own part of the screen and at its own rate (kiosk.ui.attract.motion and
kiosk.ui.attract.photo_pan say which and why). The view paints all of itself, so nothing under it is
painted while it shows."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import Dataset
from kiosk.core.session import Mode
from kiosk.ui.attract.motion import FADE_MS, PULSE_MS, Pulse, SteadyOpacity, WordsFade
from kiosk.ui.attract.photo_pan import SCENE_MS, PhotoPan
from kiosk.ui.attract.scene_words import SceneWords
from kiosk.ui.attract.scenes import Scene, build_scenes, framing
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.photos.photo_loader import PhotoLoader, device_size, photo_key
from kiosk.ui.theme import accent, palette_for, scale_for

__all__ = ["FADE_MS", "PULSE_MS", "SCENE_MS", "AttractView", "Scene", "build_scenes"]

# The loop speaks every language whatever a visitor last chose (scene by scene), so its few words of its
# own (the call, the Illustration tag) come from each language's locale file, not the UI translator.
SCRIM_ALPHA = 238  # the band and the corner card: near the background colour, whatever the picture has there
BAND_SHARE = 0.25  # the band under a photo's words takes at most this much of the height


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
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills itself: the page under it is not painted
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
        self.text = text = SceneWords(self, self._colours)
        self.place_label, self.occasion_label, self.tag_label = text.place_label, text.occasion_label, text.tag_label
        self.words, self.title_label, self.figure_label = text.words, text.title_label, text.figure_label
        self.caption_label, self.call_box, self.call_label = text.caption_label, text.call_box, text.call_label

        self._fade_effect = SteadyOpacity(self.words)
        self.words.setGraphicsEffect(self._fade_effect)
        self.fade = WordsFade(self._fade_effect, self)  # the words of a new scene appear: opacity only, never their text
        self._pulse_effect = SteadyOpacity(self.call_box)
        self.call_box.setGraphicsEffect(self._pulse_effect)
        self.pulse = Pulse(self._pulse_effect, clock, self)
        self.pan = PhotoPan(self, clock, still=text.still_region)
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
        self._colours = self.text.colours = palette_for(str(name))
        self.text.recolour(self.scene)
        self._arrange()
        self.update()

    def _on_mode(self, mode: object) -> None:
        """Attract-only (an unattended display): touches do nothing, so nothing asks for one."""
        self.call_box.setVisible(mode != Mode.ATTRACT_ONLY)
        self._pulse_if_asked()
        self._arrange()

    def _on_still(self, value: object) -> None:
        self._still = still = bool(value)
        if still:
            self.pan.stop()
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
        self._queue, self.scene = [], None  # a new round: the loop opens with the title card, the exhibit's name first
        self.next_scene()
        self.timer.start()
        self._pulse_if_asked()

    def stop(self) -> None:
        self.timer.stop()
        self.pulse.stop()
        self.pan.stop()
        self.settle()
        self.hide()

    def settle(self) -> None:
        """The scene as it rests after its transition (snapshots, reduced motion, stopping)."""
        self.fade.finish()

    def _next_from_queue(self) -> Scene:
        if not self._queue:
            fresh = [s for s in self._scenes if not s.is_title]
            self._rng.shuffle(fresh)
            fresh = [s for s in self._scenes if s.is_title] + fresh  # each round opens with the title card
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
        self.text.show(scene, lang, framing(self._dataset, scene, lang), self._content.formatter)
        self.pan.stop()
        if scene.photo is not None:
            self.pan.start(moving=not self._still)
            self._loader.request(self._photo_path(), self._photo_size(), within=self._content.folder)
        self._show_tag()
        self.fade.begin(self._still)
        self.update()

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
        return self.pan.photo_size(device_size(self))

    # --- arranging --------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The words placed (a new scene, size, theme or mode): the fade's and the pulse's pictures of them go."""
        self.text.arrange(self.scene, not self.call_box.isHidden())
        self._fade_effect.forget()
        self._pulse_effect.forget()

    @property
    def band(self) -> QRect:
        """Under a photo's words (empty in a figure scene)."""
        return self.text.band

    @property
    def card(self) -> QRect:
        """Under the exhibit's name over a photo (empty in a figure scene)."""
        return self.text.card

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        deep = QColor(self._colours.background_deep)
        scene = self.scene
        image = self._loader.cached(self._photo_path(), self._photo_size()) if scene is not None and scene.photo is not None else None
        if image is None:
            painter.fillRect(event.rect(), deep)
        else:
            self.pan.paint(painter, image)
        if scene is None or scene.photo is None:
            painter.end()
            return
        scrim = QColor(deep.red(), deep.green(), deep.blue(), SCRIM_ALPHA)
        painter.fillRect(self.band, scrim)
        line = max(2, round(4 * scale_for(self.width(), self.height())))
        painter.fillRect(QRect(self.band.left(), self.band.top(), self.band.width(), line), QColor(accent(scene.page_index, self._colours)))
        if self.card.intersects(event.rect()):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(scrim)
            radius = self.text.card_radius()
            painter.drawRoundedRect(QRectF(self.card), radius, radius)
        painter.end()
