"""The header a visitor reads first: the title and the controls beside it (larger text, reach mode,
language) each whole on screen and apart, each control saying what it does in words, in every
language, screen shape, theme and mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.theme import scale_for
from kiosk.ui.widgets.access_controls import AccessButton

MIN_CAPTION_PX = 24  # at 1080p


def _rect(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _parts(kiosk: Kiosk) -> dict[str, QWidget]:
    window = kiosk.window
    parts: dict[str, QWidget] = {"title": window.brand_label}
    if window.brand_sub_label.isVisible():
        parts["subtitle"] = window.brand_sub_label
    parts["larger text"] = window.access.large_text_button
    parts["reach"] = window.access.reach_button
    parts.update({f"language {code}": button for code, button in window.language_toggle.buttons.items()})
    return parts


def _check_header(kiosk: Kiosk, qapp: QApplication, where: str) -> None:
    window = kiosk.window
    gap = round(8 * scale_for(window.width(), window.height()))
    for page in (0, 1):
        kiosk.navigation.show_page(page)
        window.finish_transition()
        settle(qapp)
        parts = {name: _rect(window, widget) for name, widget in _parts(kiosk).items()}
        for name, rect in parts.items():
            assert window.rect().contains(rect), f"{where}, page {page}: {name} {rect} is cut off by the screen"
        names = list(parts)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if a.startswith("language") and b.startswith("language"):
                    continue  # the two halves of one pill touch by design
                assert not parts[a].adjusted(-gap, 0, gap, 0).intersects(parts[b]), (
                    f"{where}, page {page}: {a} {parts[a]} touches {b} {parts[b]}"
                )
        for button in (window.access.large_text_button, window.access.reach_button):
            assert button.width() >= button.sizeHint().width(), f"{where}: {button.caption!r} is cut"


@pytest.mark.parametrize(("width", "height"), [(1080, 1920), (1920, 1080)], ids=lambda v: str(v))
def test_the_header_lays_out_whole_and_apart(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    """Title and controls inside the screen and not touching, in both languages, with larger text in
    reach mode (the header above the tabs), and in high contrast. (4K is 1080p at twice the pixels.)"""
    window = kiosk.window
    window.resize(width, height)
    for mode in ("plain", "large-text+reach"):
        kiosk.navigation.set_large_text("large-text" in mode)
        kiosk.navigation.set_reach("reach" in mode)
        for lang in ("en", "zh"):
            kiosk.language.set_language(lang)
            _check_header(kiosk, qapp, f"{width}x{height} {lang} {mode}")
    if height > width:
        kiosk.settings.change("theme", "high_contrast", save=False)
        _check_header(kiosk, qapp, f"{width}x{height} high contrast")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_larger_text_and_reach_say_what_they_do_in_the_visitors_language(kiosk: Kiosk, qapp: QApplication, lang: str) -> None:
    window = kiosk.window
    kiosk.language.set_language(lang)
    settle(qapp)
    large, reach = window.access.large_text_button, window.access.reach_button
    assert isinstance(large, AccessButton) and isinstance(reach, AccessButton)
    expected = {"en": ("Larger text", "Lower controls", "Raise controls"), "zh": ("放大文字", "按钮下移", "按钮上移")}[lang]
    assert (large.caption, reach.caption) == expected[:2]
    for button in (large, reach):
        assert button.font().pixelSize() >= MIN_CAPTION_PX * scale_for(window.width(), window.height())
    reach.click()  # on: the same button now takes them back up
    assert kiosk.navigation.reach and reach.caption == expected[2]
    reach.click()
    assert not kiosk.navigation.reach and reach.caption == expected[1]


def test_the_reach_sign_turns_over_when_on(kiosk: Kiosk, qapp: QApplication) -> None:
    """Off: chevrons down onto a bar at the bottom; on: the bar at the top and chevrons up. The sign's
    ink sits low when off and high when on."""
    from PySide6.QtGui import QColor

    reach = kiosk.window.access.reach_button

    def ink_centre_y() -> float:
        image = reach.grab().toImage()
        line = reach._line()  # the sign's box: left of the caption
        left, right = round(reach._padding()), round(reach._padding() + line * 1.25)
        top, bottom = round((reach.height() - line) / 2), round((reach.height() + line) / 2)
        ink = reach.ink()
        rows = [y for y in range(top, bottom) for x in range(left, right) if _close(QColor(image.pixel(x, y)), ink)]
        assert rows, "no sign drawn"
        return sum(rows) / len(rows) - reach.height() / 2

    assert ink_centre_y() > 0  # low: down to the bar
    reach.setChecked(True)
    try:
        assert ink_centre_y() < 0
    finally:
        reach.setChecked(False)


def _close(a: object, b: object) -> bool:
    from PySide6.QtGui import QColor

    assert isinstance(a, QColor) and isinstance(b, QColor)
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


def test_a_second_kiosk_in_the_process_shows_its_own_language_and_theme_and_the_first_takes_its_back(
    kiosk: Kiosk, qapp: QApplication, own_home: Path
) -> None:
    """Qt's translators belong to the application: a kiosk built while another lives (the suite's shared
    kiosk, a preview) showed the other's language (issue 22: the suite depended on test order). Each
    keeps its own theme, and when the second goes the first has its language back by itself."""
    from kiosk.ui.theme import palette_for
    from tests.kiosks import build, shutdown

    kiosk.language.set_language("zh")
    settle(qapp)
    assert kiosk.window.access.large_text_button.caption == "放大文字"
    second = build(own_home, language="en", theme="high_contrast")
    try:
        settle(qapp)
        assert second.window.access.large_text_button.caption == "Larger text"
        assert second.window.colours == palette_for("high_contrast") and kiosk.window.colours == palette_for("standard")
        assert second.window.styleSheet() != kiosk.window.styleSheet()
    finally:
        shutdown(second)
    settle(qapp)
    assert kiosk.window.access.large_text_button.caption == "放大文字"  # no new visitor needed for it


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)], ids=lambda v: str(v))
def test_room_kept_for_a_mode_s_controls_scales_with_the_screen_and_survives_new_content(
    kiosk: Kiosk, qapp: QApplication, width: int, height: int
) -> None:
    """The pages and the tabs give up the room asked for (at 1080p design size), also after they are made anew."""
    window = kiosk.window
    window.resize(width, height)
    settle(qapp)
    full_pages, full_tabs = window.pages.geometry(), window.tab_bar.geometry()
    window.keep_room(QMargins(0, 0, 0, 50), QMargins(100, 0, 100, 0))
    try:
        scale = scale_for(width, height)
        for _ in range(2):
            settle(qapp)
            assert window.pages.height() == full_pages.height() - round(50 * scale)
            assert window.tab_bar.geometry() == full_tabs.adjusted(round(100 * scale), 0, -round(100 * scale), 0)
            kiosk.content.reload()  # new pages and tabs
    finally:
        window.keep_room(QMargins(), QMargins())
    settle(qapp)
    assert window.pages.geometry() == full_pages
