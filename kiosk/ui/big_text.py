"""Large text drawn from pictures of its glyphs, made once.

Qt's raster engine caches glyphs only up to 64 px; anything larger it fills as outlines on every
paint (raising the limit with QT_MAX_CACHED_GLYPH_SIZE makes Qt 6.11 draw nothing at all: see
tests/ui/test_snapshots.py). At 3840x2160 the key figures that count up are 120-160 px and the
chart values 68 px, so every frame of a count-up filled their outlines anew: 0.9 ms for one
160 px figure, against 0.05 ms from pictures of its glyphs. Text is shaped by Qt as usual
(QTextLayout); only the drawing of each shaped glyph is cached, at whole-pixel positions."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QRawFont, QTextLayout, QTransform

QT_CACHED_PX = 64  # Qt's own glyph cache takes text up to this size
CACHE_BYTES = 48 * 1024 * 1024  # all the glyphs the figures and charts use at 3840x2160 fit with room

_glyphs: dict[tuple[str, int, int], tuple[QImage, QPoint] | None] = {}
_bytes = 0


_ramps: dict[int, list[int]] = {}


def _ramp(colour: QColor) -> list[int]:
    """`colour` at each of 256 coverages (its alpha times the coverage), as a palette: Qt
    premultiplies it as it converts."""
    key = colour.rgba()
    if key not in _ramps:
        rgb = colour.rgba() & 0xFFFFFF
        _ramps[key] = [((coverage * colour.alpha() // 255) << 24) | rgb for coverage in range(256)]
    return _ramps[key]


def _glyph(raw: QRawFont, key: str, index: int, colour: QColor, ratio: float) -> tuple[QImage, QPoint] | None:
    """The glyph in `colour` over transparency, and where its picture's corner lies from its origin
    (device pixels; the picture says its device pixel ratio)."""
    global _bytes
    cache_key = (f"{key}|{ratio}", index, colour.rgba())
    if cache_key in _glyphs:
        return _glyphs[cache_key]
    mask = raw.alphaMapForGlyph(index, QRawFont.AntialiasingType.PixelAntialiasing)
    entry = None
    if not mask.isNull() and mask.width() > 0 and mask.height() > 0:
        # Coverage 0-255 read as palette indexes into the colour at each coverage: one conversion
        # in Qt (0.12 ms a glyph; tinting it with a painter took 2.3 ms).
        mask = mask.convertToFormat(QImage.Format.Format_Alpha8)
        mask.reinterpretAsFormat(QImage.Format.Format_Indexed8)
        mask.setColorTable(_ramp(colour))
        image = mask.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        box = raw.boundingRect(index)
        entry = (image, QPoint(round(box.x()), round(box.y())))
        _bytes += image.sizeInBytes()
    if _bytes > CACHE_BYTES:  # a new font size every few minutes would grow it without end
        _glyphs.clear()
        _bytes = 0
    _glyphs[cache_key] = entry
    return entry


def draw_text(painter: QPainter, baseline: QPointF, text: str, font: QFont, colour: QColor) -> None:
    """As `painter.drawText(baseline, text)` in `font` and `colour`, from cached glyphs when the
    text is larger on the screen than Qt caches itself (and not rotated or stretched)."""
    world = painter.combinedTransform()  # to device pixels (a high-DPI screen's scale included)
    scale = world.m11()
    plain = world.type().value <= QTransform.TransformationType.TxScale.value and abs(world.m22() - scale) < 1e-9 and scale > 0
    if not text or not plain or font.pixelSize() * scale <= QT_CACHED_PX:
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(baseline, text)
        return
    device_font = QFont(font)
    device_font.setPixelSize(round(font.pixelSize() * scale))
    layout = QTextLayout(text, device_font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    origin = world.map(baseline)  # in device pixels
    painter.save()
    painter.resetTransform()  # what remains is the screen's own scale: logical pixels to device pixels
    ratio = painter.combinedTransform().m11() or 1.0
    for run in layout.glyphRuns():
        raw = run.rawFont()
        key = f"{raw.familyName()}|{raw.styleName()}|{raw.pixelSize()}|{raw.weight()}"
        for index, position in zip(run.glyphIndexes(), run.positions(), strict=True):
            glyph = _glyph(raw, key, index, colour, ratio)
            if glyph is not None:
                image, corner = glyph
                x = round(origin.x() + position.x()) + corner.x()
                y = round(origin.y() + position.y() - line.ascent()) + corner.y()
                painter.drawImage(QPointF(x / ratio, y / ratio), image)
    painter.restore()
