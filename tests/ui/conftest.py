"""One kiosk per test module, shared by the tests that only look and touch, and put back the way a new
visitor finds it after each test (settings, size, language, nothing open, home page at rest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.ui.app import Kiosk
from tests.kiosks import all_values, build, reset, shutdown


@pytest.fixture(scope="module")
def shared_kiosk(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    built = build(tmp_path_factory.mktemp("shared-kiosk"))
    built.pages.build_charts()
    built.window.come_to_rest()
    yield built
    shutdown(built)


@pytest.fixture
def kiosk(shared_kiosk: Kiosk) -> Iterator[Kiosk]:
    values = all_values(shared_kiosk)
    yield shared_kiosk
    reset(shared_kiosk, values)


@pytest.fixture
def own_home(tmp_path: Path) -> Path:
    """Folders for a kiosk of the test's own (one that breaks content, or needs its clock)."""
    return tmp_path / "own"
