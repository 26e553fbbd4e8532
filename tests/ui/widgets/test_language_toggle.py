"""The language toggle promises each language by its own name, never a flag; a touch switches the
visitor's language as the finger lands (or does what the window chose for it); and the checked button
follows the language however it was changed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from pytestqt.qtbot import QtBot

from kiosk.core.content.model import Language
from kiosk.ui.language import LanguageController
from kiosk.ui.widgets.language_toggle import LanguageToggle
from tests.touch import mouse
from tests.ui.widgets.conftest import EventCount, dataset


def _toggle(qtbot: QtBot, language: LanguageController, languages: tuple[Language, ...] | None = None) -> LanguageToggle:
    toggle = LanguageToggle(languages or dataset().languages, language)
    qtbot.addWidget(toggle)
    return toggle


def test_each_language_is_a_button_with_its_own_name_in_order(qtbot: QtBot, language: LanguageController) -> None:
    toggle = _toggle(qtbot, language)
    assert {code: button.text() for code, button in toggle.buttons.items()} == {"zh": "中文", "en": "English"}
    zh, en = toggle.buttons["zh"], toggle.buttons["en"]
    assert (zh.property("first"), zh.property("last"), en.property("first"), en.property("last")) == (True, False, False, True)
    assert en.isChecked() and not zh.isChecked()


def test_a_touch_switches_the_language(qtbot: QtBot, language: LanguageController) -> None:
    toggle = _toggle(qtbot, language)
    with qtbot.waitSignal(language.language_changed) as changed:
        toggle.buttons["zh"].click()
    assert changed.args == ["zh"] and language.language == "zh"
    assert toggle.buttons["zh"].isChecked() and not toggle.buttons["en"].isChecked()


def test_the_language_changes_as_the_finger_lands_not_as_it_lifts(qtbot: QtBot, language: LanguageController) -> None:
    toggle = _toggle(qtbot, language)
    button = toggle.buttons["zh"]
    mouse(button, QEvent.Type.MouseButtonPress, button.rect().center(), Qt.MouseButton.LeftButton)
    assert language.language == "zh" and toggle.buttons["zh"].isChecked()
    mouse(button, QEvent.Type.MouseButtonRelease, button.rect().center(), Qt.MouseButton.NoButton)
    assert language.language == "zh" and toggle.buttons["zh"].isChecked()


def test_a_finger_on_a_language_paints_no_frame_of_the_button_before_the_answer(qtbot: QtBot, language: LanguageController) -> None:
    """A pressed button repaints itself at once (QAbstractButton), a frame of its own ahead of what the touch shows."""
    toggle = _toggle(qtbot, language)
    toggle.show()
    qtbot.waitExposed(toggle)
    frames = EventCount(toggle, QEvent.Type.UpdateRequest)
    button = toggle.buttons["zh"]
    mouse(button, QEvent.Type.MouseButtonPress, button.rect().center(), Qt.MouseButton.LeftButton)
    assert language.language == "zh" and frames.count == 0  # the answer only, at the next frame
    mouse(button, QEvent.Type.MouseButtonRelease, button.rect().center(), Qt.MouseButton.NoButton)
    toggle.removeEventFilter(frames)


def test_a_touch_does_what_the_window_chose(qtbot: QtBot, language: LanguageController) -> None:
    chosen: list[str] = []
    toggle = LanguageToggle(dataset().languages, language, choose=chosen.append)
    qtbot.addWidget(toggle)
    toggle.buttons["zh"].click()
    assert chosen == ["zh"] and language.language == "en"


def test_the_checked_button_follows_a_language_changed_elsewhere(qtbot: QtBot, language: LanguageController) -> None:
    toggle = _toggle(qtbot, language)
    language.set_language("zh")  # a session reset, or staff
    assert toggle.buttons["zh"].isChecked()
    language.set_language("en")
    assert toggle.buttons["en"].isChecked()


def test_a_language_the_toggle_does_not_show_leaves_it_as_it_was(qtbot: QtBot, language: LanguageController) -> None:
    toggle = _toggle(qtbot, language, (Language("zh", "中文"),))
    language.set_language("zh")
    language.set_language("en")
    assert list(toggle.buttons) == ["zh"] and toggle.buttons["zh"].isChecked()
