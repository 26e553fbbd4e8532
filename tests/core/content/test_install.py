"""Content from a USB stick: found, checked, summed up, and copied in durably: only the files the content
names, every photo decoded, with room to spare. The `content` setting, the history and the copies
change together or not at all, whatever fails in between (tests/faults.py fails each step in turn)."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from collections import namedtuple
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.core import files
from kiosk.core.content import install, load_content
from kiosk.core.content.changes import compare, describe
from kiosk.core.content.glyphs import FontCoverage
from kiosk.core.content.install import (
    CHECKING,
    COPYING,
    HISTORY_FILE,
    INSTALLED,
    VERIFYING,
    InstallCancelledError,
    Installer,
    InstallError,
    Progress,
    examine,
    find_content,
)
from kiosk.core.settings import SETTINGS_FILE, Settings
from tests.faults import failing_at, snapshot
from tests.hostile import kinds, make_hostile


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


def _small_stick(tmp_path: Path) -> Path:
    """Content with one photo per album: the same steps as a full install, fewer of each."""
    _, folder = _stick(tmp_path, "SMALL")
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    for album in data["albums"]:
        album["photos"] = album["photos"][:1]
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


Kiosk = namedtuple("Kiosk", "config data installer")


@pytest.fixture
def kiosk(tmp_path: Path) -> Kiosk:
    """A kiosk's settings and data folders, as `kiosk install-content` and the staff panel use them."""
    return Kiosk(tmp_path / "config", tmp_path / "data", Installer(tmp_path / "data", Clock()))


def _install(kiosk: Kiosk, folder: Path) -> Path:
    return kiosk.installer.install(folder, Settings.load(kiosk.config))


def _setting(kiosk: Kiosk) -> str:
    return str(Settings.load(kiosk.config)["content"])


def _copied(installed: Path) -> set[str]:
    return {str(p.relative_to(installed)) for p in installed.rglob("*") if not p.is_dir()}


def _referenced(folder: Path) -> set[str]:
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    named = {"content.json"} | {f"locales/{lang['code']}.json" for lang in data["languages"]}
    return named | {photo["file"] for album in data["albums"] for photo in album["photos"]}


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
    assert new.ok and bundled.dataset is not None and new.result.dataset is not None
    changes = compare(bundled.dataset, new.result.dataset, bundled.folder, folder, formatter=new.result.formatter)
    assert describe(changes, "en")[0] == "major projects started: 178 → 180"
    assert describe(changes, "en")[-1] == "Photo added: Dusk over Qixia Lake"
    assert compare(bundled.dataset, bundled.dataset, bundled.folder, bundled.folder).none


def test_install_switches_the_setting_with_the_history_then_goes_back(kiosk: Kiosk, tmp_path: Path) -> None:
    _stick_root, folder = _stick(tmp_path)
    first = _install(kiosk, folder)
    assert first.parent == kiosk.data / INSTALLED and load_content(first).ok
    assert _setting(kiosk) == str(first) and kiosk.installer.previous() == ""  # the bundled content, one step back
    second = _install(kiosk, folder)
    third = _install(kiosk, folder)
    kept = sorted(p.name for p in (kiosk.data / INSTALLED).iterdir() if p.is_dir())
    assert kept == [second.name, third.name]  # what is shown and the one before it; older copies go
    assert kiosk.installer.previous() == str(second)
    assert kiosk.installer.go_back(Settings.load(kiosk.config)) == str(second)  # the last install undone
    assert _setting(kiosk) == str(second) and kiosk.installer.previous() is None
    assert sorted(p.name for p in (kiosk.data / INSTALLED).iterdir()) == sorted([second.name, third.name, HISTORY_FILE])


def test_going_back_twice_says_there_is_nothing_older_and_changes_nothing(kiosk: Kiosk, tmp_path: Path) -> None:
    """It flipped back and forth between two contents; now one step back undoes the last install."""
    folder = _small_stick(tmp_path)
    first = _install(kiosk, folder)
    second = _install(kiosk, folder)
    assert kiosk.installer.go_back(Settings.load(kiosk.config)) == str(first)
    before = snapshot(kiosk.config, kiosk.data)
    with pytest.raises(InstallError, match="nothing older than the content shown") as refused:
        kiosk.installer.go_back(Settings.load(kiosk.config))
    assert str(refused.value).endswith("nothing changed") and snapshot(kiosk.config, kiosk.data) == before
    assert _setting(kiosk) == str(first)
    assert kiosk.installer.install(second, Settings.load(kiosk.config)) != second  # installing again is always possible
    assert kiosk.installer.previous() == str(first)


def test_a_history_written_before_reads_as_its_two_contents(kiosk: Kiosk, tmp_path: Path) -> None:
    first = _install(kiosk, _small_stick(tmp_path))
    (kiosk.data / INSTALLED / HISTORY_FILE).write_text(json.dumps({"previous": "", "current": str(first)}))
    assert kiosk.installer.previous() == ""
    assert kiosk.installer.go_back(Settings.load(kiosk.config)) == "" and kiosk.installer.previous() is None


def test_content_the_font_cannot_draw_is_never_installed(tmp_path: Path) -> None:
    """As `kiosk check` refuses it: the stick's content, and the copy again."""
    from tests.tofu import TOFU, tofu_folder, tofu_path

    installer = Installer(tmp_path / "data", glyphs=FontCoverage.from_file(resources.fonts_dir() / "KioskSans-Regular.otf"))
    stick = tofu_folder(tmp_path / "stick" / "content")
    settings = Settings.load(tmp_path / "config")
    candidate = examine(stick, glyphs=installer.glyphs)
    assert not candidate.ok and candidate.problems[0].startswith(f"{tofu_path()}: ") and TOFU in candidate.problems[0]
    for examined in (None, examine(stick)):  # looked at without the font: the install judges it all the same
        with pytest.raises(InstallError, match="problem") as refused:
            installer.install(stick, settings, examined=examined)
        assert TOFU in str(refused.value)
    assert not (tmp_path / "data" / INSTALLED).exists() and _setting_of(tmp_path / "config") == ""


def _setting_of(config: Path) -> str:
    return str(Settings.load(config)["content"])


def test_only_the_files_the_content_names_are_copied(kiosk: Kiosk, tmp_path: Path) -> None:
    """Content at the stick's root (the whole stick used to be copied): a FIFO would block the copy for
    ever, /dev/zero would fill the disk; neither is named by the content, so neither is read."""
    _, folder = _stick(tmp_path)
    for kind in kinds():
        make_hostile(folder / f"extra-{kind}.bin", kind)
        make_hostile(folder / "photos" / "qixia-lake" / f"{kind}.jpg", kind)
    if os.geteuid() == 0:
        os.mknod(folder / "zero.bin", 0o644 | 0o020000, os.makedev(1, 5))  # a character device: /dev/zero itself
    (folder / "notes").mkdir()
    (folder / "notes" / "draft.txt").write_text("not content")
    installed = _install(kiosk, folder)
    assert _copied(installed) == _referenced(folder)
    assert all((installed / name).read_bytes() == (folder / name).read_bytes() for name in _referenced(folder))


@pytest.mark.parametrize("kind", kinds())
def test_a_named_photo_that_is_not_a_regular_file_is_refused_by_name(kiosk: Kiosk, tmp_path: Path, kind: str) -> None:
    _, folder = _stick(tmp_path)
    make_hostile(folder / "photos" / "qixia-lake" / "02-morning.jpg", kind)
    before = snapshot(kiosk.config, kiosk.data)
    with pytest.raises(InstallError) as refused:
        _install(kiosk, folder)
    assert "02-morning.jpg" in str(refused.value) or any("02-morning.jpg" in p for p in refused.value.problems)
    assert "Traceback" not in str(refused.value)
    assert snapshot(kiosk.config, kiosk.data) == before


@pytest.mark.parametrize("kind", [k for k in kinds() if k not in ("empty", "huge")])
def test_a_locale_file_that_is_not_a_regular_file_is_refused_by_name(kiosk: Kiosk, tmp_path: Path, kind: str) -> None:
    _, folder = _stick(tmp_path)
    make_hostile(folder / "locales" / "en.json", kind)
    assert not examine(folder).ok
    with pytest.raises(InstallError, match=re.escape("locales/en.json")):
        _install(kiosk, folder)
    assert not (kiosk.config / SETTINGS_FILE).exists()


def test_a_linked_content_file_is_followed_inside_the_stick_and_refused_outside_it(kiosk: Kiosk, tmp_path: Path) -> None:
    """Checked and copied alike: a link that stays on the stick installs (it used to pass the check, then
    fail the copy with "was the stick pulled out?"); one that leaves it is refused by name at the check."""
    _, folder = _stick(tmp_path)
    (folder / "content.json").rename(folder / "real-content.json")
    (folder / "content.json").symlink_to("real-content.json")
    installed = _install(kiosk, folder)
    copied = installed / "content.json"
    assert not copied.is_symlink() and copied.read_bytes() == (folder / "real-content.json").read_bytes()

    outside = tmp_path / "elsewhere.json"
    shutil.move(folder / "real-content.json", outside)
    (folder / "content.json").unlink()
    (folder / "content.json").symlink_to(outside)
    candidate = examine(folder)
    assert not candidate.ok and any("leads outside its folder" in p for p in candidate.problems)
    with pytest.raises(InstallError, match="leads outside its folder"):
        _install(kiosk, folder)


def test_photos_are_decoded_as_kiosk_check_does(kiosk: Kiosk, tmp_path: Path) -> None:
    """A truncated JPEG and a text file named .jpg: refused with each photo named (it installed, exit 0)."""
    _, folder = _stick(tmp_path)
    photos = folder / "photos" / "qixia-lake"
    whole = (photos / "01-dusk.jpg").read_bytes()
    (photos / "01-dusk.jpg").write_bytes(whole[: len(whole) // 3])
    (photos / "02-morning.jpg").write_text("a shopping list, not a photo")
    before = snapshot(kiosk.config, kiosk.data)
    with pytest.raises(InstallError, match="2 photo\\(s\\) that cannot be shown") as refused:
        _install(kiosk, folder)
    problems = refused.value.problems
    assert any("albums[1].photos[0].file: 01-dusk.jpg:" in p for p in problems)
    assert any("albums[1].photos[1].file: 02-morning.jpg: not an image this kiosk reads" in p for p in problems)
    assert snapshot(kiosk.config, kiosk.data) == before


def test_the_files_must_fit_with_room_to_spare(kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, folder = _stick(tmp_path)
    needed = sum(size for _, size in examine(folder).files)
    free = needed + 1024 * 1024  # it would fit, but leave the kiosk's disk all but full
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: shutil._ntuple_diskusage(free * 10, free * 9, free))  # type: ignore[attr-defined]
    with pytest.raises(InstallError, match="not enough space on the kiosk's disk: the content needs"):
        _install(kiosk, folder)
    assert not (kiosk.data / INSTALLED).exists() and not (kiosk.config / SETTINGS_FILE).exists()


def test_a_stick_pulled_out_halfway_leaves_nothing_half_installed(kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, folder = _stick(tmp_path)
    opened = []
    original = files.open_regular

    def pulled_out(path: Path, *, within: Path | None = None) -> object:
        if len(opened) == 5:
            raise OSError(errno.EIO, "Input/output error", str(path))  # the stick is gone
        opened.append(path)
        return original(path, within=within)

    monkeypatch.setattr(files, "open_regular", pulled_out)
    with pytest.raises(InstallError, match="a stick pulled out"):
        _install(kiosk, folder)
    assert not (kiosk.data / INSTALLED).exists() and not (kiosk.config / SETTINGS_FILE).exists()


def test_content_with_problems_is_not_installed(kiosk: Kiosk, tmp_path: Path) -> None:
    _stick_root, folder = _stick(tmp_path)
    (folder / "content.json").write_text("{", encoding="utf-8")
    with pytest.raises(InstallError, match="1 problem"):
        _install(kiosk, folder)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_an_install_failing_at_any_step_changes_nothing(kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Each step of an install (copy, check, rename, setting, history) fails in turn, as a full or
    read-only disk makes it: each failure is named and leaves the setting, the history and the copies
    as they were; an install with nothing failing then completes."""
    folder = _small_stick(tmp_path)
    first = _install(kiosk, folder)  # something installed before, so there is a history to keep
    monkeypatch.setattr("kiosk.core.photos.cache.check_photos", _decoded)  # decoding is tested above; here it only costs time
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # so does waiting for the disk; each fsync still fails in turn
    for step in range(500):
        before = snapshot(kiosk.config, kiosk.data)
        with failing_at(monkeypatch, step, code) as faults:
            try:
                installed = _install(kiosk, folder)
            except InstallError as exc:
                assert faults.fired and files.describe(OSError(code, "")) in str(exc), exc
                assert snapshot(kiosk.config, kiosk.data) == before, f"changed after {faults.fired} failed: {exc}"
                continue
        assert _setting(kiosk) == str(installed)  # complete: a failure it could pass over (a folder's fsync after the renames)
        assert json.loads((kiosk.data / INSTALLED / HISTORY_FILE).read_text())["shown"][-1] == str(installed)
        if not faults.fired:
            break
    else:
        pytest.fail("the install never completed")
    assert step > 20 and installed != first, f"only {step} steps"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_going_back_failing_at_any_step_changes_nothing(kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    folder = _small_stick(tmp_path)
    first = _install(kiosk, folder)
    second = _install(kiosk, folder)
    for step in range(100):
        before = snapshot(kiosk.config, kiosk.data)
        with failing_at(monkeypatch, step, code) as faults:
            try:
                back = kiosk.installer.go_back(Settings.load(kiosk.config))
            except InstallError as exc:
                assert faults.fired and files.describe(OSError(code, "")) in str(exc), exc
                assert snapshot(kiosk.config, kiosk.data) == before, f"changed after {faults.fired} failed: {exc}"
                continue
        break  # gone back (past a failure it could pass over, or none): a second step back has nothing older
    assert back == str(first) and _setting(kiosk) == str(first) and kiosk.installer.previous() is None and second.is_dir()


def test_a_folder_where_the_history_should_be_is_named_and_nothing_changes(kiosk: Kiosk, tmp_path: Path) -> None:
    """It used to switch the setting, then stop with a traceback; --previous then went to the bundled content."""
    folder = _small_stick(tmp_path)
    first = _install(kiosk, folder)
    history = kiosk.data / INSTALLED / HISTORY_FILE
    history.unlink()
    history.mkdir()
    before = snapshot(kiosk.config, kiosk.data)
    with pytest.raises(InstallError, match=re.escape("history.json: is a folder, not a file; nothing changed")):
        _install(kiosk, folder)
    with pytest.raises(InstallError, match=r"no previous content to go back to .*history\.json: is a folder, not a file"):
        kiosk.installer.go_back(Settings.load(kiosk.config))
    assert snapshot(kiosk.config, kiosk.data) == before and _setting(kiosk) == str(first)


@pytest.mark.parametrize("kind", kinds())
def test_a_settings_file_that_cannot_be_read_is_not_replaced(kiosk: Kiosk, tmp_path: Path, kind: str) -> None:
    folder = _small_stick(tmp_path)
    make_hostile(kiosk.config / SETTINGS_FILE, kind)
    before = snapshot(kiosk.config, kiosk.data)
    with pytest.raises(InstallError, match=r"settings\.json could not be read .*so it is not replaced"):
        _install(kiosk, folder)
    assert snapshot(kiosk.config, kiosk.data) == before


def _decoded(photos: list[tuple[str, Path]], **_options: object) -> object:
    from kiosk.core.photos.cache import PhotoCheck

    return PhotoCheck([], [], len(photos), 0.0)


def test_what_a_stick_may_install_is_capped_before_anything_is_copied(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, folder = _stick(tmp_path)
    assert install.MAX_INSTALL_BYTES == 4 * 1024**3
    monkeypatch.setattr(install, "MAX_INSTALL_BYTES", 1024 * 1024)
    candidate = examine(folder)
    assert not candidate.ok and candidate.refused[-1].startswith("the files to copy add up to ")
    assert candidate.refused[-1].endswith(" MB, more than the 1.0 MB content from a stick may have")
    with pytest.raises(InstallError, match=r"more than the 1\.0 MB content from a stick may have"):
        _install(kiosk, folder)
    assert not (kiosk.data / INSTALLED).exists() and not (kiosk.config / SETTINGS_FILE).exists()


def test_too_little_space_is_said_in_gigabytes_and_megabytes(kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two photos of 0.9 GB (sparse: nothing is copied) against 0.4 GB free."""
    _, folder = _stick(tmp_path)
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    for photo in data["albums"][0]["photos"][:2]:
        with open(folder / photo["file"], "r+b") as handle:
            handle.truncate(900 * 1024**2)
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    free = 400 * 1024**2
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: shutil._ntuple_diskusage(free * 10, free * 9, free))  # type: ignore[attr-defined]
    with pytest.raises(InstallError) as refused:
        _install(kiosk, folder)
    assert re.fullmatch(
        r"not enough space on the kiosk's disk: the content needs 1\.8 GB \(and 2\d\d\.\d MB kept free\), "
        r"400\.0 MB free on .+; nothing changed",
        str(refused.value),
    ), refused.value
    assert not (kiosk.data / INSTALLED).exists()


def test_progress_is_told_file_by_file_then_photo_by_photo(kiosk: Kiosk, tmp_path: Path) -> None:
    _, folder = _stick(tmp_path)
    told: list[Progress] = []
    _installed = kiosk.installer.install(folder, Settings.load(kiosk.config), told.append)
    copying = [p for p in told if p.stage == COPYING]
    checking = [p for p in told if p.stage == CHECKING]
    verifying = [p for p in told if p.stage == VERIFYING]
    assert told == copying + verifying + checking and len(verifying) == 1 and len(checking) >= 2  # copied, read back, decoded
    count = len(examine(folder).files)
    assert [p.done for p in copying] == list(range(count + 1)) and copying[-1].bytes_done == copying[-1].bytes_total
    assert checking[-1].done == checking[-1].total == 14 and checking[-1].fraction == 1.0
    fractions = [p.fraction for p in told]
    assert fractions == sorted(fractions) and fractions[0] == 0.0


@pytest.mark.parametrize("stage", [COPYING, CHECKING])
def test_a_progress_function_that_cancels_leaves_everything_as_it_was(kiosk: Kiosk, tmp_path: Path, stage: str) -> None:
    folder = _small_stick(tmp_path)
    _install(kiosk, folder)
    before = snapshot(kiosk.config, kiosk.data)

    def cancel(progress: Progress) -> None:
        if progress.stage == stage and progress.done == 2:
            raise InstallCancelledError

    with pytest.raises(InstallCancelledError, match="the install was cancelled; nothing changed"):
        kiosk.installer.install(folder, Settings.load(kiosk.config), cancel)
    assert snapshot(kiosk.config, kiosk.data) == before


def test_a_stick_whose_files_vanish_during_the_copy_says_it_was_pulled_out(kiosk: Kiosk, tmp_path: Path) -> None:
    _, folder = _stick(tmp_path)
    before = snapshot(kiosk.config, kiosk.data)

    def pull_out(progress: Progress) -> None:
        if progress.stage == COPYING and progress.done == 3:
            folder.rename(folder.with_name("gone"))

    with pytest.raises(InstallError) as refused:
        kiosk.installer.install(folder, Settings.load(kiosk.config), pull_out)
    message = str(refused.value)
    assert message.startswith("could not read ") and f" from {folder}: " in message, message
    assert message.endswith("(was the stick pulled out?); what is shown stays, nothing changed"), message
    assert snapshot(kiosk.config, kiosk.data) == before


def test_looking_at_a_stick_stops_when_its_check_says_so(tmp_path: Path) -> None:
    """The look thread's `check` is asked before each file the content names is looked at, and before
    each photo is compared; raising there stops the work."""
    _, folder = _stick(tmp_path)
    asked: list[int] = []

    def stop_at(count: int) -> Callable[[], None]:
        def check() -> None:
            asked.append(1)
            if len(asked) >= count:
                raise InstallCancelledError

        return check

    candidate = examine(folder, check=lambda: asked.append(1))
    files_checked = len(asked)
    assert candidate.ok and files_checked == len(candidate.files) + 1  # the content.json, then each file
    asked.clear()
    with pytest.raises(InstallCancelledError):
        examine(folder, check=stop_at(3))
    assert len(asked) == 3
    bundled = load_content(resources.bundled_content_dir())
    assert bundled.dataset is not None and candidate.result.dataset is not None
    asked.clear()
    with pytest.raises(InstallCancelledError):
        compare(bundled.dataset, candidate.result.dataset, bundled.folder, folder, stop_at(5))
    assert len(asked) == 5


def test_the_install_returns_the_copy_as_it_was_checked_where_it_now_lies(kiosk: Kiosk, tmp_path: Path) -> None:
    """What the staff panel shows without reading the copy again: the load of the copy, moved to its
    installed folder (photo paths too), equal to reading it again."""
    _, folder = _stick(tmp_path)
    loaded = kiosk.installer.install_loaded(folder, Settings.load(kiosk.config))
    assert loaded.ok and loaded.folder == Path(_setting(kiosk)) and loaded.folder.parent.name == INSTALLED
    assert all(path.is_file() and path.is_relative_to(loaded.folder) for _, path in loaded.photos) and loaded.photos
    again = load_content(loaded.folder)
    assert (again.dataset, again.photos, again.folder) == (loaded.dataset, loaded.photos, loaded.folder)
