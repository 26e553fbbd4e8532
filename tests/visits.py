"""Visits on a simulated clock, for the tests of what happens over minutes and hours (insight, opening
hours): a kiosk of the test's own with short idle times, a tap as a finger makes it, time passing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from kiosk.qa.drive import SimulatedTime as Clocks  # one simulated time for the session and the wall clock
from kiosk.ui.app import Kiosk
from tests.kiosks import build
from tests.touch import drag

__all__ = ["Clocks", "build_on", "end_by_timeout", "tap_on", "wait_on"]


def build_on(home: Path, clocks: Clocks, **values: object) -> Kiosk:
    return build(home, clocks=clocks.clocks(), **{"idle_timeout_s": 60, "warning_s": 10, **values})


def tap_on(kiosk: Kiosk, widget: QWidget) -> QPoint:
    window = kiosk.window
    centre = widget.mapTo(window, widget.rect().center())
    drag(window, centre, centre, steps=1)
    window.finish_transition()
    return centre


def wait_on(kiosk: Kiosk, clocks: Clocks, seconds: float) -> None:
    assert kiosk.session is not None
    end = clocks.seconds + seconds
    while clocks.seconds < end:
        clocks.seconds = min(end, clocks.seconds + 1.0)
        kiosk.session.tick()


def end_by_timeout(kiosk: Kiosk, clocks: Clocks) -> None:
    wait_on(kiosk, clocks, 60 + 10 + 2)
