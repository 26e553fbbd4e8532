"""What a line of the staff panel's health list makes of a log message."""

from __future__ import annotations

import logging

import pytest

from kiosk.core.health import SOMETHING, Health, RecentErrors, StaffNote, brief, named_files, staff_note_for, staff_says


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("could not write /var/lib/lna-kiosk/insight.db: disk full", "could not write insight.db: disk full"),
        (r"C:\Users\hall\content\photos\a.jpg: truncated", "a.jpg: truncated"),
        ("C:/hall/content/b.jpg: truncated", "b.jpg: truncated"),
        (r"\\hall-nas\content\c.jpg: not an image", "c.jpg: not an image"),
        ("photo '/media/usb/lna/d.jpg' cannot be shown", "photo 'd.jpg' cannot be shown"),
        # a path inside the content folder says where to look: kept whole
        (
            "albums[1].photos[0].file: photo file 'photos/qixia-lake/missing.jpg' not found",
            "albums[1].photos[0].file: photo file 'photos/qixia-lake/missing.jpg' not found",
        ),
    ],
)
def test_absolute_paths_come_down_to_their_file_name(message: str, shown: str) -> None:
    assert brief(message, 200) == shown


def test_long_messages_are_cut_with_an_ellipsis() -> None:
    assert brief("x" * 150, 100) == "x" * 99 + "…"


def _record(name: str, message: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    return record


def test_a_record_carries_its_sentence_for_staff_or_gets_one_by_where_it_was_logged() -> None:
    said = staff_note_for(_record("kiosk.ui.staff.pin_pad", "wrong staff PIN (4 tries left)", **staff_says("Wrong {x}", x=4)))
    assert said == StaffNote("Wrong {x}", (("x", 4),)) and said.format(said.text) == "Wrong 4"
    assert staff_note_for(_record("kiosk.core.photos.cache", "photo /a/b.jpg cannot be shown")).text == (
        "A photo could not be shown (details in the log)"
    )
    assert staff_note_for(_record("kiosk.core.photosynthesis", "x")).text == SOMETHING  # a whole name, not a prefix of one
    assert staff_note_for(_record("elsewhere", "x")).text == SOMETHING


def test_recent_errors_keep_the_logs_words_and_the_staff_sentence() -> None:
    errors = RecentErrors(capacity=2)
    for n in range(3):
        errors.emit(_record("elsewhere", f"error {n}"))
    assert [e.message for e in errors.records] == ["error 1", "error 2"]  # bounded
    assert all(e.note.text == SOMETHING and e.level == "WARNING" for e in errors.records)


def test_uptime_in_whole_hours_and_minutes_and_start_notes_not_twice() -> None:
    now = [100.0]
    health = Health(lambda: now[0])
    now[0] += 2 * 3600 + 5 * 60 + 59
    assert health.uptime() == (2, 5)
    health.notes.append("translation /opt/kiosk/kiosk_zh.qm missing or unreadable")
    for message in ("translation /opt/kiosk/kiosk_zh.qm missing or unreadable", "later 1", "later 2", "later 3"):
        health.recent.emit(_record("elsewhere", message))
    assert [e.message for e in health.latest_new(2)] == ["later 2", "later 3"]
    assert [e.message for e in health.latest_new(5)] == ["later 1", "later 2", "later 3"]  # the start-up note is counted, not listed
    assert health.latest_new(0) == []


def test_the_files_a_message_names() -> None:
    assert named_files("could not write /var/lib/kiosk/insight.db: disk full; /var/lib/kiosk/insight.db again") == ["insight.db"]
    assert named_files("photos/qixia-lake/01.jpg is relative") == []
