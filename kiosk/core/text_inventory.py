"""Every character the kiosk can show: the font subset must cover them and `kiosk check` proves it."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path

from kiosk.core import files


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
    """Text in the content's JSON files. The walk does not follow links to folders (a loop cannot trap
    it); a file is read as the loader reads it (kiosk.core.files: regular files inside the folder only,
    so a FIFO or /dev/zero named x.json neither blocks nor fills memory)."""
    found = []
    for folder, _dirs, names in os.walk(content_dir, followlinks=False):
        found += [Path(folder) / name for name in names if name.endswith(".json")]
    for path in sorted(found):
        try:
            yield from _strings(files.read_json(path, MAX_JSON_BYTES, within=content_dir))
        except (OSError, RecursionError):  # nesting the parser took, deeper than this walk can
            continue  # unreadable content is reported by validation, not here


def translation_strings(i18n_dir: Path) -> Iterator[str]:
    for path in sorted(i18n_dir.glob("*.ts")):
        root = ET.parse(path).getroot()
        for tag in ("source", "translation", "numerusform"):
            for element in root.iter(tag):
                if element.text:
                    yield element.text


def characters_to_cover(content_dir: Path, i18n_dirs: Path | Sequence[Path]) -> str:
    """Every character the content and the translations (one folder or several) may put on screen."""
    folders = [i18n_dirs] if isinstance(i18n_dirs, Path) else list(i18n_dirs)
    chars: set[str] = set()
    for text in (*content_strings(content_dir), *(t for folder in folders for t in translation_strings(folder))):
        chars.update(c for c in text if c.isprintable())
    return "".join(sorted(chars))
