"""Rules that keep a page worth reading: a chart compares, a counted figure can name what it counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.core.content import load_content


def _edit(folder: Path, change: Any) -> dict[str, str]:
    path = folder / "content.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return {p.path: p.message for p in load_content(folder).problems}


def test_a_one_bar_chart_is_refused(content_copy: Path) -> None:
    def one_bar(data: dict[str, Any]) -> None:
        innovation = data["pillars"][1]
        growth = next(c for c in innovation["charts"] if c["kind"] == "growth_bars")
        del growth["bars"][1:]

    messages = _edit(content_copy, one_bar)
    assert "a growth_bars chart needs 2 to 8 bars, not 1" in messages.values()


def test_a_figure_names_what_it_counts_from_a_group_of_its_page(content_copy: Path) -> None:
    def names(data: dict[str, Any]) -> None:
        industry = data["pillars"][0]
        industry["groups"].append(
            {"id": "counted", "title": {"zh": "组", "en": "Group"}, "items": [{"id": "one", "name": {"zh": "一", "en": "One"}}]}
        )
        industry["indicators"][0]["names"] = "counted"
        industry["indicators"][1]["names"] = "no-such-group"
        data["pillars"][1]["indicators"][0]["names"] = "counted"  # another page's group

    messages = _edit(content_copy, names)
    assert "pillars[0].indicators[0].names" not in messages
    assert messages["pillars[0].indicators[1].names"] == "no group with id 'no-such-group' on this page"
    assert messages["pillars[1].indicators[0].names"] == "no group with id 'counted' on this page"
