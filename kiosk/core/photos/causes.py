"""Why a photo file does not decode, in words an exhibitor can act on.

Pillow's words are for programmers ("decoder error -2", "cannot identify image file", "not identified by
this driver"). Here they become what is wrong with the file and what to do about it: copy it again (cut
off, or damaged in copying), save it again in another form (a layout or compression this build does not
read), or make it smaller. The evidence is the exception, the file's first and last bytes and size, the
reason the format's own plugin gives (Image.open hides it behind "cannot identify"), a TIFF's tags, and
what the decoder wrote meanwhile (libtiff says on stderr which compression it lacks)."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from typing import IO

from PIL import BmpImagePlugin, GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin, TiffImagePlugin, UnidentifiedImageError

COPY_AGAIN = "copy it again from the original"
SAVE_AS = "save it as JPEG or PNG"


@dataclass(frozen=True)
class Evidence:
    """What is known about a file that failed to decode."""

    fmt: str | None  # as Pillow named it, else as the first bytes say
    size: int
    head: bytes  # the first 64 bytes
    tail: bytes  # the last 16 bytes
    said: tuple[str, ...] = ()  # what the decoders wrote (libtiff on stderr, Pillow's log, warnings)
    compression: str | None = None  # as Pillow named it (TIFF)
    plugin_error: BaseException | None = None  # the format plugin's own reason, when Image.open gave up
    tiff_tags: dict[int, object] = field(default_factory=dict)


# --- what a file is, by its first bytes -------------------------------------------------------------

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
    (b"ftypcrx ", 4, "a Canon camera raw file (export it as JPEG)"),
    (b"<svg", 0, "an SVG drawing (vector art, not a photo: export it as PNG)"),
    (b"<?xml", 0, "an XML file (an SVG drawing? export it as PNG)"),
    (b"<!DOCTYPE html", 0, "a web page"),
    (b"<html", 0, "a web page"),
    (b"\xd0\xcf\x11\xe0", 0, "an old Office document"),
    (b"8BPS", 0, "a Photoshop file (export it as JPEG or PNG)"),
    (b"%!PS", 0, "a PostScript or EPS drawing (export it as PNG)"),
    (b"\x00\x00\x00\x0cjP  ", 0, "a JPEG 2000 image (save it as JPEG or PNG)"),
    (b"\xffO\xffQ", 0, "a JPEG 2000 image (save it as JPEG or PNG)"),
    (b"\x00\x00\x00\x0cJXL ", 0, "a JPEG XL image (save it as JPEG or PNG)"),
    (b"\xff\x0a", 0, "a JPEG XL image (save it as JPEG or PNG)"),
)


def what_it_is(head: bytes) -> str | None:
    """What a file that is not a photo is, for "not an image this kiosk reads: it is ..."."""
    for magic, at, name in _MAGIC:
        if head[at : at + len(magic)] == magic:
            return name
    if head and not head.strip(b"\0"):
        return "nothing but zero bytes at its start (a copy that did not finish?)"
    if head and all(32 <= b < 127 or b in b"\t\r\n" for b in head[:64]):
        return "text"
    for fmt, (_, accept) in Image.OPEN.items():  # Pillow's other plugins, by their first bytes only
        if fmt not in _NOUNS and accept is not None and accept(head) is True:
            return f"in the {fmt} format (save it as JPEG or PNG)"
    return None


def format_of(head: bytes) -> str | None:
    """The photo format by its first bytes, for a file Pillow gave up on while opening."""
    known: tuple[tuple[bytes, str], ...] = ((b"BM", "BMP"), (b"\xff\xd8", "JPEG"), (b"\x89PNG", "PNG"), (b"GIF8", "GIF"))
    known += ((b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"II+\x00", "TIFF"), (b"MM\x00+", "TIFF"))  # and BigTIFF
    for magic, fmt in known:
        if head.startswith(magic):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"avif":
            return "AVIF"
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "HEIF"
    return None


_NOUNS = {"JPEG": "the JPEG", "MPO": "the JPEG", "PNG": "the PNG", "GIF": "the GIF", "TIFF": "the TIFF", "BMP": "the BMP"}
_NOUNS |= {"WEBP": "the WebP image", "HEIF": "the HEIC photo", "AVIF": "the AVIF image"}


def noun(fmt: str | None) -> str:
    return _NOUNS.get(fmt or "", "the file")


def ends_whole(ev: Evidence) -> bool | None:
    """Whether the file ends where its format says it should (None: this format cannot tell). A copy
    that did not finish lacks its end; a file damaged inside has one."""
    tail = ev.tail.rstrip(b"\0")
    if ev.fmt in ("JPEG", "MPO"):
        return tail.endswith(b"\xff\xd9")
    if ev.fmt == "PNG":
        return ev.tail.endswith(b"IEND\xaeB`\x82")
    if ev.fmt == "GIF":
        return tail.endswith(b";")
    if ev.fmt == "WEBP" and len(ev.head) >= 8:
        return bool(struct.unpack("<I", ev.head[4:8])[0] + 8 <= ev.size)
    if ev.fmt == "BMP" and len(ev.head) >= 6:
        declared = struct.unpack("<I", ev.head[2:6])[0]
        return None if declared == 0 else bool(declared <= ev.size)
    return None


def declared_size(fmt: str | None, head: bytes) -> tuple[int, int] | None:
    """Width and height as the header states them (GIF, PNG, BMP), to name a zero or absurd size."""
    try:
        if fmt == "GIF":
            w, h = struct.unpack("<HH", head[6:10])
        elif fmt == "PNG" and head[12:16] == b"IHDR":
            w, h = struct.unpack(">II", head[16:24])
        elif fmt == "BMP" and struct.unpack("<I", head[14:18])[0] >= 40:
            w, h = struct.unpack("<ii", head[18:26])
            h = abs(h)  # negative: stored top-down
        else:
            return None
    except struct.error:
        return None
    return int(w), int(h)


# --- evidence that needs the file -------------------------------------------------------------------

_PLUGINS: dict[str, type[Image.Image]] = {
    "GIF": GifImagePlugin.GifImageFile,
    "PNG": PngImagePlugin.PngImageFile,
    "TIFF": TiffImagePlugin.TiffImageFile,
    "BMP": BmpImagePlugin.BmpImageFile,
    "JPEG": JpegImagePlugin.JpegImageFile,
}


def plugin_error(handle: IO[bytes], fmt: str | None) -> BaseException | None:
    """Open the file with the plugin its first bytes name, for the reason Image.open hides behind
    "cannot identify image file". Call it where warnings are caught (a TIFF's tags may warn)."""
    plugin = _PLUGINS.get(fmt or "")
    if plugin is None:
        return None
    try:
        handle.seek(0)
        plugin(handle).close()  # type: ignore[call-arg]  # an ImageFile takes the open file
    except Exception as exc:  # whatever the plugin raises is the evidence
        return exc
    return None


def tiff_tags(handle: IO[bytes]) -> dict[int, object]:
    """The first directory's tags that say how a TIFF stores its pixels ({} if it cannot be read)."""
    try:
        handle.seek(0)
        ifd = TiffImagePlugin.ImageFileDirectory_v2(handle.read(8))
        handle.seek(ifd.next)
        ifd.load(handle)
        return {tag: ifd[tag] for tag in (256, 257, 258, 259, 262, 277, 338, 339) if tag in ifd}
    except Exception:  # a directory too damaged to read: the cause is then named without it
        return {}


# --- the words --------------------------------------------------------------------------------------

_TIFF_COMPRESSIONS = {
    2: "CCITT",
    3: "CCITT fax 3",
    4: "CCITT fax 4",
    5: "LZW",
    6: "old-style JPEG",
    7: "JPEG",
    8: "Deflate",
    32773: "PackBits",
    32946: "Deflate",
    34676: "SGI LogL",
    34677: "SGI LogLuv",
    34712: "JPEG 2000",
    34887: "LERC",
    34892: "lossy JPEG (a camera's DNG raw file?)",
    34925: "LZMA",
    50000: "Zstandard",
    50001: "WebP",
    50002: "JPEG XL",
    52546: "JPEG XL",
}
_PILLOW_COMPRESSIONS = {"webp": "WebP", "jpeg": "JPEG", "tiff_jpeg": "JPEG", "tiff_lzw": "LZW", "tiff_adobe_deflate": "Deflate"}
_PILLOW_COMPRESSIONS |= {"zstd": "Zstandard"}
_PHOTOMETRIC = {0: "grey (white is zero)", 1: "grey", 2: "RGB", 3: "palette", 4: "mask", 5: "CMYK", 6: "YCbCr", 8: "CIE Lab"}
_PHOTOMETRIC |= {9: "ICC Lab", 10: "ITU Lab", 32844: "LogL", 32845: "LogLuv", 34892: "linear raw"}
_SAMPLE_FORMATS = {1: "", 2: "signed ", 3: "floating-point ", 4: "undefined "}


def _first(value: object) -> int | None:
    if isinstance(value, tuple):
        value = value[0] if value else None
    return int(value) if isinstance(value, int | float) else None


def _tiff_layout(tags: dict[int, object]) -> str | None:
    """A TIFF's pixel layout in words, e.g. "32-bit floating-point RGB" or "16-bit CIE Lab"."""
    photometric = _first(tags.get(262))
    if photometric is None:
        return None
    colour = _PHOTOMETRIC.get(photometric, f"colour model {photometric}")
    bits = tags.get(258)
    bits_list = list(bits) if isinstance(bits, tuple) else [bits] if isinstance(bits, int) else []
    samples = _first(tags.get(277)) or len(bits_list) or 1
    kind = _SAMPLE_FORMATS.get(_first(tags.get(339)) or 1, "")
    depth = f"{bits_list[0]}-bit " if bits_list and len(set(bits_list)) == 1 else ""
    layout = f"{depth}{kind}{colour}"
    expected = {"grey (white is zero)": 1, "grey": 1, "palette": 1, "RGB": 3, "CMYK": 4, "YCbCr": 3, "CIE Lab": 3}.get(colour)
    if expected is not None and samples != expected:
        layout += f" with {samples} samples a pixel"
    return layout


def _tiff_compression_words(number: int) -> str:
    return _TIFF_COMPRESSIONS.get(number, str(number))


def _libtiff_lacks(said: tuple[str, ...]) -> str | None:
    """The compression libtiff says it was built without ("WEBP compression support is not configured")."""
    for line in said:
        found = re.search(r"(\w[\w ]*?) compression support is not configured", line)
        if found:
            return found.group(1).strip()
    return None


def _libtiff_damage(said: tuple[str, ...]) -> str | None:
    for line in said:
        where = re.search(r"\b(strip|tile) (\d+)", line)
        if where and re.search(r"error|invalid|bad|unexpected|corrupt", line, re.IGNORECASE):
            return f"libtiff could not read {where.group(1)} {where.group(2)}"
    for line in said:  # libtiff's own lines start "Module: " (Pillow's warnings do not)
        if re.match(r"[A-Za-z_][\w.]*: ", line) and re.search(r"not yet in table|corrupt|bad code|invalid|error", line, re.IGNORECASE):
            return f"libtiff: {line.split(': ', 1)[-1].rstrip('.')}"
    return None


def _cut_off(ev: Evidence) -> str:
    """The file ends early. Whether its format's end marker is there tells a copy that did not finish
    from a file damaged inside."""
    whole = ends_whole(ev)
    if whole:
        return (
            f"{noun(ev.fmt)}'s picture data ends before the picture is complete, though the file ends properly: "
            f"it was damaged when it was saved or copied; {COPY_AGAIN}"
        )
    if ev.tail and not ev.tail.strip(b"\0"):
        return f"{noun(ev.fmt)} is cut off: its last bytes are zeros, as a copy that did not finish leaves them; {COPY_AGAIN}"
    return f"{noun(ev.fmt)} is cut off after {ev.size:,} bytes (a copy that did not finish?): {COPY_AGAIN}"


def _is_cut_off(exc: BaseException, text: str) -> bool:
    cut_words = ("truncated", "unexpected end", "not enough data", "not enough image data", "ran out of data", "expected to read")
    return isinstance(exc, EOFError) or isinstance(exc.__cause__, EOFError) or any(w in text for w in cut_words)


def _unsupported(text: str) -> bool:
    return any(w in text for w in ("unsupported", "not supported", "not configured", "not available", "unknown raw mode"))


def too_many_pixels(ev_fmt: str | None, w: int, h: int, limit: int) -> str:
    return (
        f"{noun(ev_fmt)} says it is {w:,} x {h:,} pixels ({w * h / 1e9:.1f} gigapixels), more than this kiosk decodes "
        f"(limit {limit / 1e9:.0f} gigapixel): a damaged file or a decompression bomb, not a photo; make it smaller"
    )


def explain(exc: BaseException, ev: Evidence) -> str:
    """A decoder's exception as a cause in words (the caller puts the file's name in front)."""
    if isinstance(exc, UnidentifiedImageError):
        return _unidentified(ev)
    detail = str(exc).strip() or type(exc).__name__
    text = detail.lower()
    fmt, the = ev.fmt, noun(ev.fmt)
    if fmt == "TIFF":
        tiff = _tiff_cause(exc, text, ev)
        if tiff:
            return tiff
    if fmt == "PNG":
        png = _png_cause(text, ev)
        if png:
            return png
    if _is_cut_off(exc, text):
        return _cut_off(ev)
    if fmt == "BMP":
        bmp = _bmp_cause(detail, ev.head)
        if bmp:
            return bmp
    if "apng contains frame sequence errors" in text:
        return "the animated PNG's frames are out of order (it is damaged): save it again, or save its first frame as a plain PNG"
    if text == "cannot load this image":  # Pillow found no picture data to decode
        if fmt == "PNG" and b"acTL" in ev.head:
            return "the animated PNG says it has no frames (it is damaged): save it again as a plain PNG"
        return f"{the} holds no picture data (it is damaged): {COPY_AGAIN}"
    if fmt == "WEBP" and "could not create decoder" in text:
        return _cut_off(ev) if ends_whole(ev) is False else f"the WebP image is damaged (its decoder refused it): {COPY_AGAIN}"
    if any(w in text for w in ("buffer overrun", "unrecognized data stream", "broken data stream", "decoder error")):
        return f"{the}'s picture data is damaged (the decoder stopped: {detail}): {COPY_AGAIN}, or save it again"
    if _unsupported(text):
        return f"format not supported by this build: {fmt or 'this image format'} ({detail}); {SAVE_AS}"
    return f"{the} is damaged ({detail}): {COPY_AGAIN}, or save it again"


def _png_cause(text: str, ev: Evidence) -> str | None:
    """A PNG's compressed data that unpacks too far or not at all (before a cut-off file is named)."""
    if "decompressed data too large" in text:
        return (
            "the PNG carries text or a colour profile that unpacks to more than this kiosk accepts "
            "(a decompression bomb?): save it again without its metadata"
        )
    if "broken data stream" in text or "zlib" in text:
        if ends_whole(ev) is False:
            return _cut_off(ev)
        return f"the PNG's compressed picture data is damaged (it does not unpack): {COPY_AGAIN}"
    return None


def _bmp_cause(detail: str, head: bytes) -> str | None:
    text = detail.lower()
    compression = struct.unpack("<I", head[30:34])[0] if len(head) >= 34 else None
    if "compression (4)" in text or ("pixel depth (0)" in text and compression == 4):
        return "format not supported by this build: BMP with an embedded JPEG (save it as JPEG)"
    if "compression (5)" in text or ("pixel depth (0)" in text and compression == 5):
        return "format not supported by this build: BMP with an embedded PNG (save it as PNG)"
    if "bitfields" in text:
        return "format not supported by this build: BMP with unusual bitfields (save it as PNG)"
    depth = re.search(r"pixel depth \((\d+)\)", text)
    if depth:
        bits = int(depth.group(1))
        if bits in (1, 2, 4, 8, 16, 24, 32):
            return f"format not supported by this build: a {bits}-bit BMP (save it as PNG)"
        return f"the BMP says each pixel has {bits:,} bits, which no BMP has: it is damaged; {COPY_AGAIN}"
    if "header type" in text or "palette size" in text:
        return f"the BMP's header is not one this kiosk reads ({detail}): it is damaged or from an unusual program; {SAVE_AS}"
    return None


def _tiff_cause(exc: BaseException, text: str, ev: Evidence) -> str | None:
    lacking = _libtiff_lacks(ev.said)
    if lacking:
        named = _PILLOW_COMPRESSIONS.get(ev.compression or "", lacking)
        return f"TIFF compression {named} is not supported by this build: {SAVE_AS}"
    damage = _libtiff_damage(ev.said)
    if damage or "decoder error" in text:
        if damage is None and _unsupported(text) and ev.compression:
            named = _PILLOW_COMPRESSIONS.get(ev.compression, ev.compression)
            return f"TIFF compression {named} is not supported by this build: {SAVE_AS}"
        return f"the TIFF's picture data is damaged ({damage or 'the decoder stopped'}): {COPY_AGAIN}, or save it again"
    if "unable to seek to frame" in text:
        return f"the TIFF's directory points outside the file (it is damaged): {COPY_AGAIN}, or save it again"
    if "tile" in text and ("negative" in text or "size" in text):
        return f"the TIFF's tiles are described wrongly (it is damaged): {COPY_AGAIN}, or save it again"
    return None


def _unidentified(ev: Evidence) -> str:
    """A file no plugin would open: what it is instead, or why the plugin its first bytes name refused."""
    fmt, the = ev.fmt, noun(ev.fmt)
    if fmt in ("HEIF", "AVIF"):
        if fmt not in Image.OPEN:
            return f"format not supported by this build: {'HEIC' if fmt == 'HEIF' else 'AVIF'}"
        return f"{the} is damaged or cut off after {ev.size:,} bytes (its decoder refused it): {COPY_AGAIN}"
    if fmt is None:
        what = what_it_is(ev.head)
        if what in ("a HEIC photo", "a HEIF photo", "an AVIF photo"):
            return f"format not supported by this build: {what.split(' ')[1]}"
        return "not an image this kiosk reads" + (f": it is {what}" if what else f"; {SAVE_AS}")
    exc = ev.plugin_error
    detail = str(exc).strip() if exc is not None else ""
    text = detail.lower()
    declared = declared_size(fmt, ev.head)
    if declared and (declared[0] <= 0 or declared[1] <= 0):
        side = "wide" if declared[0] <= 0 else "high"
        return f"{the} says it is 0 pixels {side}: it is damaged; {COPY_AGAIN}, or save it again"
    header = _header_cause(fmt, detail, text)
    if header:
        return header
    if fmt == "TIFF":
        tiff = _tiff_unidentified(text, ev)
        if tiff:
            return tiff
    if fmt == "BMP":
        bmp = _bmp_cause(detail, ev.head)
        if bmp:
            return bmp
    short = (EOFError, struct.error)  # the header ends before the plugin read all of it
    if exc is not None and (isinstance(exc, short) or isinstance(exc.__cause__, short) or _is_cut_off(exc, text)):
        return _cut_off(ev)
    if ends_whole(ev) is False:
        return _cut_off(ev)
    if detail and detail != "not identified by this driver":
        return f"{the} is damaged ({detail}): {COPY_AGAIN}, or save it again"
    return f"{the} is damaged (its header cannot be read): {COPY_AGAIN}, or save it again"


def _header_cause(fmt: str, detail: str, text: str) -> str | None:
    """A PNG or JPEG header its plugin refused: a checksum, a compression method, a bit depth."""
    if fmt == "PNG":
        checksum = re.search(r"bad header checksum in b'(\w{4})'", detail)
        if checksum:
            return f"the PNG fails its checksum in the {checksum.group(1)} chunk (damaged in copying?): {COPY_AGAIN}"
        method = re.search(r"unknown compression method (\d+) in (\w+) chunk", detail, re.IGNORECASE)
        if method:
            chunk, number = method.group(2), method.group(1)
            return f"the PNG's {chunk} chunk uses compression method {number}, which PNG does not have: it is damaged; save it again"
    if fmt == "JPEG":
        bits = re.search(r"cannot handle (\d+)-bit layers", text)
        if bits:
            return f"the JPEG is {bits.group(1)}-bit, which this kiosk does not read: save it as an ordinary 8-bit JPEG"
    return None


def _tiff_unidentified(text: str, ev: Evidence) -> str | None:
    tags = ev.tiff_tags
    compression = _first(tags.get(259))
    if compression is not None and compression not in TiffImagePlugin.COMPRESSION_INFO:
        return f"TIFF compression {_tiff_compression_words(compression)} is not supported: {SAVE_AS}"
    samples = _first(tags.get(277))
    if "samples per pixel" in text and samples is not None:
        return f"the TIFF says each pixel has {samples:,} samples: it is damaged; {COPY_AGAIN}"
    if "unknown pixel mode" in text or "unsupported" in text:
        layout = _tiff_layout(tags)
        if layout:
            return f"the TIFF stores its pixels as {layout}, which this kiosk does not read: save it as an 8-bit RGB TIFF, JPEG or PNG"
        return "the TIFF stores its pixels in a way this kiosk does not read: save it as an 8-bit RGB TIFF, JPEG or PNG"
    if "missing dimensions" in text or not tags:
        return f"the TIFF is cut off or damaged: the part that says how big the picture is cannot be read; {COPY_AGAIN}"
    return None
