"""What the attract loop shows, scene by scene, and the words that frame each scene: every key figure
once, under the pillar that reports it, and every photo once, under the pillar its album belongs to.
Plain data from the content (no Qt), so what a scene says is tested apart from how it is drawn."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.content.model import Dataset, Indicator, Page, Photo


@dataclass(frozen=True)
class Scene:
    """A key figure, a photo, or (neither) the title card: the exhibit's name, its tagline and its pillars."""

    page_index: int
    page: Page
    indicator: Indicator | None = None
    photo: Photo | None = None

    @property
    def is_title(self) -> bool:
        return self.indicator is None and self.photo is None


def album_pages(dataset: Dataset) -> dict[str, int]:
    """The page each album is labelled with: the first pillar that shows it, the overview only for an
    album no pillar has (the overview borrows Dolphin Park from 强民生 / Better Livelihoods)."""
    pages = list(enumerate(dataset.pages))
    owners: dict[str, int] = {}
    for index, page in [*pages[1:], pages[0]]:
        for album_id in page.albums:
            owners.setdefault(album_id, index)
    return owners


def figure_pages(dataset: Dataset) -> dict[str, int]:
    """Each key figure once, under the page that reports it: the overview's tiles repeat pillar figures
    (开工重大项目 is 强产业's), and a figure shown twice under two names would say less than once."""
    defined = {ind.id: index for index, page in enumerate(dataset.pages) for ind in page.indicators}
    owners: dict[str, int] = {}
    for index, page in enumerate(dataset.pages):
        for indicator_id in page.key_figures:
            owners.setdefault(indicator_id, defined.get(indicator_id, index))
    return owners


def title_scene(dataset: Dataset) -> Scene:
    return Scene(0, dataset.overview)


def build_scenes(dataset: Dataset) -> list[Scene]:
    """The title card, then every key figure and every photo once, each under its pillar."""
    pages = dataset.pages
    scenes = [title_scene(dataset)]
    scenes += [Scene(index, pages[index], indicator=dataset.indicator(i)) for i, index in figure_pages(dataset).items()]
    for album_id, index in album_pages(dataset).items():
        scenes += [Scene(index, pages[index], photo=p) for p in dataset.album(album_id).photos]
    return scenes


@dataclass(frozen=True)
class Framing:
    """The words around a scene's figure or photo, in one language."""

    place: str  # 兰州新区: who the exhibit is about
    occasion: str  # 获批国家级新区11周年: what it marks (the header's subtitle)
    kicker: str  # the pillar's name (强产业), or the overview's tagline for the overview's own figures
    pillars: tuple[str, ...]  # every pillar's name, in tab order (the title card lists them)


def framing(dataset: Dataset, scene: Scene, lang: str) -> Framing:
    """The exhibit's name as the header gives it, and the scene's pillar. The overview's own title
    (总览 / Overview) names a tab, not a subject: its figures and photos go under its tagline."""
    overview = dataset.overview
    kicker = scene.page.title if scene.page_index > 0 else overview.tagline
    pillars = tuple(p.title.in_language(lang) for p in dataset.pillars)
    return Framing(dataset.title.in_language(lang), overview.headline.in_language(lang), kicker.in_language(lang), pillars)
