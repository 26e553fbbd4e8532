"""`kiosk check` OK means the kiosk shows it. A family of edge-case content made from the bundled
content (one pillar, pages with nothing for their panel, charts at the edges of their scales, the
most and fewest of everything, texts at their length limits, one language, empty albums): each that
`load_content` accepts is built by the real kiosk, shown page by page, section by section, in every
language and both orientations, rebuilt (a theme switch, a content reload), and passes the self-test.
Each it refuses names the problem."""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.content.model import LONG_TEXT, SHORT_TEXT
from kiosk.core.paths import AppPaths
from kiosk.qa.drive import settle
from kiosk.ui.widgets.section_panel import SectionPanel
from tests.kiosks import build, shutdown

BUNDLED = resources.bundled_content_dir()
Change = Callable[[dict[str, Any]], None]


# --- making variants ------------------------------------------------------------------------------


def _pages(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [data["overview"], *data["pillars"]]


def _pillar(data: dict[str, Any], page_id: str) -> dict[str, Any]:
    return next(p for p in data["pillars"] if p["id"] == page_id)


def _drop_dangling(data: dict[str, Any]) -> None:
    """Key figures, bars and counted groups that refer to what a variant took away go with it."""
    indicators = {ind["id"] for page in _pages(data) for ind in page.get("indicators", [])}
    for page in _pages(data):
        page["key_figures"] = [i for i in page.get("key_figures", []) if i in indicators]
        groups = {g["id"] for g in page.get("groups", [])}
        for ind in page.get("indicators", []):
            if ind.get("names") not in groups:
                ind.pop("names", None)


def _clone_page(page: dict[str, Any], suffix: str) -> dict[str, Any]:
    """A copy of a page whose own ids (and the references to them) end in `suffix`."""
    clone = copy.deepcopy(page)
    own = {ind["id"] for ind in page.get("indicators", [])} | {g["id"] for g in page.get("groups", [])}

    def renamed(id_: str) -> str:
        return id_ + suffix if id_ in own else id_

    clone["id"] += suffix
    for ind in clone.get("indicators", []):
        ind["id"] = renamed(ind["id"])
        if "names" in ind:
            ind["names"] = renamed(ind["names"])
    clone["key_figures"] = [renamed(i) for i in clone.get("key_figures", [])]
    for chart in clone.get("charts", []):
        chart["id"] += suffix
        for bar in chart.get("bars", []):
            bar["indicator"] = renamed(bar["indicator"])
        if "series" in chart:
            chart["series"] = renamed(chart["series"])
    for group in clone.get("groups", []):
        group["id"] = renamed(group["id"])
        for item in group["items"]:
            item["id"] += suffix
    return clone


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _long(length: int) -> dict[str, str]:
    """A text exactly `length` characters long in each language, of characters the bundled font has."""
    zh = ("兰州新区获批国家级新区" * (length // 10 + 1))[:length]
    en = ("Lanzhou New Area, a national new area. " * (length // 30 + 1))[:length].rstrip() + "."
    return _text(zh, en[: length - 1] + "." if len(en) > length else en)


def _percent(id_: str, value: float) -> dict[str, Any]:
    return {"id": id_, "label": _text("占比", "share"), "value": value, "unit": "percent", "period": "2023", "source": "lna-office"}


def one_pillar(data: dict[str, Any]) -> None:
    data["pillars"] = data["pillars"][:1]
    _drop_dangling(data)


def bare_pages(data: dict[str, Any]) -> None:
    """A pillar of key figures only (its panel has nothing: a theme switch raised IndexError), a pillar
    with no figures at all and one highlight, and an overview with nothing but its words."""
    synergy = _pillar(data, "synergy")
    synergy.update(highlights=[], groups=[], albums=[], charts=[])
    livelihood = _pillar(data, "livelihood")
    livelihood.update(indicators=[], key_figures=[], groups=[], albums=[], highlights=livelihood["highlights"][:1])
    data["overview"].update(key_figures=[], highlights=[], albums=[])
    _drop_dangling(data)


def chart_edges(data: dict[str, Any]) -> None:
    """Figures at their edges and the fewest and most bars and points each chart kind takes."""
    innovation = _pillar(data, "innovation")
    small = [_percent(f"tiny-{i}", value) for i, value in enumerate([0.1, 0.08, 0.05, 0.01, 0])]  # below 1, and a bar of nothing
    innovation["indicators"] += small
    shares = {"id": "tiny-shares", "kind": "ranked_bars", "title": _text("小份额", "Small shares")}
    innovation["charts"].insert(0, shares | {"bars": [{"indicator": ind["id"]} for ind in small]})
    points = [{"period": str(1994 + i), "value": (i - 12) * 1.5} for i in range(30)]  # below zero and above
    growth = next(ind for ind in innovation["indicators"] if ind["id"] == "incubator-output-growth")
    growth["series"] = points
    innovation["charts"].append({"id": "growth-line", "kind": "time_series", "title": _text("增速", "Growth"), "series": growth["id"]})
    industry = _pillar(data, "industry")
    tiers = next(c for c in industry["charts"] if c["id"] == "target-industries")
    tiers["bars"] = [
        {"indicator": tiers["bars"][i % 6]["indicator"], "label": _text(f"产业{i + 1}", f"Industry {i + 1}")} for i in range(12)
    ]
    ecology = _pillar(data, "ecology")
    ecology["indicators"][0]["series"] = [{"period": "2022", "value": 0}, {"period": "2023", "value": 0}]  # two points, flat at zero
    ecology["charts"].append(
        {"id": "flat-line", "kind": "time_series", "title": _text("绿化", "Green"), "series": ecology["indicators"][0]["id"]}
    )


def long_texts(data: dict[str, Any]) -> None:
    """Every kind of text at its length limit, in both languages."""
    short, long_ = _long(SHORT_TEXT), _long(LONG_TEXT)
    data["title"] = short
    data["sources"][0]["name"] = short
    data["languages"][1]["name"] = "English " * 4 + "English"[:8]
    industry = data["pillars"][0]
    industry.update(title=short, headline=short, tagline=short, summary=long_)
    industry["highlights"][0] = long_
    industry["indicators"][0]["label"] = short
    industry["indicators"][0]["note"] = long_
    industry["groups"][2]["title"] = short
    industry["groups"][2]["items"][0]["name"] = short
    industry["groups"][2]["items"][0]["note"] = short
    industry["charts"][0]["title"] = short
    industry["charts"][0]["bars"][0]["label"] = short
    industry["charts"][0]["note"] = long_
    data["overview"].update(headline=short, tagline=short, summary=long_)
    data["overview"]["highlights"][0] = long_
    for album in data["albums"]:
        album.update(title=short, caption=short)
        album["photos"][0].update(caption=short, credit=short)


def most_of_everything(data: dict[str, Any]) -> None:
    """The most pillars, key figures, highlights, groups, names, figures, charts and albums allowed."""
    originals = list(data["pillars"])
    data["pillars"] += [_clone_page(originals[i % 5], f"-copy{i}") for i in range(3)]  # 8 pillars
    innovation = _pillar(data, "innovation")
    extra = [_percent(f"share-{i}", 5 + i) for i in range(24 - len(innovation["indicators"]))]
    innovation["indicators"] += extra  # 24: most in "more figures" sections
    innovation["key_figures"] += [ind["id"] for ind in extra[:4]]  # 8: a strip across the page
    innovation["highlights"] = [innovation["highlights"][i % 6] for i in range(12)]
    names = [item for page in _pages(data) for group in page.get("groups", []) for item in group["items"]]
    innovation["groups"] = [
        {
            "id": f"names-{g}",
            "title": _text(f"名录{g + 1}", f"Names {g + 1}"),
            "items": [{"id": f"name-{g}-{i}", "name": names[(g + i) % len(names)]["name"]} for i in range(24 if g == 0 else 2)],
        }
        for g in range(8)
    ]
    innovation["charts"] += [innovation["charts"][0] | {"id": f"incubation-growth-again-{i}"} for i in range(3)]  # 4
    innovation["albums"] = [album["id"] for album in data["albums"]]  # 4
    data["overview"]["key_figures"] += ["innovation-platforms", "academicians"]  # 8


def one_language(data: dict[str, Any]) -> None:
    """Chinese only: every text loses its English, and locales/en.json is not needed."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"zh", "en"} and all(isinstance(v, str) for v in node.values()):
                return {"zh": node["zh"]}
            return {key: strip(value) for key, value in node.items()}
        if isinstance(node, list):
            return [strip(value) for value in node]
        return node

    stripped = strip(data)
    data.clear()
    data.update(stripped)
    data["languages"] = [{"code": "zh", "name": "中文"}]
    data["default_language"] = "zh"


def albums_at_their_edges(data: dict[str, Any]) -> None:
    """An album with no photos and one with a single photo, both on pages."""
    data["albums"][1]["photos"] = []
    data["albums"][2]["photos"] = data["albums"][2]["photos"][:1]


def fewest_of_everything(data: dict[str, Any]) -> None:
    """One highlight, one group of one name, charts of two bars, one source."""
    for page in data["pillars"]:
        page["highlights"] = page["highlights"][:1]
        page["groups"] = [group | {"items": group["items"][:1]} for group in page["groups"][:1]]
        for chart in page.get("charts", []):
            if chart["kind"] == "ranked_bars":
                chart["bars"] = chart["bars"][:2]
    data["sources"] = data["sources"][:1]
    _drop_dangling(data)


# Shown by the kiosk: accepted, built, rebuilt, self-tested.
SHOWN: dict[str, Change] = {
    "one-pillar": one_pillar,
    "bare-pages": bare_pages,
    "chart-edges": chart_edges,
    "long-texts": long_texts,
    "most-of-everything": most_of_everything,
    "one-language": one_language,
    "albums-at-their-edges": albums_at_their_edges,
    "fewest-of-everything": fewest_of_everything,
}


def _set(path: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        *parents, last = [int(k) if k.isdigit() else k for k in path.split(".")]
        node: Any = data
        for key in parents:
            node = node[key]
        node[last] = value

    return change


def _people_and_companies(data: dict[str, Any]) -> None:
    """The chart 创新矩阵 was: 30 academicians, 200 companies, one axis."""
    innovation = _pillar(data, "innovation")
    bars = [{"indicator": "academicians"}, {"indicator": "innovative-enterprises"}]
    innovation["charts"].insert(0, {"id": "matrix", "kind": "ranked_bars", "title": _text("矩阵", "Matrix"), "bars": bars})


def _nine_pillars(data: dict[str, Any]) -> None:
    data["pillars"] += [_clone_page(data["pillars"][i % 5], f"-copy{i}") for i in range(4)]


def _one_point_line(data: dict[str, Any]) -> None:
    ecology = _pillar(data, "ecology")
    ecology["indicators"][0]["series"] = [{"period": "2023", "value": 5}]
    ecology["charts"].append({"id": "line", "kind": "time_series", "title": _text("线", "Line"), "series": ecology["indicators"][0]["id"]})


# Refused: (change, where the problem is, what it says).
REFUSED: dict[str, tuple[Change, str, str]] = {
    "no-pillars": (_set("pillars", []), "pillars", "needs at least 1 entry"),
    "nine-pillars": (_nine_pillars, "pillars", "has 9 entries; at most 8 fit"),
    "no-languages": (_set("languages", []), "languages", "needs at least 1 entry"),
    "a-group-of-no-one": (_set("pillars.0.groups.0.items", []), "pillars[0].groups[0].items", "needs at least 1 entry"),
    "a-log-scale": (_set("pillars.1.charts.0.scale", "log"), "pillars[1].charts[0].scale", "a log scale is not drawn"),
    "people-and-companies": (_people_and_companies, "pillars[1].charts[0].bars", "chart 'matrix' counts different kinds of thing"),
    "a-line-of-one-point": (_one_point_line, "pillars[2].charts[1].series", "needs at least 2 series points"),
    "a-title-too-long": (_set("pillars.0.title", _long(SHORT_TEXT + 1)), "pillars[0].title.zh", "the limit is 200"),
    "a-bar-below-zero": (_set("pillars.2.indicators.0.value", -1), "pillars[2].charts[0].bars[0]", "cannot show a figure below zero"),
    "a-photo-named-con": (_set("albums.0.photos.0.file", "photos/CON.jpg"), "albums[0].photos[0].file", "Windows keeps for a device"),
}


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def make_variant(folder: Path, change: Change) -> Path:
    shutil.copytree(BUNDLED, folder, copy_function=_link_or_copy, ignore=shutil.ignore_patterns("content.json"))
    data = json.loads((BUNDLED / "content.json").read_text(encoding="utf-8"))
    change(data)
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


# --- the proof ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_accepted_content_is_built_shown_and_rebuilt(qapp: QApplication, tmp_path: Path, name: str) -> None:
    folder = make_variant(tmp_path / name, SHOWN[name])
    result = load_content(folder)
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.dataset is not None
    languages = result.dataset.language_codes
    kiosk = build(tmp_path / "home", content_dir=folder)
    try:
        window = kiosk.window
        kiosk.pages.ensure_views()
        kiosk.pages.build_charts()
        # Every section of every page once (the self-test renders each page in every language, not
        # each section); then every page in each language and upright.
        for size, langs, every_section in (
            ((1920, 1080), languages[:1], True),
            ((1920, 1080), languages[1:], False),
            ((1080, 1920), languages[:1], False),
        ):
            window.resize(*size)
            for lang in langs:
                kiosk.language.set_language(lang)
                for index, view in enumerate(kiosk.pages.views):
                    kiosk.navigation.show_page(index)
                    window.finish_transition()
                    panel = view.panel
                    sections = panel.count if panel is not None and every_section else 0
                    for section in range(sections):
                        panel.show_section(section)
                        settle(kiosk.app)
                    if panel is not None:
                        panel.step(1)
                    view.finish_animation()
                    settle(kiosk.app)
        window.resize(1920, 1080)
        for theme in ("high_contrast", "standard"):  # pages and tabs made anew, each panel kept on its section
            kiosk.settings.change("theme", theme, save=False)
            settle(kiosk.app)
        assert kiosk.content.reload() == []  # the same content read again: pages made anew
        settle(kiosk.app)
        assert len(kiosk.pages.views) == len(result.dataset.pages)
        assert all(slot.built for view in kiosk.pages.views for slot in view.chart_slots)
    finally:
        shutdown(kiosk)


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_the_self_test_passes_on_accepted_content(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    from kiosk.qa.self_test import run_self_test

    folder = make_variant(tmp_path / name, SHOWN[name])
    status = run_self_test(folder, AppPaths.under(tmp_path / "home"))
    out = capsys.readouterr().out
    assert status == 0, out
    assert "every view renders in every language (with charts)" in out


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_content_names_the_problem(tmp_path: Path, name: str) -> None:
    change, where, says = REFUSED[name]
    result = load_content(make_variant(tmp_path / name, change))
    assert not result.ok
    assert any(p.path == where and says in p.message for p in result.problems), "\n".join(map(str, result.problems))


# --- a panel with nothing in it -------------------------------------------------------------------


def test_an_empty_panel_hides_once_placed_and_ignores_sections_that_are_not_there(qapp: QApplication) -> None:
    page = QWidget()
    panel = SectionPanel("#ffcc00")
    panel.setParent(page)
    page.show()
    try:
        assert panel.isHidden() and panel.heading == ""
        panel.show_section(-1)  # what a rebuild asked of an empty panel (IndexError)
        panel.show_section(0)
        panel.step(1)
        assert panel.current == -1
        panel.add_section(QWidget())  # a section after all: shown, in the page, not as a window
        assert panel.isVisible() and not panel.isWindow()
        panel.show_section(0)
        assert panel.current == 0
    finally:
        page.close()
        page.deleteLater()
