"""Whether the kiosk's font can draw a content's text: part of judging content, like its ids and figures.

A character the bundled font lacks shows as an empty box (tofu) in the hall, so content using one is
refused wherever content is judged (`kiosk check`, `kiosk preview`, start-up, Reload, `kiosk
install-content`, the staff panel's USB install), each text named by its path with the characters.

Which font that is, is the caller's to say: the loader takes a `MissingCharacters` function (text ->
the characters the font has no glyph for) and stays free of Qt and of where fonts are kept. `FontCoverage`
makes one from an OpenType or TrueType file by reading its character map (cmap) directly: no Qt, so it
runs in `kiosk check` without a display and in the USB threads, and one reading serves every text
(tests/ui/test_fonts.py holds it to what Qt's QRawFont says the font supports)."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.core import files
from kiosk.core.content.problems import Problem, join_path, shown

MissingCharacters = Callable[[str], str]  # a text -> the characters of it the font cannot draw, each once
MAX_FONT_BYTES = 64 * 1024 * 1024
NOT_SHOWN_KEYS = frozenset({"file"})  # a photo's file name is never drawn
CANNOT_DRAW = "which the kiosk's font cannot draw"  # in each such problem: `kiosk check` adds how to extend the font
ADVICE = "write it with other characters, or have the kiosk's font extended (kiosk check says how)"


class FontCoverage:
    """The characters one font file has glyphs for; calling it with a text gives those it lacks."""

    def __init__(self, code_points: frozenset[int]) -> None:
        self.code_points = code_points

    @classmethod
    def from_file(cls, path: Path) -> FontCoverage:
        """Raises OSError when the file cannot be read, ValueError when it is not a font with a cmap."""
        return cls(frozenset(read_cmap(files.read_bytes(path, MAX_FONT_BYTES))))

    def __call__(self, text: str) -> str:
        return "".join(sorted({c for c in text if not c.isspace() and c.isprintable() and ord(c) not in self.code_points}))


def read_cmap(font: bytes) -> set[int]:
    """Code points the font's best Unicode cmap subtable maps to a glyph (format 12 for the full range,
    else format 4 for the Basic Multilingual Plane). Raises ValueError for anything else."""
    try:
        tables = _tables(font)
        cmap = tables[b"cmap"]
        subtables: dict[int, int] = {}
        (count,) = struct.unpack_from(">H", cmap, 2)
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            if (platform, encoding) in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3)):
                (fmt,) = struct.unpack_from(">H", cmap, offset)
                subtables.setdefault(fmt, offset)
        if 12 in subtables:
            return _format12(cmap, subtables[12])
        if 4 in subtables:
            return _format4(cmap, subtables[4])
    except (KeyError, struct.error) as exc:
        raise ValueError(f"not a font with a character map ({exc})") from None
    raise ValueError("the font has no Unicode character map (format 4 or 12)")


def _tables(font: bytes) -> dict[bytes, bytes]:
    (count,) = struct.unpack_from(">H", font, 4)
    found = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * i)
        found[tag] = font[offset : offset + length]
    return found


def _format4(cmap: bytes, at: int) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", cmap, at + 6)
    segs = seg_x2 // 2
    ends = struct.unpack_from(f">{segs}H", cmap, at + 14)
    starts = struct.unpack_from(f">{segs}H", cmap, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segs}h", cmap, at + 16 + 2 * seg_x2)
    range_at = at + 16 + 3 * seg_x2
    offsets = struct.unpack_from(f">{segs}H", cmap, range_at)
    found: set[int] = set()
    for i, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, offsets, strict=True)):
        for code in range(start, min(end, 0xFFFE) + 1):
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                (glyph,) = struct.unpack_from(">H", cmap, range_at + 2 * i + offset + 2 * (code - start))
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                found.add(code)
    return found


def _format12(cmap: bytes, at: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", cmap, at + 12)
    found: set[int] = set()
    for i in range(groups):
        start, end, first_glyph = struct.unpack_from(">III", cmap, at + 16 + 12 * i)
        found.update(code for n, code in enumerate(range(start, min(end, 0x10FFFF) + 1)) if first_glyph + n)
    return found


def _texts(node: object, path: str) -> Iterator[tuple[str, str]]:
    """Every text in a JSON document with its path (pillars[0].headline.zh), but photo file names."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_SHOWN_KEYS:
                yield from _texts(value, join_path(path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, join_path(path, i))


def glyph_problems(document: object, missing: MissingCharacters, file: str) -> list[Problem]:
    """A problem for each text of `document` (content.json or a locale file, as read) holding characters
    the font lacks: which characters, in which text, and what to do."""
    problems = []
    for path, text in _texts(document, ""):
        lacking = missing(text)
        if lacking:
            listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in lacking)  # the code: the character itself may show as a box
            message = f"{shown(text)} has {listed}, {CANNOT_DRAW} (it would show as an empty box): {ADVICE}"
            problems.append(Problem(file, path, message))
    return problems
