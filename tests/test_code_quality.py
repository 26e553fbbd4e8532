"""ruff, mypy --strict and the architecture's import contracts, as configured in pyproject.toml, run with
the tests so CI and a newcomer see the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", "kiosk", "tests", "tools"],
        [sys.executable, "-m", "ruff", "format", "--check", "kiosk", "tests", "tools"],
        [sys.executable, "-m", "mypy"],
        [str(SCRIPTS / ("lint-imports.exe" if sys.platform == "win32" else "lint-imports")), "--no-cache"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict", "import-contracts"],
)
def test_tool_is_clean(command: list[str]) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_import_contracts_can_fail(tmp_path: Path) -> None:
    """A module of the product that imports the QA tooling breaks a contract (the check is live)."""
    import shutil

    copy = tmp_path / "repo"
    shutil.copytree(REPO / "kiosk", copy / "kiosk")
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    (copy / "kiosk" / "ui" / "sneaky.py").write_text("from kiosk.qa import snapshot  # noqa: F401\n", encoding="utf-8")
    command = [str(SCRIPTS / ("lint-imports.exe" if sys.platform == "win32" else "lint-imports")), "--no-cache"]
    result = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=300, env={"PYTHONPATH": str(copy), "PATH": ""})
    assert result.returncode != 0
    assert "The product never imports its QA tooling BROKEN" in result.stdout


MAX_METHODS = 25  # a class with more does several jobs: split it along a seam (issue 22)


def test_no_class_in_the_package_has_more_than_25_methods() -> None:
    import ast

    crowded = []
    for path in sorted((REPO / "kiosk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ClassDef):
                methods = [item for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))]
                if len(methods) > MAX_METHODS:
                    crowded.append(f"{path.relative_to(REPO)}: {node.name} has {len(methods)} methods")
    assert not crowded, "\n".join(crowded)
