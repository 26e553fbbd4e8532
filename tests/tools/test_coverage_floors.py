"""tools/coverage_floors.py: coverage per package against floors that only rise."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import coverage
import pytest

REPO = Path(__file__).resolve().parents[2]
MODULE = REPO / "kiosk" / "core" / "motion.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("coverage_floors", REPO / "tools" / "coverage_floors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _data(tmp_path: Path, lines: set[int]) -> Path:
    """A coverage data file in which `lines` of kiosk/core/motion.py ran."""
    path = tmp_path / ".coverage"
    data = coverage.CoverageData(basename=str(path))
    data.add_lines({str(MODULE): sorted(lines)})
    data.write()
    return path


@pytest.fixture
def tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    module = _tool()
    monkeypatch.setattr(module, "FLOORS", tmp_path / "floors.json")
    return module


def _statements() -> list[int]:
    cov = coverage.Coverage(data_file=None)
    _, statements, _, _, _ = cov.analysis2(str(MODULE))
    return list(statements)


def test_a_package_is_named_by_its_folder() -> None:
    tool = _tool()
    assert tool.package_of(REPO / "kiosk" / "core" / "photos" / "cache.py") == "kiosk.core.photos"
    assert tool.package_of(REPO / "kiosk" / "cli.py") == "kiosk"


def test_a_package_under_its_floor_fails_and_one_at_it_passes(tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    statements = _statements()
    half = _data(tmp_path, set(statements[: len(statements) // 2]))
    (tmp_path / "floors.json").write_text(json.dumps({"kiosk.core": 90}), encoding="utf-8")
    assert tool.main(["--data", str(half)]) == 1
    assert "kiosk.core" in capsys.readouterr().err
    (tmp_path / "floors.json").write_text(json.dumps({"kiosk.core": 10}), encoding="utf-8")
    assert tool.main(["--data", str(half)]) == 0


def test_a_package_with_no_floor_yet_is_named(tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "floors.json").write_text("{}", encoding="utf-8")
    assert tool.main(["--data", str(_data(tmp_path, set(_statements())))]) == 1
    assert "no floor yet for kiosk.core" in capsys.readouterr().err


def test_floors_only_rise_and_keep_a_margin_for_noise(tool: ModuleType, tmp_path: Path) -> None:
    statements = _statements()
    (tmp_path / "floors.json").write_text(json.dumps({"kiosk.core": 20, "kiosk.gone": 50}), encoding="utf-8")
    assert tool.main(["--raise", "--data", str(_data(tmp_path, set(statements)))]) == 0
    floors = json.loads((tmp_path / "floors.json").read_text(encoding="utf-8"))
    assert floors == {"kiosk.core": 100 - int(tool.NOISE), "kiosk.gone": 50}  # all of it ran, less the margin
    assert tool.main(["--raise", "--data", str(_data(tmp_path, set(statements[:1])))]) == 0
    assert json.loads((tmp_path / "floors.json").read_text(encoding="utf-8"))["kiosk.core"] == 100 - int(tool.NOISE)  # never lowered
