"""Opening hours: parsing the one-line schedule, open/closed at the edges, and staff overrides that
lapse by themselves. Fixed dates only: the week of Monday 2026-11-30."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.schedule import DAYS, WEEK_MIN, HallState, OpeningHours, ScheduleError, WeeklySchedule, problem_with
from tests.deadline import within
from tests.hostile import KIND_REASONS, kinds, make_hostile

HOURS = "tue-fri 09:00-12:00 13:00-17:30; sat-sun 10:00-18:00"
WEEKDAYS = "mon-fri 09:00-17:30"


def at(day: int, hhmm: str = "00:00", second: int = 0, microsecond: int = 0) -> datetime:
    """`day` 0 is Monday 2026-11-30; 7 is the next Monday."""
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(2026, 11, 30, hours, minutes, second, microsecond) + timedelta(days=day)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        assert now >= self.now, "time only moves forward"
        self.now = now


def test_the_fixed_week_starts_on_a_monday() -> None:
    assert [at(d).weekday() for d in range(8)] == [0, 1, 2, 3, 4, 5, 6, 0]
    assert at(0) == datetime(2026, 11, 30)


# --- parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "mon-sun 00:00-24:00", "tue-mon 00:00-24:00", "fri-thu 18:00-24:00 00:00-18:00"])
def test_always_open(text: str) -> None:
    schedule = WeeklySchedule.parse(text)
    assert schedule.always_open
    assert all(schedule.is_open(at(0, "00:00") + timedelta(minutes=m)) for m in range(0, 2 * WEEK_MIN, 7))
    assert schedule.next_change(at(3, "12:00")) is None


def test_a_schedule_is_a_set_of_spans_in_the_week() -> None:
    schedule = WeeklySchedule.parse(HOURS)
    day = 24 * 60
    tue = [(day * d + 9 * 60, day * d + 12 * 60) for d in range(1, 5)]
    tue_pm = [(day * d + 13 * 60, day * d + 17 * 60 + 30) for d in range(1, 5)]
    weekend = [(day * d + 10 * 60, day * d + 18 * 60) for d in (5, 6)]
    assert schedule.spans == tuple(sorted(tue + tue_pm + weekend))
    assert not schedule.always_open


def test_case_spaces_and_separators_do_not_matter() -> None:
    messy = WeeklySchedule.parse("  TUE - Fri   09:00 - 12:00  13:00-17:30 ,Sat-SUN 10:00-18:00  ")
    assert messy == WeeklySchedule.parse(HOURS)
    assert problem_with(HOURS) is None


def test_day_ranges_wrap_round_the_week() -> None:
    schedule = WeeklySchedule.parse("fri-mon 10:00-11:00")
    assert [schedule.is_open(at(d, "10:30")) for d in range(7)] == [True, False, False, False, True, True, True]


def test_touching_ranges_join_without_a_change_between() -> None:
    assert WeeklySchedule.parse("fri 18:00-24:00; sat 00:00-02:00") == WeeklySchedule.parse("fri 18:00-02:00")
    assert WeeklySchedule.parse("mon 09:00-12:00 12:00-17:00") == WeeklySchedule.parse("mon 09:00-17:00")
    assert WeeklySchedule.parse("fri 18:00-00:00") == WeeklySchedule.parse("fri 18:00-24:00")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mon-fri 9-17", 'opening_hours: "mon-fri 9-17": times must look like HH:MM-HH:MM, not "9-17"'),
        ("mon 09:00-17:00 10:00", 'opening_hours: "mon 09:00-17:00 10:00": times must look like HH:MM-HH:MM, not "10:00"'),
        ("mo 09:00-10:00", 'opening_hours: "mo 09:00-10:00": unknown day "mo"; use mon, tue, wed, thu, fri, sat or sun'),
        (
            "monday-fri 09:00-10:00",
            'opening_hours: "monday-fri 09:00-10:00": unknown day "monday"; use mon, tue, wed, thu, fri, sat or sun',
        ),
        ("09:00-17:00", 'opening_hours: "09:00-17:00": a rule starts with its days, as in "mon-fri 09:00-17:00", not "09:00-17:00"'),
        ("sat", 'opening_hours: "sat": no opening times; add ranges such as "09:00-17:00"'),
        (
            "mon 09:00-09:00",
            'opening_hours: "mon 09:00-09:00": "09:00-09:00" opens and closes at the same time; for a whole day write 00:00-24:00',
        ),
        ("mon 25:00-26:00", 'opening_hours: "mon 25:00-26:00": "25:00" is not a time of day'),
        ("mon 09:60-10:00", 'opening_hours: "mon 09:60-10:00": "09:60" is not a time of day'),
        ("mon 20:00-24:30", 'opening_hours: "mon 20:00-24:30": "24:30" is not a time of day'),
        ("mon 24:00-02:00", 'opening_hours: "mon 24:00-02:00": "24:00-02:00": 24:00 can only end a range'),
        ("mon-mon 09:00-10:00", 'opening_hours: "mon-mon 09:00-10:00": day range "mon-mon" starts and ends on the same day; write "mon"'),
        ("mon 09:00-10:00;", 'opening_hours: "mon 09:00-10:00;": empty rule (two separators in a row, or one at the end)'),
        (
            "mon 09:00-10:00;; tue 09:00-10:00",
            'opening_hours: "mon 09:00-10:00;; tue 09:00-10:00": empty rule (two separators in a row, or one at the end)',
        ),
        (
            "mon-fri 09:00-17:00; Mon 10:00-11:00",
            'opening_hours: "mon 10:00-11:00": mon is already in "mon-fri 09:00-17:00"; give each day one rule',
        ),
        (
            "sat-tue 09:00-17:00, mon 10:00-11:00",
            'opening_hours: "mon 10:00-11:00": mon is already in "sat-tue 09:00-17:00"; give each day one rule',
        ),
        ("mon 09:00-12:00 11:00-13:00", 'opening_hours: "mon 09:00-12:00 11:00-13:00": mon 11:00-13:00 overlaps mon 09:00-12:00'),
        ("mon 09:00-10:00 09:00-10:00", 'opening_hours: "mon 09:00-10:00 09:00-10:00": mon 09:00-10:00 overlaps mon 09:00-10:00'),
        (
            "fri 18:00-02:00; sat 01:00-05:00",
            'opening_hours: "sat 01:00-05:00": sat 01:00-05:00 overlaps fri 18:00-02:00 in "fri 18:00-02:00"',
        ),
        (
            "mon 01:00-03:00; sun 22:00-02:00",
            'opening_hours: "mon 01:00-03:00": mon 01:00-03:00 overlaps sun 22:00-02:00 in "sun 22:00-02:00"',
        ),
    ],
)
def test_errors_say_what_is_wrong_and_where(text: str, message: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        WeeklySchedule.parse(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError see it too
    assert problem_with(text) == message


# --- open or closed --------------------------------------------------------------------------------


def test_opening_is_inclusive_and_closing_exclusive() -> None:
    schedule = WeeklySchedule.parse(WEEKDAYS)
    assert not schedule.is_open(at(0, "08:59", 59, 999_999))
    assert schedule.is_open(at(0, "09:00"))
    assert schedule.is_open(at(0, "17:29", 59, 999_999))
    assert not schedule.is_open(at(0, "17:30"))


def test_lunch_gap_and_days_not_named_are_closed() -> None:
    schedule = WeeklySchedule.parse(HOURS)
    assert schedule.is_open(at(1, "11:59")) and not schedule.is_open(at(1, "12:00"))
    assert not schedule.is_open(at(1, "12:59")) and schedule.is_open(at(1, "13:00"))
    assert not any(schedule.is_open(at(0, "00:00") + timedelta(minutes=m)) for m in range(0, 24 * 60, 5))  # Monday
    assert schedule.is_open(at(6, "17:59")) and not schedule.is_open(at(6, "18:00"))


def test_a_range_ending_before_it_starts_runs_past_midnight() -> None:
    schedule = WeeklySchedule.parse("fri 18:00-02:00")
    assert not schedule.is_open(at(4, "17:59"))
    assert schedule.is_open(at(4, "18:00")) and schedule.is_open(at(4, "23:59", 59))
    assert schedule.is_open(at(5, "00:00")) and schedule.is_open(at(5, "01:59"))
    assert not schedule.is_open(at(5, "02:00"))
    assert not schedule.is_open(at(3, "01:00"))  # Thursday night does not borrow Friday's hours


def test_sunday_night_runs_into_monday_morning() -> None:
    schedule = WeeklySchedule.parse("sun 22:00-03:00")
    assert schedule.is_open(at(0, "02:59"))  # spill from Sunday 2026-11-29
    assert not schedule.is_open(at(0, "03:00"))
    assert schedule.is_open(at(6, "23:00")) and schedule.is_open(at(7, "01:00"))
    assert schedule.next_change(at(6, "21:00")) == at(6, "22:00")
    assert schedule.next_change(at(6, "23:00")) == at(7, "03:00")
    assert schedule.next_change(at(0, "01:00")) == at(0, "03:00")
    assert schedule.next_change(at(0, "03:00")) == at(6, "22:00")


# --- next change -----------------------------------------------------------------------------------


def test_next_change_is_strictly_later_and_crosses_days() -> None:
    schedule = WeeklySchedule.parse(HOURS)
    assert schedule.next_change(at(0, "10:00")) == at(1, "09:00")
    assert schedule.next_change(at(1, "08:59", 59, 999_999)) == at(1, "09:00")
    assert schedule.next_change(at(1, "09:00")) == at(1, "12:00")
    assert schedule.next_change(at(1, "12:00")) == at(1, "13:00")
    assert schedule.next_change(at(1, "17:30")) == at(2, "09:00")
    assert schedule.next_change(at(4, "18:00")) == at(5, "10:00")


def test_next_change_wraps_round_the_week() -> None:
    assert WeeklySchedule.parse(HOURS).next_change(at(6, "18:00")) == at(8, "09:00")
    once = WeeklySchedule.parse("wed 10:00-11:00")
    assert once.next_change(at(2, "10:30")) == at(2, "11:00")
    assert once.next_change(at(2, "11:00")) == at(9, "10:00")  # a whole week on


def test_no_change_where_ranges_join() -> None:
    overnight = WeeklySchedule.parse("fri 18:00-24:00; sat 00:00-02:00")
    assert overnight.next_change(at(4, "19:00")) == at(5, "02:00")
    over_the_week_end = WeeklySchedule.parse("sun 20:00-24:00; mon 00:00-01:00")
    assert over_the_week_end.next_change(at(6, "21:00")) == at(7, "01:00")
    assert over_the_week_end.next_change(at(0, "00:30")) == at(0, "01:00")
    assert over_the_week_end.next_change(at(0, "01:00")) == at(6, "20:00")


def test_never_open_cannot_be_written_but_behaves() -> None:
    # Empty text means always open, and every rule needs times, so only code can build this one.
    never = WeeklySchedule(())
    assert not never.always_open
    assert not any(never.is_open(at(0) + timedelta(minutes=m)) for m in range(0, WEEK_MIN, 13))
    assert never.next_change(at(2, "12:00")) is None


# --- staff override --------------------------------------------------------------------------------


def hall(text: str, now: datetime) -> tuple[OpeningHours, Clock]:
    clock = Clock(now)
    return OpeningHours(WeeklySchedule.parse(text), clock), clock


def test_without_an_override_the_schedule_rules() -> None:
    hours, clock = hall(WEEKDAYS, at(0, "08:00"))
    assert hours.state() == HallState(open=False, overridden=False, until=at(0, "09:00"))
    clock.set(at(0, "09:00"))
    assert hours.state() == HallState(open=True, overridden=False, until=at(0, "17:30"))
    clock.set(at(4, "17:30"))
    assert hours.state() == HallState(open=False, overridden=False, until=at(7, "09:00"))


def test_closing_early_lasts_until_closing_time_then_the_schedule_reopens_next_morning() -> None:
    hours, clock = hall(WEEKDAYS, at(0, "11:00"))
    hours.override(False)
    # Closed from now until Tuesday's opening: the override ends at 17:30, when the schedule closes anyway.
    assert hours.state() == HallState(open=False, overridden=True, until=at(1, "09:00"))
    clock.set(at(0, "17:29", 59))
    assert hours.state().overridden and not hours.state().open
    clock.set(at(0, "17:30"))
    assert hours.state() == HallState(open=False, overridden=False, until=at(1, "09:00"))
    clock.set(at(1, "09:00"))
    assert hours.state() == HallState(open=True, overridden=False, until=at(1, "17:30"))


def test_opening_at_night_lasts_until_the_scheduled_opening() -> None:
    hours, clock = hall(WEEKDAYS, at(0, "22:00"))
    hours.override(True)
    assert hours.state() == HallState(open=True, overridden=True, until=at(1, "17:30"))
    clock.set(at(1, "08:59"))
    assert hours.state().overridden
    clock.set(at(1, "09:00"))
    assert hours.state() == HallState(open=True, overridden=False, until=at(1, "17:30"))
    clock.set(at(1, "17:30"))
    assert hours.state() == HallState(open=False, overridden=False, until=at(2, "09:00"))


def test_an_override_equal_to_the_schedule_is_a_no_op_that_clears_any_override() -> None:
    hours, _ = hall(WEEKDAYS, at(0, "11:00"))
    hours.override(True)
    assert hours.state() == HallState(open=True, overridden=False, until=at(0, "17:30"))
    hours.override(False)
    assert hours.state().overridden
    hours.override(True)
    assert hours.state() == HallState(open=True, overridden=False, until=at(0, "17:30"))


def test_clear_override_returns_to_the_schedule() -> None:
    hours, _ = hall(WEEKDAYS, at(0, "11:00"))
    hours.override(False)
    hours.clear_override()
    assert hours.state() == HallState(open=True, overridden=False, until=at(0, "17:30"))


def test_with_a_schedule_that_never_changes_an_override_lasts_until_cleared() -> None:
    hours, clock = hall("", at(0, "11:00"))
    assert hours.state() == HallState(open=True, overridden=False, until=None)
    hours.override(False)
    clock.set(at(400, "03:00"))
    assert hours.state() == HallState(open=False, overridden=True, until=None)
    hours.clear_override()
    assert hours.state() == HallState(open=True, overridden=False, until=None)


def test_a_schedule_edit_re_anchors_the_override() -> None:
    hours, clock = hall(WEEKDAYS, at(0, "11:00"))
    hours.override(False)
    hours.set_schedule(WeeklySchedule.parse("mon-fri 09:00-20:00"))
    assert hours.schedule == WeeklySchedule.parse("mon-fri 09:00-20:00")
    clock.set(at(0, "17:30"))
    assert hours.state() == HallState(open=False, overridden=True, until=at(1, "09:00"))
    clock.set(at(0, "20:00"))
    assert hours.state() == HallState(open=False, overridden=False, until=at(1, "09:00"))


def test_a_schedule_edit_that_already_gives_the_overridden_state_drops_the_override() -> None:
    hours, _ = hall(WEEKDAYS, at(0, "11:00"))
    hours.override(False)
    hours.set_schedule(WeeklySchedule.parse("tue-fri 09:00-17:30"))
    assert hours.state() == HallState(open=False, overridden=False, until=at(1, "09:00"))


def test_an_override_that_lapsed_unobserved_is_not_revived_by_a_schedule_edit() -> None:
    hours, clock = hall(WEEKDAYS, at(0, "11:00"))
    hours.override(False)
    clock.set(at(1, "10:00"))  # past Monday's 17:30, and nobody asked for the state
    hours.set_schedule(WeeklySchedule.parse("mon-fri 09:00-18:00"))
    assert hours.state() == HallState(open=True, overridden=False, until=at(1, "18:00"))


def test_the_default_clock_is_the_local_wall_clock() -> None:
    assert OpeningHours(WeeklySchedule.parse("")).state() == HallState(open=True, overridden=False, until=None)
    never = OpeningHours(WeeklySchedule(()))
    never.override(True)
    assert never.state() == HallState(open=True, overridden=True, until=None)


# --- property: against a model of the week in quarter hours ---------------------------------------

QUARTERS = WEEK_MIN // 15


@st.composite
def written_weeks(draw: st.DrawFn) -> tuple[str, list[int]]:
    """Random rules, one per day, on quarter hours, and how many ranges cover each quarter hour of the
    week (2 or more: the rules overlap)."""
    cover = [0] * QUARTERS
    rules = []
    for day in range(7):
        cuts = sorted(draw(st.lists(st.integers(0, 96), unique=True, max_size=6)))
        ranges = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        if ranges and ranges[-1][0] and draw(st.booleans()):  # the last range runs past midnight instead
            ranges[-1] = (ranges[-1][0], draw(st.integers(0, ranges[-1][0] - 1)))
        if not ranges:
            continue
        for start, end in ranges:
            for quarter in range(start, end if end > start else end + 96):
                cover[(day * 96 + quarter) % QUARTERS] += 1
        times = " ".join(f"{s // 4:02}:{s % 4 * 15:02}-{e // 4:02}:{e % 4 * 15:02}" for s, e in ranges)
        rules.append(f"{draw(st.sampled_from([DAYS[day], DAYS[day].upper()]))} {times}")
    separator = draw(st.sampled_from(["; ", ",", " ; "]))
    return separator.join(rules), cover if rules else [1] * QUARTERS


@settings(derandomize=True, max_examples=200, deadline=None)
@given(week=written_weeks(), when=st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31)))
def test_is_open_and_next_change_match_a_model_of_the_week(week: tuple[str, list[int]], when: datetime) -> None:
    text, cover = week
    if max(cover) > 1:
        with pytest.raises(ScheduleError, match="overlaps"):
            WeeklySchedule.parse(text)
        return
    schedule = WeeklySchedule.parse(text)
    now = (when.weekday() * 24 * 60 + when.hour * 60 + when.minute) // 15
    assert schedule.is_open(when) == bool(cover[now])
    ahead = next((k for k in range(1, QUARTERS + 1) if cover[(now + k) % QUARTERS] != cover[now]), None)
    change = schedule.next_change(when)
    if ahead is None:
        assert change is None
        assert schedule.always_open == bool(cover[now])
        return
    assert change == when.replace(minute=when.minute // 15 * 15, second=0, microsecond=0) + timedelta(minutes=15 * ahead)
    assert schedule.is_open(change - timedelta(microseconds=1)) == schedule.is_open(when) != schedule.is_open(change)


def test_a_saved_override_is_restored_only_while_it_is_in_force() -> None:
    schedule = WeeklySchedule.parse("mon-fri 09:00-17:00")
    now = [datetime(2026, 11, 30, 11, 0)]
    hours = OpeningHours(schedule, clock=lambda: now[0])
    hours.override(False)
    saved = hours.saved()
    assert saved == {"open": False, "expires": "2026-11-30T17:00:00"}
    restarted = OpeningHours(schedule, clock=lambda: now[0])
    restarted.restore(saved)
    assert restarted.state().overridden and not restarted.state().open
    now[0] = datetime(2026, 11, 30, 18, 0)  # restarted after the override ended: the schedule rules
    late = OpeningHours(schedule, clock=lambda: now[0])
    late.restore(saved)
    assert not late.state().overridden and late.saved() is None
    for junk in (
        None,
        [],
        {"open": "yes"},
        {"open": True, "expires": "soon"},
        {"open": True, "expires": 17},
        {"open": True, "expires": "2026-11-30T23:00:00+08:00"},  # a time zone: local times only, never a TypeError
    ):
        fresh = OpeningHours(schedule, clock=lambda: now[0])
        reason = fresh.restore(junk)
        assert fresh.saved() is None and reason, junk


OVERRIDE_REASONS = {
    **KIND_REASONS,
    "huge": "is larger than the limit of 4,096 bytes",
    "empty": "is not valid JSON",
}


@pytest.mark.parametrize("kind", kinds())
def test_a_hostile_override_file_is_ignored_with_a_named_reason(tmp_path: Path, kind: str) -> None:
    """A FIFO hung, and /dev/zero filled the memory of, a kiosk restoring its override after the first frame."""
    path = tmp_path / "opening_override.json"
    make_hostile(path, kind)
    hours = OpeningHours(WeeklySchedule.parse("mon-fri 09:00-17:00"), clock=Clock(at(0, "11:00")))
    reason = within(10, lambda: hours.restore_from(path), f"restoring a {kind} override")
    assert reason is not None and reason.startswith(OVERRIDE_REASONS[kind]), reason
    assert hours.saved() is None and hours.state().open  # the schedule rules


def test_an_override_file_restores_and_none_is_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "opening_override.json"
    hours = OpeningHours(WeeklySchedule.parse("mon-fri 09:00-17:00"), clock=Clock(at(0, "11:00")))
    assert hours.restore_from(path) is None and not hours.state().overridden
    path.write_text(json.dumps({"open": False, "expires": "2026-11-30T17:00:00"}), encoding="utf-8")
    assert hours.restore_from(path) is None and hours.state() == HallState(False, True, at(1, "09:00"))


def test_an_override_that_claims_to_end_beyond_the_next_change_is_ignored() -> None:
    """The kiosk saves an override's end as the schedule's next change, always within a week: one that
    ends in the year 9999 would keep the hall closed for ever."""
    hours = OpeningHours(WeeklySchedule.parse("mon-fri 09:00-17:00"), clock=Clock(at(0, "11:00")))
    reason = hours.restore({"open": False, "expires": "9999-12-31T23:59:59"})
    assert reason is not None and "more than a week away" in reason and not hours.state().overridden
    assert hours.restore({"open": False, "expires": (at(0, "11:00") + timedelta(days=7)).isoformat()}) is None  # a week: kept
    assert hours.state().overridden


def test_an_override_saved_without_an_end_under_a_schedule_that_now_changes_ends_at_its_next_change() -> None:
    """Saved while the hall was always open (no end), restored under a schedule edited since: as if set now."""
    hours = OpeningHours(WeeklySchedule.parse("mon-fri 09:00-17:00"), clock=Clock(at(0, "11:00")))
    assert hours.restore({"open": False, "expires": None}) is None
    assert hours.state() == HallState(False, True, at(1, "09:00"))
    assert hours.saved() == {"open": False, "expires": "2026-11-30T17:00:00"}
