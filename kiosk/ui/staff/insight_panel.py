"""Visitor insight for staff: today or the last 7 days: visits, median visit length, time per page,
the language split and a touch heat map over a miniature of the screen; export to CSV on a USB
stick (or the kiosk's own exports folder)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.core.content.model import Dataset
from kiosk.core.insight import InsightError, InsightStore, Summary
from kiosk.ui.staff.overlay import Overlay
from kiosk.ui.staff.staff_panel import staff_button
from kiosk.ui.theme import Palette
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin


class InsightPanel(RetranslateMixin, Overlay):
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
    ) -> None:
        super().__init__(parent, idle_close_ms)
        from kiosk.ui.charts.heat_map import HeatMap

        self.store = store
        self._dataset = dataset
        self._language = language
        self._screen = screen
        self._export_folders = export_folders
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
        self.figures_label = role_label("staff-health", card)
        self.pages_label = role_label("staff-health", card)
        self.heat_title = role_label("section", card)
        self.heat_map = HeatMap(colours, card)
        self.export_title = role_label("section", card)
        self.export_row = QHBoxLayout()
        self.export_row.setSpacing(10)
        self.export_buttons: list[QPushButton] = []
        self._export_targets: list[Path] = []
        self.status_label = role_label("hint", card)
        self.close_button = staff_button(card, "staff-action", False)
        self.close_button.clicked.connect(self.close_overlay)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        for button in self.range_buttons.values():
            top.addWidget(button)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.figures_label)
        left.addWidget(self.pages_label, 1)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self.heat_title)
        right.addWidget(self.heat_map, 1)
        columns = QGridLayout()
        columns.setHorizontalSpacing(40)
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.setColumnStretch(0, 4)
        columns.setColumnStretch(1, 5)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_title)
        self.export_row.addStretch(1)
        bottom.addLayout(self.export_row, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status_label)
        self.retranslate()

    # --- behaviour --------------------------------------------------------------------------

    def open_overlay(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.card.setFixedSize(round(parent.width() * 0.9), round(parent.height() * 0.86))
        self.heat_map.set_screen(self._screen())
        self._status = ""
        self._build_export_buttons()
        self.show_days(self.days)
        super().open_overlay()

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
            written = self.store.export_csv(folder)
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

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Visitor insight"))
        self.range_buttons[1].setText(self.tr("Today"))
        self.range_buttons[7].setText(self.tr("Last 7 days"))
        for days, button in self.range_buttons.items():
            button.setChecked(days == self.days)
        self.heat_title.setText(self.tr("Where visitors touch"))
        self.export_title.setText(self.tr("Export CSV to:"))
        self.close_button.setText(self.tr("Close"))
        self.status_label.setText(self._status)
        s = self.summary
        if s is None:
            self.figures_label.setText("")
            self.pages_label.setText("")
            return
        lang = self._language()
        dataset = self._dataset()
        total = sum(s.languages.values())
        split = " · ".join(
            f"{next((lg.name for lg in dataset.languages if lg.code == code), code)} {round(100 * n / total)}%"
            for code, n in s.languages.items()
        )
        self.figures_label.setText(
            "\n".join(
                (
                    self.tr("Visits: {count}").format(count=s.sessions),
                    self.tr("Median visit: {length}").format(length=self.duration_text(s.median_session_s)),
                    self.tr("Languages: {split}").format(split=split or "-"),
                    self.tr("Woken from the attract loop: {count}").format(count=s.attract_wakes),
                    self.tr("Touches: {count}").format(count=s.taps),
                )
            )
        )
        titles = {page.id: page.title.in_language(lang) for page in dataset.pages}
        lines = [self.tr("Time per page:")]
        lines += [f"  {titles.get(page, page)}: {self.duration_text(seconds)}" for page, seconds in s.pillar_seconds.items()]
        if not s.pillar_seconds:
            lines.append("  -")
        self.pages_label.setText("\n".join(lines))
        self.pages_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.heat_map.set_counts(s.heat)
