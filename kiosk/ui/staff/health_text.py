"""What the health module records (kiosk/core/health.py, Qt-free), worded for staff in their language:
no log levels, no log words in English; the log keeps the details."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from kiosk.core.health import HEALTH, Health, RecentError, named_files


def uptime_text(health: Health) -> str:
    hours, minutes = health.uptime()
    if hours:
        return QCoreApplication.translate("HealthText", "{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return QCoreApplication.translate("HealthText", "{minutes} min").format(minutes=minutes)


def problem_line(error: RecentError) -> str:
    """'14:05 Wrong staff PIN entered (4 tries left)': when, and what it means, in the staff's language."""
    when = datetime.fromtimestamp(error.when).strftime("%H:%M")  # digits read the same in every language
    return f"{when}  {error.note.format(QCoreApplication.translate(HEALTH, error.note.text))}"


def start_notes(notes: list[str]) -> list[str]:
    """The problems survived at start-up: how many, then the files they name (the log words them)."""
    if not notes:
        return []
    lines = [QCoreApplication.translate("HealthText", "Problems at start: {count} (details in the log)").format(count=len(notes))]
    files = [name for note in notes for name in named_files(note)]
    if files:
        lines.append(QCoreApplication.translate("HealthText", "Files concerned: {files}").format(files=", ".join(dict.fromkeys(files))))
    return lines


def insight_problem(problem: str) -> str:
    if not problem:
        return ""
    files = named_files(problem)
    if files:
        return QCoreApplication.translate("HealthText", "Visitor insight is not being saved ({file}); visitors are served as ever").format(
            file=", ".join(files)
        )
    return QCoreApplication.translate("HealthText", "Visitor insight is not being saved; visitors are served as ever")
