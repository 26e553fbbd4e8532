"""kiosk preview: a save shows on the page being edited; a bad save keeps the last good content under a
banner of problems until the next save fixes them. The preview's looks are called here as its timer
would call them, so no test waits for a clock."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.preview import Preview
from tests.kiosks import build, shutdown


@pytest.fixture
def previewed(own_home: Path, content_copy: Path) -> Iterator[tuple[Kiosk, Preview, Path]]:
    kiosk = build(own_home, content_dir=content_copy, language="en")
    preview = Preview(kiosk, content_copy)
    yield kiosk, preview, content_copy
    preview.stop()
    shutdown(kiosk)


def _save(folder: Path, edit: object) -> None:
    path = folder / "content.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later save, whatever the clock's grain


def _looks(preview: Preview, times: int = 2) -> None:
    for _ in range(times):
        preview.look()


def test_a_good_save_shows_where_the_editor_is(previewed: tuple[Kiosk, Preview, Path]) -> None:
    kiosk, preview, folder = previewed
    kiosk.navigation.show_page(2)
    view = kiosk.pages.views[2]
    view.show_section(1)
    _save(folder, lambda d: d["pillars"][1]["headline"].update(en="A new headline"))
    preview.look()  # the change is seen...
    assert preview.reloads == 0
    preview.look()  # ...and has stayed the same: read it
    assert preview.reloads == 1
    assert kiosk.navigation.page == 2 and kiosk.pages.views[2].headline_label.text() == "A new headline"
    assert kiosk.pages.views[2].panel.current == 1 and kiosk.language.language == "en"  # page, section, language kept
    assert not preview.banner.isVisible()
    _looks(preview)
    assert preview.reloads == 1  # nothing changed since: nothing read


@pytest.mark.logs("refused")
def test_a_bad_save_keeps_the_last_good_content_under_a_banner_until_fixed(previewed: tuple[Kiosk, Preview, Path]) -> None:
    kiosk, preview, folder = previewed
    _save(folder, lambda d: d["pillars"][0]["indicators"][0].update(value="lots"))
    _looks(preview)
    banner = preview.banner
    assert banner.isVisible()
    assert "content.json: pillars[0].indicators[0].value: must be a number, not text" in banner.list_label.text()
    assert "1 problem(s)" in banner.title_label.text()
    assert kiosk.pages.views[1].key_tiles[0].indicator.value == 178  # the last good content
    controls = kiosk.window.controls
    assert not banner.geometry().intersects(controls.geometry().translated(controls.parentWidget().pos()))  # free to try
    assert banner.y() == kiosk.window.header.height()  # right under the header
    picture = banner.grab().toImage()
    assert picture.pixelColor(banner.width() - 5, 5).getRgb() == (96, 20, 20, 255)  # opaque: no page reads through
    kiosk.window.resize(900, 1200)  # the editor narrows the window: the banner follows, every line shown
    assert banner.width() == 900 and banner.height() >= banner.heightForWidth(900)
    kiosk.navigation.set_reach(True)  # the header goes down above the tabs: the banner takes the top
    settle(kiosk.app)
    assert banner.y() == 0
    kiosk.navigation.set_reach(False)
    settle(kiosk.app)
    assert banner.y() == kiosk.window.header.height()
    _save(folder, lambda d: d["pillars"][0]["indicators"][0].update(value=179))
    _looks(preview)
    assert not banner.isVisible() and kiosk.pages.views[1].key_tiles[0].indicator.value == 179


def test_a_saved_photo_is_decoded_again(previewed: tuple[Kiosk, Preview, Path]) -> None:
    kiosk, preview, folder = previewed
    from kiosk.qa.drive import wait_for_photos

    kiosk.navigation.show_page(4)
    carousel = kiosk.pages.views[4].carousels[0]
    kiosk.pages.views[4].panel.show_section(kiosk.pages.views[4].section_of(carousel))
    wait_for_photos(kiosk.loader)
    before = carousel._image(0)
    assert before is not None
    photo = folder / carousel.photos[0].file
    Image.new("RGB", (1600, 900), (250, 250, 0)).save(photo, "JPEG")  # the exhibitor's own photo, saved over
    stat = photo.stat()
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    _looks(preview)
    wait_for_photos(kiosk.loader)
    after = carousel._image(0)
    assert after is not None and after.pixelColor(10, 10).red() > 200 and after.pixelColor(10, 10).blue() < 60


@pytest.mark.logs("refused")
def test_a_caption_the_font_cannot_draw_is_in_the_banner_not_on_screen(previewed: tuple[Kiosk, Preview, Path]) -> None:
    """It showed 龘 as an empty box with no banner, though `kiosk check` refused it."""
    from tests.tofu import TOFU, TOFU_CAPTION, tofu_path

    kiosk, preview, folder = previewed
    _save(folder, lambda d: d["albums"][0]["photos"][0]["caption"].update(zh=TOFU_CAPTION))
    _looks(preview)
    assert preview.banner.isVisible() and "1 problem(s)" in preview.banner.title_label.text()
    line = preview.banner.list_label.text()
    assert line.startswith(f"{tofu_path()}: '{TOFU_CAPTION}' has {TOFU} (U+9F98), which the kiosk's font cannot draw")
    assert "write it with other characters" in line
    assert TOFU not in kiosk.content.dataset.albums[0].photos[0].caption["zh"]  # the last good content stays


@pytest.mark.logs("problem(s)", "cannot draw")
def test_a_folder_the_font_cannot_draw_opens_under_the_banner(own_home: Path, tmp_path: Path) -> None:
    """At start-up too: the bundled content is shown and the banner says why."""
    from tests.tofu import TOFU, tofu_folder

    folder = tofu_folder(tmp_path / "content")
    kiosk = build(own_home, content_dir=folder, language="en")
    preview = Preview(kiosk, folder)
    try:
        assert preview.banner.isVisible() and TOFU in preview.banner.list_label.text()
        assert kiosk.content.folder != folder
    finally:
        preview.stop()
        shutdown(kiosk)
