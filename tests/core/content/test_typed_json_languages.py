"""The content's languages are data: the JSON Schema takes whatever codes the content declares (or the
ones it is given), and content with a third language loads with every text in it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kiosk.core.content import load_content
from kiosk.core.content.model import Dataset
from kiosk.core.content.typed_json import json_schema


def _with_french(content: Path) -> dict[str, Any]:
    data = json.loads((content / "content.json").read_text(encoding="utf-8"))
    data["languages"].append({"code": "fr", "name": "Français"})

    def add(node: object) -> None:
        if isinstance(node, dict):
            if set(node) == {"zh", "en"} and all(isinstance(v, str) for v in node.values()):
                node["fr"] = f"[fr]{node['en']}" if node["en"] else ""
                return
            for value in node.values():
                add(value)
        elif isinstance(node, list):
            for value in node:
                add(value)

    add(data)
    (content / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    locale = json.loads((content / "locales" / "en.json").read_text(encoding="utf-8"))
    (content / "locales" / "fr.json").write_text(json.dumps(locale), encoding="utf-8")
    return data


def _texts(node: object) -> list[dict[str, str]]:
    if isinstance(node, dict):
        if node and all(isinstance(v, str) for v in node.values()) and {"zh", "en"} <= set(node):
            return [node]
        return [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _texts(value)]
    return []


def test_the_schema_names_no_language_unless_given_the_contents(content_copy: Path) -> None:
    data = _with_french(content_copy)
    assert load_content(content_copy).ok
    text = json_schema(Dataset)["$defs"]["Text"]
    assert "required" not in text and text["minProperties"] == 1
    pattern = re.compile(text["propertyNames"]["pattern"])
    texts = _texts(data)
    assert len(texts) > 100 and all(set(t) == {"zh", "en", "fr"} and all(pattern.search(k) for k in t) for t in texts)
    assert json_schema(Dataset, ("zh", "en", "fr"))["$defs"]["Text"]["required"] == ["zh", "en", "fr"]


def test_a_text_without_the_third_language_is_named(content_copy: Path) -> None:
    data = _with_french(content_copy)
    del data["pillars"][0]["title"]["fr"]
    (content_copy / "content.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    problems = [(p.path, p.message) for p in load_content(content_copy).problems]
    assert problems == [("pillars[0].title", "missing translation for 'fr'")]
