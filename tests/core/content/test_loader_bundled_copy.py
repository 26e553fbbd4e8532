"""The bundled copy fits the screen it is written for (docs/copy-guide.md): every pillar's panel is full
of the article's material, and every label is short enough for the place it is shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.content.model import Dataset, Page, Text


def bundled() -> Dataset:
    result = load_content(resources.bundled_content_dir())
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.dataset is not None
    return result.dataset


DATASET = bundled()
PILLARS = {page.id: page for page in DATASET.pillars}


def _too_long(text: Text, zh: int, en: int) -> bool:
    return len(text["zh"]) > zh or len(text["en"]) > en


@pytest.mark.parametrize("page", PILLARS.values(), ids=PILLARS.keys())
def test_every_pillar_fills_its_panel(page: Page) -> None:
    """No one-bullet highlights, no one-bar chart, no one-name group: each says something."""
    assert 3 <= len(page.highlights) <= 6, "the panel shows 3 to 6 highlights in one section"
    for highlight in page.highlights:
        assert highlight["zh"] not in page.summary["zh"], f"repeats the summary: {highlight['zh']}"
    for chart in page.charts:
        if chart.kind != "time_series":
            assert len(chart.bars) >= 2, f"{chart.id}: a one-bar chart compares nothing"
    for group in page.groups:
        assert len(group.items) >= 2, f"{group.id}: a group of one"


@pytest.mark.parametrize("page", PILLARS.values(), ids=PILLARS.keys())
def test_labels_fit_where_they_are_shown(page: Page) -> None:
    assert not _too_long(page.title, 4, 20), "page titles are tabs"
    assert not _too_long(page.headline, 12, 36), "a headline is one line beside the panel"
    tabs = [chart.title for chart in page.charts] + [group.title for group in page.groups]
    assert [t["en"] for t in tabs if _too_long(t, 8, 22)] == [], "chart and group titles are tabs in the panel"
    assert [h["en"] for h in page.highlights if _too_long(h, 34, 90)] == []
    names = [item.name for group in page.groups for item in group.items]
    assert [n["en"] for n in names if _too_long(n, 24, 60)] == [], "a name is one chip, never split"
    tiles = [DATASET.indicator(i).label for i in page.key_figures]
    assert [t["en"] for t in tiles if _too_long(t, 12, 32)] == [], "a tile's label is one line"


def test_a_count_lists_the_names_it_counts() -> None:
    """The "7" of the Seven Benefits shows the seven areas, and there are seven of them."""
    livelihood = PILLARS["livelihood"]
    counted = {ind.id: ind for ind in livelihood.indicators if ind.names is not None}
    assert "seven-benefits" in counted
    for page in DATASET.pages:
        for ind in page.indicators:
            if ind.names is not None:
                group = next(g for g in page.groups if g.id == ind.names)
                assert len(group.items) == ind.value, f"{ind.id} counts {ind.value}, its group names {len(group.items)}"


def _english(value: object) -> Iterator[str]:
    if isinstance(value, Text):
        yield value["en"]
    elif isinstance(value, tuple):
        for v in value:
            yield from _english(v)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _english(getattr(value, name))


def test_english_uses_straight_quotes() -> None:
    """The bundled CJK font draws curly quotes full-width, so "the city’s" shows a gap mid-word."""
    curly = [text for text in _english(DATASET) if any(c in text for c in "“”‘’")]
    assert curly == []
