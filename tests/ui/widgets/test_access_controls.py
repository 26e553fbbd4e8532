"""The accessibility controls promise to show the visitor's larger-text and reach choices as the
navigation holds them and to change them there; the reach button says which way it moves the controls
(its caption and its accessible name); a caption is never cut (the button asks for its whole width);
and a new theme's colours are what the signs are drawn in."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.ui.language import LanguageController
from kiosk.ui.navigation import Navigation
from kiosk.ui.theme import THEMES, Palette
from kiosk.ui.widgets.access_controls import AccessControls


def _controls(qtbot: QtBot, navigation: Navigation, colours: Palette | None = None) -> AccessControls:
    controls = AccessControls(colours or Palette(), navigation)
    qtbot.addWidget(controls)
    return controls


def test_the_buttons_start_as_the_navigation_holds_the_choices(qtbot: QtBot, language: LanguageController) -> None:
    navigation = Navigation(language)
    navigation.set_reach(True)
    controls = _controls(qtbot, navigation)
    assert controls.reach_button.isChecked() and not controls.large_text_button.isChecked()
    assert controls.reach_button.caption == "Raise controls"


def test_a_tap_changes_the_choice_in_the_navigation(qtbot: QtBot, language: LanguageController) -> None:
    navigation = Navigation(language)
    controls = _controls(qtbot, navigation)
    with qtbot.waitSignal(navigation.large_text_changed) as larger:
        controls.large_text_button.click()
    assert larger.args == [True] and navigation.large_text
    controls.reach_button.click()
    assert navigation.reach
    controls.large_text_button.click()
    assert not navigation.large_text


def test_the_buttons_follow_a_new_visitor_and_the_reach_button_says_which_way(qtbot: QtBot, language: LanguageController) -> None:
    navigation = Navigation(language)
    controls = _controls(qtbot, navigation)
    reach = controls.reach_button
    assert (reach.caption, reach.accessibleName()) == ("Lower controls", "Bring controls within reach")
    with qtbot.waitSignal(controls.captions_changed):
        navigation.set_reach(True)
    navigation.set_large_text(True)
    assert reach.isChecked() and controls.large_text_button.isChecked()
    assert (reach.caption, reach.accessibleName()) == ("Raise controls", "Controls back to the top")
    navigation.reset("en")  # the next visitor
    assert not reach.isChecked() and not controls.large_text_button.isChecked()
    assert reach.caption == "Lower controls"


def test_a_caption_is_never_cut_the_button_asks_for_its_whole_width(qtbot: QtBot, language: LanguageController) -> None:
    controls = _controls(qtbot, Navigation(language))
    button = controls.large_text_button
    short = button.sizeHint().width()
    button.set_caption(button.caption + " and a much longer caption")
    assert button.sizeHint().width() > short
    assert button.minimumSizeHint() == button.sizeHint()
    controls.show()
    qtbot.waitExposed(controls)
    assert button.audit_texts() == [(button.caption, button.font().pixelSize(), True)]
    button.resize(short, button.height())
    assert button.audit_texts()[0][2] is False


def test_the_signs_are_drawn_in_the_new_themes_colours(qtbot: QtBot, language: LanguageController) -> None:
    controls = _controls(qtbot, Navigation(language))
    controls.setStyleSheet("background: #777777;")
    controls.show()
    qtbot.waitExposed(controls)

    def inks() -> set[int]:
        image = QImage(controls.reach_button.size(), QImage.Format.Format_RGB32)
        controls.reach_button.render(image)
        return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}

    standard, contrast = THEMES["standard"].text, THEMES["high_contrast"].text
    assert QColor(standard).rgb() in inks()
    controls.set_colours(THEMES["high_contrast"])
    assert controls.reach_button.ink() == QColor(contrast)
    assert QColor(contrast).rgb() in inks() and QColor(standard).rgb() not in inks()
