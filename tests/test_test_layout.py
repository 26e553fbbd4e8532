"""The tests mirror the package: the tests of kiosk/<path>/<module>.py are in tests/<path>/test_<module>.py
(and tests/<path>/test_<module>_<aspect>.py where one file would be too long), so whoever changes a
module finds its tests at once. Tests of a journey across many modules (a touch storm, a third
language, accessibility) sit beside them under a name that says the journey, and shared fixtures
live in tests/conftest.py, tests/ui/conftest.py and the helpers in tests/*.py (kiosks, hostile, faults)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "kiosk"
TESTS = REPO / "tests"

# Modules with no logic of their own to test: nothing here may hold a branch (checked below).
NO_LOGIC: set[str] = set()


def has_logic(path: Path) -> bool:
    """Whether a module makes a decision anywhere: a branch, a loop, a try, a conditional expression."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    decisions = (ast.If, ast.For, ast.While, ast.Try, ast.IfExp, ast.BoolOp, ast.comprehension, ast.Match)
    return any(isinstance(node, decisions) for node in ast.walk(tree))


def mirror_tests(module: Path) -> list[Path]:
    relative = module.relative_to(PACKAGE)
    folder = TESTS.joinpath(*relative.parts[:-1])
    return sorted([*folder.glob(f"test_{module.stem}.py"), *folder.glob(f"test_{module.stem}_*.py")])


def modules() -> list[Path]:
    """Every module; a package's __init__.py only re-exports (checked below)."""
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def test_every_module_with_logic_has_its_test_module_where_the_package_says() -> None:
    missing = [
        f"{module.relative_to(REPO)} -> tests/{module.relative_to(PACKAGE).parent.as_posix()}/test_{module.stem}.py".replace("/./", "/")
        for module in modules()
        if str(module.relative_to(REPO)) not in NO_LOGIC and has_logic(module) and not mirror_tests(module)
    ]
    assert missing == [], "modules without a test module of their own:\n" + "\n".join(missing)


def test_modules_said_to_have_no_logic_have_none() -> None:
    assert [name for name in NO_LOGIC if has_logic(REPO / name)] == []


def test_packages_only_name_their_parts() -> None:
    assert [str(p.relative_to(REPO)) for p in PACKAGE.rglob("__init__.py") if has_logic(p)] == []


def test_every_test_folder_is_a_package_named_after_one_in_kiosk() -> None:
    """tests/ui/staff/ for kiosk/ui/staff/, and so on: a folder of tests for a package that is gone is found."""
    folders = [p.parent for p in TESTS.rglob("test_*.py") if "__pycache__" not in p.parts]
    strays = sorted(
        {
            str(folder.relative_to(REPO))
            for folder in folders
            if folder != TESTS and not PACKAGE.joinpath(*folder.relative_to(TESTS).parts).is_dir() and folder.name != "tools"
        }
    )
    assert strays == []
    assert [str(f.relative_to(REPO)) for f in set(folders) if not (f / "__init__.py").is_file()] == []
