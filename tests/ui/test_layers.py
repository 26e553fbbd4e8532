"""What covers the page stays on top: the staff screens, the PIN pad, the closed screen, the attract
loop, the countdown and a photo a visitor opened lie above every visitor control, and nothing under
them takes a touch, whatever staff or the visitor change meanwhile (theme, content, language, mode,
larger text, reach)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.session import Mode
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.layers import Layer, Layers


@pytest.fixture(autouse=True)
def hall_open_again(kiosk: Kiosk) -> Iterator[None]:
    """A test that closes the hall opens it again, without the attract loop that opening starts."""
    yield
    kiosk.hall.follow_schedule()
    kiosk.session.attract.stop()


def _controls(kiosk: Kiosk) -> list[QAbstractButton]:
    """Every visitor control a finger could reach: tabs, language, Aa, reach, guided back/next."""
    window = kiosk.window
    return [
        *window.tab_bar.buttons,
        *window.language_toggle.buttons.values(),
        window.access.large_text_button,
        window.access.reach_button,
        *(b for b in kiosk.staff.guided.buttons if b.isVisible()),
    ]


def _under(widget: QWidget, cover: QWidget) -> bool:
    while widget is not None:
        if widget is cover:
            return True
        widget = widget.parentWidget()  # type: ignore[assignment]
    return False


def assert_on_top(kiosk: Kiosk, cover: QWidget, qtbot: QtBot) -> None:
    """`cover` is what the window shows at every visitor control, and a real click on a tab reaches
    `cover`, not the tab: the page stays."""
    window = kiosk.window
    settle(kiosk.app)
    assert cover.isVisible()
    for control in _controls(kiosk):
        at = control.mapTo(window, control.rect().center())
        hit = window.childAt(at)
        assert hit is not None and _under(hit, cover), f"{type(hit).__name__} is above {type(cover).__name__} at {control.text()!r}"
    page = kiosk.navigation.page
    tab = window.tab_bar.buttons[(page + 2) % len(window.tab_bar.buttons)]
    handle = window.windowHandle()
    assert handle is not None
    qtbot.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, tab.mapTo(window, tab.rect().center()))
    settle(kiosk.app)
    assert kiosk.navigation.page == page


def _theme(kiosk: Kiosk) -> None:
    kiosk.settings.change("theme", "high_contrast", save=False)


def _reload(kiosk: Kiosk) -> None:
    assert kiosk.content.reload() == []


def _language(kiosk: Kiosk) -> None:
    kiosk.language.set_language("en" if kiosk.language.language != "en" else "zh")


def _guided(kiosk: Kiosk) -> None:
    kiosk.settings.change("mode", Mode.GUIDED.value, save=False)


def _maintenance(kiosk: Kiosk) -> None:
    kiosk.settings.change("mode", Mode.MAINTENANCE.value, save=False)


def _large_text_and_reach(kiosk: Kiosk) -> None:
    kiosk.navigation.set_large_text(True)
    kiosk.navigation.set_reach(True)


CHANGES: dict[str, Callable[[Kiosk], None]] = {
    "theme": _theme,
    "reload": _reload,
    "language": _language,
    "guided": _guided,
    "maintenance": _maintenance,
    "large-text+reach": _large_text_and_reach,
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_staff_panel_stays_on_top_of_every_change_made_under_it(kiosk: Kiosk, qtbot: QtBot, change: str) -> None:
    kiosk.navigation.show_page(2)
    kiosk.staff.panel.open_overlay()
    CHANGES[change](kiosk)
    assert_on_top(kiosk, kiosk.staff.panel, qtbot)
    assert kiosk.navigation.page == 2


@pytest.mark.parametrize("theme", ["high_contrast", "standard"])
def test_a_theme_switch_keeps_the_page_and_the_panel_on_it(kiosk: Kiosk, qtbot: QtBot, theme: str) -> None:
    if theme == "standard":
        kiosk.settings.change("theme", "high_contrast", save=False)
    kiosk.navigation.show_page(3)
    kiosk.staff.panel.open_overlay()
    qtbot.mouseClick(kiosk.staff.panel.rows["theme"].buttons[theme], Qt.MouseButton.LeftButton)
    assert kiosk.settings["theme"] == theme
    assert kiosk.navigation.page == 3
    assert kiosk.window.tab_bar.buttons[3].isChecked()
    assert_on_top(kiosk, kiosk.staff.panel, qtbot)


def _closed(kiosk: Kiosk) -> QWidget:
    kiosk.hall.override(False)  # as staff would close the hall; the next test's reset follows the schedule again
    assert kiosk.hall.screen.isVisible()
    return kiosk.hall.screen


def _attract(kiosk: Kiosk) -> QWidget:
    kiosk.session.attract.start()
    return kiosk.session.attract


def _still_there(kiosk: Kiosk) -> QWidget:
    kiosk.session.still_there.show_countdown(10)
    return kiosk.session.still_there


def _pin_pad(kiosk: Kiosk) -> QWidget:
    kiosk.staff.pin_pad.open_overlay()
    return kiosk.staff.pin_pad


def _insight(kiosk: Kiosk) -> QWidget:
    kiosk.staff.open_insight()
    assert kiosk.staff.insight_panel is not None
    return kiosk.staff.insight_panel


def _content_panel(kiosk: Kiosk) -> QWidget:
    kiosk.staff.open_content()
    assert kiosk.staff.content_panel is not None
    return kiosk.staff.content_panel


def _lightbox(kiosk: Kiosk) -> QWidget:
    window = kiosk.window
    album = window.dataset.albums[0]
    window.open_photo(album, 0, "#FFFFFF")
    assert window.lightbox is not None
    return window.lightbox


COVERS: dict[str, Callable[[Kiosk], QWidget]] = {
    "closed": _closed,
    "attract": _attract,
    "still-there": _still_there,
    "pin-pad": _pin_pad,
    "insight": _insight,
    "content-usb": _content_panel,
    "lightbox": _lightbox,
}


@pytest.mark.parametrize("change", ["theme", "reload"])
@pytest.mark.parametrize("cover", COVERS)
def test_every_screen_that_covers_the_page_stays_on_top_when_the_page_is_rebuilt(
    kiosk: Kiosk, qtbot: QtBot, cover: str, change: str
) -> None:
    """A reload (staff, or a USB install) or a theme switch makes tabs and pages anew: they stay under
    what covers them, whoever covers them."""
    shown = COVERS[cover](kiosk)  # over the overview: a touch that wakes the attract loop stays there too
    CHANGES[change](kiosk)
    assert_on_top(kiosk, shown, qtbot)


def test_the_pin_pad_lies_above_the_staff_panel_and_the_closed_screen(kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk.staff.panel.open_overlay()
    kiosk.staff.pin_pad.open_overlay()
    kiosk.hall.override(False)  # the hall closes while staff are at the pad
    assert_on_top(kiosk, kiosk.staff.pin_pad, qtbot)
    kiosk.staff.pin_pad.close_overlay()
    assert_on_top(kiosk, kiosk.staff.panel, qtbot)


def test_a_widget_added_to_the_window_later_goes_under_what_covers_the_page(kiosk: Kiosk, qtbot: QtBot) -> None:
    """The order holds for what nobody has thought of yet: a new child of the window, even one that
    raises itself, lies under the open panel."""
    kiosk.staff.panel.open_overlay()
    late = QWidget(kiosk.window)
    late.setGeometry(kiosk.window.rect())
    late.show()
    late.raise_()
    try:
        settle(kiosk.app)
        assert kiosk.window.childAt(QPoint(kiosk.window.width() // 2, kiosk.window.height() - 10)) is not late
        assert_on_top(kiosk, kiosk.staff.panel, qtbot)
    finally:
        late.deleteLater()


class _Paints(QObject):
    """Counts the paints and stacking changes `widget` gets."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = self.moves = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        self.paints += event.type() == QEvent.Type.Paint
        self.moves += event.type() == QEvent.Type.ZOrderChange
        return False


def _stacked_window(qtbot: QtBot) -> tuple[QWidget, Layers, QWidget, QWidget, QWidget]:
    """A window with a page, a slide and two layered widgets shown over them, its frame painted."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(200, 100)
    page, slide = QWidget(window), QWidget(window)
    layers = Layers(window)
    low, high = QWidget(window), QWidget(window)
    for widget in (page, slide, low, high):
        widget.setGeometry(0, 0, 200, 100)
    layers.put(high, Layer.PIN)
    layers.put(low, Layer.MODE)
    window.show()
    qtbot.waitExposed(window)
    settle(QApplication.instance())  # type: ignore[arg-type]
    return window, layers, page, slide, low


def test_restacking_what_is_in_order_moves_and_repaints_nothing(qtbot: QtBot) -> None:
    window, layers, _page, _slide, low = _stacked_window(qtbot)
    assert window.children()[-2:] == layers.order()
    seen = _Paints(low)
    layers.restack()
    settle(QApplication.instance())  # type: ignore[arg-type]
    assert (seen.moves, seen.paints) == (0, 0)
    low.raise_()  # out of order: put back at once
    assert window.children()[-2:] == layers.order()


def test_a_lifted_widget_lies_over_the_others_and_under_the_layered_ones(qtbot: QtBot) -> None:
    window, layers, page, slide, low = _stacked_window(qtbot)
    layers.lift(page)
    assert [c for c in window.children() if isinstance(c, QWidget)] == [slide, page, *layers.order()]
    settle(QApplication.instance())  # type: ignore[arg-type]
    seen = _Paints(low)
    moved = _Paints(page)
    layers.lift(page)  # there already: nothing moves
    settle(QApplication.instance())  # type: ignore[arg-type]
    assert (seen.moves, seen.paints, moved.moves) == (0, 0, 0)
