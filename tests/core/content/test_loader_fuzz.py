"""Property-based: whatever an exhibitor's editor does to content.json, validation never crashes and
always names the problem with the file and a path."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.content.formatting import PERIOD_KINDS, QUALIFIERS, UNITS, LocaleFormat, NumberFormatter
from kiosk.core.content.model import (
    MAX_FIGURE,
    Album,
    Bar,
    Chart,
    Dataset,
    Group,
    Indicator,
    Item,
    Language,
    Page,
    Photo,
    SeriesPoint,
    Source,
    Text,
)
from kiosk.core.content.typed_json import DecodeContext, decode_document

BUNDLED = resources.bundled_content_dir()
VALID = json.loads((BUNDLED / "content.json").read_text(encoding="utf-8"))

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.just("x" * 200_000),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


ALL_PATHS = _paths(VALID)


def _apply(data: Any, path: tuple[Any, ...], action: str, value: Any) -> None:
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "delete" and isinstance(parent, list):
        parent.pop(last)
    elif action == "unknown-key" and isinstance(parent, dict):
        parent["an_unknown_key"] = value
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # quick, where both are on one disk
    except OSError:
        shutil.copy2(source, target)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["replace", "delete", "unknown-key", "duplicate"]), junk),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_content_never_crashes_validation(edits: list[tuple[tuple[Any, ...], str, Any]]) -> None:
    data = copy.deepcopy(VALID)
    for path, action, value in edits:
        with contextlib.suppress(KeyError, IndexError, TypeError):  # an earlier edit removed this place
            _apply(data, path, action, value)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(BUNDLED / "locales", folder / "locales")
        (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False, allow_nan=True), encoding="utf-8")
        shutil.copytree(BUNDLED / "photos", folder / "photos", copy_function=_link_or_copy)  # a link out would be refused
        result = load_content(folder)
    if data == VALID:
        assert result.ok
    for problem in result.problems:
        assert problem.file in ("content.json", "locales/zh.json", "locales/en.json")
        assert problem.message
    if not result.ok:
        assert result.problems, "invalid content must say why"


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.binary(max_size=400))
def test_any_bytes_are_answered_not_crashed(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "content.json").write_bytes(raw)
        result = load_content(folder)
    assert not result.ok and result.problems and all(str(p) for p in result.problems)


def test_a_list_where_an_id_should_be() -> None:
    """Found by the property above: ids that are not text must not break the reference checks."""
    data = copy.deepcopy(VALID)
    data["pillars"][0]["indicators"][7]["id"] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(BUNDLED / "locales", folder / "locales")
        (folder / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        result = load_content(folder)
    assert any(p.path == "pillars[0].indicators[7].id" and p.message == "must be text, not a list" for p in result.problems)


# --- arbitrary JSON, not only mutations of the bundled file -----------------------------------

MODEL = (Dataset, Page, Indicator, Chart, Bar, Album, Photo, Group, Item, Source, Language, SeriesPoint)
FIELD_NAMES = sorted({f.name for cls in MODEL for f in fields(cls)} | {"zh", "en"})
LOCALE_KEYS = ["grouping", "separator", "size", "decimal", "max_decimals", "scales", "factor", "suffix", "units", "qualifiers", "periods"]
LOCALE_KEYS += [*UNITS, *QUALIFIERS, *PERIOD_KINDS, "up", "down", "one", "other", "number", "value"]
any_text = st.text(st.characters(exclude_categories=()), max_size=12)  # unpaired surrogates and controls too
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    any_text,
    st.sampled_from(["zh", "en", "2023", "2023-H1", "count", "log", "ranked_bars", "time_series", "{n}", "{v}", "{year}", "x" * 5000]),
)


def json_values(keys: list[str]) -> st.SearchStrategy[Any]:
    """Any JSON value, its object keys mostly the names the reader looks for, so it gets past the first check."""
    key = st.one_of(st.sampled_from(keys), any_text)
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(key, inner, max_size=6), max_leaves=40)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values(FIELD_NAMES))
def test_the_decoder_answers_any_json(value: Any) -> None:
    ctx = DecodeContext("content.json", ("zh", "en"))
    decoded = decode_document(Dataset, value, ctx)
    assert isinstance(decoded, Dataset) or (decoded is None and ctx.problems)
    for problem in ctx.problems:
        str(problem).encode("utf-8")  # printable on any console


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values(FIELD_NAMES))
def test_load_content_answers_any_json_document(value: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(BUNDLED / "locales", folder / "locales")
        (folder / "content.json").write_text(json.dumps(value, allow_nan=True), encoding="utf-8")
        result = load_content(folder)
    assert result.ok == (result.dataset is not None)
    assert result.ok or result.problems
    for problem in result.problems:
        assert problem.message and str(problem).encode("utf-8")


LOCALE = json.loads((BUNDLED / "locales" / "en.json").read_text(encoding="utf-8"))
LOCALE_PATHS = _paths(LOCALE)


def _formats_everything(fmt: LocaleFormat) -> None:
    """A format that is accepted formats every figure the decoder lets through, in every unit and qualifier."""
    formatter = NumberFormatter({"en": fmt})
    counter = Text({"en": "firms"})
    for value in (0.0, 1.0, -1.0, 0.5, 123_456.789, 85e9, -MAX_FIGURE, MAX_FIGURE, 1e-9):
        for unit in UNITS:
            for qualifier in QUALIFIERS:
                assert formatter.value(value, unit, "en", qualifier=qualifier, counter=counter, final=value)
    for period in ("2023", "2023-H1", "2023-H2", "2023-Q3", "2023-YTD"):
        assert formatter.period(period, "en")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(value=json_values(LOCALE_KEYS))
def test_locale_rules_answer_any_json(value: Any) -> None:
    fmt, problems = LocaleFormat.from_json(value)
    assert (fmt is None) == bool(problems)
    assert all(isinstance(path, str) and message for path, message in problems)
    if fmt is not None:
        _formats_everything(fmt)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(LOCALE_PATHS), st.sampled_from(["replace", "delete", "unknown-key", "duplicate"]), leaves),
        min_size=1,
        max_size=3,
    )
)
def test_mutated_locale_rules_are_refused_or_format_every_figure(edits: list[tuple[tuple[Any, ...], str, Any]]) -> None:
    data = copy.deepcopy(LOCALE)
    for path, action, value in edits:
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _apply(data, path, action, value)
    fmt, problems = LocaleFormat.from_json(data)
    assert (fmt is None) == bool(problems)
    if fmt is not None:
        _formats_everything(fmt)
