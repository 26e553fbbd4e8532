"""The real program in a subprocess: exhibitor commands, fallback content and a single instance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.process import REPO, run_kiosk


def test_check_passes_on_the_bundled_content(kiosk_home: Path) -> None:
    result = run_kiosk("check", env_home=kiosk_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content, translations, photos and font: OK" in result.stdout


def test_a_second_check_remembers_unchanged_photos_and_still_names_a_changed_one(kiosk_home: Path, content_copy: Path) -> None:
    first = run_kiosk("check", "--content", str(content_copy), env_home=kiosk_home)
    assert first.returncode == 0 and "unchanged since the last check" not in first.stdout, first.stdout + first.stderr
    photo = content_copy / "photos" / "qixia-lake" / "02-morning.jpg"
    photo.write_bytes(photo.read_bytes()[:3000])
    second = run_kiosk("check", "--content", str(content_copy), env_home=kiosk_home)
    assert second.returncode == 1
    assert "unchanged since the last check" in second.stdout
    assert "02-morning.jpg: the JPEG is cut off after 3,000 bytes" in second.stdout


def test_check_takes_an_album_of_2000_photos_and_names_the_one_broken_among_them(kiosk_home: Path, content_copy: Path) -> None:
    from PIL import Image

    folder = content_copy / "photos" / "many"
    folder.mkdir()
    photos = []
    for i in range(2000):
        Image.new("RGB", (64, 48), (i % 256, i // 256 * 20, 90)).save(folder / f"{i:04}.jpg", quality=80)
        photos.append({"id": f"many-{i}", "file": f"photos/many/{i:04}.jpg", "caption": {"zh": "照片", "en": "A photo"}})
    (folder / "1234.jpg").write_bytes((folder / "1234.jpg").read_bytes()[:200])
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    data["albums"][0]["photos"] += photos
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_kiosk("check", "--content", str(content_copy), env_home=kiosk_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 problem(s)" in result.stdout and "1234.jpg: the JPEG is cut off after 200 bytes" in result.stdout
    assert f"photos: {len(photos) + 12} of {len(photos) + 13} decoded" in result.stdout


def test_check_names_each_problem_and_fails(kiosk_home: Path, content_copy: Path) -> None:
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    data["pillars"][2]["indicators"][0]["value"] = "five"
    data["pillars"][0]["headline"]["zh"] = "鱻鱻之城 𠀀"  # characters the font subset does not have
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_kiosk("check", "--content", str(content_copy), env_home=kiosk_home)
    assert result.returncode == 1
    assert "content.json: pillars[2].indicators[0].value: must be a number, not text" in result.stdout
    assert (
        "content.json: pillars[0].headline.zh: '鱻鱻之城 𠀀' has 鱻 (U+9C7B), 𠀀 (U+20000), which the kiosk's font cannot draw"
        in result.stdout
    )
    assert "make_font_subset.py to add them to the font" in result.stdout  # run from a checkout: the tool is there
    assert "2 problem(s)" in result.stdout


def test_content_the_font_cannot_draw_is_refused_alike_by_check_install_content_and_config(kiosk_home: Path, tmp_path: Path) -> None:
    """`check` refused 龘 in a caption; `install-content` installed it with exit status 0."""
    from tests.tofu import TOFU, tofu_folder, tofu_path

    folder = tofu_folder(tmp_path / "stick" / "content")
    check = run_kiosk("check", "--content", str(folder), env_home=kiosk_home)
    assert check.returncode == 1 and f"  {tofu_path()}: '" in check.stdout and "1 problem(s)" in check.stdout
    line = next(line for line in check.stdout.splitlines() if tofu_path() in line)
    installed = run_kiosk("install-content", str(folder), env_home=kiosk_home)
    assert installed.returncode == 1 and "nothing installed" in installed.stderr
    assert line in installed.stderr.splitlines() and TOFU in line and "write it with other characters" in line
    assert not (kiosk_home / "data" / "installed-content").exists()
    configured = run_kiosk("config", "content", str(folder), env_home=kiosk_home)
    assert configured.returncode == 1 and line in configured.stderr.splitlines()


def test_the_font_advice_fits_where_the_kiosk_runs_from(tmp_path: Path) -> None:
    """A hall's bundle has no tools/: it must not send an exhibitor to a script that is not there."""
    from kiosk.cli import font_advice

    assert "ask whoever builds this kiosk" in font_advice(tmp_path / "tools") and "run " not in font_advice(tmp_path / "tools")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "make_font_subset.py").write_text("", encoding="utf-8")
    assert font_advice(tmp_path / "tools").startswith(f"run {tmp_path / 'tools' / 'make_font_subset.py'}")


def test_schema_is_printed_as_json(kiosk_home: Path) -> None:
    result = run_kiosk("schema", env_home=kiosk_home)
    assert result.returncode == 0
    assert json.loads(result.stdout)["$defs"]["Indicator"]["properties"]["qualifier"]["enum"][1] == "more_than"


def test_snapshot_writes_every_page_in_every_language(kiosk_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    result = run_kiosk("snapshot", "--out", str(out), "--size", "1280x720", env_home=kiosk_home)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert (
        len(names) == 50  # 6 pages, 4 accessibility views, 5 modes and states, 10 overlays, in two languages
        and "1-industry-zh-1280x720.png" in names
        and "9-visitor-insight-zh-1280x720.png" in names
        and "8-high-contrast-1-en-1280x720.png" in names
        and "9-staff-panel-en-1280x720.png" in names
        and "9-content-usb-problems-zh-1280x720.png" in names
        and "9-preview-problems-en-1280x720.png" in names
        and "5-synergy-en-1280x720.png" in names
    )
    # Each page is its own picture (not, say, the attract loop in front of all of them).
    pictures = {(out / name).read_bytes() for name in names if name[0] in "012345"}
    assert len(pictures) == 12
    for name in names:  # complete and not blank
        with Image.open(out / name) as image:
            assert image.size == (1280, 720)
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
            assert colours is not None and len(colours) > 500, f"{name} looks blank"
    assert not (kiosk_home / "config").exists() and not (kiosk_home / "data").exists()  # nothing of this computer's touched


def test_broken_exhibitor_content_falls_back_to_the_bundled_content(kiosk_home: Path, content_copy: Path) -> None:
    (content_copy / "content.json").write_text("{ broken", encoding="utf-8")
    result = run_kiosk("--content", str(content_copy), "--windowed", "--first-frame-report", env_home=kiosk_home)
    assert result.returncode == 0, result.stderr
    assert "showing the bundled content" in result.stderr
    assert "content.json: is not valid JSON" in result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["charts_built"] is True  # the bundled content, shown whole


def test_config_lists_and_changes_settings_in_plain_words(kiosk_home: Path) -> None:
    listed = run_kiosk("config", env_home=kiosk_home)
    assert listed.returncode == 0
    assert "idle_timeout_s = 60  (30..1800)" in listed.stdout and 'mode = "interactive"' in listed.stdout
    refused = run_kiosk("config", "idle_timeout_s", "abc", env_home=kiosk_home)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "kiosk: idle_timeout_s must be a whole number from 30 to 1800, not 'abc'"
    refused = run_kiosk("config", "daily_restart", "4:30", env_home=kiosk_home)
    assert "daily_restart must be a time like 04:30" in refused.stderr and "(|" not in refused.stderr
    changed = run_kiosk("config", "idle_timeout_s", "90", env_home=kiosk_home)
    assert changed.returncode == 0 and "idle_timeout_s = 90" in changed.stdout
    saved = json.loads((kiosk_home / "config" / "settings.json").read_text(encoding="utf-8"))
    assert saved == {"version": 2, "values": {"idle_timeout_s": 90}}
    unknown = run_kiosk("config", "idle", "90", env_home=kiosk_home)
    assert unknown.returncode == 2 and "there is no setting 'idle'" in unknown.stderr


def test_every_command_says_what_it_does() -> None:
    from kiosk.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) >= {"check", "snapshot", "schema", "set-pin", "config", "soak", "storm", "export", "bench", "stop"}
    assert "--first-frame-report" in parser.format_help() and "--supervise" in parser.format_help()
    for name, command in commands.items():
        assert command.description and len(command.description) > 30, f"kiosk {name} has no description"
        assert command.format_help().count("\n") > 3


def test_a_second_kiosk_says_so_and_exits(kiosk_home: Path) -> None:
    env = {**os.environ, "KIOSK_HOME": str(kiosk_home), "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--windowed"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as first:
        _second_start_is_refused(first, kiosk_home)


def _second_start_is_refused(first: subprocess.Popen[str], kiosk_home: Path) -> None:
    try:
        log = kiosk_home / "logs" / "kiosk.log"
        deadline = time.monotonic() + 60
        while not (log.is_file() and "kiosk started" in log.read_text(encoding="utf-8")):
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            assert time.monotonic() < deadline, "first kiosk did not start"
            time.sleep(0.1)
        second = run_kiosk("--windowed", env_home=kiosk_home, timeout=60)
        assert second.returncode == 3
        assert "another kiosk is already running" in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=30)


CONSOLE_SCRIPT = Path(sys.executable).parent / ("kiosk.exe" if sys.platform == "win32" else "kiosk")


@pytest.mark.skipif(not CONSOLE_SCRIPT.is_file(), reason="the console script is installed by pip install .")
def test_installed_console_script_finds_its_bundled_files(kiosk_home: Path, tmp_path: Path) -> None:
    """Run from elsewhere, so the installed package (a wheel in CI) is used, not this checkout."""
    env = {**os.environ, "KIOSK_HOME": str(kiosk_home), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ""}
    where = subprocess.run(
        [str(CONSOLE_SCRIPT.parent / "python"), "-c", "import kiosk; print(kiosk.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout
    result = subprocess.run([str(CONSOLE_SCRIPT), "check"], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content, translations, photos and font: OK" in result.stdout
    if "site-packages" in where:  # a wheel install: bundled files must be inside the package
        assert str(Path(where).parent / "assets" / "content") in result.stdout


def test_self_test_passes_from_source(kiosk_home: Path) -> None:
    result = run_kiosk("--self-test", env_home=kiosk_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout and "every view renders in every language (with charts)" in result.stdout


def test_self_test_fails_with_the_reason(kiosk_home: Path, content_copy: Path) -> None:
    (content_copy / "photos" / "qixia-lake" / "02-morning.jpg").write_bytes(b"")
    result = run_kiosk("--self-test", "--content", str(content_copy), env_home=kiosk_home)
    assert result.returncode == 1
    assert "FAIL 13 photos decode: albums[1].photos[1]: 02-morning.jpg: the file is empty" in result.stdout


def test_the_self_test_reads_the_visitor_records_and_never_moves_them(kiosk_home: Path) -> None:
    """It may run beside the kiosk: only the kiosk, the writer, sets a broken database aside."""
    database = kiosk_home / "data" / "insight.db"
    database.parent.mkdir(parents=True)
    database.write_bytes(b"not a database" * 100)
    result = run_kiosk("--self-test", env_home=kiosk_home)
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "visitor records open" in result.stdout and "insight.db" in result.stdout
    assert database.read_bytes() == b"not a database" * 100
    assert sorted(p.name for p in database.parent.iterdir()) == ["insight.db"]


def test_export_writes_the_visitor_records_as_csv(kiosk_home: Path, tmp_path: Path) -> None:
    from kiosk.core.insight import InsightStore

    assert run_kiosk("export", "--out", str(tmp_path / "usb"), env_home=kiosk_home).returncode == 1  # no records yet
    store = InsightStore(kiosk_home / "data" / "insight.db")
    visit = store.session_started("zh", True)
    store.pillar_time(visit, "industry", 42.0)
    store.session_ended(visit, "en")
    store.close()
    result = run_kiosk("export", "--out", str(tmp_path / "usb"), env_home=kiosk_home)
    assert result.returncode == 0, result.stderr
    assert "1 visits" in result.stdout and "languages en 1" in result.stdout
    (folder,) = (tmp_path / "usb").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["daily.csv", "export.json", "pillar_time.csv", "sessions.csv", "taps.csv"]
    assert "industry,42" in (folder / "pillar_time.csv").read_text(encoding="utf-8-sig")


def test_report_and_diagnostics_are_commands(kiosk_home: Path, tmp_path: Path) -> None:
    """kiosk report and kiosk diagnostics from the command line (their workings: tests/ui/test_hall_report.py,
    tests/core/hall/test_diagnostics.py)."""
    import zipfile

    from kiosk.core.insight import InsightStore

    store = InsightStore(tmp_path / "insight.db")
    visit = store.session_started("zh", True)
    store.session_ended(visit, "zh")
    export = store.export_csv(tmp_path, "hall-c-1")
    store.close()
    made = run_kiosk("report", str(export), str(tmp_path / "missing"), "--out", str(tmp_path / "report"), env_home=kiosk_home)
    assert made.returncode == 0, made.stderr
    assert "hall report: 1 kiosk(s), 1 visits" in made.stdout and "missing: does not exist; left out" in made.stderr
    assert (tmp_path / "report" / "index.html").is_file() and (tmp_path / "report" / "sessions.csv").is_file()
    nothing = run_kiosk("report", str(tmp_path / "missing"), "--out", str(tmp_path / "empty"), env_home=kiosk_home)
    assert nothing.returncode == 1 and "nothing usable" in nothing.stderr
    done = run_kiosk("diagnostics", "--out", str(tmp_path / "stick"), env_home=kiosk_home)
    assert done.returncode == 0, done.stderr
    (written,) = (tmp_path / "stick").iterdir()
    assert written.name.startswith("lna-kiosk-diagnostics-") and str(written) in done.stdout
    with zipfile.ZipFile(written) as archive:
        assert "versions.json" in archive.namelist()


def test_set_pin_stores_a_hash_and_says_what_a_check_costs(kiosk_home: Path) -> None:
    env = {**os.environ, "KIOSK_HOME": str(kiosk_home)}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin"], input="2718\n2718\n", capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "each PIN check costs" in result.stdout and "ms on this computer" in result.stdout
    assert "2718" not in (kiosk_home / "config" / "staff-pin.json").read_text(encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin"], input="٢٧١٨\n٢٧١٨\n", capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )
    assert refused.returncode == 1 and "4 to 12 digits, 0-9" in refused.stderr


SET_PIN_WITHOUT_CONSOLE = """
import sys
from kiosk.cli import main
{how}
sys.exit(main(["set-pin"]))
"""


@pytest.mark.parametrize(
    "how",
    [
        "sys.stdin = None",  # a windowed program on Windows: no standard streams at all
        "sys.stdin.close()",  # started by a shortcut or a service with its input closed
    ],
)
def test_set_pin_without_a_console_says_what_to_do(kiosk_home: Path, how: str) -> None:
    env = {**os.environ, "KIOSK_HOME": str(kiosk_home)}
    result = subprocess.run(
        [sys.executable, "-c", SET_PIN_WITHOUT_CONSOLE.format(how=how)], capture_output=True, text=True, env=env, cwd=REPO, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert "Open a Command Prompt (Windows) or a terminal" in result.stderr and "Traceback" not in result.stderr
    assert not (kiosk_home / "config" / "staff-pin.json").exists()


def test_set_pin_from_a_pipe_that_ends_early_changes_nothing(kiosk_home: Path) -> None:
    env = {**os.environ, "KIOSK_HOME": str(kiosk_home)}
    for given in ("", "2718\n"):  # nothing at all; the PIN once, not twice
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "set-pin"], input=given, capture_output=True, text=True, env=env, cwd=REPO, timeout=60
        )
        assert result.returncode == 2 and "no PIN on standard input" in result.stderr, result.stderr
    assert not (kiosk_home / "config" / "staff-pin.json").exists()


def test_the_content_setting_takes_only_content_that_validates(kiosk_home: Path, content_copy: Path) -> None:
    (content_copy / "content.json").write_text('{"title": ', encoding="utf-8")
    refused = run_kiosk("config", "content", str(content_copy), env_home=kiosk_home)
    assert refused.returncode == 1 and "content.json: is not valid JSON" in refused.stderr and "unchanged" in refused.stderr
    assert not (kiosk_home / "config" / "settings.json").exists()
    relative = run_kiosk("config", "content", "my-content", env_home=kiosk_home)
    assert relative.returncode == 1 and "must be a whole path to a folder" in relative.stderr


def test_check_answers_any_folder_without_a_traceback(kiosk_home: Path, tmp_path: Path, content_copy: Path) -> None:
    """Deep nesting, a 100 MB file, binary, NUL bytes, a number thousands of digits long, a link loop:
    each gets a plain answer, and a broken photo is reported beside a missing translation."""
    cases: dict[str, bytes | None] = {
        "nested": b"[" * 100_000,
        "binary": bytes(range(256)) * 40,
        "nul": b'{"title": "\x00\x00"}',
        "huge-number": b'{"schema_version": 1' + b"0" * 5000 + b"}",
        "huge-file": None,
    }
    for name, raw in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        if raw is None:
            with (folder / "content.json").open("wb") as handle:
                handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper
        else:
            (folder / "content.json").write_bytes(raw)
        (folder / "loop").symlink_to(folder / "loop")
        result = run_kiosk("check", "--content", str(folder), env_home=kiosk_home)
        assert result.returncode == 1, name
        assert "Traceback" not in result.stdout + result.stderr, name
        assert "content.json:" in result.stdout, name
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    del data["pillars"][0]["headline"]["en"]  # a missing translation...
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (content_copy / "photos" / "qixia-lake" / "02-morning.jpg").write_bytes(b"GIF89a but not really")  # ...and a broken photo
    result = run_kiosk("check", "--content", str(content_copy), env_home=kiosk_home)
    assert "pillars[0].headline" in result.stdout and "albums[1].photos[1].file: 02-morning.jpg:" in result.stdout
    assert "photos: 12 of 13 decoded in" in result.stdout


def test_add_photos_from_the_command_line(kiosk_home: Path, content_copy: Path, tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "DSC_0001.jpg"
    Image.new("RGB", (1600, 1200), (10, 120, 40)).save(photo)
    result = run_kiosk("add-photos", "qixia-lake", str(photo), "--content", str(content_copy), env_home=kiosk_home)
    assert result.returncode == 0, result.stderr
    assert "added photos/qixia-lake/dsc-0001.jpg (1600x1200, from DSC_0001.jpg" in result.stdout
    assert f"kiosk check --content {content_copy}" in result.stdout
    nowhere = run_kiosk("add-photos", "qixia-lake", str(photo), env_home=kiosk_home)
    assert nowhere.returncode == 2 and "--content DIR" in nowhere.stderr  # never into the bundled content


def test_install_content_from_the_command_line_and_back(kiosk_home: Path, content_copy: Path) -> None:
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    data["pillars"][0]["indicators"][0]["value"] = 180
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_kiosk("install-content", str(content_copy), env_home=kiosk_home)
    assert result.returncode == 0, result.stderr
    assert "  major projects started: 178 → 180\n" in result.stdout  # by its label, with its units
    setting = json.loads((kiosk_home / "config" / "settings.json").read_text(encoding="utf-8"))["values"]["content"]
    assert Path(setting).parent == kiosk_home / "data" / "installed-content"
    back = run_kiosk("install-content", "--previous", env_home=kiosk_home)
    assert back.returncode == 0 and "(the bundled content)" in back.stdout
    again = run_kiosk("install-content", "--previous", env_home=kiosk_home)  # it flipped back to the install
    assert again.returncode == 1 and "nothing older than the content shown" in again.stderr and "nothing changed" in again.stderr
    assert json.loads((kiosk_home / "config" / "settings.json").read_text(encoding="utf-8"))["values"].get("content", "") == ""
    chinese = run_kiosk("install-content", str(content_copy), "--language", "zh", env_home=kiosk_home)
    assert chinese.returncode == 0 and "  开工重大项目: 178个 → 180个\n" in chinese.stdout
