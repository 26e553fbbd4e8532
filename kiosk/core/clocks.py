"""The two clocks the kiosk reads, passed in wherever time matters, so tests and snapshots can run an
afternoon of visitors in milliseconds: `monotonic` (seconds; idle time, countdowns, uptime) and `wall`
(local date and time; opening hours, the daily restart, visitor records, the PIN lock-out)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Clocks:
    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], datetime] = datetime.now

    def wall_seconds(self) -> float:
        """The wall clock as seconds since the epoch (what a lock-out saved to disk is measured in)."""
        return self.wall().timestamp()


SYSTEM_CLOCKS = Clocks()
