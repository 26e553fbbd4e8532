"""The content model: texts in every language, and the rules each field declares (patterns, lengths,
list sizes, the figure limit), which the loader enforces and `kiosk schema` documents. The fields are
decoded here as the loader decodes them, so a rule that is dropped or loosened in the model shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk import resources
from kiosk.core.content.loader import load_content
from kiosk.core.content.model import (
    LONG_TEXT,
    MAX_FIGURE,
    MAX_MARKS_IN_A_ROW,
    SHORT_TEXT,
    Dataset,
    Indicator,
    Language,
    Text,
    is_period_code,
)
from kiosk.core.content.typed_json import DecodeContext, decode_document

LANGS = ("zh", "en")


def _text(zh: str = "湖", en: str = "lake") -> dict[str, str]:
    return {"zh": zh, "en": en}


def _indicator(**changes: Any) -> dict[str, Any]:
    return {
        "id": "gdp-growth",
        "label": _text(),
        "value": 6.5,
        "unit": "percent_change",
        "period": "2023-H1",
        "source": "office",
        **changes,
    }


def _decode(cls: Any, value: object) -> tuple[Any, list[str]]:
    ctx = DecodeContext("content.json", LANGS)
    decoded = decode_document(cls, value, ctx)
    return decoded, [f"{p.path}: {p.message}" for p in ctx.problems]


def test_a_text_is_a_read_only_mapping_equal_and_hashed_by_its_values() -> None:
    values = {"zh": "湖", "en": "lake"}
    text = Text(values)
    values["en"] = "changed"  # the text keeps its own copy
    assert dict(text) == {"zh": "湖", "en": "lake"} and len(text) == 2 and list(text) == ["zh", "en"]
    same = Text({"en": "lake", "zh": "湖"})
    assert text == same and hash(text) == hash(same) and len({text, same}) == 1
    assert text != {"zh": "湖", "en": "lake"}  # only a Text equals a Text
    assert text.in_language("en") == "lake" and text.in_language("fr") == ""
    with pytest.raises(KeyError):
        text["fr"]


@pytest.mark.parametrize("period", ["2023", "2023-H1", "2023-H2", "2023-Q1", "2023-Q4", "2023-YTD"])
def test_period_codes_are_a_year_with_an_optional_half_quarter_or_year_to_date(period: str) -> None:
    assert is_period_code(period)
    indicator, problems = _decode(Indicator, _indicator(period=period))
    assert problems == [] and indicator.period == period


@pytest.mark.parametrize("period", ["23", "2023-Q5", "2023-H3", "2023-h1", "2023-", "2023 H1", "FY2023", ""])
def test_anything_else_is_not_a_period_code(period: str) -> None:
    assert not is_period_code(period)
    assert _decode(Indicator, _indicator(period=period))[0] is None


def test_a_period_code_with_a_trailing_line_break_is_not_a_code() -> None:
    assert not is_period_code("2023\n")  # `$` lets re.match end before a final line break; JSON Schema's does not


def test_a_period_may_instead_be_a_text_in_every_language() -> None:
    indicator, problems = _decode(Indicator, _indicator(period=_text("十三五期间", "2016-2020")))
    assert problems == [] and indicator.period == Text(_text("十三五期间", "2016-2020"))
    _, problems = _decode(Indicator, _indicator(period={"zh": "十三五期间"}))
    assert problems == ["period: missing translation for 'en'"]


def test_an_indicator_keeps_its_defaults_and_refuses_what_its_fields_rule_out() -> None:
    indicator, problems = _decode(Indicator, _indicator())
    assert problems == []
    assert (indicator.qualifier, indicator.counter, indicator.note, indicator.series, indicator.names) == ("exact", None, None, (), None)
    bad = _indicator(id="GDP growth", unit="dollars", qualifier="roughly", source=7, names="Seven Areas")
    assert _decode(Indicator, bad)[1] == [
        "id: 'GDP growth' does not match the pattern ^[a-z0-9]+(-[a-z0-9]+)*$",
        "unit: must be one of yuan, percent, percent_change, count, years, tonnes, not 'dollars'",
        "source: must be text, not a number",
        "qualifier: must be one of exact, more_than, under, about, at_least, scale_class, not 'roughly'",
        "names: 'Seven Areas' does not match the pattern ^[a-z0-9]+(-[a-z0-9]+)*$",
    ]
    # A counter may be empty in a language (English has no measure word); a label may not.
    assert _decode(Indicator, _indicator(counter=_text("个", "")))[1] == []
    assert _decode(Indicator, _indicator(label=_text("湖", " ")))[1] == ["label.en: translation is empty"]


def test_texts_figures_and_lists_are_held_to_their_limits() -> None:
    assert _decode(Indicator, _indicator(value=MAX_FIGURE))[1] == []
    assert _decode(Indicator, _indicator(value=-MAX_FIGURE * 10))[0] is None
    assert _decode(Indicator, _indicator(label=_text("湖" * SHORT_TEXT)))[1] == []
    assert _decode(Indicator, _indicator(label=_text("湖" * (SHORT_TEXT + 1))))[1] == ["label.zh: is 201 characters long; the limit is 200"]
    assert _decode(Indicator, _indicator(note=_text("湖" * LONG_TEXT)))[1] == []  # notes are body text
    assert _decode(Indicator, _indicator(note=_text("湖" * (LONG_TEXT + 1))))[0] is None
    accents = "e" + "\u0301" * MAX_MARKS_IN_A_ROW
    assert _decode(Indicator, _indicator(label=_text(en=accents)))[1] == []
    assert _decode(Indicator, _indicator(label=_text(en=accents + "\u0301")))[0] is None
    series = [{"period": str(2000 + i), "value": i} for i in range(31)]
    assert _decode(Indicator, _indicator(series=series[:30]))[1] == []
    assert _decode(Indicator, _indicator(series=series))[1] == ["series: has 31 entries; at most 30 fit"]
    assert _decode(Language, {"code": "zh_CN", "name": "中文"})[1] == []
    assert _decode(Language, {"code": "ZH", "name": "中文"})[0] is None
    assert _decode(Language, {"code": "en", "name": "E" * 41})[1] == ["name: is 41 characters long; the limit is 40"]


def test_a_dataset_finds_indicators_on_any_page_and_its_sources_and_albums_by_id() -> None:
    dataset = load_content(resources.bundled_content_dir()).dataset
    assert isinstance(dataset, Dataset)
    assert dataset.pages == (dataset.overview, *dataset.pillars)
    assert dataset.language_codes == tuple(lang.code for lang in dataset.languages)
    for page in dataset.pages:
        for indicator in page.indicators:
            assert dataset.indicator(indicator.id) is indicator
            assert dataset.source(indicator.source).id == indicator.source
    with pytest.raises(KeyError):
        dataset.indicator("no-such-figure")
    album = dataset.albums[-1]
    assert dataset.album(album.id) is album


def test_an_id_or_period_with_a_trailing_line_break_is_refused_as_the_schema_refuses_it(content_copy: Path) -> None:
    data = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    data["sources"][0]["id"] += "\n"
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    problems = [str(p) for p in load_content(content_copy).problems]
    assert any("sources[0].id" in p and "does not match the pattern" in p for p in problems), problems


def test_the_schema_says_what_a_count_counts_and_that_bars_are_drawn_to_a_linear_scale() -> None:
    """`kiosk schema` is the exhibitor's reference: it documents the new optional `counts` and why a
    log scale is refused (the loader's rules are in kiosk.core.chart_kinds)."""
    from kiosk.core.content.typed_json import json_schema

    defs = json_schema(Dataset)["$defs"]
    counts = defs["Indicator"]["properties"]["counts"]
    assert "counts" not in defs["Indicator"].get("required", [])  # older content without it still loads
    assert {"type": "null"} in counts["anyOf"] and "A chart's bars must count one kind of thing" in counts["description"]
    assert "'log' is refused" in defs["Chart"]["properties"]["scale"]["description"]
    indicator, problems = _decode(Indicator, _indicator(counts="people"))
    assert problems == [] and indicator.counts == "people"
    assert _decode(Indicator, _indicator(counts="People"))[1] == ["counts: 'People' does not match the pattern ^[a-z0-9]+(-[a-z0-9]+)*$"]
