"""The photo pipeline on images the tests make: every mode, every orientation, broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from kiosk.core.photos.cache import ByteLRU, PhotoStore, check_photos, content_key
from kiosk.core.photos.prepare import DECODE_BUDGET, MAX_PIXELS, PhotoError, prepare
from tests import iphone_photos


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
        (b"this is not an image at all", "not an image this kiosk reads: it is text"),
        (b"%PDF-1.7\n%\xe2\xe3" + b"\x00" * 40, "not an image this kiosk reads: it is a PDF document"),
        (b"PK\x03\x04" + b"\x00" * 40, "it is a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "the PNG is cut off: its last bytes are zeros"),
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
    with pytest.raises(PhotoError, match=f"cut.jpg: the JPEG is cut off after {len(whole) // 3:,} bytes .*: copy it again"):
        prepare(tmp_path / "cut.jpg", (100, 100))
    with pytest.raises(PhotoError, match="file not found"):
        prepare(tmp_path / "nope.jpg", (100, 100))


def _claiming(path: Path, width: int, height: int, mode: str = "RGB") -> Path:
    """A small PNG whose header claims `width` x `height`: what a decompression bomb looks like."""
    import struct
    import zlib

    _save(Image.new(mode, (16, 16)), path)
    data = bytearray(path.read_bytes())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    path.write_bytes(bytes(data))
    return path


def test_a_header_claiming_no_real_photo_s_size_is_refused_with_the_figures(tmp_path: Path) -> None:
    with pytest.raises(
        PhotoError,
        match=r"bomb.png: the PNG says it is 260,000 x 260,000 pixels \(67.6 gigapixels\), more than this kiosk decodes \(limit 1 gigapix",
    ):
        prepare(_claiming(tmp_path / "bomb.png", 260_000, 260_000), (100, 100))
    assert MAX_PIXELS == 1_000_000_000


def test_the_limit_is_decode_memory_not_megapixels(tmp_path: Path) -> None:
    # 0.9 gigapixels of RGBA would need about 6 GB to decode: refused before decoding, with the figures.
    expected = r"huge.png: 30,000 x 30,000 pixels \(900 megapixels\) of RGBA would need 6.3 GB of memory to decode, more than 1.1 GB"
    with pytest.raises(PhotoError, match=expected):
        prepare(_claiming(tmp_path / "huge.png", 30_000, 30_000, "RGBA"), (100, 100))
    assert DECODE_BUDGET == 1024**3


def test_a_108_megapixel_jpeg_is_shown(tmp_path: Path) -> None:
    """Over Pillow's own 89 MP bomb warning and under its 179 MP error: a phone's ordinary photo. JPEG
    decodes at 1/8 size here, so it needs a few MB (the 200 MP case is measured by kiosk bench photos)."""
    path = _save(Image.new("L", (12_000, 9_000), 90), tmp_path / "phone.jpg", quality=60)
    result = prepare(path, (1920, 1080))
    assert result.image.size == (1920, 1080) and result.source_size == (12_000, 9_000)


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


@pytest.mark.logs("not writable")
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
    checked = check_photos([("a", good), ("b", bad)])
    assert checked.problems == [("b", "bad.png: the file is empty")] and checked.decoded == 1


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


def test_iphone_heic_and_avif_are_shown(tmp_path: Path) -> None:
    heic = tmp_path / "IMG_0001.HEIC"
    shutil.copyfile(iphone_photos.LANDSCAPE, heic)  # a real HEIC (pi-heif only decodes): what _landscape() shows
    avif = _save(_landscape(), tmp_path / "photo.avif", format="AVIF")
    for path in (heic, avif):
        result = prepare(path, (600, 400))
        assert result.image.size == (600, 400)
        left, right = result.image.getpixel((20, 200)), result.image.getpixel((580, 200))
        assert left[0] > 150 and right[2] > 150  # red left, blue right: decoded, not a placeholder


def test_progressive_and_cmyk_jpegs(tmp_path: Path) -> None:
    progressive = _save(_landscape(4000, 3000), tmp_path / "progressive.jpg", progressive=True, quality=80)
    assert prepare(progressive, (1920, 1080)).image.size == (1920, 1080)
    cmyk = _save(_landscape().convert("CMYK"), tmp_path / "print.jpg", quality=90)
    red = prepare(cmyk, (600, 400)).image.getpixel((20, 200))
    assert red[0] > 150 and red[2] < 100  # the colours survive CMYK


def test_sixteen_bit_images_keep_their_tones(tmp_path: Path) -> None:
    flat = _save(Image.new("I;16", (400, 300), 30_000), tmp_path / "flat16.png")
    assert prepare(flat, (200, 150)).image.getpixel((10, 10)) == (117, 117, 117)  # 30000 / 65535 of white, not black
    ramp = Image.linear_gradient("L").resize((256, 256)).point(lambda v: v * 257, mode="I").convert("I;16")
    shade = prepare(_save(ramp, tmp_path / "ramp16.png"), (256, 256)).image
    assert shade.getpixel((128, 10))[0] < 20 and shade.getpixel((128, 245))[0] > 235


def test_animations_show_their_first_frame(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (300, 200), colour) for colour in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    apng = tmp_path / "anim.png"
    frames[0].save(apng, save_all=True, append_images=frames[1:], duration=100)
    assert prepare(apng, (300, 200)).image.getpixel((150, 100))[0] > 150


def test_formats_this_build_cannot_decode_are_named(tmp_path: Path) -> None:
    import io
    import struct

    jpeg = io.BytesIO()
    _landscape().save(jpeg, "JPEG")
    data = jpeg.getvalue()
    header = struct.pack("<2sIHHI", b"BM", 54 + len(data), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, 1200, 800, 1, 24, 4, len(data), 2835, 2835, 0, 0)  # compression 4: BI_JPEG
    (tmp_path / "scan.bmp").write_bytes(header + info + data)
    with pytest.raises(PhotoError, match=r"scan\.bmp: format not supported by this build: BMP with an embedded JPEG"):
        prepare(tmp_path / "scan.bmp", (100, 100))
    tiff = _save(_landscape(300, 200), tmp_path / "web.tif", compression="tiff_lzw")
    raw = bytearray(tiff.read_bytes())
    first = struct.unpack("<I", raw[4:8])[0]
    for i in range(struct.unpack("<H", raw[first : first + 2])[0]):
        entry = first + 2 + 12 * i
        if struct.unpack("<H", raw[entry : entry + 2])[0] == 259:  # Compression
            raw[entry + 8 : entry + 10] = struct.pack("<H", 50001)  # WebP
    tiff.write_bytes(bytes(raw))
    with pytest.raises(PhotoError, match=r"web\.tif: TIFF compression WebP is not supported by this build: save it as JPEG or PNG"):
        prepare(tiff, (100, 100))


def test_what_the_decoders_say_is_kept_with_the_file_name_and_never_printed(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    import io

    photo = io.BytesIO()
    _landscape().save(photo, "JPEG", exif=b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff broken")
    path = tmp_path / "odd-exif.jpg"
    path.write_bytes(photo.getvalue())
    result = prepare(path, (300, 200))
    assert any("Corrupt EXIF" in note for note in result.notes)
    store = PhotoStore(None)
    for width in (300, 310, 320):  # prepared three times, at three sizes
        store.get(path, (width, 200))
    logged = [r.getMessage() for r in caplog.records if "decoder said" in r.getMessage()]
    assert logged == [f"photo odd-exif.jpg shown, but its decoder said: {'; '.join(result.notes)}"]  # once, named
    out, err = capfd.readouterr()
    assert "EXIF" not in err and "EXIF" not in out
    checked = check_photos([("albums[0].photos[0]", path)])
    assert checked.problems == [] and checked.notes and checked.notes[0][1].startswith("odd-exif.jpg: Corrupt EXIF")
