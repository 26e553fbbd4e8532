"""The stick jobs promise to do their work in a thread of their own and to bring it back once: an
install's progress now and then and its outcome (the installed content, or the InstallError that kept
it out) as queued signals, kept in `outcome` too; `cancel` stops the work at its next check and waits
for the thread, so nothing is installed; `wait` waits for a job to end on its own (tools without an
event loop); a look finds the content on the sticks and what installing it would change, and a newer
look drops the one before it. A real Installer on real folders in tmp_path, on a stick of tiny photos."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.core.content.changes import ADDED, PHOTO, compare
from kiosk.core.content.glyphs import FontCoverage
from kiosk.core.content.install import InstallCancelledError, Installer, InstallError, Progress, examine
from kiosk.core.content.loader import LoadResult
from kiosk.core.settings import Settings
from kiosk.qa.bench.usb_install import make_stick
from kiosk.ui.language import LanguageController
from kiosk.ui.staff.install_job import GoBackJob, InstallJob, Look, LookJob, StickLook, change_lines, staff_language
from tests.tofu import TOFU, tofu_folder, tofu_path
from tests.ui.widgets.conftest import dataset

PHOTOS = 30  # named by the stick's content.json, beside the bundled content's own
SHOWN = (dataset(), resources.bundled_content_dir())
GLYPHS = FontCoverage.from_file(resources.fonts_dir() / "KioskSans-Regular.otf")


def _stick(tmp_path: Path) -> Path:
    return make_stick(tmp_path / "stick" / "new-content", PHOTOS)


def _install(tmp_path: Path, stick: Path) -> tuple[InstallJob, Settings]:
    settings = Settings(tmp_path / "config")
    job = InstallJob(Installer(tmp_path / "data"), examine(stick), settings)
    return job, settings


def test_an_install_reports_progress_then_finishes_once_with_the_installed_content(qtbot: QtBot, tmp_path: Path) -> None:
    stick = _stick(tmp_path)
    job, settings = _install(tmp_path, stick)
    seen: list[Progress] = []
    job.progress.connect(seen.append)
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        job.start()
    job.wait()  # the thread ends just after it says so
    installed = finished.args[1]
    assert finished.args[0] is job and installed is job.outcome and not job.running
    assert isinstance(installed, LoadResult) and installed.ok
    assert installed.folder.parent == job.installer.root and installed.folder != stick
    assert (installed.folder / "photos" / "stick-0" / f"{PHOTOS - 1:05d}.jpg").is_file()
    qtbot.waitUntil(lambda: len(seen) > 1)  # queued: the last may come after `finished`
    assert [p.fraction for p in seen] == sorted(p.fraction for p in seen)
    assert settings["content"] == ""  # the caller applies it; the file has it already
    assert Settings.load(tmp_path / "config")["content"] == str(installed.folder)


def test_a_cancelled_install_stops_at_its_next_check_and_installs_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    job, _settings = _install(tmp_path, _stick(tmp_path))
    held: list[Progress] = []

    def hold(progress: Progress) -> None:  # in the install thread, at the first progress shown
        if not held:
            held.append(progress)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    job.check()
                except InstallCancelledError:
                    return  # the install's next check stops it
                time.sleep(0.002)

    job.progress.connect(hold, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        job.start()
        qtbot.waitUntil(lambda: bool(held), timeout=60_000)
        job.cancel()
        assert not job.running  # cancel waited for the thread
    assert isinstance(finished.args[1], InstallCancelledError)
    assert not any(job.installer.root.glob("*content*")) and Settings.load(tmp_path / "config")["content"] == ""


def test_wait_returns_once_the_job_has_ended_with_its_outcome_and_at_once_before_it_started(qtbot: QtBot, tmp_path: Path) -> None:
    job, _settings = _install(tmp_path, _stick(tmp_path))
    job.wait()  # not started: nothing to wait for
    assert job.outcome is None
    with qtbot.waitSignal(job.finished, timeout=60_000):
        job.start()
        job.wait()
        assert not job.running and isinstance(job.outcome, LoadResult)


def test_a_stick_with_problems_finishes_with_the_install_error_naming_them(qtbot: QtBot, tmp_path: Path) -> None:
    stick = _stick(tmp_path)
    (stick / "photos" / "stick-0" / "00003.jpg").unlink()
    job, _settings = _install(tmp_path, stick)
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        job.start()
    job.wait()
    error = finished.args[1]
    assert isinstance(error, InstallError) and not isinstance(error, InstallCancelledError)
    assert any("00003.jpg" in problem for problem in error.problems)
    assert not job.installer.root.exists()


def test_a_look_finds_the_content_on_the_sticks_and_what_installing_it_would_change(qtbot: QtBot, tmp_path: Path) -> None:
    stick = _stick(tmp_path)
    (tmp_path / "empty-stick").mkdir()
    job = LookJob(SHOWN, lambda: [tmp_path / "empty-stick", stick.parent])
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        job.start()
    job.wait()
    look = finished.args[1]
    assert isinstance(look, Look) and look.found == (stick,)
    assert look.candidate is not None and look.candidate.ok and look.candidate.folder == stick
    assert look.changes is not None and look.changes.count(PHOTO, ADDED) == PHOTOS
    nothing = LookJob(SHOWN, lambda: [tmp_path / "empty-stick"])
    with qtbot.waitSignal(nothing.finished, timeout=60_000) as finished:
        nothing.start()
    nothing.wait()
    assert finished.args[1] == Look((), None, None)


@pytest.mark.logs("looking at the USB sticks failed")
def test_a_bug_while_looking_finishes_with_an_install_error_that_names_it(qtbot: QtBot) -> None:
    def drives() -> list[Path]:
        raise RuntimeError("udisks went away")

    job = LookJob(SHOWN, drives)
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        job.start()
    job.wait()
    error = finished.args[1]
    assert isinstance(error, InstallError) and "RuntimeError: udisks went away" in str(error)


def test_a_newer_look_drops_the_one_before_and_done_comes_once_with_its_outcome(qtbot: QtBot, tmp_path: Path) -> None:
    stick = _stick(tmp_path)
    looks = StickLook()
    outcomes: list[object] = []
    looks.done.connect(outcomes.append)
    looks.start(SHOWN, lambda: [], found=())  # finds nothing
    looks.start(SHOWN, lambda: [stick.parent])
    assert looks.running
    looks.wait()  # says its outcome now, without an event loop
    assert not looks.running and len(outcomes) == 1
    assert isinstance(outcomes[0], Look) and outcomes[0].found == (stick,)
    qtbot.wait(50)  # the queued `finished` of either job says nothing more
    assert len(outcomes) == 1


def test_going_back_after_an_install_finishes_with_the_content_shown_before(qtbot: QtBot, tmp_path: Path) -> None:
    install, settings = _install(tmp_path, _stick(tmp_path))
    install.start()
    install.wait()
    assert isinstance(install.outcome, LoadResult)
    shown = Settings.load(tmp_path / "config")
    assert shown["content"] == str(install.outcome.folder)
    back = GoBackJob(install.installer, shown)
    with qtbot.waitSignal(back.finished, timeout=60_000) as finished:
        back.start()
    back.wait()
    assert finished.args[1] == ("", None)  # the bundled content, nothing to load
    assert Settings.load(tmp_path / "config")["content"] == "" and settings["content"] == ""
    qtbot.wait(10)  # the install's queued signals delivered before the test ends


def test_a_look_judges_the_stick_by_the_kiosks_font(qtbot: QtBot, tmp_path: Path) -> None:
    """A caption with 龘 was "It checks out" on the panel, then installed as empty boxes."""
    stick = tofu_folder(tmp_path / "stick" / "content")
    looks = StickLook(glyphs=GLYPHS)
    with qtbot.waitSignal(looks.done, timeout=60_000) as done:
        looks.start(SHOWN, lambda: [stick.parent])
    look = done.args[0]
    assert isinstance(look, Look) and look.candidate is not None and not look.candidate.ok and look.changes is None
    assert look.candidate.problems[0].startswith(f"{tofu_path()}: '") and TOFU in look.candidate.problems[0]


def test_an_install_job_refuses_what_the_font_cannot_draw_and_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    stick = tofu_folder(tmp_path / "stick" / "content")
    settings = Settings(tmp_path / "config")
    job = InstallJob(Installer(tmp_path / "data", glyphs=GLYPHS), examine(stick), settings)  # looked at without the font
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        job.start()
    job.wait()
    refused = finished.args[1]
    assert isinstance(refused, InstallError) and any(TOFU in problem for problem in refused.problems)
    assert Settings.load(tmp_path / "config")["content"] == "" and not (tmp_path / "data" / "installed-content").exists()


def test_the_change_summary_is_in_the_staff_language_by_label_with_units(qapp: object, tmp_path: Path) -> None:
    folder = tmp_path / "content"
    import json
    import shutil

    shutil.copytree(resources.bundled_content_dir(), folder)
    data = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    data["pillars"][0]["indicators"][0]["value"] = 182
    data["albums"][1]["photos"][0]["caption"] = {"zh": "新的图片说明", "en": "A new caption"}
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    new = examine(folder)
    assert new.result.dataset is not None
    changes = compare(dataset(), new.result.dataset, resources.bundled_content_dir(), folder, formatter=new.result.formatter)
    controller = LanguageController(resources.translation_dirs(), ("zh", "en"), "zh")
    try:
        assert staff_language() == "zh"
        assert change_lines(changes) == ["开工重大项目：178个 → 182个", "栖霞湖 · 图片说明：“栖霞湖畔的黄昏” → “新的图片说明”"]
        controller.set_language("en")
        assert staff_language() == "en"
        assert change_lines(changes) == [
            "major projects started: 178 → 182",
            "Qixia Lake · caption: “Dusk over Qixia Lake” → “A new caption”",
        ]
    finally:
        controller.release()
        controller.deleteLater()
