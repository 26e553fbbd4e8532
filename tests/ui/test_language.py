"""The language controller switches the interface's Qt translation live: of several translation folders
the first with the language's file wins; a translation that is missing or unreadable is a named problem
and the interface stays in English; of two controllers in one application, the one that set a language
last owns the application's translators; `release` takes its translator off; every switch tells the
widgets, with or without a translation (kiosk.ui.language)."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTranslator
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.qa.drive import settle
from kiosk.ui.language import LanguageController, find_qm
from tests.process import qt_tool

SOURCE = "Visitor insight"  # a string of the InsightPanel, "观众统计" in the bundled Chinese
BUNDLED = "观众统计"
HALLS_OWN = "Hall's own wording"

Make = Callable[..., LanguageController]


def shown() -> str:
    return QCoreApplication.translate("InsightPanel", SOURCE)


def _halls_own_zh(folder: Path) -> Path:
    """A kiosk_zh.qm of a hall's own, in `folder`, that words the one string its own way."""
    folder.mkdir(parents=True, exist_ok=True)
    ts = folder / "kiosk_zh.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="zh">\n<context><name>InsightPanel</name>\n'
        f"<message><source>{SOURCE}</source><translation>{HALLS_OWN}</translation></message>\n</context>\n</TS>\n",
        encoding="utf-8",
    )
    qm = folder / "kiosk_zh.qm"
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, timeout=60)
    return qm


@pytest.fixture
def make(qapp: QApplication) -> Iterator[Make]:
    """Controllers over the folders given (the bundled translations by default), released after the test."""
    made: list[LanguageController] = []

    def controller(*folders: Path, languages: tuple[str, ...] = ("zh", "en"), initial: str = "en") -> LanguageController:
        made.append(LanguageController(folders or resources.translation_dirs(), languages, initial))
        return made[-1]

    yield controller
    for controller_made in made:
        controller_made.release()
        controller_made.deleteLater()


def test_of_several_folders_the_first_with_the_languages_file_wins(make: Make, tmp_path: Path) -> None:
    _halls_own_zh(tmp_path / "hall")
    (tmp_path / "empty").mkdir()
    bundled = resources.translations_dir()
    assert find_qm((tmp_path / "empty", tmp_path / "hall", bundled), "zh") == tmp_path / "hall" / "kiosk_zh.qm"
    assert find_qm((bundled, tmp_path / "empty"), "fr") == tmp_path / "empty" / "kiosk_fr.qm"  # none: the last, for the message
    hall = make(tmp_path / "empty", tmp_path / "hall", bundled, initial="zh")
    assert shown() == HALLS_OWN and hall.problems == []
    hall.release()
    make(tmp_path / "empty", bundled, initial="zh")
    assert shown() == BUNDLED


@pytest.mark.parametrize("content", [None, b"", b"not a Qt translation" * 10])
def test_a_missing_or_unreadable_translation_is_a_named_problem_and_the_text_stays_english(
    make: Make, tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes | None
) -> None:
    qm = tmp_path / "kiosk_zh.qm"
    if content is not None:
        qm.write_bytes(content)
    controller = make(tmp_path, initial="zh")
    message = f"translation {qm} missing or unreadable: interface text stays in English"
    assert controller.problems == [message]
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [(logging.ERROR, message)]
    assert controller.language == "zh" and shown() == SOURCE
    controller.set_language("en")
    controller.set_language("zh")  # tried once, named once
    assert controller.problems == [message]


def test_a_language_the_content_does_not_have_is_refused(make: Make) -> None:
    controller = make()
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        controller.set_language("fr")
    assert controller.language == "en"


def test_the_controller_that_sets_a_language_last_owns_the_translators(make: Make, tmp_path: Path) -> None:
    _halls_own_zh(tmp_path / "hall")
    kiosk = make(initial="zh")
    assert shown() == BUNDLED
    preview = make(tmp_path / "hall", resources.translations_dir(), initial="zh")  # a preview beside the kiosk
    assert shown() == HALLS_OWN
    kiosk.set_language("zh")  # the same language, but the kiosk takes its translator back
    assert shown() == BUNDLED
    preview.release()  # has nothing installed now: takes nothing off
    assert shown() == BUNDLED
    preview.set_language("en")
    assert shown() == SOURCE  # the preview's English, not the kiosk's Chinese underneath


def test_release_takes_the_translator_off_and_a_new_language_puts_one_back(make: Make) -> None:
    controller = make(initial="zh")
    assert shown() == BUNDLED
    controller.release()
    controller.release()
    assert shown() == SOURCE and controller.language == "zh"
    controller.set_language("zh")
    assert shown() == BUNDLED


def test_switching_back_and_forth_loads_each_translation_once_and_says_each_switch(make: Make, qtbot: QtBot) -> None:
    controller = make()
    heard: list[str] = []
    controller.language_changed.connect(heard.append)
    for lang in ("zh", "en", "zh", "zh", "en"):
        controller.set_language(lang)
    assert heard == ["zh", "en", "zh", "en"]  # setting the language it has is no switch
    assert len(controller.findChildren(QTranslator)) == 1
    assert shown() == SOURCE


class Listener(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.changes = 0

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.changes += 1
        super().changeEvent(event)


def test_widgets_hear_every_switch_even_between_languages_without_a_translation(
    make: Make, qtbot: QtBot, qapp: QApplication, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Content text follows the language even where the interface stays in English."""
    listener = Listener()
    qtbot.addWidget(listener)
    controller = make(tmp_path, languages=("en", "fr"))
    settle(qapp)
    before = listener.changes
    controller.set_language("fr")
    qtbot.waitUntil(lambda: listener.changes > before)
    assert "kiosk_fr.qm missing or unreadable" in controller.problems[0]


def test_a_quiet_swap_sets_the_translators_and_language_telling_no_one_and_swaps_back(make: Make, qtbot: QtBot, qapp: QApplication) -> None:
    """For a picture of the window in another language, drawn ahead of time (kiosk.ui.language_picture)."""
    controller = make(initial="en")
    heard: list[str] = []
    controller.language_changed.connect(heard.append)
    listener = Listener()
    qtbot.addWidget(listener)
    settle(qapp)
    listener.changes = 0
    assert not controller.swapped
    assert controller.swap_quietly("zh") == "en"
    assert controller.language == "zh" and shown() == BUNDLED
    assert controller.swapped  # what is out of sight need not take it up
    settle(qapp)
    assert controller.swap_quietly("en") == "zh"
    settle(qapp)
    assert controller.language == "en" and shown() == SOURCE and not controller.swapped
    assert heard == [] and listener.changes == 0  # no language_changed, no LanguageChange posted to any window
    controller.set_language("zh")  # and a real switch still tells everyone
    settle(qapp)
    assert heard == ["zh"] and listener.changes >= 1 and not controller.swapped


def test_a_controller_that_does_not_hold_the_translators_swaps_nothing(make: Make) -> None:
    kiosk = make(initial="zh")
    preview = make(initial="en")  # set a language last: holds the translators
    assert kiosk.swap_quietly("en") is None
    assert kiosk.language == "zh" and preview.language == "en" and shown() == SOURCE
    assert preview.swap_quietly("fr") is None  # not one of its languages
