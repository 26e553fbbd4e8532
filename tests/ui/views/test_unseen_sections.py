"""A panel's sections out of sight promise: words set there and back (the window drawn ahead in the
other language) leave them as they were, so the tap that shows one sets no style sheet; a section
takes a new language up as it is shown, laid out for its new words (kiosk.ui.views.unseen_sections)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveSettings
from kiosk.ui.views.page_panel import PagePanel
from tests.ui.views.test_page_panel import INDUSTRY, _panel
from tests.ui.widgets.conftest import EventCount, dataset


def _shown(qtbot: QtBot, panel: PagePanel) -> PagePanel:
    """The panel on screen with each section shown once (laid out and fitted, as after the first visitor)."""
    panel.resize(900, 760)
    panel.show()
    qtbot.waitExposed(panel)
    for index in [*range(panel.count), 0]:
        panel.show_section(index)
        QApplication.processEvents()
    return panel


def test_words_set_there_and_back_leave_a_section_out_of_sight_as_it_was(
    qtbot: QtBot, language: LanguageController, settings: LiveSettings
) -> None:
    page = dataset().pages[INDUSTRY]
    panel = _shown(qtbot, _panel(qtbot, language, settings))
    label = panel.highlight_labels[0]
    section = panel.stack.widget(1)
    assert section.isAncestorOf(label) and not section.isVisible()
    panel.retranslate_sections("zh")
    assert label.text() == page.highlights[0].in_language("en") and panel.unseen.waiting(1) == "zh"  # not set: nobody sees it
    panel.retranslate_sections("en")
    restyled = EventCount(section, QEvent.Type.StyleChange)
    panel.show_section(1)
    QApplication.processEvents()
    assert restyled.count == 0 and label.text() == page.highlights[0].in_language("en")  # nothing set, nothing fitted anew
    assert panel.unseen.waiting(1) is None


def test_a_section_takes_a_new_language_up_as_it_is_shown(qtbot: QtBot, language: LanguageController, settings: LiveSettings) -> None:
    page = dataset().pages[INDUSTRY]
    panel = _shown(qtbot, _panel(qtbot, language, settings))
    language.set_language("zh")
    panel.retranslate_sections("zh")
    label = panel.highlight_labels[0]
    assert label.text() == page.highlights[0].in_language("en") and panel.unseen.waiting(1) == "zh"
    panel.show_section(1)
    QApplication.processEvents()
    assert label.text() == page.highlights[0].in_language("zh") and panel.unseen.waiting(1) is None
    assert label.isVisible() and label.height() >= label.heightForWidth(label.width())  # laid out for its new words
