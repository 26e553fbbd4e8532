"""Where staff can export: mounted, writable drives first, the kiosk's own folder last."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.core.export_targets import export_folders, removable_drives


def test_plain_folders_are_not_drives(tmp_path: Path) -> None:
    (tmp_path / "stick").mkdir()
    assert removable_drives([tmp_path, tmp_path / "missing"]) == []
    assert export_folders(tmp_path / "exports", [tmp_path]) == [tmp_path / "exports"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses Linux's own mount points")
def test_mounted_writable_folders_are_found_first(tmp_path: Path) -> None:
    found = removable_drives([Path("/")])  # /proc, /dev and friends are mount points under /
    assert found and all(p.parent == Path("/") for p in found)
    assert Path("/proc") in found or Path("/dev") in found
    assert export_folders(tmp_path, [Path("/")])[-1] == tmp_path
