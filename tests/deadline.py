"""Run a read that a regression could hang (a FIFO opened without O_NONBLOCK waits for a writer for
ever) in a thread with a deadline, so the test fails instead of hanging the run."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def within(seconds: float, work: Callable[[], T], what: str = "the read") -> T:
    """`work()`'s result, or its exception re-raised; AssertionError if it has not finished in time."""
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the test
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="deadline", daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{what} did not finish in {seconds} s (hung?)"
    ok, value = outcome[0]
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]
