"""A figure tile promises the number, what it measures, and its period and note, never dropped; a count
up through the figure's own unit; the names of what it counts beside a large tile; and all of it in the
visitor's language when the language changes."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout
from pytestqt.qtbot import QtBot

from kiosk.core.content.model import Group
from kiosk.ui.language import LanguageController
from kiosk.ui.widgets.figure_tile import FigureTile
from tests.ui.widgets.conftest import dataset, formatter

GOLD = "#F2C45A"


def _tile(qtbot: QtBot, language: LanguageController, indicator_id: str, **options: object) -> FigureTile:
    tile = FigureTile(dataset().indicator(indicator_id), formatter(), language, GOLD, **options)  # type: ignore[arg-type]
    qtbot.addWidget(tile)
    return tile


def _group(group_id: str) -> Group:
    return next(g for page in dataset().pages for g in page.groups if g.id == group_id)


def test_a_tile_shows_the_figure_what_it_measures_and_its_period_and_note(qtbot: QtBot, language: LanguageController) -> None:
    tile = _tile(qtbot, language, "major-project-threshold")
    assert tile.value_label.text() == "CNY 100 million or more"  # the qualifier is never dropped
    assert tile.caption_label.text() == "investment in each major project"
    assert tile.meta_label.text() == "2023 to date"  # its note only repeated the label
    green = _tile(qtbot, language, "green-coverage-now")
    assert green.meta_label.text() == "2023\u00a0· once under 5%"


def test_a_figure_without_a_note_shows_its_period_alone(qtbot: QtBot, language: LanguageController) -> None:
    assert _tile(qtbot, language, "total-investment").meta_label.text() == "2023 to date"


def test_the_count_up_shows_part_of_the_value_in_its_final_unit_then_the_figure(qtbot: QtBot, language: LanguageController) -> None:
    tile = _tile(qtbot, language, "total-investment")
    tile.set_progress(0.5)
    assert tile.value_label.text() == "CNY 42 billion"
    tile.set_progress(1.0)
    assert tile.value_label.text() == "CNY 85 billion"


def test_the_tile_follows_the_language_and_keeps_its_count_up(qtbot: QtBot, language: LanguageController) -> None:
    tile = _tile(qtbot, language, "major-project-threshold", names=_group("tier-100bn"))
    tile.show()
    tile.set_progress(1.0)
    language.set_language("zh")
    qtbot.waitUntil(lambda: tile.caption_label.text() == "重大项目单个投资")
    assert tile.value_label.text() == "1亿元以上"
    assert tile.meta_label.text() == "2023年以来"
    assert tile.name_chips is not None and tile.name_chips.names() == ["新能源新材料", "精细化工", "商贸物流"]


def test_a_large_tile_lists_the_names_it_counts_beside_the_figure(qtbot: QtBot, language: LanguageController) -> None:
    tile = _tile(qtbot, language, "industries-100bn", names=_group("tier-100bn"))
    assert tile.name_chips is not None
    assert tile.name_chips.names() == ["New energy and new materials", "Fine chemicals", "Trade and logistics"]
    row = tile.layout()
    assert isinstance(row, QHBoxLayout) and row.indexOf(tile.name_chips) == 1  # beside, not under


def test_a_compact_tile_is_a_row_without_names(qtbot: QtBot, language: LanguageController) -> None:
    tile = _tile(qtbot, language, "industries-100bn", compact=True, names=_group("tier-100bn"))
    assert tile.property("role") == "row"
    assert tile.value_label.property("role") == "figure-small"
    assert tile.name_chips is None
    assert _tile(qtbot, language, "industries-100bn", small=True).value_label.property("role") == "figure-medium"
