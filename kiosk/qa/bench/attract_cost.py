"""What the kiosk costs when nobody is there: `kiosk bench attract`.

For each screen size a fresh Xvfb of that size, and on it, one after the other (alternately, so all see
the same noise): a bare PySide6 fullscreen window, the real kiosk (`python -m kiosk`, fullscreen, its own
KIOSK_HOME) once its attract loop runs, and the kiosk resting on its home page (a long idle timeout, so
no loop). Each is measured over the same window from outside: utime + stime of its process from /proc,
as a percentage of one core. Frames and redrawn pixels are counted inside the measured process by a
small bootstrap this module runs it under (the kiosk itself carries no counting code): an application
event filter that unites every paint event's region on the window per frame. That filter costs a little
CPU of its own, in the bare window too.

The bootstrap works on any checkout of the kiosk, so `python -m kiosk.qa.bench.attract_cost --against
DIR` measures another checkout (an older commit) alternately with this one, in the same run."""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.qa.bench.display import load, platform_env

SIZES = ((1920, 1080), (3840, 2160))
SECONDS = 180.0
ATTRACT_WAIT_S = 120.0  # the shortest idle timeout and countdown the settings allow are 30 s and 3 s
REST_SETTLE_S = 15.0  # the home page's count-ups and charts done before the resting window opens
OUT_ENV = "KIOSK_BENCH_PAINTS"  # where the bootstrap writes its counts, once a second

# Runs as the measured process: counts paint regions on the top-level window, then runs the kiosk (or
# the bare window). Self-contained, so it works against any checkout of the kiosk.
BOOTSTRAP = r"""
import json, os, runpy, sys, time
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtGui import QRegion

class PaintCounter(QObject):
    def __init__(self, app, out):
        super().__init__(app)
        self.out, self.frames, self.pixels, self.pending, self.attract = out, 0, 0, QRegion(), None
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.write)
        self.timer.start(1000)

    def eventFilter(self, watched, event):
        kind = event.type()
        if kind == QEvent.Type.Paint:
            self.pending += event.region().translated(watched.mapTo(watched.window(), QPoint(0, 0)))
        elif kind == QEvent.Type.UpdateRequest:
            self.flush()
        return False

    def flush(self):
        if not self.pending.isEmpty():
            self.frames += 1
            self.pixels += sum(r.width() * r.height() for r in self.pending)
            self.pending = QRegion()

    def write(self):
        self.flush()
        if self.attract is None:
            self.attract = next((w for w in QtWidgets.QApplication.allWidgets() if w.objectName() == "Attract"), None)
        shown = self.attract is not None and self.attract.isVisible()
        state = {"t": time.monotonic(), "frames": self.frames, "pixels": self.pixels, "attract": shown}
        with open(self.out + ".tmp", "w") as f:
            json.dump(state, f)
        os.replace(self.out + ".tmp", self.out)

class CountingApplication(QtWidgets.QApplication):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paint_counter = PaintCounter(self, os.environ["KIOSK_BENCH_PAINTS"])

QtWidgets.QApplication = CountingApplication
if sys.argv[1:] == ["bare"]:
    app = QtWidgets.QApplication([])
    window = QtWidgets.QWidget()
    window.showFullScreen()
    app.exec()
else:
    sys.argv = ["kiosk"]
    runpy.run_module("kiosk", run_name="__main__", alter_sys=True)
"""


@dataclass
class Subject:
    """One thing measured: the bare window, or a checkout's kiosk in its loop or at rest."""

    label: str
    kind: str  # "bare", "attract", "rest"
    checkout: Path | None = None
    cpu: list[float] = field(default_factory=list)  # % of one core, one per window
    fps: list[float] = field(default_factory=list)
    mpx: list[float] = field(default_factory=list)  # million redrawn pixels a second


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, every thread of it."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _counts(path: Path) -> dict[str, float] | None:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return None


def _configure(checkout: Path, env: dict[str, str], settings: dict[str, str]) -> None:
    for name, value in settings.items():
        subprocess.run([sys.executable, "-m", "kiosk", "config", name, value], cwd=checkout, env=env, check=True, capture_output=True)


def _settings(kind: str, immediate: bool) -> dict[str, str]:
    if kind == "rest":
        return {"mode": "interactive", "idle_timeout_s": "1800", "attract_enabled": "off"}
    if immediate:  # a quick check: the loop from the first moment, without its call to touch
        return {"mode": "attract_only"}
    return {"mode": "interactive", "idle_timeout_s": "30", "warning_s": "3", "attract_enabled": "on"}


def _wait_until(process: subprocess.Popen[bytes], ready: float, counts: Path, kind: str, limit: float) -> None:
    """Until the kiosk's loop shows (attract), or `ready` seconds after start (rest, bare)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if process.poll() is not None:
            raise RuntimeError(f"the measured process ended early ({process.returncode}): see {counts.parent / 'stderr.txt'}")
        state = _counts(counts)
        if kind == "attract" and state is not None and state["attract"]:
            time.sleep(ready)
            return
        if kind != "attract" and time.monotonic() - start >= ready:
            return
        time.sleep(0.25)
    raise RuntimeError(f"the attract loop did not start within {limit:.0f} s")


def measure(subject: Subject, env: dict[str, str], home: Path, seconds: float, *, immediate: bool = False) -> None:
    """One window of `seconds` for `subject` on the display in `env`."""
    counts = home / "paints.json"
    counts.unlink(missing_ok=True)
    env = {**env, "KIOSK_HOME": str(home), OUT_ENV: str(counts)}
    cwd = subject.checkout or Path.cwd()
    if subject.checkout is not None:
        env["PYTHONPATH"] = str(subject.checkout)
        _configure(subject.checkout, env, _settings(subject.kind, immediate))
    args = ["bare"] if subject.kind == "bare" else []
    with open(home / "stderr.txt", "wb") as errors:
        process = subprocess.Popen([sys.executable, "-c", BOOTSTRAP, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        ready = 2.0 if subject.kind == "attract" else (REST_SETTLE_S if subject.kind == "rest" and not immediate else 3.0)
        _wait_until(process, ready, counts, subject.kind, ATTRACT_WAIT_S)
        first, cpu0 = _counts(counts), cpu_seconds(process.pid)
        time.sleep(seconds)
        last, cpu1 = _counts(counts), cpu_seconds(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    subject.cpu.append(100 * (cpu1 - cpu0) / seconds)
    if first is not None and last is not None and last["t"] > first["t"]:
        span = last["t"] - first["t"]
        subject.fps.append((last["frames"] - first["frames"]) / span)
        subject.mpx.append((last["pixels"] - first["pixels"]) / span / 1e6)


def _median(values: list[float], unit: str = "") -> str:
    if not values:
        return "-"
    text = f"{statistics.median(values):.1f}{unit}"
    return text + (f" ({', '.join(f'{v:.1f}' for v in values)})" if len(values) > 1 else "")


def table(size: tuple[int, int], subjects: list[Subject], seconds: float) -> str:
    lines = [f"attract loop cost at {size[0]}x{size[1]} on Xvfb, {seconds:.0f} s windows (median of the runs; the runs in brackets)"]
    lines.append(f"  {'measured':<52}{'CPU % of one core':>24}{'frames/s':>16}{'Mpx/s redrawn':>20}")
    for s in subjects:
        lines.append(f"  {s.label:<52}{_median(s.cpu, '%'):>24}{_median(s.fps):>16}{_median(s.mpx):>20}")
    return "\n".join(lines)


def subjects_for(checkouts: list[tuple[str, Path]], rest_all: bool = True) -> list[Subject]:
    """The bare window, each checkout's loop, each checkout at rest (or only the first): the order they
    are measured in."""
    subjects = [Subject("bare PySide6 fullscreen window", "bare")]
    subjects += [Subject(f"kiosk attract loop{name}", "attract", path) for name, path in checkouts]
    subjects += [Subject(f"kiosk resting on its home page{name}", "rest", path) for name, path in checkouts[: None if rest_all else 1]]
    return subjects


def run(
    sizes: tuple[tuple[int, int], ...] = SIZES,
    repeats: int = 1,
    seconds: float = SECONDS,
    *,
    against: list[Path] | None = None,
    immediate: bool = False,
    rest_all: bool = True,
    progress: Callable[[str], object] = lambda _line: None,
) -> str:
    """Every size: the bare window and each checkout's kiosk (this one first, then `against`), in turn.
    Each size's table goes to `progress` as soon as it is measured."""
    here = Path(__file__).resolve().parents[3]
    checkouts = [("", here)] + [(f" ({path})", path.resolve()) for path in against or []]
    if against:
        checkouts[0] = (f" ({here})", here)
    lines = [load()]
    progress(lines[0])
    with tempfile.TemporaryDirectory(prefix="kiosk-attract-bench-") as tmp:
        scratch = Path(tmp)
        for size in sizes:
            subjects = subjects_for(checkouts, rest_all)
            with platform_env("xcb", size, scratch) as env:
                if env is None:
                    lines.append(f"at {size[0]}x{size[1]}: Xvfb is not installed, nothing measured")
                    continue
                homes = {path: scratch / f"home-{size[0]}x{size[1]}-{i}" for i, (_, path) in enumerate(checkouts)}
                for _ in range(repeats):
                    for subject in subjects:  # a checkout keeps its home (its photo cache) across its runs
                        home = (
                            homes.get(subject.checkout, scratch / f"home-{size[0]}x{size[1]}-bare")
                            if subject.checkout
                            else scratch / "bare"
                        )
                        home.mkdir(exist_ok=True)
                        measure(subject, env, home, seconds, immediate=immediate)
            for line in (table(size, subjects, seconds), load()):
                lines.append(line)
                progress(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the attract loop's cost, this checkout against others, alternately")
    parser.add_argument("--against", type=Path, action="append", default=[], metavar="DIR", help="another checkout to measure too")
    parser.add_argument("--size", action="append", metavar="WxH", help="repeatable (default 1920x1080 and 3840x2160)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--rest-once", action="store_true", help="the resting page of this checkout only")
    args = parser.parse_args(argv)
    sizes = tuple(tuple(int(n) for n in s.split("x")) for s in args.size) if args.size else SIZES
    run(sizes, args.repeats, args.seconds, against=args.against, rest_all=not args.rest_once, progress=lambda line: print(line, flush=True))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
