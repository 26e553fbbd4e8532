"""Visitor sessions, idle time and kiosk modes, driven by an injected clock (seconds, monotonic).

States: INTERACTIVE (a visitor may be there), WARNING (idle long enough: a short "still there?"
countdown), ATTRACT (the loop that draws people in). Busy moments (a finger down, a photo open large)
hold the idle clock. Widgets call `touch`, `set_busy` and `tick`, and act on what `tick` returns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Mode(StrEnum):
    INTERACTIVE = "interactive"  # visitors, with the attract loop when idle (default)
    ATTRACT_ONLY = "attract_only"  # an unattended display: only the staff gesture responds
    GUIDED = "guided"  # a guide presents: no idle timeout, large next/back
    MAINTENANCE = "maintenance"  # diagnostics on screen, no idle timeout


class State(StrEnum):
    INTERACTIVE = "interactive"
    WARNING = "warning"
    ATTRACT = "attract"


class Event(StrEnum):
    WARN = "warn"  # show the countdown
    CONTINUE = "continue"  # a touch during the countdown: carry on, nothing reset
    END_SESSION = "end_session"  # reset views and language, then attract
    WAKE = "wake"  # a touch in the attract loop: to the home view (the touch itself is swallowed)


@dataclass
class SessionConfig:
    idle_timeout_s: float = 60.0
    warning_s: float = 10.0
    attract_enabled: bool = True


class SessionMachine:
    def __init__(self, config: SessionConfig, mode: Mode, now: float) -> None:
        self.config = config
        self.mode = mode
        self.state = State.ATTRACT if mode is Mode.ATTRACT_ONLY else State.INTERACTIVE
        self._last_input = now
        self._busy = False
        self._warned_at = 0.0

    def set_config(self, config: SessionConfig) -> None:
        """Staff changed a timing: it counts from the last input, as if it had always been so."""
        self.config = config

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def idle_applies(self) -> bool:
        return self.mode is Mode.INTERACTIVE

    def set_mode(self, mode: Mode, now: float) -> list[Event]:
        self.mode = mode
        self._last_input = now
        if mode is Mode.ATTRACT_ONLY:
            self.state = State.ATTRACT
            return [Event.END_SESSION]
        if self.state is not State.INTERACTIVE:
            self.state = State.INTERACTIVE
            return [Event.WAKE]
        return []

    def set_busy(self, busy: bool, now: float) -> None:
        """A finger is down or a photo is open large: the idle clock waits."""
        self._busy = busy
        self._last_input = now

    def touch(self, now: float) -> list[Event]:
        """Visitor input. Returns what the touch means; in attract-only mode it means nothing."""
        if self.mode is Mode.ATTRACT_ONLY:
            return []
        self._last_input = now
        if self.state is State.WARNING:
            self.state = State.INTERACTIVE
            return [Event.CONTINUE]
        if self.state is State.ATTRACT:
            self.state = State.INTERACTIVE
            return [Event.WAKE]
        return []

    def start_attract(self, now: float) -> list[Event]:
        """Staff asked for the attract loop now."""
        self.state = State.ATTRACT
        self._last_input = now
        return [Event.END_SESSION]

    def seconds_left(self, now: float) -> float:
        """During WARNING: seconds until the session ends."""
        return max(0.0, self._warned_at + self.config.warning_s - now)

    def tick(self, now: float) -> list[Event]:
        if not self.idle_applies or self._busy:
            if self._busy:
                self._last_input = now
            return []
        idle = now - self._last_input
        if self.state is State.INTERACTIVE and idle >= self.config.idle_timeout_s:
            self.state = State.WARNING
            self._warned_at = now
            return [Event.WARN]
        if self.state is State.WARNING and now - self._warned_at >= self.config.warning_s:
            self.state = State.ATTRACT if self.config.attract_enabled else State.INTERACTIVE
            self._last_input = now
            return [Event.END_SESSION]
        return []
