"""Every page in every language at the three screen shapes we support, audited as a visitor would
look: no clipped text, no missing glyphs, no small targets. (The PNGs themselves are checked through
`kiosk snapshot` in tests/test_cli.py.)"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import resources
from kiosk.qa.drive import settle
from kiosk.qa.layout_audit import audit, audit_composition, audit_pages, audit_screens
from kiosk.ui.app import Kiosk

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920)]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_every_page_section_and_language_passes_the_audit(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    assert audit_pages(kiosk, width, height) == []


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_every_snapshot_screen_passes_the_audit(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    """What `kiosk snapshot` pictures (the screens that come and go too: attract loop, countdown, PIN
    pad, staff panel, visitor insight, closed, content from USB), audited as shown: nothing clipped,
    cut off by its holder or drawn over a screen that covers the page."""
    kiosk.pages.build_charts()
    assert audit_screens(kiosk, width, height) == []


@pytest.mark.parametrize("mode", ["large-text", "reach", "large-text+reach", "high-contrast"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=lambda v: str(v))
def test_accessibility_modes_pass_the_audit(kiosk: Kiosk, qapp: QApplication, mode: str, width: int, height: int) -> None:
    kiosk.pages.build_charts()
    kiosk.navigation.set_large_text("large-text" in mode)
    kiosk.navigation.set_reach("reach" in mode)
    if mode == "high-contrast":
        kiosk.settings.change("theme", "high_contrast", save=False)
    assert audit_pages(kiosk, width, height) == []


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_larger_text_passes_the_audit_at_every_size(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    """Larger text grows every text a visitor reads (issue 23): every page, section and language still
    fits at each of the three sizes."""
    kiosk.pages.build_charts()
    kiosk.navigation.set_large_text(True)
    assert audit_pages(kiosk, width, height) == []


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_panels_are_composed_at_every_size(kiosk: Kiosk, qapp: QApplication, width: int, height: int, large_text: bool) -> None:
    """No section of a panel leaves a band of empty card over MAX_EMPTY_BAND of its height (the overview
    included), in either language and text size (issue 23: panels two-thirds empty). That the measure
    finds content left at the top of its card: tests/qa/test_layout_audit.py."""
    kiosk.pages.build_charts()
    kiosk.navigation.set_large_text(large_text)
    assert audit_composition(kiosk, width, height) == []


def test_the_audit_finds_clipping_and_tofu(kiosk: Kiosk, qapp: QApplication) -> None:
    """The audit above must be able to fail."""
    view = kiosk.pages.views[1]
    kiosk.language.set_language("en")
    kiosk.navigation.show_page(1)
    settle(qapp)
    view.summary_label.setText("长" * 2000)
    view.title_label.setText("强产业 \U0001f680 \u0e01")  # an emoji and a Thai letter: not in the subset
    try:
        problems = "\n".join(map(str, audit(kiosk.window, 1.0, resources.fonts_dir())))
        assert "clipped" in problems
        assert "no glyph in the bundled font" in problems
        kiosk.window.brand_label.setText("兰州新区" * 40)  # a label that cannot wrap, far too wide
        walked = "\n".join(audit_pages(kiosk, 1920, 1080, pages=[1], languages=["en"]))  # the walk finds it too
        assert "cut off" in walked and "no glyph in the bundled font" in walked
    finally:
        view.retranslate()  # the page's own words again, for the tests that follow
        kiosk.window.retranslate()


def test_the_self_test_tells_a_blank_view_from_a_drawn_one(kiosk: Kiosk) -> None:
    from PySide6.QtGui import QColor, QPixmap

    from kiosk.qa.self_test import colour_count

    blank = QPixmap(1920, 1080)
    blank.fill(QColor("#0D1B2E"))
    assert colour_count(blank) == 1
    assert colour_count(kiosk.window.grab()) >= 200


def _inked(widget: QWidget) -> float:
    """Share of a widget's own picture (drawn on nothing) that is not transparent: its text."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    points = [(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)]
    return sum(image.pixelColor(x, y).alpha() > 128 for x, y in points) / max(1, len(points))


def test_large_text_is_drawn_at_4k(kiosk: Kiosk, qapp: QApplication) -> None:
    """At 3840x2160 the brand, page titles and key figures are 84-160 px. Qt leaves text that large
    out altogether when its glyph cache is set to take it (QT_MAX_CACHED_GLYPH_SIZE above about 80,
    Qt 6.11): every one of them must still be drawn."""
    window = kiosk.window
    window.resize(3840, 2160)
    kiosk.navigation.show_page(1)
    window.finish_transition()
    view = kiosk.pages.views[1]
    view.finish_animation()
    settle(qapp)
    for widget in (window.brand_label, view.title_label, view.key_tiles[0].value_label):
        assert widget.font().pixelSize() >= 84, widget
        assert _inked(widget) > 0.02, f"{widget.property('role')} text not drawn"
