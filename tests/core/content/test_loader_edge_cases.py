"""Content at its edges: files that are not files, documents that are JSON but not content, and values
a screen cannot show. Each is a named problem from `load_content`, never a hang, a MemoryError or a
traceback."""

from __future__ import annotations

import copy
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk import resources
from kiosk.core.content import LoadResult, load_content
from kiosk.core.content.loader import MAX_PROBLEMS
from kiosk.core.content.model import LONG_TEXT, SHORT_TEXT, Dataset
from kiosk.core.content.problems import Problem, join_path, shown
from kiosk.core.text_inventory import content_strings
from tests.hostile import KIND_REASONS, kinds, make_hostile

# What each kind of file is called, as read by the loader: confined to the content folder, so a link to a
# device (outside it) is named as a link out before it is a device.
REASONS = {
    **KIND_REASONS,
    "dev-zero": "leads outside its folder (through a link)",
    "dev-null": "leads outside its folder (through a link)",
    "huge": "is larger than the limit of 8,388,608 bytes",
    "empty": "is not valid JSON: Expecting value at line 1, column 1",
    "mode-000": "no permission to read it",
}


def _load_in_time(folder: Path, seconds: float = 20) -> LoadResult:
    """load_content in a thread, so a regression that blocks (a FIFO opened without O_NONBLOCK) fails."""
    outcome: list[LoadResult | BaseException] = []

    def run() -> None:
        try:
            outcome.append(load_content(folder))
        except BaseException as exc:  # the test reports it
            outcome.append(exc)

    reader = threading.Thread(target=run, daemon=True, name="load-content")
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), f"load_content({folder}) hung"
    assert len(outcome) == 1 and isinstance(outcome[0], LoadResult), outcome
    return outcome[0]


BUNDLED = json.loads((resources.bundled_content_dir() / "content.json").read_text(encoding="utf-8"))


def _edit(folder: Path, change: Any) -> dict[str, str]:
    """The bundled content.json with one `change`, written into `folder` and loaded: {path: message}."""
    path = folder / "content.json"
    data = copy.deepcopy(BUNDLED)
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")  # ASCII: an unpaired surrogate is written as \\udXXX
    return {p.path: p.message for p in _load_in_time(folder).problems}


# --- files that are not files -----------------------------------------------------------------


@pytest.mark.parametrize("kind", kinds())
@pytest.mark.parametrize("name", ["content.json", "locales/zh.json"])
def test_a_hostile_content_file_is_a_named_problem(content_copy: Path, name: str, kind: str) -> None:
    make_hostile(content_copy / name, kind)
    result = _load_in_time(content_copy)
    assert not result.ok
    assert [str(p) for p in result.problems] == [f"{name}: {REASONS[kind]}"]


def test_a_link_that_stays_inside_the_folder_is_read(content_copy: Path) -> None:
    (content_copy / "real.json").write_bytes((content_copy / "content.json").read_bytes())
    (content_copy / "content.json").unlink()
    (content_copy / "content.json").symlink_to("real.json")
    assert _load_in_time(content_copy).ok


def test_a_content_file_linked_out_of_its_folder_is_refused(content_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes((content_copy / "content.json").read_bytes())
    (content_copy / "content.json").unlink()
    (content_copy / "content.json").symlink_to(outside)
    assert [str(p) for p in _load_in_time(content_copy).problems] == ["content.json: leads outside its folder (through a link)"]


@pytest.mark.parametrize("kind", kinds())
def test_the_font_inventory_skips_hostile_files_without_hanging(content_copy: Path, kind: str) -> None:
    make_hostile(content_copy / "locales" / "zh.json", kind)
    make_hostile(content_copy / "extra.json", kind)
    found: list[str] = []
    walker = threading.Thread(target=lambda: found.extend(content_strings(content_copy)), daemon=True, name="inventory")
    walker.start()
    walker.join(20)
    assert not walker.is_alive(), f"the inventory hung on a {kind}"
    assert "兰州新区" in "".join(found)  # content.json itself is still read


# --- JSON that is not content -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("null", "must be an object { ... } holding the content, not null"),
        ("[]", "must be an object { ... } holding the content, not a list"),
        ('"content"', "must be an object { ... } holding the content, not text"),
        ("42", "must be an object { ... } holding the content, not a number"),
        ("true", "must be an object { ... } holding the content, not true/false"),
    ],
)
def test_a_document_that_is_not_an_object_is_refused(content_copy: Path, raw: str, says: str) -> None:
    (content_copy / "content.json").write_text(raw, encoding="utf-8")
    result = _load_in_time(content_copy)
    assert not result.ok and [str(p) for p in result.problems] == [f"content.json: {says}"]


def test_a_locale_that_is_null_is_refused(content_copy: Path) -> None:
    (content_copy / "locales" / "en.json").write_text("null", encoding="utf-8")
    assert [str(p) for p in _load_in_time(content_copy).problems] == [
        "locales/en.json: must be an object { ... } holding the language's rules, not null"
    ]


def test_a_key_given_twice_is_named_where_it_is(content_copy: Path) -> None:
    text = (content_copy / "content.json").read_text(encoding="utf-8")
    at = text.index('"value": 178')  # major-projects, the first indicator of the first pillar
    (content_copy / "content.json").write_text(text[:at] + '"value": 1, ' + text[at:], encoding="utf-8")
    problems = _load_in_time(content_copy).problems
    assert [str(p) for p in problems] == [
        "content.json: pillars[0].indicators[0]: has the key 'value' twice in one object; keep one",
    ]


def test_a_key_given_twice_at_the_top_is_named(content_copy: Path) -> None:
    (content_copy / "content.json").write_text('{"title": 1, "title": 2}', encoding="utf-8")
    assert [str(p) for p in _load_in_time(content_copy).problems] == ["content.json: has the key 'title' twice in one object; keep one"]


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ('{"a": NaN}', "has NaN, which is not a number JSON allows"),
        ('{"a": Infinity}', "has Infinity, which is not a number JSON allows"),
        ('{"a": 1e400}', "has the number 1e400, too large to hold"),
        ("[" * 100_000, "is nested too deeply"),
        ('{"a": "\\udc00', "is not valid JSON"),
    ],
)
def test_json_the_reader_refuses_is_named(content_copy: Path, raw: str, says: str) -> None:
    (content_copy / "content.json").write_text(raw, encoding="utf-8")
    problems = _load_in_time(content_copy).problems
    assert len(problems) == 1 and says in str(problems[0])


# --- problems that quote the content ------------------------------------------------------------


def test_a_problem_prints_whatever_the_content_holds() -> None:
    """A key with an escape sequence or an unpaired surrogate (both valid JSON) must not reach a
    terminal raw, nor make print() raise; a pasted essay is quoted in part."""
    problem = Problem("content.json", join_path("title", "\x1b[2J\ud800" + "x" * 500), "unknown key")
    text = str(problem)
    text.encode("utf-8")  # no surrogate left
    assert "\x1b" not in text and "\\x1b" in text and "\\ud800" in text
    assert len(problem.path) < 100 and problem.path.endswith("…")
    assert shown("x" * 10_000).endswith("…'") and len(shown("x" * 10_000)) < 70
    assert shown(None) == "null" and shown(True) == "true" and shown(1.5) == "1.5"


def test_unknown_keys_with_control_characters_are_printable(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["title"]["\ud800"] = "x"
        data["\x1b[31m" * 1000] = 1

    messages = _edit(content_copy, change)
    for path, message in messages.items():
        (path + message).encode("utf-8")
        assert "\x1b" not in path + message


# --- charts compare like with like, on a scale a visitor reads ---------------------------------

MATRIX = ["innovation-talents", "innovative-enterprises", "innovation-platforms", "leading-talents", "academicians"]
INCUBATION = ["incubator-products", "incubator-projects", "incubator-enterprises"]
# The charts the innovation page had before issue 23, as an exhibitor's older content.json still has them.
OLD_MATRIX = {
    "id": "innovation-matrix",
    "kind": "ranked_bars",
    "scale": "log",
    "title": {"zh": "创新矩阵", "en": "Innovation in numbers"},
    "bars": [{"indicator": i} for i in MATRIX],
    "note": {"zh": "对数刻度：每格相差10倍", "en": "Log scale: each step is ten times the one before"},
}
OLD_INCUBATION = {"id": "incubation-base", "kind": "ranked_bars", "title": {"zh": "孵化基地", "en": "Incubator"}}
OLD_INCUBATION["bars"] = [{"indicator": i} for i in INCUBATION]


def _set(values: dict[str, float], unit: str | None = None) -> Any:
    def change(data: dict[str, Any]) -> None:
        for page in [data["overview"], *data["pillars"]]:
            for ind in page["indicators"]:
                if ind["id"] in values:
                    ind["value"] = values[ind["id"]]
                    if unit:
                        ind["unit"] = unit
                        ind.pop("counter", None)
                        ind.pop("counts", None)

    return change


def _add_charts(*charts: dict[str, Any], without_counts: bool = False) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["pillars"][1]["charts"][:0] = copy.deepcopy(list(charts))
        for page in [data["overview"], *data["pillars"]]:
            for ind in page["indicators"]:
                if without_counts:
                    ind.pop("counts", None)

    return change


def test_a_chart_of_different_kinds_of_thing_is_refused_naming_chart_and_bars(content_copy: Path) -> None:
    """150,000 innovators, 200 companies and 30 academicians on one axis: one count, three kinds."""
    matrix = OLD_MATRIX | {"scale": "linear"}
    assert _edit(content_copy, _add_charts(matrix)) == {
        "pillars[1].charts[0].bars": "chart 'innovation-matrix' counts different kinds of thing (people: 'innovation-talents', "
        "'leading-talents', 'academicians'; companies: 'innovative-enterprises'; platforms: 'innovation-platforms'): a chart's bars "
        "must count one kind, so show these as key figures, or one chart for each kind"
    }
    people = OLD_MATRIX | {"scale": "linear", "bars": [{"indicator": i} for i in ("innovation-talents", "leading-talents", "academicians")]}
    assert _edit(content_copy, _add_charts(people)) == {}  # 位, 名 and no measure word: all people


def test_content_from_before_counts_is_judged_by_its_measure_words(content_copy: Path) -> None:
    messages = _edit(content_copy, _add_charts(OLD_MATRIX, OLD_INCUBATION, without_counts=True))
    assert sorted(messages) == ["pillars[1].charts[0].bars", "pillars[1].charts[0].scale", "pillars[1].charts[1].bars"]
    assert messages["pillars[1].charts[1].bars"] == (
        "chart 'incubation-base' counts different kinds of thing (counted in 种: 'incubator-products'; counted in 个: "
        "'incubator-projects'; counted in 家: 'incubator-enterprises'): a chart's bars must count one kind, so show these as "
        "key figures, or one chart for each kind; if they are one kind, say so in each figure's 'counts' (people, companies, ...)"
    )
    assert messages["pillars[1].charts[0].scale"].startswith("chart 'innovation-matrix': a log scale is not drawn")
    # The bundled content without 'counts' still loads: no chart of it mixes measure words.
    assert _edit(content_copy, _add_charts(without_counts=True)) == {}


def test_a_log_scale_is_refused_and_counts_is_for_counts(content_copy: Path) -> None:
    def log(data: dict[str, Any]) -> None:
        data["pillars"][1]["charts"][0]["scale"] = "log"

    assert list(_edit(content_copy, log)) == ["pillars[1].charts[0].scale"]

    def counted_money(data: dict[str, Any]) -> None:
        data["pillars"][0]["indicators"][1]["counts"] = "yuan-notes"

    assert _edit(content_copy, counted_money) == {
        "pillars[0].indicators[1].counts": "is only for count figures; this one is in yuan: leave it out"
    }


def test_a_figure_that_would_read_as_zero_is_refused(content_copy: Path) -> None:
    """0.001% is "0.00%" where two decimals are kept: a visitor would read a figure of nothing."""
    messages = _edit(content_copy, _set(dict(zip(MATRIX, [0.1, 0.05, 0.03, 0.02, 0.001], strict=True)), unit="percent"))
    assert messages == {
        "pillars[1].indicators[2].value": "0.001 reads as 0.00 in zh (its locale file keeps fewer decimals); "
        "give the figure in a unit where it reads as more than zero",
    }


def test_bars_below_zero_and_charts_of_nothing_are_refused(content_copy: Path) -> None:
    messages = _edit(content_copy, _set({"green-coverage-initial": -5}))
    assert messages == {
        "pillars[2].charts[0].bars[0]": "'green-coverage-initial' is -5: a bar grows from zero to the right, so a before_after chart "
        "cannot show a figure below zero; show it as a figure instead"
    }
    messages = _edit(content_copy, _set(dict.fromkeys(["green-coverage-initial", "green-coverage-now"], 0)))
    assert messages == {"pillars[2].charts[0].bars": "every figure is 0: the chart would have no bars"}
    messages = _edit(content_copy, _set({"incubator-output-growth": -3}))  # a fall in a growth_bars chart
    assert list(messages) == ["pillars[1].charts[0].bars[0]"]


def test_a_time_series_is_linear_and_may_go_below_zero(content_copy: Path) -> None:
    def series(scale: str | None) -> Any:
        def change(data: dict[str, Any]) -> None:
            innovation = data["pillars"][1]
            points = [("2021", -4), ("2022", 0), ("2023", 3)]
            innovation["indicators"][0]["series"] = [{"period": period, "value": value} for period, value in points]
            chart = {"id": "line", "kind": "time_series", "title": {"zh": "线", "en": "Line"}, "series": innovation["indicators"][0]["id"]}
            innovation["charts"].append(chart | ({"scale": scale} if scale else {}))

        return change

    assert _edit(content_copy, series(None)) == {}
    assert list(_edit(content_copy, series("log"))) == ["pillars[1].charts[1].scale"]


# --- photo paths ----------------------------------------------------------------------------------

LONG_NAME = "长" * 86 + ".jpg"  # 86 x 3 bytes + 4: 262 bytes in 90 characters


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("photos/lake\0.jpg", "must not contain a NUL character"),
        ("photos/lake\n.jpg", "must not contain control characters"),
        ("photos/lake\ud800.jpg", "must not contain an unpaired surrogate"),
        (f"photos/{LONG_NAME}", "has a name of 262 bytes"),
        ("photos/" + "x" * 300 + ".jpg", "is 311 characters long; keep it to 200"),
        ("a/" * 5000 + "lake.jpg", "is 10,008 characters long; keep it to 200"),
        ("photos/CON", "which Windows keeps for a device"),
        ("photos/nul.jpg", "which Windows keeps for a device"),
        ("com1.tar.gz", "which Windows keeps for a device"),
        ("LPT9 /lake.jpg", "ending in a dot or a space"),
        ("photos/lake.jpg.", "ending in a dot or a space"),
        ("photos /lake.jpg", "ending in a dot or a space"),
        ("photos/<lake>.jpg", "must not contain '<' '>'"),
        ('photos/"lake".jpg', "must not contain '\"'"),
        ("photos/lake|1.jpg", "must not contain '|'"),
        ("photos/lake?.jpg", "must not contain '?'"),
        ("photos/*.jpg", "must not contain '*'"),
    ],
)
def test_photo_paths_that_a_system_cannot_name_are_refused(content_copy: Path, name: str, says: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data["albums"][0]["photos"][0]["file"] = name

    messages = _edit(content_copy, change)
    assert list(messages) == ["albums[0].photos[0].file"]
    assert says in messages["albums[0].photos[0].file"]
    assert len(messages["albums[0].photos[0].file"]) < 300


@pytest.mark.parametrize("name", ["photos/dolphin-park/01-sunny-day.jpg", "photos/console.jpg", "photos/com10.jpg", "photos/.hidden.jpg"])
def test_names_close_to_the_rules_are_fine(content_copy: Path, name: str) -> None:
    from kiosk.core.content.loader import photo_path_problem

    target = content_copy / name
    if not target.exists():
        target.write_bytes(b"checked for its name here, not decoded")
    assert photo_path_problem(content_copy, name) is None


@pytest.mark.parametrize("kind", kinds())
def test_a_photo_that_is_not_a_file_is_named(content_copy: Path, kind: str) -> None:
    from kiosk.core.content.loader import photo_path_problem

    make_hostile(content_copy / "photos" / "odd.jpg", kind)
    problem = photo_path_problem(content_copy, "photos/odd.jpg")
    if kind in ("huge", "empty", "mode-000"):  # regular files: decoding them is the photo pipeline's job
        assert problem is None
    else:
        assert problem in (REASONS[kind], "leads outside the content folder (through a link)")


# --- texts, numbers and lists within bounds ------------------------------------------------------


def _put(where: str, value: Any) -> Any:
    """A change that sets one place, given as a path like pillars.0.headline.en."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = [int(k) if k.isdigit() else k for k in where.split(".")]
        node = data
        for key in parents:
            node = node[key]
        node[last] = value

    return change


@pytest.mark.parametrize(
    ("where", "limit"),
    [
        ("pillars.0.headline.en", SHORT_TEXT),
        ("pillars.0.indicators.0.label.zh", SHORT_TEXT),
        ("albums.0.photos.0.caption.en", SHORT_TEXT),
        ("pillars.0.summary.en", LONG_TEXT),
        ("pillars.0.highlights.0.zh", LONG_TEXT),
        ("languages.1.name", 40),
    ],
)
def test_texts_have_a_length_limit(content_copy: Path, where: str, limit: int) -> None:
    path = ".".join(f"[{k}]" if k.isdigit() else k for k in where.split(".")).replace(".[", "[")
    assert _edit(content_copy, _put(where, "字" * limit)) == {}
    assert _edit(content_copy, _put(where, "字" * (limit + 1))) == {path: f"is {limit + 1:,} characters long; the limit is {limit:,}"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Z" + "\u0301" * 150, "has more than 8 combining marks (accents) on one letter, character 1; no writing needs so many"),
        ("ok " + "a\u0301\u0302\u0303" * 40 + "e" + "\u0300" * 9, "has more than 8 combining marks (accents) on one letter, character 164"),
        ("bad \ud800 half", "has an unpaired surrogate ('\\ud800') at character 5"),
        ("bell \x07", "has a control character ('\\x07') at character 6"),
        ("null \x00 char", "has a control character ('\\x00') at character 6"),
    ],
)
def test_texts_no_screen_can_show_are_refused(content_copy: Path, text: str, says: str) -> None:
    messages = _edit(content_copy, _put("pillars.1.headline.en", text))
    assert list(messages) == ["pillars[1].headline.en"] and messages["pillars[1].headline.en"].startswith(says)


def test_a_pasted_zalgo_body_text_is_refused(content_copy: Path) -> None:
    """3,000 combining marks on one letter took the self-test 54 s to lay out."""
    messages = _edit(content_copy, _put("pillars.1.summary.en", "Z" + "\u0301" * 1999))
    assert messages == {
        "pillars[1].summary.en": "has more than 8 combining marks (accents) on one letter, character 1; no writing needs so many"
    }


@pytest.mark.parametrize(
    "text",
    [
        "Vi\u1ec7t Nam: Thu\u0309 \u0111o\u0302 Ha\u0300 N\u00f4\u0323i",  # Vietnamese, decomposed: two marks stacked
        "\u0915\u094d\u0937\u093f \u0f66\u0f90\u0fb1\u0f7c\u0f7a",  # Devanagari and a Tibetan stack
        "e" + "\u0301" * 8,
        "line one\nline two\ttabbed",
        "👩🏽‍🔬 ❤️",  # emoji with a skin tone, a joiner and a variation selector (a mark)
    ],
)
def test_real_writing_is_accepted(content_copy: Path, text: str) -> None:
    assert _edit(content_copy, _put("pillars.1.headline.en", text)) == {}


def test_figures_have_a_size_limit(content_copy: Path) -> None:
    assert _edit(content_copy, _put("pillars.0.indicators.3.value", 1e15)) == {}
    assert _edit(content_copy, _put("pillars.0.indicators.3.value", -1e15)) == {}
    too_large = "is 1e+16, beyond 10^15 (1,000 trillion); values are in plain units (85 billion is 85000000000)"
    assert _edit(content_copy, _put("pillars.0.indicators.3.value", 1e16)) == {"pillars[0].indicators[3].value": too_large}
    assert _edit(content_copy, _put("pillars.0.indicators.3.value", 10**300)) == {
        "pillars[0].indicators[3].value": too_large.replace("1e+16", "1e+300")
    }


@pytest.mark.parametrize(
    ("where", "limit"),
    [("pillars", 8), ("languages", 4), ("pillars.0.key_figures", 8), ("pillars.0.highlights", 12), ("pillars.0.charts", 4)],
)
def test_lists_have_a_length_limit(content_copy: Path, where: str, limit: int) -> None:
    def grow(data: dict[str, Any]) -> None:
        *parents, last = [int(k) if k.isdigit() else k for k in where.split(".")]
        node = data
        for key in parents:
            node = node[key]
        items = node[last]
        node[last] = [copy.deepcopy(items[i % len(items)]) for i in range(limit + 1)]

    path = ".".join(f"[{k}]" if k.isdigit() else k for k in where.split(".")).replace(".[", "[")
    messages = _edit(content_copy, grow)
    assert messages[path] == f"has {limit + 1:,} entries; at most {limit} fit"


def test_a_file_of_many_mistakes_lists_the_first_ones_quickly(content_copy: Path) -> None:
    def junk(data: dict[str, Any]) -> None:
        data["title"] |= {f"x{i}": "?" for i in range(50_000)}  # 50,000 unknown languages
        data["languages"] = [{"code": f"l{i}", "name": "?"} for i in range(10_000)]  # not codes: asks no translation
        data["albums"][0]["photos"] = [{"id": f"p{i}", "file": f"photos/{i}.jpg", "caption": {"zh": "?", "en": "?"}} for i in range(50_000)]
        data["pillars"][0]["groups"] = [{"id": f"g{i}", "title": {"zh": "?", "en": "?"}, "items": []} for i in range(20_000)]
        data["pillars"][0]["indicators"] *= 200  # 1,600 duplicate ids

    data = copy.deepcopy(BUNDLED)
    junk(data)
    (content_copy / "content.json").write_text(json.dumps(data), encoding="utf-8")
    started = time.perf_counter()
    result = _load_in_time(content_copy)
    assert time.perf_counter() - started < 10
    assert len(result.problems) == MAX_PROBLEMS + 1
    assert result.problems[-1].message.startswith("and ") and "more problem(s)" in result.problems[-1].message


def test_the_schema_says_the_limits() -> None:
    from kiosk.core.content.typed_json import json_schema

    schema = json_schema(Dataset)
    page = schema["$defs"]["Page"]["properties"]
    assert page["highlights"]["maxItems"] == 12 and page["highlights"]["items"] == {"$ref": "#/$defs/Text2000"}
    assert schema["$defs"]["Text"]["additionalProperties"]["maxLength"] == SHORT_TEXT
    assert schema["$defs"]["Text2000"]["additionalProperties"]["maxLength"] == LONG_TEXT
    assert schema["$defs"]["Indicator"]["properties"]["value"]["maximum"] == 1e15
    assert schema["$defs"]["Dataset"]["properties"]["pillars"]["maxItems"] == 8
