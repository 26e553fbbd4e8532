"""The photo pipeline on images the tests make: every mode, every orientation, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from kiosk.core.photos.cache import ByteLRU, PhotoStore, check_photos, content_key
from kiosk.core.photos.prepare import MAX_PIXELS, PhotoError, prepare


def _save(image: Image.Image, path: Path, **kwargs: object) -> Path:
    image.save(path, **kwargs)
    return path


def _landscape(w: int = 1200, h: int = 800) -> Image.Image:
    """Red left half, blue right half: orientation and crop are visible in the pixels."""
    image = Image.new("RGB", (w, h), (220, 30, 30))
    image.paste((30, 30, 220), (w // 2, 0, w, h))
    return image


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [
        ("RGB", "JPEG"),
        ("L", "JPEG"),
        ("CMYK", "JPEG"),
        ("P", "PNG"),
        ("RGBA", "PNG"),
        ("LA", "PNG"),
        ("1", "PNG"),
        ("I;16", "PNG"),
        ("I", "TIFF"),
        ("F", "TIFF"),
        ("RGB", "WEBP"),
        ("RGB", "BMP"),
        ("RGB", "GIF"),
    ],
)
def test_every_mode_becomes_screen_rgb(tmp_path: Path, mode: str, fmt: str) -> None:
    source = _landscape()
    if mode == "I;16":
        image = source.convert("L").point(lambda v: v * 256, mode="I").convert("I;16")
    elif mode in ("I", "F"):
        image = source.convert("L").convert(mode)
    else:
        image = source.convert(mode)
    path = _save(image, tmp_path / f"photo.{fmt.lower()}", format=fmt)
    result = prepare(path, (600, 400))
    assert result.image.mode == "RGB" and result.image.size == (600, 400)


def test_transparent_pixels_sit_on_the_theme_colour(tmp_path: Path) -> None:
    path = _save(Image.new("RGBA", (400, 300), (255, 0, 0, 0)), tmp_path / "clear.png")
    assert prepare(path, (200, 150)).image.getpixel((100, 75)) == (21, 41, 74)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(tmp_path: Path, orientation: int) -> None:
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = _save(_landscape(), tmp_path / "o.jpg", exif=exif, quality=95)
    result = prepare(path, (300, 300), "contain")
    rotated = orientation in (5, 6, 7, 8)
    assert result.source_size == ((800, 1200) if rotated else (1200, 800))
    assert result.image.size == ((200, 300) if rotated else (300, 200))


def test_cover_crops_the_middle_and_contain_fits(tmp_path: Path) -> None:
    path = _save(_landscape(2000, 1000), tmp_path / "wide.png")
    cover = prepare(path, (500, 500)).image
    assert cover.size == (500, 500)
    assert cover.getpixel((10, 250))[0] > 150 and cover.getpixel((490, 250))[2] > 150  # red left, blue right
    assert prepare(path, (500, 500), "contain").image.size == (500, 250)


def test_a_24_megapixel_jpeg_is_reduced_to_screen_size(tmp_path: Path) -> None:
    path = _save(_landscape(6000, 4000), tmp_path / "big.jpg", quality=85)
    assert prepare(path, (1920, 1080)).image.size == (1920, 1080)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"this is not an image at all", "not an image, or a format this kiosk cannot read"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not an image"),
    ],
)
def test_broken_files_say_why(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(content)
    with pytest.raises(PhotoError, match=expected):
        prepare(path, (100, 100))


def test_truncated_jpeg_and_missing_file(tmp_path: Path) -> None:
    whole = _save(_landscape(), tmp_path / "whole.jpg", quality=90).read_bytes()
    (tmp_path / "cut.jpg").write_bytes(whole[: len(whole) // 3])
    with pytest.raises(PhotoError, match="truncated or corrupt"):
        prepare(tmp_path / "cut.jpg", (100, 100))
    with pytest.raises(PhotoError, match="file not found"):
        prepare(tmp_path / "nope.jpg", (100, 100))


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    side = int(MAX_PIXELS**0.5) + 100
    path = _save(Image.new("1", (side, side)), tmp_path / "bomb.png", optimize=True)
    assert path.stat().st_size < 2_000_000  # small on disk, huge in memory
    with pytest.raises(PhotoError, match="refused as a decompression bomb"):
        prepare(path, (100, 100))
    just_over = _save(Image.new("1", (int(MAX_PIXELS**0.5) + 2, int(MAX_PIXELS**0.5) + 2)), tmp_path / "over.png", optimize=True)
    with pytest.raises(PhotoError, match="megapixels; the limit is 89"):  # our own, lower limit
        prepare(just_over, (100, 100))


def test_byte_lru_stays_within_its_limit() -> None:
    lru: ByteLRU[bytes] = ByteLRU(1000, len)
    for i in range(50):
        lru.put(str(i), b"x" * 300)
    assert lru.bytes <= 1000 and len(lru) == 3
    assert lru.get("49") is not None and lru.get("0") is None


def test_disk_cache_survives_a_restart_and_follows_edits(tmp_path: Path) -> None:
    photo = _save(_landscape(), tmp_path / "p.jpg", quality=90)
    cache = tmp_path / "cache"
    PhotoStore(cache).get(photo, (300, 200))
    assert len(list(cache.rglob("*.jpg"))) == 1
    again = PhotoStore(cache)  # a new process: empty memory
    key = content_key(photo, (300, 200), "cover")
    assert again.disk is not None and again.disk.load(key) is not None
    _save(_landscape().transpose(Image.Transpose.FLIP_LEFT_RIGHT), photo, quality=90)  # an exhibitor replaces it
    assert content_key(photo, (300, 200), "cover") != key


def test_a_read_only_cache_only_costs_speed(tmp_path: Path) -> None:
    photo = _save(_landscape(), tmp_path / "p.jpg")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    store = PhotoStore(blocker)
    assert store.get(photo, (300, 200)).size == (300, 200)
    assert store.disk is not None and store.disk.disabled_reason and "not writable" in store.disk.disabled_reason


def test_a_broken_photo_is_tried_and_logged_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    broken = tmp_path / "b.jpg"
    broken.write_bytes(b"nope")
    store = PhotoStore(None)
    for _ in range(5):
        with pytest.raises(PhotoError):
            store.get(broken, (100, 100))
    assert len([r for r in caplog.records if "cannot be shown" in r.getMessage()]) == 1


def test_check_lists_only_the_broken(tmp_path: Path) -> None:
    good = _save(_landscape(), tmp_path / "good.png")
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"")
    assert check_photos([("a", good), ("b", bad)]) == [("b", "bad.png: the file is empty")]


def test_wrong_extension_and_animation(tmp_path: Path) -> None:
    png_named_jpg = _save(_landscape(), tmp_path / "really-a-png.jpg", format="PNG")
    assert prepare(png_named_jpg, (300, 200)).image.size == (300, 200)  # the content decides, not the name
    frames = [_landscape().rotate(angle) for angle in (0, 90, 180)]
    animated = tmp_path / "anim.gif"
    frames[0].save(animated, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert prepare(animated, (300, 200)).image.size == (300, 200)  # the first frame
    webp = tmp_path / "anim.webp"
    frames[0].save(webp, save_all=True, append_images=frames[1:], duration=100)
    assert prepare(webp, (300, 200)).image.mode == "RGB"
