"""What the staff modes put on screen, judged by the layout audit: a mode's own controls (guided mode's
back and next, the maintenance diagnostics) never lie over what a page shows, and in attract-only mode
nothing asks a visitor for a touch that does nothing (kiosk.qa.layout_audit mode_covers, touch_calls)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMargins
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk import resources
from kiosk.qa.drive import settle
from kiosk.qa.layout_audit import audit, audit_attract, audit_pages, audit_screens, mode_covers, touch_calls
from kiosk.ui.app import Kiosk
from kiosk.ui.layers import Layer, Layers

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920)]


@pytest.fixture
def root(qapp: QApplication) -> Iterator[QWidget]:
    """A 'window' 800x600 that keeps its layers, as the kiosk's does."""
    widget = QWidget()
    widget.resize(800, 600)
    widget.layers = Layers(widget)  # type: ignore[attr-defined]
    yield widget
    widget.close()
    widget.deleteLater()


def _shown(root: QWidget) -> None:
    root.show()
    QApplication.processEvents()


def test_a_mode_control_over_page_text_is_found_and_one_in_its_own_room_is_not(root: QWidget) -> None:
    """Guided mode's back button over the "1" of "178个"."""
    page = QWidget(root)
    page.setGeometry(0, 0, 800, 500)  # (one as large as the window would be a screen over the page)
    QLabel("178个", page).setGeometry(100, 200, 300, 90)
    back = QPushButton("‹", root)
    root.layers.put(back, Layer.MODE)  # type: ignore[attr-defined]
    back.setGeometry(40, 180, 118, 118)
    _shown(root)
    problems = [str(f) for f in mode_covers(root)]
    assert any("'178个'" in p and "covered by the mode control QPushButton" in p and "58x90 px at (100, 200)" in p for p in problems), (
        problems
    )
    assert any(str(f) in problems for f in audit(root, 1.0, resources.fonts_dir()))  # part of every audit
    page.setGeometry(160, 0, 640, 500)  # the page keeps clear of the button's room
    assert mode_covers(root) == []


def test_a_mode_box_over_a_control_is_found_and_a_bare_background_is_not(root: QWidget) -> None:
    """The maintenance diagnostics over the language toggle; over empty page background it is fine."""
    header = QWidget(root)
    header.setGeometry(0, 0, 800, 120)
    QPushButton("English", header).setGeometry(600, 10, 160, 90)
    box = QLabel("MAINTENANCE", root)
    root.layers.put(box, Layer.MODE)  # type: ignore[attr-defined]
    box.setGeometry(500, 20, 280, 200)
    _shown(root)
    assert any("'English'" in str(f) and "QLabel" in str(f) for f in mode_covers(root))
    box.setGeometry(500, 300, 280, 200)
    assert mode_covers(root) == []


def test_a_screen_over_the_page_hides_the_mode_controls_too(root: QWidget) -> None:
    QLabel("178个", root).setGeometry(100, 200, 300, 90)
    back = QPushButton("‹", root)
    back.setGeometry(40, 180, 118, 118)
    root.layers.put(back, Layer.MODE)  # type: ignore[attr-defined]
    staff = QWidget(root)
    staff.setGeometry(root.rect())
    root.layers.put(staff, Layer.STAFF)  # type: ignore[attr-defined]
    _shown(root)
    assert mode_covers(root) == []


def test_a_call_to_touch_on_the_attract_loop_is_found_only_in_attract_only_mode(root: QWidget) -> None:
    loop = QWidget(root)
    loop.setGeometry(root.rect())
    root.layers.put(loop, Layer.ATTRACT)  # type: ignore[attr-defined]
    call = QLabel("触摸屏幕 开始探索", loop)
    call.setGeometry(100, 400, 600, 90)
    _shown(root)
    assert [f.problem for f in touch_calls(root, "attract_only")] == ["asks for a touch in attract-only mode, where touches do nothing"]
    assert touch_calls(root, "interactive") == []
    call.setText("Touch to explore")
    assert len(touch_calls(root, "attract_only")) == 1
    call.hide()
    assert touch_calls(root, "attract_only") == []


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_guided_mode_passes_the_audit_on_every_page(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    """Back and next stand in room of their own, clear of every page and section, in both languages."""
    kiosk.settings.change("mode", "guided", save=False)
    assert all(button.isVisible() for button in kiosk.staff.guided.buttons)
    assert audit_pages(kiosk, width, height) == []


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=lambda v: str(v))
def test_guided_mode_in_high_contrast_passes_the_audit(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    kiosk.settings.change("mode", "guided", save=False)
    kiosk.settings.change("theme", "high_contrast", save=False)
    assert audit_pages(kiosk, width, height) == []


def test_guided_mode_with_larger_text_passes_the_audit(kiosk: Kiosk, qapp: QApplication) -> None:
    kiosk.settings.change("mode", "guided", save=False)
    kiosk.navigation.set_large_text(True)
    assert audit_pages(kiosk, 1920, 1080) == []


@pytest.mark.xfail(
    strict=True,
    reason="the band under the page takes 120 px that the English pillar pages need in portrait with larger text "
    "(e.g. the industry intro needs 106 px and gets 91); the panels' composition (issue 23 item 4) must free it",
)
def test_guided_mode_with_larger_text_in_portrait_passes_the_audit(kiosk: Kiosk, qapp: QApplication) -> None:
    kiosk.settings.change("mode", "guided", save=False)
    kiosk.navigation.set_large_text(True)
    assert audit_pages(kiosk, 1080, 1920, languages=["en"]) == []


def test_every_snapshot_screen_passes_the_audit_in_guided_mode(kiosk: Kiosk, qapp: QApplication) -> None:
    """The screens that come and go (attract loop, countdown, PIN pad, staff screens) over guided mode."""
    kiosk.settings.change("mode", "guided", save=False)
    assert audit_screens(kiosk, 1920, 1080) == []


def test_the_audit_finds_guided_buttons_laid_over_the_page(kiosk: Kiosk, qapp: QApplication) -> None:
    """As they were before they had room of their own: 119 px squares halfway down the screen's edges,
    over the "1" of "178个"."""
    kiosk.settings.change("mode", "guided", save=False)
    kiosk.language.set_language("zh")
    kiosk.navigation.show_page(1)
    kiosk.window.keep_room(QMargins(), QMargins())
    kiosk.window.come_to_rest()
    settle(qapp)
    back, forward = kiosk.staff.guided.buttons
    back.setGeometry(12, (1080 - 119) // 2, 119, 119)
    forward.setGeometry(1920 - 119 - 12, (1080 - 119) // 2, 119, 119)
    found = [str(f) for f in mode_covers(kiosk.window)]
    assert any("'178个'" in f and "covered by the mode control QPushButton[guided] '‹'" in f for f in found), found
    kiosk.settings.change("mode", "interactive", save=False)  # the room and the buttons back as the mode has them


def test_maintenance_mode_passes_the_audit(kiosk: Kiosk, qapp: QApplication) -> None:
    kiosk.settings.change("mode", "maintenance", save=False)
    assert audit_pages(kiosk, 1920, 1080, pages=[0, 1]) == []


def test_maintenance_diagnostics_are_judged_by_the_same_rule(kiosk: Kiosk, qapp: QApplication) -> None:
    """The audit can run in maintenance mode, and sees the box wherever it lies over a control."""
    kiosk.settings.change("mode", "maintenance", save=False)
    box = kiosk.staff.maintenance
    settle(qapp)
    box.move(kiosk.window.language_toggle.mapTo(kiosk.window, kiosk.window.language_toggle.rect().topLeft()))
    found = [str(f) for f in mode_covers(kiosk.window)]
    assert any("LanguageToggle" in f or "QPushButton" in f for f in found), found


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=lambda v: str(v))
def test_attract_only_mode_asks_for_no_touch(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    kiosk.settings.change("mode", "attract_only", save=False)
    assert audit_attract(kiosk, width, height) == []


def test_the_audit_finds_a_call_to_touch_in_attract_only_mode(kiosk: Kiosk, qapp: QApplication) -> None:
    """As it was before attract-only hid the call: "Touch to explore" on a screen that answers no touch."""
    kiosk.settings.change("mode", "attract_only", save=False)
    attract = kiosk.session.attract
    attract.start()
    attract.call_box.show()
    settle(qapp)
    try:
        assert any("asks for a touch" in str(f) for f in touch_calls(kiosk.window, "attract_only"))
    finally:
        attract.stop()
