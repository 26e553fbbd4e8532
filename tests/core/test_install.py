"""Content from a USB stick: found, checked, summed up, copied in durably (a pulled stick leaves what
is shown), and one step back."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.content.install import Installer, InstallError, compare, describe, examine, find_content


def _stick(tmp_path: Path, name: str = "HALL USB") -> tuple[Path, Path]:
    """A stick with a content folder one level down, edited: a figure, a text, a photo."""
    stick = tmp_path / name
    folder = stick / "lna-content"
    shutil.copytree(resources.bundled_content_dir(), folder)
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    data["pillars"][0]["indicators"][0]["value"] = 180
    data["pillars"][1]["summary"]["en"] = "A corrected summary."
    album = data["albums"][1]
    album["photos"].append({**album["photos"][0], "id": "qixia-extra", "file": "photos/qixia-lake/05-extra.jpg"})
    shutil.copy(folder / album["photos"][0]["file"], folder / "photos" / "qixia-lake" / "05-extra.jpg")
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return stick, folder


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def test_content_is_found_on_sticks_at_the_root_or_one_folder_down(tmp_path: Path) -> None:
    stick, folder = _stick(tmp_path)
    other = tmp_path / "CAMERA"
    (other / "DCIM").mkdir(parents=True)
    root_content = tmp_path / "ROOT"
    shutil.copytree(resources.bundled_content_dir(), root_content)
    assert find_content([stick, other, root_content, tmp_path / "gone"]) == [folder, root_content]


def test_what_installing_changes_is_summed_up(tmp_path: Path) -> None:
    _stick_root, folder = _stick(tmp_path)
    bundled = load_content(resources.bundled_content_dir())
    new = examine(folder)
    assert new.result.ok and bundled.dataset is not None and new.result.dataset is not None
    changes = compare(bundled.dataset, new.result.dataset, bundled.folder, folder)
    assert changes.figures_changed == ["major-projects: 178 -> 180"] and changes.photos_added == 1 and changes.pages_changed == 2
    assert describe(changes)[0] == "pages changed (texts or figures): 2"
    assert compare(bundled.dataset, bundled.dataset, bundled.folder, bundled.folder).none


def test_install_copies_in_then_goes_back(tmp_path: Path) -> None:
    _stick_root, folder = _stick(tmp_path)
    installer = Installer(tmp_path / "data", Clock())
    first = installer.install(folder)
    assert first.parent == tmp_path / "data" / "installed-content" and load_content(first).ok
    assert installer.previous() is None  # nothing recorded yet
    installer.record("", str(first))
    assert installer.previous() == ""  # the bundled content, one step back
    second = installer.install(folder)
    installer.record(str(first), str(second))
    third = installer.install(folder)
    installer.record(str(second), str(third))
    kept = sorted(p.name for p in (tmp_path / "data" / "installed-content").iterdir() if p.is_dir())
    assert kept == [second.name, third.name]  # what is shown and the one before it; older copies go
    assert installer.previous() == str(second)


def test_a_stick_pulled_out_halfway_leaves_nothing_half_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stick_root, folder = _stick(tmp_path)
    installer = Installer(tmp_path / "data", Clock())
    copied = []
    original = shutil.copyfileobj

    def pulled_out(source: object, target: object, length: int = 0) -> None:
        if len(copied) == 5:
            raise OSError(5, "Input/output error")  # the stick is gone
        copied.append(1)
        original(source, target, length)  # type: ignore[arg-type]

    monkeypatch.setattr(shutil, "copyfileobj", pulled_out)
    with pytest.raises(InstallError, match="Input/output error"):
        installer.install(folder)
    assert list((tmp_path / "data" / "installed-content").iterdir()) == []  # no partial copy, no half content


def test_content_with_problems_is_not_installed(tmp_path: Path) -> None:
    _stick_root, folder = _stick(tmp_path)
    (folder / "content.json").write_text("{", encoding="utf-8")
    with pytest.raises(InstallError, match="1 problem"):
        Installer(tmp_path / "data", Clock()).install(folder)
