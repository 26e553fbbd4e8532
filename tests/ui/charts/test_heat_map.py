"""The heat map promises where visitors touch as a glow over a miniature of the screen: cells with no
taps stay clear, the busiest cell is the brightest and reddest, the grid covers the miniature exactly
in the screen's own shape, and a theme change reaches the map and whoever follows it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.ui.charts.heat_map import HeatMap, _heat_lookup
from kiosk.ui.theme import THEMES


def _map(qtbot: QtBot) -> HeatMap:
    heat = HeatMap(THEMES["standard"])
    qtbot.addWidget(heat)
    return heat


def test_no_taps_are_clear_and_more_taps_glow_stronger_and_redder() -> None:
    lut = _heat_lookup()
    assert lut.shape == (256, 4)
    assert lut[0, 3] == 0  # a cell without taps shows the screen under it
    alpha, green = lut[1:, 3].astype(int), lut[1:, 1].astype(int)
    assert (np.diff(alpha) >= 0).all() and alpha[0] > 0 and alpha[-1] == 240
    assert (np.diff(green) <= 0).all()  # amber towards red
    assert tuple(lut[-1, :3]) == (255, 40, 0)


def test_the_busiest_cell_is_the_brightest(qtbot: QtBot) -> None:
    heat = _map(qtbot)
    heat.set_counts([[0, 2, 8], [4, 0, 1]])
    image = heat.heat_item.image
    assert image is not None
    assert image.max() == 1.0 and image[0, 2] == 1.0  # row 0 is the top of the screen
    assert image[1, 0] == pytest.approx(0.5) and image[0, 0] == 0.0
    assert heat.cells.tolist() == [[0, 2, 8], [4, 0, 1]]


def test_a_map_without_taps_stays_clear(qtbot: QtBot) -> None:
    heat = _map(qtbot)
    heat.set_counts([[0, 0], [0, 0]])
    image = heat.heat_item.image
    assert image is not None and not image.any()


@pytest.mark.parametrize(("width", "height"), [(480, 270), (270, 480)])
def test_the_grid_covers_the_dimmed_miniature_in_the_screens_shape(qtbot: QtBot, width: int, height: int) -> None:
    heat = _map(qtbot)
    screen = QImage(width, height, QImage.Format.Format_RGB32)
    screen.fill(QColor(200, 100, 0))
    heat.set_screen(screen)
    heat.set_counts([[1] * 16 for _ in range(9)])
    w, h = heat.extent
    assert w == 16.0 and h == pytest.approx(16.0 * height / width)
    for item in (heat.screen_item, heat.heat_item):
        rect = item.mapRectToParent(item.boundingRect())
        assert (rect.x(), rect.y(), rect.width(), rect.height()) == pytest.approx((0, 0, w, h))
    miniature = heat.screen_item.image
    assert miniature is not None and miniature.shape == (height, width, 3)
    assert tuple(miniature[0, 0]) == (110, 55, 0)  # dimmed to 55 %, so the glow stands out


def test_a_theme_change_reaches_the_map_and_its_followers(qtbot: QtBot) -> None:
    heat = _map(qtbot)
    contrast = THEMES["high_contrast"]
    with qtbot.waitSignal(heat.colours_changed) as changed:
        heat.set_colours(contrast)
    assert changed.args == [contrast] and heat.colours is contrast
    assert heat.plot.backgroundBrush().color() == QColor(contrast.surface)
