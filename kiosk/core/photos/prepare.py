"""Turn any image file a camera, phone or editor makes into screen-sized RGB, or say precisely why not.

Formats: JPEG (progressive, CMYK, any size), PNG (16-bit with its tones), WebP, TIFF, BMP, GIF and APNG
(the first frame), AVIF (Pillow), HEIC/HEIF (pillow-heif). EXIF orientation is applied.

Size is judged by memory, not by a fixed megapixel count: a JPEG is decoded at 1/2, 1/4 or 1/8 of its
size when that still covers the screen (so a phone's 200 MP photo needs a few MB), other formats whole.
A file whose header claims more than MAX_PIXELS (no camera makes one) or whose decode would need more
than DECODE_BUDGET bytes is refused before decoding, with the figures.

Every failure is a PhotoError whose message names the file and the cause. Whatever the decoders say
along the way (Python warnings, Pillow's log, libtiff on stderr) is collected into `Prepared.notes`
for the caller to log once, with the file's name; nothing reaches stderr or the log unnamed."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import struct
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

from PIL import Image, ImageOps, UnidentifiedImageError

PIPELINE_VERSION = 2  # part of every disk-cache key: bump it when the output changes
MAX_FILE_BYTES = 1024**3
MAX_PIXELS = 1_000_000_000  # claimed by a header: the largest camera photos are about 0.4 gigapixels
DECODE_BUDGET = 1024**3  # bytes one decode may take (the decoded image and its RGB copy)
ORIENTATION_TAG = 0x0112
BACKGROUND = (21, 41, 74)  # the theme's surface colour, behind transparent images

# Pillow's own guard refuses ordinary 90-180 MP photos as "decompression bombs"; the checks here
# (claimed size, decode memory) replace it for this process, which decodes only through prepare().
Image.MAX_IMAGE_PIXELS = None

Fit = Literal["cover", "contain"]
_BYTES_PER_SAMPLE = {"I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2, "I": 4, "F": 4, "1": 1}


class PhotoError(Exception):
    """A file that cannot be shown; the message, for staff, starts with the file's name."""


@dataclass(frozen=True)
class Prepared:
    image: Image.Image  # RGB
    source_size: tuple[int, int]  # as oriented
    notes: tuple[str, ...] = field(default=())  # what the decoders said (shown anyway)
    icc_profile: bytes | None = None  # the colour profile the file carried (kiosk add-photos keeps it)


def register_plugins() -> None:
    """HEIC/HEIF through pillow-heif (the iPhone's default); AVIF is Pillow's own. Once per process."""
    if "HEIF" in Image.OPEN:
        return
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # a build without it: HEIC files get a plain "not supported by this build"
        return
    register_heif_opener()


# --- what the decoders say --------------------------------------------------------------------------

_DECODING = threading.Lock()  # one decode at a time: warnings and stderr are process-wide
_current: list[list[str]] = []  # the notes of the decode in progress (under _DECODING)


class _PillowLog(logging.Filter):
    """Pillow's own log lines (an ERROR with no file name reached the staff panel) go to the notes of
    the file being decoded instead; outside a decode they pass as they are."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _current or threading.current_thread() is not _owner[0]:
            return True
        if record.levelno >= logging.INFO:
            _current[-1].append(record.getMessage())
        return False


_owner: list[threading.Thread | None] = [None]
_PILLOW_LOG = _PillowLog()


def _listen_to_pillow_loggers() -> None:
    """A logger's filter sees only records made on that logger, so each of Pillow's (one per plugin,
    made as plugins load) gets it."""
    names = [name for name in logging.root.manager.loggerDict if name == "PIL" or name.startswith("PIL.")]
    for name in names:
        logger = logging.getLogger(name)
        if _PILLOW_LOG not in logger.filters:
            logger.addFilter(_PILLOW_LOG)


_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # the kiosk's own log format (cli.setup_logging)


@contextlib.contextmanager
def _listening() -> Iterator[list[str]]:
    """Collect Python warnings, Pillow's log and C decoders' stderr (libtiff) while decoding."""
    notes: list[str] = []
    with _DECODING:
        _listen_to_pillow_loggers()
        _current.append(notes)
        _owner[0] = threading.current_thread()
        saved_stderr, sink = _redirect_stderr()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                yield notes
            notes.extend(str(w.message).strip() for w in caught)
        finally:
            notes.extend(_restore_stderr(saved_stderr, sink))
            _owner[0] = None
            _current.pop()


def _redirect_stderr() -> tuple[int | None, IO[bytes] | None]:
    """C decoders (libtiff) write warnings to file descriptor 2: point it at a file for the decode."""
    import tempfile

    try:
        sys.stderr.flush()
        sink = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _restore_stderr, after the decode
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
    except (OSError, ValueError):
        return None, None
    return saved, sink


def _restore_stderr(saved: int | None, sink: IO[bytes] | None) -> list[str]:
    if saved is None or sink is None:
        return []
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os.dup2(saved, 2)
    os.close(saved)
    sink.seek(0)
    text = sink.read().decode("utf-8", "replace")
    sink.close()
    said = []
    for line in text.splitlines():
        if _LOG_LINE.match(line):  # the kiosk's own log, written meanwhile by another thread: pass it on
            print(line, file=sys.stderr)
        elif line.strip():
            said.append(line.strip())
    return said


# --- naming what a file is --------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF", 0, "a PDF document"),
    (b"PK\x03\x04", 0, "a ZIP archive (a Word, Excel or PowerPoint file is one)"),
    (b"ftypqt", 4, "a QuickTime video"),
    (b"ftypisom", 4, "an MP4 video"),
    (b"ftypmp4", 4, "an MP4 video"),
    (b"ftypheic", 4, "a HEIC photo"),
    (b"ftypheix", 4, "a HEIC photo"),
    (b"ftypmif1", 4, "a HEIF photo"),
    (b"ftypavif", 4, "an AVIF photo"),
    (b"<svg", 0, "an SVG drawing (vector art, not a photo: export it as PNG)"),
    (b"<?xml", 0, "an XML file (an SVG drawing? export it as PNG)"),
    (b"<!DOCTYPE html", 0, "a web page"),
    (b"<html", 0, "a web page"),
    (b"\xd0\xcf\x11\xe0", 0, "an old Office document"),
    (b"8BPS", 0, "a Photoshop file (export it as JPEG or PNG)"),
)


def _what_it_is(head: bytes) -> str | None:
    for magic, at, name in _MAGIC:
        if head[at : at + len(magic)] == magic:
            return name
    if head and all(32 <= b < 127 or b in b"\t\r\n" for b in head[:64]):
        return "text"
    return None


def _format_of(head: bytes) -> str | None:
    """The format by its first bytes, for a file Pillow gave up on while opening."""
    known = ((b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"\xff\xd8", "JPEG"), (b"\x89PNG", "PNG"), (b"GIF8", "GIF"))
    for magic, fmt in known:
        if head.startswith(magic):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return None


def _unsupported(detail: str) -> bool:
    text = detail.lower()
    return any(words in text for words in ("unsupported", "not supported", "not configured", "not available", "unknown raw mode"))


_COMPRESSIONS = {
    "webp": "WebP",
    "jpeg": "JPEG",
    "tiff_jpeg": "JPEG",
    "tiff_lzw": "LZW",
    "tiff_adobe_deflate": "Deflate",
    "zstd": "Zstandard",
}


def _cause(path: Path, size: int, exc: BaseException, fmt: str | None, compression: str | None) -> str:
    """A staff-readable reason for a decoder's exception."""
    detail = str(exc).strip() or type(exc).__name__
    text = detail.lower()
    if isinstance(exc, EOFError) or any(w in text for w in ("truncated", "broken data stream", "unexpected end", "not enough data")):
        return f"truncated: the file ends after {size:,} bytes"
    if fmt == "BMP" and "compression (4)" in text:
        return "format not supported by this build: BMP with an embedded JPEG (save it as JPEG)"
    if fmt == "BMP" and "compression (5)" in text:
        return "format not supported by this build: BMP with an embedded PNG (save it as PNG)"
    if fmt == "BMP" and "bitfields" in text:
        return "format not supported by this build: BMP with unusual bitfields (save it as PNG)"
    if fmt == "TIFF" and compression and ("decoder error" in text or _unsupported(detail)):
        named = _COMPRESSIONS.get(compression, compression)
        return f"format not supported by this build: TIFF with {named} compression (save it as JPEG, PNG or a plain TIFF)"
    if _unsupported(detail):
        return f"format not supported by this build: {fmt or 'this image format'} ({detail})"
    return f"damaged: {detail}"


# --- preparing --------------------------------------------------------------------------------------


def _target_for_draft(size: tuple[int, int], box: tuple[int, int], fit: Fit, rotated: bool) -> tuple[int, int]:
    """The smallest decode size (in file orientation) that still covers what we will show."""
    w, h = size
    bw, bh = (box[1], box[0]) if rotated else box
    scale = max(bw / w, bh / h) if fit == "cover" else min(bw / w, bh / h)
    return max(1, int(w * scale)), max(1, int(h * scale))


def _draft_scale(size: tuple[int, int], target: tuple[int, int]) -> int:
    """What JPEG's draft mode will decode at: 1/1, 1/2, 1/4 or 1/8 of the size, still covering `target`."""
    scale = 1
    while scale < 8 and size[0] // (scale * 2) >= target[0] and size[1] // (scale * 2) >= target[1]:
        scale *= 2
    return scale


def _decode_bytes(im: Image.Image, scale: int) -> int:
    w, h = im.size
    pixels = (w // scale + 1) * (h // scale + 1)
    bands = len(im.getbands())
    per_pixel = bands * _BYTES_PER_SAMPLE.get(im.mode, 1)
    return pixels * per_pixel + (0 if im.mode == "RGB" else pixels * 3)  # and its RGB copy


def _gb(count: float) -> str:
    return f"{count / 1e9:.1f} GB" if count >= 1e9 else f"{count / 1e6:.0f} MB"


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode.startswith("I;16"):
        # 16 bits a sample: the tones as they are, 0..65535 onto 0..255 (a flat grey stays that grey).
        return im.convert("I").point(lambda v: v / 257 + 0.5).convert("L").convert("RGB")
    if im.mode in ("I", "F"):
        grey = im.convert("F") if im.mode != "F" else im
        extrema = grey.getextrema()
        low, high = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]  # one band: two numbers
        if im.mode == "I" and low >= 0 and high <= 65535:  # 16-bit data in a 32-bit mode (PNG, TIFF)
            return grey.point(lambda v: v / 257 + 0.5).convert("L").convert("RGB")
        if im.mode == "F" and low >= 0 and high <= 1:  # 0..1 floats
            return grey.point(lambda v: v * 255).convert("L").convert("RGB")
        span = (high - low) or 1.0  # anything else: its own range stretched
        return grey.point(lambda v: (v - low) * 255.0 / span).convert("L").convert("RGB")
    if im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, BACKGROUND)
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return im.convert("RGB")  # CMYK (Pillow undoes Adobe's inversion), YCbCr, LAB, P, L, 1


def _fit(im: Image.Image, box: tuple[int, int], fit: Fit) -> Image.Image:
    w, h = im.size
    bw, bh = box
    scale = max(bw / w, bh / h) if fit == "cover" else min(bw / w, bh / h)
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        im = im.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    if fit == "cover" and im.size != box:
        w, h = im.size
        if w >= bw and h >= bh:
            left, top = (w - bw) // 2, (h - bh) // 2
            im = im.crop((left, top, left + bw, top + bh))
    return im


def _reduce_factor(size: tuple[int, int], box: tuple[int, int], fit: Fit) -> int:
    """An integer shrink that keeps at least twice the target resolution for the final filter."""
    w, h = size
    bw, bh = box
    scale = max(bw / w, bh / h) if fit == "cover" else min(bw / w, bh / h)
    return max(1, int(1 / (scale * 2))) if scale < 0.5 else 1


def prepare(path: Path, box: tuple[int, int], fit: Fit = "cover") -> Prepared:
    """The image at `path` as RGB, scaled to cover (and cropped to) or fit inside `box`."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(64)
    except FileNotFoundError:
        raise PhotoError(f"{name}: file not found") from None
    except OSError as exc:
        raise PhotoError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise PhotoError(f"{name}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise PhotoError(f"{name}: {_gb(size)} is larger than the {_gb(MAX_FILE_BYTES)} limit for a photo file")
    register_plugins()
    fmt: str | None = None
    compression: str | None = None
    with _listening() as notes:
        try:
            with Image.open(path) as im:
                fmt = im.format
                compression = str(im.info["compression"]) if im.info.get("compression") else None
                image, source_size = _prepare_open(im, name, box, fit)
                profile = im.info.get("icc_profile")
        except PhotoError:
            raise
        except UnidentifiedImageError:
            what = _what_it_is(head)
            if what in ("a HEIC photo", "a HEIF photo", "an AVIF photo"):
                raise PhotoError(f"{name}: format not supported by this build: {what.split(' ')[1]}") from None
            raise PhotoError(f"{name}: not an image this kiosk reads" + (f": it is {what}" if what else "")) from None
        except MemoryError:
            raise PhotoError(f"{name}: not enough memory to decode it on this computer") from None
        except (OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError, KeyError, struct.error) as exc:
            raise PhotoError(f"{name}: {_cause(path, size, exc, fmt or _format_of(head), compression)}") from None
    return Prepared(image, source_size, tuple(dict.fromkeys(notes)), profile if isinstance(profile, bytes) else None)


def _prepare_open(im: Image.Image, name: str, box: tuple[int, int], fit: Fit) -> tuple[Image.Image, tuple[int, int]]:
    w, h = im.size
    if w * h > MAX_PIXELS:
        raise PhotoError(
            f"{name}: header claims {w * h / 1e9:.1f} gigapixels ({w:,} x {h:,}); the limit is {MAX_PIXELS / 1e9:.0f} gigapixel"
        )
    if getattr(im, "is_animated", False):
        im.seek(0)
    jpeg = im.format in ("JPEG", "MPO")  # MPO: multi-picture JPEGs from cameras
    # A JPEG's EXIF sits in its header; other formats may decode the whole image to find it (PNG
    # does), so theirs is read only after the memory check.
    orientation = im.getexif().get(ORIENTATION_TAG, 1) if jpeg else 1
    rotated = orientation in (5, 6, 7, 8)
    scale = _draft_scale((w, h), _target_for_draft((w, h), box, fit, rotated)) if jpeg else 1
    needed = _decode_bytes(im, scale)
    if needed > DECODE_BUDGET:
        raise PhotoError(
            f"{name}: {w * h / 1e6:.0f} megapixels of {im.mode} would need {_gb(needed)} of memory to decode; "
            f"the limit is {_gb(DECODE_BUDGET)} (save it smaller, or as JPEG)"
        )
    if scale > 1:
        im.draft("RGB", _target_for_draft((w, h), box, fit, rotated))
    im.load()
    if not jpeg:
        orientation = im.getexif().get(ORIENTATION_TAG, 1)
        rotated = orientation in (5, 6, 7, 8)
    oriented = ImageOps.exif_transpose(im) if orientation != 1 else im
    source_size = (h, w) if rotated else (w, h)
    rgb = _to_rgb(oriented)  # first: reduce() refuses palette and other modes ("image has wrong mode")
    factor = _reduce_factor(rgb.size, box, fit)
    if factor > 1:
        rgb = rgb.reduce(factor)
    result = _fit(rgb, box, fit)
    if result is im:
        result = result.copy()  # never hand out the file-backed image
    return result, source_size
