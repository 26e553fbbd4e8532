"""Photos are read only through kiosk.core.files: a photo path that is a FIFO, a device, a folder, a
loop of links, a huge or an empty file is a named failure, in `kiosk check` and on the way to the
screen (PhotoStore, what the carousel's loader calls), never a hang or a memory blow-up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from kiosk.core.photos import prepare as prepare_module
from kiosk.core.photos.cache import PhotoStore, check_photos, content_key
from kiosk.core.photos.prepare import PhotoError, content_hash, open_photo, prepare
from tests.hostile import PHOTO_REASONS as REASONS
from tests.hostile import kinds, make_hostile

WITHOUT_FOLDER = REASONS | {"dev-zero": "is a device, not a file", "dev-null": "is a device, not a file"}


def _photo(path: Path) -> Path:
    Image.new("RGB", (64, 48), (200, 40, 40)).save(path, "JPEG")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "photos").mkdir(parents=True)
    return content


@pytest.mark.timeout(60)  # a FIFO opened for reading would block for ever: fail, do not hang the run
@pytest.mark.parametrize("kind", kinds())
def test_kiosk_check_names_each_hostile_kind(folder: Path, tmp_path: Path, kind: str) -> None:
    good = _photo(folder / "photos" / "good.jpg")
    bad = folder / "photos" / "bad.jpg"
    make_hostile(bad, kind)
    files = [("albums[0].photos[0]", good), ("albums[0].photos[1]", bad)]
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # uncached, then cold and warm
        checked = check_photos(files, within=folder, cache_dir=cache)
        assert checked.problems == [("albums[0].photos[1]", f"bad.jpg: {REASONS[kind]}")]
        assert checked.decoded == 1
    without = check_photos(files)
    assert without.problems == [("albums[0].photos[1]", f"bad.jpg: {WITHOUT_FOLDER[kind]}")]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", kinds())
def test_the_way_to_the_screen_names_each_hostile_kind(folder: Path, tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    bad = folder / "photos" / "bad.jpg"
    make_hostile(bad, kind)
    store = PhotoStore(tmp_path / "cache")  # as the kiosk's loader makes it: the disk cache hashes the file first
    for _ in range(3):  # the carousel comes round again: the same words, logged once
        with pytest.raises(PhotoError) as raised:
            store.get(bad, (1920, 1080), within=folder)
        assert str(raised.value) == f"bad.jpg: {REASONS[kind]}" and raised.value.name == "bad.jpg"
    assert len([r for r in caplog.records if "cannot be shown" in r.getMessage()]) == 1
    with pytest.raises(PhotoError) as raised:
        prepare(bad, (1920, 1080))
    assert str(raised.value) == f"bad.jpg: {WITHOUT_FOLDER[kind]}"
    if kind not in ("empty", "huge"):  # refused before any byte is read
        with pytest.raises(PhotoError) as raised:
            content_key(bad, (1920, 1080), "cover", within=folder)
        assert str(raised.value) == f"bad.jpg: {REASONS[kind]}"


@pytest.mark.logs("leads outside its folder")
def test_a_link_out_of_the_content_folder_is_refused_where_the_folder_is_known(folder: Path, tmp_path: Path) -> None:
    outside = _photo(tmp_path / "elsewhere.jpg")
    link = folder / "photos" / "link.jpg"
    link.symlink_to(outside)
    assert prepare(link, (32, 24)).image.size == (32, 24)  # add-photos reads an exhibitor's own files anywhere
    with pytest.raises(PhotoError, match=r"^link.jpg: leads outside its folder \(through a link\)$"):
        prepare(link, (32, 24), within=folder)
    assert check_photos([("p", link)], within=folder).problems == [("p", "link.jpg: leads outside its folder (through a link)")]
    with pytest.raises(PhotoError, match="leads outside its folder"):
        PhotoStore(None).get(link, (32, 24), within=folder)


def test_a_file_larger_than_a_photo_may_be_is_refused_unread(tmp_path: Path) -> None:
    sparse = tmp_path / "enormous.jpg"
    with sparse.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # costs no disk
    with pytest.raises(PhotoError, match=r"^enormous.jpg: the file is 2.1 GB, more than the 1.1 GB a photo file may be: make it smaller$"):
        prepare(sparse, (100, 100))
    assert check_photos([("p", sparse)], cache_dir=tmp_path / "cache").problems[0][1].startswith("enormous.jpg: the file is 2.1 GB")


def test_the_limit_is_counted_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grows after it was measured is refused once the reader passes the limit."""
    path = _photo(tmp_path / "growing.jpg")
    monkeypatch.setattr(prepare_module, "MAX_FILE_BYTES", path.stat().st_size)
    with open_photo(path) as handle:
        with path.open("ab") as writer:
            writer.write(b"\0" * 100_000)
        with pytest.raises(OSError, match="larger than the limit"):
            content_hash(handle)


def test_pillow_is_never_given_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Image.open(path) would open the file again itself, past every check: it gets the open file."""
    given: list[object] = []
    real_open = Image.open

    def spy(fp: object, *args: object, **kwargs: object) -> Image.Image:
        given.append(fp)
        return real_open(fp, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Image, "open", spy)
    prepare(_photo(tmp_path / "p.jpg"), (32, 24))
    assert given and not any(isinstance(fp, str | bytes | os.PathLike) for fp in given)
