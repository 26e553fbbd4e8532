"""The .ts files are current with the code, complete, and compiled into the .qm files we ship."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.core.translations import translation_problems
from tests.process import qt_tool

REPO = Path(__file__).resolve().parents[2]
TS_FILES = sorted((REPO / "i18n").glob("kiosk_*.ts"))


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {(c.findtext("name", ""), m.findtext("source", "")) for c in root.iter("context") for m in c.iter("message")}


def test_there_is_a_translation_for_every_non_source_language() -> None:
    assert [p.name for p in TS_FILES] == ["kiosk_zh.ts"]
    assert translation_problems(resources.translations_dir(), ("zh", "en")) == []


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_ts_is_current_with_the_code(ts: Path, tmp_path: Path) -> None:
    fresh = tmp_path / ts.name
    shutil.copy(ts, fresh)
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "kiosk").rglob("*.py"))
    subprocess.run(
        [qt_tool("pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "none", "-ts", str(fresh)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert _messages(fresh) == _messages(ts), "run: python tools/update_translations.py"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_qm_is_compiled_from_the_ts(ts: Path, tmp_path: Path) -> None:
    qm = tmp_path / ts.with_suffix(".qm").name
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, timeout=60)
    assert qm.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run: python tools/update_translations.py --compile"


def test_an_unfinished_entry_is_reported(tmp_path: Path) -> None:
    text = (
        TS_FILES[0]
        .read_text(encoding="utf-8")
        .replace("<translation>亮点</translation>", '<translation type="unfinished"></translation>', 1)
    )
    (tmp_path / "kiosk_zh.ts").write_text(text, encoding="utf-8")
    problems = translation_problems(tmp_path, ("zh", "en"))
    assert any("'Highlights': not translated" in p for p in problems)
    assert any("kiosk_zh.qm: missing" in p for p in problems)
