"""kiosk add-photos: the exhibitor's photos into an album, web-ready, without metadata, listed in
content.json with the texts left to fill in."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from kiosk.core import files
from kiosk.core.content import load_content
from kiosk.core.content.add_photos import MAX_SIDE, AddPhotosError, add_photos
from tests import iphone_photos
from tests.faults import failing_at, snapshot
from tests.hostile import kinds, make_hostile

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
    heic = tmp_path / "IMG_0008.HEIC"
    shutil.copyfile(iphone_photos.PHONE, heic)  # a real iPhone-like HEIC (pi-heif only decodes)
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


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"languages": 5}, "languages must be a list of objects, not a number"),
        ({"albums": 7}, "albums must be a list of objects, not a number"),
        ({"albums": [7]}, "albums must be a list of objects, not a list with other things in it"),
        ({"albums": None}, "albums must be a list of objects, not null"),
    ],
)
def test_content_of_the_wrong_shape_is_named_not_a_type_error(
    content_copy: Path, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    (content_copy / "content.json").write_text(json.dumps({**data, **change}), encoding="utf-8")
    before = snapshot(content_copy)
    with pytest.raises(AddPhotosError, match=f"content.json: {re.escape(message)}; run kiosk check --content"):
        add_photos(content_copy, "qixia-lake", [_phone_photo(tmp_path / "a.jpg", (300, 200))])
    assert snapshot(content_copy) == before


@pytest.mark.parametrize("kind", kinds())
def test_a_content_file_that_cannot_be_read_is_named(content_copy: Path, tmp_path: Path, kind: str) -> None:
    make_hostile(content_copy / "content.json", kind)
    with pytest.raises(AddPhotosError, match=r"content\.json: cannot be read as content \(.+\); run kiosk check"):
        add_photos(content_copy, "qixia-lake", [_phone_photo(tmp_path / "a.jpg", (300, 200))])


@pytest.mark.parametrize("kind", [k for k in kinds() if k != "huge"])
def test_a_source_that_is_not_a_regular_file_is_refused_by_name(content_copy: Path, tmp_path: Path, kind: str) -> None:
    """A FIFO used to block add-photos for ever; the good photo beside it is still added."""
    odd = tmp_path / "odd.jpg"
    make_hostile(odd, kind)
    result = add_photos(content_copy, "qixia-lake", [odd, _phone_photo(tmp_path / "good.jpg", (300, 200))])
    assert [a.file for a in result.added] == ["photos/qixia-lake/good.jpg"]
    assert len(result.refused) == 1 and result.refused[0].startswith("odd.jpg: ")


def test_two_sources_with_one_name_get_two_files(content_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _phone_photo(tmp_path / "a" / "lake.jpg", (300, 200)), _phone_photo(tmp_path / "b" / "lake.jpg", (200, 300))
    added = add_photos(content_copy, "qixia-lake", [first, second]).added
    assert [a.file for a in added] == ["photos/qixia-lake/lake.jpg", "photos/qixia-lake/lake-2.jpg"]
    with Image.open(content_copy / "photos" / "qixia-lake" / "lake-2.jpg") as written:
        assert written.size == (300, 200)  # the second photo, turned upright: not the first one again


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_adding_failing_at_any_step_adds_nothing(content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """A read-only or full disk at any step: named, with no photo left in the album unlisted and no
    entry without its photo (it used to raise an OSError and leave the photo behind)."""
    photos = [_phone_photo(tmp_path / "one.jpg", (300, 200)), _phone_photo(tmp_path / "two.jpg", (300, 200))]
    shutil.rmtree(content_copy / "photos" / "qixia-lake")  # its folder is made, and removed again on a failure
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # waiting for the disk only costs time; each fsync still fails in turn
    pristine = tmp_path / "pristine"
    shutil.copytree(content_copy, pristine)
    words = files.describe(OSError(code, ""))
    for step in range(200):
        before = snapshot(content_copy)
        with failing_at(monkeypatch, step, code) as faults:
            try:
                result = add_photos(content_copy, "qixia-lake", photos)
            except AddPhotosError as exc:
                assert faults.fired and words in str(exc), exc
                assert snapshot(content_copy) == before, f"changed after {faults.fired} failed: {exc}"
                continue
        if not faults.fired:
            break
        # A failure passed over (a source photo that could not be read is refused by name; a decoder's
        # scratch file falls back): whatever was added is whole, listed and on the disk.
        assert all(words in refused for refused in result.refused) and result.added, faults.fired
        listed = {p["file"] for a in json.loads((content_copy / "content.json").read_text(encoding="utf-8"))["albums"] for p in a["photos"]}
        on_disk = {f"photos/qixia-lake/{p.name}" for p in (content_copy / "photos" / "qixia-lake").iterdir()}
        assert on_disk == {a.file for a in result.added} and on_disk <= listed, faults.fired
        shutil.rmtree(content_copy)
        shutil.copytree(pristine, content_copy)
    assert [a.file for a in result.added] == ["photos/qixia-lake/one.jpg", "photos/qixia-lake/two.jpg"]
    assert (content_copy / "photos" / "qixia-lake" / "two.jpg").is_file() and step > 5


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_added_photos_and_content_json_are_readable_by_a_kiosk_running_as_another_user(content_copy: Path, tmp_path: Path) -> None:
    """A hall's service account reads what an exhibitor added, as it reads the bundled content: mkstemp's
    0600 kept it out."""
    result = add_photos(content_copy, "qixia-lake", [_phone_photo(tmp_path / "IMG_0009.JPG", (800, 600))])
    for path in (content_copy / result.added[0].file, content_copy / "content.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
