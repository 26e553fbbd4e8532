"""A pillar page: title, headline and summary beside a panel of highlights and named groups, a
strip of key figures under them, and the source line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Album, Chart, Dataset, Group, Page
from kiosk.ui.language import LanguageController
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.replay import Replay
from kiosk.ui.theme import Palette, accent
from kiosk.ui.widgets.figure_tile import FigureTile
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin
from kiosk.ui.widgets.section_panel import SectionPanel

T = TypeVar("T")

if TYPE_CHECKING:  # imported where first needed: the home page (the first frame) has neither
    from kiosk.ui.photos.carousel import Carousel
    from kiosk.ui.widgets.chart_slot import ChartSlot


def _bullet_list(labels: list[QWidget], color: str) -> QWidget:
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(10)
    for label in labels:
        row = QHBoxLayout()
        row.setSpacing(14)
        dot = QLabel()
        dot.setProperty("role", "dot")
        dot.setStyleSheet(f"background: {color};")
        row.addWidget(dot, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        layout.addLayout(row)
    layout.addStretch(1)
    return widget


def _column(widgets: list[QWidget], spacing: int = 10) -> QWidget:
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for child in widgets:
        layout.addWidget(child)
    layout.addStretch(1)
    return widget


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class PhotoContext:
    """What a page needs to show albums: where photo files are, who decodes them, how fast to advance."""

    loader: PhotoLoader
    folder: Path
    interval_ms: int
    open_photo: Callable[[Album, int, str], None]  # album, index, accent: show it large


@dataclass(frozen=True)
class _Section:
    kind: str  # "chart", "highlights", "figures" or "groups"
    part: int
    parts: int
    groups: tuple[Group, ...] = ()
    chart: Chart | None = None
    album: Album | None = None


# What fits the panel at 1080p in the longer language; more goes to a further section.
HIGHLIGHTS_PER_SECTION = 3
FIGURE_ROWS_PER_SECTION = 3
GROUPS_PER_SECTION = 2


class PageView(RetranslateMixin, QWidget):
    """Shared by the overview and the pillars; they differ in what goes where."""

    def __init__(
        self,
        page: Page,
        index: int,
        dataset: Dataset,
        formatter: NumberFormatter,
        language: LanguageController,
        colours: Palette,
        *,
        motion_ms: int = 1100,
        photos: PhotoContext | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Page")
        self._colours = colours
        self._motion_ms = motion_ms
        self._photos = photos
        self.carousels: list[Carousel] = []
        self.page = page
        self.index = index
        self.accent = accent(index, colours)
        self._dataset = dataset
        self._formatter = formatter
        self._language = language
        self._portrait = False

        self.title_label = role_label("title", color=self.accent)
        self.headline_label = role_label("headline")
        self.tagline_label = role_label("tagline")
        self.summary_label = role_label("body")
        self.source_label = role_label("meta")
        self.key_tiles = [FigureTile(dataset.indicator(i), formatter, language, self.accent) for i in page.key_figures]
        self.tiles_replay = Replay(motion_ms, self)
        for tile in self.key_tiles:
            self.tiles_replay.add(tile.set_progress)
        self.chart_slots: list[ChartSlot] = []

        self._top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._top.setSpacing(56)
        self._top.addLayout(self._build_story_column(), 10)
        self._top.addWidget(self._build_side(), 9)
        self._tiles = QGridLayout()
        self._tiles.setSpacing(20)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(72, 12, 72, 12)
        outer.setSpacing(18)
        header = self._build_header()
        if header is not None:
            outer.addWidget(header)
        outer.addLayout(self._top, 1)
        outer.addLayout(self._tiles)
        outer.addWidget(self.source_label)
        self._place_tiles()
        self.retranslate()

    # --- layout -----------------------------------------------------------------------------

    def _build_header(self) -> QWidget | None:
        """Something across the full width above the columns; pillars have none."""
        return None

    def _build_story_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(self.title_label)
        column.addWidget(self.headline_label)
        column.addWidget(self.tagline_label)
        column.addSpacing(16)
        column.addWidget(self.summary_label)
        column.addStretch(1)
        return column

    def _build_side(self) -> QWidget:
        """Highlights, further figures and named groups, each split over as many sections as
        it takes to fit."""
        page = self.page
        self.panel = SectionPanel(self.accent)
        self.highlight_labels: list[QLabel] = [role_label("highlight") for _ in page.highlights]
        charted = {bar.indicator for chart in page.charts for bar in chart.bars}
        self.more_tiles = [
            FigureTile(ind, self._formatter, self._language, self.accent, compact=True)
            for ind in page.indicators
            if ind.id not in page.key_figures and ind.id not in charted
        ]
        self.group_labels: list[tuple[QLabel, QLabel]] = []  # (title, names) per group
        self._sections: list[_Section] = []
        from kiosk.ui.photos.carousel import Carousel
        from kiosk.ui.widgets.chart_slot import ChartSlot

        for chart in page.charts:
            slot = ChartSlot(chart, self._dataset, self._formatter, self._language, self.accent, self._colours, self._motion_ms)
            self.chart_slots.append(slot)
            self.panel.add_section(slot)
            self._sections.append(_Section("chart", 1, 1, chart=chart))
        if self._photos is not None:
            context = self._photos
            for album_id in page.albums:
                album = self._dataset.album(album_id)
                carousel = Carousel(album, context.folder, context.loader, self._language, self.accent, self._colours, context.interval_ms)
                carousel.tapped.connect(lambda index, album=album: context.open_photo(album, index, self.accent))
                carousel.set_still(self._motion_ms == 0)
                self.carousels.append(carousel)
                self.panel.add_section(carousel)
                self._sections.append(_Section("album", 1, 1, album=album))
        self.panel.section_changed.connect(self._on_section_changed)

        def add(kind: str, widgets: list[QWidget], part: int, parts: int, groups: tuple[Group, ...] = ()) -> None:
            self.panel.add_section(_bullet_list(widgets, self.accent) if kind == "highlights" else _column(widgets))
            self._sections.append(_Section(kind, part, parts, groups))

        chunks = _chunks(self.highlight_labels, HIGHLIGHTS_PER_SECTION)
        for part, chunk in enumerate(chunks, 1):
            add("highlights", list(chunk), part, len(chunks))
        figure_chunks = _chunks(self.more_tiles, FIGURE_ROWS_PER_SECTION)
        for part, figures in enumerate(figure_chunks, 1):
            add("figures", list(figures), part, len(figure_chunks))
        group_chunks = _chunks(list(page.groups), GROUPS_PER_SECTION)
        for part, groups in enumerate(group_chunks, 1):
            widgets: list[QWidget] = []
            for _group in groups:
                title, names = role_label("group-title"), role_label("highlight")
                self.group_labels.append((title, names))
                if len(groups) > 1:  # a lone group's title is the section heading
                    widgets.append(title)
                widgets.append(names)
            add("groups", widgets, part, len(group_chunks), tuple(groups))
        return self.panel

    def _tile_columns(self) -> int:
        return 2 if self._portrait else max(1, min(4, len(self.key_tiles)))

    def _place_tiles(self) -> None:
        columns = self._tile_columns()
        for tile in self.key_tiles:
            self._tiles.removeWidget(tile)
        for i, tile in enumerate(self.key_tiles):
            self._tiles.addWidget(tile, i // columns, i % columns)
        for c in range(4):
            self._tiles.setColumnStretch(c, 1 if c < columns else 0)

    def set_portrait(self, portrait: bool) -> None:
        if portrait != self._portrait:
            self._portrait = portrait
            self._top.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
            # Side by side the columns share the width 10:9; stacked, the story takes what it needs.
            self._top.setStretch(0, 0 if portrait else 10)
            self._top.setStretch(1, 1 if portrait else 9)
            self._place_tiles()

    # --- motion -----------------------------------------------------------------------------

    def build_charts(self, scale: float) -> None:
        for slot in self.chart_slots:
            slot.build(scale)

    def apply_scale(self, scale: float) -> None:
        for slot in self.chart_slots:
            slot.apply_scale(scale)

    def set_reach(self, on: bool) -> None:
        panel = getattr(self, "panel", None)
        if panel is not None:
            panel.set_reach(on)

    def set_photo_interval(self, interval_ms: int) -> None:
        for carousel in self.carousels:
            carousel.set_interval(interval_ms)

    def set_motion(self, motion_ms: int) -> None:
        """0 is reduced motion: figures and charts at their final state, photos change without a slide."""
        self._motion_ms = motion_ms
        self.tiles_replay.duration_ms = motion_ms
        for slot in self.chart_slots:
            slot.replay.duration_ms = motion_ms
        for carousel in self.carousels:
            carousel.set_still(motion_ms == 0)

    def enter(self) -> None:
        """The visitor arrives: figures count up, the visible chart grows."""
        self.tiles_replay.play()
        self._replay_current_chart()

    def finish_animation(self) -> None:
        self.tiles_replay.finish()
        for slot in self.chart_slots:
            slot.replay.finish()

    def _on_section_changed(self, index: int) -> None:
        self._replay_current_chart()

    def _replay_current_chart(self) -> None:
        current = self.panel.stack.currentWidget() if self.chart_slots else None
        if current in self.chart_slots:
            current.replay.play()

    # --- text -------------------------------------------------------------------------------

    def sources(self) -> list[str]:
        ids: list[str] = []
        for tile in self.key_tiles + self.more_tiles:
            if tile.indicator.source not in ids:
                ids.append(tile.indicator.source)
        return ids

    def retranslate(self) -> None:
        lang = self._language.language
        page = self.page
        self.title_label.setText(page.title.in_language(lang))
        self.headline_label.setText(page.headline.in_language(lang))
        self.tagline_label.setText(page.tagline.in_language(lang))
        self.summary_label.setText(page.summary.in_language(lang))
        for label, text in zip(self.highlight_labels, page.highlights, strict=True):
            label.setText(text.in_language(lang))
        names = "; ".join(self._dataset.source(s).name.in_language(lang) for s in self.sources())
        # Explicit context: subclasses share these strings.
        self.source_label.setText(QCoreApplication.translate("PageView", "Source: {source}").format(source=names))
        self._retranslate_side(lang)

    def _retranslate_side(self, lang: str) -> None:
        for (title, names), group in zip(self.group_labels, self.page.groups, strict=True):
            title.setText(group.title.in_language(lang))
            names.setText(
                "  ·  ".join(
                    QCoreApplication.translate("PageView", "{name} ({note})").format(
                        name=item.name.in_language(lang), note=item.note.in_language(lang)
                    )
                    if item.note
                    else item.name.in_language(lang)
                    for item in group.items
                )
            )
        for index, section in enumerate(self._sections):
            heading: str
            if section.chart is not None:
                heading = section.chart.title.in_language(lang)
            elif section.album is not None:
                heading = section.album.title.in_language(lang)
            elif section.kind == "groups" and len(section.groups) == 1:
                heading = section.groups[0].title.in_language(lang)
            else:
                heading = {
                    "highlights": QCoreApplication.translate("PageView", "Highlights"),
                    "figures": QCoreApplication.translate("PageView", "More figures"),
                    "groups": QCoreApplication.translate("PageView", "Names to know"),
                }[section.kind]
                if section.parts > 1:
                    heading = f"{heading} {section.part}/{section.parts}"
            self.panel.set_title(index, heading)
