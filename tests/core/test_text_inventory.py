"""Every character the kiosk can show, gathered from the content's JSON files and the translations, so
the font subset can be proven to cover them; unreadable files are left to validation, never block."""

from __future__ import annotations

import json
import os
from pathlib import Path

from kiosk import resources
from kiosk.core.text_inventory import characters_to_cover, content_strings, translation_strings
from tests.deadline import within

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Header</name>
    <message><source>Home</source><translation>首页</translation></message>
    <message numerus="yes"><source>%n photos</source>
        <translation><numerusform>%n张照片</numerusform></translation></message>
    <message><source>Unfinished</source><translation type="unfinished"></translation></message>
</context>
</TS>
"""


def _write(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def test_the_text_values_of_every_json_file_are_found_but_not_keys_or_numbers(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _write(content / "content.json", {"title": {"zh": "南京", "en": "Nanjing"}, "items": [{"name": "湖"}, 42, True, None]})
    _write(content / "locales" / "zh.json", {"scales": ["亿"]})
    (content / "notes.txt").write_text("not JSON: 不读", encoding="utf-8")
    assert sorted(content_strings(content)) == sorted(["南京", "Nanjing", "湖", "亿"])


def test_files_the_loader_would_refuse_are_skipped_without_blocking(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _write(content / "good.json", ["好"])
    (content / "broken.json").write_text('{"a": ', encoding="utf-8")
    outside = tmp_path / "outside.json"
    _write(outside, ["外"])
    (content / "link.json").symlink_to(outside)  # leads outside the folder
    os.mkfifo(content / "fifo.json")  # an ordinary open would wait for a writer for ever
    (content / "loop").symlink_to(content)  # a link to a folder is not walked into
    assert within(10, lambda: list(content_strings(content)), "reading content with a FIFO") == ["好"]


def test_translations_give_sources_translations_and_plural_forms(tmp_path: Path) -> None:
    (tmp_path / "kiosk_zh.ts").write_text(TS, encoding="utf-8")
    (tmp_path / "notes.xml").write_text("<TS><source>ignored</source></TS>", encoding="utf-8")
    assert sorted(translation_strings(tmp_path)) == sorted(["Home", "首页", "%n photos", "%n张照片", "Unfinished"])


def test_the_characters_to_cover_are_each_printable_character_once_in_order(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _write(content / "content.json", {"a": "湖 湖\n\tb", "b": "a"})
    i18n = tmp_path / "i18n"
    i18n.mkdir()
    (i18n / "kiosk_zh.ts").write_text(TS, encoding="utf-8")
    chars = characters_to_cover(content, i18n)
    assert chars == "".join(sorted(set(chars)))
    assert {"湖", " ", "a", "b", "首", "页", "张", "%", "H"} <= set(chars)
    assert "\n" not in chars and "\t" not in chars


def test_the_bundled_content_and_translations_need_both_scripts() -> None:
    chars = characters_to_cover(resources.bundled_content_dir(), resources.translations_dir())
    assert any("\u4e00" <= c <= "\u9fff" for c in chars)  # Chinese
    assert set("0123456789") <= set(chars)
    assert any(c.isascii() and c.isalpha() for c in chars)
