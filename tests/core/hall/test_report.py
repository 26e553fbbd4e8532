"""The hall report's merging, on exports the kiosk's own export code writes (InsightStore.export_csv)."""

from __future__ import annotations

import csv
import shutil
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.core.hall.report import Hall, merge, write_csvs
from kiosk.core.insight import EXPORT_ABOUT, InsightStore

DAY = datetime(2026, 11, 30, 10, 0)


class Clock:
    def __init__(self, when: datetime = DAY) -> None:
        self.now = when.timestamp()

    def __call__(self) -> float:
        return self.now


def visits(store: InsightStore, clock: Clock, plan: list[tuple[datetime, str, dict[str, float]]]) -> None:
    for when, language, pillars in plan:
        clock.now = when.timestamp()
        visit = store.session_started(language, False)
        for pillar, seconds in pillars.items():
            store.pillar_time(visit, pillar, seconds)
        store.tap(0.5, 0.5)
        clock.now += sum(pillars.values())
        store.session_ended(visit, language)


@pytest.fixture
def kiosk_store(tmp_path: Path) -> Iterator[Callable[[str], tuple[InsightStore, Clock]]]:
    stores: list[InsightStore] = []

    def make(name: str) -> tuple[InsightStore, Clock]:
        clock = Clock()
        store = InsightStore(tmp_path / "kiosks" / f"{name}.db", clock=clock)
        stores.append(store)
        return store, clock

    yield make
    for store in stores:
        store.close()


def export(store: InsightStore, folder: Path, kiosk: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return store.export_csv(folder, kiosk)


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_three_kiosks_exports_merge_into_one_hall(kiosk_store: Callable[[str], tuple[InsightStore, Clock]], tmp_path: Path) -> None:
    exports = []
    for n, name in enumerate(("hall-a-1", "hall-a-2", "hall-b-1")):
        store, clock = kiosk_store(name)
        visits(
            store,
            clock,
            [(datetime(2026, 11, 28 + d, 9 + n, 15), ("zh", "en")[d % 2], {"industry": 30.0, "history": 10.0 * (n + 1)}) for d in range(3)],
        )
        exports.append(export(store, tmp_path / "usb", name))
    hall = merge(exports)
    assert [k.kiosk_id for k in hall.kiosks] == ["hall-a-1", "hall-a-2", "hall-b-1"]
    assert hall.left_out == [] and hall.notes == [] and hall.usable
    assert hall.visits() == 9
    assert hall.period() == (date(2026, 11, 28), date(2026, 11, 30))
    assert hall.visits_by_day() == {date(2026, 11, 28): 3, date(2026, 11, 29): 3, date(2026, 11, 30): 3}
    assert [hall.visits_by_hour()[h] for h in (9, 10, 11)] == [3, 3, 3] and sum(hall.visits_by_hour()) == 9
    assert hall.pillar_seconds() == {"industry": 270.0, "history": 180.0}
    assert hall.languages() == {"zh": 6, "en": 3}
    assert hall.kiosks[2].median_visit_s() == 60.0
    assert sum(map(sum, hall.kiosks[0].heat())) == 3
    out = tmp_path / "report"
    out.mkdir()
    write_csvs(hall, out)
    sessions = read(out / "sessions.csv")
    assert sessions[0] == ["kiosk", "session", "started", "ended", "seconds", "language", "woke_from_attract"]
    assert [row[0] for row in sessions[1:]] == ["hall-a-1"] * 3 + ["hall-a-2"] * 3 + ["hall-b-1"] * 3
    assert read(out / "daily.csv")[1][:3] == ["hall-a-1", "2026-11-28", "1"]
    assert (out / "sessions.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads Chinese with the BOM


def test_two_exports_of_one_kiosk_with_overlapping_periods_count_each_visit_once(
    kiosk_store: Callable[[str], tuple[InsightStore, Clock]], tmp_path: Path
) -> None:
    store, clock = kiosk_store("hall-a-1")
    visits(store, clock, [(datetime(2026, 11, 29, 10), "zh", {"industry": 20.0})])
    clock.now = datetime(2026, 11, 29, 11).timestamp()
    open_visit = store.session_started("en", False)
    store.pillar_time(open_visit, "people", 5.0)
    first = export(store, tmp_path / "monday", "hall-a-1")  # the visit in progress is in it without an end
    store.pillar_time(open_visit, "people", 25.0)
    clock.now += 40
    store.session_ended(open_visit, "en")
    visits(store, clock, [(datetime(2026, 11, 30, 10), "zh", {"industry": 20.0})])
    second = export(store, tmp_path / "tuesday", "hall-a-1")
    hall = merge([second, first])  # given in any order: the later export wins
    (kiosk,) = hall.kiosks
    assert hall.visits() == 3
    assert kiosk.sessions[open_visit][2] != ""  # its end, as the later export knows it
    assert kiosk.pillar_seconds() == {"industry": 40.0, "people": 30.0}
    assert any("2 exports merged" in note and "counted once" in note for note in hall.notes)


def test_two_kiosks_with_the_same_id_are_told_apart(kiosk_store: Callable[[str], tuple[InsightStore, Clock]], tmp_path: Path) -> None:
    for n, hour in enumerate((9, 15)):
        store, clock = kiosk_store(f"kiosk-{n}")
        visits(store, clock, [(datetime(2026, 11, 30, hour), "zh", {"industry": 20.0})])
        export(store, tmp_path / f"stick{n}", "kiosk")
    hall = merge([next((tmp_path / f"stick{n}").iterdir()) for n in (0, 1)])
    assert [k.kiosk_id for k in hall.kiosks] == ["kiosk", "kiosk~2"] and hall.visits() == 2
    assert any("also another kiosk's" in note and "kiosk~2" in note for note in hall.notes)


def test_an_export_from_before_kiosk_ids_is_named_by_its_folder_and_a_zip_reads_as_its_folder(
    kiosk_store: Callable[[str], tuple[InsightStore, Clock]], tmp_path: Path
) -> None:
    store, clock = kiosk_store("old")
    visits(store, clock, [(datetime(2026, 11, 30, 10), "zh", {"industry": 20.0})])
    old = export(store, tmp_path / "usb", "")
    (old / EXPORT_ABOUT).unlink()
    named = old.rename(old.with_name("entrance"))
    zipped = Path(shutil.make_archive(str(tmp_path / "west"), "zip", tmp_path / "usb", "entrance"))
    (named / "sessions.csv").rename(tmp_path / "aside.csv")  # the zip still has it; the folder now lacks it
    hall = merge([zipped, named])
    assert [k.kiosk_id for k in hall.kiosks] == ["entrance"] and hall.visits() == 1
    assert any("no export.json" in note and "'entrance'" in note for note in hall.notes)
    assert any("no sessions.csv" in note for note in hall.notes)


def test_what_cannot_be_used_is_left_out_and_named(kiosk_store: Callable[[str], tuple[InsightStore, Clock]], tmp_path: Path) -> None:
    store, clock = kiosk_store("good")
    visits(store, clock, [(datetime(2026, 11, 30, h), "zh", {"industry": 20.0}) for h in (10, 11, 12)])
    good = export(store, tmp_path / "usb", "good")
    empty_store, _ = kiosk_store("empty")
    empty = export(empty_store, tmp_path / "usb2", "empty")
    broken = tmp_path / "broken"
    shutil.copytree(good, broken)
    (broken / EXPORT_ABOUT).write_text('{"kiosk_id": "broken"}', encoding="utf-8")
    lines = (broken / "sessions.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "1,yesterday,,x,zh,1"  # a row spoilt by hand in Excel
    lines.append("7,2026-11-30T13:00:00")  # a cut-off row
    (broken / "sessions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (broken / "taps.csv").write_text("when,where,count\n1,2,3\n", encoding="utf-8")  # another program's file
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello", encoding="utf-8")
    foreign = tmp_path / "photos"
    foreign.mkdir()
    hall = merge([good, empty, broken, tmp_path / "missing", not_zip, foreign])
    assert [k.kiosk_id for k in hall.kiosks] == ["broken", "good"]
    assert hall.kiosks[0].sessions.keys() == {2, 3} and hall.usable
    text = "\n".join(hall.left_out + hall.notes)
    for words in (
        "missing: does not exist",
        "notes.txt: is neither an export folder nor a zip of one",
        "photos: holds none of the CSV files",
        "(kiosk empty): no visits, taps or daily totals",
        "sessions.csv: 2 broken row(s) left out (line 2, 5)",
        "taps.csv has a header this report does not know (when, where, count)",
    ):
        assert words in text
    assert merge([tmp_path / "missing", empty]).usable is False


def test_a_damaged_zip_is_named(tmp_path: Path) -> None:
    damaged = tmp_path / "export.zip"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("x/sessions.csv", "session\n" * 100)
    damaged.write_bytes(damaged.read_bytes()[:60] + b"\0" * 40 + damaged.read_bytes()[100:])
    hall: Hall = merge([damaged])
    assert not hall.usable and hall.left_out[0].startswith(f"{damaged}: is a damaged zip")
