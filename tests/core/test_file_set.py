"""Files replaced together or not at all (kiosk/core/file_set.py)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from kiosk.core.file_set import FileSet
from kiosk.core.files import FileRefusedError
from tests.faults import failing_at, snapshot
from tests.hostile import kinds, make_hostile


def test_every_file_is_replaced_and_nothing_else_is_left(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("old a")
    (tmp_path / "a.json").chmod(0o644)
    with FileSet() as together:
        together.stage(tmp_path / "a.json", "new a")
        together.stage(tmp_path / "sub" / "b.json", b"new b")
        together.stage(tmp_path / "c.bin", lambda handle: handle.write(b"new c"))
        together.commit()
    assert snapshot(tmp_path) == {
        f"{tmp_path.name}/a.json": b"new a",
        f"{tmp_path.name}/sub": "folder",
        f"{tmp_path.name}/sub/b.json": b"new b",
        f"{tmp_path.name}/c.bin": b"new c",
    }


def test_leaving_without_a_commit_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("old a")
    before = snapshot(tmp_path)
    with FileSet() as together:
        together.stage(tmp_path / "a.json", "new a")
        together.stage(tmp_path / "new" / "deeper" / "b.json", "new b")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EIO])
def test_a_failure_at_any_step_leaves_every_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    (tmp_path / "a.json").write_text("old a")
    (tmp_path / "a.json").chmod(0o640)
    (tmp_path / "b.json").write_text("old b")
    before = snapshot(tmp_path)
    modes = {p.name: p.stat().st_mode for p in tmp_path.iterdir()}
    for step in range(100):
        with failing_at(monkeypatch, step, code) as faults:
            try:
                with FileSet() as together:
                    together.stage(tmp_path / "a.json", "new a")
                    together.stage(tmp_path / "b.json", "new b")
                    together.stage(tmp_path / "new" / "c.json", "new c")
                    together.commit()
            except OSError as exc:
                assert exc.errno == code and faults.fired
                assert snapshot(tmp_path) == before, f"changed after {faults.fired} failed"
                assert {p.name: p.stat().st_mode for p in tmp_path.iterdir()} == modes  # put back, not rewritten
                continue
        if not faults.fired:
            break
        assert (tmp_path / "new" / "c.json").read_text() == "new c"  # passed over: only a folder's fsync after the renames
        return
    assert (tmp_path / "a.json").read_text() == "new a" and (tmp_path / "new" / "c.json").read_text() == "new c" and step > 8


def test_the_last_rename_failing_puts_the_first_back(tmp_path: Path) -> None:
    """A folder made where the second file goes, after it was staged: the first file, already renamed,
    comes back as it was."""
    (tmp_path / "a.json").write_text("old a")
    with FileSet() as together:
        together.stage(tmp_path / "a.json", "new a")
        together.stage(tmp_path / "b.json", "new b")
        (tmp_path / "b.json").mkdir()
        before = snapshot(tmp_path)
        with pytest.raises(IsADirectoryError):
            together.commit()
    assert {k: v for k, v in snapshot(tmp_path).items() if ".tmp" not in k and ".kept" not in k} == {
        k: v for k, v in before.items() if ".tmp" not in k and ".kept" not in k
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"] and (tmp_path / "a.json").read_text() == "old a"


@pytest.mark.parametrize("kind", [k for k in kinds() if k not in ("huge", "empty", "mode-000")])
def test_what_is_not_a_regular_file_is_never_replaced(tmp_path: Path, kind: str) -> None:
    make_hostile(tmp_path / "settings.json", kind)
    before = snapshot(tmp_path)
    with pytest.raises(OSError) as refused, FileSet() as together:
        together.stage(tmp_path / "settings.json", "{}")
    assert isinstance(refused.value, FileRefusedError) or refused.value.errno == errno.ELOOP
    assert snapshot(tmp_path) == before
