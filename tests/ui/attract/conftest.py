"""An attract loop whose motion a test steps by hand."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.attract.attract_view import AttractView
from tests.kiosks import FakeClock


@pytest.fixture
def loop(kiosk: Kiosk) -> Iterator[tuple[AttractView, FakeClock]]:
    """An attract loop on the kiosk's window whose motion follows a clock the test moves."""
    clock = FakeClock()
    view = AttractView(kiosk.content, kiosk.settings, kiosk.language, kiosk.loader, parent=kiosk.window, clock=clock)
    view.start()
    view.timer.stop()  # scenes change when the test says
    yield view, clock
    view.stop()
    view.deleteLater()
    settle(kiosk.app)
