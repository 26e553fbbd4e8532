"""Visitor insight for staff, today or the last 7 days, as pictures: time per page as bars, visits per
hour (today) or per day (the week) as columns, the language split as one stacked bar, and a touch heat
map over a miniature of the screen. Text only for the numbers staff quote: visits, median visit length
and the busiest hour. Export to CSV on a USB stick (or the kiosk's own exports folder); Back returns to
the staff panel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.core.content.model import Dataset
from kiosk.core.insight import InsightError, InsightStore, Summary
from kiosk.ui.charts.insight_charts import Bar, LanguageSplit, PageBars, VisitColumns
from kiosk.ui.staff.overlay import Overlay
from kiosk.ui.staff.staff_panel import staff_button
from kiosk.ui.theme import Palette, accent, scale_for
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin


class InsightPanel(RetranslateMixin, Overlay):
    back = Signal()  # staff tapped Back: the staff panel opens again

    def __init__(
        self,
        store: InsightStore,
        dataset: Callable[[], Dataset],
        language: Callable[[], str],
        screen: Callable[[], QImage],
        export_folders: Callable[[], list[Path]],
        colours: Palette,
        parent: QWidget,
        idle_close_ms: int = 120_000,
        kiosk_id: Callable[[], str] = str,  # the `kiosk_id` setting, named in each export (empty: the host name)
    ) -> None:
        super().__init__(parent, idle_close_ms)
        from kiosk.ui.charts.heat_map import HeatMap

        self.store = store
        self._dataset = dataset
        self._language = language
        self._screen = screen
        self._export_folders = export_folders
        self._kiosk_id = kiosk_id
        self.days = 1
        self.summary: Summary | None = None
        self._status = ""
        card = self.card
        self.title_label = role_label("headline", card)
        self.range_buttons = {days: staff_button(card, "staff-choice") for days in (1, 7)}
        group = QButtonGroup(self)
        for days, button in self.range_buttons.items():
            group.addButton(button)
            button.clicked.connect(lambda _=False, days=days: self.show_days(days))
        # The numbers staff quote: each a big figure over what it is.
        self.figures: dict[str, tuple[QLabel, QLabel]] = {
            name: (role_label("figure-small", card, wrap=False), role_label("meta", card)) for name in ("visits", "median", "busiest")
        }
        self.pages_title = role_label("section", card)
        self.page_bars = PageBars(colours, card)
        self.visits_title = role_label("section", card)
        self.visit_columns = VisitColumns(colours, card)
        self.languages_title = role_label("section", card)
        self.language_split = LanguageSplit(colours, card)
        self.heat_title = role_label("section", card)
        self.heat_map = HeatMap(colours, card)
        self.heat_map.colours_changed.connect(self._set_colours)
        self.export_title = role_label("section", card)
        self.export_row = QHBoxLayout()
        self.export_row.setSpacing(10)
        self.export_buttons: list[QPushButton] = []
        self._export_targets: list[Path] = []
        self.status_label = role_label("hint", card)
        self.back_button = staff_button(card, "staff-action", False)
        self.back_button.clicked.connect(self.go_back)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        for button in self.range_buttons.values():
            top.addWidget(button)
        figures = QHBoxLayout()
        figures.setSpacing(48)
        for number, label in self.figures.values():
            tile = QVBoxLayout()
            tile.setSpacing(0)
            tile.addWidget(number)
            tile.addWidget(label)
            figures.addLayout(tile, 1)
        charts = QVBoxLayout()
        charts.setSpacing(6)
        for title, chart, stretch in (
            (self.pages_title, self.page_bars, 3),
            (self.visits_title, self.visit_columns, 2),
            (self.languages_title, self.language_split, 0),
        ):
            charts.addWidget(title)
            charts.addWidget(chart, stretch)
            charts.addSpacing(8)
        touches = QVBoxLayout()
        touches.setSpacing(6)
        touches.addWidget(self.heat_title)
        touches.addWidget(self.heat_map, 1)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # top to bottom on a portrait screen
        self.body.setSpacing(40)
        self.body.addLayout(charts, 4)
        self.body.addLayout(touches, 5)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_title)
        self.export_row.addStretch(1)
        bottom.addLayout(self.export_row, 1)
        bottom.addWidget(self.back_button)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addLayout(figures)
        layout.addLayout(self.body, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status_label)
        self.retranslate()

    @property
    def charts(self) -> tuple[PageBars, VisitColumns, LanguageSplit]:
        return self.page_bars, self.visit_columns, self.language_split

    def _set_colours(self, colours: Palette) -> None:
        for chart in self.charts:
            chart.set_colours(colours)
        self.retranslate()  # the page bars take the pages' accents

    # --- behaviour --------------------------------------------------------------------------

    def open_overlay(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        width, height = parent.width(), parent.height()
        self.card.setFixedSize(round(width * 0.9), round(height * (0.92 if height > width else 0.86)))
        portrait = height > width
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(0, 6 if portrait else 4)
        for chart in self.charts:
            chart.set_scale(scale_for(width, height))
        self.heat_map.set_screen(self._screen())
        self._status = ""
        self._build_export_buttons()
        self.show_days(self.days)
        super().open_overlay()

    def go_back(self) -> None:
        self.close_overlay()
        self.back.emit()

    def show_days(self, days: int) -> None:
        self.days = days
        try:
            self.summary = self.store.summary(days)
        except InsightError as exc:
            self.summary = None
            self._status = self.tr("Could not read the visitor records: {reason}").format(reason=exc)
        self.retranslate()

    def _build_export_buttons(self) -> None:
        """One button per place (at most two sticks, then this computer); the buttons are reused."""
        folders = self._export_folders()
        shown = [*folders[:2], folders[-1]] if len(folders) > 3 else folders
        while len(self.export_buttons) < len(shown):
            button = staff_button(self.card, "staff-action", False)
            index = len(self.export_buttons)
            button.clicked.connect(lambda _=False, i=index: self.export_to(self._export_targets[i]))
            self.export_row.insertWidget(len(self.export_buttons), button)
            self.export_buttons.append(button)
        self._export_targets = shown
        for i, button in enumerate(self.export_buttons):
            button.setVisible(i < len(shown))
            if i < len(shown):
                own = shown[i] == folders[-1]  # the kiosk's own exports folder comes last
                button.setText(self.tr("This computer") if own else shown[i].name or str(shown[i]))

    def export_to(self, folder: Path) -> Path | None:
        try:
            if folder == self._export_folders()[-1]:
                folder.mkdir(parents=True, exist_ok=True)  # the kiosk's own folder; a stick must be there
            written = self.store.export_csv(folder, self._kiosk_id())
        except (OSError, InsightError) as exc:
            reason = f"{folder}: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)
            self._status = self.tr("Not exported: {reason}").format(reason=reason)
            self.retranslate()
            return None
        self._status = self.tr("Exported four CSV files to {folder}").format(folder=written)
        self.retranslate()
        return written

    # --- text -------------------------------------------------------------------------------

    def duration_text(self, seconds: float) -> str:
        whole = round(seconds)
        if whole < 60:
            return self.tr("{s} s").format(s=whole)
        if whole < 3600:
            return self.tr("{m} min {s} s").format(m=whole // 60, s=f"{whole % 60:02d}")
        return self.tr("{h} h {m} min").format(h=whole // 3600, m=f"{whole % 3600 // 60:02d}")

    def _locale(self) -> QLocale:
        return QLocale(self._language())

    def count_text(self, count: int) -> str:
        return self._locale().toString(count)

    def day_text(self, day: date) -> str:
        """A day under its column: the weekday, short, in the language."""
        return self._locale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Visitor insight"))
        self.range_buttons[1].setText(self.tr("Today"))
        self.range_buttons[7].setText(self.tr("Last 7 days"))
        for days, button in self.range_buttons.items():
            button.setChecked(days == self.days)
        self.figures["visits"][1].setText(self.tr("visits"))
        self.figures["median"][1].setText(self.tr("median visit, first to last touch"))
        self.figures["busiest"][1].setText(self.tr("busiest hour"))
        self.pages_title.setText(self.tr("Time per page"))
        self.visits_title.setText(self.tr("Visits per hour") if self.days == 1 else self.tr("Visits per day"))
        self.languages_title.setText(self.tr("Language at the end of the visit"))
        self.heat_title.setText(self.tr("Where visitors touch"))
        self.export_title.setText(self.tr("Export CSV to:"))
        self.back_button.setText(self.tr("Back to staff panel"))
        self.status_label.setText(self._status)
        self.status_label.setVisible(bool(self._status))
        no_visits = self.tr("No visits yet")
        for chart in self.charts:
            chart.empty_text = no_visits
        s = self.summary
        if s is None:
            for number, _ in self.figures.values():
                number.setText("-")
            self.page_bars.set_bars([], [])
            self.visit_columns.set_columns([], [], [])
            self.language_split.set_parts([])
            return
        lang = self._language()
        dataset = self._dataset()
        self.figures["visits"][0].setText(self.count_text(s.sessions))
        self.figures["median"][0].setText(self.duration_text(s.median_session_s) if s.sessions else "-")
        hour = s.busiest_hour
        self.figures["busiest"][0].setText("-" if hour is None else f"{hour:02d}:00–{(hour + 1) % 24:02d}:00")
        pages = {page.id: (i, page.title.in_language(lang)) for i, page in enumerate(dataset.pages)}
        colours = self.heat_map.colours
        shown = [(pages.get(page, (len(pages), page)), seconds) for page, seconds in s.pillar_seconds.items()]
        self.page_bars.set_bars(
            [Bar(title, seconds, self.duration_text(seconds)) for (_, title), seconds in shown],
            [accent(index, colours) for (index, _), _ in shown],
        )
        if self.days == 1:
            counts = s.visits_by_hour
            labels = [f"{h}:00" if h % 3 == 0 else "" for h in range(24)]
        else:
            counts = [n for _, n in s.visits_by_day]
            labels = [self.day_text(day) for day, _ in s.visits_by_day]
        self.visit_columns.set_columns(counts if s.sessions else [], labels, [self.count_text(n) for n in counts], at_edges=self.days == 1)
        total = sum(s.languages.values())
        names = {lg.code: lg.name for lg in dataset.languages}
        self.language_split.set_parts(
            [Bar(names.get(code, code), n, f"{self.count_text(round(100 * n / total))}%") for code, n in s.languages.items()]
            if total
            else []
        )
        self.heat_map.set_counts(s.heat)
