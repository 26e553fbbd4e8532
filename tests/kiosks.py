"""Building the real kiosk for tests, on clocks the test controls, and putting a shared one back the way
the next visitor would find it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from kiosk.core.clocks import SYSTEM_CLOCKS, Clocks
from kiosk.core.paths import AppPaths
from kiosk.core.settings import Settings
from kiosk.qa.drive import settle, wait_for_photos
from kiosk.ui.app import Kiosk, build_kiosk

QUICK = {"page_transition_ms": 0}  # pages switch at once; the slide has its own test
# scrypt for a PIN set in a test (a check in well under a millisecond); the real cost is tested in tests/core/test_pin.py
CHEAP = {"n": 2**10, "r": 8, "p": 1}


class FakeClock:
    """A monotonic clock that moves only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def build(
    home: Path,
    *,
    content_dir: Path | None = None,
    clocks: Clocks = SYSTEM_CLOCKS,
    size: tuple[int, int] | None = (1920, 1080),
    language: str | None = None,
    **values: Any,
) -> Kiosk:
    """A whole kiosk in folders under `home`, shown at `size` (None: not shown), with these settings."""
    paths = AppPaths.under(home)
    settings = Settings(paths.config, {**QUICK, **values})
    kiosk = build_kiosk(paths, settings, content_dir=content_dir, clocks=clocks, language=language)
    if size is not None:
        kiosk.window.resize(*size)
        kiosk.window.show()
        settle(kiosk.app)
    return kiosk


def shutdown(kiosk: Kiosk) -> None:
    kiosk.shutdown()
    settle(kiosk.app)


def reset(kiosk: Kiosk, values: dict[str, Any], size: tuple[int, int] = (1920, 1080)) -> None:
    """Back to how it was built: settings, size, nothing open, home page at rest, a new visitor."""
    window, session = kiosk.window, kiosk.session
    kiosk.staff.close_all()
    session.attract.stop()
    session.still_there.hide()
    kiosk.hall.follow_schedule()
    for name, value in values.items():
        kiosk.settings.change(name, value, save=False)
    if (window.width(), window.height()) != size:
        window.resize(*size)
    session.machine.touch(session.clock())
    session.machine.set_busy(False, session.clock())
    kiosk.navigation.reset(session.default_language)
    window.come_to_rest()
    wait_for_photos(kiosk.loader)
    settle(kiosk.app)


def all_values(kiosk: Kiosk) -> dict[str, Any]:
    from kiosk.core.settings import SCHEMA

    return {s.name: kiosk.settings[s.name] for s in SCHEMA}


def differing(a: QImage, b: QImage, step: int = 4) -> tuple[int, int, int, int] | None:
    """The bounding box (x, y, width, height) of the pixels that differ between two pictures of one
    size, sampled every `step` pixels; None where none does (for a failure's message: where it changed)."""
    assert a.size() == b.size()
    a, b = a.convertToFormat(QImage.Format.Format_RGB32), b.convertToFormat(QImage.Format.Format_RGB32)
    points = [(x, y) for y in range(0, a.height(), step) for x in range(0, a.width(), step) if a.pixel(x, y) != b.pixel(x, y)]
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs) - min(xs) + step, max(ys) - min(ys) + step


def matching(a: QImage, b: QImage) -> float:
    """Share of pixels that are the same in two pictures of one size (sampled on a grid)."""
    assert a.size() == b.size()
    a, b = a.convertToFormat(QImage.Format.Format_RGB32), b.convertToFormat(QImage.Format.Format_RGB32)
    points = [(x, y) for x in range(0, a.width(), 7) for y in range(0, a.height(), 7)]
    return sum(a.pixel(x, y) == b.pixel(x, y) for x, y in points) / len(points)
