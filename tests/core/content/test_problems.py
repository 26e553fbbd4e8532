"""A problem in content names its file, where in it, and what is wrong, in text any console can print:
values are quoted as JSON would write them, shortened, and control characters or unpaired surrogates
from the content come out escaped."""

from __future__ import annotations

from kiosk.core.content.problems import Problem, join_path, shown


def test_values_are_quoted_as_json_would_write_them() -> None:
    assert shown("gdp") == "'gdp'"
    assert shown(None) == "null"
    assert shown(True) == "true" and shown(False) == "false"
    assert shown(85) == "85" and shown(2.5) == "2.5"
    assert shown(["a", 1]) == "['a', 1]"
    assert shown("产业") == "'产业'"  # printable text of any script is kept as it is


def test_a_long_value_is_shortened_to_the_limit_with_an_ellipsis() -> None:
    quoted = shown("x" * 500)
    assert quoted == "'" + "x" * 59 + "…'"
    assert shown("abcdef", limit=4) == "'abc…'"
    assert shown(list(range(100)), limit=10) == "[0, 1, 2,…"


def test_control_characters_and_unpaired_surrogates_are_escaped() -> None:
    assert shown("red\x1b[31m") == "'red\\x1b[31m'"
    assert shown("a\ud800b") == "'a\\ud800b'"
    assert shown("tab\there 中") == "'tab\\there 中'"
    shown("\udfff").encode("utf-8")  # printable on any console: no UnicodeEncodeError


def test_a_problem_reads_file_path_and_message_and_leaves_out_an_empty_path() -> None:
    assert str(Problem("content.json", "pillars[2].indicators[0].value", "must be a number")) == (
        "content.json: pillars[2].indicators[0].value: must be a number"
    )
    assert str(Problem("content.json", "", "file not found")) == "content.json: file not found"


def test_a_problem_made_from_hostile_text_is_safe_and_bounded() -> None:
    problem = Problem("evil\x1b.json", "pillars.\ud800", "x" * 5000)
    assert problem.file == "evil\\x1b.json"
    assert problem.path == "pillars.\\ud800"
    assert len(problem.message) == 1000 and problem.message.endswith("…")
    str(problem).encode("utf-8")
    assert Problem("a.json", "b", "c") == Problem("a.json", "b", "c")  # a clean problem is kept as given


def test_paths_are_built_with_dots_for_keys_and_brackets_for_indexes() -> None:
    assert join_path("", "pillars") == "pillars"
    assert join_path("pillars", 2) == "pillars[2]"
    assert join_path("pillars[2]", "indicators") == "pillars[2].indicators"
    assert join_path("", 0) == "[0]"
    long = join_path("title", "k" * 300)
    assert long == "title." + "k" * 59 + "…"
