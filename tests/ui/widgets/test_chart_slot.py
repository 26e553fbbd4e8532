"""A chart slot holds a chart's place in a panel and costs nothing until it is built: before, it has no
view (pyqtgraph is imported after the first frame), only its note; `build` makes the view its chart's kind
says, once; its replay counts the chart up; a new scale and a new language reach the note and the chart
(kiosk.ui.widgets.chart_slot)."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from kiosk.core.content.model import Text
from kiosk.ui.charts.chart_view import BarsView
from kiosk.ui.language import LanguageController
from kiosk.ui.theme import THEMES
from kiosk.ui.widgets.chart_slot import ChartSlot
from tests.ui.widgets.conftest import dataset, formatter

GOLD = "#F2C45A"


NOTE = Text({"zh": "培育目标，非现有规模", "en": "Targets, not present size"})


def _slot(qtbot: QtBot, language: LanguageController, chart_id: str, replay_ms: int = 0, note: Text | None = None) -> ChartSlot:
    chart = next(c for page in dataset().pages for c in page.charts if c.id == chart_id)
    chart = replace(chart, note=note) if note is not None else chart
    slot = ChartSlot(chart, dataset(), formatter(), language, GOLD, THEMES["standard"], replay_ms)
    qtbot.addWidget(slot)
    slot.resize(1200, 700)
    return slot


def test_before_it_is_built_it_holds_the_place_with_only_its_note(qtbot: QtBot, language: LanguageController) -> None:
    slot = _slot(qtbot, language, "target-industries", note=NOTE)
    assert not slot.built and slot.view is None
    assert slot.note_label.text() == "Targets, not present size" and not slot.note_label.isHidden()
    slot.apply_scale(2.0)  # nothing to scale, nothing to count up yet
    slot.replay.seek(0.5)
    assert not slot.built
    assert _slot(qtbot, language, "target-industries").note_label.isHidden()  # a chart without a note shows no empty line


def test_building_makes_the_view_its_kind_says_once(qtbot: QtBot, language: LanguageController) -> None:
    slot = _slot(qtbot, language, "green-coverage")
    slot.build(1.0)
    view = slot.view
    assert isinstance(view, BarsView) and slot.built
    assert view.label_texts() == ["urban green coverage · when the area began", "urban green coverage · 2023"]
    assert view.value_texts() == ["under 5%", "36%"]
    slot.build(1.0)
    assert slot.view is view and slot.findChildren(BarsView) == [view]
    layout = slot.layout()
    assert [layout.itemAt(i).widget() for i in range(layout.count())] == [view, slot.note_label]  # the stretch made way


def test_the_replay_counts_the_chart_up_from_nothing(qtbot: QtBot, language: LanguageController) -> None:
    slot = _slot(qtbot, language, "incubation-growth", replay_ms=1000)
    slot.build(1.0)
    assert slot.view is not None
    slot.replay.rewind()
    assert slot.view.value_texts() == ["+0%", "+0%"]
    slot.replay.finish()
    assert slot.view.value_texts() == ["+88%", "+67%"]


def test_reduced_motion_shows_the_final_figures_at_once(qtbot: QtBot, language: LanguageController) -> None:
    slot = _slot(qtbot, language, "incubation-growth", replay_ms=0)
    slot.build(1.0)
    assert slot.view is not None
    slot.replay.play()
    assert not slot.replay.running and slot.view.value_texts() == ["+88%", "+67%"]


def test_a_new_scale_reaches_the_built_chart(qtbot: QtBot, language: LanguageController) -> None:
    slot = _slot(qtbot, language, "incubation-growth")
    slot.show()
    qtbot.waitExposed(slot)
    slot.build(1.0)
    assert slot.view is not None
    full = slot.view.text_px
    slot.apply_scale(0.5)
    assert slot.view.text_px < full


def test_the_note_and_the_chart_follow_the_language(qtbot: QtBot, language: LanguageController) -> None:
    slot = _slot(qtbot, language, "incubation-growth", note=NOTE)
    slot.show()
    slot.build(1.0)
    assert slot.view is not None
    language.set_language("zh")
    qtbot.waitUntil(lambda: slot.note_label.text() != "Targets, not present size")
    assert slot.view.label_texts()[0] == "工业产值 · 2023年上半年"
    assert slot.view.value_texts()[1] == "增长67%"
    assert slot.note_label.text() == "培育目标，非现有规模"
