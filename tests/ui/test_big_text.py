"""Large text from cached glyph pictures looks as Qt draws it: same place, same shapes."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from kiosk.ui import big_text
from kiosk.ui.theme import FONT_FAMILY


def _drawn(px: int, cached: bool, ratio: float = 1.0) -> QImage:
    image = QImage(round(1500 * ratio), round(260 * ratio), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("#15294A"))
    font = QFont(FONT_FAMILY)
    font.setPixelSize(px)
    font.setBold(True)
    painter = QPainter(image)
    if cached:
        big_text.draw_text(painter, QPointF(20.4, 200.0), "850亿元 CNY 85 billion", font, QColor("#F2C45A"))
    else:
        painter.setFont(font)
        painter.setPen(QColor("#F2C45A"))
        painter.drawText(QPointF(20.4, 200.0), "850亿元 CNY 85 billion")
    painter.end()
    return image


def _differing(a: QImage, b: QImage) -> tuple[float, int]:
    """Share of the text's pixels that differ by more than a quarter of full scale, and how many
    text pixels there are."""
    background = QColor("#15294A").rgb()
    ink = strong = 0
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            if pa == background and pb == background:
                continue
            ink += 1
            if max(abs(((pa >> s) & 255) - ((pb >> s) & 255)) for s in (0, 8, 16)) > 64:
                strong += 1
    return strong / max(1, ink), ink


def _bias(a: QImage, b: QImage) -> float:
    """How much brighter `a` is than `b` where there is text, on average (channel levels)."""
    background = QColor("#15294A").rgb()
    total = count = 0.0
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            if pa != background or pb != background:
                count += 1
                total += sum(((pa >> s) & 255) - ((pb >> s) & 255) for s in (0, 8, 16)) / 3
    return total / max(1.0, count)


def test_large_text_is_drawn_where_and_as_qt_draws_it(qapp: QApplication) -> None:
    for px, ratio in ((160, 1.0), (96, 1.0), (80, 1.5)):
        cached, qt = _drawn(px, cached=True, ratio=ratio), _drawn(px, cached=False, ratio=ratio)
        share, ink = _differing(cached, qt)
        assert ink > 2000, (px, ratio)  # there is text to compare
        assert share < 0.08, (px, ratio, share)  # edges may round differently; a shift or a wrong glyph would not pass
        assert abs(_bias(cached, qt)) < 1.0, (px, ratio)  # nor edges darker or lighter (measured: 0.2; premultiplied twice: -2.3)


def test_text_qt_caches_itself_is_left_to_qt(qapp: QApplication) -> None:
    assert _drawn(40, cached=True) == _drawn(40, cached=False)


def test_the_glyph_cache_is_bounded(qapp: QApplication, monkeypatch) -> None:
    monkeypatch.setattr(big_text, "CACHE_BYTES", 200_000)
    big_text._glyphs.clear()
    for px in range(100, 140, 4):
        _drawn(px, cached=True)
        assert big_text._bytes <= 200_000 + 200 * 200 * 4  # at most one glyph over before it empties
