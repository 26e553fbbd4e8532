"""kiosk add-photos: the exhibitor's photos into an album, web-ready, without metadata, listed in
content.json with the texts left to fill in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from kiosk.core.content import load_content
from kiosk.core.content.add_photos import MAX_SIDE, AddPhotosError, add_photos
from kiosk.core.photos.prepare import register_plugins

register_plugins()  # pillow-heif also writes HEIC: the tests make iPhone photos with it
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _phone_photo(path: Path, size: tuple[int, int] = (4032, 3024), fmt: str = "JPEG") -> Path:
    """Red left, blue right, upright only when its EXIF orientation (6: turn right) is applied, with a
    GPS position, a camera, an owner and a colour profile, as a phone writes them."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x013B] = "Zhang San"  # artist
    exif[0x8825] = {1: "N", 2: (36.0, 30.0, 0.0), 3: "E", 4: (103.0, 40.0, 0.0)}  # GPS
    image.save(path, fmt, exif=exif, icc_profile=SRGB)
    return path


def test_photos_become_web_ready_entries_with_texts_to_fill_in(content_copy: Path, tmp_path: Path) -> None:
    before = (content_copy / "content.json").read_text(encoding="utf-8")
    jpeg = _phone_photo(tmp_path / "IMG_0007.JPG")
    heic = _phone_photo(tmp_path / "IMG_0008.HEIC", (1200, 900), "HEIF")
    chinese = _phone_photo(tmp_path / "栖霞湖.jpg", (800, 600))
    not_photo = tmp_path / "notes.txt"
    not_photo.write_text("a shopping list")
    result = add_photos(content_copy, "qixia-lake", [jpeg, heic, chinese, not_photo])
    assert [a.file for a in result.added] == [
        "photos/qixia-lake/img-0007.jpg",
        "photos/qixia-lake/img-0008.jpg",
        "photos/qixia-lake/photo.jpg",
    ]
    assert result.refused == ["notes.txt: not an image this kiosk reads: it is text"]
    written = Image.open(content_copy / "photos" / "qixia-lake" / "img-0007.jpg")
    assert written.format == "JPEG" and max(written.size) <= MAX_SIDE and written.size == (2880, 3840)  # turned upright, 4K at most
    assert written.getexif() == {} and "exif" not in written.info  # no GPS, camera or owner left
    assert written.info.get("icc_profile") == SRGB  # but its colours' profile stays
    top, bottom = written.getpixel((1440, 100)), written.getpixel((1440, 3700))
    assert top[0] > 150 and bottom[2] > 150  # red above blue: the orientation was applied to the pixels
    after = (content_copy / "content.json").read_text(encoding="utf-8")
    assert after.startswith(before[:200]) and after.endswith("\n")  # the file's own formatting and key order
    album = next(a for a in json.loads(after)["albums"] if a["id"] == "qixia-lake")
    assert album["photos"][-3]["caption"] == {"zh": "", "en": ""} and album["photos"][-3]["illustration"] is False
    problems = [str(p) for p in load_content(content_copy).problems]  # what kiosk check will list
    assert any("photos[4].caption" in p for p in problems) and any("photos[6].credit" in p for p in problems)


def test_adding_twice_keeps_names_and_ids_unique(content_copy: Path, tmp_path: Path) -> None:
    photo = _phone_photo(tmp_path / "lake.jpg", (600, 400))
    first = add_photos(content_copy, "qixia-lake", [photo]).added[0]
    second = add_photos(content_copy, "qixia-lake", [photo]).added[0]
    assert (first.file, second.file) == ("photos/qixia-lake/lake.jpg", "photos/qixia-lake/lake-2.jpg")
    assert first.id != second.id


def test_an_unknown_album_adds_nothing_and_names_the_albums(content_copy: Path, tmp_path: Path) -> None:
    before = (content_copy / "content.json").read_bytes()
    with pytest.raises(
        AddPhotosError, match=r"no album 'lake' in .*; the albums are: dolphin-park, qixia-lake, talent-festival, heavy-ion-base"
    ):
        add_photos(content_copy, "lake", [_phone_photo(tmp_path / "a.jpg", (300, 200))])
    assert (content_copy / "content.json").read_bytes() == before
