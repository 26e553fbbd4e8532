"""`kiosk --self-test` checks what a hall PC needs the way the kiosk will run: one line a check, ok or
FAIL with the reason; a check that fails does not stop the others, and the run ends non-zero naming how
many failed; content that cannot be loaded ends it at once; it reads the hall's visitor records without
ever writing, moving or making them, and renders in folders of its own (kiosk.qa.self_test, through its
entry point `run_self_test`, as kiosk/cli.py calls it)."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.core.insight import InsightStore
from kiosk.core.paths import AppPaths
from kiosk.qa.self_test import run_self_test

CHECKS = [
    "content loads and validates",
    "bundled fonts load",
    "every character is in the font",
    "translations load",
    "13 photos decode",
    "HEIC and AVIF photos decode",
    "visitor records open",
    "every view renders in every language (with charts)",
]


def _run(content: Path | None, home: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = run_self_test(content, AppPaths.under(home))
    return code, capsys.readouterr().out.splitlines()


def test_a_sound_installation_passes_every_check_and_leaves_the_halls_folders_alone(
    kiosk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = _run(None, kiosk_home, capsys)
    assert code == 0, "\n".join(lines)
    assert re.fullmatch(r"kiosk \S+ self-test \(source; files in .+\)", lines[0])
    assert lines[1] == "  bundle: not a bundle (running from source)"
    assert lines[2:-1] == [f"  ok   {check}" for check in CHECKS]
    assert re.fullmatch(r"self-test passed \([\d.]+ s\)", lines[-1])  # a figure, whatever it is
    assert not (kiosk_home / "data" / "insight.db").exists()  # the kiosk makes its records at its first start
    assert not (kiosk_home / "config").exists()  # its settings and PIN were scratch ones


def test_content_that_cannot_be_loaded_ends_the_test_at_once(
    kiosk_home: Path, content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content_copy / "content.json").write_text('{"schema_version": 1,', encoding="utf-8")
    code, lines = _run(content_copy, kiosk_home, capsys)
    assert code == 1
    assert lines[2].startswith("  FAIL content loads and validates: 1 problem(s), first: content.json")
    assert lines[-1] == "self-test FAILED: the content cannot be loaded"
    assert len(lines) == 4  # nothing rendered, nothing else checked


def test_failed_checks_are_named_and_counted_and_the_others_still_run(
    kiosk_home: Path, content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content_copy / "photos" / "qixia-lake" / "02-morning.jpg").write_bytes(b"")
    records = kiosk_home / "data" / "insight.db"
    records.parent.mkdir(parents=True)
    records.write_bytes(b"not a database" * 100)
    code, lines = _run(content_copy, kiosk_home, capsys)
    assert code == 1
    assert "  FAIL 13 photos decode: albums[1].photos[1]: 02-morning.jpg: the file is empty" in lines
    failed_records = [line for line in lines if line.startswith("  FAIL visitor records open: ")]
    assert len(failed_records) == 1 and "insight.db" in failed_records[0]
    assert "  ok   every view renders in every language (with charts)" in lines  # checked all the same
    assert re.fullmatch(r"self-test FAILED \(2 problem\(s\), [\d.]+ s\)", lines[-1])
    assert records.read_bytes() == b"not a database" * 100  # a reader never sets the kiosk's file aside
    assert sorted(p.name for p in records.parent.iterdir()) == ["insight.db"]


def test_the_halls_records_are_read_and_left_as_they_were(kiosk_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = InsightStore(kiosk_home / "data" / "insight.db")
    visit = store.session_started("zh", False)
    store.pillar_time(visit, "industry", 42.0)
    store.close()  # a visit still going on: only the kiosk, its writer, may end it
    before = (kiosk_home / "data" / "insight.db").read_bytes()
    code, lines = _run(None, kiosk_home, capsys)
    assert code == 0, "\n".join(lines)
    assert "  ok   visitor records open" in lines
    assert (kiosk_home / "data" / "insight.db").read_bytes() == before  # (SQLite's reader may add its -shm index beside it)
    with closing(sqlite3.connect(f"file:{kiosk_home / 'data' / 'insight.db'}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT language, ended FROM sessions").fetchall() == [("zh", None)]  # still going on


def test_the_content_given_is_the_content_checked(kiosk_home: Path, content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    data["albums"][1]["photos"] = data["albums"][1]["photos"][:1]
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, lines = _run(content_copy, kiosk_home, capsys)
    assert code == 0, "\n".join(lines)
    photos = [line for line in lines if line.endswith("photos decode") and "HEIC" not in line]
    assert len(photos) == 1 and photos[0] != "  ok   13 photos decode"
