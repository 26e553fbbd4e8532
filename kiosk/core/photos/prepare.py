"""Turn any image file into screen-sized RGB, or say precisely why not.

Guards: empty or huge files, decompression bombs (checked from the header, before decoding), truncated
data, unknown formats. Handles EXIF orientation, every mode Pillow reads (CMYK, palette, alpha,
16-bit, greyscale, float), animated files (first frame). Cheap reduction first (JPEG draft decodes at
1/2, 1/4 or 1/8 size; `reduce` for the rest), then a good resampling filter for the last step."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageOps, UnidentifiedImageError

PIPELINE_VERSION = 1  # part of every disk-cache key: bump it when the output changes
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_PIXELS = 89_000_000  # below Pillow's own bomb warning (89,478,485), so it never needs to warn
ORIENTATION_TAG = 0x0112
BACKGROUND = (21, 41, 74)  # the theme's surface colour, behind transparent images

Fit = Literal["cover", "contain"]


class PhotoError(Exception):
    """A file that cannot be shown; the message is for staff."""


@dataclass(frozen=True)
class Prepared:
    image: Image.Image  # RGB
    source_size: tuple[int, int]  # as oriented


def _target_for_draft(size: tuple[int, int], box: tuple[int, int], fit: Fit, rotated: bool) -> tuple[int, int]:
    """The smallest decode size (in file orientation) that still covers what we will show."""
    w, h = size
    bw, bh = (box[1], box[0]) if rotated else box
    scale = max(bw / w, bh / h) if fit == "cover" else min(bw / w, bh / h)
    return max(1, int(w * scale)), max(1, int(h * scale))


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # High bit depth and float: stretch the used range to 8 bits.
        grey = im.convert("F") if im.mode != "F" else im
        extrema = grey.getextrema()
        low, high = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]  # one band: two numbers
        span = (high - low) or 1.0
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


def prepare(path: Path, box: tuple[int, int], fit: Fit = "cover") -> Prepared:
    """The image at `path` as RGB, scaled to cover (and cropped to) or fit inside `box`."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PhotoError(f"{path.name}: file not found") from None
    except OSError as exc:
        raise PhotoError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise PhotoError(f"{path.name}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise PhotoError(f"{path.name}: {size / 1e6:.0f} MB is larger than the {MAX_FILE_BYTES / 1e6:.0f} MB limit")
    try:
        with warnings.catch_warnings():
            # Pillow warns (not raises) between 1x and 2x its own limit: a bomb is a bomb.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(path)
    except Image.DecompressionBombWarning as exc:
        raise PhotoError(f"{path.name}: refused as a decompression bomb ({exc})") from None
    except UnidentifiedImageError:
        raise PhotoError(f"{path.name}: not an image, or a format this kiosk cannot read") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(f"{path.name}: truncated or corrupt ({exc})") from None
    try:
        with opened as im:
            w, h = im.size
            if w * h > MAX_PIXELS:
                raise PhotoError(f"{path.name}: {w}x{h} is {w * h / 1e6:.0f} megapixels; the limit is {MAX_PIXELS / 1e6:.0f}")
            if getattr(im, "is_animated", False):
                im.seek(0)
            orientation = im.getexif().get(ORIENTATION_TAG, 1)
            rotated = orientation in (5, 6, 7, 8)
            if im.format in ("JPEG", "MPO"):  # MPO: multi-picture JPEGs from cameras
                im.draft("RGB", _target_for_draft((w, h), box, fit, rotated))
            im.load()
            oriented = ImageOps.exif_transpose(im) if orientation != 1 else im
            source_size = (h, w) if rotated else (w, h)
            rgb = _to_rgb(oriented)  # first: reduce() refuses palette and other modes ("image has wrong mode")
            factor = _reduce_factor(rgb.size, box, fit)
            if factor > 1:
                rgb = rgb.reduce(factor)
            result = _fit(rgb, box, fit)
            if result is im:
                result = result.copy()  # never hand out the file-backed image
            return Prepared(result, source_size)
    except PhotoError:
        raise
    except UnidentifiedImageError:
        raise PhotoError(f"{path.name}: not an image, or a format this kiosk cannot read") from None
    except Image.DecompressionBombError as exc:
        raise PhotoError(f"{path.name}: refused as a decompression bomb ({exc})") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(f"{path.name}: truncated or corrupt ({exc})") from None


def _reduce_factor(size: tuple[int, int], box: tuple[int, int], fit: Fit) -> int:
    """An integer shrink that keeps at least twice the target resolution for the final filter."""
    w, h = size
    bw, bh = box
    scale = max(bw / w, bh / h) if fit == "cover" else min(bw / w, bh / h)
    return max(1, int(1 / (scale * 2))) if scale < 0.5 else 1
