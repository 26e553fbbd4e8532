"""Issue 21 through the real commands: a stick copy takes only what the content names and decodes every
photo; install, --previous, add-photos and config complete or change nothing; settings.json and
insight.db that are not what they claim are named; every failure is a sentence and an exit status,
never a traceback. The main cases run `python -m kiosk`; failures injected at a step (a full or
read-only disk) run the same command functions in this process."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.cli import main
from kiosk.core.settings import SETTINGS_FILE
from tests.faults import failing_at, snapshot
from tests.hostile import KIND_REASONS, kinds, make_hostile
from tests.process import run_kiosk

pytestmark = pytest.mark.timeout(300)  # a hang (a FIFO read) fails the test instead of the run

REASONS = {
    **KIND_REASONS,
    "huge": "is larger than the limit of",
    "empty": "is not valid JSON",
}


def _clean(result: object) -> None:
    """A sentence, never a traceback or a bare exception."""
    text = str(getattr(result, "stdout", "")) + str(getattr(result, "stderr", ""))
    for sign in ("Traceback", "MemoryError", "ValueError", "TypeError", "OverflowError", "OSError", "IsADirectoryError"):
        assert sign not in text, text


def _stick(tmp_path: Path) -> Path:
    """Content at a stick's root beside things no content names: a FIFO, a device, notes."""
    stick = tmp_path / "STICK"
    shutil.copytree(resources.bundled_content_dir(), stick)
    data = json.loads((stick / "content.json").read_text(encoding="utf-8"))
    data["pillars"][0]["indicators"][0]["value"] = 180
    (stick / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.mkfifo(stick / "pipe")
    make_hostile(stick / "zero.bin", "dev-zero")
    if os.geteuid() == 0:
        os.mknod(stick / "zero.dev", 0o644 | 0o020000, os.makedev(1, 5))  # /dev/zero's own device: it filled the disk
    (stick / "notes.txt").write_text("not content")
    return stick


def _home(kiosk_home: Path) -> tuple[Path, Path]:
    return kiosk_home / "config", kiosk_home / "data"


def _content_setting(kiosk_home: Path) -> str:
    return str(json.loads((kiosk_home / "config" / SETTINGS_FILE).read_text(encoding="utf-8"))["values"].get("content", ""))


def test_a_stick_copy_takes_only_the_named_files(kiosk_home: Path, tmp_path: Path) -> None:
    """It hung on the FIFO (a kill left a .partial folder) and copied /dev/zero until the disk was full."""
    stick = _stick(tmp_path)
    result = run_kiosk("install-content", str(stick), env_home=kiosk_home, timeout=120)
    assert result.returncode == 0, result.stderr
    _clean(result)
    installed = Path(_content_setting(kiosk_home))
    copied = {str(p.relative_to(installed)) for p in installed.rglob("*") if p.is_file()}
    assert "content.json" in copied and "locales/zh.json" in copied and "pipe" not in copied and "notes.txt" not in copied
    assert not any(name.startswith("zero") for name in copied)
    assert sum(p.stat().st_size for p in installed.rglob("*") if p.is_file()) < 50 * 1024 * 1024


def test_photos_that_check_refuses_are_not_installed(kiosk_home: Path, tmp_path: Path) -> None:
    """A truncated JPEG and a text file named .jpg: it installed them with exit 0."""
    stick = _stick(tmp_path)
    photos = stick / "photos" / "qixia-lake"
    whole = (photos / "01-dusk.jpg").read_bytes()
    (photos / "01-dusk.jpg").write_bytes(whole[:3000])
    (photos / "02-morning.jpg").write_text("hello")
    result = run_kiosk("install-content", str(stick), env_home=kiosk_home, timeout=120)
    assert result.returncode == 1
    _clean(result)
    assert "has 2 photo(s) that cannot be shown; nothing changed:" in result.stderr
    assert "albums[1].photos[0].file: 01-dusk.jpg:" in result.stderr and "02-morning.jpg: not an image" in result.stderr
    assert not (kiosk_home / "config" / SETTINGS_FILE).exists() and not any((kiosk_home / "data").rglob("content-*"))


def test_a_folder_where_the_history_should_be_changes_nothing(kiosk_home: Path, tmp_path: Path) -> None:
    """It switched the setting, then showed a traceback; --previous went to the bundled content."""
    stick = _stick(tmp_path)
    assert run_kiosk("install-content", str(stick), env_home=kiosk_home).returncode == 0
    history = kiosk_home / "data" / "installed-content" / "history.json"
    history.unlink()
    history.mkdir()
    before = snapshot(*_home(kiosk_home))
    result = run_kiosk("install-content", str(resources.bundled_content_dir()), env_home=kiosk_home)
    assert result.returncode == 1
    _clean(result)
    assert "history.json: is a folder, not a file; nothing changed" in result.stderr
    back = run_kiosk("install-content", "--previous", env_home=kiosk_home)
    assert back.returncode == 1 and "no previous content to go back to" in back.stderr and "is a folder, not a file" in back.stderr
    _clean(back)
    assert snapshot(*_home(kiosk_home)) == before


@pytest.mark.parametrize("previous", [False, True], ids=["install", "previous"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_or_read_only_disk_while_switching_changes_nothing(
    kiosk_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int, previous: bool
) -> None:
    """The renames of the setting and the history fail in turn (the history written, the setting not):
    exit 1 with the reason, and the setting, the history and the copies as they were."""
    from kiosk.core.photos.cache import PhotoCheck

    monkeypatch.setattr("kiosk.core.photos.cache.check_photos", lambda photos, **_: PhotoCheck([], [], len(photos), 0.0))  # only time here
    stick = _stick(tmp_path)
    assert main(["install-content", str(stick)]) == 0
    assert main(["install-content", str(stick)]) == 0
    capsys.readouterr()
    renames = 0
    for fail_at in range(2):  # the history's rename, then the setting's

        def replace_fails(source: object, target: object, _real: object = os.replace, _at: int = fail_at) -> None:
            nonlocal renames
            renames += 1
            if renames - 1 == _at:
                raise OSError(code, os.strerror(code), str(target))
            _real(source, target)  # type: ignore[operator]

        before = snapshot(*_home(kiosk_home))
        renames = 0
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", replace_fails)
            status = main(["install-content", "--previous"] if previous else ["install-content", str(stick)])
        err = capsys.readouterr().err
        assert status == 1 and "nothing changed" in err and ("the disk is full" in err or "the disk is read-only" in err), err
        assert "Traceback" not in err
        assert snapshot(*_home(kiosk_home)) == before


def test_going_back_on_a_read_only_data_folder_changes_nothing(
    kiosk_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = _stick(tmp_path)
    assert main(["install-content", str(stick)]) == 0
    capsys.readouterr()
    for step in range(60):
        before = snapshot(*_home(kiosk_home))
        with failing_at(monkeypatch, step, errno.EROFS) as faults:
            status = main(["install-content", "--previous"])
        err = capsys.readouterr().err
        if status == 0:  # complete; a failure it may pass over is a folder's fsync after the renames
            break
        assert status == 1 and "the disk is read-only" in err and "Traceback" not in err, (faults.fired, err)
        assert snapshot(*_home(kiosk_home)) == before
    assert _content_setting(kiosk_home) == "" and step > 3


@pytest.mark.parametrize("kind", kinds())
def test_config_over_a_settings_file_it_cannot_read_says_why_and_keeps_it(
    kiosk_home: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """/dev/zero raised MemoryError; garbage was replaced by a file of one setting (every other one lost)."""
    settings = kiosk_home / "config" / SETTINGS_FILE
    make_hostile(settings, kind)
    before = snapshot(kiosk_home / "config")
    assert main(["config"]) == 1  # the list shows the defaults, not what the file says
    listed = capsys.readouterr()
    assert "idle_timeout_s = 60" in listed.out and REASONS[kind] in listed.err and "using defaults" in listed.err
    assert main(["config", "idle_timeout_s", "90"]) == 1
    err = capsys.readouterr().err
    assert f"kiosk: {settings} could not be read ({REASONS[kind]}" in err and "so it is not replaced" in err and "nothing changed" in err
    assert snapshot(kiosk_home / "config") == before


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_settings_file_that_is_not_a_file_is_named_by_config_and_at_start(kiosk_home: Path, kind: str) -> None:
    """A FIFO hung `kiosk config` and the start; /dev/zero raised MemoryError in both (a crash loop)."""
    make_hostile(kiosk_home / "config" / SETTINGS_FILE, kind)
    changed = run_kiosk("config", "theme", "high_contrast", env_home=kiosk_home, timeout=60)
    assert changed.returncode == 1 and REASONS[kind] in changed.stderr and "not replaced" in changed.stderr
    _clean(changed)
    started = run_kiosk("--windowed", "--first-frame-report", env_home=kiosk_home, timeout=120)
    assert started.returncode == 0, started.stderr
    assert f"unreadable ({REASONS[kind]}); using defaults" in started.stderr
    _clean(started)


def test_a_content_setting_with_a_nul_is_a_named_invalid_value(kiosk_home: Path, tmp_path: Path) -> None:
    """It raised ValueError (embedded null byte) with exit 1 in install-content, and at start."""
    settings = kiosk_home / "config" / SETTINGS_FILE
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"version": 2, "values": {"content": "/tmp/a\u0000b", "idle_timeout_s": 90}}), encoding="utf-8")
    listed = run_kiosk("config", env_home=kiosk_home)
    assert listed.returncode == 0 and "content must be a path to a folder without a NUL character" in listed.stderr
    installed = run_kiosk("install-content", str(_stick(tmp_path)), env_home=kiosk_home, timeout=120)
    assert installed.returncode == 0, installed.stderr
    _clean(installed)
    saved = json.loads(settings.read_text(encoding="utf-8"))["values"]
    assert saved["idle_timeout_s"] == 90 and Path(saved["content"]).parent.name == "installed-content"


def test_export_days_are_bounded(kiosk_home: Path) -> None:
    result = run_kiosk("export", "--days", "1000000", env_home=kiosk_home)
    assert result.returncode == 2 and "--days must be a whole number from 1 to 3660, not '1000000'" in result.stderr
    _clean(result)


@pytest.mark.parametrize("broken", ["garbage", "newer"])
def test_export_never_moves_a_database_aside(kiosk_home: Path, tmp_path: Path, broken: str) -> None:
    """It moved a garbage or newer insight.db aside (even while the kiosk ran) and exported empty files, exit 0."""
    database = kiosk_home / "data" / "insight.db"
    database.parent.mkdir(parents=True)
    if broken == "garbage":
        database.write_bytes(b"not a database\n" * 200)
        reason = "is not a visitor database; the kiosk sets it aside when it next starts"
    else:
        with sqlite3.connect(database) as conn:
            conn.execute("PRAGMA user_version = 7")
            conn.execute("CREATE TABLE later (x)")
        conn.close()
        reason = "was written by a newer version of the kiosk (schema 7)"
    before = database.read_bytes()
    result = run_kiosk("export", "--out", str(tmp_path / "usb"), env_home=kiosk_home)
    assert result.returncode == 1 and reason in result.stderr and "nothing exported" in result.stderr
    _clean(result)
    assert database.read_bytes() == before and not list(database.parent.glob("*.broken-*")) and not (tmp_path / "usb").exists()


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_export_names_a_database_that_is_not_a_file(kiosk_home: Path, tmp_path: Path, kind: str) -> None:
    make_hostile(kiosk_home / "data" / "insight.db", kind)
    result = run_kiosk("export", "--out", str(tmp_path / "usb"), env_home=kiosk_home, timeout=60)
    assert result.returncode == 1 and REASONS[kind] in result.stderr
    _clean(result)


@pytest.mark.parametrize(("change", "words"), [({"languages": 5}, "languages must be a list"), ({"albums": 7}, "albums must be a list")])
def test_add_photos_names_content_of_the_wrong_shape(
    kiosk_home: Path, content_copy: Path, tmp_path: Path, change: dict[str, int], words: str
) -> None:
    from PIL import Image

    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    (content_copy / "content.json").write_text(json.dumps({**data, **change}), encoding="utf-8")
    Image.new("RGB", (64, 48)).save(tmp_path / "p.jpg")
    result = run_kiosk("add-photos", "qixia-lake", str(tmp_path / "p.jpg"), "--content", str(content_copy), env_home=kiosk_home)
    assert result.returncode == 1 and words in result.stderr  # it was a TypeError
    _clean(result)


def test_add_photos_refuses_a_fifo_by_name(kiosk_home: Path, content_copy: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "camera.jpg")
    before = snapshot(content_copy)
    result = run_kiosk(
        "add-photos", "qixia-lake", str(tmp_path / "camera.jpg"), "--content", str(content_copy), env_home=kiosk_home, timeout=60
    )
    assert result.returncode == 1 and "not added: camera.jpg: is a pipe (FIFO), not a file" in result.stderr
    _clean(result)
    assert snapshot(content_copy) == before


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_add_photos_into_a_read_only_or_full_folder_adds_nothing(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int
) -> None:
    """It raised an uncaught OSError and left the photo in the album, unlisted."""
    from PIL import Image

    Image.new("RGB", (64, 48)).save(tmp_path / "p.jpg")
    before = snapshot(content_copy)
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(content_copy)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    assert main(["add-photos", "qixia-lake", str(tmp_path / "p.jpg"), "--content", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: nothing added: photos/qixia-lake/p.jpg could not be written in") and "Traceback" not in err
    assert ("the disk is read-only" if code == errno.EROFS else "the disk is full") in err
    assert snapshot(content_copy) == before


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_config_failing_at_any_step_changes_nothing(
    kiosk_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int
) -> None:
    assert main(["config", "theme", "high_contrast"]) == 0
    capsys.readouterr()
    words = "the disk is full" if code == errno.ENOSPC else "the disk is read-only"
    for step in range(30):
        before = snapshot(kiosk_home / "config")
        with failing_at(monkeypatch, step, code) as faults:
            status = main(["config", "idle_timeout_s", "90"])
        err = capsys.readouterr().err
        if status == 0:  # complete (a failure passed over: an existing folder made again, a folder's fsync)
            saved = json.loads((kiosk_home / "config" / SETTINGS_FILE).read_text(encoding="utf-8"))["values"]
            assert saved == {"theme": "high_contrast", "idle_timeout_s": 90}
            if not faults.fired:
                break
            assert main(["config", "idle_timeout_s", "60"]) == 0  # as it was, for the next step
            capsys.readouterr()
            continue
        assert status == 1 and words in err and "nothing changed" in err and "Traceback" not in err, err
        assert snapshot(kiosk_home / "config") == before
    assert step >= 3
