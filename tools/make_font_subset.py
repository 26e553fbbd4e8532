"""Regenerate the bundled CJK font subset (assets/fonts/KioskSans-*.otf).

The subset holds every character of the dataset, the translations and the common-character set
(GB2312 level 1: 3,755 hanzi), so Chinese renders on a machine with no Chinese fonts.

Source: Noto Sans CJK SC (SIL OFL 1.1), e.g. Debian's fonts-noto-cjk:
    apt-get install fonts-noto-cjk && pip install fonttools
    python tools/make_font_subset.py [--source-dir /usr/share/fonts/opentype/noto]
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from kiosk.core.text_inventory import characters_to_cover  # noqa: E402

FAMILY = "Kiosk Sans"
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
SC_INDEX_NAME = "Noto Sans CJK SC"


def gb2312_level1() -> str:
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes((hi, lo)).decode("gb2312"))
    return "".join(chars)


def common_set() -> str:
    ascii_printable = "".join(chr(c) for c in range(0x20, 0x7F))
    punctuation = "“”‘’、。，：；！？（）《》〈〉【】「」·—–…％‰×÷±≥≤→←↑↓•・　￥¥€°℃①②③④⑤⑥⑦⑧⑨⑩‹›«»"  # UI glyphs too
    latin1 = "".join(chr(c) for c in range(0xA0, 0x100))
    return ascii_printable + punctuation + latin1 + "−" + gb2312_level1()


def open_sc_face(path: Path) -> TTFont:
    for index in range(16):
        font = TTFont(path, fontNumber=index, lazy=False)
        if font["name"].getDebugName(1) == SC_INDEX_NAME:
            return font
    raise SystemExit(f"{path}: no '{SC_INDEX_NAME}' face found")


def rename(font: TTFont, weight: str) -> None:
    name = font["name"]
    ps_name = f"KioskSans-{weight}"
    for record in list(name.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (2, 17):
            record.string = weight
        elif record.nameID == 4:
            record.string = f"{FAMILY} {weight}"
        elif record.nameID == 6:
            record.string = ps_name
        elif record.nameID == 3:
            record.string = f"{ps_name};subset of Noto Sans CJK SC"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps_name]
        top = cff.topDictIndex[0]
        top.FullName = f"{FAMILY} {weight}"
        top.FamilyName = FAMILY


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source-dir", type=Path, default=Path("/usr/share/fonts/opentype/noto"))
    parser.add_argument("--out-dir", type=Path, default=ROOT / "assets" / "fonts")
    args = parser.parse_args()

    text = common_set() + characters_to_cover(ROOT / "assets" / "content", ROOT / "i18n")
    unicodes = sorted({ord(c) for c in text if not re.match(r"\s", c) or c == " "})
    print(f"{len(unicodes)} characters to cover")
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for weight, file in WEIGHTS.items():
        font = open_sc_face(args.source_dir / file)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        rename(font, weight)
        out = args.out_dir / f"KioskSans-{weight}.otf"
        font.save(out)
        missing = [chr(u) for u in unicodes if u not in font.getBestCmap()]
        print(
            f"{out.relative_to(ROOT)}: {out.stat().st_size / 1e6:.2f} MB, {len(font.getBestCmap())} characters"
            + (f", not in the source font: {''.join(missing)!r}" if missing else "")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
