"""The content inbox without Qt: real packs (real keys, the packs API) in a real inbox folder, a real
installer into a real data folder, a clock the test moves. A pack is read only once it has stayed
unchanged for the settle time; sync tools' temporary files and robocopy's unfinished copies are never
read; each refusal reason is named and kept, tried once per file; a replay is refused; the newest
good pack is installed once and recorded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.core.content.install import INSTALLED
from kiosk.core.hall import inbox as inbox_module
from kiosk.core.hall.inbox import (
    INVALID_CONTENT,
    RECORD_FILE,
    REPLAY,
    Inbox,
    PackInstaller,
    PackRecord,
    Refusal,
    StickPacks,
    is_pack_name,
    read_record,
    run_once,
    temporary_of,
    write_record,
)
from kiosk.core.hall.packs import FILE_MISMATCH, NO_KEYS, TRUNCATED, UNKNOWN_KEY, UNSIGNED
from kiosk.core.settings import Settings
from tests.hall_packs import content_saying, key_pair, make_pack, publish, tampered, truncated

SETTLE = 5.0


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def hall(tmp_path: Path) -> dict[str, object]:
    keys = tmp_path / "keys"
    key = key_pair(keys)
    content = content_saying(tmp_path / "content-v2", "Pack version 2")
    return {"key": key, "keys": keys, "content": content, "inbox": tmp_path / "inbox", "data": tmp_path / "data", "tmp": tmp_path}


def _inbox(hall: dict[str, object], clock: Clock, keys: str | None = None) -> Inbox:
    data, folder = hall["data"], hall["inbox"]
    assert isinstance(data, Path) and isinstance(folder, Path)
    folder.mkdir(exist_ok=True)
    installer = PackInstaller(data, keys=lambda: str(hall["keys"]) if keys is None else keys)
    return Inbox(folder, installer, clock, settle_s=SETTLE)


def _settings(hall: dict[str, object]) -> Settings:
    tmp = hall["tmp"]
    assert isinstance(tmp, Path)
    return Settings(tmp / "config")


def _pack(hall: dict[str, object], name: str, version: int, key: object = None) -> Path:
    tmp = hall["tmp"]
    assert isinstance(tmp, Path)
    content = hall["content"]
    assert isinstance(content, Path)
    return make_pack(content, tmp / name, hall["key"] if key is None else key, version=version)  # type: ignore[arg-type]


def _twice(inbox: Inbox, clock: Clock) -> inbox_module.Scan:
    first = inbox.scan()
    assert first.prepared is None and not first.refused  # seen once: waits
    clock.now += SETTLE
    return inbox.scan()


def test_names_of_sync_tools_temporary_files_are_never_packs() -> None:
    assert is_pack_name("hall-2026.lnapack")
    for name in (
        ".syncthing.hall.lnapack.tmp",
        "~syncthing~hall.lnapack.tmp",
        ".hall.lnapack.Xy12Ab",
        ".hall.lnapack.abc.partial",
        "a.txt",
    ):
        assert not is_pack_name(name), name
    assert temporary_of(".syncthing.hall.lnapack.tmp") == "Syncthing"
    assert temporary_of("~syncthing~hall.lnapack.tmp") == "Syncthing"
    assert temporary_of(".hall.lnapack.Xy12Ab") == "rsync"
    assert temporary_of("notes.txt") == ""


def test_a_good_pack_waits_until_it_stops_changing_then_installs_once_and_is_recorded(hall: dict[str, object]) -> None:
    clock = Clock()
    inbox = _inbox(hall, clock)
    published = publish(_pack(hall, "v2.lnapack", 2), hall["inbox"])  # type: ignore[arg-type]
    first = inbox.scan()
    assert first.settling == (published.name,) and first.prepared is None
    clock.now += SETTLE - 1
    assert inbox.scan().prepared is None  # not still for long enough
    clock.now += 1
    scan = inbox.scan()
    assert scan.prepared is not None and scan.refused == ()
    assert inbox.state.pending
    settings = _settings(hall)
    outcome = inbox.install(scan.prepared, settings)
    assert not isinstance(outcome, Refusal) and outcome.ok
    assert outcome.folder.parent.name == INSTALLED
    assert outcome.dataset is not None and outcome.dataset.overview.tagline["en"] == "Pack version 2"
    record, problem = read_record(hall["data"])  # type: ignore[arg-type]
    assert problem == "" and record is not None and (record.pack_id, record.version, record.file) == ("hall-content", 2, "v2.lnapack")
    assert (inbox.state.installed_pack_id, inbox.state.installed_version, inbox.state.installed) == ("hall-content", 2, 1)
    assert not (hall["data"] / "pack-staging" / "inbox").exists() or not any((hall["data"] / "pack-staging" / "inbox").iterdir())  # type: ignore[operator]
    clock.now += 60
    assert inbox.scan() == inbox_module.Scan()  # tried once: nothing again
    again = _inbox(hall, clock)  # a restart: the very pack installed is no refusal
    assert _twice(again, clock) == inbox_module.Scan()
    assert again.state.refused == 0


def test_a_file_still_growing_is_not_tried_until_it_stops(hall: dict[str, object]) -> None:
    clock = Clock()
    inbox = _inbox(hall, clock)
    pack = _pack(hall, "v2.lnapack", 2)
    data = pack.read_bytes()
    target = hall["inbox"] / "v2.lnapack"  # type: ignore[operator]
    for part in (3, 2):  # a third, then a half, then whole: each scan sees it changed
        target.write_bytes(data[: len(data) // part])
        scan = inbox.scan()
        assert scan.settling == ("v2.lnapack",) and not scan.refused
        clock.now += SETTLE
    target.write_bytes(data)
    assert inbox.scan().settling == ("v2.lnapack",)
    clock.now += SETTLE
    assert inbox.scan().prepared is not None
    assert inbox.state.refused == 0


def test_temporary_names_and_robocopys_unfinished_copies_wait(hall: dict[str, object]) -> None:
    clock = Clock()
    inbox = _inbox(hall, clock)
    pack = _pack(hall, "v2.lnapack", 2)
    folder = hall["inbox"]
    assert isinstance(folder, Path)
    (folder / ".syncthing.v2.lnapack.tmp").write_bytes(pack.read_bytes()[:100])
    (folder / "~syncthing~v3.lnapack.tmp").write_bytes(b"x")
    (folder / ".v4.lnapack.Ab12Cd").write_bytes(b"x")
    robocopy = folder / "v5.lnapack"
    robocopy.write_bytes(pack.read_bytes())
    os.utime(robocopy, (315_532_800, 315_532_800))  # 1980-01-01: robocopy's mark of a copy under way
    for _ in range(3):
        scan = inbox.scan()
        assert scan.prepared is None and scan.refused == () and scan.settling == ()
        assert set(scan.arriving) == {".syncthing.v2.lnapack.tmp", "~syncthing~v3.lnapack.tmp", ".v4.lnapack.Ab12Cd", "v5.lnapack"}
        clock.now += SETTLE
    os.utime(robocopy)  # done: robocopy sets the source's time
    assert _twice(inbox, clock).prepared is not None


def _refused_once(hall: dict[str, object], name: str, pack: Path, keys: str | None = None) -> Refusal:
    clock = Clock()
    inbox = _inbox(hall, clock, keys)
    publish(pack, hall["inbox"], name)  # type: ignore[arg-type]
    scan = _twice(inbox, clock)
    assert scan.prepared is None and len(scan.refused) == 1
    refusal = scan.refused[0]
    assert (inbox.state.refused, inbox.state.last_refusal_reason, inbox.state.last_refusal_file) == (1, refusal.reason, refusal.file)
    clock.now += SETTLE * 3
    assert inbox.scan().refused == ()  # tried once per (path, size, time): the reason is kept, not said again
    assert inbox.state.last_refusal_reason == refusal.reason
    assert not (hall["data"] / RECORD_FILE).exists()  # type: ignore[operator]
    return refusal


def test_each_refusal_is_named_and_tried_once(hall: dict[str, object]) -> None:
    tmp = hall["tmp"]
    assert isinstance(tmp, Path)
    good = _pack(hall, "good.lnapack", 2)
    stranger = key_pair(tmp / "elsewhere", "stranger")
    cases = {
        "unsigned.lnapack": (make_pack(hall["content"], tmp / "unsigned-source.lnapack", None, version=2), UNSIGNED, "unsigned"),  # type: ignore[arg-type]
        "stranger.lnapack": (_pack(hall, "stranger-source.lnapack", 2, key=stranger), UNKNOWN_KEY, "key"),
        "tampered.lnapack": (tampered(good, tmp / "tampered-source.lnapack"), FILE_MISMATCH, "content/content.json"),
        "truncated.lnapack": (truncated(good, tmp / "truncated-source.lnapack"), TRUNCATED, ""),
    }
    for name, (pack, kind, words) in cases.items():
        refusal = _refused_once(hall, name, pack)
        assert refusal.kind == kind, (name, refusal)
        assert words in refusal.reason, refusal
        (hall["inbox"] / name).unlink()  # type: ignore[operator]


def test_without_trusted_keys_a_pack_is_refused_and_says_why(hall: dict[str, object]) -> None:
    refusal = _refused_once(hall, "v2.lnapack", _pack(hall, "v2.lnapack", 2), keys="")
    assert refusal.kind == NO_KEYS and "content_keys" in refusal.reason


def test_content_that_does_not_check_out_is_refused(hall: dict[str, object]) -> None:
    tmp = hall["tmp"]
    assert isinstance(tmp, Path)
    bad = content_saying(tmp / "bad", "龘 cannot be drawn")  # the font lacks it: kiosk check refuses it
    pack = make_pack(bad, tmp / "bad.lnapack", hall["key"], version=3)  # type: ignore[arg-type]
    data = hall["data"]
    assert isinstance(data, Path)
    clock = Clock()
    installer = PackInstaller(data, keys=lambda: str(hall["keys"]), glyphs=_bundled_glyphs())
    inbox = Inbox(hall["inbox"], installer, clock, settle_s=SETTLE)  # type: ignore[arg-type]
    publish(pack, hall["inbox"])  # type: ignore[arg-type]
    scan = _twice(inbox, clock)
    assert scan.prepared is None and [r.kind for r in scan.refused] == [INVALID_CONTENT]
    assert "kiosk check" in scan.refused[0].reason and not (data / INSTALLED).exists()


def _bundled_glyphs() -> object:
    from kiosk import resources
    from kiosk.ui.fonts import read_coverage  # plain Python: the font's table

    return read_coverage(resources.fonts_dir())


def test_an_older_pack_is_a_replay_and_the_newest_of_several_wins(hall: dict[str, object]) -> None:
    clock = Clock()
    inbox = _inbox(hall, clock)
    write_record(hall["data"], PackRecord("hall-content", 5))  # type: ignore[arg-type]
    publish(_pack(hall, "v4.lnapack", 4), hall["inbox"])  # type: ignore[arg-type]
    scan = _twice(inbox, clock)
    assert [r.kind for r in scan.refused] == [REPLAY] and "not newer than the installed version 5" in scan.refused[0].reason
    publish(_pack(hall, "v6.lnapack", 6), hall["inbox"])  # type: ignore[arg-type]
    publish(_pack(hall, "v7.lnapack", 7), hall["inbox"])  # type: ignore[arg-type]
    scan = _twice(inbox, clock)
    assert scan.prepared is not None and scan.prepared.pack.version == 7 and scan.refused == ()
    assert not isinstance(inbox.install(scan.prepared, _settings(hall)), Refusal)
    clock.now += SETTLE
    scan = inbox.scan()  # v6 now judged against v7
    assert [(Path(r.file).name, r.kind) for r in scan.refused] == [("v6.lnapack", REPLAY)]
    assert inbox.state.installed_version == 7


def test_run_once_waits_for_the_settle_time_and_installs(hall: dict[str, object]) -> None:
    clock = Clock()
    inbox = _inbox(hall, clock)
    publish(_pack(hall, "v2.lnapack", 2), hall["inbox"])  # type: ignore[arg-type]
    publish(tampered(_pack(hall, "v3.lnapack", 3), hall["tmp"] / "bad.lnapack"), hall["inbox"])  # type: ignore[operator, arg-type]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    once = run_once(inbox, _settings(hall), wait_s=30, sleep=sleep)
    assert slept == [SETTLE]
    assert once.installed is not None and once.installed.pack.version == 2
    assert [Path(r.file).name for r in once.refused] == ["bad.lnapack"]
    assert any(line.startswith("installed ") for line in once.lines())


def test_a_pack_on_a_stick_is_judged_as_in_the_inbox(hall: dict[str, object]) -> None:
    tmp = hall["tmp"]
    assert isinstance(tmp, Path)
    stick = tmp / "stick"
    (stick / "hall").mkdir(parents=True)
    good = publish(_pack(hall, "v2.lnapack", 2), stick / "hall")
    bad = publish(tampered(good, tmp / "t.lnapack"), stick, "t.lnapack")
    installer = PackInstaller(hall["data"], keys=lambda: str(hall["keys"]))  # type: ignore[arg-type]
    packs = StickPacks(installer)
    assert packs.find([stick]) == [bad, good]
    refused = packs.open(bad)
    assert not refused.ok and "content/content.json" in refused.problems[0]
    candidate = packs.open(good)
    assert candidate.ok and candidate.folder.parent.name == "usb"
    loaded = installer.install_loaded(candidate.folder, _settings(hall), examined=candidate)
    record = installer.installed()
    assert loaded.ok and record is not None and (record.pack_id, record.version, record.file) == ("hall-content", 2, "v2.lnapack")
    assert not candidate.folder.exists()
    again = packs.open(good)
    assert not again.ok and "the pack installed now" in again.problems[0]
