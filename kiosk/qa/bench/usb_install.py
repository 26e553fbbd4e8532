"""Content from a USB stick through the staff panel's real path, on a generated stick of many tiny photos
(and optionally a few big files): how long the UI thread stalls while the panel looks at the stick,
while it installs and while it shows the new content (the longest gap between the ticks of a 5 ms
timer, and the longest pause of Python's garbage collector, which holds every thread), files per second
and the whole time, with the machine's load. Before issue 22 the install ran on the UI thread: 50,000
tiny files froze the screen 17.9 s, and systemd's watchdog (WatchdogSec=30) would end a kiosk copying a
larger stick; the look before it ran there until issue 22's second round (81.6 s at 50,000 files).

    python -m kiosk.qa.bench.usb_install --files 50000 [--big 2 --big-mb 500] [--freeze start|look]

Figures, not a test: tests/ui/test_content_panel.py checks the behaviour."""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


class Ticks:
    """The UI thread's heartbeat (a 5 ms timer) and the garbage collector's pauses, by phase."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: dict[str, list[float]] = {}
        self.gc: dict[str, list[float]] = {}
        self.phase = ""
        self._last = time.perf_counter()
        self._gc_start = 0.0
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        gc.callbacks.append(self._on_gc)

    def start(self, phase: str) -> None:
        self.phase = phase
        self._last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.setdefault(self.phase, []).append(now - self._last)
        self._last = now

    def _on_gc(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc.setdefault(self.phase, []).append(time.perf_counter() - self._gc_start)

    def stop(self) -> None:
        self.timer.stop()
        gc.callbacks.remove(self._on_gc)

    def said(self, phase: str) -> str:
        gaps, pauses = self.gaps.get(phase, []), self.gc.get(phase, [])
        return (
            f"longest UI stall {max(gaps, default=0) * 1000:,.0f} ms over {len(gaps):,} ticks; "
            f"longest GC pause {max(pauses, default=0) * 1000:,.0f} ms of {len(pauses):,} ({sum(pauses):.2f} s in all)"
        )


def _longest(ticks: Ticks, prefix: str) -> str:
    gaps = [gap for phase, some in ticks.gaps.items() if phase.startswith(prefix) for gap in some]
    pauses = [pause for phase, some in ticks.gc.items() if phase.startswith(prefix) for pause in some]
    return (
        f"longest UI stall {max(gaps, default=0) * 1000:,.0f} ms over {len(gaps):,} ticks; "
        f"longest GC pause {max(pauses, default=0) * 1000:,.0f} ms of {len(pauses):,} ({sum(pauses):.2f} s in all)"
    )


def _turn_until(app: Any, done: Callable[[], bool], seen: Callable[[], None] = lambda: None) -> None:
    from PySide6.QtCore import QEventLoop

    while not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        seen()
        time.sleep(0.001)


def run(files: int, big: int, big_mb: int, extra: int = 0, freeze: str = "") -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
            tracked = [len(gc.get_objects())]
            if freeze == "start":
                gc.freeze()  # what start-up made is not scanned again by each full collection
            ticks = Ticks()
            kiosk.staff.open_content()
            panel = kiosk.staff.content_panel
            assert panel is not None
            _turn_until(kiosk.app, lambda: not panel.looking)  # what the open found on this machine's drives
            panel.drives = lambda: [folder.parent]
            ticks.start("look")
            looked = time.perf_counter()
            panel.look_button.click()  # examine and compare, in the look thread, before Install is tapped
            _turn_until(kiosk.app, lambda: not panel.looking)
            look_s = time.perf_counter() - looked
            tracked.append(len(gc.get_objects()))
            if freeze == "look":
                gc.freeze()  # and what the look made (the stick's content, shown until Install)
            assert panel.candidate is not None and panel.candidate.ok, panel.details_label.text()
            switch: list[float] = []  # when the outcome came to the UI thread, and when the new content was shown
            on_finished = panel._on_finished

            def timed(job: object, outcome: object) -> None:
                switch.append(time.perf_counter())
                ticks.phase = "switch"
                on_finished(job, outcome)  # type: ignore[arg-type]
                switch.append(time.perf_counter())
                ticks.phase = "after"

            panel._on_finished = timed  # type: ignore[method-assign]  # connected when Install is tapped
            shown: set[str] = set()  # the status line's texts as the loop saw them (progress shown)
            ticks.phase = "install"

            def seen() -> None:
                shown.add(panel.status_label.text())
                if ticks.phase.startswith("install"):  # the stage the UI thread last heard of
                    ticks.phase = f"install {panel._progress.stage}" if panel._progress is not None else "install"

            started = time.perf_counter()
            panel.install_button.click()
            _turn_until(kiosk.app, lambda: panel.busy is False and bool(switch), seen)
            ticks.stop()
            status = " ".join(t for t in (panel.found_label.text(), panel.details_label.text(), panel.status_label.text()) if t)
            panel.close_overlay()
        finally:
            kiosk.shutdown()
    size = big * big_mb * 1024 * 1024 + (files - big) * len(tiny_jpeg())
    worker_s = switch[0] - started
    lines = [
        f"USB install through the staff panel: {files:,} photos named by content.json ({big} of {big_mb} MB), "
        f"{size / 1024**2:,.1f} MB, and {extra:,} files it does not name; stick made in {made_s:.1f} s; {_load()}",
        f"  garbage collector: {f'gc.freeze() after the {freeze}' if freeze else 'as Python sets it'}; objects it tracks: "
        f"{tracked[0]:,} after start-up, {tracked[1]:,} after the look (frozen: {gc.get_freeze_count():,})",
        f"  look (look thread: find, load and check, compare, before Install): {look_s:.1f} s; {ticks.said('look')}",
        f"  install (install thread: copy, fsync, check): {worker_s:.1f} s, {files / max(worker_s, 1e-9):,.1f} files/s; "
        f"{_longest(ticks, 'install')}; {len(shown)} progress texts seen",
        *(f"    {stage}: {ticks.said(stage)}" for stage in sorted(ticks.gaps) if stage.startswith("install")),
        f"  then showing the new content (UI thread: the setting, the checked copy handed over, pages rebuilt): "
        f"{(switch[1] - switch[0]) * 1000:,.0f} ms in one go (the UI stall); "
        f"longest GC pause {max(ticks.gc.get('switch', []), default=0) * 1000:,.0f} ms",
        f"  outcome: {status}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.qa.bench.usb_install", description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=50_000, help="tiny photos named by the content (default 50,000)")
    parser.add_argument("--big", type=int, default=0, help="of them, this many padded to --big-mb each")
    parser.add_argument("--big-mb", type=int, default=500)
    parser.add_argument("--extra", type=int, default=0, help="files on the stick that the content does not name (never copied)")
    parser.add_argument(
        "--freeze", choices=("start", "look"), default="", help="gc.freeze() once the kiosk has started, or after the look (to measure it)"
    )
    args = parser.parse_args(argv)
    print(run(args.files, args.big, args.big_mb, args.extra, args.freeze), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
