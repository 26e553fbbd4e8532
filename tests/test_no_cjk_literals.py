"""No Chinese (or other CJK) text is written into the widgets' code: what a visitor or staff member reads
comes from the content (its texts and locale files) or from Qt's translations, so a third language needs
files, not code. Docstrings and comments may quote the Chinese they describe."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# CJK punctuation, kana, hangul, the unified ideographs and their extensions, fullwidth forms.
CJK = re.compile("[\u3000-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (a module's, a class's, a function's)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def cjk_literals(folder: Path) -> list[str]:
    """file:line: text of every string constant under `folder` that holds a CJK character."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        docstrings = _docstrings(tree)
        found += [
            f"{path.relative_to(folder.parent).as_posix()}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings and CJK.search(node.value)
        ]
    return found


def test_the_widgets_hold_no_cjk_text() -> None:
    assert cjk_literals(REPO / "kiosk" / "ui") == []


def test_the_check_finds_cjk_in_strings_and_f_strings_not_in_docstrings(tmp_path: Path) -> None:
    folder = tmp_path / "ui"
    folder.mkdir()
    (folder / "sample.py").write_text('"""示意图 in a docstring."""\n\nCALL = "触摸屏幕"\nNAME = f"{1}年"\n', encoding="utf-8")
    assert cjk_literals(folder) == ["ui/sample.py:3: '触摸屏幕'", "ui/sample.py:4: '年'"]
