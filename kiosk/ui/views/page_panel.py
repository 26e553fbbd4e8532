"""The panel beside a pillar's story: its charts, photo albums, highlights, further figures and named
groups, each split over as many sections as it takes to fit, each section titled on its segment.
A new kind of section is one `_add_...` method and one heading here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget

from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Album, Chart, Dataset, Group, Item, Page
from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveSettings
from kiosk.ui.navigation import Navigation
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.theme import FONT_FAMILY, LARGE_TEXT, READING_ROLES, TYPE_SCALE, Palette
from kiosk.ui.widgets.figure_tile import FigureTile
from kiosk.ui.widgets.fitted_section import NAMES_GROWTH, TEXT_GROWTH, FittedSection, bullet_rows
from kiosk.ui.widgets.labels import role_label, text_lines
from kiosk.ui.widgets.name_chips import NameChips
from kiosk.ui.widgets.section_panel import SectionPanel

T = TypeVar("T")

if TYPE_CHECKING:  # imported where first needed: the home page (the first frame) has neither
    from kiosk.ui.photos.carousel import Carousel
    from kiosk.ui.widgets.chart_slot import ChartSlot


def motion_setting(settings: LiveSettings) -> int:
    """How long figures count up and charts grow; 0 in reduced motion."""
    return 0 if settings["reduced_motion"] else int(settings["chart_animation_ms"])


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class PhotoContext:
    """What a page needs to show albums: where photo files are, who decodes them, who shows one large."""

    loader: PhotoLoader
    folder: Path
    open_photo: Callable[[Album, int, str], None]  # album, index, accent: show it large


@dataclass(frozen=True)
class _Section:
    kind: str  # "chart", "album", "highlights", "figures" or "group"
    part: int
    parts: int
    groups: tuple[Group, ...] = ()
    chart: Chart | None = None
    album: Album | None = None

    def heading(self, lang: str) -> str:
        """The section's title on its segment: what it holds (named groups: their own titles)."""
        titled = self.chart or self.album
        if titled is not None:
            return titled.title.in_language(lang)
        if self.groups:
            return " · ".join(group.title.in_language(lang) for group in self.groups)
        heading = {  # explicit context: these strings were the page's
            "highlights": QCoreApplication.translate("PageView", "Highlights"),
            "figures": QCoreApplication.translate("PageView", "More figures"),
        }[self.kind]
        return f"{heading} {self.part}" if self.parts > 1 else heading


# What fits the panel at 1080p in the longer language in larger text; more goes to a further section.
HIGHLIGHTS_PER_SECTION = 6
FIGURE_ROWS_PER_SECTION = 4
GROUPS_PER_SECTION = 4  # the segment names each of them
# The panel's text width at 1080p (the narrower of landscape and portrait), and the height its
# sections have: a pillar with a strip of figures under both columns, or with the full height.
PANEL_TEXT_WIDTH = 860
SECTION_HEIGHT = {"strip": 290, "full": 480}  # "full": what a portrait screen leaves in larger text
HIGHLIGHT_GAP = 10
CHIP_GAP = 12  # NameChips' spacing
GROUP_GAP = 14  # between a group's title, its chips and the next group


def _font(size: float, *, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(round(size))
    font.setBold(bold)
    return font


def group_packs(names: list[list[list[str]]], height: int, width: int = PANEL_TEXT_WIDTH) -> list[int]:
    """How many groups go to each section, in order: as many as fit `height` at 1080p in larger text,
    each under its title, its names as chips (names[group][language] is that group's names in a
    language), and no more than a segment can name."""
    chip = _font(TYPE_SCALE["label"] * LARGE_TEXT)
    metrics = QFontMetricsF(chip)
    pad = round(TYPE_SCALE["label"] * LARGE_TEXT * 0.7)
    chip_height = metrics.lineSpacing() + 2 * round(TYPE_SCALE["label"] * LARGE_TEXT * 0.3)
    title_height = QFontMetricsF(_font(TYPE_SCALE["meta"] * LARGE_TEXT, bold=True)).lineSpacing() + GROUP_GAP

    def rows(group_names: list[str]) -> int:
        count, x = 1, 0.0
        for name in group_names:
            w = min(metrics.horizontalAdvance(name) + 2 * pad, width)
            if x and x + CHIP_GAP + w > width:
                count, x = count + 1, w
            else:
                x += (CHIP_GAP if x else 0) + w
        return count

    needs = []
    for versions in names:
        chip_rows = max(rows(v) for v in versions)
        needs.append(title_height + chip_rows * chip_height + (chip_rows - 1) * CHIP_GAP + GROUP_GAP)
    return balanced_packs(needs, height, GROUPS_PER_SECTION)


def _greedy(needs: list[float], height: float, most: int) -> list[int]:
    packs: list[int] = []
    used = float(height)
    for need in needs:
        if packs and used + need <= height and packs[-1] < most:
            packs[-1] += 1
            used += need
        else:
            packs.append(1)
            used = need
    return packs


def balanced_packs(needs: list[float], height: float, most: int) -> list[int]:
    """As few sections as the items need (each at most `most` items, in order, filling `height`),
    shared out as evenly as they go: two half-full sections, not a full one and a near-empty one."""
    fewest = len(_greedy(needs, height, most))
    sums = sorted({sum(needs[i:j]) for i in range(len(needs)) for j in range(i + 1, len(needs) + 1)})
    for cap in (c for c in sums if c <= height):
        packs = _greedy(needs, cap, most)
        if len(packs) == fewest and all(sum(needs[sum(packs[:k]) : sum(packs[: k + 1])]) <= cap for k in range(len(packs))):
            return packs
    return _greedy(needs, height, most)


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


class PagePanel(SectionPanel):
    """Built once from its page; follows the language (`retranslate_sections`) and the page's motion
    and photo interval, which the page passes on."""

    def __init__(
        self,
        page: Page,
        dataset: Dataset,
        formatter: NumberFormatter,
        language: LanguageController,
        accent: str,
        colours: Palette,
        settings: LiveSettings,
        navigation: Navigation,
        *,
        index: int,
        photos: PhotoContext | None,
        named: set[str],
        full_height: bool,
    ) -> None:
        super().__init__(accent)
        self._page = page
        self._dataset = dataset
        self._formatter = formatter
        self._language = language
        self._colours = colours
        self._settings = settings
        self._navigation = navigation
        self._index = index
        self._height = SECTION_HEIGHT["full" if full_height else "strip"]
        self._sections: list[_Section] = []
        self.chart_slots: list[ChartSlot] = []
        self.carousels: list[Carousel] = []
        self.highlight_labels: list[QLabel] = [role_label("highlight") for _ in page.highlights]
        self.more_tiles: list[FigureTile] = []
        self.group_chips: list[NameChips] = []  # one per group, in order
        self.group_titles: list[QLabel | None] = []  # one per group in the panel; None where it is alone
        self.groups: list[Group] = []
        self.fitted: list[FittedSection] = []  # the sections that are read, set for the card
        self._role_px: dict[str, float] = self.role_sizes(1.0, 1.0)
        self._floor = 1.0
        motion_ms = motion_setting(settings)
        self._add_charts(motion_ms)
        if photos is not None:
            self._add_albums(photos, motion_ms, int(settings["carousel_interval_ms"]))
        self._add_highlights()
        self._add_figures()
        self._add_groups(named)
        self._follow(settings, navigation)

    def _follow(self, settings: LiveSettings, navigation: Navigation) -> None:
        """The visitor's section and reach, a new visitor's first photos, motion and photo interval."""
        self.set_reach(navigation.reach)
        self.show_section(navigation.section(self._index))
        self.section_changed.connect(self._on_section_changed)
        navigation.section_changed.connect(self._on_navigation_section)
        navigation.reach_changed.connect(self.set_reach)
        navigation.photos_rewound.connect(self.rewind_photos)
        for name in ("reduced_motion", "chart_animation_ms"):
            settings.changed_signal(name).connect(self._on_motion)
        settings.changed_signal("carousel_interval_ms").connect(self._on_photo_interval)

    def retire(self) -> None:
        navigation, settings = self._navigation, self._settings
        navigation.section_changed.disconnect(self._on_navigation_section)
        navigation.reach_changed.disconnect(self.set_reach)
        navigation.photos_rewound.disconnect(self.rewind_photos)
        for name in ("reduced_motion", "chart_animation_ms"):
            settings.changed_signal(name).disconnect(self._on_motion)
        settings.changed_signal("carousel_interval_ms").disconnect(self._on_photo_interval)

    def _on_navigation_section(self, page: int, section: int) -> None:
        if page == self._index:
            self.show_section(section)

    def _on_section_changed(self, section: int) -> None:
        self._navigation.show_section(self._index, section)
        self.replay_current_chart()

    def _on_motion(self, _value: object) -> None:
        """0 is reduced motion: charts at their final state, photos change without a slide."""
        motion_ms = motion_setting(self._settings)
        for slot in self.chart_slots:
            slot.replay.duration_ms = motion_ms
        for carousel in self.carousels:
            carousel.set_still(motion_ms == 0)

    def _on_photo_interval(self, interval_ms: object) -> None:
        for carousel in self.carousels:
            carousel.set_interval(int(interval_ms))  # type: ignore[call-overload]

    def rewind_photos(self) -> None:
        for carousel in self.carousels:
            carousel.go_to(0)

    def _add(self, widget: QWidget, section: _Section) -> None:
        self.add_section(widget)
        self._sections.append(section)

    def _add_fitted(self, items: list[QWidget | QLayout], section: _Section, spacing: int = 10, most: float = TEXT_GROWTH) -> None:
        fitted = FittedSection(items, spacing=spacing, most=most)
        fitted.set_sizes(self._role_px, self._floor)
        self.fitted.append(fitted)
        self._add(fitted, section)

    @staticmethod
    def role_sizes(scale: float, text_scale: float) -> dict[str, float]:
        """The pixel size of each text role a section is read in, before it is set for its card."""
        roles = ("highlight", "figure-label", "meta", "group-title", "chip", "chip-small")  # figures are large already
        return {role: TYPE_SCALE[READING_ROLES[role]] * scale * text_scale for role in roles}

    def set_text_size(self, scale: float, text_scale: float) -> None:
        """The screen's scale and the visitor's text size: the read sections set themselves anew."""
        self._role_px, self._floor = self.role_sizes(scale, text_scale), 1 / text_scale
        for fitted in self.fitted:
            fitted.set_sizes(self._role_px, self._floor)

    def _add_charts(self, motion_ms: int) -> None:
        from kiosk.ui.widgets.chart_slot import ChartSlot

        for chart in self._page.charts:
            slot = ChartSlot(chart, self._dataset, self._formatter, self._language, self._accent, self._colours, motion_ms)
            self.chart_slots.append(slot)
            self._add(slot, _Section("chart", 1, 1, chart=chart))

    def _add_albums(self, photos: PhotoContext, motion_ms: int, interval_ms: int) -> None:
        from kiosk.ui.photos.carousel import Carousel

        accent = self._accent
        for album_id in self._page.albums:
            album = self._dataset.album(album_id)
            carousel = Carousel(album, photos.folder, photos.loader, self._language, accent, self._colours, interval_ms)
            carousel.tapped.connect(lambda index, album=album: photos.open_photo(album, index, accent))
            carousel.set_still(motion_ms == 0)
            self.carousels.append(carousel)
            self._add(carousel, _Section("album", 1, 1, album=album))

    def _add_highlights(self) -> None:
        sizes = highlight_packs(
            [[text.in_language(lang) for lang in self._dataset.language_codes] for text in self._page.highlights],
            self._height,
        )
        starts = [sum(sizes[:i]) for i in range(len(sizes))]
        chunks = [self.highlight_labels[start : start + size] for start, size in zip(starts, sizes, strict=True)]
        for part, chunk in enumerate(chunks, 1):
            self._add_fitted(bullet_rows(list(chunk), self._accent), _Section("highlights", part, len(chunks)))

    def _add_figures(self) -> None:
        page = self._page
        charted = {bar.indicator for chart in page.charts for bar in chart.bars}
        self.more_tiles = [
            FigureTile(ind, self._formatter, self._language, self._accent, compact=True)
            for ind in page.indicators
            if ind.id not in page.key_figures and ind.id not in charted
        ]
        figure_chunks = _chunks(self.more_tiles, FIGURE_ROWS_PER_SECTION)
        for part, figures in enumerate(figure_chunks, 1):
            self._add_fitted(list(figures), _Section("figures", part, len(figure_chunks)))

    def _charted(self, group: Group) -> bool:
        """Every name of `group` is a row of one of the page's charts, in every language (the six
        target industries, charted by class): the chart shows them already."""
        from kiosk.core.chart_kinds import layout_chart

        for lang in self._dataset.language_codes:
            rows = {row.label for chart in self._page.charts for row in layout_chart(chart, self._dataset, self._formatter, lang).rows}
            if not {item.name.in_language(lang) for item in group.items} <= rows:
                return False
        return True

    def _add_groups(self, named: set[str]) -> None:
        """A group a key figure's tile lists (`named`) or a chart shows is not repeated here. The rest
        share sections, as many groups to a section as fit, each under its title; the segment names
        them all (a group alone in its section has its title there only)."""
        groups = [g for g in self._page.groups if g.id not in named and not self._charted(g)]
        languages = self._dataset.language_codes
        sizes = group_packs([[[item_text(item, lang) for item in g.items] for lang in languages] for g in groups], self._height)
        starts = [sum(sizes[:i]) for i in range(len(sizes))]
        packs = [groups[start : start + size] for start, size in zip(starts, sizes, strict=True)]
        self.groups = groups
        for pack in packs:
            items: list[QWidget | QLayout] = []
            for _group in pack:
                chips = NameChips()
                self.group_chips.append(chips)
                title = role_label("group-title") if len(pack) > 1 else None
                self.group_titles.append(title)
                if title is None:
                    items.append(chips)
                else:  # a group's title stays with its names; the room left goes between groups
                    block = QVBoxLayout()
                    block.setSpacing(GROUP_GAP)
                    block.addWidget(title)
                    block.addWidget(chips)
                    items.append(block)
            section = _Section("groups" if len(pack) > 1 else "group", 1, 1, groups=tuple(pack))
            self._add_fitted(items, section, spacing=GROUP_GAP, most=NAMES_GROWTH)

    def current_chart(self) -> ChartSlot | None:
        current = self.stack.currentWidget()
        return next((slot for slot in self.chart_slots if slot is current), None)

    def replay_current_chart(self) -> None:
        current = self.current_chart()
        if current is not None:
            current.replay.play()

    def retranslate_sections(self, lang: str) -> None:
        """Every section's words in `lang`. While the window is drawn ahead in another language (a quiet
        swap, kiosk.ui.language_picture), only what shows takes it up: sections out of sight keep their
        words, so the round trip leaves them nothing to lay out again at the tap that shows them (each
        first showing cost 15-27 ms of a section tap's frame at 1920x1080)."""
        shown_only = self._language.swapped

        def told(widget: QWidget) -> bool:
            return not shown_only or widget.isVisible()

        for label, text in zip(self.highlight_labels, self._page.highlights, strict=True):
            if told(label):
                label.setText(text.in_language(lang))
        for chips, group in zip(self.group_chips, self.groups, strict=True):
            if told(chips):
                chips.set_names([item_text(item, lang) for item in group.items])
        for title, group in zip(self.group_titles, self.groups, strict=True):
            if title is not None and told(title):
                title.setText(group.title.in_language(lang))
        for index, section in enumerate(self._sections):
            self.set_title(index, section.heading(lang))
        for fitted in self.fitted:
            if told(fitted):
                fitted.refit()


def item_text(item: Item, lang: str) -> str:
    if item.note:
        return QCoreApplication.translate("PageView", "{name} ({note})").format(
            name=item.name.in_language(lang), note=item.note.in_language(lang)
        )
    return item.name.in_language(lang)
