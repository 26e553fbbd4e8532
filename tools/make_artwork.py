"""Make the kiosk's illustrative artwork (the article has no photos): 3-4 pictures per album, drawn
with Pillow at 1920x1080, marked in the dataset as illustrations (示意图). Deterministic: the same
seeds give the same pictures.

    python tools/make_artwork.py          # writes assets/content/photos/<album>/*.jpg

Exhibitors replace any of them with a real photo: put the file in the album folder, point the
photo's "file" at it in content.json, set "illustration": false, and run `kiosk check`."""

from __future__ import annotations

import itertools
import math
import random
import zlib
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "content" / "photos"
W, H = 1920, 1080
S = 2  # drawn at twice the size, then reduced: smooth edges without anti-aliased drawing
RGB = tuple[int, int, int]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def gradient(size: tuple[int, int], stops: list[tuple[float, RGB]]) -> Image.Image:
    """Vertical gradient through colour stops (position 0..1, colour)."""
    w, h = size
    column = Image.new("RGB", (1, h))
    px = column.load()
    for y in range(h):
        t = y / (h - 1)
        for (p0, c0), (p1, c1) in itertools.pairwise(stops):
            if p0 <= t <= p1:
                px[0, y] = mix(c0, c1, (t - p0) / ((p1 - p0) or 1))
                break
    return column.resize((w, h))


def glow(canvas: Image.Image, centre: tuple[float, float], radius: float, colour: RGB, strength: float = 1.0) -> None:
    layer = Image.new("RGB", canvas.size, (0, 0, 0))
    d = ImageDraw.Draw(layer)
    x, y = centre
    for i in range(8, 0, -1):
        r = radius * i / 2.5
        d.ellipse((x - r, y - r, x + r, y + r), fill=mix((0, 0, 0), colour, strength * (9 - i) / 9))
    layer = layer.filter(ImageFilter.GaussianBlur(radius * 0.9))
    canvas.paste(ImageChops.screen(canvas, layer))


def ridge(rng: random.Random, width: int, base: float, amp: float, waves: int = 5) -> list[tuple[float, float]]:
    phases = [(rng.uniform(0.6, 3.5), rng.uniform(0, math.tau), rng.uniform(0.3, 1.0)) for _ in range(waves)]
    points = []
    for x in range(0, width + 8, 8):
        t = x / width
        y = base - amp * sum(a * math.sin(f * t * math.tau + p) for f, p, a in phases) / waves
        points.append((x, y))
    return points


def hills(draw: ImageDraw.ImageDraw, rng: random.Random, base: float, amp: float, colour: RGB, size: tuple[int, int]) -> None:
    w, h = size
    draw.polygon([*ridge(rng, w, base, amp), (w, h), (0, h)], fill=colour)


def tree(draw: ImageDraw.ImageDraw, x: float, ground: float, height: float, leaf: RGB, trunk: RGB = (70, 52, 40)) -> None:
    draw.rectangle((x - height * 0.04, ground - height * 0.45, x + height * 0.04, ground), fill=trunk)
    for dx, dy, r in ((0, -0.62, 0.32), (-0.18, -0.5, 0.24), (0.18, -0.5, 0.24), (0, -0.85, 0.22)):
        cx, cy, rr = x + dx * height, ground + dy * height, r * height
        draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=leaf)


def person(draw: ImageDraw.ImageDraw, x: float, ground: float, height: float, colour: RGB, arm_up: bool = False) -> None:
    head = height * 0.13
    draw.ellipse((x - head, ground - height, x + head, ground - height + 2 * head), fill=colour)
    body_top = ground - height + 2.2 * head
    draw.rounded_rectangle((x - height * 0.16, body_top, x + height * 0.16, ground - height * 0.38), radius=height * 0.08, fill=colour)
    draw.rectangle((x - height * 0.12, ground - height * 0.4, x - height * 0.02, ground), fill=colour)
    draw.rectangle((x + height * 0.02, ground - height * 0.4, x + height * 0.12, ground), fill=colour)
    if arm_up:
        draw.line((x + height * 0.14, body_top + 10, x + height * 0.32, body_top - height * 0.22), fill=colour, width=int(height * 0.06))


def finish(canvas: Image.Image, path: Path, grain_seed: int) -> None:
    image = canvas.resize((W, H), Image.Resampling.LANCZOS)
    grain = random.Random(grain_seed).randbytes(W * H)  # seeded, unlike Image.effect_noise
    noise = Image.frombytes("L", (W, H), grain).point(lambda v: 128 + (v - 128) * 6 // 128).convert("RGB")
    image = ImageChops.add(image, noise, scale=1.0, offset=-128)  # noise is centred on 128: a little grain against banding
    vignette = Image.new("L", (W, H), 0)
    ImageDraw.Draw(vignette).ellipse((-W * 0.25, -H * 0.3, W * 1.25, H * 1.3), fill=255)
    vignette = vignette.filter(ImageFilter.GaussianBlur(160))
    image = Image.composite(image, mix_image(image, (0, 0, 0), 0.35), vignette)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=84, optimize=True, progressive=True)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def mix_image(image: Image.Image, colour: RGB, t: float) -> Image.Image:
    return Image.blend(image, Image.new("RGB", image.size, colour), t)


# --- Qixia Lake ---------------------------------------------------------------------------------


def lake(
    seed: int,
    sky: list[tuple[float, RGB]],
    sun: tuple[float, float, RGB] | None,
    hill_colours: list[RGB],
    moon: bool = False,
    foliage: RGB | None = None,
) -> Image.Image:
    rng = random.Random(seed)
    size = (W * S, H * S)
    w, h = size
    horizon = h * 0.58
    canvas = gradient(size, sky)
    if sun:
        glow(canvas, (w * sun[0], h * sun[1]), h * 0.09, sun[2], 0.9)
    d = ImageDraw.Draw(canvas)
    if moon:
        r = h * 0.045
        d.ellipse((w * 0.78 - r, h * 0.18 - r, w * 0.78 + r, h * 0.18 + r), fill=(246, 240, 220))
        for _ in range(160):
            x, y = rng.uniform(0, w), rng.uniform(0, horizon * 0.8)
            d.point((x, y), fill=(230, 230, 255))
    for i, colour in enumerate(hill_colours):
        hills(d, rng, horizon - h * (0.12 - i * 0.04), h * (0.09 - i * 0.02), colour, size)
    # Pavilion on the far shore.
    px, py = w * 0.3, horizon - h * 0.02
    dark = hill_colours[-1]
    d.polygon([(px - 120, py - 150), (px + 120, py - 150), (px + 60, py - 230), (px - 60, py - 230)], fill=dark)
    d.rectangle((px - 90, py - 150, px + 90, py - 130), fill=dark)
    for dx in (-70, 0, 70):
        d.rectangle((px + dx - 8, py - 130, px + dx + 8, py), fill=dark)
    # Water: the sky mirrored, darker, with ripples.
    water = canvas.crop((0, 0, w, int(horizon))).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    water = water.resize((w, h - int(horizon))).filter(ImageFilter.GaussianBlur(6))
    water = mix_image(water, (10, 20, 40), 0.35)
    canvas.paste(water, (0, int(horizon)))
    d = ImageDraw.Draw(canvas)
    for _ in range(220):
        y = rng.uniform(horizon + 10, h)
        x = rng.uniform(0, w)
        length = rng.uniform(40, 260) * (y - horizon) / (h - horizon) + 20
        shade = mix(sky[-1][1], (255, 255, 255), rng.uniform(0.1, 0.5))
        d.line((x, y, x + length, y), fill=shade, width=2)
    # Foreground shore with reeds or trees.
    d.polygon([(0, h * 0.9), (w * 0.35, h * 0.86), (w * 0.5, h), (0, h)], fill=(16, 24, 22))
    for _ in range(90):
        x = rng.uniform(0, w * 0.42)
        top = h * rng.uniform(0.72, 0.84)
        d.line((x, h * 0.93, x + rng.uniform(-20, 20), top), fill=(20, 32, 26), width=5)
    if foliage:
        for x in (w * 0.82, w * 0.9, w * 0.97):
            tree(d, x, h * 0.98, h * rng.uniform(0.38, 0.5), foliage)
    return canvas


# --- Dolphin Park -------------------------------------------------------------------------------


def dolphin(d: ImageDraw.ImageDraw, cx: float, cy: float, scale: float, colour: RGB) -> None:
    """A leaping dolphin sculpture: an arched body, fins and a plinth."""
    body = []
    for i in range(41):
        t = i / 40
        angle = math.pi * (0.1 + 0.8 * t)
        r = scale * (1.0 - 0.08 * math.sin(t * math.pi))
        thickness = scale * 0.16 * math.sin(t * math.pi) ** 0.7 + scale * 0.02
        body.append((cx - r * math.cos(angle), cy - r * math.sin(angle), thickness))
    outer = [(x - math.cos(math.atan2(y - cy, x - cx)) * -t, y - math.sin(math.atan2(y - cy, x - cx)) * -t) for x, y, t in body]
    inner = [(x - math.cos(math.atan2(y - cy, x - cx)) * t, y - math.sin(math.atan2(y - cy, x - cx)) * t) for x, y, t in body]
    d.polygon(outer + inner[::-1], fill=colour)
    tx, ty, _ = body[-1]
    d.polygon([(tx, ty), (tx + scale * 0.2, ty - scale * 0.12), (tx + scale * 0.16, ty + scale * 0.08)], fill=colour)
    fx, fy, _ = body[20]
    d.polygon(
        [(fx - scale * 0.05, fy - scale * 0.12), (fx + scale * 0.12, fy - scale * 0.3), (fx + scale * 0.1, fy - scale * 0.1)], fill=colour
    )
    d.rounded_rectangle((cx - scale * 0.35, cy - scale * 0.05, cx + scale * 0.35, cy + scale * 0.18), radius=12, fill=(150, 140, 130))


def park(
    seed: int,
    sky: list[tuple[float, RGB]],
    grass: RGB,
    leaf: RGB,
    sculpture: RGB,
    people: RGB,
    fountain: bool = False,
    kites: bool = False,
    sun: tuple[float, float, RGB] | None = None,
) -> Image.Image:
    rng = random.Random(seed)
    size = (W * S, H * S)
    w, h = size
    canvas = gradient(size, sky)
    if sun:
        glow(canvas, (w * sun[0], h * sun[1]), h * 0.08, sun[2], 0.8)
    d = ImageDraw.Draw(canvas)
    for i in range(5):  # clouds
        cx, cy = rng.uniform(0, w), rng.uniform(h * 0.08, h * 0.3)
        for _ in range(6):
            r = rng.uniform(60, 140)
            ox, oy = rng.uniform(-160, 160), rng.uniform(-30, 30)
            d.ellipse(
                (cx + ox - r, cy + oy - r * 0.6, cx + ox + r, cy + oy + r * 0.6), fill=mix(sky[0][1], (255, 255, 255), 0.75 - i * 0.05)
            )
    hills(d, rng, h * 0.58, h * 0.04, mix(grass, (90, 120, 140), 0.5), size)
    for x in range(0, w, 120):  # distant tree line
        tree(d, x + rng.uniform(-40, 40), h * 0.6, h * rng.uniform(0.12, 0.18), mix(leaf, (90, 120, 140), 0.4))
    d.rectangle((0, h * 0.6, w, h), fill=grass)
    d.polygon([(w * 0.42, h), (w * 0.5, h * 0.6), (w * 0.56, h * 0.6), (w * 0.78, h)], fill=(214, 200, 178))  # path
    if fountain:
        d.ellipse((w * 0.62, h * 0.7, w * 0.92, h * 0.8), fill=(110, 160, 200))
        cx, base = w * 0.77, h * 0.75
        for i in range(1, 9):  # water jets as parabolas either side of the centre
            reach = i * 36
            for side in (-1, 1):
                points = [
                    (cx + side * reach * t, base - h * 0.22 * (1 - (2 * t - 1) ** 2) * (1 - i / 12)) for t in (k / 20 for k in range(21))
                ]
                d.line(points, fill=(224, 242, 255), width=5)
    dolphin(d, w * 0.26, h * 0.72, h * 0.22, sculpture)
    for x in (w * 0.06, w * 0.95, w * 0.88):
        tree(d, x, h * 0.8, h * rng.uniform(0.38, 0.5), leaf)
    for _ in range(14):
        x = rng.uniform(w * 0.38, w * 0.98)
        y = rng.uniform(h * 0.76, h * 0.98)
        scale = (y - h * 0.6) / (h * 0.4)
        person(
            d,
            x,
            y,
            h * 0.16 * scale + 30,
            mix(people, (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)), 0.35),
            arm_up=kites and rng.random() < 0.4,
        )
    if kites:
        for _ in range(4):
            kx, ky = rng.uniform(w * 0.45, w * 0.95), rng.uniform(h * 0.1, h * 0.35)
            colour = rng.choice([(235, 80, 70), (250, 200, 60), (80, 170, 240), (150, 110, 230)])
            d.polygon([(kx, ky - 50), (kx + 36, ky), (kx, ky + 60), (kx - 36, ky)], fill=colour)
            d.line((kx, ky + 60, kx + rng.uniform(-80, 80), h * 0.8), fill=(240, 240, 240), width=2)
    return canvas


# --- Talent Festival ----------------------------------------------------------------------------


def festival(seed: int, sky: list[tuple[float, RGB]], stage: RGB, lights: list[RGB], crowd: RGB, daytime: bool = False) -> Image.Image:
    rng = random.Random(seed)
    size = (W * S, H * S)
    w, h = size
    canvas = gradient(size, sky)
    d = ImageDraw.Draw(canvas)
    # Stage, screen and arches.
    d.rectangle((w * 0.18, h * 0.2, w * 0.82, h * 0.62), fill=stage)
    screen = gradient((int(w * 0.44), int(h * 0.24)), [(0, (40, 90, 200)), (1, (200, 60, 120))])
    canvas.paste(screen, (int(w * 0.28), int(h * 0.26)))
    d = ImageDraw.Draw(canvas)
    for i in range(5):  # abstract shapes on the screen, no text
        x = w * 0.3 + i * w * 0.085
        d.ellipse((x, h * 0.33, x + w * 0.05, h * 0.33 + w * 0.05), outline=(255, 230, 150), width=8)
    d.rectangle((w * 0.12, h * 0.62, w * 0.88, h * 0.67), fill=mix(stage, (0, 0, 0), 0.4))
    for x in (w * 0.16, w * 0.84):
        d.rectangle((x - 20, h * 0.12, x + 20, h * 0.67), fill=(60, 60, 70))
    d.rectangle((w * 0.14, h * 0.12, w * 0.86, h * 0.15), fill=(60, 60, 70))
    if not daytime:
        beams = Image.new("RGB", size, (0, 0, 0))
        bd = ImageDraw.Draw(beams)
        for i, colour in enumerate(lights * 2):
            x = w * (0.2 + 0.6 * i / (len(lights) * 2 - 1))
            spread = rng.uniform(-0.25, 0.25) * w
            bd.polygon(
                [(x - 12, h * 0.14), (x + 12, h * 0.14), (x + spread + 160, h), (x + spread - 160, h)], fill=mix((0, 0, 0), colour, 0.45)
            )
        beams = beams.filter(ImageFilter.GaussianBlur(30))
        canvas.paste(ImageChops.screen(canvas, beams))
        d = ImageDraw.Draw(canvas)
    for _ in range(260):  # confetti
        x, y = rng.uniform(0, w), rng.uniform(0, h * 0.75)
        colour = rng.choice(lights)
        d.rectangle((x, y, x + rng.uniform(6, 14), y + rng.uniform(10, 22)), fill=colour)
    for row in range(4):  # the crowd, nearer rows larger and darker
        y = h * (0.8 + row * 0.065)
        for _ in range(26 + row * 4):
            x = rng.uniform(-40, w + 40)
            person(d, x, y + rng.uniform(-10, 10), h * (0.18 + row * 0.05), mix(crowd, (0, 0, 0), row * 0.15), arm_up=rng.random() < 0.25)
    return canvas


# --- Heavy-ion technology base ------------------------------------------------------------------


def campus(
    seed: int, sky: list[tuple[float, RGB]], wall: RGB, glass: RGB, accent: RGB, night: bool = False, interior: bool = False
) -> Image.Image:
    rng = random.Random(seed)
    size = (W * S, H * S)
    w, h = size
    canvas = gradient(size, sky)
    d = ImageDraw.Draw(canvas)
    if interior:
        # Accelerator hall: a ring in perspective, beam pipe glowing.
        d.rectangle((0, h * 0.62, w, h), fill=(58, 66, 78))
        for i in range(12):
            x = i * w / 11
            d.line((w / 2, h * 0.62, x, h), fill=(80, 90, 104), width=4)
        ring = Image.new("RGB", size, (0, 0, 0))
        rd = ImageDraw.Draw(ring)
        rd.ellipse((w * 0.12, h * 0.42, w * 0.88, h * 0.86), outline=accent, width=26)
        ring = ring.filter(ImageFilter.GaussianBlur(18))
        canvas.paste(ImageChops.screen(canvas, ring))
        d = ImageDraw.Draw(canvas)
        d.ellipse((w * 0.12, h * 0.42, w * 0.88, h * 0.86), outline=(220, 230, 240), width=10)
        for i in range(16):
            a = i / 16 * math.tau
            x, y = w / 2 + math.cos(a) * w * 0.38, h * 0.64 + math.sin(a) * h * 0.22
            d.rounded_rectangle((x - 44, y - 34, x + 44, y + 34), radius=10, fill=(40, 90, 170) if i % 2 else (200, 60, 60))
        for x in range(int(w * 0.05), w, 260):  # ceiling lights
            d.rectangle((x, h * 0.08, x + 160, h * 0.1), fill=(240, 245, 255))
        return canvas
    if night:
        for _ in range(120):
            d.point((rng.uniform(0, w), rng.uniform(0, h * 0.5)), fill=(220, 220, 255))
    hills(d, rng, h * 0.6, h * 0.05, mix(sky[-1][1], (30, 40, 50), 0.5), size)
    ground = h * 0.74
    d.rectangle((0, ground, w, h), fill=(62, 68, 74) if not night else (24, 28, 36))
    x = -40.0
    while x < w:  # a row of halls and offices
        bw, bh = rng.uniform(220, 480), rng.uniform(h * 0.16, h * 0.4)
        d.rectangle((x, ground - bh, x + bw, ground), fill=wall)
        for wy in range(int(ground - bh + 30), int(ground - 30), 46):
            for wx in range(int(x + 24), int(x + bw - 40), 58):
                lit = night and rng.random() < 0.55
                d.rectangle((wx, wy, wx + 34, wy + 24), fill=(255, 214, 140) if lit else glass)
        x += bw + rng.uniform(20, 60)
    # The ring building with its accent band.
    cx, cy, rx, ry = w * 0.62, ground - h * 0.02, w * 0.22, h * 0.1
    d.ellipse((cx - rx, cy - ry * 2.4, cx + rx, cy), fill=mix(wall, (255, 255, 255), 0.15))
    d.ellipse((cx - rx * 0.72, cy - ry * 1.9, cx + rx * 0.72, cy - ry * 0.5), fill=mix(sky[0][1], (0, 0, 0), 0.2))
    d.arc((cx - rx, cy - ry * 2.4, cx + rx, cy), 200, 340, fill=accent, width=22)
    for x in range(0, w, 180):  # road markings and street trees
        d.rectangle((x, h * 0.88, x + 90, h * 0.89), fill=(230, 230, 220))
        tree(d, x + 60, h * 0.8, h * 0.12, (60, 120, 80) if not night else (30, 60, 45))
    return canvas


PICTURES: dict[str, list[tuple[str, Callable[[], Image.Image]]]] = {
    "qixia-lake": [
        (
            "dusk",
            lambda: lake(
                11,
                [(0, (44, 40, 96)), (0.45, (214, 110, 120)), (0.6, (250, 178, 110))],
                (0.62, 0.5, (255, 190, 120)),
                [(118, 84, 120), (80, 58, 96), (44, 36, 64)],
            ),
        ),
        (
            "morning",
            lambda: lake(
                12,
                [(0, (150, 196, 232)), (0.6, (226, 236, 240))],
                (0.2, 0.3, (255, 245, 210)),
                [(150, 170, 180), (110, 136, 150), (64, 96, 96)],
            ),
        ),
        ("night", lambda: lake(13, [(0, (8, 14, 40)), (0.6, (30, 44, 90))], None, [(30, 40, 70), (20, 28, 52), (12, 18, 34)], moon=True)),
        (
            "autumn",
            lambda: lake(
                14,
                [(0, (96, 150, 210)), (0.6, (236, 210, 170))],
                (0.75, 0.35, (255, 220, 160)),
                [(150, 120, 90), (120, 90, 64), (80, 60, 44)],
                foliage=(214, 120, 50),
            ),
        ),
    ],
    "dolphin-park": [
        (
            "sunny-day",
            lambda: park(
                21,
                [(0, (90, 160, 230)), (0.6, (200, 228, 246))],
                (96, 170, 90),
                (52, 128, 70),
                (236, 236, 240),
                (60, 70, 110),
                sun=(0.85, 0.12, (255, 250, 220)),
            ),
        ),
        (
            "fountain-evening",
            lambda: park(
                22,
                [(0, (60, 70, 140)), (0.6, (246, 170, 120))],
                (70, 120, 80),
                (40, 90, 60),
                (220, 226, 236),
                (40, 40, 60),
                fountain=True,
                sun=(0.15, 0.5, (255, 180, 120)),
            ),
        ),
        (
            "kites",
            lambda: park(
                23, [(0, (110, 180, 240)), (0.6, (220, 238, 248))], (120, 186, 96), (70, 150, 80), (240, 240, 244), (70, 60, 90), kites=True
            ),
        ),
    ],
    "talent-festival": [
        (
            "main-stage",
            lambda: festival(
                31, [(0, (12, 10, 34)), (1, (44, 20, 70))], (30, 24, 60), [(255, 90, 120), (80, 180, 255), (255, 210, 80)], (20, 18, 40)
            ),
        ),
        (
            "lights",
            lambda: festival(
                32, [(0, (6, 14, 40)), (1, (20, 50, 90))], (20, 30, 60), [(120, 255, 200), (160, 120, 255), (255, 255, 255)], (12, 16, 32)
            ),
        ),
        (
            "afternoon",
            lambda: festival(
                33,
                [(0, (120, 184, 240)), (1, (230, 240, 250))],
                (180, 40, 50),
                [(255, 200, 60), (255, 90, 90), (90, 160, 255)],
                (50, 56, 80),
                daytime=True,
            ),
        ),
    ],
    "heavy-ion-base": [
        ("campus", lambda: campus(41, [(0, (120, 170, 225)), (0.7, (220, 232, 240))], (200, 206, 214), (96, 140, 180), (230, 60, 60))),
        (
            "accelerator-hall",
            lambda: campus(42, [(0, (30, 36, 48)), (0.6, (70, 80, 96))], (90, 96, 110), (60, 80, 110), (90, 200, 255), interior=True),
        ),
        ("night", lambda: campus(43, [(0, (8, 12, 30)), (0.7, (30, 40, 70))], (52, 58, 76), (36, 44, 64), (90, 200, 255), night=True)),
    ],
}


def main() -> int:
    for album, pictures in PICTURES.items():
        for number, (slug, draw) in enumerate(pictures, 1):
            finish(draw(), OUT / album / f"{number:02d}-{slug}.jpg", zlib.crc32(f"{album}/{slug}".encode()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
