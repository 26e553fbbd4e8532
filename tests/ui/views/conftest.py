"""The page views' shared pieces: a language controller and live settings of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import resources
from kiosk.core.settings import Settings
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveSettings
from tests.ui.widgets.conftest import dataset


@pytest.fixture
def language(qapp: QApplication) -> Iterator[LanguageController]:
    controller = LanguageController(resources.translation_dirs(), dataset().language_codes, "en")
    yield controller
    controller.release()
    controller.deleteLater()


@pytest.fixture
def settings(tmp_path: Path) -> LiveSettings:
    return LiveSettings(Settings(tmp_path / "config", {"reduced_motion": True}))
