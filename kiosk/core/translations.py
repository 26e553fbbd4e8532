"""Checks on the Qt translation sources (i18n/kiosk_<lang>.ts): Qt-free, read as XML."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

UI_SOURCE_LANGUAGE = "en"


def ts_path(i18n_dir: Path, lang: str) -> Path:
    return i18n_dir / f"kiosk_{lang}.ts"


def translation_problems(i18n_dirs: Path | Sequence[Path], languages: tuple[str, ...]) -> list[str]:
    """Missing files, and unfinished, empty or obsolete entries, for every language but the source.
    Several folders: the first one holding a language's files is the one the kiosk reads."""
    import xml.etree.ElementTree as ET  # only `kiosk check` and tests need it, not the running kiosk

    folders = [i18n_dirs] if isinstance(i18n_dirs, Path) else list(i18n_dirs)
    problems: list[str] = []
    for lang in languages:
        if lang == UI_SOURCE_LANGUAGE:
            continue
        holding = [f for f in folders if ts_path(f, lang).is_file() or ts_path(f, lang).with_suffix(".qm").is_file()]
        ts = ts_path((holding or folders)[0], lang)
        qm = ts.with_suffix(".qm")
        if not ts.is_file():
            problems.append(f"{ts}: missing; create it with tools/update_translations.py --add {lang}")
            continue
        if not qm.is_file():
            problems.append(f"{qm}: missing; compile it with tools/update_translations.py")
        try:
            root = ET.parse(ts).getroot()
        except ET.ParseError as exc:
            problems.append(f"{ts}: not valid XML ({exc})")
            continue
        for context in root.iter("context"):
            context_name = context.findtext("name", "")
            for message in context.iter("message"):
                source = message.findtext("source", "")
                translation = message.find("translation")
                kind = translation.get("type", "") if translation is not None else "missing"
                text = (translation.text or "") if translation is not None else ""
                where = f"{ts.name}: {context_name}: {source!r}"
                if kind in ("obsolete", "vanished"):
                    problems.append(f"{where}: no longer used; run tools/update_translations.py")
                elif kind == "unfinished" or not text.strip():
                    problems.append(f"{where}: not translated")
    return problems
