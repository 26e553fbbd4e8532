"""A missing font or translation is survivable: the kiosk starts, and says precisely what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import resources
from tests.kiosks import build, shutdown


@pytest.mark.logs("missing or unreadable")
def test_missing_translation_and_font_are_reported_not_fatal(own_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(resources, "translations_dir", lambda: empty)
    monkeypatch.setattr(resources, "fonts_dir", lambda: empty)
    kiosk = build(own_home)
    try:
        problems = "\n".join(kiosk.health.notes)
        assert f"translation {empty / 'kiosk_zh.qm'} missing or unreadable" in problems
        assert f"font {empty / 'KioskSans-Regular.otf'} missing or unreadable" in problems
        assert kiosk.pages.views[1].source_label.text() == "Source: 兰州新区党工委办公室"  # UI text falls back to English
        kiosk.staff.panel.open_overlay()
        assert "kiosk_zh.qm" in kiosk.staff.panel.health_label.text()  # staff see it too
    finally:
        shutdown(kiosk)
