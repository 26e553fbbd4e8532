"""Draw the application icon (assets/icon/kiosk.png and kiosk.ico): a gold 11 on the theme's navy."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "icon"


def main() -> int:
    size = 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((16, 16, size - 16, size - 16), radius=96, fill=(13, 27, 46, 255))
    d.rounded_rectangle((16, size - 120, size - 16, size - 16), radius=48, fill=(242, 196, 90, 255))
    for x in (170, 300):  # two bold strokes: "11", for the eleven years
        d.rounded_rectangle((x, 96, x + 52, 360), radius=18, fill=(242, 196, 90, 255))
        d.polygon([(x, 130), (x - 44, 168), (x - 44, 122), (x, 96)], fill=(242, 196, 90, 255))
    OUT.mkdir(parents=True, exist_ok=True)
    image.save(OUT / "kiosk.png")
    image.save(OUT / "kiosk.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT / 'kiosk.png'} and kiosk.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
