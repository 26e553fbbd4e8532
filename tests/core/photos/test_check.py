"""`kiosk check` on a large album: decoded in worker processes and remembered by content, and still
every broken photo named, in album order. Behaviour only; the time is a figure of
`kiosk bench photos` (kiosk/qa/bench/photo_pipeline.py)."""

from __future__ import annotations

import json
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import PIL
import pytest
from PIL import Image

from kiosk.core.photos.check import CACHE_FILE, check_photos
from tests.core.broken_photos import make
from tests.hostile import make_hostile

ALBUM = 2000


def _album(folder: Path, count: int) -> list[tuple[str, Path]]:
    """`count` small distinct JPEGs (a colour each), as content.json would list them."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        path = folder / f"{i:04d}.jpg"
        Image.new("RGB", (48, 32), (i % 256, (i // 256) * 30 % 256, 90)).save(path, "JPEG", quality=70)
        files.append((f"albums[0].photos[{i}]", path))
    return files


def _break(files: list[tuple[str, Path]], folder: Path) -> dict[int, str]:
    """Break some photos of the album, each its own way; what each must be called."""
    whole = files[0][1].read_bytes()
    expected: dict[int, str] = {}

    def put(index: int, data: bytes, words: str) -> None:
        files[index][1].write_bytes(data)
        expected[index] = words

    put(7, whole[: len(whole) // 2], f"the JPEG is cut off after {len(whole) // 2:,} bytes")
    put(150, b"", "the file is empty")
    put(399, b"a shopping list", "not an image this kiosk reads: it is text")
    put(1024, bytes(3000), "not an image this kiosk reads: it is nothing but zero bytes")
    hostile = {512: ("fifo", "is a pipe (FIFO)"), 777: ("directory", "is a folder"), 1500: ("link-loop", "leads into a loop")}
    hostile[1998] = ("dev-zero", "leads outside")
    for index, (kind, words) in hostile.items():
        make_hostile(files[index][1], kind)
        expected[index] = words
    made = {3: ("tiff-compression-99", "TIFF compression 99"), 1200: ("zero-width-gif", "the GIF says it is 0 pixels wide")}
    made[1999] = ("bad-crc-png", "the PNG fails its checksum")
    (folder / "made").mkdir()
    for index, (kind, words) in made.items():
        files[index][1].write_bytes(make(kind, folder / "made").read_bytes())
        expected[index] = words
    return expected


def _assert_named(problems: list[tuple[str, str]], files: list[tuple[str, Path]], expected: dict[int, str]) -> None:
    assert [place for place, _ in problems] == [files[i][0] for i in sorted(expected)]  # every one, in album order
    for (_, words), index in zip(problems, sorted(expected), strict=True):
        assert words.startswith(f"{files[index][1].name}: {expected[index]}"), words


@pytest.mark.timeout(600)
def test_every_broken_photo_among_2000_is_named_cold_and_warm(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    files = _album(folder / "photos", ALBUM)
    expected = _break(files, folder)
    cache = tmp_path / "cache"

    cold = check_photos(files, within=folder, cache_dir=cache, workers=2)
    assert cold.workers == 2 and cold.cached == 0  # decoded in two worker processes
    _assert_named(cold.problems, files, expected)
    assert cold.decoded == ALBUM - len(expected)

    warm = check_photos(files, within=folder, cache_dir=cache, workers=2)
    assert warm.problems == cold.problems and warm.decoded == cold.decoded
    refused = 5  # FIFO, folder, loop, device link, empty: refused before a byte is read, never remembered
    assert warm.cached == ALBUM - refused

    here = check_photos(files, within=folder, workers=1)  # in this process, uncached: the same verdicts
    assert here.problems == cold.problems and here.workers == 1

    # An exhibitor fixes one photo and breaks another: the cache follows the content.
    files[7][1].write_bytes(files[8][1].read_bytes())
    files[9][1].write_bytes(files[9][1].read_bytes()[:100])
    expected.pop(7)
    expected[9] = "the JPEG is cut off after 100 bytes"
    after = check_photos(files, within=folder, cache_dir=cache, workers=2)
    _assert_named(after.problems, files, expected)


def test_a_damaged_or_foreign_result_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "content"
    files = _album(folder, 5)
    make("cut-png", folder).replace(files[2][1])
    cache = tmp_path / "cache"
    first = check_photos(files, within=folder, cache_dir=cache)
    assert len(first.problems) == 1 and first.cached == 0
    assert check_photos(files, within=folder, cache_dir=cache).cached == 5

    (cache / CACHE_FILE).write_text('{"stamp": {"check": 1}, "results": {"x": ["y", []], "x": 1}}')  # a key twice: refused
    again = check_photos(files, within=folder, cache_dir=cache)
    assert again.cached == 0 and again.problems == first.problems
    assert json.loads((cache / CACHE_FILE).read_text())["results"]  # written afresh

    monkeypatch.setattr(PIL, "__version__", "0.0-another")  # another Pillow may decode differently: decode again
    assert check_photos(files, within=folder, cache_dir=cache).cached == 0

    (cache / CACHE_FILE).unlink()
    make_hostile(cache / CACHE_FILE, "fifo")  # never read, and replaced by a file
    assert check_photos(files, within=folder, cache_dir=cache).problems == first.problems
    assert (cache / CACHE_FILE).is_file()


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    files = _album(folder, 3)
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    checked = check_photos(files, within=folder, cache_dir=blocker)
    assert checked.problems == [] and checked.decoded == 3


def test_notes_are_kept_with_the_verdict(tmp_path: Path) -> None:
    """What a decoder said about a photo it showed comes back from the cache too."""
    import io

    photo = io.BytesIO()
    Image.new("RGB", (60, 40)).save(photo, "JPEG", exif=b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff broken")
    path = tmp_path / "odd-exif.jpg"
    path.write_bytes(photo.getvalue())
    cold = check_photos([("p", path)], cache_dir=tmp_path / "cache")
    warm = check_photos([("p", path)], cache_dir=tmp_path / "cache")
    assert cold.notes and warm.notes == cold.notes and warm.cached == 1
    assert cold.notes[0][1].startswith("odd-exif.jpg: Corrupt EXIF")


class _BrokenPool:
    """A process pool whose workers die (killed, or not allowed to start), as ProcessPoolExecutor reports it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def submit(self, *args: object) -> Future[object]:
        future: Future[object] = Future()
        future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


@pytest.mark.logs("photo check workers stopped")
def test_workers_that_die_leave_the_check_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    files = _album(tmp_path / "content", 30)
    files[4][1].write_bytes(b"")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _BrokenPool)
    checked = check_photos(files, workers=2)
    assert checked.workers == 1 and checked.problems == [(files[4][0], "0004.jpg: the file is empty")] and checked.decoded == 29
