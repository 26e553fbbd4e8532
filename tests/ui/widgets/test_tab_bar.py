"""The tab bar promises one tab per page, titled in the visitor's language, with the visitor's page lit;
a tap asks the navigation for that page, and the lit tab follows the page however it changed; on a
narrow bar every tab shares the one smaller size at which the longest title fits, never cut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.language import LanguageController
from kiosk.ui.navigation import Navigation
from kiosk.ui.theme import FONT_FAMILY, Palette
from kiosk.ui.widgets.page_slide import screen_picture
from kiosk.ui.widgets.tab_bar import _FLAGS, TabBar, TabButton
from tests.touch import mouse
from tests.ui.widgets.conftest import EventCount, dataset


def _bar(qtbot: QtBot, language: LanguageController, navigation: Navigation, width: int = 1900) -> TabBar:
    bar = TabBar(dataset().pages, language, Palette(), navigation)
    qtbot.addWidget(bar)
    bar.setStyleSheet(f"QAbstractButton {{ font-family: '{FONT_FAMILY}'; font-size: 34px; }}")
    for button in bar.buttons:
        button.setFixedHeight(96)
    bar.resize(width, 96)
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def test_one_tab_per_page_titled_in_the_language_with_the_visitors_page_lit(qtbot: QtBot, language: LanguageController) -> None:
    navigation = Navigation(language, len(dataset().pages))
    navigation.show_page(2)
    bar = _bar(qtbot, language, navigation)
    assert [b.text() for b in bar.buttons] == [p.title.in_language("en") for p in dataset().pages]
    assert [b.isChecked() for b in bar.buttons] == [i == 2 for i in range(len(bar.buttons))]
    language.set_language("zh")
    zh = [p.title.in_language("zh") for p in dataset().pages]
    qtbot.waitUntil(lambda: [b.text() for b in bar.buttons] == zh)


def test_a_tap_asks_the_navigation_for_its_page(qtbot: QtBot, language: LanguageController) -> None:
    navigation = Navigation(language, len(dataset().pages))
    bar = _bar(qtbot, language, navigation)
    with qtbot.waitSignal(navigation.page_changed) as changed:
        bar.buttons[3].click()
    assert changed.args == [3] and navigation.page == 3
    assert bar.buttons[3].isChecked() and not bar.buttons[0].isChecked()


def test_a_finger_on_a_tab_paints_no_frame_of_its_own_before_the_page_changes(
    qtbot: QtBot, qapp: QApplication, language: LanguageController
) -> None:
    """QAbstractButton repaints itself at once as it is pressed and as it is clicked, each a frame
    put on the screen ahead of the page change; a tab looks the same pressed, and is lit with the answer."""
    navigation = Navigation(language, len(dataset().pages))
    bar = _bar(qtbot, language, navigation)
    settle(qapp)
    frames = EventCount(bar.window(), QEvent.Type.UpdateRequest)
    tab = bar.buttons[2]
    mouse(tab, QEvent.Type.MouseButtonPress, tab.rect().center(), Qt.MouseButton.LeftButton)
    mouse(tab, QEvent.Type.MouseButtonRelease, tab.rect().center(), Qt.MouseButton.NoButton)
    assert navigation.page == 2 and tab.isChecked() and frames.count == 0  # asked for, nothing painted yet
    qtbot.waitUntil(lambda: frames.count > 0)  # the next frame lights it
    assert screen_picture(tab) == bar.grab(tab.geometry()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    bar.window().removeEventFilter(frames)


def test_the_lit_tab_follows_a_page_changed_elsewhere_and_ignores_one_it_has_not(qtbot: QtBot, language: LanguageController) -> None:
    navigation = Navigation(language, len(dataset().pages))
    bar = _bar(qtbot, language, navigation)
    navigation.step(1)  # a swipe
    assert bar.buttons[1].isChecked()
    bar.set_current(len(bar.buttons))  # no such tab (content with fewer pages)
    bar.set_current(-1)
    assert [b.isChecked() for b in bar.buttons] == [i == 1 for i in range(len(bar.buttons))]


def test_a_narrow_bar_shrinks_every_tab_to_one_size_at_which_the_longest_title_fits(qtbot: QtBot, language: LanguageController) -> None:
    navigation = Navigation(language, len(dataset().pages))
    wide = _bar(qtbot, language, navigation).shared_font().pixelSize()
    narrow_bar = _bar(qtbot, language, navigation, width=640)
    shared = narrow_bar.shared_font()
    assert 12 <= shared.pixelSize() < wide <= 34  # never larger than the style sheet's size
    assert shared.pixelSize() == min(b.fitted_font().pixelSize() for b in narrow_bar.buttons)
    for button in narrow_bar.buttons:  # every word fits across its tab, the title within two lines' box
        pad = button.height() * 0.12
        box = QRectF(button.rect()).adjusted(pad, pad, -pad, -pad)
        metrics = QFontMetricsF(shared)
        assert all(metrics.horizontalAdvance(word) <= box.width() for word in button.text().split()), button.text()
        assert metrics.boundingRect(box, _FLAGS, button.text()).height() <= box.height(), button.text()


def test_a_tab_with_no_room_stops_shrinking_at_12_px(qtbot: QtBot) -> None:
    button = TabButton("#F2C45A", Palette())
    qtbot.addWidget(button)
    font = QFont(FONT_FAMILY)
    font.setPixelSize(34)
    button.setFont(font)
    button.setText("Innovation Infrastructure Internationalisation")
    button.resize(40, 40)
    assert button.fitted_font().pixelSize() == 12
    button.resize(900, 120)  # a new size is fitted anew, not remembered from before
    assert button.fitted_font().pixelSize() == 34


def _fitted_now(bar: TabBar) -> int:
    """The shared size as fitted from scratch for the bar as it is now."""
    return min(b._fit().pixelSize() for b in bar.buttons)


def test_the_shared_size_follows_every_change_to_titles_sizes_and_fonts(qtbot: QtBot, language: LanguageController) -> None:
    navigation = Navigation(language, len(dataset().pages))
    bar = _bar(qtbot, language, navigation)
    changes = [
        lambda: bar.setStyleSheet(f"QAbstractButton {{ font-family: '{FONT_FAMILY}'; font-size: 22px; }}"),  # larger text off, say
        lambda: bar.resize(560, 96),  # narrower
        lambda: language.set_language("zh"),  # other titles
        lambda: bar.buttons[2].setText("Innovation Infrastructure Internationalisation"),  # one title, set from outside
        lambda: bar.buttons[0].setFixedHeight(60),  # one tab lower
        lambda: bar.resize(1900, 96),  # wide again
    ]
    sizes = [bar.shared_font().pixelSize()]
    for change in changes:
        change()
        qtbot.waitUntil(lambda: bar.shared_font().pixelSize() == _fitted_now(bar))
        sizes.append(bar.shared_font().pixelSize())
    assert len(set(sizes)) > 2  # the changes did change it
    bar.shared_font().setPixelSize(3)  # a copy: nobody changes the bar's by painting with it
    assert bar.shared_font().pixelSize() == _fitted_now(bar)


def _screen_of(bar: QWidget) -> QImage:
    """The bar as the screen shows it after a repaint of it (its tabs, its ground, what lies under it)."""
    bar.window().repaint(bar.geometry())
    picture = screen_picture(bar)
    assert picture is not None
    return picture


@pytest.mark.parametrize("theme", ["standard", "high_contrast"])
def test_the_bar_paints_its_own_ground_as_the_style_sheet_over_the_window_would(kiosk: Kiosk, theme: str) -> None:
    """Opaque, so a tab's repaint does not draw the window's gradient under it first: the same pixels."""
    kiosk.settings.change("theme", theme, save=False)
    settle(kiosk.app)
    bar = kiosk.window.tab_bar
    assert bar.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    own = _screen_of(bar)
    ground = QColor(kiosk.window.colours.background_deep)  # the style sheet's
    unlit = next(b for b in bar.buttons if not b.isChecked())
    for at in (QPoint(4, bar.height() // 2), unlit.geometry().topLeft() + QPoint(2, 2)):  # beside the tabs; under an unlit tab
        assert own.pixelColor(at) == ground
    bar.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)  # the window's gradient and the style sheet's ground under it
    try:
        assert _screen_of(bar) == own
    finally:
        bar.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)


def test_a_tab_repaints_from_the_picture_of_its_look_and_draws_a_new_one_when_its_look_changes(
    qtbot: QtBot, qapp: QApplication, language: LanguageController, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tab tap repaints two tabs in its frame: each copies its picture, on the bar's ground, and
    leaves the bar under it alone (opaque); lit or not, another title, size or font is a new look."""
    navigation = Navigation(language, len(dataset().pages))
    bar = _bar(qtbot, language, navigation)
    settle(qapp)
    drawn: list[str] = []
    draw = TabButton._draw

    def counted(button: TabButton, font: QFont, ratio: float) -> QImage:
        drawn.append(button.text())
        return draw(button, font, ratio)

    monkeypatch.setattr(TabButton, "_draw", counted)
    tab = bar.buttons[2]
    bar_paints = EventCount(bar, QEvent.Type.Paint)
    looks = [_screen_of(tab)]
    for _ in range(3):
        tab.repaint()
    assert drawn == [] and bar_paints.count == 0 and _screen_of(tab) == looks[0]  # the kept picture, the bar not painted
    for change in (
        lambda: navigation.show_page(2),  # lit
        lambda: tab.setText("Innovation"),
        lambda: bar.resize(1200, 96),
        lambda: bar.setStyleSheet(f"QAbstractButton {{ font-family: '{FONT_FAMILY}'; font-size: 22px; }}"),
    ):
        drawn.clear()
        change()
        settle(qapp)
        looks.append(_screen_of(tab))
        assert tab.text() in drawn and looks[-1] != looks[-2]
    navigation.show_page(0)  # unlit: a new look
    settle(qapp)
    drawn.clear()
    navigation.show_page(2)  # lit again: the look it has drawn already, copied
    settle(qapp)
    assert _screen_of(tab) == looks[-1] == bar.grab(tab.geometry()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert "Innovation" not in drawn
    bar.removeEventFilter(bar_paints)
