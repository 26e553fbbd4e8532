"""What the attract loop's scenes say, read from the bundled content: the exhibit's name, each pillar's
name, each key figure once under the pillar that reports it."""

from __future__ import annotations

import pytest

from kiosk import resources
from kiosk.core.content.loader import load_content
from kiosk.core.content.model import Dataset
from kiosk.ui.attract.scenes import build_scenes, figure_pages, framing


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    result = load_content(resources.bundled_content_dir())
    assert result.dataset is not None
    return result.dataset


def test_each_key_figure_is_one_scene_under_the_pillar_that_reports_it(dataset: Dataset) -> None:
    scenes = [s for s in build_scenes(dataset) if s.indicator is not None]
    ids = [s.indicator.id for s in scenes if s.indicator is not None]
    shown = {i for page in dataset.pages for i in page.key_figures}
    assert sorted(ids) == sorted(shown)  # every key figure, none twice (the overview repeats pillar figures)
    by_id = {s.indicator.id: s.page.id for s in scenes if s.indicator is not None}
    assert by_id["major-projects"] == "industry"  # an overview tile, reported by 强产业
    assert by_id["innovation-talents"] == "innovation"
    assert by_id["anniversary"] == "overview"  # the overview's own figure
    assert all(dataset.pages[s.page_index] is s.page for s in scenes)
    assert figure_pages(dataset)["leading-years"] == [p.id for p in dataset.pages].index("synergy")


@pytest.mark.parametrize(
    ("lang", "place", "occasion"),
    [("zh", "兰州新区", "获批国家级新区11周年"), ("en", "Lanzhou New Area", "11 years as a national-level new area")],
)
def test_every_scene_names_the_exhibit_and_its_pillar_never_a_tab_word(dataset: Dataset, lang: str, place: str, occasion: str) -> None:
    pillars = {p.title.in_language(lang) for p in dataset.pillars}
    tab_word = dataset.overview.title.in_language(lang)  # 总览 / Overview
    kickers = set()
    for scene in build_scenes(dataset):
        words = framing(dataset, scene, lang)
        assert (words.place, words.occasion) == (place, occasion)  # as the header gives it, from the content
        assert words.kicker != tab_word
        kickers.add(words.kicker)
    assert pillars <= kickers  # every pillar has its scenes, under its own name
    assert kickers - pillars == {dataset.overview.tagline.in_language(lang)}  # the overview's own figure


def test_the_title_card_comes_first_and_shows_neither_figure_nor_photo(dataset: Dataset) -> None:
    scenes = build_scenes(dataset)
    assert scenes[0].is_title and scenes[0].page is dataset.overview
    assert [s for s in scenes if s.is_title] == [scenes[0]]
    words = framing(dataset, scenes[0], "zh")
    assert words.pillars == ("强产业", "强创新", "强生态", "强民生", "强合力")
