"""Make the kiosk's opening-day artwork (the article has no photos to show): 3-4 pictures per album,
marked in the dataset as illustrations (示意图). Places and things, never people: a lake at four times of
day, the dolphin sculpture in its park, a festival stage and its banners with the article's own words,
a research campus and its accelerator hall in one-point perspective.

Pillow only, drawn at twice the size and reduced (smooth edges), and deterministic: the same Pillow
gives the same bytes on every run.

    python tools/make_artwork.py                            # assets/content/photos/<album>/*.jpg, 3840x2160
    python tools/make_artwork.py --out /tmp/art --width 960 # a quick look

Exhibitors replace any of them with a real photo: put the file in the album folder, point the
photo's "file" at it in content.json, set "illustration": false, and run `kiosk check`."""

from __future__ import annotations

import argparse
import itertools
import math
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "content" / "photos"
FONTS = ROOT / "assets" / "fonts"
WIDTH = 3840  # 16:9; the kiosk shows them full screen on 4K displays
S = 2  # drawn at twice the size, then reduced: smooth edges without anti-aliased drawing
QUALITY = 88
RGB = tuple[int, int, int]
Point = tuple[float, float]

FESTIVAL_ZH = "兰州新区首届人才节"  # the article's caption: 兰州新区首届人才节现场
FESTIVAL_EN = "THE FIRST LANZHOU NEW AREA TALENT FESTIVAL"


# --- colour and light ---------------------------------------------------------------------------


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def gradient(size: tuple[int, int], stops: Sequence[tuple[float, RGB]], horizontal: bool = False) -> Image.Image:
    """A gradient through colour stops (position 0..1, colour), top to bottom (or left to right)."""
    w, h = size
    n = w if horizontal else h
    line = Image.new("RGB", (n, 1))
    px = line.load()
    assert px is not None
    for i in range(n):
        t = i / max(1, n - 1)
        colour = stops[-1][1] if t >= stops[-1][0] else stops[0][1]
        for (p0, c0), (p1, c1) in itertools.pairwise(stops):
            if p0 <= t <= p1:
                colour = mix(c0, c1, (t - p0) / ((p1 - p0) or 1))
                break
        px[i, 0] = colour
    return line.resize((w, h)) if horizontal else line.transpose(Image.Transpose.ROTATE_270).resize((w, h))


def soft(size: tuple[int, int], draw: Callable[[ImageDraw.ImageDraw, float], None], blur: float, down: int = 8) -> Image.Image:
    """A blurred greyscale mask, drawn and blurred at 1/down of the size (smooth light is cheap)."""
    w, h = size
    small = Image.new("L", (max(1, w // down), max(1, h // down)), 0)
    draw(ImageDraw.Draw(small), 1 / down)
    if blur > 0:
        small = small.filter(ImageFilter.GaussianBlur(blur / down))
    return small.resize(size, Image.Resampling.BICUBIC)


def light(canvas: Image.Image, mask: Image.Image, colour: RGB, strength: float = 1.0) -> None:
    """Add light of a colour where the mask is bright (screen blend)."""
    layer = ImageChops.multiply(Image.new("RGB", canvas.size, mix((0, 0, 0), colour, strength)), mask.convert("RGB"))
    canvas.paste(ImageChops.screen(canvas, layer))


def shade(canvas: Image.Image, mask: Image.Image, colour: RGB, strength: float = 1.0) -> None:
    """Lay a colour over the canvas where the mask is bright (haze, mist, shadow)."""
    if strength < 1.0:
        mask = mask.point(lambda v: round(v * strength))
    canvas.paste(Image.composite(Image.new("RGB", canvas.size, colour), canvas, mask))


def glow(canvas: Image.Image, centre: Point, radius: float, colour: RGB, strength: float = 1.0) -> None:
    x, y = centre

    def disc(d: ImageDraw.ImageDraw, k: float) -> None:
        for i in range(6, 0, -1):
            r = radius * i / 2 * k
            d.ellipse((x * k - r, y * k - r, x * k + r, y * k + r), fill=round(255 * (7 - i) / 6))

    light(canvas, soft(canvas.size, disc, radius * 0.8), colour, strength)


def fill_shape(canvas: Image.Image, polygon: Sequence[Point], paint: RGB | Image.Image) -> None:
    """Fill a polygon with a colour or with an image of the canvas's size (a gradient, a texture)."""
    if isinstance(paint, tuple):
        ImageDraw.Draw(canvas).polygon(list(polygon), fill=paint)
        return
    mask = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(mask).polygon(list(polygon), fill=255)
    canvas.paste(paint, mask=mask)


def font(size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / f"KioskSans-{'Bold' if bold else 'Regular'}.otf"), max(1, round(size)))


def spaced_text(d: ImageDraw.ImageDraw, centre: Point, text: str, face: ImageFont.FreeTypeFont, fill: RGB, tracking: float) -> None:
    """One line centred on a point, letters spaced by `tracking` (a fraction of the size)."""
    gap = face.size * tracking
    widths = [face.getlength(c) for c in text]
    x = centre[0] - (sum(widths) + gap * (len(text) - 1)) / 2
    for c, cw in zip(text, widths, strict=True):
        d.text((x, centre[1]), c, font=face, fill=fill, anchor="lm")
        x += cw + gap


# --- perspective --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Camera:
    """One-point perspective: the eye `height` m above the ground, looking along +z; x to the right."""

    cx: float
    horizon: float
    focal: float
    height: float

    def p(self, x: float, y: float, z: float) -> Point:
        return (self.cx + self.focal * x / z, self.horizon - self.focal * (y - self.height) / z)

    def quad(self, corners: Sequence[tuple[float, float, float]]) -> list[Point]:
        return [self.p(*c) for c in corners]


def box(
    d: ImageDraw.ImageDraw, cam: Camera, x0: float, x1: float, z0: float, z1: float, top: float, front: RGB, side: RGB, y0: float = 0.0
) -> None:
    """A box standing on the ground: its front face and the side face the eye can see."""
    if x1 < 0:
        d.polygon(cam.quad([(x1, y0, z0), (x1, y0, z1), (x1, top, z1), (x1, top, z0)]), fill=side)
    elif x0 > 0:
        d.polygon(cam.quad([(x0, y0, z0), (x0, y0, z1), (x0, top, z1), (x0, top, z0)]), fill=side)
    if top < cam.height:
        d.polygon(cam.quad([(x0, top, z0), (x1, top, z0), (x1, top, z1), (x0, top, z1)]), fill=mix(front, (255, 255, 255), 0.15))
    d.polygon(cam.quad([(x0, y0, z0), (x1, y0, z0), (x1, top, z0), (x0, top, z0)]), fill=front)


# --- nature -------------------------------------------------------------------------------------


def ridge(rng: random.Random, width: int, base: float, amp: float, waves: int = 6) -> list[Point]:
    phases = [
        (rng.uniform(0.5, 4.0) * (1 + k * 0.8), rng.uniform(0, math.tau), rng.uniform(0.3, 1.0) / (1 + k * 0.6)) for k in range(waves)
    ]
    total = sum(a for _, _, a in phases)
    step = max(2, width // 600)
    return [
        (x, base - amp * sum(a * math.sin(f * x / width * math.tau + p) for f, p, a in phases) / total)
        for x in range(0, width + step, step)
    ]


def hills(d: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], base: float, amp: float, colour: RGB) -> None:
    w, h = size
    d.polygon([*ridge(rng, w, base, amp), (w, h), (0, h)], fill=colour)


def canopy(
    d: ImageDraw.ImageDraw, rng: random.Random, x: float, ground: float, height: float, leaf: RGB, sun_side: float = 1.0, lit: float = 0.25
) -> None:
    """A broadleaf tree: a trunk, then clusters of leaves, darker below and away from the sun."""
    trunk = mix(leaf, (40, 30, 24), 0.7)
    d.polygon(
        [
            (x - height * 0.035, ground),
            (x - height * 0.02, ground - height * 0.5),
            (x + height * 0.02, ground - height * 0.5),
            (x + height * 0.035, ground),
        ],
        fill=trunk,
    )
    for branch in (-1, 1):
        d.line(
            (x, ground - height * 0.4, x + branch * height * 0.14, ground - height * 0.62), fill=trunk, width=max(1, round(height * 0.02))
        )
    clusters = [(rng.uniform(-0.3, 0.3), rng.uniform(-0.95, -0.45), rng.uniform(0.08, 0.16)) for _ in range(48)]
    for dx, dy, r in sorted(clusters, key=lambda c: c[1], reverse=True):
        light_t = 0.5 + 0.5 * (dx * sun_side / 0.3) * 0.5 - (dy + 0.7) * 0.6
        colour = mix(mix(leaf, (10, 20, 16), 0.45), mix(leaf, (255, 250, 210), lit), max(0.0, min(1.0, light_t)))
        cx, cy, rr = x + dx * height, ground + dy * height, r * height
        d.ellipse((cx - rr, cy - rr * 0.9, cx + rr, cy + rr * 0.9), fill=colour)


def poplar(d: ImageDraw.ImageDraw, x: float, ground: float, height: float, leaf: RGB) -> None:
    """The tall narrow poplar of north-west China's shelter belts."""
    d.rectangle((x - height * 0.012, ground - height * 0.2, x + height * 0.012, ground), fill=mix(leaf, (40, 30, 24), 0.7))
    d.ellipse((x - height * 0.09, ground - height, x + height * 0.09, ground - height * 0.12), fill=leaf)
    d.ellipse((x - height * 0.05, ground - height * 0.98, x + height * 0.02, ground - height * 0.2), fill=mix(leaf, (255, 250, 210), 0.18))


def clouds(canvas: Image.Image, rng: random.Random, count: int, band: tuple[float, float], colour: RGB, strength: float) -> None:
    w, h = canvas.size

    def puffs(d: ImageDraw.ImageDraw, k: float) -> None:
        for _ in range(count):
            cx, cy = rng.uniform(-0.1, 1.1) * w, rng.uniform(*band) * h
            span = rng.uniform(0.08, 0.2) * w
            for _ in range(9):
                ox, oy = rng.uniform(-1, 1) * span, rng.uniform(-0.25, 0.15) * span * 0.4
                r = rng.uniform(0.25, 0.5) * span
                d.ellipse(((cx + ox - r) * k, (cy + oy - r * 0.45) * k, (cx + ox + r) * k, (cy + oy + r * 0.35) * k), fill=255)

    shade(canvas, soft(canvas.size, puffs, h * 0.02), colour, strength)


def grain(image: Image.Image, seed: int, amount: int = 3) -> Image.Image:
    """A little seeded, soft noise against banding in the wide gradients (Image.effect_noise is not seeded)."""
    w, h = image.size
    sw, sh = max(1, w // 2), max(1, h // 2)
    noise = Image.frombytes("L", (sw, sh), random.Random(seed).randbytes(sw * sh))
    noise = noise.resize((w, h), Image.Resampling.BILINEAR).point(lambda v: 128 + (v - 128) * amount // 128)
    return ImageChops.add(image, noise.convert("RGB"), scale=1.0, offset=-128)


def vignette(image: Image.Image, strength: float = 0.3) -> Image.Image:
    w, h = image.size
    mask = soft(image.size, lambda d, k: d.ellipse((-w * 0.2 * k, -h * 0.25 * k, w * 1.2 * k, h * 1.25 * k), fill=255), h * 0.18)
    return Image.composite(image, Image.blend(image, Image.new("RGB", image.size, (0, 0, 0)), strength), mask)


# --- Qixia Lake ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LakeMood:
    sky: list[tuple[float, RGB]]
    sun: tuple[float, float, RGB] | None
    ranges: list[RGB]  # far to near
    shore: RGB
    foliage: RGB
    mist: float = 0.0
    moon: bool = False
    lights: bool = False


def pavilion(d: ImageDraw.ImageDraw, x: float, ground: float, size: float, colour: RGB, lit: RGB | None = None) -> None:
    """A lakeside pavilion (亭): a platform, columns and a roof with upturned eaves."""
    s = size
    d.rectangle((x - s * 0.75, ground - s * 0.08, x + s * 0.75, ground), fill=colour)  # platform
    if lit:
        d.rectangle((x - s * 0.5, ground - s * 0.62, x + s * 0.5, ground - s * 0.08), fill=lit)
    for dx in (-0.5, -0.17, 0.17, 0.5):
        d.rectangle((x + dx * s - s * 0.035, ground - s * 0.66, x + dx * s + s * 0.035, ground - s * 0.08), fill=colour)
    d.rectangle((x - s * 0.56, ground - s * 0.24, x + s * 0.56, ground - s * 0.2), fill=colour)  # railing
    eave_y = ground - s * 0.66

    def roof(y: float, half: float, rise: float) -> list[Point]:
        left = [(x - half * (1 - t) - half * 0.18 * t**3, y - rise * t - s * 0.12 * t**4) for t in (i / 12 for i in range(13))]
        pts = [(x - half * 1.2, y - s * 0.1)] + [
            (x - half + (half - half * 0.2) * t, y - rise * math.sin(t * math.pi / 2) ** 1.5) for t in (i / 12 for i in range(13))
        ]
        del left
        right = [(2 * x - px, py) for px, py in reversed(pts)]
        return [*pts, *right, (x + half * 0.9, y + s * 0.04), (x - half * 0.9, y + s * 0.04)]

    d.polygon(roof(eave_y, s * 0.85, s * 0.42), fill=colour)
    d.polygon([(x - s * 0.05, eave_y - s * 0.42), (x + s * 0.05, eave_y - s * 0.42), (x, eave_y - s * 0.62)], fill=colour)  # finial


def arch_bridge(d: ImageDraw.ImageDraw, x0: float, x1: float, water: float, rise: float, colour: RGB) -> None:
    """A stone arch bridge: a gently humped deck with its parapet, and one arch over the water (its
    reflection closes the circle)."""
    mid, half = (x0 + x1) / 2, (x1 - x0) / 2
    steps = [i / 32 for i in range(33)]
    deck = [(x0 + (x1 - x0) * t, water - rise * (0.35 + 0.65 * math.sin(t * math.pi) ** 1.5)) for t in steps]
    arch_w, arch_h = half * 0.32, rise * 0.62
    arch = [(mid + arch_w * math.cos(a), water - arch_h * math.sin(a)) for a in (t * math.pi for t in steps)]
    d.polygon([(x0 - half * 0.04, water), *deck, (x1 + half * 0.04, water), *arch], fill=colour)
    rail = [(x, y - rise * 0.14) for x, y in deck]
    d.line(rail, fill=colour, width=max(1, round(rise * 0.05)))
    for x, y in deck[2:-2:3]:  # parapet posts
        d.line((x, y, x, y - rise * 0.16), fill=colour, width=max(1, round(rise * 0.04)))


def lake(seed: int, mood: LakeMood, size: tuple[int, int]) -> Image.Image:
    rng = random.Random(seed)
    w, h = size
    horizon = h * 0.6
    canvas = gradient(size, mood.sky)
    if mood.moon:
        sky_rng = random.Random(seed * 7)
        d = ImageDraw.Draw(canvas)
        for _ in range(int(w * h / 9000)):
            x, y = sky_rng.uniform(0, w), sky_rng.uniform(0, horizon * 0.85) ** 1.0
            r = sky_rng.choice((0.6, 0.8, 1.0, 1.4)) * h / 1400
            v = sky_rng.randint(150, 255)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(v, v, min(255, v + 20)))
        mx, my, mr = w * 0.74, h * 0.17, h * 0.035
        glow(canvas, (mx, my), mr * 3, (120, 140, 190), 0.55)
        d = ImageDraw.Draw(canvas)
        d.ellipse((mx - mr, my - mr, mx + mr, my + mr), fill=(250, 246, 228))
        d.ellipse((mx - mr * 0.4, my - mr * 0.5, mx - mr * 0.05, my - mr * 0.15), fill=(236, 232, 214))
    if mood.sun:
        sx, sy, colour = mood.sun
        glow(canvas, (w * sx, h * sy), h * 0.16, colour, 0.85)
        glow(canvas, (w * sx, h * sy), h * 0.03, (255, 250, 235), 1.0)
    clouds(canvas, rng, 5, (0.08, 0.32), mix(mood.sky[-1][1], (255, 255, 255), 0.25), 0.28)
    d = ImageDraw.Draw(canvas)
    for i, colour in enumerate(mood.ranges):  # loess hills, far to near: each a little darker and lower
        hills(d, rng, size, horizon - h * (0.13 - i * 0.045), h * (0.1 - i * 0.025), colour)
        if mood.mist:
            shade(
                canvas,
                gradient(size, [(0, (0, 0, 0)), (horizon / h - 0.02, (0, 0, 0)), (horizon / h, (255, 255, 255))]).convert("L"),
                mood.sky[-1][1],
                mood.mist * (1 - i * 0.25),
            )
            d = ImageDraw.Draw(canvas)
    shore = mood.shore
    d.rectangle((0, horizon - h * 0.012, w, horizon), fill=shore)  # the far shore, then its tree line
    for x in range(0, w, max(4, w // 140)):
        poplar(d, x + rng.uniform(-w * 0.004, w * 0.004), horizon - h * 0.008, h * rng.uniform(0.035, 0.06), mix(shore, mood.foliage, 0.35))
    arch_bridge(d, w * 0.08, w * 0.3, horizon, h * 0.07, mix(shore, (0, 0, 0), 0.1))
    pavilion(d, w * 0.58, horizon - h * 0.004, h * 0.085, mix(shore, (0, 0, 0), 0.2), lit=(255, 196, 120) if mood.lights else None)
    if mood.lights:
        for x in range(int(w * 0.33), int(w * 0.9), max(4, w // 40)):
            glow(canvas, (x, horizon - h * 0.01), h * 0.0025, (255, 190, 110), 0.9)
        d = ImageDraw.Draw(canvas)
    # The water: the scene above, mirrored, darker and broken by ripples that widen towards us.
    top = int(horizon)
    mirror = canvas.crop((0, top - (h - top), w, top)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    water = Image.new("RGB", mirror.size)
    strip = max(2, h // 700)
    for y in range(0, mirror.height, strip):
        depth = y / mirror.height
        shift = round(math.sin(y * 0.035 * 1400 / h + rng.uniform(0, 0.3)) * w * 0.0025 * (0.2 + depth * 2.5))
        water.paste(mirror.crop((0, y, w, y + strip)), (shift, y))
    water = water.filter(ImageFilter.GaussianBlur(h / 900))
    water = Image.blend(water, Image.new("RGB", water.size, mix(mood.sky[0][1], (0, 10, 20), 0.5)), 0.3)
    canvas.paste(water, (0, top))
    d = ImageDraw.Draw(canvas)
    bright = mood.sun or ((0.74, 0.17, (250, 246, 228)) if mood.moon else None)
    if bright:  # the glitter path under the sun or the moon
        bx, colour = bright[0] * w, bright[2]
        for _ in range(500):
            y = rng.uniform(horizon + h * 0.005, h)
            depth = (y - horizon) / (h - horizon)
            x = bx + rng.gauss(0, w * (0.01 + depth * 0.06))
            length = w * rng.uniform(0.004, 0.02) * (0.3 + depth)
            d.line((x - length, y, x + length, y), fill=mix(colour, (255, 255, 255), 0.4), width=max(1, round(h / 1200 * (1 + depth * 2))))
    for _ in range(260):  # faint ripple lines across the lake
        y = rng.uniform(horizon + h * 0.01, h)
        depth = (y - horizon) / (h - horizon)
        x, length = rng.uniform(0, w), w * rng.uniform(0.01, 0.05) * (0.3 + depth)
        d.line((x, y, x + length, y), fill=mix(mood.sky[-1][1], (0, 0, 0), 0.25), width=max(1, round(h / 1500 * (1 + depth))))
    # Near shore: a bank with reeds at the left, a tree at the right, dark against the water.
    near = mix(mood.shore, (0, 0, 0), 0.45)
    d.polygon([(0, h * 0.86), (w * 0.12, h * 0.88), (w * 0.3, h * 0.95), (w * 0.36, h), (0, h)], fill=near)
    for _ in range(160):
        x0 = rng.uniform(0, w * 0.33)
        base = h * (0.9 + 0.1 * x0 / (w * 0.33))
        tall = h * rng.uniform(0.1, 0.24)
        lean = rng.uniform(-0.05, 0.12) * tall
        pts = [(x0 + lean * t * t, base - tall * t) for t in (i / 8 for i in range(9))]
        d.line(pts, fill=near, width=max(1, round(h / 700)))
        if rng.random() < 0.35:  # a seed head
            tx, ty = pts[-1]
            d.ellipse((tx - h * 0.002, ty - h * 0.012, tx + h * 0.002, ty + h * 0.004), fill=near)
    d.polygon([(w * 0.78, h), (w * 0.86, h * 0.93), (w, h * 0.9), (w, h)], fill=near)
    against_light = mood.sun is None or mood.lights  # at dusk and at night the tree is a silhouette
    leaf = mix(near, mood.foliage, 0.25) if against_light else mix(mood.foliage, near, 0.35)
    canopy(d, rng, w * 0.93, h * 0.94, h * 0.5, leaf, sun_side=-1.0, lit=0.04 if against_light else 0.25)
    return canvas


# --- Dolphin Park -------------------------------------------------------------------------------


def dolphin_outline(cx: float, cy: float, length: float, tilt: float = 0.35) -> tuple[list[Point], list[Point], list[Point]]:
    """A bottlenose dolphin in a leap, seen side-on: body (beak, melon, belly, tail stock, flukes), dorsal
    fin and flipper, each as a polygon. The spine is a gentle arc; `tilt` turns the whole leap (radians)."""
    # Half-thickness of the back (above the spine) and the belly (below it), along the spine from beak to tail.
    back = [
        (0.0, 0.006),
        (0.03, 0.02),
        (0.06, 0.028),
        (0.075, 0.05),
        (0.12, 0.085),
        (0.2, 0.11),
        (0.35, 0.12),
        (0.5, 0.1),
        (0.65, 0.065),
        (0.8, 0.035),
        (0.9, 0.022),
        (0.96, 0.02),
    ]
    belly = [
        (0.0, 0.006),
        (0.03, 0.018),
        (0.07, 0.03),
        (0.12, 0.06),
        (0.2, 0.09),
        (0.35, 0.105),
        (0.5, 0.085),
        (0.65, 0.05),
        (0.8, 0.027),
        (0.9, 0.018),
        (0.96, 0.016),
    ]

    def interp(profile: list[tuple[float, float]], s: float) -> float:
        for (s0, v0), (s1, v1) in itertools.pairwise(profile):
            if s0 <= s <= s1:
                t = (s - s0) / (s1 - s0)
                t = t * t * (3 - 2 * t)
                return v0 + (v1 - v0) * t
        return profile[-1][1]

    bend = 0.55  # radians of arc from beak to tail: the back bowed up in the leap
    cos_t, sin_t = math.cos(tilt), math.sin(tilt)

    def spine(s: float) -> tuple[Point, Point]:
        """Point and unit normal (towards the back) at s in 0..1 (beak 0, tail 0.96)."""
        theta = bend * (s - 0.5)
        x, y = math.sin(theta) / bend, (1 - math.cos(theta)) / bend  # an arc, beak at the left, hump up
        nx, ny = math.sin(theta), -math.cos(theta)
        x, y = x * cos_t - y * sin_t, x * sin_t + y * cos_t  # tilt > 0: nose up (y points down)
        nx, ny = nx * cos_t - ny * sin_t, nx * sin_t + ny * cos_t
        return (cx + x * length, cy + y * length), (nx, ny)

    def at(s: float, off: float) -> Point:
        (px, py), (nx, ny) = spine(s)
        return (px + nx * off * length, py + ny * off * length)

    steps = [i / 60 * 0.96 for i in range(61)]
    top = [at(s, interp(back, s)) for s in steps]
    bottom = [at(s, -interp(belly, s)) for s in steps]
    # Flukes: two swept lobes either side of the tail stock's end.
    end, (nx, ny) = spine(0.96)
    (ax, ay), _ = spine(0.9)
    ux, uy = end[0] - ax, end[1] - ay
    norm = math.hypot(ux, uy) or 1
    ux, uy = ux / norm, uy / norm

    def lobe(sign: float) -> list[Point]:
        tip = (end[0] + ux * length * 0.09 + nx * sign * length * 0.12, end[1] + uy * length * 0.09 + ny * sign * length * 0.12)
        return [
            (end[0] + nx * sign * length * 0.02, end[1] + ny * sign * length * 0.02),
            (end[0] + ux * length * 0.02 + nx * sign * length * 0.09, end[1] + uy * length * 0.02 + ny * sign * length * 0.09),
            tip,
            (end[0] + ux * length * 0.08 + nx * sign * length * 0.05, end[1] + uy * length * 0.08 + ny * sign * length * 0.05),
            (end[0] + ux * length * 0.06, end[1] + uy * length * 0.06),  # the notch
        ]

    flukes_top, flukes_bottom = lobe(1), lobe(-1)
    body = [*top, *flukes_top, *reversed(flukes_bottom), *reversed(bottom)]

    # Dorsal fin: a falcate fin, its leading edge convex, its trailing edge hollow, swept back.
    def bezier(p0: Point, p1: Point, p2: Point) -> list[Point]:
        return [
            ((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0], (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1])
            for t in (i / 12 for i in range(13))
        ]

    tip = at(0.66, interp(back, 0.62) + 0.11)
    fin = [
        *bezier(at(0.4, interp(back, 0.4) - 0.01), at(0.5, interp(back, 0.5) + 0.1), tip),
        *bezier(tip, at(0.6, interp(back, 0.6) + 0.035), at(0.6, interp(back, 0.6) - 0.01))[1:],
    ]
    # Flipper: from the chest, pointing back and down.
    flipper = [
        at(0.2, -interp(belly, 0.2) + 0.02),
        at(0.33, -interp(belly, 0.33) - 0.08),
        at(0.36, -interp(belly, 0.36) - 0.1),
        at(0.3, -interp(belly, 0.3) + 0.01),
    ]
    return body, fin, flipper


def sculpture(canvas: Image.Image, x: float, base: float, height: float, metal: tuple[RGB, RGB], stone: RGB, sun: RGB) -> None:
    """The park's dolphin: two polished dolphins leaping from a wave on a round stone plinth."""
    size = canvas.size
    pw, ph, ry = height * 0.5, height * 0.2, height * 0.07
    d = ImageDraw.Draw(canvas)
    d.ellipse((x - pw * 1.25, base - ry * 0.9, x + pw * 1.35, base + ry * 1.1), fill=mix(stone, (40, 60, 30), 0.55))  # its shadow
    drum = gradient(size, [(0, mix(stone, (255, 255, 255), 0.3)), (0.45, stone), (1, mix(stone, (0, 0, 0), 0.35))], horizontal=True)
    drum = drum.crop((0, 0, size[0], size[1])).transform(
        size, Image.Transform.AFFINE, (size[0] / (2 * pw), 0, -(x - pw) * size[0] / (2 * pw), 0, 1, 0)
    )
    mask = Image.new("L", size, 0)
    md = ImageDraw.Draw(mask)
    md.rectangle((x - pw, base - ph, x + pw, base), fill=255)
    md.ellipse((x - pw, base - ry, x + pw, base + ry), fill=255)
    canvas.paste(drum, mask=mask)
    d.ellipse((x - pw, base - ph - ry, x + pw, base - ph + ry), fill=mix(stone, (255, 255, 255), 0.35))
    # Two dolphins rise side by side from the wave, their tails still in its crest; the far one smaller.
    top = base - ph
    far_tail, near_tail = (x + height * 0.5, top - height * 0.15), (x + height * 0.05, top - height * 0.2)
    poses = []
    for anchor, length, tilt in ((far_tail, height * 0.62, 0.5), (near_tail, height * 0.95, 0.72)):
        ax, ay = dolphin_outline(0, 0, length, tilt)[0][58]  # the tail stock, just before the flukes
        poses.append((*dolphin_outline(anchor[0] - ax, anchor[1] - ay, length, tilt), length))
    crest = [
        (x - pw * 0.9, top),
        (x - pw * 0.5, top - height * 0.07),
        (near_tail[0], near_tail[1] - height * 0.05),
        (x + height * 0.28, top - height * 0.06),
        (far_tail[0], far_tail[1] - height * 0.05),
        (x + pw * 1.05, top - height * 0.06),
        (x + pw * 1.1, top),
    ]
    wave = []
    for (x0, y0), (x1, y1) in itertools.pairwise(crest):
        wave += [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * (1 - math.cos(t * math.pi)) / 2) for t in (i / 12 for i in range(12))]
    wave.append(crest[-1])
    for (body, fin, flipper, length), tone in zip(poses, (0.3, 0.0), strict=True):
        mask = Image.new("L", size, 0)
        md = ImageDraw.Draw(mask)
        for poly in (body, fin, flipper):
            md.polygon(poly, fill=255)
        md.rectangle((0, top, size[0], size[1]), fill=0)  # nothing of the tail below the wave
        shine = (mix(metal[0], metal[1], tone), mix(metal[1], (40, 50, 60), tone))
        top_y = min(p[1] for p in body) - length * 0.1
        bottom_y = max(p[1] for p in body)
        sheen = gradient(
            size,
            [
                (0, shine[1]),
                (max(0.0, top_y / size[1]), shine[1]),
                (min(1.0, (top_y + bottom_y) / 2 / size[1]), shine[0]),
                (min(1.0, bottom_y / size[1]), shine[1]),
                (1, shine[1]),
            ],
        )
        canvas.paste(sheen, mask=mask)
        rim = ImageDraw.Draw(canvas)
        rim.line(body[: len(body) // 3], fill=mix(shine[0], sun, 0.5), width=max(1, round(length * 0.008)))
        eye = body[4]
        ex, ey = eye[0] + (body[8][0] - eye[0]) * 0.9, eye[1] + (body[-8][1] - eye[1]) * 0.55
        rim.ellipse(
            (ex - length * 0.007, ey - length * 0.007, ex + length * 0.007, ey + length * 0.007), fill=mix(shine[1], (0, 0, 0), 0.6)
        )
    fill_shape(
        canvas,
        wave,
        gradient(
            size,
            [
                (0, metal[1]),
                (max(0.0, (top - height * 0.25) / size[1]), mix(metal[0], metal[1], 0.35)),
                (min(1.0, top / size[1]), mix(metal[1], (0, 0, 0), 0.35)),
                (1, metal[1]),
            ],
        ),
    )


def park(
    seed: int, size: tuple[int, int], sky: list[tuple[float, RGB]], grass: RGB, leaf: RGB, evening: bool = False, kites: bool = False
) -> Image.Image:
    rng = random.Random(seed)
    w, h = size
    horizon = h * (0.74 if kites else 0.62)  # kites: a wide sky over the open lawn
    canvas = gradient(size, sky)
    if evening:
        glow(canvas, (w * 0.2, horizon), h * 0.3, (255, 150, 90), 0.7)
    else:
        glow(canvas, (w * 0.88, h * 0.08), h * 0.18, (255, 250, 225), 0.6)
    clouds(
        canvas,
        rng,
        7 if not evening else 5,
        (0.06, 0.38),
        (255, 255, 255) if not evening else (250, 190, 170),
        0.55 if not evening else 0.35,
    )
    d = ImageDraw.Draw(canvas)
    far = mix(leaf, sky[-1][1], 0.55)
    hills(d, rng, size, horizon - h * 0.03, h * 0.03, mix(far, sky[-1][1], 0.3))
    for x in range(-20, w + 20, max(4, w // 90)):  # the distant tree line, a shelter belt of poplars
        poplar(d, x + rng.uniform(-w * 0.004, w * 0.004), horizon + h * 0.005, h * rng.uniform(0.07, 0.12), far)
    lawn = gradient(size, [(0, grass), (horizon / h, mix(grass, sky[-1][1], 0.35)), (1, mix(grass, (10, 30, 10), 0.35))])
    fill_shape(canvas, [(0, horizon), (w, horizon), (w, h), (0, h)], lawn)
    d = ImageDraw.Draw(canvas)
    stripes = Image.new("L", size, 0)
    for k in range(14):  # mowing stripes: bands across the lawn, wider as they come near
        y0 = horizon + (h - horizon) * (k / 14) ** 1.8
        y1 = horizon + (h - horizon) * ((k + 0.5) / 14) ** 1.8
        ImageDraw.Draw(stripes).rectangle((0, y0, w, y1), fill=255)
    shade(canvas, stripes, (255, 255, 230) if not evening else (0, 0, 0), 0.035)
    d = ImageDraw.Draw(canvas)
    if kites:  # the sculpture far across the lawn, a stand of trees at the right
        sculpture(canvas, w * 0.3, horizon + h * 0.05, h * 0.17, ((248, 250, 252), (140, 160, 182)), (200, 192, 180), (255, 246, 220))
        d = ImageDraw.Draw(canvas)
        for x, scale in ((w * 0.8, 0.55), (w * 0.9, 0.75), (w * 1.0, 0.95)):
            canopy(d, rng, x, horizon + h * 0.14 * scale, h * 0.5 * scale, leaf)
        kite_sky(canvas, rng, horizon)
        return canvas
    paving = (222, 208, 186) if not evening else (150, 130, 130)
    # A curving path from the front edge to the sculpture's plaza.
    left = [(w * (0.05 + 0.4 * t**0.8) - w * 0.16 * (1 - t), h - (h - horizon - h * 0.06) * t) for t in (i / 30 for i in range(31))]
    right = [(w * (0.52 + 0.02 * t) + w * 0.2 * (1 - t) ** 1.5, h - (h - horizon - h * 0.06) * t) for t in (i / 30 for i in range(31))]
    d.polygon([*left, *reversed(right)], fill=paving)
    plaza_y = horizon + h * 0.1
    d.ellipse((w * 0.26, plaza_y - h * 0.045, w * 0.74, plaza_y + h * 0.065), fill=mix(paving, (255, 255, 255), 0.1))
    for x, scale in ((w * 0.05, 1.0), (w * 0.97, 1.15), (w * 0.84, 0.7), (w * 0.16, 0.6)):  # near trees frame the view
        canopy(d, rng, x, horizon + h * 0.2 * scale, h * 0.55 * scale, leaf if not evening else mix(leaf, (20, 20, 40), 0.5))
    if evening:
        fountain(canvas, rng, w * 0.5, plaza_y + h * 0.04, h)
    else:
        sculpture(canvas, w * 0.5, plaza_y + h * 0.05, h * 0.42, ((248, 250, 252), (140, 160, 182)), (200, 192, 180), (255, 246, 220))
    return canvas


def fountain(canvas: Image.Image, rng: random.Random, x: float, base: float, h: float) -> None:
    """The fountain square at dusk: a round basin, jets lit from below, lamps along the plaza."""
    w = canvas.size[0]
    d = ImageDraw.Draw(canvas)
    rx, ry = h * 0.42, h * 0.06
    d.ellipse((x - rx * 1.06, base - ry * 1.06, x + rx * 1.06, base + ry * 1.06), fill=(120, 110, 120))  # rim
    d.ellipse((x - rx, base - ry, x + rx, base + ry), fill=(40, 70, 110))
    jets = Image.new("L", canvas.size, 0)
    jd = ImageDraw.Draw(jets)
    for i in range(-6, 7):  # a ring of arching jets around a tall centre jet
        sx = x + i * rx * 0.13
        top = h * (0.18 + 0.06 * math.cos(i / 6 * math.pi / 2))
        pts = [
            (sx + (x - sx) * 0.6 * t, base - top * 4 * t * (1 - t) * 1.1 - (0 if abs(i) else top * 0.9 * t))
            for t in (k / 24 for k in range(25))
        ]
        jd.line(pts, fill=220, width=max(1, round(h * 0.004)))
    jd.line([(x, base), (x, base - h * 0.33)], fill=255, width=max(1, round(h * 0.008)))
    light(canvas, jets.filter(ImageFilter.GaussianBlur(h * 0.004)), (230, 245, 255))
    glow(canvas, (x, base - h * 0.1), h * 0.12, (150, 200, 255), 0.35)
    glow(canvas, (x, base), h * 0.08, (255, 220, 170), 0.4)
    d = ImageDraw.Draw(canvas)
    for lx in (x - rx * 1.5, x + rx * 1.5, x - rx * 2.6, x + rx * 2.6):  # lamp posts, nearer ones taller
        near = 1.0 if abs(lx - x) > rx * 2 else 0.75
        post_h = h * 0.22 * near
        foot = base + h * 0.03 * near
        d.rectangle((lx - h * 0.003, foot - post_h, lx + h * 0.003, foot), fill=(36, 36, 46))
        glow(canvas, (lx, foot - post_h), h * 0.03, (255, 200, 130), 0.9)
        d = ImageDraw.Draw(canvas)
        d.ellipse((lx - h * 0.008, foot - post_h - h * 0.008, lx + h * 0.008, foot - post_h + h * 0.008), fill=(255, 236, 200))
    del w


def kite_sky(canvas: Image.Image, rng: random.Random, horizon: float) -> None:
    """Kites high over the lawn, their lines running down out of the picture to whoever flies them."""
    w, h = canvas.size
    d = ImageDraw.Draw(canvas)
    palette = [
        ((228, 66, 60), (250, 206, 70)),
        ((36, 120, 200), (250, 250, 250)),
        ((250, 170, 40), (200, 40, 60)),
        ((120, 80, 200), (90, 200, 220)),
    ]
    spots = [(0.62, 0.16, 1.0), (0.8, 0.3, 0.75), (0.42, 0.28, 0.6), (0.9, 0.12, 0.5)]
    for (kx, ky, scale), (c1, c2) in zip(spots, palette, strict=True):
        x, y, s = w * kx, h * ky, h * 0.09 * scale
        tilt = rng.uniform(-0.3, 0.3)

        def rot(px: float, py: float, x: float = x, y: float = y, tilt: float = tilt) -> Point:
            return (x + px * math.cos(tilt) - py * math.sin(tilt), y + px * math.sin(tilt) + py * math.cos(tilt))

        top, right, bottom, left, centre = rot(0, -s), rot(s * 0.7, -s * 0.25), rot(0, s * 1.2), rot(-s * 0.7, -s * 0.25), rot(0, -s * 0.25)
        d.polygon([top, right, centre], fill=c1)
        d.polygon([top, left, centre], fill=c2)
        d.polygon([left, bottom, centre], fill=c1)
        d.polygon([right, bottom, centre], fill=c2)
        d.line([top, bottom], fill=mix(c1, (0, 0, 0), 0.4), width=max(1, round(s * 0.03)))
        d.line([left, right], fill=mix(c1, (0, 0, 0), 0.4), width=max(1, round(s * 0.03)))
        tail = [bottom]
        for k in range(1, 13):  # a tail with bows, waving
            tail.append((bottom[0] + math.sin(k * 0.8) * s * 0.18, bottom[1] + k * s * 0.16))
        d.line(tail, fill=(250, 250, 250), width=max(1, round(s * 0.02)))
        for px, py in tail[2::3]:
            d.polygon(
                [
                    (px - s * 0.08, py - s * 0.05),
                    (px + s * 0.08, py + s * 0.05),
                    (px + s * 0.08, py - s * 0.05),
                    (px - s * 0.08, py + s * 0.05),
                ],
                fill=c2,
            )
        end = (w * rng.uniform(0.8, 1.05), h * 1.02)  # held by someone out of the picture, lower right
        line = [
            (bottom[0] + (end[0] - bottom[0]) * t, bottom[1] + (end[1] - bottom[1]) * t + h * 0.05 * math.sin(t * math.pi))
            for t in (k / 20 for k in range(21))
        ]
        d.line(line, fill=(245, 245, 245), width=max(1, round(h * 0.0012)))
    del horizon


# --- Talent Festival ----------------------------------------------------------------------------


def truss(d: ImageDraw.ImageDraw, x0: float, y0: float, x1: float, y1: float, depth: float, colour: RGB) -> None:
    """A box truss between two points: two chords and the zigzag between them."""
    horizontal = abs(x1 - x0) > abs(y1 - y0)
    ox, oy = (0.0, depth) if horizontal else (depth, 0.0)
    width = max(1, round(depth * 0.12))
    d.line((x0, y0, x1, y1), fill=colour, width=width)
    d.line((x0 + ox, y0 + oy, x1 + ox, y1 + oy), fill=colour, width=width)
    n = max(2, round(math.hypot(x1 - x0, y1 - y0) / depth))
    for i in range(n):
        a, b = i / n, (i + 1) / n
        p = (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a)
        q = (x0 + (x1 - x0) * b + ox, y0 + (y1 - y0) * b + oy)
        d.line((*p, *q), fill=colour, width=max(1, width // 2))


def stage(seed: int, size: tuple[int, int], hues: list[RGB], screen: bool = True) -> Image.Image:
    """A festival stage at night: the LED wall with the festival's name, trusses, beams through haze."""
    rng = random.Random(seed)
    w, h = size
    canvas = gradient(size, [(0, (6, 6, 18)), (0.6, (14, 12, 34)), (1, (4, 4, 10))])
    glow(canvas, (w * 0.5, h * 0.45), h * 0.5, mix(hues[0], (0, 0, 0), 0.5), 0.6)  # haze lit by the stage
    deck = h * 0.7
    d = ImageDraw.Draw(canvas)
    if screen:  # the LED wall: a deep gradient, a ring motif of light, then the name in elegant type
        sx0, sy0, sx1, sy1 = w * 0.22, h * 0.2, w * 0.78, h * 0.58
        wall = gradient(
            (round(sx1 - sx0), round(sy1 - sy0)),
            [(0, mix(hues[0], (10, 10, 40), 0.55)), (1, mix(hues[1], (10, 10, 40), 0.5))],
            horizontal=True,
        )
        canvas.paste(wall, (round(sx0), round(sy0)))
        rings = Image.new("L", size, 0)
        rd = ImageDraw.Draw(rings)
        for i in range(9):
            r = h * (0.06 + i * 0.045)
            rd.arc(
                (w * 0.5 - r * 1.6, h * 0.39 - r, w * 0.5 + r * 1.6, h * 0.39 + r),
                200,
                340,
                fill=60 + i * 8,
                width=max(1, round(h * 0.002)),
            )
        rings.paste(0, (0, 0, w, round(sy0)))
        rings.paste(0, (0, round(sy1), w, h))
        light(canvas, rings.filter(ImageFilter.GaussianBlur(h * 0.002)), (255, 230, 200), 0.6)
        d = ImageDraw.Draw(canvas)
        title = font(h * 0.085, bold=True)
        spaced_text(d, (w * 0.5, h * 0.37), FESTIVAL_ZH, title, (255, 248, 235), 0.12)
        d.line((w * 0.4, h * 0.45, w * 0.6, h * 0.45), fill=(240, 200, 120), width=max(1, round(h * 0.002)))
        spaced_text(d, (w * 0.5, h * 0.49), FESTIVAL_EN, font(h * 0.022), (240, 226, 210), 0.28)
        d.rectangle((sx0, sy0, sx1, sy1), outline=(20, 20, 30), width=max(1, round(h * 0.006)))
    # Trusses: two towers and a header beam, moving heads hanging from it.
    metal = (70, 72, 84)
    for tx in (w * 0.14, w * 0.84):
        truss(d, tx, h * 0.1, tx, deck, h * 0.022, metal)
    truss(d, w * 0.14, h * 0.1, w * 0.862, h * 0.1, h * 0.022, metal)
    heads = [w * (0.2 + 0.6 * i / 8) for i in range(9)]
    beams = Image.new("RGB", size, (0, 0, 0))
    bd = ImageDraw.Draw(beams)
    for i, hx in enumerate(heads):
        colour = hues[i % len(hues)]
        angle = rng.uniform(-0.5, 0.5) + (i - 4) * 0.06
        reach = h * 1.2
        spread = 0.07
        ex1, ey1 = hx + math.sin(angle - spread) * reach, h * 0.14 + math.cos(angle - spread) * reach
        ex2, ey2 = hx + math.sin(angle + spread) * reach, h * 0.14 + math.cos(angle + spread) * reach
        bd.polygon([(hx - h * 0.006, h * 0.14), (hx + h * 0.006, h * 0.14), (ex2, ey2), (ex1, ey1)], fill=mix((0, 0, 0), colour, 0.32))
    for i, hx in enumerate(heads[::2]):  # a few beams upwards into the haze
        colour = hues[(i + 1) % len(hues)]
        angle = math.pi + (i - 2) * 0.22
        reach = h * 0.5
        bd.polygon(
            [
                (hx - h * 0.005, h * 0.1),
                (hx + h * 0.005, h * 0.1),
                (hx + math.sin(angle + 0.05) * reach, h * 0.1 + math.cos(angle + 0.05) * reach),
                (hx + math.sin(angle - 0.05) * reach, h * 0.1 + math.cos(angle - 0.05) * reach),
            ],
            fill=mix((0, 0, 0), colour, 0.25),
        )
    if not screen:  # no show on the screen: floor lights fan up from the deck's front edge, crossing those from above
        for i in range(8):
            fx = w * (0.16 + 0.68 * i / 7)
            angle = math.pi + (0.5 - i / 7) * 1.1
            reach = h * 0.9
            bd.polygon(
                [
                    (fx - h * 0.006, deck),
                    (fx + h * 0.006, deck),
                    (fx + math.sin(angle + 0.06) * reach, deck + math.cos(angle + 0.06) * reach),
                    (fx + math.sin(angle - 0.06) * reach, deck + math.cos(angle - 0.06) * reach),
                ],
                fill=mix((0, 0, 0), hues[i % len(hues)], 0.3),
            )
        glow(canvas, (w * 0.5, deck), h * 0.3, hues[1], 0.45)
    beams = beams.filter(ImageFilter.GaussianBlur(h * 0.008))
    canvas.paste(ImageChops.screen(canvas, beams))
    d = ImageDraw.Draw(canvas)
    for i, hx in enumerate(heads):
        d.rounded_rectangle((hx - h * 0.012, h * 0.115, hx + h * 0.012, h * 0.15), radius=h * 0.006, fill=(30, 30, 38))
        glow(canvas, (hx, h * 0.145), h * 0.012, hues[i % len(hues)], 1.0)
        d = ImageDraw.Draw(canvas)
    # The stage deck and its lit edge, then the dark, polished floor reflecting it all.
    d.rectangle((w * 0.1, deck, w * 0.9, deck + h * 0.05), fill=(18, 18, 26))
    d.rectangle((w * 0.1, deck, w * 0.9, deck + h * 0.004), fill=mix(hues[0], (255, 255, 255), 0.5))
    floor_top = round(deck + h * 0.05)
    reflection = canvas.crop((0, floor_top - (h - floor_top), w, floor_top)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    reflection = Image.blend(reflection.filter(ImageFilter.GaussianBlur(h * 0.01)), Image.new("RGB", reflection.size, (4, 4, 10)), 0.7)
    canvas.paste(reflection, (0, floor_top))
    d = ImageDraw.Draw(canvas)
    for _ in range(160):  # confetti caught in the light, none over the name on the screen
        x, y = rng.uniform(w * 0.1, w * 0.9), rng.uniform(h * 0.05, deck)
        if screen and w * 0.2 < x < w * 0.8 and h * 0.18 < y < h * 0.6:
            continue
        s = h * rng.uniform(0.003, 0.007)
        a = rng.uniform(0, math.pi)
        colour = mix(rng.choice(hues), (255, 255, 255), 0.3)
        d.polygon(
            [
                (x + math.cos(a) * s, y + math.sin(a) * s),
                (x + math.cos(a + 2.4) * s * 0.6, y + math.sin(a + 2.4) * s * 0.6),
                (x - math.cos(a) * s, y - math.sin(a) * s),
                (x + math.cos(a - 0.7) * s * 0.6, y + math.sin(a - 0.7) * s * 0.6),
            ],
            fill=colour,
        )
    return canvas


def banners(seed: int, size: tuple[int, int]) -> Image.Image:
    """An afternoon at the festival: a row of red banners with its name down a plaza, in perspective."""
    rng = random.Random(seed)
    w, h = size
    cam = Camera(w * 0.5, h * 0.68, h * 1.1, 1.6)
    canvas = gradient(size, [(0, (86, 150, 220)), (0.68, (214, 230, 242)), (0.69, (200, 196, 188)), (1, (232, 222, 206))])
    glow(canvas, (w * 0.78, h * 0.1), h * 0.25, (255, 244, 214), 0.6)
    clouds(canvas, rng, 6, (0.05, 0.3), (255, 255, 255), 0.6)
    d = ImageDraw.Draw(canvas)
    for z in range(2, 200, 3):  # paving joints across the plaza, closer together into the distance
        y = cam.p(0, 0, z)[1]
        d.line((0, y, w, y), fill=(206, 194, 176), width=max(1, round(h * 0.0012)))
    for x in range(-40, 41, 2):
        d.line((*cam.p(x, 0, 1.0), *cam.p(x, 0, 400)), fill=(206, 194, 176), width=max(1, round(h * 0.0012)))
    for x0, x1, colour in ((-60, -14, (184, 192, 204)), (14, 60, (190, 198, 210))):  # low buildings either side of the plaza
        box(d, cam, x0, x1, 60, 120, 14, colour, mix(colour, (0, 0, 0), 0.15))
        for floor in range(1, 4):
            y = cam.p(0, floor * 3.6, 60)[1]
            d.line((cam.p(x0, 0, 60)[0], y, cam.p(x1, 0, 60)[0], y), fill=mix(colour, (60, 90, 130), 0.5), width=max(1, round(h * 0.004)))
    # At the far end of the plaza, the festival's stage: a red backdrop with its name over a dark deck.
    (sx0, sy0), (sx1, sy1) = cam.p(-12, 9, 110), cam.p(12, 0, 110)
    d.rectangle((sx0, sy0, sx1, sy1), fill=(182, 26, 38))
    d.rectangle((sx0, sy1 - (sy1 - sy0) * 0.14, sx1, sy1), fill=(70, 44, 44))
    spaced_text(d, ((sx0 + sx1) / 2, sy0 + (sy1 - sy0) * 0.42), FESTIVAL_ZH, font((sy1 - sy0) * 0.13, bold=True), (255, 236, 190), 0.08)
    for z in (80, 62, 48, 38, 30, 24, 19, 15, 12):  # banner poles down both sides, far first
        for side in (-1, 1):
            x = side * 6.5
            bottom, top = cam.p(x, 0, z), cam.p(x, 7.2, z)
            pw = max(1.0, h * 0.012 / z * 4)
            d.rectangle((bottom[0] - pw, top[1], bottom[0] + pw, bottom[1]), fill=(200, 204, 210))
            bx0, by0 = cam.p(x - side * 0.15, 6.8, z)
            bx1, by1 = cam.p(x - side * 1.5, 2.4, z)
            left, right = min(bx0, bx1), max(bx0, bx1)
            d.rectangle((left, by0, right, by1), fill=(196, 28, 40))
            d.rectangle((left, by0, right, by0 + (by1 - by0) * 0.05), fill=(236, 186, 90))
            d.rectangle((left, by1 - (by1 - by0) * 0.05, right, by1), fill=(236, 186, 90))
            face = font((by1 - by0) * 0.082, bold=True)
            cx, y = (left + right) / 2, by0 + (by1 - by0) * 0.12
            for ch in FESTIVAL_ZH:  # the name read downwards, as Chinese banners are
                d.text((cx, y), ch, font=face, fill=(255, 244, 226), anchor="mt")
                y += (by1 - by0) * 0.085
            shadow = cam.p(x - side * 1.5, 0, z)
            d.polygon(
                [cam.p(x, 0, z), shadow, (shadow[0] + h * 0.5 / z, shadow[1]), (cam.p(x, 0, z)[0] + h * 0.5 / z, cam.p(x, 0, z)[1])],
                fill=(200, 186, 166),
            )
    return canvas


# --- Heavy-ion technology base ------------------------------------------------------------------


def campus(seed: int, size: tuple[int, int], night: bool = False) -> Image.Image:
    """The base seen from its forecourt in one-point perspective: a glazed main building, halls either
    side of the axis, trees and lamps; by day or at night."""
    rng = random.Random(seed)
    w, h = size
    cam = Camera(w * 0.5, h * 0.6, h * 1.2, 1.7)
    if night:
        canvas = gradient(size, [(0, (6, 10, 28)), (0.45, (18, 32, 66)), (0.6, (44, 60, 96)), (0.61, (20, 22, 30)), (1, (12, 14, 20))])
    else:
        canvas = gradient(
            size, [(0, (92, 150, 214)), (0.55, (206, 224, 238)), (0.6, (226, 232, 236)), (0.61, (150, 154, 160)), (1, (118, 122, 128))]
        )
        clouds(canvas, rng, 5, (0.05, 0.28), (255, 255, 255), 0.55)
    d = ImageDraw.Draw(canvas)
    hills(d, rng, size, cam.horizon - h * 0.02, h * 0.025, (60, 70, 96) if night else (170, 180, 190))
    ground = (58, 62, 70) if night else (176, 178, 178)
    d.rectangle((0, cam.horizon, w, h), fill=ground)
    lines = (70, 76, 86) if night else (196, 196, 194)
    for x in range(-30, 31, 3):  # forecourt paving: joints along the axis meet at the vanishing point
        d.line((*cam.p(x, 0, 1.0), *cam.p(x, 0, 80)), fill=lines, width=max(1, round(h * 0.0015)))
    for z in [2 * 1.18**k for k in range(24)]:
        if z < 80:
            y = cam.p(0, 0, z)[1]
            d.line((0, y, w, y), fill=lines, width=max(1, round(h * 0.0015)))
    lit = (255, 214, 150)
    glass = (26, 40, 62) if night else (120, 160, 200)
    wall = (70, 78, 96) if night else (226, 228, 232)
    side = (48, 54, 68) if night else (176, 182, 192)
    # Halls either side of the axis, their long walls receding to the vanishing point.
    for x0, x1 in ((-40.0, -12.0), (12.0, 40.0)):
        box(d, cam, x0, x1, 22, 70, 11, wall, side)
        xi = x1 if x1 < 0 else x0
        for z0 in range(24, 68, 4):  # tall windows along the receding wall
            quad = cam.quad([(xi, 2.5, z0), (xi, 2.5, z0 + 2.4), (xi, 9.0, z0 + 2.4), (xi, 9.0, z0)])
            d.polygon(quad, fill=lit if night and rng.random() < 0.6 else glass)
        band = cam.quad([(xi, 9.8, 22), (xi, 9.8, 70), (xi, 10.4, 70), (xi, 10.4, 22)])
        d.polygon(band, fill=(90, 200, 255) if night else (40, 110, 180))
    # The main building across the axis: a glazed front, floor bands and a deep canopy over the entrance.
    z = 70.0
    box(d, cam, -22, 22, z, z + 30, 24, wall, side)
    for floor in range(6):
        y0, y1 = 1.5 + floor * 3.7, 1.5 + floor * 3.7 + 2.6
        for col in range(22):
            x0 = -20 + col * 1.85
            quad = cam.quad([(x0, y0, z), (x0 + 1.5, y0, z), (x0 + 1.5, y1, z), (x0, y1, z)])
            d.polygon(quad, fill=lit if night and rng.random() < 0.55 else mix(glass, (255, 255, 255), 0.1 * (floor % 2)))
    d.polygon(cam.quad([(-22, 24, z), (22, 24, z), (22, 25.2, z), (-22, 25.2, z)]), fill=(90, 200, 255) if night else (40, 110, 180))
    box(d, cam, -6, 6, z - 6, z, 4.2, mix(wall, (0, 0, 0), 0.1), side, y0=3.6)  # entrance canopy
    for sx in (-1, 1):  # lawn strips under the trees, along the axis
        d.polygon(
            cam.quad([(sx * 7.5, 0, 1.5), (sx * 12.0, 0, 1.5), (sx * 12.0, 0, 64), (sx * 7.5, 0, 64)]),
            fill=(40, 56, 44) if night else (110, 150, 90),
        )
    # Street trees and lamps along both sides of the forecourt, near ones large.
    for zt in (60, 46, 35, 27, 21):
        for sx in (-10.0, 10.0):
            base = cam.p(sx, 0, zt)
            tall = cam.p(sx, 6.5, zt)[1]
            if night:
                lamp_top = cam.p(sx * 0.8, 5.0, zt)
                d.line((*cam.p(sx * 0.8, 0, zt), *lamp_top), fill=(30, 30, 36), width=max(1, round(h * 0.03 / zt * 3)))
                glow(canvas, lamp_top, h * 0.3 / zt, (255, 200, 140), 0.9)
                d = ImageDraw.Draw(canvas)
            canopy(d, rng, base[0], base[1], base[1] - tall, (26, 50, 40) if night else (66, 118, 74), sun_side=1.0)
    if night:
        glow(canvas, cam.p(0, 2, z - 3), h * 0.06, (255, 220, 170), 0.8)
        for _ in range(int(w * h / 20000)):
            x, y = rng.uniform(0, w), rng.uniform(0, cam.horizon * 0.6)
            r = h / 1600
            ImageDraw.Draw(canvas).ellipse((x - r, y - r, x + r, y + r), fill=(200, 210, 240))
    return canvas


def accelerator_hall(seed: int, size: tuple[int, int]) -> Image.Image:
    """The heavy-ion equipment hall in one-point perspective: the beam line runs down the hall on
    stands through a row of magnets (red dipoles, blue quadrupoles), under light panels set into the
    ceiling; walls, floor and ceiling all meet at one vanishing point."""
    rng = random.Random(seed)
    w, h = size
    cam = Camera(w * 0.5, h * 0.5, h * 0.9, 2.2)
    half, ceiling, far = 9.0, 9.0, 140.0
    canvas = Image.new("RGB", size, (40, 46, 56))
    d = ImageDraw.Draw(canvas)
    near = 1.2
    floor = [cam.p(-half, 0, near), cam.p(half, 0, near), cam.p(half, 0, far), cam.p(-half, 0, far)]
    fill_shape(canvas, floor, gradient(size, [(0, (30, 36, 44)), (0.5, (70, 80, 92)), (1, (120, 130, 140))]))
    fill_shape(
        canvas,
        [cam.p(-half, ceiling, near), cam.p(half, ceiling, near), cam.p(half, ceiling, far), cam.p(-half, ceiling, far)],
        gradient(size, [(0, (24, 28, 36)), (0.5, (52, 58, 70)), (1, (52, 58, 70))]),
    )
    for sx, tone in ((-half, (84, 94, 110)), (half, (74, 84, 100))):
        fill_shape(
            canvas,
            [cam.p(sx, 0, near), cam.p(sx, 0, far), cam.p(sx, ceiling, far), cam.p(sx, ceiling, near)],
            gradient(size, [(0, tone), (1, mix(tone, (0, 0, 0), 0.35))], horizontal=sx > 0),
        )
    d = ImageDraw.Draw(canvas)
    d.polygon(
        [cam.p(-half, 0, far), cam.p(half, 0, far), cam.p(half, ceiling, far), cam.p(-half, ceiling, far)], fill=(140, 156, 176)
    )  # far wall
    line_w = max(1, round(h * 0.0015))
    for z in [near * 1.25**k for k in range(30)]:  # wall panel joints and ceiling ribs, spaced in depth
        if z > far:
            break
        for sx in (-half, half):
            d.line((*cam.p(sx, 0, z), *cam.p(sx, ceiling, z)), fill=(60, 68, 80), width=line_w)
        d.line((*cam.p(-half, ceiling, z), *cam.p(half, ceiling, z)), fill=(34, 38, 48), width=line_w)
    for y in (3.0, 6.0):  # horizontal wall seams and the cable trays run to the vanishing point
        for sx in (-half, half):
            d.line((*cam.p(sx, y, near), *cam.p(sx, y, far)), fill=(60, 68, 80), width=line_w)
    for sx in (-half + 0.01, half - 0.01):
        d.polygon(cam.quad([(sx, 6.6, near), (sx, 6.6, far), (sx, 7.1, far), (sx, 7.1, near)]), fill=(104, 110, 122))
    # Light panels set into the ceiling: rectangles on the ceiling plane, so trapezoids on the picture.
    panels = Image.new("L", size, 0)
    pd = ImageDraw.Draw(panels)
    z = 2.0
    while z < far - 4:
        for px in (-4.5, 0.0, 4.5):
            pd.polygon(
                cam.quad(
                    [
                        (px - 0.8, ceiling - 0.01, z),
                        (px + 0.8, ceiling - 0.01, z),
                        (px + 0.8, ceiling - 0.01, z + 3),
                        (px - 0.8, ceiling - 0.01, z + 3),
                    ]
                ),
                fill=255,
            )
        z += 6
    canvas.paste((246, 250, 255), mask=panels)
    light(canvas, panels.filter(ImageFilter.GaussianBlur(h * 0.01)), (180, 200, 230), 0.5)
    # Their reflections on the polished floor, softened.
    mirror = Image.new("L", size, 0)
    md = ImageDraw.Draw(mirror)
    z = 2.0
    while z < far - 4:
        for px in (-4.5, 0.0, 4.5):
            md.polygon(cam.quad([(px - 0.8, 0.0, z), (px + 0.8, 0.0, z), (px + 0.8, 0.0, z + 3), (px - 0.8, 0.0, z + 3)]), fill=70)
        z += 6
    light(canvas, mirror.filter(ImageFilter.GaussianBlur(h * 0.006)), (200, 214, 236), 0.6)
    d = ImageDraw.Draw(canvas)
    for sx in (-3.2, 3.2):  # yellow safety lines along the floor
        d.polygon(cam.quad([(sx - 0.06, 0, near), (sx + 0.06, 0, near), (sx + 0.06, 0, far), (sx - 0.06, 0, far)]), fill=(226, 190, 40))
    # The beam line at the left of the walkway: the pipe with its soft blue glow, then the magnets it runs
    # through, far to near (nearer ones drawn over farther ones and over the pipe inside them).
    bx, by = -5.5, 1.3
    zs = [z for z in [2.5 + 5.5 * k for k in range(26)] if z < far - 2][::-1]
    beam = Image.new("L", size, 0)
    ImageDraw.Draw(beam).line((*cam.p(bx, by, zs[-1]), *cam.p(bx, by, far)), fill=255, width=max(1, round(h * 0.01)))
    light(canvas, beam.filter(ImageFilter.GaussianBlur(h * 0.01)), (90, 180, 255), 0.5)
    d = ImageDraw.Draw(canvas)
    d.polygon(
        cam.quad([(bx, by - 0.07, zs[-1]), (bx, by - 0.07, far), (bx, by + 0.07, far), (bx, by + 0.07, zs[-1])]), fill=(196, 204, 214)
    )
    d.line((*cam.p(bx, by + 0.07, zs[-1]), *cam.p(bx, by + 0.07, far)), fill=(240, 244, 250), width=max(1, round(h * 0.002)))
    for k, z in enumerate(zs):
        stand = [(bx - 0.25, 0, z + 0.3), (bx + 0.25, 0, z + 0.3), (bx + 0.15, by - 0.2, z + 0.3), (bx - 0.15, by - 0.2, z + 0.3)]
        d.polygon(cam.quad(stand), fill=(110, 116, 128))
        dipole = (len(zs) - k) % 2 == 0
        mw, mh, depth = (1.0, 1.3, 2.2) if dipole else (0.8, 0.8, 1.0)
        front = (200, 50, 50) if dipole else (40, 100, 190)
        box(d, cam, bx - mw / 2, bx + mw / 2, z, z + depth, by + mh / 2, front, mix(front, (0, 0, 0), 0.35), y0=by - mh / 2)
        (px, py), r = cam.p(bx, by, z), 0.16 * cam.focal / z  # the port where the pipe enters
        d.ellipse((px - r, py - r, px + r, py + r), fill=mix(front, (0, 0, 0), 0.5))
        d.ellipse((px - r * 0.45, py - r * 0.45, px + r * 0.45, py + r * 0.45), fill=(196, 204, 214))
    glow(canvas, cam.p(0, 2.5, far), h * 0.05, (220, 236, 255), 0.6)
    del rng
    return canvas


# --- the pictures -------------------------------------------------------------------------------

Draw = Callable[[tuple[int, int]], Image.Image]

PICTURES: dict[str, list[tuple[str, Draw]]] = {
    "qixia-lake": [
        (
            "dusk",
            lambda size: lake(
                11,
                LakeMood(
                    sky=[(0, (40, 44, 104)), (0.35, (150, 100, 150)), (0.52, (240, 150, 120)), (0.6, (255, 196, 130))],
                    sun=(0.66, 0.55, (255, 170, 100)),
                    ranges=[(176, 120, 140), (128, 88, 120), (86, 62, 96)],
                    shore=(50, 40, 60),
                    foliage=(60, 50, 70),
                    mist=0.12,
                    lights=True,
                ),
                size,
            ),
        ),
        (
            "morning",
            lambda size: lake(
                12,
                LakeMood(
                    sky=[(0, (128, 176, 222)), (0.45, (206, 224, 236)), (0.6, (240, 236, 226))],
                    sun=(0.22, 0.36, (255, 240, 200)),
                    ranges=[(180, 196, 206), (146, 166, 176), (104, 130, 130)],
                    shore=(70, 96, 84),
                    foliage=(90, 140, 100),
                    mist=0.35,
                ),
                size,
            ),
        ),
        (
            "night",
            lambda size: lake(
                13,
                LakeMood(
                    sky=[(0, (4, 8, 26)), (0.45, (14, 26, 60)), (0.6, (30, 46, 86))],
                    sun=None,
                    ranges=[(30, 42, 74), (22, 30, 56), (14, 20, 40)],
                    shore=(10, 14, 26),
                    foliage=(20, 30, 40),
                    moon=True,
                    lights=True,
                ),
                size,
            ),
        ),
        (
            "autumn",
            lambda size: lake(
                14,
                LakeMood(
                    sky=[(0, (84, 140, 206)), (0.45, (186, 206, 224)), (0.6, (240, 220, 180))],
                    sun=(0.78, 0.3, (255, 226, 170)),
                    ranges=[(186, 160, 130), (160, 122, 86), (124, 88, 58)],
                    shore=(96, 64, 40),
                    foliage=(226, 130, 44),
                ),
                size,
            ),
        ),
    ],
    "dolphin-park": [
        ("sunny-day", lambda size: park(21, size, [(0, (70, 140, 220)), (0.62, (206, 228, 244))], (104, 168, 84), (52, 124, 66))),
        (
            "fountain-evening",
            lambda size: park(
                22, size, [(0, (40, 48, 110)), (0.4, (150, 100, 150)), (0.62, (250, 170, 120))], (52, 86, 66), (40, 80, 60), evening=True
            ),
        ),
        ("kites", lambda size: park(23, size, [(0, (80, 156, 232)), (0.62, (214, 234, 248))], (116, 180, 90), (64, 140, 76), kites=True)),
    ],
    "talent-festival": [
        ("main-stage", lambda size: stage(31, size, [(255, 120, 90), (90, 150, 255), (255, 210, 120)])),
        ("lights", lambda size: stage(32, size, [(120, 255, 210), (170, 120, 255), (250, 250, 255)], screen=False)),
        ("afternoon", lambda size: banners(33, size)),
    ],
    "heavy-ion-base": [
        ("campus", lambda size: campus(41, size)),
        ("accelerator-hall", lambda size: accelerator_hall(42, size)),
        ("night", lambda size: campus(43, size, night=True)),
    ],
}


def render(draw: Draw, width: int, seed: int) -> Image.Image:
    height = width * 9 // 16
    image = draw((width * S, height * S)).resize((width, height), Image.Resampling.LANCZOS)
    return vignette(grain(image, seed), 0.25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for <album>/<nn>-<name>.jpg (default: the bundled content)")
    parser.add_argument("--width", type=int, default=WIDTH, help=f"picture width in pixels, 16:9 (default {WIDTH})")
    parser.add_argument("--only", help="only the pictures whose <album>/<name> contains this")
    args = parser.parse_args(argv)
    for album, pictures in PICTURES.items():
        for number, (slug, draw) in enumerate(pictures, 1):
            name = f"{album}/{slug}"
            if args.only and args.only not in name:
                continue
            path = args.out / album / f"{number:02d}-{slug}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            render(draw, args.width, zlib.crc32(name.encode())).save(path, "JPEG", quality=QUALITY, optimize=True, progressive=True)
            print(f"{path}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
