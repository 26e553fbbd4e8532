"""Every setting once: name, type, default, allowed values and what it is for. The staff panel,
the command line and the settings file all read this schema."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETTINGS_VERSION = 1
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    check: Callable[[Any], str | None] | None = None  # a value-specific check, e.g. a schedule's grammar

    def problem_with(self, value: Any) -> str | None:
        if self.type is int and (isinstance(value, bool) or not isinstance(value, int)):
            return f"must be a whole number, not {value!r}"
        if self.type is str and not isinstance(value, str):
            return f"must be text, not {value!r}"
        if self.type is bool and not isinstance(value, bool):
            return f"must be true or false, not {value!r}"
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            return f"must look like {self.pattern}, not {value!r}"
        if self.choices is not None and value not in self.choices:
            return f"must be one of {', '.join(map(str, self.choices))}, not {value!r}"
        if self.minimum is not None and value < self.minimum:
            return f"must be at least {self.minimum}, not {value!r}"
        if self.maximum is not None and value > self.maximum:
            return f"must be at most {self.maximum}, not {value!r}"
        if self.check is not None:
            return self.check(value)
        return None


SCHEMA: tuple[Setting, ...] = (
    Setting(
        "mode",
        str,
        "interactive",
        "interactive (attract loop when idle), attract_only, guided or maintenance.",
        choices=("interactive", "attract_only", "guided", "maintenance"),
    ),
    Setting("idle_timeout_s", int, 60, "Seconds without a touch before the 'still there?' countdown.", minimum=30, maximum=1800),
    Setting("warning_s", int, 10, "Length of the 'still there?' countdown before the session resets.", minimum=3, maximum=60),
    Setting("attract_enabled", bool, True, "Play the attract loop after a session ends (off: just reset to home)."),
    Setting(
        "daily_restart",
        str,
        "",
        "Restart every day at this local time (HH:MM) while nobody is using it; empty: never.",
        pattern=r"(|([01]\d|2[0-3]):[0-5]\d)",
    ),
    Setting("keep_awake", bool, True, "Keep the screen from blanking or sleeping while the kiosk runs (restored on exit)."),
    Setting("staff_panel_timeout_s", int, 120, "The staff panel closes by itself after this long untouched.", minimum=20, maximum=1800),
    Setting("default_language", str, "", "Language a new visitor sees; empty means the content's default_language."),
    Setting("screen", int, 0, "Index of the display the kiosk fills.", minimum=0, maximum=16),
    Setting("swipe_distance", int, 120, "Finger travel in pixels (at 1080p) that counts as a swipe.", minimum=40, maximum=600),
    Setting("page_transition_ms", int, 280, "Duration of the slide between pages; 0 switches at once.", minimum=0, maximum=1000),
    Setting("chart_animation_ms", int, 1100, "Duration of count-ups and growing bars when a view is entered.", minimum=0, maximum=5000),
    Setting("reduced_motion", bool, False, "Show final states at once: no count-ups, growing bars or slides."),
    Setting(
        "carousel_interval_ms",
        int,
        7000,
        "Time each photo stays before the carousel moves on; 0 = only by hand.",
        minimum=0,
        maximum=120000,
    ),
    Setting("lightbox_timeout_ms", int, 30000, "A photo opened large closes by itself after this long.", minimum=3000, maximum=600000),
    Setting(
        "theme",
        str,
        "standard",
        "standard, or high_contrast: black ground, white text, outlined controls (all text at least 7:1).",
        choices=("standard", "high_contrast"),
    ),
    Setting(
        "opening_hours",
        str,
        "",
        "Weekly opening hours, e.g. 'tue-fri 09:00-12:00 13:00-17:30; sat-sun 10:00-18:00'; empty: always open.",
        check=lambda text: _schedule_problem(text),
    ),
    Setting(
        "closed_display",
        str,
        "dim",
        "Outside opening hours: dim (a dark 'closed' screen with the next opening time) or off (display off).",
        choices=("dim", "off"),
    ),
)
_BY_NAME = {s.name: s for s in SCHEMA}


def _schedule_problem(text: str) -> str | None:
    from kiosk.core.schedule import problem_with

    problem = problem_with(text)
    return problem.removeprefix("opening_hours: ") if problem else None


class Settings:
    """Values by name with schema defaults; `warnings` says what was wrong with the file, if anything."""

    def __init__(self, folder: Path, values: Mapping[str, Any] | None = None) -> None:
        self.folder = folder
        self._values: dict[str, Any] = {s.name: s.default for s in SCHEMA}
        self.warnings: list[str] = []
        for name, value in (values or {}).items():
            self.set(name, value)

    @classmethod
    def load(cls, folder: Path) -> Settings:
        settings = cls(folder)
        path = folder / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            settings.warnings.append(f"{path}: unreadable ({exc}); using defaults")
            return settings
        if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
            settings.warnings.append(f"{path}: not a settings file; using defaults")
            return settings
        for name, value in data["values"].items():
            setting = _BY_NAME.get(name)
            problem = "unknown setting" if setting is None else setting.problem_with(value)
            if problem:
                settings.warnings.append(f"{path}: {name} {problem}; using the default")
            else:
                settings._values[name] = value
        return settings

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def set(self, name: str, value: Any) -> None:
        problem = _BY_NAME[name].problem_with(value)
        if problem:
            raise ValueError(f"{name} {problem}")
        self._values[name] = value

    def save(self) -> None:
        """Write atomically: a power cut leaves the old file or the new one, never half of one."""
        import tempfile

        self.folder.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": SETTINGS_VERSION, "values": self._values}, ensure_ascii=False, indent=2)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.folder / SETTINGS_FILE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
