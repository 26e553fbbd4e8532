"""Everything whose cost grows with the screen, measured at one size on the platform this process
runs on (offscreen, or xcb on a real X display), beside a floor measured in the same run at the same
size: what repainting and flushing a bare full-window widget costs on this machine.

A frame is what the event loop does for one tick: the change, then every event it posts delivered
(the paint and the flush to the screen included: on xcb a round trip to the X server waits until
it has taken the frame). Slides and chart animations are stepped by hand, so every frame is
measured and none is skipped; the frames painted in a real, timer-driven page slide are counted too.

`kiosk bench` runs this module in a child process per platform and size (`kiosk bench display
--json`), starting Xvfb for the xcb runs, and prints the figures side by side."""

from __future__ import annotations

import functools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

FRAME_MS = 1000 / 60
READ_S = 0.05  # a visitor's moment between two taps, before every measured one (see before_tap)
FOUR_K = (3840, 2160)
SIZES = ((1920, 1080), FOUR_K)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min), {fifteen:.2f} (15 min) on {os.cpu_count()} cores"


def target_scale(width: int, height: int) -> float:
    """The targets are set for 3840x2160; a screen with a quarter of its pixels (1920x1080) gets half
    of each: the scale grows with the square root of the pixel count, up to 1."""
    return min(1.0, math.sqrt(width * height / (FOUR_K[0] * FOUR_K[1])))


class _RoundTrip:
    """Waits until the X server has done everything asked of it so far (a frame put on the screen
    included): one request and its reply on Qt's own connection. QGuiApplication.sync() would do
    it too, but then processes events, painting the next frame of whatever animates."""

    def __init__(self) -> None:
        self._call: Callable[[], None] | None = None

    def __call__(self) -> None:
        if self._call is None:
            self._call = self._make()
        self._call()

    @staticmethod
    def _make() -> Callable[[], None]:
        if QGuiApplication.platformName() != "xcb":
            return lambda: None
        import ctypes
        import ctypes.util

        connection = QGuiApplication.instance().nativeInterface().connection()  # type: ignore[union-attr]
        xcb = ctypes.CDLL(ctypes.util.find_library("xcb") or "libxcb.so.1")
        libc = ctypes.CDLL(ctypes.util.find_library("c"))

        class Cookie(ctypes.Structure):
            _fields_ = [("sequence", ctypes.c_uint)]

        xcb.xcb_get_input_focus.restype = Cookie
        xcb.xcb_get_input_focus.argtypes = [ctypes.c_void_p]
        xcb.xcb_get_input_focus_reply.restype = ctypes.c_void_p
        xcb.xcb_get_input_focus_reply.argtypes = [ctypes.c_void_p, Cookie, ctypes.c_void_p]
        libc.free.argtypes = [ctypes.c_void_p]

        def round_trip() -> None:
            libc.free(xcb.xcb_get_input_focus_reply(connection, xcb.xcb_get_input_focus(connection), None))

        return round_trip


round_trip = _RoundTrip()


def deliver(app: QApplication) -> None:
    """Everything the last change posted: layout, paint, the flush; on a real display, until the
    window system has the frame."""
    app.processEvents()
    app.processEvents()
    round_trip()


def _timed(app: QApplication, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    deliver(app)
    return (time.perf_counter() - start) * 1000


class Bare(QWidget):
    """The floor: a full-window widget that paints one flat colour (a new one each time)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.shade = 0

    def mouseReleaseEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.flip()

    def flip(self) -> None:
        self.shade = (self.shade + 1) % 2
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#20303c") if self.shade else QColor("#f4efe6"))


class FrameCounter(QObject):
    """Counts the frames the window paints (its update requests), wherever they come from."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.frames = 0
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.UpdateRequest and watched is self.window:
            self.frames += 1
        return False

    def close(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.removeEventFilter(self)


def _until_frame(app: QApplication, counter: FrameCounter, action: Callable[[], object]) -> float:
    """From `action` (a tap) to the end of the first frame painted after it: what the visitor
    waits for. Later frames of an animation it starts (a page slide) are not part of it."""
    start = time.perf_counter()
    action()
    before = counter.frames  # a button repaints itself as it is pressed: the result comes after
    for _ in range(100):
        app.processEvents()
        if counter.frames > before:
            break
    round_trip()
    return (time.perf_counter() - start) * 1000


def still(kiosk: Any) -> None:
    """No slide running and every page's figures and charts at rest: what each figure starts from
    (a count-up still running would paint frames of its own into the one being measured)."""
    kiosk.window.finish_transition()
    for view in kiosk.pages.views:
        view.finish_animation()


def idle(kiosk: Any, app: QApplication, longest_s: float = 2.0) -> None:
    """A visitor reads before the next tap: the event loop runs until the kiosk's idle work is done
    (the pages drawn ahead of time for the next slide, the window in the other language), for at
    most `longest_s`."""
    window = kiosk.window
    drawers = [d for d in (getattr(window.turn, "pictures", None), getattr(window, "language_picture", None)) if d is not None]
    deadline = time.perf_counter() + longest_s
    while any(not d.settled for d in drawers) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.002)
    deliver(app)


def read_pause() -> None:
    time.sleep(READ_S)


def before_tap(kiosk: Any, app: QApplication, pause: Callable[[], None] = read_pause) -> None:
    """What comes before every measured tap, the floor's and the kiosk's alike: the kiosk's idle work
    done, then a moment in which the process does nothing (a visitor reads for seconds between two
    taps). After such a moment the same tap on the same bare widget costs two to three times what it
    costs straight after the one before (the processor's caches and state: docs/measurements.md,
    "The floor tap, measured as the taps are"), so a floor tapped back to back is no floor for taps
    that are not."""
    deliver(app)
    idle(kiosk, app)
    pause()
    deliver(app)


def tap_widget(window: QWidget, widget: QWidget) -> None:
    from kiosk.qa.drive import gesture

    centre = widget.mapTo(window, widget.rect().center())
    gesture(window, centre, centre, steps=1)


def floor(kiosk: Any, app: QApplication, samples: int, pause: Callable[[], None] = read_pause) -> dict[str, list[float]]:
    """A repaint of a bare widget the size of the window (a frame, back to back like the frames it is
    the floor of), and a tap on it and its repaint: each after the pause every measured tap of the
    kiosk comes after, and back to back too (shown, not a base for any ratio)."""
    window = kiosk.window
    bare = Bare(window)
    bare.setGeometry(window.rect())
    bare.show()
    bare.raise_()
    deliver(app)
    for _ in range(5):  # warm up
        _timed(app, bare.flip)
    frames = [_timed(app, bare.flip) for _ in range(samples)]
    counter = FrameCounter(window)
    back_to_back = [_until_frame(app, counter, lambda: tap_widget(window, bare)) for _ in range(samples)]
    taps = []
    for _ in range(samples):
        before_tap(kiosk, app, pause)
        taps.append(_until_frame(app, counter, lambda: tap_widget(window, bare)))
    counter.close()
    bare.hide()
    bare.deleteLater()
    deliver(app)
    return {"floor_frame": frames, "floor_tap": taps, "floor_tap_back_to_back": back_to_back}


def taps(kiosk: Any, app: QApplication, count: int, pause: Callable[[], None] = read_pause) -> dict[str, list[float]]:
    """From the tap to the end of the frame that shows its result, as a visitor sees it: the page
    slide on (its first frame is the result of a tab tap), each tap after a moment to read (the
    kiosk's idle work done, then `pause`: before_tap)."""
    from kiosk.qa.drive import wait_for_photos

    window = kiosk.window
    results: dict[str, list[float]] = {}
    counter = FrameCounter(window)

    def measure(name: str, targets: list[QWidget], after: Callable[[], object] = lambda: None) -> None:
        costs = []
        for widget in targets:
            before_tap(kiosk, app, pause)
            costs.append(_until_frame(app, counter, functools.partial(tap_widget, window, widget)))
            still(kiosk)
            after()
        results[name] = costs

    kiosk.navigation.show_page(0)
    window.finish_transition()
    tabs = window.tab_bar.buttons
    measure("tap_tab", [tabs[i % len(tabs)] for i in range(1, count + 1)])
    kiosk.navigation.show_page(0)
    window.finish_transition()
    pills = list(window.language_toggle.buttons.values())
    measure("tap_language", [pills[i % 2] for i in range(1, count + 1)])
    kiosk.navigation.show_page(0)
    deliver(app)
    # The page with the most sections: every segment in turn.
    sections = [len(view.panel.segments) if view.panel is not None else 0 for view in kiosk.pages.views]
    index = sections.index(max(sections))
    kiosk.navigation.show_page(index)
    window.finish_transition()
    view = kiosk.pages.views[index]
    segments = view.panel.segments
    measure("tap_section", [segments[i % len(segments)] for i in range(1, count + 1)])
    # A photo opened full screen from a page's carousel (the photo already prepared, as after the
    # first visitor: preparing one is measured by `kiosk bench photos`).
    page, carousel = next((i, v.carousels[0]) for i, v in enumerate(kiosk.pages.views) if v.carousels)
    kiosk.navigation.show_page(page)
    window.finish_transition()
    view = kiosk.pages.views[page]
    view.show_section(view.section_of(carousel))
    wait_for_photos(kiosk.loader)

    def open_and_prepare() -> None:
        tap_widget(window, carousel)
        wait_for_photos(kiosk.loader)
        window.lightbox.close_view()

    for _ in range(len(carousel.photos)):
        open_and_prepare()
        carousel.go_to(carousel.index + 1)
        wait_for_photos(kiosk.loader)

    def next_photo() -> None:
        window.lightbox.close_view()
        carousel.go_to(carousel.index + 1)
        wait_for_photos(kiosk.loader)

    measure("tap_photo", [carousel] * count, after=next_photo)
    counter.close()
    return results


def between_frames(app: QApplication) -> None:
    """The event loop's wait for the next frame of an animation (what the kiosk does there, as the
    page going under a slide after its first frame, is in no frame's time)."""
    deadline = time.perf_counter() + FRAME_MS / 1000
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)


def slides(kiosk: Any, app: QApplication, repeats: int, steps: int = 30) -> dict[str, list[float]]:
    """Page slides: frames painted in a real one (the event loop's own timers), and the cost of
    every frame of the slide stepped by hand (the first frame, part of the tap, left out)."""
    window = kiosk.window
    duration = int(kiosk.settings["page_transition_ms"])
    counter = FrameCounter(window)
    painted: list[float] = []
    costs: list[float] = []
    pages = len(kiosk.pages.views)
    for _ in range(repeats):
        for target in range(1, pages):
            kiosk.navigation.show_page(target - 1)
            still(kiosk)
            idle(kiosk, app)
            counter.frames = 0
            kiosk.navigation.show_page(target)  # as a visitor's tap starts it: the event loop's timers drive it
            deadline = time.perf_counter() + duration / 1000 + 0.2
            while window.turn.running and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.0005)
            painted.append(counter.frames)
            still(kiosk)
            idle(kiosk, app)
            kiosk.navigation.show_page((target + 1) % pages)  # the next slide, stepped: every frame measured
            deliver(app)  # its first frame (part of the tap)
            between_frames(app)
            animation = window.transition
            if animation is None:
                continue
            animation.pause()
            for step in range(1, steps + 1):

                def seek(s: int = step, a: Any = animation) -> None:
                    a.setCurrentTime(round(duration * s / steps))

                costs.append(_timed(app, seek))
            still(kiosk)
    counter.close()
    return {"slide_frames_painted": painted, "slide_frame": costs}


def carousel_frames(kiosk: Any, app: QApplication, repeats: int, frames: int = 40) -> dict[str, list[float]]:
    from kiosk.qa.drive import wait_for_photos

    window = kiosk.window
    page, carousel = next((i, v.carousels[0]) for i, v in enumerate(kiosk.pages.views) if v.carousels)
    kiosk.navigation.show_page(page)
    window.finish_transition()
    view = kiosk.pages.views[page]
    view.show_section(view.section_of(carousel))
    still(kiosk)
    wait_for_photos(kiosk.loader)
    idle(kiosk, app)
    carousel.timer.stop()  # its own slide to the next photo would add frames to the ones measured
    costs = []
    for _ in range(repeats):
        for frame in range(1, frames + 1):

            def step(f: int = frame) -> None:
                carousel.offset = -carousel.width() * f / frames
                carousel.update()

            costs.append(_timed(app, step))
        carousel.go_to(carousel.index + 1)
        wait_for_photos(kiosk.loader)
    return {"carousel_frame": costs}


def chart_frames(kiosk: Any, app: QApplication, repeats: int, frames: int = 40) -> dict[str, list[float]]:
    """Every page's count-ups and chart animations, stepped: the worst page's p95 is the figure."""
    worst: list[float] = []
    for index, view in enumerate(kiosk.pages.views):
        kiosk.navigation.show_page(index)
        costs: list[float] = []
        for slot in list(view.chart_slots) or [None]:
            if slot is not None:
                view.show_section(view.section_of(slot))
            still(kiosk)
            idle(kiosk, app)
            for _ in range(repeats):
                for frame in range(frames + 1):

                    def step(t: float = frame / frames, s: Any = slot, v: Any = view) -> None:
                        v.tiles_replay.seek(t)
                        if s is not None:
                            s.replay.seek(t)

                    costs.append(_timed(app, step))
        if not worst or p95(costs) > p95(worst):
            worst = costs
    return {"chart_frame": worst}


def warm_up(kiosk: Any, app: QApplication) -> None:
    """Every page shown and both languages drawn once: glyphs rasterised, layouts made. The kiosk
    runs for months, so its steady state is what the figures are about."""
    window = kiosk.window
    for language in (*kiosk.language.languages, kiosk.language.language):
        kiosk.language.set_language(language)
        for index in range(len(kiosk.pages.views)):
            kiosk.navigation.show_page(index)
            window.finish_transition()
            deliver(app)
    kiosk.navigation.show_page(0)
    window.finish_transition()
    deliver(app)


def measure(kiosk: Any, repeats: int) -> dict[str, Any]:
    """All figures for `kiosk` (its own scratch folders, page slides on) at its size, on this
    process's platform."""
    app = kiosk.app
    window = kiosk.window
    deliver(app)
    warm_up(kiosk, app)
    idle(kiosk, app)  # the pages drawn ahead of time now, not in the middle of a measured frame
    figures: dict[str, Any] = {"platform": QGuiApplication.platformName(), "size": [window.width(), window.height()]}
    figures.update(floor(kiosk, app, samples=40 * repeats))
    figures.update(chart_frames(kiosk, app, repeats))
    figures.update(carousel_frames(kiosk, app, repeats))
    figures.update(slides(kiosk, app, repeats))
    figures.update(taps(kiosk, app, count=20 * repeats))
    return figures


# --- the parent: one child per platform and size, the first frame, the table -------------------------

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
def shown():  # the frame painted whole and handed to the screen: when the kiosk's first_frame fires too
    print(time.time(), flush=True)
    app.quit()
class First(QLabel):
    def paintEvent(self, event):
        super().paintEvent(event)
        if not hasattr(self, "done"):
            self.done = True
            QTimer.singleShot(0, shown)
w = First("hello")
w.setGeometry(app.primaryScreen().geometry())
w.show()
app.exec()
"""


@contextmanager
def platform_env(platform: str, size: tuple[int, int], scratch: Path) -> Iterator[dict[str, str] | None]:
    """The environment for a child on `platform` with a screen of `size`: offscreen with a screen
    of that size, or a fresh Xvfb of that size (None when Xvfb is not installed)."""
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")  # as installed: compiled bytecode, out of the checkout
    if platform == "offscreen":
        config = scratch / f"screen-{size[0]}x{size[1]}.json"
        screen = {"name": "bench", "x": 0, "y": 0, "width": size[0], "height": size[1], "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        yield env
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield None
        return
    server = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert server.stdout is not None
        display = server.stdout.readline().decode().strip()
        env.update({"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{display}"})
        yield env if display else None
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()  # else a ResourceWarning when the caller is a test


BUNDLE_ENV = "KIOSK_BENCH_BUNDLE"  # a frozen kiosk (the bundle's folder or its executable): its first frame is measured too


def bundle_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The frozen kiosk named by KIOSK_BENCH_BUNDLE, started as the kiosk is for its first frame; None
    when it is not set. Raises FileNotFoundError when it names no executable."""
    where = (os.environ if environ is None else environ).get(BUNDLE_ENV, "")
    if not where:
        return None
    path = Path(where)
    if path.is_dir():
        path = path / ("lna-kiosk.exe" if sys.platform == "win32" else "lna-kiosk")
    if not path.is_file():
        raise FileNotFoundError(f"{BUNDLE_ENV}={where}: there is no frozen kiosk there (give the bundle's folder or its executable)")
    return [str(path), "--first-frame-report"]


def frame_times(command: list[str], env: dict[str, str], parse_json: bool, cwd: Path | None = None) -> dict[str, float]:
    """Seconds from starting `command` to its first frame on the screen ("first", the bare window's
    time stamp or, for the kiosk, its start picture when one was shown, else its own first frame) and
    to the kiosk's own first frame ("live")."""
    start = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, cwd=cwd)
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"{command[0]} printed no first frame ({done.returncode}): {done.stderr.strip()[-2000:]}")
    if not parse_json:
        at = float(lines[-1])
        return {"first": at - start, "live": at - start}
    report = json.loads(lines[-1])
    live = float(report["first_frame_at"])
    picture = report.get("start_picture_at")  # an older kiosk reports none
    return {"first": (live if picture is None else min(live, float(picture))) - start, "live": live - start}


def time_to_first_frame(command: list[str], env: dict[str, str], parse_json: bool, cwd: Path | None = None) -> float:
    """Seconds from starting `command` to the first frame on the screen (see frame_times)."""
    return frame_times(command, env, parse_json, cwd)["first"]


def first_frame(env: dict[str, str], repeats: int, bundle: list[str] | None = None) -> dict[str, list[float]]:
    """From process start to the first frame on screen, compiled bytecode: a bare PySide6 window the
    size of the screen and the kiosk fullscreen (and a frozen kiosk, `bundle`), in turn so all see the
    same noise. The kiosk's first frame is its start picture (its last first frame, kept: the warm-up
    start keeps it, as a hall kiosk's last start did); its own first frame is `first_live_frame`."""
    commands = {
        "first_frame_bare": ([sys.executable, "-c", BARE_WINDOW], False),
        "first_frame": ([sys.executable, "-m", "kiosk", "--first-frame-report"], True),
    }
    if bundle is not None:
        commands["first_frame_frozen"] = (bundle, True)
    times: dict[str, list[float]] = {key: [] for key in commands}
    with tempfile.TemporaryDirectory() as home:
        env = {**env, "KIOSK_HOME": home}
        for command, parse_json in commands.values():
            frame_times(command, env, parse_json)  # warm-up: writes the bytecode cache, reads the bundle's files once
        for _ in range(repeats):
            for key, (command, parse_json) in commands.items():
                measured = frame_times(command, env, parse_json)
                times[key].append(measured["first"] * 1000)
                if parse_json:
                    times.setdefault(key.replace("first_frame", "first_live_frame"), []).append(measured["live"] * 1000)
    return times


def run_child(env: dict[str, str], size: tuple[int, int], repeats: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "kiosk", "bench", "display", "--json", "--size", f"{size[0]}x{size[1]}", "--repeats", str(repeats)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"bench child failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures.update(first_frame(env, repeats=max(3, repeats + 2), bundle=bundle_command()))
    return figures


@dataclass(frozen=True)
class Row:
    label: str
    key: str
    kind: str  # "tap", "frame", "count", "first"
    target: float | None  # at 3840x2160; scaled by target_scale for "tap" and "frame"; None: a figure with no target

    def value(self, figures: dict[str, Any]) -> float:
        values = figures[self.key]
        if self.kind == "count":
            return float(statistics.median(values))
        if self.kind == "first":
            return float(statistics.median(values) / statistics.median(figures["first_frame_bare"]))
        return p95(values)

    def floor(self, figures: dict[str, Any]) -> float | None:
        if self.kind == "tap":
            return p95(figures["floor_tap"])
        if self.kind == "frame":
            return p95(figures["floor_frame"])
        return None

    def limit(self, size: tuple[int, int]) -> float:
        assert self.target is not None
        return self.target * target_scale(*size) if self.kind in ("tap", "frame") else self.target

    def passes(self, value: float, size: tuple[int, int]) -> bool | None:
        """None for a figure without a target."""
        if self.target is None:
            return None
        return value >= self.limit(size) if self.kind == "count" else value <= self.limit(size)

    def show(self, value: float) -> str:
        if self.kind == "tap":
            return f"{value:.1f} ms"
        if self.kind == "frame":
            return f"{value / FRAME_MS:.2f} fr ({value:.1f} ms)"
        if self.kind == "count":
            return f"{value:.0f}"
        return f"{value:.2f}x"

    def show_limit(self, size: tuple[int, int]) -> str:
        if self.target is None:
            return "-"
        limit = self.limit(size)
        if self.kind == "tap":
            return f"< {limit:.0f} ms"
        if self.kind == "frame":
            return f"< {limit / FRAME_MS:.3f} fr"
        if self.kind == "count":
            return f">= {limit:.0f}"
        return f"<= {limit:.1f}x"


ROWS = (
    Row("tap to frame, tab switch (p95)", "tap_tab", "tap", 50),
    Row("tap to frame, language (p95)", "tap_language", "tap", 50),
    Row("tap to frame, panel section (p95)", "tap_section", "tap", 50),
    Row("tap to frame, photo open (p95)", "tap_photo", "tap", 50),
    Row("page slide: frames painted (median)", "slide_frames_painted", "count", 16),
    Row("page slide frame cost (p95)", "slide_frame", "frame", 0.5 * FRAME_MS),
    Row("carousel slide frame cost (p95)", "carousel_frame", "frame", 0.5 * FRAME_MS),
    Row("chart animation, worst page (p95)", "chart_frame", "frame", 0.35 * FRAME_MS),
    Row("first frame vs bare PySide6 window", "first_frame", "first", 1.5),
    Row("first frame, frozen bundle, vs bare", "first_frame_frozen", "first", 1.5),  # with KIOSK_BENCH_BUNDLE
    Row("  the kiosk's own (live) first frame", "first_live_frame", "first", None),  # a figure: the target is the first frame's
    Row("  the same, frozen bundle", "first_live_frame_frozen", "first", None),
)


def table(size: tuple[int, int], runs: dict[str, dict[str, Any] | None]) -> str:
    """One size: a column per platform, each figure with its ratio to that run's floor."""
    lines = [f"at {size[0]}x{size[1]} (targets for this size; a frame is {FRAME_MS:.1f} ms at 60 Hz)"]
    header = f"  {'figure':<38}{'target':>11}"
    for platform in runs:
        header += f"  {platform:>30}"
    lines.append(header)
    floors = f"  {'floor: bare full-window widget':<38}{'':>11}"
    for figures in runs.values():
        floors += f"  {'(not run)' if figures is None else _floor_text(figures):>30}"
    lines.append(floors)
    if any(figures is not None and "floor_tap_back_to_back" in figures for figures in runs.values()):
        hot = f"  {'  its tap, back to back (not a base)':<38}{'':>11}"
        for figures in runs.values():
            hot += f"  {_back_to_back_text(figures):>30}"
        lines.append(hot)
    for row in ROWS:
        if not any(figures is not None and row.key in figures for figures in runs.values()):
            continue  # not measured in this run (the frozen bundle without KIOSK_BENCH_BUNDLE)
        line = f"  {row.label:<38}{row.show_limit(size):>11}"
        for figures in runs.values():
            if figures is None or row.key not in figures:
                line += f"  {'-':>30}"
                continue
            value = row.value(figures)
            base = row.floor(figures)
            ratio = f" {value / base:5.1f}xF" if base else " " * 8
            passes = row.passes(value, size)
            verdict = "" if passes is None else " PASS" if passes else " FAIL"
            line += f"  {row.show(value) + ratio + verdict:>30}"
        lines.append(line)
    lines.append("  xF: times the floor of the same run (frame figures: a repaint; taps: a click and its repaint, each")
    lines.append(f"  tap after the kiosk's idle work and a {READ_S * 1000:.0f} ms pause, the floor's too)")
    return "\n".join(lines)


def _back_to_back_text(figures: dict[str, Any] | None) -> str:
    if figures is None or "floor_tap_back_to_back" not in figures:
        return "-"
    return f"{p95(figures['floor_tap_back_to_back']):.1f} ms"


def _floor_text(figures: dict[str, Any]) -> str:
    return f"frame {p95(figures['floor_frame']):.1f} ms, tap {p95(figures['floor_tap']):.1f} ms"


def run(sizes: tuple[tuple[int, int], ...] = SIZES, repeats: int = 2) -> str:
    lines = [load()]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for size in sizes:
            runs: dict[str, dict[str, Any] | None] = {}
            for platform in ("offscreen", "xcb"):
                with platform_env(platform, size, scratch) as env:
                    runs[platform if platform == "offscreen" else "xcb (Xvfb)"] = None if env is None else run_child(env, size, repeats)
            lines.append(table(size, runs))
            lines.append(load())
    return "\n".join(lines)
