"""Larger text, reach mode, high contrast: what a visitor sees change, that a new visitor starts
without them, and that every theme's text meets WCAG 2.x contrast."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.core.settings import setting
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.theme import MINIMUM_CONTRAST, TEXT_PAIRS, THEMES, colour, contrast_ratio, stylesheet
from tests.kiosks import build, shutdown


def test_the_themes_are_the_settings_choices() -> None:
    assert set(THEMES) == set(setting("theme").choices or ())


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_text_pair_of_every_theme_meets_wcag_contrast(theme: str) -> None:
    colours = THEMES[theme]
    failing = []
    for foreground, background, size in TEXT_PAIRS:
        ratio = contrast_ratio(colour(colours, foreground), colour(colours, background))
        if ratio < MINIMUM_CONTRAST[size]:
            failing.append(f"{foreground} on {background}: {ratio:.2f} < {MINIMUM_CONTRAST[size]}")
    assert failing == []


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic "just fails"
    assert contrast_ratio("#000000", "#000000") == pytest.approx(1.0)
    assert colour(THEMES["standard"], "shade:255:#123456") == "#123456"  # opaque shade is the colour itself


def test_the_pairs_cover_every_colour_the_stylesheet_puts_text_in() -> None:
    """A colour added to the stylesheet's text without a pair here would escape the check."""
    for name, colours in THEMES.items():
        sheet = stylesheet(1.0, colours)
        listed = {colour(colours, fg).upper() for fg, _, _ in TEXT_PAIRS}
        used = {part.split(";")[0].strip().upper() for part in sheet.split(" color: ")[1:]}
        assert used <= listed, f"{name}: text colours without a contrast pair: {used - listed}"


def _font_px(label: object) -> int:
    from PySide6.QtWidgets import QLabel

    assert isinstance(label, QLabel)
    return label.fontInfo().pixelSize()


def test_large_text_grows_reading_text_and_resets_with_the_session(kiosk: Kiosk, qapp: QApplication) -> None:
    window = kiosk.window
    kiosk.navigation.show_page(1)
    settle(qapp)
    view = kiosk.pages.views[1]
    before = _font_px(view.summary_label)
    title_before = view.title_label.fontInfo().pixelSize()
    window.access.large_text_button.click()
    settle(qapp)
    assert _font_px(view.summary_label) >= round(before * 1.15)
    assert view.title_label.fontInfo().pixelSize() == title_before  # titles are large already
    assert kiosk.navigation.page == 1  # the visitor stays where they were
    kiosk.navigation.reset("zh")
    settle(qapp)
    assert _font_px(view.summary_label) == before
    assert not window.access.large_text_button.isChecked()


def test_reach_mode_brings_the_controls_into_the_lower_part_and_resets(kiosk: Kiosk, qapp: QApplication) -> None:
    window = kiosk.window
    kiosk.navigation.show_page(1)
    settle(qapp)
    panel = kiosk.pages.views[1].panel

    def lowest_top() -> int:
        controls = [*window.language_toggle.buttons.values(), window.access.large_text_button, window.access.reach_button]
        controls += panel.segments
        return min(c.mapTo(window, c.rect().topLeft()).y() for c in controls)

    assert lowest_top() < window.height() * 0.2  # normally at the top
    window.access.reach_button.click()
    settle(qapp)
    assert lowest_top() > window.height() * 0.3  # every control within the lower part of the screen
    kiosk.navigation.reset("zh")
    settle(qapp)
    assert lowest_top() < window.height() * 0.2
    assert not kiosk.navigation.reach


def test_high_contrast_theme_repaints_pages_in_its_colours(kiosk: Kiosk, qapp: QApplication) -> None:
    window = kiosk.window
    kiosk.navigation.show_page(2)
    settle(qapp)
    standard = window.grab().toImage().pixelColor(5, window.height() // 2).name()
    kiosk.settings.change("theme", "high_contrast", save=False)  # what the staff panel's button does
    settle(qapp)
    assert window.colours == THEMES["high_contrast"]
    assert window.grab().toImage().pixelColor(5, window.height() // 2).name() == "#000000"
    assert standard != "#000000"
    assert kiosk.navigation.page == 2  # the visitor stays on their page


def test_reduced_motion_from_the_staff_panel_stops_count_ups_pans_and_slides(qapp: QApplication, own_home: Path) -> None:
    kiosk = build(own_home, page_transition_ms=280)
    window, panel = kiosk.window, kiosk.staff.panel
    try:
        kiosk.navigation.show_page(1)
        assert window.turn.running  # slides by default
        window.finish_transition()
        panel.open_overlay()
        panel.rows["reduced_motion"].buttons[True].click()
        panel.close_overlay()
        assert kiosk.settings["reduced_motion"] is True
        kiosk.navigation.show_page(2)
        assert not window.turn.running  # no slide
        tile = kiosk.pages.views[2].key_tiles[0]
        final = kiosk.content.formatter.indicator(tile.indicator, kiosk.language.language)
        assert tile.value_label.text() == final  # no count-up: the final figure at once
        carousel = next(c for v in kiosk.pages.views for c in v.carousels)
        carousel.resize(800, 450)
        carousel.advance()
        assert carousel.offset == 0.0 and carousel.index == 1  # no slide between photos
        attract = kiosk.session.attract
        attract.start()
        assert not attract.pulse.running  # no pulsing call, no pan
        attract.stop()
    finally:
        shutdown(kiosk)


def test_large_text_reaches_the_small_text(kiosk: Kiosk, qapp: QApplication) -> None:
    """Tile labels, the grey period lines, name chips, chart labels and the source line: the small
    text, which needs it most (issue 23)."""
    kiosk.pages.build_charts()
    kiosk.navigation.show_page(2)
    settle(qapp)
    view = kiosk.pages.views[2]
    assert view.panel is not None and view.chart_slots and view.group_chips
    small = [view.key_tiles[0].caption_label, view.key_tiles[0].meta_label, view.source_label]

    def sizes() -> list[int]:
        chip = view.group_chips[0].chips[0]
        chip.ensurePolished()
        return [label.fontInfo().pixelSize() for label in small] + [chip.font().pixelSize()]

    before = sizes()
    chart_before = view.chart_slots[0].view.text_px if view.chart_slots[0].view is not None else (0, 0)
    kiosk.navigation.set_large_text(True)
    settle(qapp)
    try:
        assert all(after >= round(b * 1.15) for b, after in zip(before, sizes(), strict=True)), (before, sizes())
        chart = view.chart_slots[0].view
        assert chart is not None and chart.text_px[0] > chart_before[0]
    finally:
        kiosk.navigation.set_large_text(False)
        settle(qapp)
    assert sizes() == before
