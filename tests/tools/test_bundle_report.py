"""tools/bundle_report.py: a bundle's size, its own data apart, its biggest files and passengers, beside a
naive bundle's (real folders; the naive bundle and the first-frame figures need a real build: .ci/run)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_report", REPO / "tools" / "bundle_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bundle_report"] = module  # dataclasses look their module up while the file runs
    path = list(sys.path)
    spec.loader.exec_module(module)  # it puts tools/ first to import bundle_rules: not for the other tests
    sys.path[:] = path
    return module


report = _load_tool()
MB = 2**20


def _bundle(root: Path, files: dict[str, int]) -> Path:
    for name, size in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            file.truncate(size)  # sparse: only the size matters
    return root


def test_a_bundles_size_counts_files_once_and_its_data_apart(tmp_path: Path) -> None:
    bundle = _bundle(
        tmp_path / "lna-kiosk",
        {"lna-kiosk": 6 * MB, "_internal/libQt6Gui.so.6": 11 * MB, "_internal/assets/content/a.jpg": 2 * MB, "_internal/i18n/zh.qm": MB},
    )
    (bundle / "_internal" / "libQt6Gui-link.so").symlink_to("libQt6Gui.so.6")  # PyInstaller's links take no room
    size = report.BundleSize.of(bundle, top=2)
    assert (size.total_mb, size.data_mb) == (20, 3)
    assert size.biggest == ((11, "_internal/libQt6Gui.so.6"), (6, "lna-kiosk"))


def test_the_size_lines_compare_the_kiosk_without_its_data_with_the_naive_bundle() -> None:
    ours = report.BundleSize(165.0, 12.0, ((24.2, "_internal/numpy.libs/libscipy_openblas64_.so"),))
    naive = report.BundleSize(250.0, 0.0, ((30.6, "_internal/PySide6/Qt/lib/libicudata.so.73"), (24.2, "openblas")))
    lines = report.size_lines(ours, naive, [])
    assert lines[0] == "bundle size: kiosk 165.0 MB (ok: target <= 170 MB), 12.0 MB of it content, fonts, translations"
    assert lines[1] == "naive bundle of the same entry point: 250.0 MB -> kiosk without its data 153.0 MB, 97.0 MB less (ratio 0.61)"
    assert "libscipy_openblas64_.so" in lines[3] and "libicudata.so.73" in lines[3] and len(lines) == 5
    assert lines[-1] == "passengers (tools/bundle_rules.py): 0"


def test_an_oversized_bundle_and_its_passengers_are_said() -> None:
    lines = report.size_lines(report.BundleSize(222.7, 12.0, ((21.8, "libx265.so"),)), None, ["libx265.so: x265"])
    assert "OVER: target <= 170 MB" in lines[0]
    assert lines[1:] == ["biggest files:", "    21.8 MB libx265.so", "passengers (tools/bundle_rules.py): 1\n  libx265.so: x265"]


def test_without_a_bundle_it_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"build the bundle first: pyinstaller kiosk\.spec"):
        report.main(["--bundle", str(tmp_path), "--no-naive", "--size-only"])
