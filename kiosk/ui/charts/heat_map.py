"""Where visitors touch: the tap grid drawn with pyqtgraph as a glow over a miniature of the screen.
Cells with no taps stay clear; the busiest cell is the brightest."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.charts.still_plot import StillPlot
from kiosk.ui.theme import Palette


def _heat_lookup() -> np.ndarray:
    """256 RGBA entries: transparent, then amber to red, more opaque as taps grow."""
    t = np.linspace(0.0, 1.0, 256)
    lut = np.zeros((256, 4), dtype=np.ubyte)
    lut[:, 0] = 255
    lut[:, 1] = (210 * (1 - t) + 40 * t).astype(np.ubyte)
    lut[:, 2] = (60 * (1 - t)).astype(np.ubyte)
    lut[:, 3] = np.where(t > 0, 90 + 150 * t, 0).astype(np.ubyte)
    return lut


class HeatMap(QWidget):
    colours_changed = Signal(object)  # the theme changed: the charts beside the map follow it

    def __init__(self, colours: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = colours
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.plot = StillPlot(colours.surface)
        view = self.plot.view_box
        view.setAspectLocked(True)
        view.invertY(True)  # row 0 is the top of the screen
        self.screen_item = pg.ImageItem(axisOrder="row-major")
        self.heat_item = pg.ImageItem(axisOrder="row-major")
        self.heat_item.setLookupTable(_heat_lookup())
        self.plot.addItem(self.screen_item)
        self.plot.addItem(self.heat_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.cells = np.zeros((1, 1))
        self.extent = (16.0, 9.0)  # the screen's shape (a portrait screen is taller than wide)

    def set_colours(self, colours: Palette) -> None:
        self.colours = colours
        self.plot.setBackground(colours.surface)
        self.colours_changed.emit(colours)

    def set_screen(self, image: QImage) -> None:
        """The miniature under the glow (a grab of the kiosk's home page, dimmed)."""
        rgb = image.convertToFormat(QImage.Format.Format_RGB888)
        width, height = rgb.width(), rgb.height()
        pixels = np.frombuffer(rgb.constBits(), dtype=np.ubyte, count=rgb.sizeInBytes())
        pixels = pixels.reshape(height, rgb.bytesPerLine())[:, : width * 3].reshape(height, width, 3)
        self.screen_item.setImage((pixels * 0.55).astype(np.ubyte), levels=(0, 255))
        self.extent = (16.0, 16.0 * height / width) if width > 0 else (16.0, 9.0)
        self._fit(self.screen_item)

    def set_counts(self, heat: list[list[int]]) -> None:
        """`heat`: rows of tap counts, top row first."""
        self.cells = np.array(heat, dtype=float)
        top = float(self.cells.max()) if self.cells.size else 0.0
        scaled = self.cells / top if top > 0 else self.cells
        self.heat_item.setImage(scaled, levels=(0.0, 1.0))
        self._fit(self.heat_item)

    def _fit(self, item: pg.ImageItem) -> None:
        """Taps are fractions of the window's width and height: the grid covers the miniature exactly."""
        width, height = self.extent
        item.setRect(QRectF(0, 0, width, height))
        self.plot.view_box.setRange(xRange=(0, width), yRange=(0, height), padding=0)
