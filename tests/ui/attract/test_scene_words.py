"""Where an attract scene's words go, on a bare widget styled as the window styles it: a photo's words on a
band of at most a quarter of the height, with or without the call, at the three screen sizes; a figure's
period on its own line where it does not fit beside its label; the title card's pillars escaped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.core.content.loader import LoadResult, load_content
from kiosk.ui.attract.scene_words import SceneWords, pillar_line
from kiosk.ui.attract.scenes import build_scenes, framing
from kiosk.ui.theme import palette_for, scale_for, stylesheet

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920)]


@pytest.fixture(scope="module")
def content() -> LoadResult:
    return load_content(resources.bundled_content_dir())


@pytest.fixture
def stage(qtbot: QtBot) -> Iterator[tuple[QWidget, SceneWords]]:
    view = QWidget()
    qtbot.addWidget(view)
    yield view, SceneWords(view, palette_for("standard"))


def _sized(view: QWidget, width: int, height: int) -> None:
    view.resize(width, height)
    view.setStyleSheet(stylesheet(scale_for(width, height), palette_for("standard")))


@pytest.mark.parametrize("call", [True, False])
def test_a_photos_words_take_at_most_a_quarter_of_the_height(content: LoadResult, stage: tuple[QWidget, SceneWords], call: bool) -> None:
    view, words = stage
    assert content.dataset is not None and content.formatter is not None
    photos = [s for s in build_scenes(content.dataset) if s.photo is not None]
    for width, height in SIZES:
        _sized(view, width, height)
        for scene in photos:
            for lang in ("zh", "en"):
                words.show(scene, lang, framing(content.dataset, scene, lang), content.formatter)
                words.call_box.setVisible(call)
                words.arrange(scene, call)
                band = words.band
                assert 0 < band.height() <= 0.25 * height and band.bottom() == height - 1, (width, height, lang)
                assert band.contains(words.words.geometry())
                assert not call or band.contains(words.call_box.geometry())
                assert not words.card.intersects(band)


def test_a_figures_period_goes_under_its_label_where_both_do_not_fit_one_line(
    content: LoadResult, stage: tuple[QWidget, SceneWords]
) -> None:
    view, words = stage
    assert content.dataset is not None and content.formatter is not None
    scene = next(s for s in build_scenes(content.dataset) if s.indicator is not None and s.indicator.id == "leading-years")
    for (width, height), expected in (((1920, 1080), "among the top national new areas\u00a0· 2023"), ((1080, 1920), None)):
        _sized(view, width, height)
        words.show(scene, "en", framing(content.dataset, scene, "en"), content.formatter)
        words.arrange(scene, True)
        text = words.caption_label.text()
        if expected is not None:
            assert text == expected
        else:
            assert text == "among the top national new areas\n2023"  # at 1080 px wide the pair does not fit


def test_pillar_names_are_escaped_and_break_only_between_names() -> None:
    line = pillar_line(("A <b> & C", "Stronger Together"), palette_for("standard"))
    assert "&lt;b&gt;" in line and "&amp;" in line and "<b>" not in line
    assert "Stronger&nbsp;Together" in line  # a name never breaks inside
    assert line.count("· ") == 1 and "&nbsp;&nbsp;· " in line  # the dot never starts a line
