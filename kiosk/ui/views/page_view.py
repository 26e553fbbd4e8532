"""A pillar page: title, headline and summary over its key figures on the left; on the right, the
full height, a panel of charts, photos, highlights and named groups chosen by their titles; the
source line under both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Album, Chart, Dataset, Group, Item, Page
from kiosk.ui.language import LanguageController
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.replay import Replay
from kiosk.ui.theme import FONT_FAMILY, TYPE_SCALE, Palette, accent
from kiosk.ui.widgets.figure_tile import FigureTile
from kiosk.ui.widgets.labels import HeadingLabel, role_label, text_lines
from kiosk.ui.widgets.name_chips import NameChips
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
    kind: str  # "chart", "album", "highlights", "figures" or "group"
    part: int
    parts: int
    group: Group | None = None
    chart: Chart | None = None
    album: Album | None = None


# What fits the panel at 1080p in the longer language; more goes to a further section.
HIGHLIGHTS_PER_SECTION = 6
FIGURE_ROWS_PER_SECTION = 4
# The panel's text width at 1080p (the narrower of landscape and portrait), and the height its
# sections have: a pillar with a strip of figures under both columns, or with the full height.
PANEL_TEXT_WIDTH = 860
SECTION_HEIGHT = {"strip": 290, "full": 480}  # "full": what a portrait screen leaves in larger text
HIGHLIGHT_GAP = 10
CHIP_GAP = 12  # NameChips' spacing
GROUP_GAP = 14  # between a group's title, its chips and the next group


def _font(size: int, *, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(size)
    font.setBold(bold)
    return font


def group_packs(names: list[list[list[str]]], height: int, width: int = PANEL_TEXT_WIDTH) -> list[int]:
    """How many groups go to each section, in order: as many as fit `height` at 1080p, each under
    its title, its names as chips (names[group][language] is that group's names in a language)."""
    chip = _font(TYPE_SCALE["label"])
    metrics = QFontMetricsF(chip)
    pad = round(TYPE_SCALE["label"] * 0.7)
    chip_height = metrics.lineSpacing() + 2 * round(TYPE_SCALE["label"] * 0.3)
    title_height = QFontMetricsF(_font(TYPE_SCALE["meta"], bold=True)).lineSpacing() + GROUP_GAP

    def rows(group_names: list[str]) -> int:
        count, x = 1, 0.0
        for name in group_names:
            w = min(metrics.horizontalAdvance(name) + 2 * pad, width)
            if x and x + CHIP_GAP + w > width:
                count, x = count + 1, w
            else:
                x += (CHIP_GAP if x else 0) + w
        return count

    packs: list[int] = []
    used = float(height)
    for versions in names:
        chip_rows = max(rows(v) for v in versions)
        need = title_height + chip_rows * chip_height + (chip_rows - 1) * CHIP_GAP + GROUP_GAP
        if packs and used + need <= height:
            packs[-1] += 1
            used += need
        else:
            packs.append(1)
            used = need
    return packs


def highlight_packs(texts: list[list[str]], height: int, width: int = PANEL_TEXT_WIDTH) -> list[int]:
    """How many highlights go to each section, in order: as many as fit `height` at 1080p in the
    language that wraps them longest (each highlight's texts in every language)."""
    font = _font(TYPE_SCALE["label"])
    line = QFontMetricsF(font).lineSpacing()
    packs: list[int] = []
    used = float(height)
    for versions in texts:
        need = max(len(text_lines(t, font, width)) for t in versions) * line + HIGHLIGHT_GAP
        if packs and used + need <= height and packs[-1] < HIGHLIGHTS_PER_SECTION:
            packs[-1] += 1
            used += need
        else:
            packs.append(1)
            used = need
    if len(packs) > 1 and packs[-1] == 1 and packs[-2] > 2:  # no section of one lone bullet
        packs[-2] -= 1
        packs[-1] += 1
    return packs


class PageView(RetranslateMixin, QWidget):
    """Shared by the overview and the pillars; they differ in what goes where."""

    _page_language_stale = False

    # A pillar's key figures (up to four) sit under its story, so the panel has the full height;
    # more run across the page under both, as on the overview.
    MAX_TILES_UNDER_STORY = 4
    MAX_TILES_WITH_NAMES = 2  # a tile that lists names takes a whole row
    SHARES = (9, 11)  # of the width: story (and its figures), panel (its section titles want the room)

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

        self.title_label = HeadingLabel("title", color=self.accent)
        self.headline_label = HeadingLabel("headline")
        self.tagline_label = HeadingLabel("tagline")
        self.summary_label = role_label("body")
        self.source_label = role_label("meta")
        # Under the story a tile has the room to name what it counts; in a strip across the page
        # the names stay in the panel.
        self._under_story = len(page.key_figures) <= self.MAX_TILES_UNDER_STORY
        self.key_tiles = [
            FigureTile(
                dataset.indicator(i),
                formatter,
                language,
                self.accent,
                names=self._counted(dataset.indicator(i).names) if len(page.key_figures) <= self.MAX_TILES_WITH_NAMES else None,
                small=self._under_story and len(page.key_figures) > self.MAX_TILES_WITH_NAMES,
            )
            for i in page.key_figures
        ]
        self.tiles_replay = Replay(motion_ms, self)
        for tile in self.key_tiles:
            self.tiles_replay.add(tile.set_progress)
        self.chart_slots: list[ChartSlot] = []

        self._tiles = QGridLayout()
        self._tiles.setSpacing(20)
        left = QVBoxLayout()
        left.setSpacing(20)
        left.addLayout(self._build_story_column(), 1)
        if self._under_story:
            left.addLayout(self._tiles)
        self._top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._top.setSpacing(48)
        self._top.addLayout(left, self.SHARES[0])
        self._top.addWidget(self._build_side(), self.SHARES[1])

        outer = QVBoxLayout(self)
        outer.setContentsMargins(72, 12, 72, 12)
        outer.setSpacing(18)
        header = self._build_header()
        if header is not None:
            outer.addWidget(header)
        outer.addLayout(self._top, 1)
        if not self._under_story:
            outer.addLayout(self._tiles)
        outer.addWidget(self.source_label)
        self._place_tiles()
        self.retranslate()

    # --- layout -----------------------------------------------------------------------------

    def _counted(self, group_id: str | None) -> Group | None:
        return next((g for g in self.page.groups if g.id == group_id), None) if group_id else None

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
        self.group_chips: list[NameChips] = []  # one per group, in order
        self.group_titles: list[QLabel | None] = []  # one per group in the panel; None where it is alone
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

        def add(kind: str, widget: QWidget, part: int = 1, parts: int = 1, group: Group | None = None) -> None:
            self.panel.add_section(widget)
            self._sections.append(_Section(kind, part, parts, group=group))

        sizes = highlight_packs(
            [[text.in_language(lang) for lang in self._dataset.language_codes] for text in page.highlights],
            SECTION_HEIGHT["strip" if not self._under_story else "full"],
        )
        starts = [sum(sizes[:i]) for i in range(len(sizes))]
        chunks = [self.highlight_labels[start : start + size] for start, size in zip(starts, sizes, strict=True)]
        for part, chunk in enumerate(chunks, 1):
            add("highlights", _bullet_list(list(chunk), self.accent), part, len(chunks))
        figure_chunks = _chunks(self.more_tiles, FIGURE_ROWS_PER_SECTION)
        for part, figures in enumerate(figure_chunks, 1):
            add("figures", _column(list(figures)), part, len(figure_chunks))
        # A group a key figure's tile lists is not repeated here. The rest share sections, as
        # many groups to a section as fit, each under its title; a group alone in its section
        # has its title on the section's segment.
        named = {tile.names.id for tile in self.key_tiles if tile.names is not None}
        groups = [g for g in page.groups if g.id not in named]
        languages = self._dataset.language_codes
        sizes = group_packs(
            [[[self._item_text(item, lang) for item in g.items] for lang in languages] for g in groups],
            SECTION_HEIGHT["full" if self._under_story else "strip"],
        )
        starts = [sum(sizes[:i]) for i in range(len(sizes))]
        packs = [groups[start : start + size] for start, size in zip(starts, sizes, strict=True)]
        self._panel_groups = groups
        shared_packs = [pack for pack in packs if len(pack) > 1]
        for pack in packs:
            widgets: list[QWidget] = []
            for _group in pack:
                chips = NameChips()
                self.group_chips.append(chips)
                if len(pack) > 1:
                    title = role_label("group-title")
                    self.group_titles.append(title)
                    widgets.append(title)
                else:
                    self.group_titles.append(None)
                widgets.append(chips)
            if len(pack) > 1:
                add("groups", _column(widgets, spacing=14), shared_packs.index(pack) + 1, len(shared_packs))
            else:
                add("group", _column(widgets, spacing=14), group=pack[0])
        return self.panel

    def _tile_columns(self) -> int:
        if self._under_story:
            return 2
        return 2 if self._portrait else min(4, len(self.key_tiles))

    def _place_tiles(self) -> None:
        """Row by row; a tile that lists names, or one left alone in its row, takes the whole row."""
        columns = self._tile_columns()
        for tile in self.key_tiles:
            self._tiles.removeWidget(tile)
        row = column = 0
        for i, tile in enumerate(self.key_tiles):
            last = i == len(self.key_tiles) - 1
            wide = tile.names is not None or (column == 0 and last)
            if wide and column:
                row, column = row + 1, 0
            span = columns if wide else 1
            self._tiles.addWidget(tile, row, column, 1, span)
            column += span
            if column >= columns:
                row, column = row + 1, 0
        for c in range(4):
            self._tiles.setColumnStretch(c, 1 if c < columns else 0)

    def set_portrait(self, portrait: bool) -> None:
        if portrait != self._portrait:
            self._portrait = portrait
            self._top.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
            # Side by side the columns share the width; stacked, the story takes what it needs.
            self._top.setStretch(0, 0 if portrait else self.SHARES[0])
            self._top.setStretch(1, 1 if portrait else self.SHARES[1])
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

    def event(self, event: QEvent) -> bool:
        """A language switch stops at a page nobody sees: Qt would send it on to each of the
        page's few hundred widgets, each through the kiosk's input filters, only for them to
        note it for later. The page takes it up when shown (showEvent), before it is drawn."""
        if event.type() == QEvent.Type.LanguageChange and not self.isVisible():
            self._page_language_stale = True
            return True
        return super().event(event)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if self._page_language_stale:  # its widgets are shown by now: they retranslate at once
            self._page_language_stale = False
            QCoreApplication.sendEvent(self, QEvent(QEvent.Type.LanguageChange))
        super().showEvent(event)

    def rewind(self) -> None:
        """The state `enter` starts from (figures at zero, the chart not grown), still."""
        self.tiles_replay.rewind()
        current = self.panel.stack.currentWidget() if self.chart_slots else None
        if current in self.chart_slots:
            current.replay.rewind()

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
        for chips, group in zip(self.group_chips, self._panel_groups, strict=True):
            chips.set_names([self._item_text(item, lang) for item in group.items])
        for title, group in zip(self.group_titles, self._panel_groups, strict=True):
            if title is not None:
                title.setText(group.title.in_language(lang))
        for index, section in enumerate(self._sections):
            heading: str
            if section.chart is not None:
                heading = section.chart.title.in_language(lang)
            elif section.album is not None:
                heading = section.album.title.in_language(lang)
            elif section.group is not None:
                heading = section.group.title.in_language(lang)
            else:
                heading = {
                    "highlights": QCoreApplication.translate("PageView", "Highlights"),
                    "figures": QCoreApplication.translate("PageView", "More figures"),
                    "groups": QCoreApplication.translate("PageView", "Key names"),
                }[section.kind]
                if section.parts > 1:
                    heading = f"{heading} {section.part}"
            self.panel.set_title(index, heading)

    @staticmethod
    def _item_text(item: Item, lang: str) -> str:
        if item.note:
            return QCoreApplication.translate("PageView", "{name} ({note})").format(
                name=item.name.in_language(lang), note=item.note.in_language(lang)
            )
        return item.name.in_language(lang)
