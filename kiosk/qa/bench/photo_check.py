"""`kiosk check` on a large album: check_photos on 2,000 photo-like 1600x1200 JPEGs, cold and warm.

Figures, side by side in one run, with the machine's load (a shared 2-core machine's other work shows
in every figure):
- the way kiosk check worked before issue 21: each photo prepared for 320x180, one after another;
- check_photos in this process (a JPEG decoded at 1/8: every block still entropy-decoded);
- check_photos in worker processes, uncached and with its result cache cold;
- check_photos again with the cache warm (files read and hashed, not decoded).

Qt-free, so worker processes start light: `python -m kiosk.qa.bench.photo_check [COUNT]`; `kiosk bench
photos` prints it too."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from kiosk import resources
from kiosk.core.photos.check import check_photos
from kiosk.core.photos.prepare import PhotoError, prepare

TARGET_S = 10.0


def make_album(folder: Path, count: int, size: tuple[int, int] = (1600, 1200)) -> list[tuple[str, Path]]:
    """`count` distinct photo-like JPEGs: bundled artwork cropped at a different place each, colours
    turned, with sensor-like noise so they compress like photos (about 400 KB each)."""
    art = resources.bundled_content_dir() / "photos" / "qixia-lake" / "01-dusk.jpg"
    w, h = size
    with Image.open(art) as im:
        base = im.convert("RGB").resize((w + w // 4, h + h // 4))
    noise = Image.effect_noise((w, h), 40).convert("RGB")
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        x, y = (i * 37) % (w // 4), (i * 53) % (h // 4)
        image = base.crop((x, y, x + w, y + h))
        if i % 3:
            image = Image.merge("RGB", [image.getchannel((c + i) % 3) for c in range(3)])
        path = folder / f"photo-{i:04d}.jpg"
        Image.blend(image, noise, 0.1 + (i % 5) * 0.02).save(path, "JPEG", quality=85)
        files.append((f"albums[0].photos[{i}]", path))
    return files


def _load() -> str:
    if not hasattr(os, "getloadavg"):
        return "load n/a"
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def _before(files: list[tuple[str, Path]]) -> float:
    """kiosk check as it was: every photo prepared for 320x180, in this process, no cache."""
    started = time.perf_counter()
    for _, path in files:
        with contextlib.suppress(PhotoError):
            prepare(path, (320, 180), "contain")
    return time.perf_counter() - started


def run(count: int = 2000) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-check-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        files = make_album(work / "content" / "photos", count)
        megabytes = sum(path.stat().st_size for _, path in files) / 1e6
        lines = [f"kiosk check on {count:,} photos (1600x1200 JPEGs, {megabytes:.0f} MB, made in {time.perf_counter() - started:.0f} s):"]

        def line(label: str, seconds: float, detail: str = "") -> None:
            verdict = "PASS" if seconds < TARGET_S else "FAIL"
            lines.append(f"  {label:<44} {seconds:6.1f} s  ({_load()}){detail}  target < {TARGET_S:.0f} s -> {verdict}")

        line("before (prepared for 320x180, one by one)", _before(files))
        folder = work / "content"
        one = check_photos(files, within=folder, workers=1)
        line("check_photos, in this process", one.seconds)
        many = check_photos(files, within=folder)
        line(f"check_photos, {many.workers} worker processes, no cache", many.seconds)
        cold = check_photos(files, within=folder, cache_dir=work / "cache")
        line("the same, result cache cold", cold.seconds, f"; {cold.cached} from the cache")
        warm = check_photos(files, within=folder, cache_dir=work / "cache")
        line("the same, result cache warm (nothing changed)", warm.seconds, f"; {warm.cached} from the cache")
        problems = {len(one.problems), len(many.problems), len(cold.problems), len(warm.problems)}
        lines.append(f"  problems found: {problems.pop() if len(problems) == 1 else 'DIFFERENT per run: a bug'}")
    return lines


if __name__ == "__main__":  # workers are spawned: they import this module, and must not run it
    print("\n".join(run(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)))
