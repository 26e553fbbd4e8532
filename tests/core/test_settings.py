"""The one settings schema: defaults, plain-word refusals, the versioned file and its migration, and
writes that a power cut cannot tear."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.files import write_atomic
from kiosk.core.session import Mode
from kiosk.core.settings import LABELS, SCHEMA, SETTINGS_FILE, SETTINGS_VERSION, Setting, SettingError, Settings, SettingsFileError, setting
from tests.hostile import kinds, make_hostile


def test_defaults_come_from_the_schema(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    assert all(settings[s.name] == s.default for s in SCHEMA)
    assert settings.warnings == []


def test_saved_settings_come_back_and_only_what_differs_is_written(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    settings.set("default_language", "en")
    settings.set("idle_timeout_s", 60)  # the default: nothing to write
    settings.save()
    assert Settings.load(tmp_path)["default_language"] == "en"
    saved = json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert saved == {"version": SETTINGS_VERSION, "values": {"default_language": "en"}}
    assert [p.name for p in tmp_path.iterdir()] == [SETTINGS_FILE]  # no temporary file left behind


def test_a_version_1_file_is_migrated(tmp_path: Path) -> None:
    """Version 1 wrote every value out; values still at their version-1 default were nobody's choice,
    so the current default applies to them; chosen values stay."""
    v1 = {s.name: s.default for s in SCHEMA} | {"idle_timeout_s": 90, "theme": "high_contrast"}
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"version": 1, "values": v1}), encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings.warnings == []
    assert settings["idle_timeout_s"] == 90 and settings["theme"] == "high_contrast"
    assert [s.name for s in SCHEMA if not settings.is_default(s.name)] == ["idle_timeout_s", "theme"]
    settings.save()
    saved = json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert saved == {"version": 2, "values": {"idle_timeout_s": 90, "theme": "high_contrast"}}


def test_a_newer_file_is_used_as_far_as_known_and_kept(tmp_path: Path) -> None:
    newer = {"version": 3, "values": {"idle_timeout_s": 90, "attract_music": "chimes.ogg"}}
    (tmp_path / SETTINGS_FILE).write_text(json.dumps(newer), encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings["idle_timeout_s"] == 90
    assert "newer kiosk (settings version 3)" in settings.warnings[0]
    settings.set("warning_s", 20)
    settings.save()  # a downgrade must not lose what the newer version stored
    saved = json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert saved == {"version": 3, "values": {"attract_music": "chimes.ogg", "idle_timeout_s": 90, "warning_s": 20}}


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"values": {"screen": -3}}),
        json.dumps([1, 2]),
        json.dumps({"version": "two", "values": {}}),
        "[" * 100_000,  # nested past the parser's depth
        b"\xff\xfe{}",  # not UTF-8
    ],
)
def test_a_bad_file_falls_back_to_defaults_with_a_warning(tmp_path: Path, content: str | bytes) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(content if isinstance(content, bytes) else content.encode())
    settings = Settings.load(tmp_path)
    assert settings["screen"] == 0
    assert len(settings.warnings) == 1 and str(tmp_path) in settings.warnings[0]


@given(
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c))
)
@settings(max_examples=150, deadline=None)
def test_no_settings_file_raises(tmp_path_factory: pytest.TempPathFactory, data: object) -> None:
    folder = tmp_path_factory.mktemp("settings")
    for document in (data, {"version": 1, "values": data}, {"version": 2, "values": {"mode": data, "screen": data}}):
        (folder / SETTINGS_FILE).write_text(json.dumps(document), encoding="utf-8")
        settings = Settings.load(folder)  # never raises; whatever cannot be used is a warning
        assert all(setting(s.name).problem_with(settings[s.name]) is None for s in SCHEMA)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("idle_timeout_s", "abc", "idle_timeout_s must be a whole number from 30 to 1800, not 'abc'"),
        ("idle_timeout_s", "5", "idle_timeout_s must be a whole number from 30 to 1800, not 5"),
        ("daily_restart", "4:30", "daily_restart must be a time like 04:30 (or empty: never), not '4:30'"),
        ("mode", "party", "mode must be one of interactive, attract_only, guided, maintenance, not 'party'"),
        ("keep_awake", "maybe", "keep_awake must be on or off, not 'maybe'"),
        ("opening_hours", "mon-fri 9-17", 'opening_hours is not a schedule: "mon-fri 9-17": times must look like HH:MM-HH:MM'),
        ("default_language", "Chinese", "default_language must be a language code such as zh or en"),
    ],
)
def test_refusals_say_what_is_allowed_in_plain_words(name: str, text: str, message: str) -> None:
    with pytest.raises(SettingError) as refused:
        setting(name).parse(text)
    assert str(refused.value).startswith(message)


def test_values_typed_on_the_command_line_are_parsed_by_type() -> None:
    assert setting("idle_timeout_s").parse(" 90 ") == 90
    assert setting("keep_awake").parse("off") is False and setting("attract_enabled").parse("yes") is True
    assert setting("daily_restart").parse("04:30") == "04:30" and setting("daily_restart").parse("") == ""
    with pytest.raises(SettingError, match="there is no setting 'idle'"):
        setting("idle")


def test_choices_are_written_once() -> None:
    assert setting("mode").choices == tuple(mode.value for mode in Mode)


def test_kiosk_home_keeps_everything_in_one_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.core.paths import AppPaths

    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    paths = AppPaths.for_platform()
    assert all(p.is_relative_to(tmp_path) for p in (paths.config, paths.cache, paths.data, paths.logs, paths.runtime))


WRITER = """
import sys
from pathlib import Path
from kiosk.core.files import write_atomic
target = Path(sys.argv[1])
old, new = b"O" * 4_000_000, b"N" * 4_000_000
n = 0
while True:
    write_atomic(target, new if n % 2 else old)
    n += 1
    if n == 3:
        print("writing", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_mid_write_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    """A kill at any moment, like a power cut: never half a file (4 MB writes, killed many times)."""
    target = tmp_path / "settings.json"
    write_atomic(target, b"O" * 4_000_000)
    for attempt in range(8):
        with subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, cwd=Path(__file__).parents[2]) as child:
            assert child.stdout is not None
            assert child.stdout.readline() == b"writing\n"
            time.sleep(0.003 * attempt)  # a different moment of the write cycle each time
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=60)
        data = target.read_bytes()
        assert data in (b"O" * 4_000_000, b"N" * 4_000_000), f"torn file after kill {attempt}: {len(data)} bytes"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    write_atomic(target, "old")

    def broken(handle: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, broken)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["settings.json"]


@pytest.mark.parametrize("kind", kinds())
def test_a_settings_file_that_is_not_a_file_is_named_and_the_defaults_apply(tmp_path: Path, kind: str) -> None:
    """/dev/zero used to fill memory (MemoryError at every start: a crash loop), a FIFO to hang the start."""
    make_hostile(tmp_path / SETTINGS_FILE, kind)
    settings = Settings.load(tmp_path)
    assert all(settings[s.name] == s.default for s in SCHEMA)
    assert settings.unreadable and len(settings.warnings) == 1
    assert f"{tmp_path / SETTINGS_FILE}: unreadable ({settings.unreadable}); using defaults" in settings.warnings[0]
    expected = {
        "fifo": "is a pipe (FIFO), not a file",
        "dev-zero": "is a device, not a file",
        "dev-null": "is a device, not a file",
        "directory": "is a folder, not a file",
        "link-loop": "leads into a loop of links",
        "huge": "is larger than the limit of 1,048,576 bytes",
        "empty": "is not valid JSON",
        "mode-000": "no permission to read it",
    }[kind]
    assert settings.unreadable.startswith(expected)


@pytest.mark.parametrize("content", ["{not json", json.dumps([1, 2]), json.dumps({"version": "two", "values": {}})])
def test_a_file_that_could_not_be_read_is_never_replaced(tmp_path: Path, content: str) -> None:
    """Saving over it would lose every setting written in it: the save is refused, saying why."""
    (tmp_path / SETTINGS_FILE).write_text(content, encoding="utf-8")
    settings = Settings.load(tmp_path)
    settings.set("idle_timeout_s", 90)
    with pytest.raises(SettingsFileError, match=r"could not be read .*so it is not replaced: fix or remove it"):
        settings.save()
    assert (tmp_path / SETTINGS_FILE).read_text(encoding="utf-8") == content


def test_a_value_with_a_nul_character_is_named_not_a_value_error(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"version": 2, "values": {"content": "/tmp/a\u0000b"}}), encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings["content"] == "" and "content must be a path to a folder without a NUL character" in settings.warnings[0]
    with pytest.raises(SettingError, match="without a NUL character"):
        setting("content").parse("/tmp/a\0b")


def test_the_text_to_write_with_other_files_leaves_the_values_as_they_are(tmp_path: Path) -> None:
    settings = Settings(tmp_path, {"theme": "high_contrast"})
    text = settings.encoded({"content": "/srv/content", "theme": "standard"})
    assert json.loads(text) == {"version": SETTINGS_VERSION, "values": {"content": "/srv/content"}}
    assert settings["content"] == "" and settings["theme"] == "high_contrast"
    with pytest.raises(SettingError, match="content must be a whole path"):
        settings.encoded({"content": "relative"})


def test_the_schema_says_all_the_staff_panel_needs_and_its_labels_are_translated() -> None:
    """Each setting staff may change names its control's needs, and pyside6-lupdate found its labels in
    the core (tests/core/test_translations.py keeps the .ts current with the code): each has a translation."""
    import xml.etree.ElementTree as ET

    staff = [s for s in SCHEMA if s.staff]
    assert [s.name for s in staff] == ["mode", "idle_timeout_s", "attract_enabled", "default_language", "reduced_motion", "theme"]
    ts = ET.parse(Path(__file__).resolve().parents[2] / "i18n" / "kiosk_zh.ts").getroot()
    context = next(c for c in ts.iter("context") if c.findtext("name") == LABELS)
    translations = {m.findtext("source"): m.findtext("translation") for m in context.iter("message")}
    for s in staff:
        marked = [s.label, *s.choice_labels.values(), *([s.shown_as] if s.type is int else [])]
        assert all(translations.get(text) for text in marked), s.name
        assert s.choices_from is not None or s.type is not str or set(s.choice_labels) == set(s.choices or ())
    assert translations["{value} s"] == "{value}秒" and translations["On"] == "开"


def test_settings_read_and_write_the_schema_they_are_given(tmp_path: Path) -> None:
    """A later release's setting, in a schema passed in: checked, saved and read back like the others."""
    schema = (*SCHEMA, Setting("volume", int, 40, "Loudness.", minimum=0, maximum=100))
    settings = Settings(tmp_path, {"volume": 60}, schema=schema)
    with pytest.raises(SettingError, match="volume must be a whole number from 0 to 100"):
        settings.set("volume", 101)
    settings.save()
    assert Settings.load(tmp_path, schema=schema)["volume"] == 60
    assert "volume is not a setting; ignored" in Settings.load(tmp_path).warnings[0]  # this release's schema does not know it


def test_a_number_stays_in_its_range() -> None:
    idle = setting("idle_timeout_s")
    assert (idle.clamped(15), idle.clamped(75), idle.clamped(5000)) == (30, 75, 1800)


def test_the_hall_settings_take_a_name_and_whole_folder_paths(tmp_path: Path) -> None:
    from kiosk.core.settings import kiosk_id, setting

    assert setting("kiosk_id").problem_with("hall-2.east") is None
    assert "letters, digits" in str(setting("kiosk_id").problem_with("hall 2/east"))
    assert "whole path" in str(setting("metrics_dir").problem_with("relative/metrics"))
    assert setting("content_inbox").problem_with(str(tmp_path)) is None
    assert kiosk_id("east-3") == "east-3"
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", kiosk_id(""))  # the host name, made to fit
