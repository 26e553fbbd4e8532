from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.settings import Settings
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.snapshot import settle


@pytest.fixture
def kiosk(qtbot: QtBot, qapp, tmp_path: Path) -> Iterator[Kiosk]:
    # Pages switch at once here; the slide has its own test.
    built = build_kiosk(None, Settings(tmp_path / "config", {"page_transition_ms": 0}))
    built.window.resize(1920, 1080)
    built.window.show()
    qtbot.waitExposed(built.window)
    settle(qapp)
    yield built
    built.shutdown()
    settle(qapp)
