"""A chart's place in a panel. It costs nothing until `build()`: the chart itself needs pyqtgraph,
which is imported after the first frame is on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.chart_kinds import kind_of, layout_chart
from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Chart, Dataset
from kiosk.ui.language import LanguageController
from kiosk.ui.replay import Replay
from kiosk.ui.theme import Palette
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin

if TYPE_CHECKING:
    from kiosk.ui.charts.chart_view import ChartView


class ChartSlot(RetranslateMixin, QWidget):
    def __init__(
        self,
        chart: Chart,
        dataset: Dataset,
        formatter: NumberFormatter,
        language: LanguageController,
        accent: str,
        colours: Palette,
        replay_ms: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._colours = colours
        self.chart = chart
        self._dataset = dataset
        self._formatter = formatter
        self._language = language
        self._accent = accent
        self.view: ChartView | None = None  # once built
        self.note_label = role_label("meta", self)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)
        self._layout.addWidget(self.note_label)
        self.note_label.setVisible(chart.note is not None)
        self.replay = Replay(replay_ms, self, stagger=False)  # the chart staggers its own rows
        self.replay.add(self._set_progress)
        self.retranslate()

    @property
    def built(self) -> bool:
        return self.view is not None

    def build(self, scale: float) -> None:
        if self.view is not None:
            return
        from kiosk.ui.charts.chart_view import CHART_VIEWS

        lang = self._language.language
        layout = layout_chart(self.chart, self._dataset, self._formatter, lang)
        view_class = CHART_VIEWS[kind_of(self.chart)]
        self.view = view_class(layout, self._formatter, lang, self._accent, self._colours, scale, self)
        self._layout.insertWidget(0, self.view, 1)
        self._layout.takeAt(1)  # the stretch that held the place

    def apply_scale(self, scale: float) -> None:
        if self.view is not None:
            self.view.apply_scale(scale)

    def _set_progress(self, progress: float) -> None:
        if self.view is not None:
            self.view.set_progress(progress)

    def retranslate(self) -> None:
        lang = self._language.language
        if self.chart.note is not None:
            self.note_label.setText(self.chart.note.in_language(lang))
        if self.view is not None:
            self.view.relabel(lang, layout_chart(self.chart, self._dataset, self._formatter, lang))
