"""A missing font or translation is survivable: the kiosk starts, and says precisely what is wrong; the first
frame waits for nothing it does not show."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

from kiosk import resources
from kiosk.ui.app import DEFERRED_MODULES, Kiosk, loaded_modules
from tests.kiosks import build, shutdown
from tests.process import run_kiosk
from tests.touch import drag


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


def test_the_first_frame_waits_for_nothing_it_does_not_show(tmp_path: Path) -> None:
    """The home page's first frame is painted before photo decoding, visitor records, the attract
    loop, the staff screens, the charts and pyqtgraph are even imported: they come right after it."""
    result = run_kiosk("--first-frame-report", env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["deferred_at_first_frame"] == []
    assert report["heavy_at_first_frame"] == []
    assert report["charts_built"] is True and "pyqtgraph" in report["heavy_after_charts"]  # and the charts did come


def test_what_the_first_frame_report_watches_is_there_to_be_imported() -> None:
    """A misspelt name would be a check that never fails."""
    ours = [name for name in DEFERRED_MODULES if name.startswith("kiosk.")]
    assert len(ours) > 10
    assert all(importlib.util.find_spec(name) is not None for name in ours)
    assert loaded_modules(("kiosk.ui", "kiosk.no_such_part")) == ["kiosk.ui"]


def test_a_swipe_ends_the_visitors_touch_for_the_session_too(kiosk: Kiosk) -> None:
    """The session's filter sees input before the swipe detector's (which swallows a swipe's release so
    nothing under the finger is pressed): the release still tells the session the finger is up, however
    the kiosk was built (its swipes are watched from the first frame on)."""
    middle = kiosk.pages.geometry().center()
    drag(kiosk.window, middle + QPoint(300, 0), middle - QPoint(300, 0))
    assert kiosk.navigation.page == 1
    assert not kiosk.session.machine.busy
