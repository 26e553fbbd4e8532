"""The one way in for files: regular files only, a limit counted while reading, every failure in words."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kiosk.core import files
from kiosk.core.files import FileRefusedError, describe, read_bytes, read_json
from tests.deadline import within
from tests.hostile import KIND_REASONS, kinds, make_hostile

REASONS = {
    **KIND_REASONS,
    "huge": "is larger than the limit of 1,024 bytes",
    "empty": "is not valid JSON: Expecting value at line 1, column 1",
}


@pytest.mark.parametrize("kind", kinds())
def test_every_hostile_kind_is_named_without_hanging_or_filling_memory(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "settings.json"
    make_hostile(path, kind)
    # A FIFO would block an ordinary open for ever: read with a deadline so a regression fails, not hangs.
    with pytest.raises(OSError) as caught:
        within(10, lambda: read_json(path, 1024), f"reading a {kind}")
    assert describe(caught.value) == REASONS[kind]


def test_the_limit_is_counted_while_reading_not_taken_from_the_size_on_disk(tmp_path: Path) -> None:
    # /proc files report a size of 0 and yet have content: the same trick as a device, on a regular file.
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    assert b"VmRSS" in read_bytes(status, 1 << 20)
    with pytest.raises(FileRefusedError, match="larger than the limit of 10 bytes"):
        read_bytes(status, 10)
    exact = tmp_path / "exact"
    exact.write_bytes(b"x" * 10)
    assert read_bytes(exact, 10) == b"x" * 10


def test_links_are_followed_and_confined_where_asked(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "inside.json").write_text('{"a": 1}', encoding="utf-8")
    (folder / "link.json").symlink_to(outside)
    (folder / "near.json").symlink_to("inside.json")
    assert read_json(folder / "link.json", 100) == {}
    with pytest.raises(FileRefusedError, match="leads outside its folder"):
        read_json(folder / "link.json", 100, within=folder)
    assert read_json(folder / "near.json", 100, within=folder) == {"a": 1}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": 1, "a": 2}', 'has the key "a" twice in one object; keep one'),
        ('{"a": NaN}', "has NaN, which is not a number JSON allows"),
        ('{"a": -Infinity}', "has -Infinity, which is not a number JSON allows"),
        ('{"a": 1e400}', "has the number 1e400, too large to hold"),
        ("[" * 100_000, "is nested too deeply (brackets inside brackets, hundreds deep)"),
        ("\xff", "is not UTF-8 (byte 0); save it as UTF-8"),
        ("{", "is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
    ],
)
def test_json_that_would_be_misread_is_refused_by_name(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(text.encode("utf-8") if text != "\xff" else b"\xff")
    with pytest.raises(FileRefusedError) as caught:
        read_json(path, 1 << 20)
    assert describe(caught.value) == reason


def test_a_name_with_a_nul_and_a_missing_file_are_named(tmp_path: Path) -> None:
    with pytest.raises(FileRefusedError, match="NUL character"):
        read_bytes(tmp_path / "a\0b", 10)
    with pytest.raises(OSError) as caught:
        read_bytes(tmp_path / "gone", 10)
    assert describe(caught.value) == "not found"
    with pytest.raises(OSError) as caught:
        read_bytes(tmp_path / ("x" * 300), 10)
    assert describe(caught.value) == "its name is too long for the file system"


def test_a_file_swapped_for_a_fifo_after_the_check_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "swapped"
    path.write_text("{}", encoding="utf-8")
    check = files.check_regular

    def swap_after_check(p: Path, *, within: Path | None = None) -> os.stat_result:
        info = check(p, within=within)
        path.unlink()
        os.mkfifo(path)
        return info

    monkeypatch.setattr(files, "check_regular", swap_after_check)
    with pytest.raises(FileRefusedError, match="is a pipe"):
        read_bytes(path, 100)


@pytest.mark.skipif(os.name != "posix" or not shutil.which("setpriv"), reason="needs setpriv to read as another user")
def test_a_file_without_read_permission_is_named(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="kiosk-perm-"))
    try:
        folder.chmod(0o755)
        secret = folder / "staff-pin.json"
        secret.write_text("{}", encoding="utf-8")
        secret.chmod(0)
        script = (
            "import pathlib\nfrom kiosk.core.files import read_json, describe\n"
            f"try:\n read_json(pathlib.Path({str(secret)!r}), 99)\nexcept OSError as e:\n print(describe(e))"
        )
        command = [sys.executable, "-c", script]
        if os.geteuid() == 0:
            command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
        repo = str(Path(__file__).resolve().parents[2])
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=repo, env={**os.environ, "PYTHONPATH": repo})
        assert done.stdout.strip() == "no permission to read it", done.stderr
    finally:
        shutil.rmtree(folder)


def test_a_write_that_replaced_the_file_reports_success_even_if_the_folder_cannot_be_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old", encoding="utf-8")

    def refuse(folder: Path) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(files, "sync_folder", refuse)
    files.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
