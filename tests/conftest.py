"""Every test gets its own settings, cache, data and log folders, and Qt renders offscreen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk import resources

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def kiosk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "kiosk-home"
    monkeypatch.setenv("KIOSK_HOME", str(home))
    return home


@pytest.fixture
def content_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the bundled content folder, for breaking on purpose."""
    target = tmp_path / "content"
    shutil.copytree(resources.bundled_content_dir(), target)
    yield target


@pytest.fixture(autouse=True)
def fresh_recent_errors() -> Iterator[None]:
    """Each test starts with the staff panel's list of recent problems empty, as a new kiosk process does."""
    from kiosk.core.health import recent_errors

    recent_errors().records.clear()
    yield
