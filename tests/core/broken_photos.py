"""Photo files broken the ways real ones are, made by Pillow and by editing bytes (after the kinds in
Pillow's own Tests/images: zero_width.gif, truncated_image.png, crash-*.tif, hopper_webp.tif,
unknown_compression_method.png, png_decompression_dos.png, decompression_bomb.gif, ...).
`make(kind, folder)` writes one; BROKEN says what the kiosk must say about each."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from PIL import Image


def picture(w: int = 160, h: int = 120) -> Image.Image:
    """Deterministic and photo-like enough to compress like one (no random noise: the same bytes every run)."""
    ramp = Image.linear_gradient("L").resize((w, h))
    return Image.merge("RGB", [ramp, ramp.rotate(90, expand=False), ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])


def encoded(image: Image.Image, fmt: str, **options: object) -> bytearray:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return bytearray(out.getvalue())


def png_chunks(data: bytes) -> list[tuple[int, bytes, int]]:
    """(offset, type, length) of each chunk."""
    found, at = [], 8
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        found.append((at, bytes(data[at + 4 : at + 8]), length))
        at += 12 + length
    return found


def fix_crc(data: bytearray, at: int) -> None:
    """Recompute the CRC of the PNG chunk at `at` (after an edit that should not look like damage)."""
    (length,) = struct.unpack(">I", data[at : at + 4])
    data[at + 8 + length : at + 12 + length] = struct.pack(">I", zlib.crc32(bytes(data[at + 4 : at + 8 + length])) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytearray:
    data = encoded(Image.new("RGB", (16, 16)), "PNG")
    data[16:24] = struct.pack(">II", width, height)
    fix_crc(data, 8)
    return data


def gif_zero_width() -> bytearray:
    """A GIF whose screen and first frame both say 0 pixels wide (Pillow's zero_width.gif)."""
    data = encoded(picture().convert("P"), "GIF")
    data[6:8] = b"\0\0"
    flags = data[10]
    at = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while data[at] == 0x21:  # extensions: introducer, label, sub-blocks
        at += 2
        while data[at]:
            at += data[at] + 1
        at += 1
    assert data[at] == 0x2C
    data[at + 5 : at + 7] = b"\0\0"  # the image descriptor's width
    return data


def tiff(photometric: int, bits: tuple[int, ...], *, sample_format: int = 1, compression: int = 1, samples: int | None = None) -> bytearray:
    """A small uncompressed-looking TIFF with exactly these tags (Pillow cannot write most of them)."""
    w, h = 40, 30
    pixels = bytes((w * sum(bits) // 8 + 1) * h)
    tags: list[tuple[int, int, list[int]]] = [
        (256, 3, [w]),
        (257, 3, [h]),
        (258, 3, list(bits)),
        (259, 3, [compression]),
        (262, 3, [photometric]),
        (273, 4, [0]),
        (277, 3, [samples if samples is not None else len(bits)]),
        (278, 3, [h]),
        (279, 4, [len(pixels)]),
        (284, 3, [1]),
        (339, 3, [sample_format] * len(bits)),
    ]
    after = 8 + 2 + 12 * len(tags) + 4
    entries, extra = [], b""
    for tag, kind, values in tags:
        packed = struct.pack("<" + ("H" if kind == 3 else "I") * len(values), *values)
        if len(packed) <= 4:
            entries.append(struct.pack("<HHI", tag, kind, len(values)) + packed.ljust(4, b"\0"))
        else:
            entries.append(struct.pack("<HHII", tag, kind, len(values), after + len(extra)))
            extra += packed
    strip = after + len(extra)
    entries = [struct.pack("<HHII", 273, 4, 1, strip) if e[:2] == struct.pack("<H", 273) else e for e in entries]
    return bytearray(b"II*\0" + struct.pack("<IH", 8, len(tags)) + b"".join(entries) + b"\0\0\0\0" + extra + pixels)


def tiff_compression(number: int, *, saved_as: str = "raw") -> bytearray:
    """A TIFF Pillow wrote, whose Compression tag then says `number`."""
    data = encoded(picture(), "TIFF", compression=saved_as)
    first = struct.unpack("<I", data[4:8])[0]
    for i in range(struct.unpack("<H", data[first : first + 2])[0]):
        entry = first + 2 + 12 * i
        if struct.unpack("<H", data[entry : entry + 2])[0] == 259:
            data[entry + 8 : entry + 10] = struct.pack("<H", number)
    return data


def jpeg_12_bit() -> bytearray:
    data = encoded(picture(), "JPEG")
    sof = data.index(b"\xff\xc0")
    data[sof + 4] = 12  # the frame's sample precision
    return data


def png_damaged_inside() -> bytearray:
    """Picture data overwritten in the middle of the IDAT chunk; the chunk's CRC and IEND are intact."""
    data = encoded(picture(), "PNG")
    at, _, length = next(c for c in png_chunks(data) if c[1] == b"IDAT")
    middle = at + 8 + length // 2
    data[middle : middle + 24] = b"\xff" * 24
    fix_crc(data, at)
    return data


def png_bad_crc() -> bytearray:
    data = encoded(picture(), "PNG")
    data[29] ^= 0xFF  # IHDR's CRC
    return data


def png_icc_unknown_method() -> bytearray:
    """An iCCP chunk whose compression method byte says 1 (PNG has only 0)."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(picture(), "PNG", icc_profile=profile)
    at, _, _ = next(c for c in png_chunks(data) if c[1] == b"iCCP")
    name_end = data.index(b"\0", at + 8)
    data[name_end + 1] = 1
    fix_crc(data, at)
    return data


def png_text_bomb() -> bytearray:
    """A zTXt chunk of 2 MB of zeros, a few KB packed: more than Pillow unpacks (its MAX_TEXT_CHUNK)."""
    data = encoded(picture(), "PNG")
    body = b"Comment\0\0" + zlib.compress(b"\0" * (2 * 1024 * 1024), 9)
    chunk = struct.pack(">I", len(body)) + b"zTXt" + body
    chunk += struct.pack(">I", zlib.crc32(chunk[4:]) & 0xFFFFFFFF)
    return bytearray(data[:33] + chunk + data[33:])  # after IHDR


def apng_no_frames() -> bytearray:
    """An animated PNG that says it has no frames and holds no picture (Pillow's apng/syntax_num_frames_zero.png)."""
    data = encoded(Image.new("RGBA", (60, 40)), "PNG")
    body = struct.pack(">II", 0, 0)  # num_frames, num_plays
    actl = struct.pack(">I", len(body)) + b"acTL" + body
    actl += struct.pack(">I", zlib.crc32(actl[4:]) & 0xFFFFFFFF)
    return bytearray(data[:33] + actl + data[-12:])  # IHDR, acTL, IEND


def cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _heic_cut() -> bytes:
    from tests import iphone_photos  # a real HEIC: pi-heif, the kiosk's HEIC decoder, cannot write one

    return cut(iphone_photos.LANDSCAPE.read_bytes())


# kind: (file name, its bytes, what the message must say after "name: ")
BROKEN: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "zero-width-gif": ("zero-width.gif", gif_zero_width, r"the GIF says it is 0 pixels wide: it is damaged"),
    "zero-width-png": ("zero-width.png", lambda: png_claiming(0, 100), r"the PNG says it is 0 pixels wide"),
    "cut-png": (
        "cut.png",
        lambda: cut(encoded(picture(), "PNG")),
        r"the PNG is cut off after [\d,]+ bytes .*: copy it again from",
    ),
    "cut-jpeg": ("cut.jpg", lambda: cut(encoded(picture(800, 600), "JPEG")), r"the JPEG is cut off after [\d,]+ bytes"),
    "cut-progressive-jpeg": (
        "cut-progressive.jpg",
        lambda: encoded(picture(1600, 1200), "JPEG", progressive=True)[:-2000],  # only the last refinement scan is missing
        r"the JPEG is cut off after [\d,]+ bytes",
    ),
    "cut-gif": ("cut.gif", lambda: cut(encoded(picture().convert("P"), "GIF")), r"the GIF is cut off after"),
    "cut-bmp": ("cut.bmp", lambda: cut(encoded(picture(), "BMP")), r"the BMP is cut off after"),
    "cut-webp": ("cut.webp", lambda: cut(encoded(picture(), "WEBP")), r"the WebP image is cut off after"),
    "cut-tiff": ("cut.tif", lambda: cut(encoded(picture(), "TIFF")), r"the TIFF is cut off after"),
    "cut-heic": ("cut.heic", _heic_cut, r"the HEIC photo is (cut off|damaged)"),
    "zeros": ("zeros.jpg", lambda: bytes(5000), r"not an image this kiosk reads: it is nothing but zero bytes"),
    "bad-crc-png": ("bad-crc.png", png_bad_crc, r"the PNG fails its checksum in the IHDR chunk \(damaged in copying\?\): copy it again"),
    "damaged-png": ("damaged.png", png_damaged_inside, r"the PNG's compressed picture data is damaged \(it does not unpack\)"),
    "bomb-png": (
        "bomb.png",
        lambda: png_claiming(40_000, 40_000),
        r"the PNG says it is 40,000 x 40,000 pixels \(1.6 gigapixels\), more than this kiosk decodes \(limit 1 gigapixel\).*smaller",
    ),
    "text-bomb-png": ("text-bomb.png", png_text_bomb, r"the PNG carries text or a colour profile that unpacks to more than"),
    "icc-method-png": ("icc.png", png_icc_unknown_method, r"the PNG's iCCP chunk uses compression method 1, which PNG does not have"),
    "apng-no-frames": ("anim.png", apng_no_frames, r"the animated PNG says it has no frames"),
    "tiff-compression-99": ("c99.tif", lambda: tiff_compression(99), r"TIFF compression 99 is not supported: save it as JPEG or PNG"),
    "tiff-jpeg-xl": ("jxl.tif", lambda: tiff_compression(50002), r"TIFF compression JPEG XL is not supported: save it as JPEG or PNG"),
    "tiff-dng-lossy": (
        "raw.tif",
        lambda: tiff_compression(34892),
        r"TIFF compression lossy JPEG \(a camera's DNG raw file\?\) is not",
    ),
    "tiff-lzw-garbage": ("lzw.tif", lambda: tiff_compression(5), r"the TIFF's picture data is damaged \(libtiff"),
    "tiff-float-rgb": (
        "float.tif",
        lambda: tiff(2, (32, 32, 32), sample_format=3),
        r"as 32-bit floating-point RGB, which this kiosk",
    ),
    "tiff-lab-16": (
        "lab.tif",
        lambda: tiff(8, (16, 16, 16)),
        r"the TIFF stores its pixels as 16-bit CIE Lab, which this kiosk",
    ),
    "tiff-cmyk-5": ("cmyk5.tif", lambda: tiff(5, (8,) * 5), r"the TIFF stores its pixels as 8-bit CMYK with 5 samples a pixel"),
    "tiff-samples": ("samples.tif", lambda: tiff(2, (8,), samples=65535), r"the TIFF says each pixel has 65,535 samples: it is damaged"),
    "jpeg-12-bit": ("12bit.jpg", jpeg_12_bit, r"the JPEG is 12-bit, which this kiosk does not read: save it as an ordinary 8-bit JPEG"),
    "ppm": (
        "photo.ppm",
        lambda: encoded(picture(), "PPM"),
        r"not an image this kiosk reads: it is in the PPM format \(save it as JPEG",
    ),
}


def make(kind: str, folder: Path) -> Path:
    name, data, _ = BROKEN[kind]
    path = folder / name
    path.write_bytes(bytes(data()))
    return path
