"""The page slide promises a slide drawn from two pictures side by side: the leaving page as the
screen showed it, the arriving page as it will rest; the picture kept between slides of one size;
touches passing through; `finished` once the slide has come to rest; and nothing left running when
stopped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.page_slide import PageSlide, copy_into, resting_picture, screen_picture

RED, BLUE = QColor("#FF0000"), QColor("#0000FF")


def _window(qtbot: QtBot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(200, 100)
    return window


def _filled(parent: QWidget, colour: QColor) -> QWidget:
    widget = QWidget(parent)
    widget.setAutoFillBackground(True)
    palette = widget.palette()
    palette.setColor(widget.backgroundRole(), colour)
    widget.setPalette(palette)
    return widget


def test_the_picture_is_both_pages_side_by_side_in_device_pixels(qtbot: QtBot) -> None:
    window = _window(qtbot)
    slide = PageSlide(window)
    strip, leaving, arriving = slide.prepare(QSize(200, 100), 1.5, 1)
    assert (strip.width(), strip.height(), strip.devicePixelRatio()) == (600, 150, 1.5)
    assert (leaving, arriving) == (QPoint(0, 0), QPoint(300, 0))  # the next page comes in from the right
    again, leaving, arriving = slide.prepare(QSize(200, 100), 1.5, -1)
    assert again is strip  # made once for this size
    assert (leaving, arriving) == (QPoint(300, 0), QPoint(0, 0))  # the previous page comes in from the left
    assert slide.prepare(QSize(300, 100), 1.5, 1)[0].width() == 900


def _strip_of(slide: PageSlide, direction: int) -> None:
    strip, leaving, _ = slide.prepare(slide.size(), 1.0, direction)
    strip.fill(BLUE)
    for x in range(leaving.x(), leaving.x() + slide.width()):
        for y in range(slide.height()):
            strip.setPixelColor(x, y, RED)


def _shown_at(slide: PageSlide, progress_ms: int) -> QImage:
    slide.animation.setCurrentTime(progress_ms)
    return slide.grab().toImage()


def _out_of_sight(slide: PageSlide) -> bool:
    """At rest the slide covers nothing (it stays shown, with no size: showing it again would cost the tap)."""
    return not slide.running and slide.geometry().isEmpty()


def test_the_leaving_page_moves_out_as_the_arriving_one_comes_in(qtbot: QtBot) -> None:
    window = _window(qtbot)
    slide = PageSlide(window)
    slide.resize(200, 100)
    slide.animation.setDuration(1000)
    for direction in (1, -1):
        _strip_of(slide, direction)
        start, end = _shown_at(slide, 0), _shown_at(slide, 1000)
        assert start.pixelColor(100, 50) == RED and start.pixelColor(199, 50) == RED  # the leaving page, whole
        assert end.pixelColor(0, 50) == BLUE and end.pixelColor(199, 50) == BLUE  # the arriving page, whole
        middle = _shown_at(slide, 500)
        leading, trailing = middle.pixelColor(0, 50), middle.pixelColor(199, 50)
        expected = (RED, BLUE) if direction > 0 else (BLUE, RED)
        assert (leading, trailing) == expected  # the next page pushes the old one out to the left


def test_a_slide_shows_on_top_lets_touches_through_and_finishes_once_at_rest(qtbot: QtBot) -> None:
    window = _window(qtbot)
    slide = PageSlide(window)
    above = QWidget(window)  # a page laid over the slide before it started
    assert window.children()[-1] is above
    assert _out_of_sight(slide)
    assert slide.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    with qtbot.waitSignal(slide.finished):
        slide.start(40)
        assert slide.isVisibleTo(window) and window.children()[-1] is slide  # raised over the page
    slide.stop()
    assert _out_of_sight(slide) and slide.animation.state() != slide.animation.State.Running


def test_stopping_mid_slide_hides_it_and_nothing_fires_afterwards(qtbot: QtBot) -> None:
    window = _window(qtbot)
    slide = PageSlide(window)
    finished: list[bool] = []
    slide.finished.connect(lambda: finished.append(True))
    slide.start(10_000)
    assert slide.animation.currentTime() > 0  # the first frame has moved already
    slide.stop()
    qtbot.wait(30)
    assert _out_of_sight(slide) and finished == []


def test_stopping_as_the_slide_comes_to_rest_keeps_the_page_from_taking_over(qtbot: QtBot) -> None:
    window = _window(qtbot)
    slide = PageSlide(window)
    finished: list[bool] = []
    slide.finished.connect(lambda: finished.append(True))
    slide.animation.finished.connect(slide.stop)  # a tap on a tab in the frame the slide ended
    slide.start(20)
    qtbot.waitUntil(lambda: _out_of_sight(slide))
    qtbot.wait(60)  # longer than the frame the page waits before it takes over
    assert finished == []


def test_a_resting_picture_is_the_widget_over_the_windows_background(qtbot: QtBot) -> None:
    window = _window(qtbot)
    page = QWidget(window)
    page.setGeometry(0, 0, 100, 100)
    _filled(page, RED).setGeometry(0, 0, 50, 100)  # the page's left half; its right half shows the background
    background = QImage(200, 100, QImage.Format.Format_RGB32)
    background.fill(BLUE)
    picture = resting_picture(page, background, QPoint(0, 0))
    assert picture.size() == QSize(100, 100)
    assert picture.pixelColor(10, 50) == RED and picture.pixelColor(90, 50) == BLUE


def test_the_screen_picture_is_what_the_window_shows(qtbot: QtBot) -> None:
    window = _window(qtbot)
    page = _filled(window, RED)
    page.setGeometry(50, 0, 100, 100)
    assert screen_picture(page) is None  # nothing on the screen yet
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: screen_picture(page) is not None)  # once the window's first frame is drawn
    picture = screen_picture(page)
    assert picture is not None and picture.size() == QSize(100, 100)
    assert picture.pixelColor(0, 0) == RED and picture.pixelColor(99, 99) == RED
    page.setGeometry(150, 0, 100, 100)  # half outside the window: there is no frame of it to copy
    assert screen_picture(page) is None


class _Columns(QWidget):
    """A page whose every column is a colour of its own: a picture moved by one pixel shows it."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        for x in range(self.width()):
            painter.fillRect(x, 0, 1, self.height(), QColor(x % 256, (x * 7) % 256, 90))
        painter.end()


def _on_the_screen(qtbot: QtBot, width: int = 200) -> tuple[QWidget, PageSlide, QImage]:
    """A window showing a page (its last frame on the screen) and a slide over it, not yet started."""
    window = _window(qtbot)
    page = _Columns(window)
    page.setGeometry(0, 20, width, 60)
    slide = PageSlide(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: screen_picture(page) is not None)  # once the window's first frame is drawn
    leaving = screen_picture(page)
    assert leaving is not None
    slide.setGeometry(page.geometry())
    return window, slide, leaving


def _expected(leaving: QImage, arriving: QImage, shift: int, direction: int) -> QImage:
    """The frame at `shift`: the leaving page pushed out, the arriving one come in from the `direction` side."""
    width, height = leaving.width(), leaving.height()
    frame = QImage(leaving.size(), QImage.Format.Format_RGB32)
    painter = QPainter(frame)
    if direction > 0:
        painter.drawImage(QPoint(0, 0), leaving, QRect(shift, 0, width - shift, height))
        painter.drawImage(QPoint(width - shift, 0), arriving, QRect(0, 0, shift, height))
    else:
        painter.drawImage(QPoint(0, 0), arriving, QRect(width - shift, 0, shift, height))
        painter.drawImage(QPoint(shift, 0), leaving, QRect(0, 0, width - shift, height))
    painter.end()
    return frame


def _shift(slide: PageSlide) -> int:
    return round(slide.width() * float(slide.animation.currentValue()))


def _start_from_the_screen(slide: PageSlide, direction: int, drawn_ahead: bool) -> QImage:
    """The slide started as a tab tap starts it: the leaving page taken from the screen; the arriving
    one drawn ahead of time or into the strip. Returns the arriving page."""
    strip, leaving_at, arriving_at = slide.prepare(slide.size(), 1.0, direction)
    arriving = QImage(slide.size(), QImage.Format.Format_RGB32)
    arriving.fill(BLUE)
    for y in range(arriving.height()):
        arriving.setPixelColor(y, y, RED)  # a diagonal: a part taken from the wrong place shows
    if not drawn_ahead:
        copy_into(strip, arriving_at, arriving)
    slide.start(1000, arriving if drawn_ahead else None, arriving_at, leaving_at)
    return arriving


@pytest.mark.parametrize("direction", [1, -1])
@pytest.mark.parametrize("drawn_ahead", [True, False])
@pytest.mark.parametrize("width", [200, 150])  # as wide as the window (moved where it is) or not (copied first)
def test_the_leaving_page_taken_from_the_screen_moves_pixel_for_pixel(qtbot: QtBot, direction: int, drawn_ahead: bool, width: int) -> None:
    window, slide, leaving = _on_the_screen(qtbot, width)
    arriving = _start_from_the_screen(slide, direction, drawn_ahead)
    window.repaint()  # the first frame, on the screen
    assert slide.frames_painted == 1
    first = screen_picture(slide)
    assert first is not None and 0 < _shift(slide) < width
    assert first == _expected(leaving, arriving, _shift(slide), direction)
    slide.merge()  # between the frames
    for at in (300, 700, 1000):  # the frames after, from the strip
        slide.animation.setCurrentTime(at)
        window.repaint()
        assert screen_picture(slide) == _expected(leaving, arriving, _shift(slide), direction)


def test_frames_after_the_first_take_the_leaving_page_even_if_nothing_ran_between(qtbot: QtBot) -> None:
    window, slide, leaving = _on_the_screen(qtbot)
    arriving = _start_from_the_screen(slide, 1, True)
    window.repaint()
    slide.animation.setCurrentTime(500)  # no time between the frames: the next frame takes it up first
    window.repaint()
    assert screen_picture(slide) == _expected(leaving, arriving, _shift(slide), 1)


def test_a_first_frame_drawn_elsewhere_is_the_same_picture(qtbot: QtBot) -> None:
    window, slide, leaving = _on_the_screen(qtbot)
    arriving = _start_from_the_screen(slide, -1, True)
    grabbed = slide.grab().toImage()  # a snapshot, not the screen: the screen is left as it is
    assert grabbed.convertToFormat(QImage.Format.Format_RGB32) == _expected(leaving, arriving, _shift(slide), -1)
    window.repaint()
    assert screen_picture(slide) == _expected(leaving, arriving, _shift(slide), -1)


def test_a_slide_stopped_before_its_first_frame_leaves_nothing_to_take_up(qtbot: QtBot) -> None:
    window, slide, leaving = _on_the_screen(qtbot)
    _start_from_the_screen(slide, 1, True)
    window.repaint()
    slide.stop()  # a rebuild, a shutdown: what the first frame moved is not taken up later
    slide.merge()
    window.repaint()
    page = screen_picture(window)
    assert page is not None and page.copy(QRect(0, 20, 200, 60)) == leaving  # the page shows again


def test_a_slide_given_the_windows_stacking_owner_is_put_in_place_by_it(qtbot: QtBot) -> None:
    window = _window(qtbot)
    lifted: list[QWidget] = []
    slide = PageSlide(window, lifted.append)
    above = QWidget(window)  # what covers the pages: the owner keeps it there
    slide.start(40)
    assert lifted == [slide] and window.children()[-1] is above
    slide.stop()
