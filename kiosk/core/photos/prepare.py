"""Turn any image file a camera, phone or editor makes into screen-sized RGB, or say precisely why not.

Formats: JPEG (progressive, CMYK, any size), PNG (16-bit with its tones), WebP, TIFF, BMP, GIF and APNG
(the first frame), AVIF (Pillow), HEIC/HEIF (pi-heif). EXIF orientation is applied. Pillow's other
plugins (PSD, EPS through Ghostscript, DDS, FLI and the like) are never asked: not photo formats, and
the source of most of its fuzzing crashes and timeouts.

Files come in through kiosk.core.files (`open_photo`): regular files only, so a FIFO never blocks a
worker and /dev/zero never fills memory; inside the content folder when the caller names it; at most
MAX_FILE_BYTES, counted while the decoder reads. Pillow is handed the open file, never the path (it would
open the path again itself).

Size is judged by memory, not by a fixed megapixel count: a JPEG is decoded at 1/2, 1/4 or 1/8 of its
size when that still covers the screen (so a phone's 200 MP photo needs a few MB), other formats whole.
A file whose header claims more than MAX_PIXELS (no camera makes one) or whose decode would need more
than DECODE_BUDGET bytes is refused before decoding, with the figures.

Every failure is a PhotoError whose message names the file and the cause in words an exhibitor can act
on (causes.py). Whatever the decoders say along the way (Python warnings, Pillow's log, libtiff on
stderr) is collected into `Prepared.notes` for the caller to log once, with the file's name; nothing
reaches stderr or the log unnamed."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import logging
import os
import re
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO, Literal

from PIL import Image, ImageOps, UnidentifiedImageError

from kiosk.core.files import FileRefusedError, describe, open_regular
from kiosk.core.photos import causes

PIPELINE_VERSION = 2  # part of every disk-cache key: bump it when the output changes
MAX_FILE_BYTES = 1024**3
MAX_PIXELS = 1_000_000_000  # claimed by a header: the largest camera photos are about 0.4 gigapixels
DECODE_BUDGET = 1024**3  # bytes one decode may take (the decoded image and its RGB copy)
ORIENTATION_TAG = 0x0112
BACKGROUND = (21, 41, 74)  # the theme's surface colour, behind transparent images
PHOTO_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP", "AVIF", "HEIF")  # Pillow's plugin ids (MPO comes with JPEG)

# Pillow's own guard refuses ordinary 90-180 MP photos as "decompression bombs"; the checks here
# (claimed size, decode memory) replace it for this process, which decodes only through prepare().
Image.MAX_IMAGE_PIXELS = None

log = logging.getLogger(__name__)
Fit = Literal["cover", "contain"]
_BYTES_PER_SAMPLE = {"I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2, "I": 4, "F": 4, "1": 1}


class PhotoError(Exception):
    """A file that cannot be shown; the message, for staff, starts with the file's name. `lasting` says
    the cause is in the file's content (the same bytes always fail so), not in how it was reached
    (refused, unreadable, out of memory): only lasting verdicts may be remembered by content."""

    def __init__(self, name: str, cause: str, *, lasting: bool = True) -> None:
        super().__init__(f"{name}: {cause}")
        self.name = name
        self.cause = cause
        self.lasting = lasting


@dataclass(frozen=True)
class Prepared:
    image: Image.Image  # RGB
    source_size: tuple[int, int]  # as oriented
    notes: tuple[str, ...] = field(default=())  # what the decoders said (shown anyway)
    icc_profile: bytes | None = None  # the colour profile the file carried (kiosk add-photos keeps it)


_formats: list[tuple[str, ...]] = []  # the PHOTO_FORMATS this build has, once known


def register_plugins() -> None:
    """HEIC/HEIF through pi-heif (the iPhone's default; pillow-heif's decode-only build); AVIF is Pillow's own. Once per process."""
    if "HEIF" not in Image.OPEN:
        try:
            from pi_heif import register_heif_opener
        except ImportError:  # a build without it: HEIC files get a plain "not supported by this build"
            pass
        else:
            register_heif_opener()
    if not _formats:
        Image.init()
        _formats.append(tuple(f for f in PHOTO_FORMATS if f in Image.OPEN))  # Image.open fails on an id it lacks


def photo_formats() -> tuple[str, ...]:
    register_plugins()
    return _formats[0]


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


class _Bounded(io.RawIOBase):
    """A file's bytes up to `limit`, counted as the decoder reads: a file that grew past the limit
    after it was measured is refused mid-read. fileno() is passed on, so libtiff reads the descriptor
    itself (Pillow would otherwise read a whole TIFF into memory first); its size was checked on it."""

    def __init__(self, inner: BinaryIO, limit: int, path: Path) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit
        self._path = path

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        start = self._inner.tell()
        count = self._inner.readinto(buffer)  # type: ignore[attr-defined]  # a BufferedReader
        if count and start + count > self._limit:
            raise FileRefusedError(self._path, f"is larger than the limit of {self._limit:,} bytes", errno.EFBIG)
        return int(count or 0)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def fileno(self) -> int:
        return self._inner.fileno()

    def close(self) -> None:
        self._inner.close()
        super().close()


def open_photo(path: Path, *, within: Path | None = None) -> BinaryIO:
    """A photo file opened for decoding, through kiosk.core.files: regular files only (inside `within`
    when given), not empty, at most MAX_FILE_BYTES, counted while read. Raises PhotoError."""
    name = path.name
    try:
        handle = open_regular(path, within=within)
    except FileNotFoundError:
        raise PhotoError(name, "file not found", lasting=False) from None
    except OSError as exc:
        raise PhotoError(name, describe(exc), lasting=False) from None
    try:
        size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        handle.close()
        raise PhotoError(name, describe(exc), lasting=False) from None
    if size == 0:
        handle.close()
        raise PhotoError(name, "the file is empty")
    if size > MAX_FILE_BYTES:
        handle.close()
        raise PhotoError(name, f"the file is {_gb(size)}, more than the {_gb(MAX_FILE_BYTES)} a photo file may be: make it smaller")
    return io.BufferedReader(_Bounded(handle, MAX_FILE_BYTES, path), buffer_size=1 << 16)


def content_hash(handle: BinaryIO) -> hashlib.blake2b:
    """blake2b of a file `open_photo` opened: read to the end (counted against its limit), left at the
    start. Raises OSError (a disk error, or a file that grew past its limit)."""
    digest = hashlib.blake2b(digest_size=16)
    handle.seek(0)
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
    handle.seek(0)
    return digest


def prepare(path: Path, box: tuple[int, int], fit: Fit = "cover", *, within: Path | None = None) -> Prepared:
    """The image at `path` as RGB, scaled to cover (and cropped to) or fit inside `box`. `within`: the
    content folder the file must stay inside (after links), when the caller knows it."""
    with open_photo(path, within=within) as handle:
        return prepare_file(handle, path.name, box, fit)


def prepare_file(handle: BinaryIO, name: str, box: tuple[int, int], fit: Fit = "cover", *, scale: bool = True) -> Prepared:
    """prepare() on a file `open_photo` opened (PhotoStore hashes it first, from the same handle).
    `scale=False` (kiosk check): decoded as for `box`, but not scaled to it (it only has to decode)."""
    try:
        handle.seek(0)
        head = handle.read(64)
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - 16))
        tail = handle.read(16)
        handle.seek(0)
    except OSError as exc:
        raise PhotoError(name, describe(exc), lasting=False) from None
    formats = photo_formats()
    fmt: str | None = None
    compression: str | None = None
    failure: BaseException | None = None
    plugin_error: BaseException | None = None
    tags: dict[int, object] = {}
    with _listening() as notes:
        try:
            with Image.open(handle, formats=formats) as im:
                fmt = im.format
                compression = str(im.info["compression"]) if im.info.get("compression") else None
                image, source_size = _prepare_open(im, name, box, fit, scale)
                profile = im.info.get("icc_profile")
        except PhotoError:
            raise
        except MemoryError:
            raise PhotoError(name, "not enough memory to decode it on this computer", lasting=False) from None
        except FileRefusedError as exc:  # grew past the limit while read
            raise PhotoError(name, describe(exc), lasting=False) from None
        except Exception as exc:  # every decoder's failure, named below: never a traceback in kiosk check
            failure = exc
            fmt = fmt or causes.format_of(head)
            if isinstance(exc, UnidentifiedImageError):
                plugin_error = causes.plugin_error(handle, fmt)
            if fmt == "TIFF":
                tags = causes.tiff_tags(handle)
    if failure is not None:
        said = tuple(dict.fromkeys(notes))
        evidence = causes.Evidence(fmt, size, head, tail, said, compression, plugin_error, tags)
        try:
            cause = causes.explain(failure, evidence)
        except Exception:  # naming must never be what fails: the decoder's own words then
            log.exception("photo %s: naming the cause of %r failed", name, failure)
            cause = f"{causes.noun(fmt)} cannot be decoded ({str(failure).strip() or type(failure).__name__})"
        raise PhotoError(name, cause) from None
    return Prepared(image, source_size, tuple(dict.fromkeys(notes)), profile if isinstance(profile, bytes) else None)


def _prepare_open(
    im: Image.Image, name: str, box: tuple[int, int], fit: Fit, scale_to_box: bool = True
) -> tuple[Image.Image, tuple[int, int]]:
    w, h = im.size
    if w * h > MAX_PIXELS:
        raise PhotoError(name, causes.too_many_pixels(im.format, w, h, MAX_PIXELS))
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
            name,
            f"{w:,} x {h:,} pixels ({w * h / 1e6:.0f} megapixels) of {im.mode} would need {_gb(needed)} of memory to decode, "
            f"more than {_gb(DECODE_BUDGET)}, the most one photo may take: make it smaller, or save it as JPEG",
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
    if not scale_to_box:
        return (rgb.copy() if rgb is im else rgb), source_size
    factor = _reduce_factor(rgb.size, box, fit)
    if factor > 1:
        rgb = rgb.reduce(factor)
    result = _fit(rgb, box, fit)
    if result is im:
        result = result.copy()  # never hand out the file-backed image
    return result, source_size
