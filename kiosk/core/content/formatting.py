"""Numbers, units, qualifiers and periods in each language, from per-language rules in the content
folder (`locales/<code>.json`), so a third language needs a file, not code.

zh: 850亿元, 15万, 200多家, 不足5%, 增长67%, 2023年上半年
en: CNY 85 billion, 150,000, more than 200, under 5%, +67%, first half of 2023
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.core.content.model import Indicator, Text, is_period_code
from kiosk.core.content.problems import join_path
from kiosk.core.content.typed_json import text_problem

SCALED_UNITS = frozenset({"yuan", "count", "tonnes"})
UNITS = ("yuan", "percent", "percent_change", "count", "years", "tonnes")
QUALIFIERS = ("exact", "more_than", "under", "about", "at_least", "scale_class")
PERIOD_KINDS = ("year", "half1", "half2", "quarter", "to_date")
_SPACES = re.compile(r" {2,}")
_PERIOD_RE = re.compile(r"^(\d{4})(?:-(H1|H2|Q([1-4])|YTD))?$")
MAX_TEMPLATE = 80  # characters of any text in a locale file: "{v} or more", " billion"


@dataclass(frozen=True)
class Scale:
    factor: float
    suffix: str


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

    @classmethod
    def from_json(cls, data: Any) -> tuple[LocaleFormat | None, list[tuple[str, str]]]:
        """Parse rules, returning (format, [(path, problem), ...]). Never raises, whatever `data` is."""
        problems: list[tuple[str, str]] = []
        if not isinstance(data, dict):
            return None, [("", "must be an object")]
        known = {"grouping", "decimal", "max_decimals", "scales", "units", "qualifiers", "periods"}
        problems += [(join_path("", key), "unknown key") for key in data if key not in known]
        problems += [(key, "is required") for key in sorted(known) if key not in data]
        if problems:
            return None, problems
        problems += [(path, problem) for path, text in _texts(data) if (problem := text_problem(text, MAX_TEMPLATE))]
        grouping = data["grouping"]
        if not (
            isinstance(grouping, dict)
            and isinstance(grouping.get("separator"), str)
            and _whole(grouping.get("size"))
            and 0 < grouping["size"] <= 9
        ):
            problems.append(("grouping", 'must be {"separator": text, "size": whole number from 1 to 9}'))
        if not isinstance(data["decimal"], str) or not data["decimal"]:
            problems.append(("decimal", "must be a non-empty text"))
        if not _whole(data["max_decimals"]) or not 0 <= data["max_decimals"] <= 6:
            problems.append(("max_decimals", "must be a whole number from 0 to 6"))
        scales: list[Scale] = []
        if not isinstance(data["scales"], list):
            problems.append(("scales", "must be a list"))
        else:
            for i, sc in enumerate(data["scales"]):
                if not (
                    isinstance(sc, dict)
                    and set(sc) == {"factor", "suffix"}
                    and isinstance(sc["factor"], (int, float))
                    and not isinstance(sc["factor"], bool)
                    and 1 < sc["factor"] < math.inf
                    and isinstance(sc["suffix"], str)
                ):
                    problems.append((f"scales[{i}]", 'must be {"factor": number > 1, "suffix": text}'))
                else:
                    scales.append(Scale(float(sc["factor"]), sc["suffix"]))
        units = data["units"]
        if not isinstance(units, dict):
            problems.append(("units", "must be an object"))
        else:
            for unit in UNITS:
                tpl = units.get(unit)
                if isinstance(tpl, str):
                    if "{n}" not in tpl:
                        problems.append((f"units.{unit}", "must contain {n}"))
                elif (
                    isinstance(tpl, dict)
                    and tpl
                    and set(tpl) <= {"up", "down", "one", "other"}
                    and all(isinstance(v, str) and "{n}" in v for v in tpl.values())
                ):
                    signed = {"up", "down"} & set(tpl)
                    complete = signed == {"up", "down"} if signed else "other" in tpl  # "up" alone left a fall without words
                    if not complete:
                        problems.append((f"units.{unit}", "a template object needs 'up' and 'down', or 'other'"))
                else:
                    problems.append((f"units.{unit}", "is missing or not a template with {n}"))
            problems += [(join_path("units", u), "unknown unit") for u in units if u not in UNITS]
        qualifiers: dict[str, tuple[str, str]] = {}
        if not isinstance(data["qualifiers"], dict):
            problems.append(("qualifiers", "must be an object"))
        else:
            for q in QUALIFIERS:
                rule = data["qualifiers"].get(q)
                if isinstance(rule, dict) and len(rule) == 1:
                    ((mode, tpl),) = rule.items()
                    placeholder = {"number": "{n}", "value": "{v}"}.get(mode)
                    if placeholder and isinstance(tpl, str) and placeholder in tpl:
                        qualifiers[q] = (mode, tpl)
                        continue
                problems.append((f"qualifiers.{q}", 'must be {"number": "...{n}..."} or {"value": "...{v}..."}'))
        periods = data["periods"]
        if not isinstance(periods, dict) or any(not isinstance(periods.get(k), str) or "{year}" not in periods[k] for k in PERIOD_KINDS):
            problems.append(("periods", f"needs templates with {{year}} for {', '.join(PERIOD_KINDS)}"))
        if problems:
            return None, problems
        return cls(
            group_separator=grouping["separator"],
            group_size=grouping["size"],
            decimal=data["decimal"],
            max_decimals=data["max_decimals"],
            scales=tuple(sorted(scales, key=lambda s: -s.factor)),
            units=dict(units),
            qualifiers=qualifiers,
            periods=dict(periods),
        ), []


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _texts(node: object, path: str = "") -> list[tuple[str, str]]:
    """Every text in a locale file, with its path."""
    if isinstance(node, str):
        return [(path, node)]
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in _texts(value, join_path(path, key))]
    if isinstance(node, list):
        return [found for i, value in enumerate(node) for found in _texts(value, join_path(path, i))]
    return []


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
