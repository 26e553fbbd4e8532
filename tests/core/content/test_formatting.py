from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.content.formatting import WORD_JOINER, LocaleFormat, NumberFormatter, is_cjk, keep_line_ends
from kiosk.core.content.model import Text


@pytest.fixture(scope="module")
def fmt() -> NumberFormatter:
    result = load_content(resources.bundled_content_dir())
    assert result.formatter is not None
    return result.formatter


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "counter", "zh", "en"),
    [
        (85_000_000_000, "yuan", "exact", None, "850亿元", "CNY 85 billion"),
        (150_000, "count", "exact", None, "15万", "150,000"),
        (178, "count", "exact", Text({"zh": "个", "en": ""}), "178个", "178"),
        (200, "count", "more_than", Text({"zh": "家", "en": ""}), "200多家", "more than 200"),
        (5, "percent", "under", None, "不足5%", "under 5%"),
        (36, "percent", "exact", None, "36%", "36%"),
        (67, "percent_change", "exact", None, "增长67%", "+67%"),
        (88, "percent_change", "exact", None, "增长88%", "+88%"),
        (10, "percent_change", "at_least", None, "增长10%以上", "+10% or more"),
        (100_000_000, "yuan", "at_least", None, "1亿元以上", "CNY 100 million or more"),
        (1_000_000, "tonnes", "exact", None, "100万吨", "1 million tonnes"),
        (11, "years", "exact", None, "11年", "11 years"),
        (558, "count", "exact", Text({"zh": "种", "en": ""}), "558种", "558"),
        (100_000_000_000, "yuan", "scale_class", None, "1000亿元级", "CNY 100 billion class"),
    ],
)
def test_article_figures_in_both_languages(
    fmt: NumberFormatter, value: float, unit: str, qualifier: str, counter: Text | None, zh: str, en: str
) -> None:
    assert fmt.value(value, unit, "zh", qualifier=qualifier, counter=counter) == zh
    assert fmt.value(value, unit, "en", qualifier=qualifier, counter=counter) == en


def test_every_bundled_indicator_keeps_its_qualifier(fmt: NumberFormatter) -> None:
    dataset = load_content(resources.bundled_content_dir()).dataset
    assert dataset is not None
    words = {"more_than": ("多", "more than"), "under": ("不足", "under"), "at_least": ("以上", "or more")}
    checked = 0
    for page in dataset.pages:
        for ind in page.indicators:
            if ind.qualifier in words:
                zh_word, en_word = words[ind.qualifier]
                assert zh_word in fmt.indicator(ind, "zh")
                assert en_word in fmt.indicator(ind, "en")
                checked += 1
    assert checked >= 3


@pytest.mark.parametrize(
    ("period", "zh", "en"),
    [
        ("2023", "2023年", "2023"),
        ("2023-H1", "2023年上半年", "first half of 2023"),
        ("2023-YTD", "2023年以来", "2023 to date"),
        ("2024-Q3", "2024年第3季度", "Q3 2024"),
    ],
)
def test_periods(fmt: NumberFormatter, period: str, zh: str, en: str) -> None:
    assert fmt.period(period, "zh") == zh
    assert fmt.period(period, "en") == en


def test_text_period_is_shown_as_written(fmt: NumberFormatter) -> None:
    assert fmt.period(Text({"zh": "最初", "en": "at the start"}), "en") == "at the start"


def test_count_up_keeps_the_final_unit_and_no_float_noise(fmt: NumberFormatter) -> None:
    frames = [fmt.value(85_000_000_000 * t / 60, "yuan", "zh", final=85_000_000_000) for t in range(61)]
    assert frames[0] == "0亿元"
    assert frames[-1] == "850亿元"
    assert all(f.endswith("亿元") and "." not in f for f in frames)
    en = [fmt.value(150_000 * t / 7, "count", "en", final=150_000) for t in range(8)]
    assert en[-1] == "150,000" and all("." not in f for f in en)


def test_decimals_only_when_the_figure_has_them(fmt: NumberFormatter) -> None:
    assert fmt.value(12_345_000_000, "yuan", "zh") == "123.45亿元"
    assert fmt.value(-3.5, "percent_change", "en") == "−3.5%"
    assert fmt.value(-3.5, "percent_change", "zh") == "下降3.5%"


def test_locale_rules_report_every_problem() -> None:
    """The locale file is decoded like content.json (typed_json): every problem at once, each at its path."""
    rules = json.loads((resources.bundled_content_dir() / "locales" / "en.json").read_text(encoding="utf-8"))
    rules["units"]["yuan"] = "CNY"  # no {n}
    rules["units"]["percent_change"] = {"up": "+{n}%"}  # a fall would have no words
    rules["units"]["kilos"] = "{n} kg"
    rules["qualifiers"]["under"] = {"value": "under"}  # no {v}
    rules["qualifiers"]["about"] = {"number": "~{n}", "value": "about {v}"}
    rules["grouping"]["size"] = 0
    rules["scales"][0]["factor"] = 1
    rules["days"] = rules["days"][:6]
    rules["words"]["opens_on_day"] = "Opens {day}"
    del rules["periods"]
    fmt, problems = LocaleFormat.from_json(rules)
    assert fmt is None
    assert dict(problems) == {
        "units.yuan": "must contain {n}",
        "units.percent_change": "a template object needs 'up' and 'down', or 'other'",
        "units.kilos": "unknown key (allowed: yuan, percent, percent_change, count, years, tonnes)",
        "qualifiers.under.value": "must contain {v}",
        "qualifiers.about": 'must be {"number": "...{n}..."} or {"value": "...{v}..."}, one of them',
        "grouping.size": "must be from 1 to 9, not 0",
        "scales[0].factor": "must be more than 1, not 1",
        "days": "needs at least 7 entries",
        "words.opens_on_day": "must contain {time}",
        "periods": "is required",
    }


def test_locale_texts_are_checked_like_content_texts() -> None:
    rules = json.loads((resources.bundled_content_dir() / "locales" / "en.json").read_text(encoding="utf-8"))
    rules["scales"][0]["suffix"] = " billion" * 20
    rules["words"]["closed"] = "closed\x00"
    _fmt, problems = LocaleFormat.from_json(rules)
    assert dict(problems) == {
        "scales[0].suffix": "is 160 characters long; the limit is 80",
        "words.closed": "has a control character ('\\x00') at character 7",
    }


def test_day_and_month_names_come_from_the_locale_files(fmt: NumberFormatter) -> None:
    assert [fmt.day_name(d, "en") for d in (0, 6)] == ["Monday", "Sunday"]
    assert [fmt.day_name(d, "zh") for d in (0, 6)] == ["周一", "周日"]
    assert fmt.month_name(12, "en") == "December" and fmt.month_name(12, "zh") == "12月"
    assert fmt.words("zh").touch_to_explore == "触摸屏幕 开始探索"


def test_a_third_language_needs_only_files(tmp_path: Path) -> None:
    fr = json.loads((resources.bundled_content_dir() / "locales" / "en.json").read_text(encoding="utf-8"))
    fr["grouping"]["separator"] = "\u202f"
    fr["decimal"] = ","
    fr["scales"] = [{"factor": 1e9, "suffix": " milliards"}]
    fr["units"]["yuan"] = "{n} CNY"
    fmt, problems = LocaleFormat.from_json(fr)
    assert not problems and fmt is not None
    formatter = NumberFormatter({"fr": fmt})
    assert formatter.value(85_000_000_000, "yuan", "fr") == "85 milliards CNY"
    assert formatter.value(150_000, "count", "fr") == "150\u202f000"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("狠抓营商环境、招商引资，坚持强龙头、补链条、聚集群。", "狠抓营商环境、招商引资，坚持强龙头、补链条、聚集\u2060群。"),
        ("“七优享”", "“七优\u2060享”"),  # the closing quote follows its word anyway
        ("由最初的不足5%提\u2060高到36%", "由最初的不足5%提\u2060高到\u206036%"),  # a figure goes down with the word before it
        ("聚集\u2060群。", "聚集\u2060群。"),  # already held
        ("grow emerging ones, plan future ones", "grow emerging ones, plan future\u00a0ones"),
        ("a liveable modern city.", "a liveable modern\u00a0city."),
        ("Chinese modernisation", "Chinese modernisation"),  # a long last word stands alone well enough
        ("one\ntwo lines", "one\ntwo\u00a0lines"),  # each paragraph
        ("请在本机运行 kiosk set-pin。", "请在本机运行 kiosk\u00a0set-\u2060pin。"),  # no break after the hyphen: pin。 alone
        ("字", "字"),
        ("", ""),
    ],
)
def test_a_paragraphs_last_character_or_short_word_is_held_to_the_one_before(given: str, kept: str) -> None:
    assert keep_line_ends(given) == kept
    assert keep_line_ends(kept) == kept  # applying it twice changes nothing
    assert kept.replace(WORD_JOINER, "").replace("\u00a0", " ") == given.replace(WORD_JOINER, "")  # the same words


def test_chinese_and_japanese_characters_are_words_to_a_line_breaker() -> None:
    assert all(is_cjk(c) for c in "群展提か")
    assert not any(is_cjk(c) for c in "a5。%\u2060 ")


def test_a_figure_is_never_split_across_lines() -> None:
    """'sectors to reach CNY 100 / billion' read as two figures at 1080p."""
    assert keep_line_ends("sectors to reach CNY 100 billion") == "sectors to reach CNY\u00a0100\u00a0billion"
    assert keep_line_ends("more than 200 companies here") == "more than 200 companies\u00a0here"  # a long word is no unit
