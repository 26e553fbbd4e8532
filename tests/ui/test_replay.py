"""Replay promises that count-ups and growing bars start from nothing each time a view is entered,
staggered so later ones start later but all end together, and that a duration of 0 (reduced motion)
shows the final state at once, without animating."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.replay import Replay


def _replay(duration_ms: int, count: int = 3, *, stagger: bool = True) -> tuple[Replay, list[list[float]]]:
    replay = Replay(duration_ms, stagger=stagger)
    seen: list[list[float]] = [[] for _ in range(count)]
    for values in seen:
        replay.add(values.append)
    return replay, seen


def test_reduced_motion_shows_the_final_state_at_once(qapp: QApplication) -> None:
    replay, seen = _replay(0)
    replay.play()
    assert not replay.running
    assert seen == [[1.0], [1.0], [1.0]]
    replay.rewind()  # there is no start to show: it stays final
    assert [values[-1] for values in seen] == [1.0, 1.0, 1.0]


def test_a_negative_duration_counts_as_reduced_motion(qapp: QApplication) -> None:
    replay, seen = _replay(-50)
    assert replay.duration_ms == 0
    replay.play()
    assert not replay.running and seen[0] == [1.0]


def test_play_starts_from_nothing_and_runs_to_the_end(qtbot: QtBot) -> None:
    replay, seen = _replay(60)
    replay.play()
    assert [values[0] for values in seen] == [0.0, 0.0, 0.0]
    assert replay.running
    qtbot.waitUntil(lambda: not replay.running)
    assert [values[-1] for values in seen] == pytest.approx([1.0, 1.0, 1.0])


def test_finish_stops_and_shows_the_end_and_rewind_shows_the_start(qapp: QApplication) -> None:
    replay, seen = _replay(10_000)
    replay.play()
    replay.finish()
    assert not replay.running and [values[-1] for values in seen] == [1.0, 1.0, 1.0]
    replay.rewind()
    assert not replay.running and [values[-1] for values in seen] == [0.0, 0.0, 0.0]


def test_later_targets_start_later_and_all_end_together(qapp: QApplication) -> None:
    replay, seen = _replay(1000)
    replay.seek(0.3)
    first, second, third = (values[-1] for values in seen)
    assert first > second > third >= 0.0
    replay.seek(1.0)
    assert [values[-1] for values in seen] == [1.0, 1.0, 1.0]


def test_without_stagger_every_target_moves_together(qapp: QApplication) -> None:
    replay, seen = _replay(1000, stagger=False)
    replay.seek(0.3)
    assert [values[-1] for values in seen] == [0.3, 0.3, 0.3]


def test_a_changed_duration_applies_to_the_next_play(qapp: QApplication) -> None:
    replay, seen = _replay(10_000)
    replay.duration_ms = 0  # the visitor asked for less motion
    replay.play()
    assert not replay.running and seen[0] == [1.0]
