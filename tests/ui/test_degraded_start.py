"""A missing font or translation is survivable: the kiosk starts, and says precisely what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import resources
from kiosk.core.settings import Settings
from kiosk.ui.app import build_kiosk
from kiosk.ui.snapshot import settle


def test_missing_translation_and_font_are_reported_not_fatal(qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(resources, "translations_dir", lambda: empty)
    monkeypatch.setattr(resources, "fonts_dir", lambda: empty)
    kiosk = build_kiosk(None, Settings(tmp_path / "config"))
    try:
        problems = "\n".join(kiosk.problems)
        assert f"translation {empty / 'kiosk_zh.qm'} missing or unreadable" in problems
        assert f"font {empty / 'KioskSans-Regular.otf'} missing or unreadable" in problems
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        settle(qapp)
        assert kiosk.window.views[1].source_label.text() == "Source: 兰州新区党工委办公室"  # UI text falls back to English
    finally:
        kiosk.shutdown()
        settle(qapp)
