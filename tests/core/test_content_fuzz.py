"""Property-based: whatever an exhibitor's editor does to content.json, validation never crashes and
always names the problem with the file and a path."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import resources
from kiosk.core.content import load_content

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
