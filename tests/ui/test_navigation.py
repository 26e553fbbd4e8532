"""Tabs, one-finger swipes by mouse and by touch, and live language switching, as a visitor does them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.page_slide import screen_picture
from tests.kiosks import matching
from tests.touch import drag


def test_tabs_are_big_and_switch_pages(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    assert len(window.tab_bar.buttons) == 6
    for button in window.tab_bar.buttons:
        assert button.height() >= 80 and button.width() >= 80
    qtbot.mouseClick(window.tab_bar.buttons[3], Qt.MouseButton.LeftButton)
    assert kiosk.navigation.page == 3
    assert window.tab_bar.buttons[3].isChecked()


def test_mouse_drag_swipes_between_pages(kiosk: Kiosk) -> None:
    window = kiosk.window
    middle = kiosk.pages.geometry().center()
    drag(window, middle + QPoint(300, 0), middle - QPoint(300, 0))
    assert kiosk.navigation.page == 1
    drag(window, middle - QPoint(300, 0), middle + QPoint(300, 0))
    assert kiosk.navigation.page == 0
    drag(window, middle - QPoint(300, 0), middle + QPoint(300, 0))  # no page before the first
    assert kiosk.navigation.page == 0


def test_short_or_vertical_drags_are_not_swipes(kiosk: Kiosk) -> None:
    window = kiosk.window
    middle = kiosk.pages.geometry().center()
    drag(window, middle, middle - QPoint(60, 0))
    drag(window, middle, middle + QPoint(-200, 300))
    assert kiosk.navigation.page == 0


def test_one_finger_touch_swipe(kiosk: Kiosk, qapp: QApplication) -> None:
    window = kiosk.window
    device = QTest.createTouchDevice()
    middle = kiosk.pages.geometry().center()
    QTest.touchEvent(window, device).press(0, middle + QPoint(300, 0), window).commit()
    for i in range(1, 9):
        QTest.touchEvent(window, device).move(0, middle + QPoint(300 - 75 * i, 0), window).commit()
    QTest.touchEvent(window, device).release(0, middle - QPoint(300, 0), window).commit()
    settle(qapp)
    assert kiosk.navigation.page == 1


def test_a_swipe_that_starts_on_a_button_does_not_press_it(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    kiosk.navigation.show_page(2)
    panel = kiosk.pages.views[2].panel
    button = panel.segments[1]
    start = button.mapTo(window, button.rect().center())
    drag(window, start, start - QPoint(400, 0))
    assert kiosk.navigation.page == 3
    assert panel.current == 0
    kiosk.navigation.show_page(2)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a plain tap still works
    assert panel.current == 1


def test_language_switch_changes_every_string_live(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    home, industry = kiosk.pages.views[0], kiosk.pages.views[1]
    assert kiosk.language.language == "zh"
    assert window.tab_bar.buttons[1].text() == "强产业"
    kiosk.navigation.show_page(1)
    industry.finish_animation()
    assert industry.key_tiles[1].value_label.text() == "850亿元"
    assert industry.source_label.text() == "数据来源：兰州新区党工委办公室"
    qtbot.mouseClick(window.language_toggle.buttons["en"], Qt.MouseButton.LeftButton)
    # What the visitor sees changes at once; pages out of sight change when they are shown.
    qtbot.waitUntil(lambda: industry.source_label.text().startswith("Source: "), timeout=10_000)
    assert window.tab_bar.buttons[1].text() == "Stronger Industry"
    assert industry.key_tiles[1].value_label.text() == "CNY 85 billion"
    assert industry.key_tiles[1].meta_label.text() == "2023 to date"
    assert window.language_toggle.buttons["en"].isChecked()
    kiosk.navigation.show_page(2)
    assert kiosk.pages.views[2].panel.heading == "Incubator growth"
    kiosk.navigation.show_page(0)
    assert home.tagline_label.text() != "" and not any("\u4e00" <= c <= "\u9fff" for c in home.summary_label.text())
    qtbot.mouseClick(window.language_toggle.buttons["zh"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "兰州新区" in home.summary_label.text(), timeout=10_000)
    kiosk.navigation.show_page(2)
    assert kiosk.pages.views[2].panel.heading == "孵化基地同比增长"
    assert window.tab_bar.buttons[1].text() == "强产业"
    kiosk.navigation.show_page(1)
    assert industry.source_label.text().startswith("数据来源")


def test_no_context_menus(kiosk: Kiosk) -> None:
    assert kiosk.window.contextMenuPolicy() == Qt.ContextMenuPolicy.PreventContextMenu


def test_pages_slide_in_and_settle(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    kiosk.settings.change("page_transition_ms", 120, save=False)  # the fixture turns the slide off; this test is about it
    settle(kiosk.app)
    kiosk.navigation.show_page(2)
    assert kiosk.navigation.page == 2  # the model changes at once; only the picture moves
    assert window.turn.running
    view = kiosk.pages.views[2]
    assert not view.tiles_replay.running  # still while it slides in ...
    qtbot.waitUntil(lambda: not window.turn.running, timeout=10_000)
    assert view.pos().x() == 0 and view.pos().y() == 0
    assert view.tiles_replay.running  # ... its figures count up once it has arrived
    kiosk.navigation.show_page(1)
    kiosk.navigation.show_page(4)  # a tap during a slide finishes it and starts the next
    qtbot.waitUntil(lambda: not window.turn.running, timeout=10_000)
    assert kiosk.navigation.page == 4 and kiosk.pages.views[4].x() == 0


def test_a_slide_frame_shows_both_pages_where_they_are(kiosk: Kiosk) -> None:
    """A moment in, the old page has gone left by the distance the new one has come in from the
    right, and each is the page as it looks at rest (the new one as its entrance starts)."""
    window = kiosk.window
    kiosk.settings.change("page_transition_ms", 1000, save=False)
    kiosk.navigation.show_page(1)
    window.finish_transition()
    kiosk.pages.views[1].finish_animation()
    settle(kiosk.app)
    area = kiosk.pages.geometry()
    leaving = window.grab(area).toImage()
    kiosk.navigation.show_page(2)
    animation = window.transition
    assert animation is not None
    animation.pause()
    animation.setCurrentTime(300)
    settle(kiosk.app)
    frame = window.grab(area).toImage()
    window.finish_transition()
    kiosk.pages.views[2].rewind()
    settle(kiosk.app)
    entering = window.grab(area).toImage()
    width, height = area.width(), area.height()
    shift = round(width * animation.easingCurve().valueForProgress(0.3))
    assert 0 < shift < width
    assert matching(frame.copy(0, 0, width - shift, height), leaving.copy(shift, 0, width - shift, height)) > 0.99
    assert matching(frame.copy(width - shift, 0, shift, height), entering.copy(0, 0, shift, height)) > 0.99


def test_the_leaving_picture_is_the_screen_as_it_was(kiosk: Kiosk) -> None:
    """Copied from the frame on the screen (no repaint), it is what a repaint would draw."""
    window = kiosk.window
    kiosk.navigation.show_page(3)
    kiosk.pages.views[3].finish_animation()
    settle(kiosk.app)
    window.repaint()
    picture = screen_picture(kiosk.pages)
    assert picture is not None
    assert matching(picture, window.grab(kiosk.pages.geometry()).toImage()) > 0.99


class _LanguageChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.receivers: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.receivers.append(watched)
        return False


def _window_of(obj: QObject) -> QWidget | None:
    """The window an object lives in (through its parents), or None for one outside any."""
    while obj is not None:
        if isinstance(obj, QWidget):
            return obj.window()
        obj = obj.parent()
    return None


def _inside(obj: QObject, ancestor: QObject) -> bool:
    parent = obj.parent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent()
    return False


def test_a_language_switch_goes_only_where_it_is_seen(kiosk: Kiosk, qapp: QApplication) -> None:
    """Hidden pages take it up when shown, and pyqtgraph's never-shown menus do not pass it to
    their hundreds of parts: a switch with every chart built was 1,682 events, each through the
    kiosk's input filters."""
    window = kiosk.window
    kiosk.pages.build_charts()
    kiosk.navigation.show_page(1)
    settle(qapp)
    spy = _LanguageChanges()
    qapp.installEventFilter(spy)
    try:
        kiosk.language.set_language("en" if kiosk.language.language == "zh" else "zh")
        settle(qapp)
    finally:
        qapp.removeEventFilter(spy)
    hidden = [view for view in kiosk.pages.views if not view.isVisible()]
    assert hidden and not [obj for obj in spy.receivers if any(_inside(obj, view) for view in hidden)]
    # Qt gives every window of the process the switch (pyqtgraph's included, whatever kiosk made
    # them): it must stop there, reaching nothing inside a window but the kiosk's own.
    others = {id(obj) for obj in spy.receivers if isinstance(obj, QWidget) and obj.isWindow() and obj is not window}
    assert others  # there are such windows: the check below means something
    inside_others = [obj for obj in spy.receivers if id(obj) not in others and _window_of(obj) not in (None, window)]
    assert not inside_others, inside_others[:5]
    kiosk.navigation.show_page(2)  # shown, it is in the new language at once
    assert kiosk.pages.views[2].title_label.text() == window.dataset.pages[2].title.in_language(kiosk.language.language)
