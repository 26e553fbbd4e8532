"""Every page in every language at the three screen shapes we support: rendered to PNG, not blank,
and audited as a visitor would look: no clipped text, no missing glyphs, no small targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from kiosk import resources
from kiosk.qa.drive import settle
from kiosk.qa.layout_audit import audit
from kiosk.qa.snapshot import render_all
from kiosk.ui.app import Kiosk
from kiosk.ui.theme import scale_for

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920)]


def test_snapshot_pngs_are_complete_and_not_blank(kiosk: Kiosk, tmp_path: Path) -> None:
    paths = render_all(kiosk, tmp_path, 1920, 1080)
    assert len(paths) == 2 * (6 + 4 + 6)  # six pages, four accessibility views, six overlays, in two languages
    for path in paths:
        with Image.open(path) as image:
            assert image.size == (1920, 1080)
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
            assert colours is not None and len(colours) > 500, f"{path.name} looks blank"


def _audit_everything(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> list[str]:
    window = kiosk.window
    window.resize(width, height)
    settle(qapp)
    findings = []
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        settle(qapp)
        for index, view in enumerate(window.views):
            window.show_page(index)
            sections = view.panel.stack.count() if hasattr(view, "panel") else 1
            for section in range(max(1, sections)):
                if hasattr(view, "panel"):
                    view.panel.show_section(section)
                settle(qapp)
                findings += [
                    f"{lang} {view.page.id} section {section + 1}: {f}"
                    for f in audit(window, scale_for(width, height), resources.fonts_dir())
                ]
    return findings


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_every_page_section_and_language_passes_the_audit(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    assert _audit_everything(kiosk, qapp, width, height) == []


@pytest.mark.parametrize("mode", ["large-text", "reach", "large-text+reach", "high-contrast"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=lambda v: str(v))
def test_accessibility_modes_pass_the_audit(kiosk: Kiosk, qapp: QApplication, mode: str, width: int, height: int) -> None:
    window = kiosk.window
    window.build_charts()
    window.set_large_text("large-text" in mode)
    window.set_reach("reach" in mode)
    if mode == "high-contrast":
        kiosk.settings.change("theme", "high_contrast", save=False)
    assert _audit_everything(kiosk, qapp, width, height) == []


def test_the_audit_finds_clipping_and_tofu(kiosk: Kiosk, qapp: QApplication) -> None:
    """The audit above must be able to fail."""
    view = kiosk.window.views[1]
    kiosk.window.show_page(1)
    settle(qapp)
    view.summary_label.setText("长" * 2000)
    view.title_label.setText("强产业 \U0001f680 \u0e01")  # an emoji and a Thai letter: not in the subset
    settle(qapp)
    try:
        problems = "\n".join(map(str, audit(kiosk.window, 1.0, resources.fonts_dir())))
        assert "clipped" in problems
        assert "no glyph in the bundled font" in problems
    finally:
        view.retranslate()  # the page's own words again, for the tests that follow
