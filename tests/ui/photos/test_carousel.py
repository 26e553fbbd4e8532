"""Photo carousels as a visitor uses them: the photo follows the finger and snaps, advances by itself,
opens large on a tap, closes again, and a broken file shows a designed placeholder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.qa.drive import settle, wait_for_photos
from kiosk.qa.layout_audit import audit
from kiosk.ui.app import Kiosk
from kiosk.ui.photos.carousel import Carousel
from tests.kiosks import build, matching, shutdown
from tests.touch import drag

LIVELIHOOD = 4  # its panel opens on the Dolphin Park album


def _carousel(kiosk: Kiosk, page: int = LIVELIHOOD) -> Carousel:
    kiosk.navigation.show_page(page)
    view = kiosk.pages.views[page]
    carousel = view.carousels[0]
    view.show_section(view.section_of(carousel))
    wait_for_photos(kiosk.loader)
    return carousel


def test_album_shows_its_photo_caption_and_illustration_tag(kiosk: Kiosk) -> None:
    carousel = _carousel(kiosk)
    assert carousel.album.id == "dolphin-park"
    assert carousel._image(0) is not None
    assert carousel.caption_label.text() == "晴日里的海豚雕塑"
    assert carousel.tag_label.text() == "示意图" and carousel.tag_label.isVisible()
    assert kiosk.pages.views[LIVELIHOOD].panel.heading == "海豚公园"


def test_the_photo_follows_the_finger_and_snaps(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    carousel = _carousel(kiosk)
    centre = carousel.mapTo(window, carousel.rect().center())
    drag(window, centre, centre - QPoint(60, 0))  # a short drag springs back
    qtbot.waitUntil(lambda: carousel.offset == 0, timeout=10_000)
    assert carousel.index == 0
    drag(window, centre + QPoint(200, 0), centre - QPoint(200, 0))
    assert kiosk.navigation.page == LIVELIHOOD  # the page did not swipe: the carousel owns this drag
    qtbot.waitUntil(lambda: carousel.index == 1 and carousel.offset == 0, timeout=10_000)
    assert carousel.caption_label.text() == "傍晚的喷泉广场"
    drag(window, centre - QPoint(200, 0), centre + QPoint(200, 0))
    qtbot.waitUntil(lambda: carousel.index == 0 and carousel.offset == 0, timeout=10_000)


def test_it_advances_by_itself_only_while_visible(kiosk: Kiosk, qtbot: QtBot) -> None:
    carousel = _carousel(kiosk)
    assert carousel.timer.isActive() and carousel.timer.interval() == kiosk.settings["carousel_interval_ms"]
    carousel.timer.timeout.emit()  # the interval has passed
    qtbot.waitUntil(lambda: carousel.index == 1 and carousel.offset == 0, timeout=10_000)
    kiosk.navigation.show_page(1)
    assert not carousel.timer.isActive()
    kiosk.settings.change("carousel_interval_ms", 0, save=False)  # staff: only by hand
    kiosk.navigation.show_page(LIVELIHOOD)
    assert not carousel.timer.isActive()


def test_a_tap_opens_the_photo_large_and_a_tap_closes_it(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    carousel = _carousel(kiosk)
    centre = carousel.mapTo(window, carousel.rect().center())
    drag(window, centre, centre, steps=1)
    lightbox = window.lightbox
    assert lightbox is not None and lightbox.is_open
    assert lightbox.caption_label.text() == "晴日里的海豚雕塑"
    assert lightbox.geometry() == window.rect()
    drag(window, QPoint(200, 200), QPoint(200, 200), steps=1)
    assert not lightbox.is_open
    assert kiosk.navigation.page == LIVELIHOOD


def test_the_large_view_looks_as_when_the_page_showed_through(kiosk: Kiosk, qapp: QApplication) -> None:
    """The page under an open photo is painted once, darkened, when it opens (the lightbox is then
    opaque and the page is not repainted under it): the same picture as the page drawn under a
    see-through ground, as before."""
    window = kiosk.window
    carousel = _carousel(kiosk)
    kiosk.pages.views[LIVELIHOOD].finish_animation()
    settle(qapp)
    window.repaint()  # the screen holds the page as it is now
    window.open_photo(carousel.album, 0, "#F2C45A")
    lightbox = window.lightbox
    assert lightbox is not None and lightbox.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    settle(qapp)
    opaque = window.grab().toImage()
    lightbox._under = None  # as before: the page drawn under a see-through ground
    lightbox.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
    see_through = window.grab().toImage()
    assert matching(opaque, see_through) > 0.99
    lightbox.close_view()


def test_the_large_view_closes_by_itself(kiosk: Kiosk, qtbot: QtBot) -> None:
    carousel = _carousel(kiosk)
    kiosk.window.open_photo(carousel.album, 2, "#fff")
    lightbox = kiosk.window.lightbox  # made on first use
    assert lightbox is not None and lightbox.is_open
    assert lightbox.timer.isActive() and lightbox.timer.interval() == kiosk.settings["lightbox_timeout_ms"]
    lightbox.timer.timeout.emit()  # the time has passed
    assert not lightbox.is_open


def test_second_visit_needs_no_loading(kiosk: Kiosk) -> None:
    carousel = _carousel(kiosk)
    kiosk.navigation.show_page(1)
    kiosk.navigation.show_page(LIVELIHOOD)
    assert carousel._image(0) is not None  # painted from memory at once, no placeholder
    assert kiosk.loader is not None and not kiosk.loader.busy


def test_captions_follow_the_language(kiosk: Kiosk, qtbot: QtBot) -> None:
    carousel = _carousel(kiosk)
    kiosk.language.set_language("en")
    qtbot.waitUntil(lambda: carousel.caption_label.text() == "The dolphin sculpture on a sunny day", timeout=10_000)
    assert carousel.tag_label.text() == "Illustration"


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated"])
def test_a_broken_photo_gets_the_placeholder(content_copy: Path, own_home: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    target = content_copy / "photos" / "dolphin-park" / "01-sunny-day.jpg"
    data = target.read_bytes()
    target.write_bytes({"empty": b"", "garbage": b"GIF89a nonsense", "truncated": data[: len(data) // 4]}[damage])
    kiosk = build(own_home, content_dir=content_copy)
    try:
        carousel = _carousel(kiosk)
        reason = carousel.photo_failed(0)
        assert reason is not None and "01-sunny-day.jpg" in reason
        assert not carousel.tag_label.isVisibleTo(carousel)  # no Illustration tag over the placeholder
        kiosk.window.repaint()  # paints the placeholder without raising
        # The audit sees the painted words, at caption size (>= 24 px at 1080p), whole.
        [(words, px, fits)] = carousel.audit_texts()
        assert words in ("图片暂不可用", "Photo unavailable") and px >= 24 and fits
        assert audit(kiosk.window, 1.0, resources.fonts_dir(), within=carousel) == []
        carousel.go_to(1)
        assert carousel.audit_texts() == []
        assert carousel.tag_label.isVisibleTo(carousel)  # the next one is a shown illustration
        for _ in range(3):  # the carousel comes round again: no retry, no new log line
            carousel.go_to(1)
            carousel.go_to(0)
            wait_for_photos(kiosk.loader)
        assert len([r for r in caplog.records if "cannot be shown" in r.getMessage()]) == 1
    finally:
        shutdown(kiosk)


def test_photos_are_cached_on_disk_for_the_next_start(own_home: Path) -> None:
    cache = own_home / "cache"
    for _ in range(2):
        kiosk = build(own_home)
        try:
            _carousel(kiosk)
        finally:
            shutdown(kiosk)
    files = list((cache / "photos").rglob("*.jpg"))
    assert len(files) == 3  # the shown photo and its two neighbours, written once
    shutil.rmtree(cache)


def test_an_empty_album_ignores_other_albums_photos(content_copy: Path, own_home: Path) -> None:
    """All carousels share one loader; one with no photos must not choke on the others' arrivals."""
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    next(a for a in data["albums"] if a["id"] == "qixia-lake")["photos"] = []
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kiosk = build(own_home, content_dir=content_copy)
    try:
        empty = _carousel(kiosk, 3)
        assert empty.album.id == "qixia-lake" and not empty.photos
        assert empty.caption_label.text() == "兰州新区栖霞湖风光"  # the album's own caption
        _carousel(kiosk, LIVELIHOOD)  # photos arrive while the empty carousel listens
        kiosk.navigation.show_page(3)
        kiosk.window.repaint()
    finally:
        shutdown(kiosk)


def test_an_album_of_700_photos_counts_instead_of_dots_and_decodes_at_the_shown_size(content_copy: Path, own_home: Path) -> None:
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    album = next(a for a in data["albums"] if a["id"] == "dolphin-park")
    files = [p["file"] for p in album["photos"]]
    album["photos"] = [
        {"id": f"dolphin-{i}", "file": files[i % 3], "caption": {"zh": f"第{i + 1}张", "en": f"Photo {i + 1}"}, "illustration": True}
        for i in range(700)
    ]
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kiosk = build(own_home, content_dir=content_copy)
    try:
        asked: list[tuple[int, int]] = []
        original = kiosk.loader.request
        kiosk.loader.request = lambda path, size, fit="cover", within=None: asked.append(size) or original(path, size, fit, within=within)  # type: ignore[method-assign, func-returns-value]
        kiosk.content.reload()  # pages made anew: layout passes resize the carousel several times
        carousel = _carousel(kiosk)
        carousel.go_to(11)
        wait_for_photos(kiosk.loader)
        assert carousel.position.counts_instead_of_dots and carousel.position.text == "12 / 700"
        assert set(asked) == {(carousel.width(), carousel.height())}  # only the size it is shown at
        carousel.repaint()
    finally:
        shutdown(kiosk)
