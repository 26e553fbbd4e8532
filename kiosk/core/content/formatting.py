"""Numbers, units, qualifiers, periods, day and month names and the kiosk's own few words in each
language, from per-language rules in the content folder (`locales/<code>.json`, decoded by typed_json
like content.json), so a third language needs a file, not code.

zh: 850亿元, 15万, 200多家, 不足5%, 增长67%, 2023年上半年
en: CNY 85 billion, 150,000, more than 200, under 5%, +67%, first half of 2023
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from kiosk.core.content.model import Indicator, Text, doc, is_period_code
from kiosk.core.content.typed_json import DecodeContext, decode_document, json_type_name

SCALED_UNITS = frozenset({"yuan", "count", "tonnes"})
UNITS = ("yuan", "percent", "percent_change", "count", "years", "tonnes")
QUALIFIERS = ("exact", "more_than", "under", "about", "at_least", "scale_class")
PERIOD_KINDS = ("year", "half1", "half2", "quarter", "to_date")
_SPACES = re.compile(r" {2,}")
_PERIOD_RE = re.compile(r"^(\d{4})(?:-(H1|H2|Q([1-4])|YTD))?$")
MAX_TEMPLATE = 80  # characters of any text in a locale file: "{v} or more", " billion"


def _template(text: str, *placeholders: str, allow_empty: bool = False) -> dict[str, object]:
    extra: dict[str, object] = {"max_length": MAX_TEMPLATE, "allow_empty": allow_empty}
    if placeholders:
        extra["contains"] = placeholders
    return doc(text, **extra)


# --- the locale file, decoded by typed_json like content.json -----------------------------------


@dataclass(frozen=True)
class Grouping:
    separator: str = field(metadata=_template("Between groups of digits: ',' or '' (none) or a narrow space.", allow_empty=True))
    size: int = field(metadata=doc("Digits in a group, 1 to 9.", minimum=1, maximum=9))


@dataclass(frozen=True)
class Scale:
    factor: float = field(metadata=doc("A number this large or larger is shown in this scale, e.g. 1000000000.", exclusive_minimum=1))
    suffix: str = field(metadata=_template("After the scaled number, e.g. ' billion' or '亿'.", allow_empty=True))


@dataclass(frozen=True)
class UnitForms:
    """A unit whose words depend on the number: 'up' and 'down' (the sign in words), or 'one' and 'other'."""

    up: str | None = field(default=None, metadata=_template("A rise, with {n} its size.", "{n}"))
    down: str | None = field(default=None, metadata=_template("A fall, with {n} its size.", "{n}"))
    one: str | None = field(default=None, metadata=_template("Exactly 1.", "{n}"))
    other: str | None = field(default=None, metadata=_template("Any other number.", "{n}"))

    def invariant_problems(self) -> list[tuple[str, str]]:
        signed = {name for name in ("up", "down") if getattr(self, name) is not None}
        complete = signed == {"up", "down"} if signed else self.other is not None  # "up" alone left a fall without words
        return [] if complete else [("", "a template object needs 'up' and 'down', or 'other'")]

    def as_mapping(self) -> dict[str, str]:
        return {name: text for name in ("up", "down", "one", "other") if (text := getattr(self, name)) is not None}


_UNIT = "How a figure in this unit reads, with {n} the number; or an object of forms (UnitForms)."


@dataclass(frozen=True)
class Units:
    yuan: str | UnitForms = field(metadata=_template(_UNIT, "{n}"))
    percent: str | UnitForms = field(metadata=_template(_UNIT, "{n}"))
    percent_change: str | UnitForms = field(metadata=_template(_UNIT, "{n}"))
    count: str | UnitForms = field(metadata=_template(_UNIT + " {counter} is the measure word.", "{n}"))
    years: str | UnitForms = field(metadata=_template(_UNIT, "{n}"))
    tonnes: str | UnitForms = field(metadata=_template(_UNIT, "{n}"))


@dataclass(frozen=True)
class QualifierRule:
    """Exactly one of 'number' (wraps the number: 200多) or 'value' (wraps number and unit: under 5%)."""

    number: str | None = field(default=None, metadata=_template("Around the bare number {n}.", "{n}"))
    value: str | None = field(default=None, metadata=_template("Around the whole figure {v}.", "{v}"))

    def invariant_problems(self) -> list[tuple[str, str]]:
        given = [name for name in ("number", "value") if getattr(self, name) is not None]
        return [] if len(given) == 1 else [("", 'must be {"number": "...{n}..."} or {"value": "...{v}..."}, one of them')]


@dataclass(frozen=True)
class Qualifiers:
    exact: QualifierRule
    more_than: QualifierRule
    under: QualifierRule
    about: QualifierRule
    at_least: QualifierRule
    scale_class: QualifierRule


@dataclass(frozen=True)
class Periods:
    year: str = field(metadata=_template("A year: {year}.", "{year}"))
    half1: str = field(metadata=_template("First half of {year}.", "{year}"))
    half2: str = field(metadata=_template("Second half of {year}.", "{year}"))
    quarter: str = field(metadata=_template("Quarter {q} of {year}.", "{year}"))
    to_date: str = field(metadata=_template("{year} to date.", "{year}"))


@dataclass(frozen=True)
class Words:
    """The few words the kiosk shows in every language at once (the attract loop, the closed screen: a
    passer-by has chosen no language), so they come with the language, not with Qt's translations."""

    touch_to_explore: str = field(metadata=_template("The attract loop's call."))
    illustration: str = field(metadata=_template("The tag on artwork made for the kiosk."))
    closed: str = field(metadata=_template("The closed screen's title."))
    opens_today: str = field(metadata=_template("When the hall opens later today.", "{time}"))
    opens_tomorrow: str = field(metadata=_template("When it opens tomorrow.", "{time}"))
    opens_on_day: str = field(metadata=_template("Within the week: {day} is a name from days.", "{day}", "{time}"))
    opens_on_date: str = field(metadata=_template("Later: {date} is the day of the month, {month} its name.", "{date}", "{month}"))
    opens_unknown: str = field(metadata=_template("When no opening is scheduled."))


@dataclass(frozen=True)
class LocaleFile:
    """locales/<code>.json: how numbers, units, periods, days and the kiosk's own words read in one language."""

    grouping: Grouping
    decimal: str = field(metadata=_template("The decimal mark."))
    max_decimals: int = field(metadata=doc("Decimals shown at most, 0 to 6.", minimum=0, maximum=6))
    scales: tuple[Scale, ...] = field(metadata=doc("Scale words (billion, 亿), at most 6.", max_items=6))
    units: Units
    qualifiers: Qualifiers
    periods: Periods
    days: tuple[str, ...] = field(metadata=doc("Names of the days, Monday first.", min_items=7, max_items=7, max_length=MAX_TEMPLATE))
    months: tuple[str, ...] = field(
        metadata=doc("Names of the months, January first.", min_items=12, max_items=12, max_length=MAX_TEMPLATE)
    )
    words: Words


@dataclass(frozen=True)
class LocaleFormat:
    group_separator: str
    group_size: int
    decimal: str
    max_decimals: int
    scales: tuple[Scale, ...]  # largest first
    units: Mapping[str, str | Mapping[str, str]]
    qualifiers: Mapping[str, tuple[str, str]]  # name -> ("number" | "value", template)
    periods: Mapping[str, str]
    days: tuple[str, ...] = ()  # Monday first
    months: tuple[str, ...] = ()  # January first
    words: Words | None = None

    @classmethod
    def from_json(cls, data: Any) -> tuple[LocaleFormat | None, list[tuple[str, str]]]:
        """Parse rules, returning (format, [(path, problem), ...]). Never raises, whatever `data` is."""
        if not isinstance(data, dict):  # said as for content.json: the whole file is the wrong thing
            return None, [("", f"must be an object {{ ... }} holding the language's rules, not {json_type_name(data)}")]
        ctx = DecodeContext("", ())
        decoded: LocaleFile | None = decode_document(LocaleFile, data, ctx)
        if decoded is None:
            return None, [(p.path, p.message) for p in ctx.problems]
        return cls.from_file(decoded), []

    @classmethod
    def from_file(cls, loc: LocaleFile) -> LocaleFormat:
        units = {f.name: getattr(loc.units, f.name) for f in fields(Units)}
        qualifiers = {f.name: _qualifier(getattr(loc.qualifiers, f.name)) for f in fields(Qualifiers)}
        return cls(
            group_separator=loc.grouping.separator,
            group_size=loc.grouping.size,
            decimal=loc.decimal,
            max_decimals=loc.max_decimals,
            scales=tuple(sorted(loc.scales, key=lambda s: -s.factor)),
            units={name: t.as_mapping() if isinstance(t, UnitForms) else t for name, t in units.items()},
            qualifiers=qualifiers,
            periods={f.name: getattr(loc.periods, f.name) for f in fields(Periods)},
            days=loc.days,
            months=loc.months,
            words=loc.words,
        )


def _qualifier(rule: QualifierRule) -> tuple[str, str]:
    return ("number", rule.number) if rule.number is not None else ("value", rule.value or "{v}")


def _decimals_needed(value: float, limit: int) -> int:
    for places in range(limit + 1):
        if math.isclose(round(value, places), value, rel_tol=0, abs_tol=10 ** -(limit + 2)):
            return places
    return limit


class NumberFormatter:
    """The one place numbers become text. Pure: same input, same output, in every language."""

    def __init__(self, locales: Mapping[str, LocaleFormat]) -> None:
        self._locales = dict(locales)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._locales)

    def words(self, lang: str) -> Words:
        """The kiosk's own few words in `lang` (the attract loop's call, the closed screen)."""
        words = self._locales[lang].words
        assert words is not None, f"locale {lang} was not read from a locale file"
        return words

    def day_name(self, weekday: int, lang: str) -> str:
        """Monday is 0, as datetime.weekday() counts: from the locale file, never the system's locale."""
        return self._locales[lang].days[weekday]

    def month_name(self, month: int, lang: str) -> str:
        """January is 1, as datetime counts."""
        return self._locales[lang].months[month - 1]

    def _scale(self, loc: LocaleFormat, unit: str, reference: float) -> Scale | None:
        if unit not in SCALED_UNITS:
            return None
        return next((s for s in loc.scales if abs(reference) >= s.factor), None)

    def number(self, value: float, lang: str, *, unit: str = "count", final: float | None = None) -> str:
        """A bare number with its scale word (850亿, 85 billion, 150,000).

        `final` fixes scale and decimals to those of the end value, so a count-up from 0 to
        85 billion never switches units or shows 0.0000001 on the way."""
        loc = self._locales[lang]
        reference = value if final is None else final
        scale = self._scale(loc, unit, reference)
        factor = scale.factor if scale else 1.0
        decimals = _decimals_needed(abs(reference) / factor, loc.max_decimals)
        scaled = abs(value) / factor
        text = f"{scaled:.{decimals}f}"
        whole, _, frac = text.partition(".")
        if loc.group_separator and len(whole) > loc.group_size:
            head = len(whole) % loc.group_size or loc.group_size
            parts = [whole[:head]] + [whole[i : i + loc.group_size] for i in range(head, len(whole), loc.group_size)]
            whole = loc.group_separator.join(parts)
        sign = "-" if value < 0 and round(scaled, decimals) != 0 else ""
        return sign + whole + (loc.decimal + frac if frac else "") + (scale.suffix if scale else "")

    def value(
        self,
        value: float,
        unit: str,
        lang: str,
        *,
        qualifier: str = "exact",
        counter: Text | None = None,
        final: float | None = None,
    ) -> str:
        loc = self._locales[lang]
        template = loc.units[unit]
        signed = isinstance(template, Mapping) and "up" in template
        if isinstance(template, Mapping):
            if signed:
                template = template["up"] if value >= 0 else template["down"]
            else:
                template = template.get("one", template["other"]) if value == 1 else template["other"]
        if signed:  # the sign is in the words (增长/下降, +/−), the number is a magnitude
            value, final = abs(value), None if final is None else abs(final)
        n = self.number(value, lang, unit=unit, final=final)
        mode, qualifier_tpl = loc.qualifiers[qualifier]
        if mode == "number":
            n = qualifier_tpl.replace("{n}", n)
        text = template.replace("{n}", n).replace("{counter}", counter.in_language(lang) if counter else "")
        if mode == "value":
            text = qualifier_tpl.replace("{v}", text)
        return _SPACES.sub(" ", text).strip(" ")  # an empty {counter} leaves a space; keep NBSPs

    def indicator(self, ind: Indicator, lang: str, *, value: float | None = None) -> str:
        """The indicator's figure; `value` shows an in-between value during a count-up."""
        shown = ind.value if value is None else value
        return self.value(shown, ind.unit, lang, qualifier=ind.qualifier, counter=ind.counter, final=ind.value)

    def period(self, period: str | Text, lang: str) -> str:
        if isinstance(period, Text):
            return period.in_language(lang)
        match = _PERIOD_RE.match(period)
        if not match or not is_period_code(period):
            raise ValueError(f"not a period code: {period!r}")
        year, part, quarter = match.groups()
        kind = {None: "year", "H1": "half1", "H2": "half2", "YTD": "to_date"}.get(part, "quarter")
        return self._locales[lang].periods[kind].replace("{year}", year).replace("{q}", quarter or "")


# --- where a wrapped line may end (the label layer applies this; the layout audit checks it) ------

WORD_JOINER = "\u2060"  # no break on either side, draws nothing: marks a Chinese word that must not break
NO_BREAK_SPACE = "\u00a0"
SHORT_WORD = 6  # letters: an English word this short never stands alone on a last line
UNIT_WORD = 8  # letters: a word this short after a number is its unit (billion, tonnes), held to it


def is_cjk(char: str) -> bool:
    """A Chinese (or Japanese) character: a word of its own to a line breaker, so a line may end after it."""
    return unicodedata.east_asian_width(char) in "WF" and unicodedata.category(char) == "Lo"


def _trailing(char: str) -> bool:
    """What may follow a paragraph's last word: punctuation, spaces and invisible marks."""
    return char.isspace() or unicodedata.category(char)[0] in "PCS" or char == WORD_JOINER


def _kept_paragraph(paragraph: str) -> str:
    end = len(paragraph)
    while end > 0 and _trailing(paragraph[end - 1]):
        end -= 1
    if end < 2:
        return paragraph
    if is_cjk(paragraph[end - 1]):  # 聚集群。 -> 聚集⁠群。: the last character never goes down alone
        start = end - 1
        while start > 0 and paragraph[start - 1] == WORD_JOINER:
            start -= 1
        if start == end - 1 and not paragraph[start - 1].isspace():
            return paragraph[: end - 1] + WORD_JOINER + paragraph[end - 1 :]
        return paragraph
    space = max(paragraph.rfind(" ", 0, end), paragraph.rfind(NO_BREAK_SPACE, 0, end))
    last_word = paragraph[space + 1 : end]
    glued = next((i for i in range(end - 1, space, -1) if is_cjk(paragraph[i])), None)
    if glued is not None:  # 提高到36%: a figure after Chinese goes down with the character before it
        if paragraph[glued + 1] == WORD_JOINER or sum(c.isalnum() for c in paragraph[glued + 1 : end]) > SHORT_WORD:
            return paragraph
        return paragraph[: glued + 1] + WORD_JOINER + paragraph[glued + 1 :]
    hyphen = paragraph.rfind("-", space + 1, end)
    if hyphen > space + 1 and paragraph[hyphen + 1] != WORD_JOINER and sum(c.isalnum() for c in paragraph[hyphen:end]) <= SHORT_WORD:
        paragraph = paragraph[: hyphen + 1] + WORD_JOINER + paragraph[hyphen + 1 :]  # set-pin: no line break after its hyphen
    if space > 0 and not paragraph[space - 1].isspace() and sum(c.isalnum() for c in last_word) <= SHORT_WORD:
        return paragraph[:space] + NO_BREAK_SPACE + paragraph[space + 1 :]  # "future ones" stay on one line
    return paragraph


def _one_figure(before: str, after: str) -> bool:
    """Whether the space between two words lies inside a figure: CNY 100, 100 billion, 1 million tonnes."""
    number_before, number_after = any(c.isdigit() for c in before), any(c.isdigit() for c in after)
    unit = after.rstrip(".,;:!?)")
    return (number_before and unit.isalpha() and len(unit) <= UNIT_WORD) or (number_after and before.isalpha() and before.isupper())


def _figures_held(paragraph: str) -> str:
    words = paragraph.split(" ")
    held = [words[0]]
    for before, after in itertools.pairwise(words):
        held.append((NO_BREAK_SPACE if before and after and _one_figure(before, after) else " ") + after)
    return "".join(held)


def keep_line_ends(text: str) -> str:
    """`text` with the end of each paragraph held together, so that wherever it wraps its last line is
    never one Chinese character (with its full stop) or one short English word, and with each figure
    on one line (CNY 100 billion). Word joiners and no-break spaces only: they draw nothing, so the
    text reads the same at any width."""
    return "\n".join(_kept_paragraph(_figures_held(paragraph)) for paragraph in text.split("\n"))
