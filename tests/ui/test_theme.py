"""The theme promises readable text on every ground in both palettes (each pair in TEXT_PAIRS meets
WCAG 2.x contrast for its size), a layout that scales with the short side of the screen, accents that
cycle for added pages, and a visitor's larger text that grows what is read, not figures or buttons."""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.theme import (
    MINIMUM_CONTRAST,
    READING_ROLES,
    TEXT_PAIRS,
    THEMES,
    TYPE_SCALE,
    Palette,
    accent,
    colour,
    contrast_ratio,
    palette_for,
    scale_for,
    stylesheet,
)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_text_on_its_ground_meets_wcag_contrast(theme: str) -> None:
    p = THEMES[theme]
    too_faint = [
        (fg, bg, round(ratio, 2))
        for fg, bg, size in TEXT_PAIRS
        if (ratio := contrast_ratio(colour(p, fg), colour(p, bg))) < MINIMUM_CONTRAST[size]
    ]
    assert too_faint == []


def test_contrast_ratio_is_wcags() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)  # either way round
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


def test_colours_are_named_given_as_accents_or_shaded_over_white() -> None:
    p = Palette()
    assert colour(p, "text") == p.text
    assert colour(p, "#123456") == "#123456"
    assert colour(p, "accent2") == p.accents[2]
    assert colour(p, "shade:255:#000000") == "#000000"
    assert colour(p, "shade:0:#000000") == "#FFFFFF"
    assert colour(p, "shade:128:#000000") == "#7F7F7F"
    assert colour(p, "shade:255:background") == p.background.upper()


def test_an_unknown_theme_falls_back_to_the_standard_one() -> None:
    assert palette_for("high_contrast") is THEMES["high_contrast"]
    assert palette_for("no-such-theme") is THEMES["standard"]


def test_the_layout_scales_with_the_short_side_and_never_below_half() -> None:
    assert scale_for(1920, 1080) == 1.0
    assert scale_for(3840, 2160) == 2.0
    assert scale_for(1080, 1920) == 1.0  # a portrait panel keeps the same type size
    assert scale_for(320, 240) == 0.5


def test_accents_cycle_so_added_pages_get_one_too() -> None:
    p = Palette()
    n = len(p.accents)
    assert [accent(i, p) for i in range(n)] == list(p.accents)
    assert accent(n + 1, p) == p.accents[1]


def _font_px(sheet: str, selector: str) -> int:
    match = re.search(re.escape(selector) + r" \{ font-size: (\d+)px", sheet)
    assert match, selector
    return int(match.group(1))


def test_larger_text_grows_what_is_read_and_not_figures_or_buttons() -> None:
    """Every text a visitor reads grows, the small ones included (tile labels, the grey period and
    source lines, chips, captions: issue 23); figures, titles and buttons are large already."""
    normal, larger = stylesheet(1.0, Palette()), stylesheet(1.0, Palette(), text_scale=1.2)
    assert _font_px(normal, 'QLabel[role="body"]') == TYPE_SCALE["body"]
    for role in ("body", "highlight", "tagline", "figure-label", "meta", "group-title", "caption", "credit"):
        base = TYPE_SCALE[READING_ROLES[role]]
        assert _font_px(larger, f'QLabel[role="{role}"]') == round(base * 1.2), role
    assert _font_px(larger, 'QLabel[role="chip"], QLabel[role="chip-small"]') == round(TYPE_SCALE["label"] * 1.2)
    for fixed in ('QWidget[role="figure"]', 'QPushButton[role="language"]', 'QLabel[role="title"]', 'QPushButton[role="segment"]'):
        assert _font_px(larger, fixed) == _font_px(normal, fixed), fixed


def test_the_style_sheet_scales_and_takes_the_palettes_colours() -> None:
    sheet = stylesheet(2.0, THEMES["high_contrast"])
    assert _font_px(sheet, 'QWidget[role="figure"]') == 2 * TYPE_SCALE["display"]
    assert THEMES["high_contrast"].border in sheet
    assert THEMES["standard"].surface not in sheet


@pytest.mark.parametrize("theme", ["standard", "high_contrast"])
def test_a_staff_button_that_cannot_be_used_looks_it(theme: str, qtbot: QtBot) -> None:
    """Install with nothing to install, a step at its limit: greyed, on a flatter ground, with a dashed edge."""
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

    colours = palette_for(theme)
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.setStyleSheet(stylesheet(1.0, colours))
    row = QHBoxLayout(holder)
    buttons = []
    for enabled in (True, False):
        button = QPushButton("安装 Install", holder)
        button.setProperty("role", "staff-action")
        button.setEnabled(enabled)
        row.addWidget(button)
        buttons.append(button)
    holder.resize(900, 200)
    holder.show()
    qtbot.waitExposed(holder)
    usable, unusable = (b.grab().toImage() for b in buttons)
    inside = (12, usable.height() // 2)  # left of the words, inside the border
    assert usable.pixelColor(*inside).name() == colours.surface_raised.lower()
    assert unusable.pixelColor(*inside).name() == colours.surface.lower()
