"""Whether the exhibition hall is open: a weekly schedule written as one line of text in the
`opening_hours` setting, plus a staff override for the unexpected (a private event, a burst pipe).

    tue-fri 09:00-12:00 13:00-17:30; sat-sun 10:00-18:00

Rules are separated by ";" or ",": days (`mon`, or a range such as `mon-fri` or `fri-mon`), then one or
more `HH:MM-HH:MM` ranges. `24:00` may end a range; an end before the start runs past midnight into the
next day. A day no rule names is closed; the empty text means always open. A day may appear in one rule
only, and ranges may not overlap: staff see an error rather than a guess.

Times are naive local wall-clock times. Across a DST change the schedule follows the wall clock: a change
that falls in a skipped hour takes effect when clocks resume, and one in a repeated hour happens twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

from kiosk.core.files import describe, read_json

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MIN = 24 * 60
WEEK_MIN = 7 * DAY_MIN
_US_PER_MIN = 60_000_000
# The schedule changes at least once a week, or never; a day more for a wall clock set back.
OVERRIDE_LONGEST = timedelta(days=8)
OVERRIDE_LIMIT = 4096  # bytes: a saved override is about 50
_TIME_RANGE = re.compile(r"(\d\d):(\d\d)-(\d\d):(\d\d)")
_LOOKS_LIKE_TIME = re.compile(r"[\d:.]+(-[\d:.]*)?")


class ScheduleError(ValueError):
    """The opening_hours text is wrong; the message tells staff what and where."""


def problem_with(text: str) -> str | None:
    """For the settings schema: None when `text` is a valid schedule, else what is wrong with it."""
    try:
        WeeklySchedule.parse(text)
    except ScheduleError as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class _Range:
    start: int  # minutes since Monday 00:00
    end: int  # may pass the end of the week, by less than a day
    rule: str

    def label(self) -> str:
        day = DAYS[self.start // DAY_MIN]
        return f"{day} {_hhmm(self.start % DAY_MIN)}-{_hhmm((self.end - 1) % DAY_MIN + 1)}"


@dataclass(frozen=True)
class WeeklySchedule:
    """Open `spans`: (start, end) minutes since Monday 00:00, sorted, disjoint, not touching, within
    the week. A span that ends at the end of the week and one that starts at 0 join across the wrap.
    Build one with `parse`; `WeeklySchedule(())` is never open (the text cannot say that)."""

    spans: tuple[tuple[int, int], ...]

    @classmethod
    def parse(cls, text: str) -> WeeklySchedule:
        normal = re.sub(r"\s*-\s*", "-", " ".join(text.lower().split()))
        if not normal:
            return cls(((0, WEEK_MIN),))
        seen: dict[int, str] = {}
        ranges: list[_Range] = []
        for raw in re.split(r"[;,]", normal):
            rule = raw.strip()
            if not rule:
                raise ScheduleError(f'opening_hours: "{text.strip()}": empty rule (two separators in a row, or one at the end)')
            days, *times = rule.split(" ")
            for day in _days(days, rule):
                if day in seen:
                    raise _error(rule, f'{DAYS[day]} is already in "{seen[day]}"; give each day one rule')
                seen[day] = rule
                ranges += [_Range(day * DAY_MIN + start, day * DAY_MIN + end, rule) for start, end in _times(times, rule)]
        _check_overlaps(ranges)
        return cls(_merge(ranges))

    @property
    def always_open(self) -> bool:
        return self.spans == ((0, WEEK_MIN),)

    def is_open(self, at: datetime) -> bool:
        """Opening times are inclusive, closing times exclusive: 09:00-17:30 is open at 09:00, closed at 17:30."""
        pos = _week_us(at)
        return any(start * _US_PER_MIN <= pos < end * _US_PER_MIN for start, end in self.spans)

    def next_change(self, at: datetime) -> datetime | None:
        """The next moment strictly after `at` when `is_open` flips; None if it never does."""
        changes = self._changes()
        if not changes:
            return None
        pos = _week_us(at)
        minute = next((c for c in changes if c * _US_PER_MIN > pos), changes[0] + WEEK_MIN)
        return _week_start(at) + timedelta(minutes=minute)

    def _changes(self) -> list[int]:
        joined = bool(self.spans) and self.spans[0][0] == 0 and self.spans[-1][1] == WEEK_MIN
        points = [p for span in self.spans for p in span]
        if joined:
            points = points[1:-1]
        return sorted(p % WEEK_MIN for p in points)


@dataclass(frozen=True)
class HallState:
    open: bool
    overridden: bool  # a staff override is in force
    until: datetime | None  # when `open` next flips by itself (None = never); not when an override lapses


class OpeningHours:
    """Schedule + staff override. Staff can force open or closed 'until the next change' of the schedule:
    closing early for an incident lasts until the scheduled closing time, and the hall opens next morning
    as usual; opening late at night lasts until the scheduled opening, and the schedule carries on."""

    def __init__(self, schedule: WeeklySchedule, clock: Callable[[], datetime] = datetime.now) -> None:
        self._schedule = schedule
        self._clock = clock
        self._override: bool | None = None
        self._expires: datetime | None = None  # None with an override: until cleared

    @property
    def schedule(self) -> WeeklySchedule:
        return self._schedule

    def set_schedule(self, schedule: WeeklySchedule) -> None:
        """A staff edit. An override in force is kept and re-anchored to the new schedule as if set again
        now, so editing next week's hours does not reopen a hall closed for an incident; it lapses at
        once if the new schedule already gives that state."""
        now = self._clock()
        self._drop_expired(now)
        self._schedule = schedule
        if self._override is not None:
            self._set(self._override, now)

    def override(self, open: bool) -> None:
        """In force until the schedule's next change after now; equal to the scheduled state, it only
        clears any override."""
        self._set(open, self._clock())

    def clear_override(self) -> None:
        self._override = None
        self._expires = None

    def saved(self) -> dict[str, object] | None:
        """The override in force, as JSON-ready data to survive a restart (None: the schedule rules)."""
        self._drop_expired(self._clock())
        if self._override is None:
            return None
        return {"open": self._override, "expires": None if self._expires is None else self._expires.isoformat()}

    def restore(self, saved: object) -> str | None:
        """An override saved before a restart, if it is still in force (one that has ended, or that the
        schedule now agrees with, is dropped). Returns why a malformed record could not be used: it is
        ignored, never raised. An override lasts until the schedule's next change, always within a week:
        one that claims to end later cannot have been saved by the kiosk (it would keep the hall closed
        for ever) and is ignored; one saved without an end under a schedule that never changed is
        re-anchored to today's schedule as `set_schedule` does."""
        if not isinstance(saved, dict) or not isinstance(saved.get("open"), bool):
            return "not an override record"
        expires_text = saved.get("expires")
        if expires_text is not None and not isinstance(expires_text, str):
            return f"expires is {repr(expires_text)[:60]}, not a time"
        try:
            expires = None if expires_text is None else datetime.fromisoformat(expires_text)
        except ValueError:
            return f"expires is {repr(expires_text)[:60]}, not a time"
        if expires is not None and expires.tzinfo is not None:
            return f"expires {expires_text!r} carries a time zone; opening hours are local wall-clock times"
        now = self._clock()
        if expires is not None and expires > now + OVERRIDE_LONGEST:
            return f"expires {expires_text!r} is more than a week away; an override ends at the schedule's next change"
        if (expires is not None and now >= expires) or saved["open"] == self._schedule.is_open(now):
            return None
        if expires is None:
            self._set(saved["open"], now)
        else:
            self._override, self._expires = saved["open"], expires
        return None

    def restore_from(self, path: Path) -> str | None:
        """`restore` from a file, read through kiosk.core.files (a regular file of at most OVERRIDE_LIMIT
        bytes: a FIFO or /dev/zero in its place hung the kiosk or filled its memory while it was being
        built). Returns why it was not used, in words; None when it was, or when none was saved."""
        try:
            saved = read_json(path, OVERRIDE_LIMIT)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return describe(exc)
        return self.restore(saved)

    def state(self) -> HallState:
        now = self._clock()
        self._drop_expired(now)
        if self._override is None:
            return HallState(self._schedule.is_open(now), False, self._schedule.next_change(now))
        # At expiry the schedule gives the override's state, so the hall flips at the change after that.
        until = None if self._expires is None else self._schedule.next_change(self._expires)
        return HallState(self._override, True, until)

    def _set(self, open: bool, now: datetime) -> None:
        if open == self._schedule.is_open(now):
            self.clear_override()
        else:
            self._override = open
            self._expires = self._schedule.next_change(now)

    def _drop_expired(self, now: datetime) -> None:
        if self._expires is not None and now >= self._expires:
            self.clear_override()


def _error(rule: str, detail: str) -> ScheduleError:
    return ScheduleError(f'opening_hours: "{rule}": {detail}')


def _day(name: str, rule: str) -> int:
    if name in DAYS:
        return DAYS.index(name)
    raise _error(rule, f'unknown day "{name}"; use mon, tue, wed, thu, fri, sat or sun')


def _days(token: str, rule: str) -> list[int]:
    if _LOOKS_LIKE_TIME.fullmatch(token):
        raise _error(rule, f'a rule starts with its days, as in "mon-fri 09:00-17:00", not "{token}"')
    first, dash, last = token.partition("-")
    start = _day(first, rule)
    if not dash:
        return [start]
    end = _day(last, rule)
    if start == end:
        raise _error(rule, f'day range "{token}" starts and ends on the same day; write "{first}"')
    return [(start + i) % 7 for i in range((end - start) % 7 + 1)]


def _times(tokens: list[str], rule: str) -> list[tuple[int, int]]:
    """(start, end) minutes since the day's midnight; an end past 24:00 runs into the next day."""
    if not tokens:
        raise _error(rule, 'no opening times; add ranges such as "09:00-17:00"')
    out: list[tuple[int, int]] = []
    for token in tokens:
        match = _TIME_RANGE.fullmatch(token)
        if match is None:
            raise _error(rule, f'times must look like HH:MM-HH:MM, not "{token}"')
        sh, sm, eh, em = map(int, match.groups())
        for hours, minutes in ((sh, sm), (eh, em)):
            if hours > 24 or minutes > 59 or (hours == 24 and minutes):
                raise _error(rule, f'"{hours:02}:{minutes:02}" is not a time of day')
        if sh == 24:
            raise _error(rule, f'"{token}": 24:00 can only end a range')
        start, end = sh * 60 + sm, eh * 60 + em
        if start == end:
            raise _error(rule, f'"{token}" opens and closes at the same time; for a whole day write 00:00-24:00')
        out.append((start, end if end > start else end + DAY_MIN))
    return out


def _check_overlaps(ranges: list[_Range]) -> None:
    ordered = sorted(ranges, key=lambda r: r.start)
    pairs = list(pairwise(ordered))
    if ordered:
        pairs.append((max(ordered, key=lambda r: r.end), ordered[0]))  # across the end of the week
    for earlier, later in pairs:
        wrap = WEEK_MIN if later.start < earlier.start else 0
        if earlier.end > later.start + wrap and earlier is not later:
            where = "" if earlier.rule == later.rule else f' in "{earlier.rule}"'
            raise _error(later.rule, f"{later.label()} overlaps {earlier.label()}{where}")


def _merge(ranges: list[_Range]) -> tuple[tuple[int, int], ...]:
    pieces: list[tuple[int, int]] = []
    for r in ranges:
        if r.end > WEEK_MIN:
            pieces += [(r.start, WEEK_MIN), (0, r.end - WEEK_MIN)]
        else:
            pieces.append((r.start, r.end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _week_start(at: datetime) -> datetime:
    return at.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=at.weekday())


def _week_us(at: datetime) -> int:
    """Microseconds since Monday 00:00 of `at`'s week: integers, so boundaries compare exactly."""
    minutes = (at.weekday() * 24 + at.hour) * 60 + at.minute
    return minutes * _US_PER_MIN + at.second * 1_000_000 + at.microsecond


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02}:{minutes % 60:02}"
