"""Size and start-up of the PyInstaller bundle, measured side by side in one run:

- bundle size against a naive bundle: a plain `pyinstaller` of the same entry point (kiosk/__main__.py),
  default onedir options, none of kiosk.spec's rules (no excludes, no dropped Qt parts, full ICU data,
  no stripping), built here and now into a temporary folder with the same Python and packages. Sizes
  are in MB of 2**20 bytes (as `du -sm`; links take no room), target <= 170 MB. The kiosk's bundle also
  carries its content, fonts and translations (the naive one none), shown apart. Then the biggest files
  and anything tools/bundle_rules.py calls a passenger;
- time from process start to the first frame, frozen against the source checkout (target ratio <= 1.2),
  medians of several starts (--size-only skips it).

    pip install -c constraints.txt ".[build]" && pyinstaller kiosk.spec && python tools/bundle_report.py"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import bundle_rules  # noqa: E402

BUNDLE = ROOT / "dist" / "lna-kiosk"
MB = 2**20
TARGET_MB = 170  # issue 24
DATA_FOLDERS = ("assets", "i18n", "deploy")  # what kiosk.spec's datas put in the contents folder


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in bundle_rules.bundle_files(folder)) / MB


@dataclass(frozen=True)
class BundleSize:
    """A onedir bundle's size: all of it, the kiosk's own data in it, and its biggest files (MB, path)."""

    total_mb: float
    data_mb: float
    biggest: tuple[tuple[float, str], ...]

    @classmethod
    def of(cls, bundle: Path, top: int = 10) -> BundleSize:
        files = bundle_rules.bundle_files(bundle)
        internal = bundle / bundle_rules.CONTENTS_DIRECTORY
        data = sum(size_mb(internal / name) for name in DATA_FOLDERS if (internal / name).is_dir())
        ranked = sorted(((p.stat().st_size / MB, p.relative_to(bundle).as_posix()) for p in files), reverse=True)
        return cls(sum(mb for mb, _ in ranked), data, tuple(ranked[:top]))


def size_lines(ours: BundleSize, naive: BundleSize | None, passengers: list[str]) -> list[str]:
    """The size part of the report, as lines."""
    code = ours.total_mb - ours.data_mb
    verdict = "ok" if ours.total_mb <= TARGET_MB else "OVER"
    head = f"bundle size: kiosk {ours.total_mb:.1f} MB ({verdict}: target <= {TARGET_MB} MB)"
    lines = [f"{head}, {ours.data_mb:.1f} MB of it content, fonts, translations"]
    if naive is not None:
        lines.append(
            f"naive bundle of the same entry point: {naive.total_mb:.1f} MB -> kiosk without its data {code:.1f} MB, "
            f"{naive.total_mb - code:.1f} MB less (ratio {code / naive.total_mb:.2f})"
        )
        lines += ["biggest files (kiosk | naive):"]
        for (mb, name), (naive_mb, naive_name) in zip(ours.biggest, naive.biggest, strict=False):
            lines.append(f"  {mb:6.1f} MB {name:<62} | {naive_mb:6.1f} MB {naive_name}")
    else:
        lines += ["biggest files:", *(f"  {mb:6.1f} MB {name}" for mb, name in ours.biggest)]
    lines.append(f"passengers (tools/bundle_rules.py): {len(passengers)}" + "".join(f"\n  {line}" for line in passengers))
    return lines


def naive_bundle(work: Path) -> Path:
    """`pyinstaller kiosk/__main__.py` with PyInstaller's defaults (onedir), into `work`."""
    folders = ("--distpath", str(work / "dist"), "--workpath", str(work / "build"), "--specpath", str(work))
    pyinstaller = (sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir", "--log-level", "ERROR", "--name", "naive")
    command = [*pyinstaller, "--paths", str(ROOT), *folders, str(ROOT / "kiosk" / "__main__.py")]
    built = subprocess.run(command, cwd=work, capture_output=True, text=True)
    if built.returncode != 0:
        raise SystemExit(f"the naive bundle failed to build:\n{built.stderr[-3000:]}")
    return work / "dist" / "naive"


def first_frame_s(command: list[str], home: Path) -> float:
    env = {**os.environ, "KIOSK_HOME": str(home), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.time()
    result = subprocess.run(
        [*command, "--windowed", "--first-frame-report"], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT
    )
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return float(report["first_frame_at"]) - start


def first_frame_line(executable: Path, work: Path) -> str:
    source_cmd = [sys.executable, "-m", "kiosk"]
    frozen, source = [], []
    for i in range(5):  # alternate, so both see the same machine noise
        source.append(first_frame_s(source_cmd, work / f"s{i}"))
        frozen.append(first_frame_s([str(executable)], work / f"f{i}"))
    f, s = statistics.median(frozen), statistics.median(source)
    return f"first frame from process start (median of 5): frozen {f:.2f} s, source {s:.2f} s -> ratio {f / s:.2f} (target <= 1.2)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE, help="the onedir bundle folder (default: dist/lna-kiosk)")
    parser.add_argument("--no-naive", action="store_true", help="skip building the naive bundle")
    parser.add_argument("--size-only", action="store_true", help="skip the first-frame figures")
    args = parser.parse_args(argv)
    executable = args.bundle / ("lna-kiosk.exe" if os.name == "nt" else "lna-kiosk")
    if not executable.exists():
        raise SystemExit(f"build the bundle first: pyinstaller kiosk.spec (no {executable})")
    with tempfile.TemporaryDirectory(prefix="kiosk-bundle-") as tmp:
        work = Path(tmp)
        ours = BundleSize.of(args.bundle)
        naive = None if args.no_naive else BundleSize.of(naive_bundle(work))
        passengers = bundle_rules.passengers(args.bundle, sys.platform, bundle_rules.bundle_modules(executable))
        print("\n".join(size_lines(ours, naive, passengers)))
        if not args.size_only:
            print(first_frame_line(executable, work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
