"""Every character the kiosk can show: the font subset must cover them and `kiosk check` proves it."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


MAX_JSON_BYTES = 8 * 1024 * 1024  # as the loader's limit: larger files are reported by validation


def content_strings(content_dir: Path) -> Iterator[str]:
    """Text in the content's JSON files (links are not followed: a link loop cannot trap the walk)."""
    found = []
    for folder, _dirs, files in os.walk(content_dir, followlinks=False):
        found += [Path(folder) / name for name in files if name.endswith(".json")]
    for path in sorted(found):
        try:
            if path.is_symlink() or path.stat().st_size > MAX_JSON_BYTES:
                continue
            yield from _strings(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, RecursionError):
            continue  # unreadable content is reported by validation, not here


def translation_strings(i18n_dir: Path) -> Iterator[str]:
    for path in sorted(i18n_dir.glob("*.ts")):
        root = ET.parse(path).getroot()
        for tag in ("source", "translation", "numerusform"):
            for element in root.iter(tag):
                if element.text:
                    yield element.text


def characters_to_cover(content_dir: Path, i18n_dir: Path) -> str:
    chars: set[str] = set()
    for text in (*content_strings(content_dir), *translation_strings(i18n_dir)):
        chars.update(c for c in text if c.isprintable())
    return "".join(sorted(chars))
