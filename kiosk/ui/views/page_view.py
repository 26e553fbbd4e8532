"""A pillar page: title, headline and summary over its key figures on the left; on the right, the
full height, a panel of charts, photos, highlights and named groups chosen by their titles; the
source line under both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Dataset, Group, Page
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveSettings
from kiosk.ui.navigation import Navigation
from kiosk.ui.replay import Replay
from kiosk.ui.theme import LARGE_TEXT, Palette, accent
from kiosk.ui.views.page_panel import PagePanel, PhotoContext, motion_setting
from kiosk.ui.widgets.figure_tile import FigureTile
from kiosk.ui.widgets.labels import HeadingLabel, role_label
from kiosk.ui.widgets.name_chips import NameChips
from kiosk.ui.widgets.retranslatable import RetranslateMixin
from kiosk.ui.widgets.sized_by_parent import SizedByParent

if TYPE_CHECKING:  # imported where first needed: the home page (the first frame) has neither
    from kiosk.ui.photos.carousel import Carousel
    from kiosk.ui.widgets.chart_slot import ChartSlot


class PageView(SizedByParent, RetranslateMixin, QWidget):
    """Shared by the overview and the pillars; they differ in what goes where. Each page follows the
    visitor's navigation (its section, reach, a new visitor's first photos) and the settings it uses
    (motion, photo interval) itself; the window only lays it out."""

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
        settings: LiveSettings,
        navigation: Navigation,
        photos: PhotoContext | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Page")
        self._colours = colours
        self._settings = settings
        self._navigation = navigation
        self._motion_ms = motion_ms = motion_setting(settings)
        self._photos = photos
        self.carousels: list[Carousel] = []
        self.panel: PagePanel | None = None  # the overview has none
        self.chart_slots: list[ChartSlot] = []
        self.more_tiles: list[FigureTile] = []
        self.highlight_labels: list[QLabel] = []
        self.group_chips: list[NameChips] = []
        self.page = page
        self.index = index
        self.accent = accent(index, colours)
        self._dataset = dataset
        self._formatter = formatter
        self._language = language
        self.portrait = False

        # Children of the page from the start: one a layout does not place (the overview's title, which
        # the header shows) goes with the page, not left over as a window of its own.
        self.title_label = HeadingLabel("title", self, color=self.accent)
        self.headline_label = HeadingLabel("headline", self)
        self.tagline_label = HeadingLabel("tagline", self)
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

        self._tiles = QGridLayout()
        self._tiles.setSpacing(20)
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addLayout(self._build_story_column(), 1)
        if self._under_story:  # straight under the story they count for, not across a gap at the foot
            left.addLayout(self._tiles)
            left.addStretch(1)
            left.setStretch(0, 0)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(48)
        self.columns.addLayout(left, self.SHARES[0])
        self.columns.addWidget(self._build_side(), self.SHARES[1])

        outer = QVBoxLayout(self)
        outer.setContentsMargins(72, 12, 72, 12)
        outer.setSpacing(18)
        header = self._build_header()
        if header is not None:
            outer.addWidget(header)
        outer.addLayout(self.columns, 1)
        if not self._under_story:
            outer.addLayout(self._tiles)
        outer.addWidget(self.source_label)
        self._place_tiles()
        self.retranslate()
        for name in ("reduced_motion", "chart_animation_ms"):
            settings.changed_signal(name).connect(self._on_motion)
        self.text_size = TextSize(self, navigation)  # (the window asks for build_charts and apply_scale)

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
        column.addSpacing(6)
        column.addWidget(self.summary_label)
        column.addStretch(1)
        return column

    def _build_side(self) -> QWidget:
        """The panel: charts, photos, highlights, further figures and named groups."""
        self.panel = panel = PagePanel(
            self.page,
            self._dataset,
            self._formatter,
            self._language,
            self.accent,
            self._colours,
            self._settings,
            self._navigation,
            index=self.index,
            photos=self._photos,
            named={tile.names.id for tile in self.key_tiles if tile.names is not None},
            full_height=self._under_story,
        )
        self.chart_slots, self.carousels, self.more_tiles = panel.chart_slots, panel.carousels, panel.more_tiles
        self.highlight_labels, self.group_chips = panel.highlight_labels, panel.group_chips
        return panel

    def _tile_columns(self) -> int:
        if self._under_story:
            return 2
        return 2 if self.portrait else min(4, len(self.key_tiles))

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
        if portrait != self.portrait:
            self.portrait = portrait
            self.columns.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
            self.text_size.share_width()
            self._place_tiles()

    # --- motion -----------------------------------------------------------------------------

    def build_charts(self, scale: float) -> None:
        self.text_size.build_charts(scale)

    def apply_scale(self, scale: float) -> None:
        self.text_size.apply_scale(scale)

    def _on_motion(self, _value: object) -> None:
        """0 is reduced motion: figures at their final state (the panel sees to its charts and photos)."""
        self._motion_ms = self.tiles_replay.duration_ms = motion_setting(self._settings)

    def enter(self) -> None:
        """The visitor arrives: figures count up, the visible chart grows."""
        self.tiles_replay.play()
        if self.panel is not None:
            self.panel.replay_current_chart()

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
        current = self.panel.current_chart() if self.panel is not None else None
        if current is not None:
            current.replay.rewind()

    def retire(self) -> None:
        """The page is being replaced (a rebuild): at rest, and no longer following the visitor or the
        settings while it waits to be deleted."""
        self.finish_animation()
        for name in ("reduced_motion", "chart_animation_ms"):
            self._settings.changed_signal(name).disconnect(self._on_motion)
        self.text_size.retire()
        if self.panel is not None:
            self.panel.retire()

    def finish_animation(self) -> None:
        self.tiles_replay.finish()
        for slot in self.chart_slots:
            slot.replay.finish()

    # --- sections -----------------------------------------------------------------------------

    @property
    def sections(self) -> int:
        """How many sections the page's panel has (the overview: none)."""
        return self.panel.count if self.panel is not None else 0

    @property
    def current_section(self) -> int:
        return self.panel.current if self.panel is not None else 0

    def show_section(self, index: int) -> None:
        """Section `index` of the panel (one that is not there: nothing happens)."""
        if self.panel is not None:
            self.panel.show_section(index)

    def section_of(self, widget: QWidget) -> int:
        """The section that shows `widget` (a chart slot or a carousel of this page), or -1."""
        return self.panel.stack.indexOf(widget) if self.panel is not None else -1

    def rewind_photos(self) -> None:
        """Every album back at its first photo (a new visitor; the panel does so by itself then)."""
        if self.panel is not None:
            self.panel.rewind_photos()

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
        if self.panel is None:  # the overview's highlights are under its headline
            for label, text in zip(self.highlight_labels, page.highlights, strict=True):
                label.setText(text.in_language(lang))
        names = "; ".join(self._dataset.source(s).name.in_language(lang) for s in self.sources())
        # Explicit context: subclasses share these strings.
        self.source_label.setText(QCoreApplication.translate("PageView", "Source: {source}").format(source=names))
        self._retranslate_side(lang)

    def _retranslate_side(self, lang: str) -> None:
        if self.panel is not None:
            self.panel.retranslate_sections(lang)


class TextSize(QObject):
    """How large a page sets its words, a seam of its own: the visitor's text size and the screen's
    scale for the panel's read sections and its charts, and the share of the width the story takes."""

    # Larger text: the story's words and its figures' labels need the room more, unless the panel has
    # a chart of many rows, whose words need the width to keep their size.
    LARGE_TEXT_SHARES = (10, 10)
    MANY_ROWS = 6
    CHART_ROW_PX = 60  # at 1080p: the height a chart's row needs to set its words in larger text

    def __init__(self, view: PageView, navigation: Navigation) -> None:
        super().__init__(view)
        self._view = view
        self._navigation = navigation
        self.scale = 1.0  # the screen's, as the stack last gave it
        self._chart_scales: dict[ChartSlot, float] = {}
        navigation.large_text_changed.connect(self._on_large_text)
        if view.panel is not None and view.chart_slots:
            view.panel.stack.installEventFilter(self)
        self.share_width()  # a page built while larger text is on (a content reload) starts with its shares

    def retire(self) -> None:
        self._navigation.large_text_changed.disconnect(self._on_large_text)

    @property
    def text_scale(self) -> float:
        """The visitor's text size: larger text reaches every text of the page, charts' included."""
        return LARGE_TEXT if self._navigation.large_text else 1.0

    def share_width(self) -> None:
        """Side by side the columns share the width (the story more of it in larger text); stacked,
        the story takes what it needs."""
        view = self._view
        many_rows = any(len(slot.chart.bars) >= self.MANY_ROWS for slot in view.chart_slots)
        roomy = self._navigation.large_text and len(view.key_tiles) <= view.MAX_TILES_UNDER_STORY and not many_rows
        shares = self.LARGE_TEXT_SHARES if roomy else view.SHARES
        portrait = view.portrait
        view.columns.setStretch(0, 0 if portrait else shares[0])
        view.columns.setStretch(1, 1 if portrait else shares[1])

    def chart_scale(self, slot: ChartSlot) -> float:
        """A chart sets its words at its scale: the screen's, times the visitor's text size where the
        panel has the room for its rows (a chart of six rows under three rows of segments keeps them
        at the normal size rather than squeeze them under it)."""
        text_scale, panel = self.text_scale, self._view.panel
        if text_scale != 1.0 and panel is not None:
            rows = max(1, len(slot.chart.bars))
            if panel.stack.height() < rows * self.CHART_ROW_PX * self.scale * text_scale:
                text_scale = 1.0
        return self.scale * text_scale

    def build_charts(self, scale: float) -> None:
        self.scale = scale
        for slot in self._view.chart_slots:
            self._chart_scales[slot] = self.chart_scale(slot)
            slot.build(self._chart_scales[slot])

    def _rescale_charts(self) -> None:
        for slot in self._view.chart_slots:
            scale = self.chart_scale(slot)
            if self._chart_scales.get(slot) != scale:
                self._chart_scales[slot] = scale
                slot.apply_scale(scale)

    def apply_scale(self, scale: float) -> None:
        self.scale = scale
        self._rescale_charts()
        if self._view.panel is not None:
            self._view.panel.set_text_size(scale, self.text_scale)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """The panel's sections change height (the page resized, its segments rewrapped in another
        language): that decides how large its charts set their words."""
        if event.type() == QEvent.Type.Resize:
            self._rescale_charts()
        return False

    def _on_large_text(self, _on: bool) -> None:
        self.share_width()
        self.apply_scale(self.scale)


def language_pending(view: PageView) -> bool:
    """Whether a language switch stopped at `view` while hidden and is still to be taken up."""
    return view._page_language_stale


def take_up_language(view: PageView) -> None:
    """A switch that stopped at `view` while hidden, taken up now, the page hidden still (drawn
    ahead of time for a slide): each widget notes it, then takes it up."""
    if view._page_language_stale:
        view._page_language_stale = False
        QWidget.event(view, QEvent(QEvent.Type.LanguageChange))  # past PageView.event, which would hold it
        for widget in [view, *view.findChildren(QWidget)]:
            if isinstance(widget, RetranslateMixin):
                widget.catch_up_language()
