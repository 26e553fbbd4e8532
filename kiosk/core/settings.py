"""Every setting once: its name, type, default, allowed values and what it is for. The staff panel, the
command line (`kiosk config`, `--screen`) and the settings file all read this schema; the running kiosk
announces each change by the setting's name (kiosk/ui/live.py), and whatever uses a setting listens.

The file is versioned. Version 2 keeps only what differs from the defaults, so an improved default in a
new release reaches every hall that never changed it; a version 1 file (every value written out) is
migrated when read.

A file that cannot be read as settings (not JSON, not a regular file, too large) is never replaced: the
kiosk runs on the defaults and says why, and saving refuses until someone fixes or removes it, so no
setting written in it is lost by a save."""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.files import describe, read_json
from kiosk.core.session import Mode

SETTINGS_VERSION = 2
SETTINGS_FILE = "settings.json"
SETTINGS_MAX_BYTES = 1024 * 1024  # a few hundred bytes in use; a larger file is not ours


class SettingError(ValueError):
    """A value a setting does not take; the message names the setting and says what it does take."""


class SettingsFileError(OSError):
    """The settings file could not be read, so it is not replaced; `strerror` says why and what to do."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name pyside6-lupdate looks for
    """Marks `text` for translation in `context` without importing Qt (the core stays Qt-free):
    pyside6-lupdate finds the call by its name, and the UI shows QCoreApplication.translate(context, text)."""
    del context
    return text


LABELS = "Settings"  # the translation context of the labels below
CONTENT_LANGUAGES = "content_languages"  # choices_from: the languages of the content shown


@dataclass(frozen=True)
class Setting:
    """One setting. `staff=True` puts it in the staff panel, which needs only this entry: a switch for
    on/off, segments for the choices (or the content's languages), a stepper for a whole number."""

    name: str
    type: type
    default: Any
    description: str
    choices: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    check: Callable[[Any], str | None] | None = None  # what is wrong with a value of the right type, if anything
    staff: bool = False  # staff may change it in the staff panel
    label: str = ""  # its name in the staff panel, marked with QT_TRANSLATE_NOOP("Settings", ...)
    choice_labels: Mapping[str, str] = field(default_factory=dict, hash=False)  # each choice's name, marked the same way
    choices_from: str | None = None  # choices known only at run time (CONTENT_LANGUAGES); the panel offers those
    step: int | None = None  # what the panel's - and + change a number by
    shown_as: str = "{value}"  # how the panel shows a number, marked for translation ("{value} s")

    def __post_init__(self) -> None:
        problem = self._panel_problem()
        if problem:
            raise ValueError(f"setting {self.name}: {problem}")

    def _panel_problem(self) -> str | None:
        """What the staff panel would lack to show this setting; a mistake in the schema, found at import."""
        if not set(self.choice_labels) <= set(self.choices or ()):
            return "choice_labels name values that are not choices"
        if not self.staff:
            return None
        if not self.label:
            return "staff=True needs a label"
        if self.type is int and (self.minimum is None or self.maximum is None or not self.step):
            return "a number in the staff panel needs minimum, maximum and step"
        if self.type is str and self.choices is None and self.choices_from is None:
            return "text in the staff panel needs choices or choices_from"
        if self.type not in (bool, int, str):
            return f"the staff panel has no control for {self.type.__name__}"
        return None

    def clamped(self, value: int) -> int:
        """`value` moved into this number's range."""
        low = self.minimum if self.minimum is not None else value
        high = self.maximum if self.maximum is not None else value
        return max(low, min(high, value))

    def problem_with(self, value: Any) -> str | None:
        """None when `value` is allowed, else what the setting takes, in plain words."""
        if self.type is int:
            whole = isinstance(value, int) and not isinstance(value, bool)
            if not whole or (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                return f"must be a whole number from {self.minimum} to {self.maximum}, not {_quoted(value)}"
            return None
        if self.type is bool:
            return None if isinstance(value, bool) else f"must be on or off, not {_quoted(value)}"
        if not isinstance(value, str):
            return f"must be text, not {_quoted(value)}"
        if self.choices is not None and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}, not {_quoted(value)}"
        return self.check(value) if self.check is not None else None

    def parse(self, text: str) -> Any:
        """A value typed on the command line, checked; raises SettingError saying what is allowed."""
        value: Any = text
        if self.type is int:
            try:
                value = int(text.strip())
            except ValueError:
                value = text
        elif self.type is bool:
            value = _BOOLEAN_WORDS.get(text.strip().lower(), text)
        problem = self.problem_with(value)
        if problem:
            raise SettingError(f"{self.name} {problem}")
        return value

    def allowed(self) -> str:
        """What `kiosk config` lists beside the value."""
        if self.choices is not None:
            return " | ".join(self.choices)
        if self.type is int:
            return f"{self.minimum}..{self.maximum}"
        if self.type is bool:
            return "on | off"
        return ""


_BOOLEAN_WORDS = {"on": True, "true": True, "yes": True, "1": True, "off": False, "false": False, "no": False, "0": False}


def _quoted(value: Any) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _time_of_day(value: str) -> str | None:
    if value == "" or re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return None
    return f"must be a time like 04:30 (or empty: never), not {value!r}"


def _language_code(value: str) -> str | None:
    if value == "" or re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", value):
        return None
    return f"must be a language code such as zh or en (or empty: the content's default), not {value!r}"


def _folder(value: str) -> str | None:
    if "\0" in value:
        return "must be a path to a folder without a NUL character"
    if value == "" or Path(value).is_absolute():
        return None
    example = "D:\\hall-content or /home/kiosk/content"
    return f"must be a whole path to a folder (like {example}), or empty, not {value!r}"


def _kiosk_id(value: str) -> str | None:
    if value == "" or re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}", value):
        return None
    return f"must be 1-63 letters, digits, '.', '_' or '-' starting with a letter or digit (or empty: the host name), not {value!r}"


def kiosk_id(value: str) -> str:
    """The kiosk's name in a hall: the `kiosk_id` setting, or the host name (made to fit the same rule)."""
    if value:
        return value
    import socket

    name = re.sub(r"[^A-Za-z0-9._-]", "-", socket.gethostname()).strip("-._")[:63]
    return name or "kiosk"


def _schedule(value: str) -> str | None:
    from kiosk.core.schedule import problem_with  # the grammar lives with the schedule

    problem = problem_with(value)
    return f"is not a schedule: {problem.removeprefix('opening_hours: ')}" if problem else None


SCHEMA: tuple[Setting, ...] = (
    Setting(
        "mode",
        str,
        Mode.INTERACTIVE.value,
        "interactive (attract loop when idle), attract_only, guided or maintenance.",
        choices=tuple(mode.value for mode in Mode),
        staff=True,
        label=QT_TRANSLATE_NOOP("Settings", "Mode"),
        choice_labels={
            Mode.INTERACTIVE.value: QT_TRANSLATE_NOOP("Settings", "Interactive"),
            Mode.ATTRACT_ONLY.value: QT_TRANSLATE_NOOP("Settings", "Attract only"),
            Mode.GUIDED.value: QT_TRANSLATE_NOOP("Settings", "Guided"),
            Mode.MAINTENANCE.value: QT_TRANSLATE_NOOP("Settings", "Maintenance"),
        },
    ),
    Setting(
        "idle_timeout_s",
        int,
        60,
        "Seconds without a touch before the 'still there?' countdown.",
        minimum=30,
        maximum=1800,
        staff=True,
        label=QT_TRANSLATE_NOOP("Settings", "Idle timeout"),
        step=15,
        shown_as=QT_TRANSLATE_NOOP("Settings", "{value} s"),
    ),
    Setting("warning_s", int, 10, "Length of the 'still there?' countdown before the session resets.", minimum=3, maximum=60),
    Setting(
        "attract_enabled",
        bool,
        True,
        "Play the attract loop after a session ends (off: just reset to home).",
        staff=True,
        label=QT_TRANSLATE_NOOP("Settings", "Attract loop"),
    ),
    Setting(
        "daily_restart",
        str,
        "",
        "Restart every day at this local time (HH:MM, e.g. 04:30) while nobody is using it; empty: never.",
        check=_time_of_day,
    ),
    Setting("keep_awake", bool, True, "Keep the screen from blanking or sleeping while the kiosk runs (restored on exit)."),
    Setting("staff_panel_timeout_s", int, 120, "The staff panel closes by itself after this long untouched.", minimum=20, maximum=1800),
    Setting(
        "default_language",
        str,
        "",
        "Language a new visitor sees (zh, en, ...); empty means the content's default_language.",
        check=_language_code,
        staff=True,
        label=QT_TRANSLATE_NOOP("Settings", "Default language"),
        choices_from=CONTENT_LANGUAGES,
    ),
    Setting("screen", int, 0, "Index of the display the kiosk fills (0 is the first).", minimum=0, maximum=16),
    Setting("swipe_distance", int, 120, "Finger travel in pixels (at 1080p) that counts as a swipe.", minimum=40, maximum=600),
    Setting("page_transition_ms", int, 280, "Duration of the slide between pages; 0 switches at once.", minimum=0, maximum=1000),
    Setting("chart_animation_ms", int, 1100, "Duration of count-ups and growing bars when a view is entered.", minimum=0, maximum=5000),
    Setting(
        "reduced_motion",
        bool,
        False,
        "Show final states at once: no count-ups, growing bars, slides or pan-and-zoom.",
        staff=True,
        label=QT_TRANSLATE_NOOP("Settings", "Reduced motion"),
    ),
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
        staff=True,
        label=QT_TRANSLATE_NOOP("Settings", "Theme"),
        choice_labels={
            "standard": QT_TRANSLATE_NOOP("Settings", "Standard"),
            "high_contrast": QT_TRANSLATE_NOOP("Settings", "High contrast"),
        },
    ),
    Setting(
        "opening_hours",
        str,
        "",
        "Weekly opening hours, e.g. 'tue-fri 09:00-12:00 13:00-17:30; sat-sun 10:00-18:00'; empty: always open.",
        check=_schedule,
    ),
    Setting(
        "content",
        str,
        "",
        "Folder of the content to show (an edited copy, or one installed from a USB stick); empty: the bundled "
        "content. `--content DIR` chooses another for one run. A folder that does not validate is refused and "
        "the current content stays.",
        check=_folder,
    ),
    Setting(
        "hang_restart_s",
        int,
        30,
        "kiosk --supervise kills and restarts a kiosk whose event loop has shown no sign of life for this many seconds "
        "(under systemd the unit's WatchdogSec does the same).",
        minimum=10,
        maximum=600,
    ),
    Setting(
        "closed_display",
        str,
        "dim",
        "Outside opening hours: dim (a dark 'closed' screen with the next opening time) or off (display off).",
        choices=("dim", "off"),
    ),
    Setting(
        "kiosk_id",
        str,
        "",
        "This kiosk's name in a hall (metrics, exports, reports): letters, digits, '.', '_' or '-'; empty: the host name.",
        check=_kiosk_id,
    ),
    Setting(
        "metrics_dir",
        str,
        "",
        "Folder where the kiosk writes lna_kiosk.prom every 30 s for Prometheus' textfile collector (node_exporter, "
        "windows_exporter); empty: no metrics.",
        check=_folder,
    ),
    Setting(
        "content_inbox",
        str,
        "",
        "Folder the kiosk watches for signed content packs (a network share, a synced folder or a USB stick); empty: none.",
        check=_folder,
    ),
    Setting(
        "content_keys",
        str,
        "",
        "Folder of trusted public keys (minisign .pub files): a pack from the inbox must be signed by one of them.",
        check=_folder,
    ),
)
_BY_NAME = {s.name: s for s in SCHEMA}


def setting(name: str) -> Setting:
    """The schema entry; raises SettingError naming the settings there are."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise SettingError(f"there is no setting {name!r}; the settings are {', '.join(_BY_NAME)}") from None


# Version 1 wrote every value out, defaults included; these were its defaults. A value still equal to
# one of them was never chosen by anybody, so it is dropped and the current default applies.
_V1_DEFAULTS: dict[str, Any] = {
    "mode": "interactive",
    "idle_timeout_s": 60,
    "warning_s": 10,
    "attract_enabled": True,
    "daily_restart": "",
    "keep_awake": True,
    "staff_panel_timeout_s": 120,
    "default_language": "",
    "screen": 0,
    "swipe_distance": 120,
    "page_transition_ms": 280,
    "chart_animation_ms": 1100,
    "reduced_motion": False,
    "carousel_interval_ms": 7000,
    "lightbox_timeout_ms": 30000,
    "theme": "standard",
    "opening_hours": "",
    "closed_display": "dim",
}


def _v1_to_v2(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if not (name in _V1_DEFAULTS and _V1_DEFAULTS[name] == value)}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}  # from version N to N + 1


class Settings:
    """Values by name with schema defaults. `warnings` says what was wrong with the file, if anything;
    whatever could not be used was ignored, never raised."""

    def __init__(self, folder: Path, values: Mapping[str, Any] | None = None, *, schema: tuple[Setting, ...] = SCHEMA) -> None:
        self.folder = folder
        self.schema = schema  # SCHEMA, or (in a test) SCHEMA with a setting added: whatever reads settings reads this
        self._by_name = _BY_NAME if schema is SCHEMA else {s.name: s for s in schema}
        self._chosen: dict[str, Any] = {}
        self._newer: dict[str, Any] = {}  # values a newer kiosk wrote: kept, and written back untouched
        self._version = SETTINGS_VERSION
        self.warnings: list[str] = []
        self.unreadable: str | None = None  # why the file could not be read (it is then never replaced)
        for name, value in (values or {}).items():
            self.set(name, value)

    @property
    def path(self) -> Path:
        return self.folder / SETTINGS_FILE

    def spec(self, name: str) -> Setting:
        """The schema entry; raises SettingError naming the settings there are."""
        try:
            return self._by_name[name]
        except KeyError:
            raise SettingError(f"there is no setting {name!r}; the settings are {', '.join(self._by_name)}") from None

    @classmethod
    def load(cls, folder: Path, *, schema: tuple[Setting, ...] = SCHEMA) -> Settings:
        """Never raises: whatever cannot be used is a warning, and the defaults apply."""
        settings = cls(folder, schema=schema)
        path = settings.path
        try:
            data = read_json(path, SETTINGS_MAX_BYTES)
        except FileNotFoundError:
            return settings
        except OSError as exc:
            return settings._unusable(describe(exc))
        if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
            return settings._unusable("not a settings file")
        version = data.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            return settings._unusable(f"version {version!r} is not a settings version")
        values: dict[str, Any] = dict(data["values"])
        for step in range(version, SETTINGS_VERSION):
            values = MIGRATIONS[step](values)
        if version > SETTINGS_VERSION:
            settings.warnings.append(
                f"{path}: written by a newer kiosk (settings version {version}); using the settings this version knows"
            )
            settings._version = version
        for name, value in values.items():
            known = settings._by_name.get(name)
            if known is None:
                if version > SETTINGS_VERSION:
                    settings._newer[name] = value
                else:
                    settings.warnings.append(f"{path}: {name} is not a setting; ignored")
                continue
            problem = known.problem_with(value)
            if problem:
                settings.warnings.append(f"{path}: {name} {problem}; using the default, {_quoted(known.default)}")
            else:
                settings._store(name, value)
        return settings

    def _unusable(self, reason: str) -> Settings:
        self.unreadable = reason
        self.warnings.append(f"{self.path}: unreadable ({reason}); using defaults, and the file is left as it is")
        return self

    def __getitem__(self, name: str) -> Any:
        return self._chosen.get(name, self.spec(name).default)

    def is_default(self, name: str) -> bool:
        return name not in self._chosen

    def set(self, name: str, value: Any) -> None:
        """Raises SettingError when the schema does not allow `value`."""
        problem = self.spec(name).problem_with(value)
        if problem:
            raise SettingError(f"{name} {problem}")
        self._store(name, value)

    def _store(self, name: str, value: Any) -> None:
        if value == self._by_name[name].default:
            self._chosen.pop(name, None)
        else:
            self._chosen[name] = value

    def encoded(self, changes: Mapping[str, Any] | None = None) -> str:
        """The file's text, with `changes` applied to it only (this object keeps its values): what a
        caller writes together with other files. Raises SettingError for a value the schema refuses,
        SettingsFileError when the file on disk could not be read (it must not be replaced)."""
        if self.unreadable is not None:
            raise SettingsFileError(
                self.path, f"could not be read ({self.unreadable}), so it is not replaced: fix or remove it, then try again"
            )
        chosen = dict(self._chosen)
        for name, value in (changes or {}).items():
            problem = self.spec(name).problem_with(value)
            if problem:
                raise SettingError(f"{name} {problem}")
            if value == self._by_name[name].default:
                chosen.pop(name, None)
            else:
                chosen[name] = value
        values = {**self._newer, **chosen}
        return json.dumps({"version": self._version, "values": values}, ensure_ascii=False, indent=2) + "\n"

    def save(self) -> None:
        """Atomically. Raises OSError when the disk refuses (then the file is as it was), SettingsFileError
        when the file there could not be read. Through FileSet rather than write_atomic: once the new
        file is renamed in, a failure to fsync its folder is no reason to say it was not saved."""
        from kiosk.core.file_set import FileSet  # here: it imports tempfile, which the first frame does not need

        text = self.encoded()
        with FileSet() as saving:
            saving.stage(self.path, text)
            saving.commit()
