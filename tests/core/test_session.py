from __future__ import annotations

from kiosk.core.session import Event, Mode, SessionConfig, SessionMachine, State


def run(machine: SessionMachine, start: float, end: float, step: float = 0.25) -> list[tuple[float, Event]]:
    events = []
    t = start
    while t <= end:
        events += [(t, e) for e in machine.tick(t)]
        t = round(t + step, 6)
    return events


def test_idle_warns_then_ends_the_session_then_attracts() -> None:
    m = SessionMachine(SessionConfig(idle_timeout_s=60, warning_s=10), Mode.INTERACTIVE, now=0)
    assert run(m, 0, 59.75) == []
    assert run(m, 60, 60) == [(60, Event.WARN)]
    assert m.state is State.WARNING and m.seconds_left(63) == 7
    assert run(m, 60.25, 70) == [(70, Event.END_SESSION)]
    assert m.state is State.ATTRACT
    assert run(m, 70.25, 500) == []  # the attract loop runs until someone comes


def test_a_touch_during_the_countdown_continues_the_session() -> None:
    m = SessionMachine(SessionConfig(idle_timeout_s=30, warning_s=10), Mode.INTERACTIVE, now=0)
    run(m, 0, 30)
    assert m.touch(35) == [Event.CONTINUE] and m.state is State.INTERACTIVE
    assert run(m, 35.25, 64.75) == []
    assert run(m, 65, 65) == [(65, Event.WARN)]


def test_a_touch_in_attract_wakes() -> None:
    m = SessionMachine(SessionConfig(idle_timeout_s=30, warning_s=5), Mode.INTERACTIVE, now=0)
    run(m, 0, 40)
    assert m.state is State.ATTRACT
    assert m.touch(100) == [Event.WAKE] and m.state is State.INTERACTIVE
    assert m.touch(101) == []


def test_busy_visitor_holds_the_clock() -> None:
    m = SessionMachine(SessionConfig(idle_timeout_s=30, warning_s=5), Mode.INTERACTIVE, now=0)
    m.set_busy(True, 10)  # a photo open large, or a finger down
    assert run(m, 10, 200) == []
    m.set_busy(False, 200)
    assert run(m, 200, 229.75) == []
    assert run(m, 230, 230) == [(230, Event.WARN)]


def test_attract_only_ignores_touches_and_guided_never_idles() -> None:
    only = SessionMachine(SessionConfig(), Mode.ATTRACT_ONLY, now=0)
    assert only.state is State.ATTRACT and only.touch(5) == [] and only.state is State.ATTRACT
    guided = SessionMachine(SessionConfig(idle_timeout_s=30), Mode.GUIDED, now=0)
    assert run(guided, 0, 3600, step=5) == []
    maintenance = SessionMachine(SessionConfig(idle_timeout_s=30), Mode.MAINTENANCE, now=0)
    assert run(maintenance, 0, 600, step=5) == []


def test_without_attract_the_session_still_resets() -> None:
    m = SessionMachine(SessionConfig(idle_timeout_s=30, warning_s=5, attract_enabled=False), Mode.INTERACTIVE, now=0)
    events = run(m, 0, 40)
    assert [e for _, e in events] == [Event.WARN, Event.END_SESSION]
    assert m.state is State.INTERACTIVE


def test_staff_mode_changes_and_attract_now() -> None:
    m = SessionMachine(SessionConfig(), Mode.INTERACTIVE, now=0)
    assert m.start_attract(1) == [Event.END_SESSION] and m.state is State.ATTRACT
    assert m.set_mode(Mode.GUIDED, 2) == [Event.WAKE] and m.state is State.INTERACTIVE
    assert m.set_mode(Mode.ATTRACT_ONLY, 3) == [Event.END_SESSION] and m.state is State.ATTRACT
