"""The typed content model. Field docs here are the exhibitor's documentation (`kiosk schema`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from kiosk.core.chart_kinds import CHART_KIND_NAMES, kinds_doc

SCHEMA_VERSION = 1
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
MAX_LANGUAGES = 4  # buttons on the language toggle in the header

# Hard limits, checked as content is loaded: far above what reads well (docs/copy-guide.md says what fits
# on screen), low enough that no text, list or number can stall a hall PC laying it out. A title or a
# label longer than SHORT_TEXT is a paste gone wrong; so is body text over LONG_TEXT.
SHORT_TEXT = 200  # characters: titles, headlines, labels, names, captions, ids, codes, photo files
LONG_TEXT = 2000  # characters: summaries, highlights, notes
# Lists are bounded the same way, near the most a screen holds (the bundled pages have up to 6 key figures,
# 6 highlights, 5 groups of 7 names, 3 charts): a page's panel has a segment per section, and past these
# its segments no longer fit their rows. Whether a given page's fit is for the layout audit.
# Combining marks (accents, vowel signs) in a row on one letter. Writing needs a few (Vietnamese stacks
# two, Hebrew and Tibetan four or five); "Zalgo" text stacks hundreds, and laying out 3,000 on one letter
# took the self-test 54 s. Unicode's stream-safe format (UAX #15) allows 30, but no text needs them.
MAX_MARKS_IN_A_ROW = 8
# A figure's size, in plain units: 10^15 is 1,000 trillion yuan, ten times China's yearly GDP.
MAX_FIGURE = 1e15

Unit = Literal["yuan", "percent", "percent_change", "count", "years", "tonnes"]
Qualifier = Literal["exact", "more_than", "under", "about", "at_least", "scale_class"]
# "log" is still read, so that the loader can say why a chart that asks for it is refused (kiosk.core.chart_kinds).
ChartScale = Literal["linear", "log"]


class Text(Mapping[str, str]):
    """A string in every language of the dataset, keyed by language code."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)

    def __getitem__(self, lang: str) -> str:
        return self._values[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Text({self._values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def in_language(self, lang: str) -> str:
        return self._values.get(lang, "")


def doc(text: str, **extra: object) -> dict[str, object]:
    return {"doc": text, **extra}


PERIOD_PATTERN = r"^\d{4}(-(H1|H2|Q[1-4]|YTD))?$"
_PERIOD_RE = re.compile(PERIOD_PATTERN)


@dataclass(frozen=True)
class Language:
    code: str = field(metadata=doc("Language code, also the key in every text, e.g. zh or en.", pattern=LANGUAGE_PATTERN))
    name: str = field(metadata=doc("The language's own name, as shown on the language toggle (中文, English).", max_length=40))


@dataclass(frozen=True)
class Source:
    id: str = field(metadata=doc("Identifier that indicators refer to.", pattern=ID_PATTERN))
    name: Text = field(metadata=doc("Who published the figures, shown as the source line."))
    document: Text = field(metadata=doc("Title of the document the figures come from."))
    note: Text | None = field(
        default=None, metadata=doc("How to read the source, e.g. which year 'this year' means.", max_length=LONG_TEXT)
    )


@dataclass(frozen=True)
class SeriesPoint:
    period: str = field(metadata=doc("Period of this point: 2023, 2023-H1, 2023-Q3 or 2023-YTD.", pattern=PERIOD_PATTERN))
    value: float = field(metadata=doc("Value in the indicator's unit."))


@dataclass(frozen=True)
class Indicator:
    id: str = field(metadata=doc("Unique identifier across the whole dataset.", pattern=ID_PATTERN))
    label: Text = field(metadata=doc("What is measured, shown under the number."))
    value: float = field(metadata=doc("The figure in plain units: 85 billion yuan is 85000000000, 36% is 36."))
    unit: Unit = field(metadata=doc("yuan, percent, percent_change (year-on-year growth), count, years or tonnes."))
    period: str | Text = field(
        metadata=doc("2023, 2023-H1, 2023-H2, 2023-Q1..Q4, 2023-YTD (year to date), or a text in every language.", pattern=PERIOD_PATTERN)
    )
    source: str = field(metadata=doc("Id of an entry in sources."))
    qualifier: Qualifier = field(
        default="exact",
        metadata=doc("exact, more_than, under, about, at_least or scale_class (千亿级: of the 100-billion class); always shown."),
    )
    counter: Text | None = field(
        default=None, metadata=doc("Measure word for counts (个, 家, 位); may be empty in a language.", allow_empty=True)
    )
    counts: str | None = field(
        default=None,
        metadata=doc(
            "count figures only: what is counted, in one plain English word (people, companies, platforms, projects, products). "
            "A chart's bars must count one kind of thing; without it, their measure words (counter) must agree.",
            pattern=ID_PATTERN,
        ),
    )
    note: Text | None = field(default=None, metadata=doc("The article's own wording or context.", max_length=LONG_TEXT))
    series: tuple[SeriesPoint, ...] = field(
        default=(),
        metadata=doc("Optional official time series, oldest first, at most 30 points. Leave empty unless published.", max_items=30),
    )
    names: str | None = field(
        default=None,
        metadata=doc(
            "Id of a group on the same page whose items this figure counts (the seven areas of a programme); its tile lists their names.",
            pattern=ID_PATTERN,
        ),
    )


@dataclass(frozen=True)
class Bar:
    indicator: str = field(metadata=doc("Id of the indicator whose value the bar shows."))
    label: Text | None = field(default=None, metadata=doc("What the bar is called; defaults to the indicator's label."))


@dataclass(frozen=True)
class Chart:
    id: str = field(metadata=doc("Unique identifier across the whole dataset.", pattern=ID_PATTERN))
    kind: str = field(metadata=doc(kinds_doc(), choices=CHART_KIND_NAMES))  # kiosk.core.chart_kinds: one entry a kind
    title: Text = field(metadata=doc("Heading of the chart."))
    bars: tuple[Bar, ...] = field(default=(), metadata=doc("The bars, top to bottom (not for time_series).", max_items=12))
    series: str | None = field(default=None, metadata=doc("time_series only: id of the indicator whose series is drawn."))
    scale: ChartScale = field(
        default="linear",
        metadata=doc(
            "linear, the only scale shown: a bar's length is its figure. 'log' is refused (visitors read length as size); "
            "show figures of very different size as key figures, not as bars of one chart."
        ),
    )
    note: Text | None = field(default=None, metadata=doc("A line under the chart, e.g. what its figures leave out.", max_length=LONG_TEXT))


@dataclass(frozen=True)
class Item:
    id: str = field(metadata=doc("Unique identifier across the whole dataset.", pattern=ID_PATTERN))
    name: Text = field(metadata=doc("Name of the industry, programme, institution or enterprise."))
    note: Text | None = field(default=None, metadata=doc("A short qualifier, e.g. its role."))


@dataclass(frozen=True)
class Group:
    id: str = field(metadata=doc("Unique identifier across the whole dataset.", pattern=ID_PATTERN))
    title: Text = field(metadata=doc("Heading of the group."))
    items: tuple[Item, ...] = field(metadata=doc("Named things in this group, 1 to 24.", min_items=1, max_items=24))


@dataclass(frozen=True)
class Photo:
    id: str = field(metadata=doc("Unique identifier across the whole dataset.", pattern=ID_PATTERN))
    file: str = field(
        metadata=doc("Image file, relative to the content folder, e.g. photos/qixia-lake/1.jpg; at most 200 characters.", path=True)
    )
    caption: Text = field(metadata=doc("Caption shown under the photo."))
    credit: Text | None = field(default=None, metadata=doc("Photographer or owner."))
    illustration: bool = field(default=False, metadata=doc("True for artwork made for the kiosk, shown with an 'Illustration' tag."))


@dataclass(frozen=True)
class Album:
    id: str = field(metadata=doc("Unique identifier across the whole dataset.", pattern=ID_PATTERN))
    title: Text = field(metadata=doc("Album title."))
    caption: Text = field(metadata=doc("The article's caption for this album."))
    # Halls keep thousands of photos in one album (kiosk check is measured on 2,000: docs/measurements.md).
    photos: tuple[Photo, ...] = field(default=(), metadata=doc("Photos in showing order, at most 5,000.", max_items=5000))


@dataclass(frozen=True)
class Page:
    """The overview or one pillar: the same parts, laid out differently."""

    id: str = field(metadata=doc("Unique identifier across the whole dataset.", pattern=ID_PATTERN))
    title: Text = field(metadata=doc("Short title, used on the tab bar (强产业)."))
    headline: Text = field(metadata=doc("The page's headline."))
    tagline: Text = field(metadata=doc("One line under the headline."))
    summary: Text = field(metadata=doc("Two or three sentences from the article.", max_length=LONG_TEXT))
    indicators: tuple[Indicator, ...] = field(default=(), metadata=doc("Every figure of this page, at most 24.", max_items=24))
    key_figures: tuple[str, ...] = field(
        default=(), metadata=doc("Ids of indicators (of any page) shown as large tiles, in order; at most 8.", max_items=8)
    )
    highlights: tuple[Text, ...] = field(
        default=(), metadata=doc("Short statements from the article, at most 12.", max_items=12, max_length=LONG_TEXT)
    )
    groups: tuple[Group, ...] = field(
        default=(), metadata=doc("Named industries, programmes, institutions, enterprises; at most 8.", max_items=8)
    )
    charts: tuple[Chart, ...] = field(
        default=(), metadata=doc("Animated charts of this page's figures, shown first in its panel; at most 4.", max_items=4)
    )
    albums: tuple[str, ...] = field(default=(), metadata=doc("Ids of albums shown on this page, at most 4.", max_items=4))


@dataclass(frozen=True)
class Dataset:
    schema_version: int = field(metadata=doc(f"Format version of this file; currently {SCHEMA_VERSION}."))
    title: Text = field(metadata=doc("Name of the place, shown in the header."))
    languages: tuple[Language, ...] = field(
        metadata=doc(
            f"Languages, in toggle order, 1 to {MAX_LANGUAGES}. Every text needs all of them.", min_items=1, max_items=MAX_LANGUAGES
        )
    )
    default_language: str = field(metadata=doc("Code of the language a new visitor sees."))
    sources: tuple[Source, ...] = field(metadata=doc("Where the figures come from, 1 to 50.", min_items=1, max_items=50))
    overview: Page = field(metadata=doc("The home page."))
    pillars: tuple[Page, ...] = field(metadata=doc("The pillar pages, in tab order, 1 to 8 (a tab each).", min_items=1, max_items=8))
    albums: tuple[Album, ...] = field(default=(), metadata=doc("Photo albums that pages refer to, at most 50.", max_items=50))

    @property
    def pages(self) -> tuple[Page, ...]:
        return (self.overview, *self.pillars)

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def indicator(self, indicator_id: str) -> Indicator:
        for page in self.pages:
            for ind in page.indicators:
                if ind.id == indicator_id:
                    return ind
        raise KeyError(indicator_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def album(self, album_id: str) -> Album:
        return next(a for a in self.albums if a.id == album_id)


def is_period_code(period: str) -> bool:
    return bool(_PERIOD_RE.fullmatch(period))  # `$` alone would let "2023\n" through
