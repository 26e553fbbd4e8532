"""The health module's records worded for staff: running time in hours and minutes, a problem as the
time and a sentence, start-up notes counted with the files they name."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.core.health import Health, RecentErrors, staff_says
from kiosk.ui.staff.health_text import insight_problem, problem_line, start_notes, uptime_text
from tests.kiosks import FakeClock


def test_running_time_in_hours_and_minutes(qapp: QApplication) -> None:
    clock = FakeClock()
    health = Health(clock)
    clock.now += 178  # 2 min 58 s: seconds are noise to staff
    assert uptime_text(health) == "2 min"
    clock.now += 3600
    assert uptime_text(health) == "1 h 2 min"


def _record(name: str, message: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    record.created = datetime(2026, 12, 4, 14, 5).timestamp()
    return record


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(
    ("name", "extra", "shown"),
    [
        (
            "kiosk.ui.staff.pin_pad",
            staff_says("Wrong staff PIN entered ({tries} tries left)", tries=4),
            "14:05  Wrong staff PIN entered (4 tries left)",
        ),
        ("kiosk.core.photos.cache", {}, "14:05  A photo could not be shown (details in the log)"),
        ("somewhere.else", {}, "14:05  A problem was written to the log"),
    ],
)
def test_a_problem_is_its_time_and_a_sentence_never_the_log_level(name: str, extra: dict[str, object], shown: str) -> None:
    errors = RecentErrors()
    errors.emit(_record(name, "WARNING-ish words from the log", **extra))
    assert problem_line(errors.records[-1]) == shown


@pytest.mark.usefixtures("qapp")
def test_start_notes_are_counted_with_the_files_they_name() -> None:
    assert start_notes([]) == []
    notes = ["font /opt/kiosk/fonts/KioskSans-Regular.otf missing or unreadable", "language 'fr' is not in the content; using zh"]
    assert start_notes(notes) == ["Problems at start: 2 (details in the log)", "Files concerned: KioskSans-Regular.otf"]


@pytest.mark.usefixtures("qapp")
def test_visitor_insight_says_which_file_and_that_visitors_are_served() -> None:
    assert insight_problem("") == ""
    assert insight_problem("could not write /var/lib/kiosk/insight.db: disk full") == (
        "Visitor insight is not being saved (insight.db); visitors are served as ever"
    )
    assert insight_problem("database is locked") == "Visitor insight is not being saved; visitors are served as ever"
