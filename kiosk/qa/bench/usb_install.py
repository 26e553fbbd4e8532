"""Content from a USB stick through the staff panel's real path, on a generated stick of many tiny photos
(and optionally a few big files): how long the UI thread stalls meanwhile (the longest gap between the
ticks of a 5 ms timer), files per second and the whole time, with the machine's load. Before issue 22
the install ran on the UI thread: 50,000 tiny files froze the screen 17.9 s, and systemd's watchdog
(WatchdogSec=30) would end a kiosk copying a larger stick.

    python -m kiosk.qa.bench.usb_install --files 50000 [--big 2 --big-mb 500]

Figures, not a test: tests/ui/test_content_panel.py checks the behaviour."""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kiosk import resources

PER_ALBUM = 5000  # kiosk/core/content/loader.py MAX_ENTRIES: a list in content.json holds at most this many
TICK_MS = 5


def tiny_jpeg() -> bytes:
    """A 16x16 JPEG of a few hundred bytes: decoded by the install's photo check like any photo."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 120, 200)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def make_stick(folder: Path, files: int, *, big: int = 0, big_bytes: int = 0, extra: int = 0) -> Path:
    """A content folder at `folder` (the bundled content) whose albums name `files` more tiny photos,
    `big` of them padded to `big_bytes` each (a JPEG followed by zeros decodes as the JPEG), and `extra`
    files that the content does not name (never copied). Returns the folder."""
    shutil.copytree(resources.bundled_content_dir(), folder)
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    albums = data["albums"]
    template = albums[0]
    photo = tiny_jpeg()
    caption = {lang["code"]: "." for lang in data["languages"]}
    for i in range(files):
        which, place = divmod(i, PER_ALBUM)
        if place == 0:
            albums.append({**template, "id": f"stick-{which}", "photos": []})
        album = albums[-1]
        name = f"photos/stick-{which}/{place:05d}.jpg"
        if place == 0:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
        with open(folder / name, "wb") as out:
            out.write(photo)
            if i < big:
                out.truncate(big_bytes)  # sparse on the stick, copied whole
        album["photos"].append({"id": f"stick-{which}-{place}", "file": name, "caption": caption})
    loose = folder / "not-content"
    for i in range(extra):
        if i == 0:
            loose.mkdir()
        (loose / f"{i:05d}.bin").write_bytes(b"not named by content.json")
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return folder


def _load() -> str:
    if not hasattr(os, "getloadavg"):
        return "load n/a"
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def run(files: int, big: int, big_mb: int, extra: int = 0) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from kiosk.core.clocks import Clocks
    from kiosk.core.paths import AppPaths
    from kiosk.core.settings import Settings
    from kiosk.qa.drive import settle
    from kiosk.ui.app import build_kiosk

    with tempfile.TemporaryDirectory(prefix="kiosk-usb-bench-") as tmp:
        root = Path(tmp)
        made = time.perf_counter()
        folder = make_stick(root / "stick" / "bench-content", files, big=big, big_bytes=big_mb * 1024 * 1024, extra=extra)
        made_s = time.perf_counter() - made
        paths = AppPaths.under(root / "home")
        kiosk = build_kiosk(paths, Settings(paths.config, {"page_transition_ms": 0, "staff_panel_timeout_s": 1800}), clocks=Clocks())
        try:
            kiosk.window.resize(1920, 1080)
            kiosk.window.show()
            settle(kiosk.app)
            kiosk.staff.open_content()
            panel = kiosk.staff.content_panel
            assert panel is not None
            panel.drives = lambda: [folder.parent]
            looked = time.perf_counter()
            panel.look_button.click()  # examine and compare: on the UI thread, before Install is tapped
            look_s = time.perf_counter() - looked
            assert panel.candidate is not None and panel.candidate.ok, panel.details_label.text()
            ticks: list[tuple[float, float]] = []  # (when, gap since the tick before)
            last = [time.perf_counter()]

            def tick() -> None:
                now = time.perf_counter()
                ticks.append((now, now - last[0]))
                last[0] = now

            switch: list[float] = []  # when the outcome came to the UI thread, and when the new content was shown
            on_finished = panel._on_finished

            def timed(job: object, outcome: object) -> None:
                switch.append(time.perf_counter())
                on_finished(job, outcome)  # type: ignore[arg-type]
                switch.append(time.perf_counter())

            panel._on_finished = timed  # type: ignore[method-assign]  # connected when Install is tapped

            timer = QTimer()
            timer.setInterval(TICK_MS)
            timer.timeout.connect(tick)
            shown: set[str] = set()  # the status line's texts as the loop saw them (progress shown)
            started = time.perf_counter()
            timer.start()
            last[0] = started
            panel.install_button.click()
            while panel.busy:
                kiosk.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
                shown.add(panel.status_label.text())
                time.sleep(0.001)
            timer.stop()
            status = panel.status_label.text()
            panel.close_overlay()
        finally:
            kiosk.shutdown()
    size = big * big_mb * 1024 * 1024 + (files - big) * len(tiny_jpeg())
    worker_s = switch[0] - started
    during = [gap for when, gap in ticks if when <= switch[0]]
    lines = [
        f"USB install through the staff panel: {files:,} photos named by content.json ({big} of {big_mb} MB), "
        f"{size / 1024**2:,.1f} MB, and {extra:,} files it does not name; stick made in {made_s:.1f} s; {_load()}",
        f"  look (examine + compare, UI thread, before Install): {look_s * 1000:,.0f} ms",
        f"  install (worker thread: copy, fsync, check): {worker_s:.1f} s, {files / worker_s:,.0f} files/s; "
        f"longest UI stall meanwhile (gap between {TICK_MS} ms ticks): {max(during, default=0) * 1000:.0f} ms over {len(during):,} ticks; "
        f"{len(shown)} progress texts seen",
        f"  then showing the new content (UI thread: the setting, the content reloaded, pages rebuilt): "
        f"{(switch[1] - switch[0]) * 1000:,.0f} ms",
        f"  outcome: {status}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.qa.bench.usb_install", description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=50_000, help="tiny photos named by the content (default 50,000)")
    parser.add_argument("--big", type=int, default=0, help="of them, this many padded to --big-mb each")
    parser.add_argument("--big-mb", type=int, default=500)
    parser.add_argument("--extra", type=int, default=0, help="files on the stick that the content does not name (never copied)")
    args = parser.parse_args(argv)
    print(run(args.files, args.big, args.big_mb, args.extra), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
