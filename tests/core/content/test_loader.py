from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.content.model import Dataset
from kiosk.core.content.typed_json import json_schema

# Every figure the article gives: (id, value, unit, qualifier, period).
ARTICLE_FIGURES = [
    ("anniversary", 11, "years", "exact", "2023"),
    ("major-projects", 178, "count", "exact", "2023-YTD"),
    ("major-project-threshold", 100_000_000, "yuan", "at_least", "2023-YTD"),
    ("total-investment", 85_000_000_000, "yuan", "exact", "2023-YTD"),
    ("industries-100bn", 3, "count", "exact", "2023"),
    ("industries-50bn", 3, "count", "exact", "2023"),
    ("battery-valley-scale", 1_000_000, "tonnes", "exact", None),
    ("tier-100bn-scale", 100_000_000_000, "yuan", "scale_class", None),  # 千亿级
    ("tier-50bn-scale", 50_000_000_000, "yuan", "scale_class", None),  # 五百亿级
    ("innovation-platforms", 168, "count", "exact", "2023"),
    ("innovative-enterprises", 200, "count", "more_than", "2023"),
    ("academicians", 30, "count", "exact", "2023"),
    ("leading-talents", 100, "count", "exact", "2023"),
    ("innovation-talents", 150_000, "count", "exact", "2023"),
    ("incubator-enterprises", 108, "count", "exact", "2023"),
    ("incubator-projects", 168, "count", "exact", "2023"),
    ("incubator-products", 558, "count", "exact", "2023"),
    ("incubator-investment-growth", 67, "percent_change", "exact", "2023-H1"),
    ("incubator-output-growth", 88, "percent_change", "exact", "2023-H1"),
    ("green-coverage-initial", 5, "percent", "under", None),
    ("green-coverage-now", 36, "percent", "exact", "2023"),
    ("seven-benefits", 7, "count", "exact", "2023"),
    ("gdp-growth-h1", 10, "percent_change", "at_least", "2023-H1"),
    ("leading-years", 6, "years", "exact", "2023"),
]

ARTICLE = Path(__file__).resolve().parents[3] / "docs" / "source-article.txt"  # the seed article, verbatim


def bundled() -> Dataset:
    result = load_content(resources.bundled_content_dir())
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.dataset is not None
    return result.dataset


def test_bundled_content_is_valid() -> None:
    dataset = bundled()
    assert [p.title["zh"] for p in dataset.pillars] == ["强产业", "强创新", "强生态", "强民生", "强合力"]
    assert dataset.language_codes == ("zh", "en")


@pytest.mark.parametrize(("id_", "value", "unit", "qualifier", "period"), ARTICLE_FIGURES)
def test_every_article_figure_is_in_the_dataset(id_: str, value: float, unit: str, qualifier: str, period: str | None) -> None:
    ind = bundled().indicator(id_)
    assert (ind.value, ind.unit, ind.qualifier) == (value, unit, qualifier)
    if period is not None:
        assert ind.period == period
    assert ind.source == "lna-office"


def test_no_figure_beyond_the_article() -> None:
    """Nothing invented: the dataset holds exactly the article's figures, and no time series."""
    dataset = bundled()
    ids = {ind.id for page in dataset.pages for ind in page.indicators}
    assert ids == {f[0] for f in ARTICLE_FIGURES}
    assert all(not ind.series for page in dataset.pages for ind in page.indicators)


def test_named_things_come_from_the_article() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    dataset = bundled()
    names = [item.name["zh"] for page in dataset.pages for group in page.groups for item in group.items]
    names += [album.caption["zh"] for album in dataset.albums]
    missing = [n for n in names if n.strip("“”") not in article and n.removesuffix("行动").strip("“”") not in article]
    assert not missing
    assert dataset.sources[0].name["zh"] in article


def _write(folder: Path, data: Any) -> None:
    (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _read(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "content.json").read_text(encoding="utf-8"))


def test_every_problem_is_reported_at_once_with_its_path(content_copy: Path) -> None:
    data = _read(content_copy)
    data["pillars"][2]["indicators"][0]["value"] = "five"
    data["pillars"][0]["indicators"][1]["colour"] = "red"
    del data["pillars"][1]["headline"]["en"]
    data["pillars"][3]["indicators"][0]["id"] = "major-projects"
    data["pillars"][4]["key_figures"].append("no-such-figure")
    data["pillars"][4]["indicators"][0]["source"] = "nobody"
    data["albums"][0]["photos"] = [{"id": "p1", "file": "photos/missing.jpg", "caption": {"zh": "图", "en": "Photo"}}]
    data["pillars"][0]["indicators"][0]["unit"] = "kg"
    data["pillars"][0]["indicators"][2]["period"] = "2023-H3"
    _write(content_copy, data)
    result = load_content(content_copy)
    assert not result.ok and result.dataset is None
    found = {(p.path, p.message.split(" (")[0].split(":")[0]) for p in result.problems}
    text = "\n".join(map(str, result.problems))
    assert "content.json: pillars[2].indicators[0].value: must be a number, not text" in text
    assert ("pillars[0].indicators[1].colour", "unknown key") in found
    assert ("pillars[1].headline", "missing translation for 'en'") in found
    assert ("pillars[0].indicators[0].unit", "must be one of yuan, percent, percent_change, count, years, tonnes, not 'kg'") in found
    assert any(p.path == "pillars[0].indicators[2].period" and "pattern" in p.message for p in result.problems)
    # References are checked in the same pass, around the type errors.
    messages = {p.path: p.message for p in result.problems}
    assert messages["pillars[3].indicators[0].id"].startswith("duplicate id 'major-projects' (first used at pillars[0].indicators[0].id)")
    assert messages["pillars[4].key_figures[2]"] == "no indicator with id 'no-such-figure'"
    assert messages["pillars[4].indicators[0].source"] == "no source with id 'nobody'"
    assert messages["albums[0].photos[0].file"].startswith("photo file 'photos/missing.jpg' not found")


def test_empty_translation_and_unknown_language(content_copy: Path) -> None:
    data = _read(content_copy)
    data["title"] = {"zh": "兰州新区", "en": " ", "fr": "Nouvelle zone"}
    _write(content_copy, data)
    messages = {p.path: p.message for p in load_content(content_copy).problems}
    assert messages["title.en"] == "translation is empty"
    assert messages["title.fr"].startswith("unknown language 'fr'")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"schema_version": 1,\n  "title": }', "is not valid JSON: Expecting value at line 2, column 12"),
        ('{"title": "兰州"}'.encode("gb18030"), "is not UTF-8"),
        (b"", "is not valid JSON"),
    ],
)
def test_unreadable_files_say_why(content_copy: Path, raw: bytes, expected: str) -> None:
    (content_copy / "content.json").write_bytes(raw)
    problems = load_content(content_copy).problems
    assert len(problems) == 1 and expected in str(problems[0])


def test_missing_files_and_unsafe_photo_paths(content_copy: Path) -> None:
    (content_copy / "locales" / "en.json").unlink()
    data = _read(content_copy)
    data["albums"][1]["photos"] = [{"id": "p1", "file": "../outside.jpg", "caption": {"zh": "图", "en": "Photo"}}]
    _write(content_copy, data)
    text = "\n".join(map(str, load_content(content_copy).problems))
    assert "locales/en.json: file not found" in text
    assert "albums[1].photos[0].file: photo file '../outside.jpg' must not leave the content folder with '..'" in text


def test_a_photo_that_exists_is_accepted(content_copy: Path) -> None:
    (content_copy / "photos").mkdir(exist_ok=True)
    (content_copy / "photos" / "lake.jpg").write_bytes(b"not checked here: decoding is the photo pipeline's job")
    data = _read(content_copy)
    data["albums"][1]["photos"] = [{"id": "lake-1", "file": "photos/lake.jpg", "caption": {"zh": "湖", "en": "Lake"}, "illustration": True}]
    _write(content_copy, data)
    result = load_content(content_copy)
    assert result.ok
    assert result.dataset is not None and result.dataset.album("qixia-lake").photos[0].illustration


def test_time_series_are_supported_for_later_official_data(content_copy: Path) -> None:
    data = _read(content_copy)
    data["pillars"][2]["indicators"][1]["series"] = [{"period": "2021", "value": 30}, {"period": "2022", "value": 33}]
    _write(content_copy, data)
    assert load_content(content_copy).ok
    data["pillars"][2]["indicators"][1]["series"].reverse()
    _write(content_copy, data)
    assert any("time order" in p.message for p in load_content(content_copy).problems)


def test_schema_documents_every_field() -> None:
    schema = json_schema(Dataset)
    indicator = schema["$defs"]["Indicator"]
    assert set(indicator["required"]) == {"id", "label", "value", "unit", "period", "source"}
    assert all("description" in prop for prop in indicator["properties"].values())
    assert indicator["additionalProperties"] is False
    assert schema["$defs"]["Page"]["properties"]["key_figures"]["type"] == "array"


def test_chart_rules_are_checked(content_copy: Path) -> None:
    data = _read(content_copy)
    industry, innovation, eco = data["pillars"][0], data["pillars"][1], data["pillars"][2]
    eco["charts"][0]["bars"].append({"indicator": "green-coverage-now"})  # before_after takes exactly 2
    innovation["charts"][0]["bars"][0]["indicator"] = "incubator-products"  # a count in growth bars
    industry["charts"][0]["bars"][0]["indicator"] = "no-such-figure"
    innovation["charts"].append({"id": "line", "kind": "time_series", "title": {"zh": "线", "en": "Line"}, "series": "academicians"})
    _write(content_copy, data)
    messages = {p.path: p.message for p in load_content(content_copy).problems}
    assert messages["pillars[2].charts[0].bars"] == "a before_after chart needs exactly 2 bars, not 3"
    assert messages["pillars[1].charts[0].bars"] == (
        "chart 'incubation-growth': growth_bars show percent_change figures only, not count: 'incubator-products'; "
        "percent_change: 'incubator-investment-growth'"
    )
    assert messages["pillars[0].charts[0].bars[0].indicator"] == "no indicator with id 'no-such-figure'"
    assert messages["pillars[1].charts[1].series"] == "indicator 'academicians' needs at least 2 series points to draw a line"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("C:/Users/hall/Pictures/lake.jpg", "no drive letter"),
        ("C:lake.jpg", "no drive letter"),
        ("//server/share/lake.jpg", "no drive letter"),
        ("\\\\server\\share\\lake.jpg", "must use / between folders"),
        ("photos\\lake.jpg", "must use / between folders"),
        ("/etc/lake.jpg", "no drive letter, no leading /"),
        ("photos/../../lake.jpg", "must not leave the content folder with '..'"),
        ("photos/lake.jpg:stream", "must not contain ':'"),
    ],
)
def test_photo_paths_stay_inside_the_folder_by_windows_and_posix_rules(tmp_path: Path, name: str, says: str) -> None:
    from kiosk.core.content.loader import photo_path_problem

    problem = photo_path_problem(tmp_path, name)
    assert problem is not None and says in problem


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="POSIX links")
def test_links_out_of_the_folder_and_link_loops_are_refused(content_copy: Path, tmp_path: Path) -> None:
    from kiosk.core.content.loader import photo_path_problem

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"x")
    (content_copy / "photos" / "out").symlink_to(outside, target_is_directory=True)
    (content_copy / "photos" / "loop").symlink_to(content_copy / "photos" / "loop")
    (content_copy / "photos" / "inside.jpg").symlink_to(content_copy / "photos" / "qixia-lake" / "01-dusk.jpg")
    assert "leads outside the content folder" in (photo_path_problem(content_copy, "photos/out/secret.jpg") or "")
    assert photo_path_problem(content_copy, "photos/loop/a.jpg") is not None
    assert photo_path_problem(content_copy, "photos/inside.jpg") is None  # a link that stays inside is fine
