"""Size and start-up of the PyInstaller bundle, measured side by side in one run:

- bundle size against a naive hello-world (PySide6-Essentials + pyqtgraph + Pillow, default onedir
  options) built the same way, here and now (target ratio <= 0.8);
- time from process start to the first frame, frozen against the source checkout (target ratio <= 1.2),
  medians of several starts.

    pip install ".[build]" && pyinstaller kiosk.spec && python tools/bundle_report.py"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "lna-kiosk"
HELLO = """
from PySide6.QtWidgets import QApplication, QLabel
import pyqtgraph
from PIL import Image
app = QApplication([])
label = QLabel("hello")
label.show()
"""


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def naive_bundle(work: Path) -> Path:
    script = work / "hello.py"
    script.write_text(HELLO, encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--onedir",
            "--log-level",
            "ERROR",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            "--specpath",
            str(work),
            str(script),
        ],
        check=True,
        cwd=work,
    )
    return work / "dist" / "hello"


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


def main() -> int:
    if not (BUNDLE / "lna-kiosk").exists() and not (BUNDLE / "lna-kiosk.exe").exists():
        raise SystemExit("build the bundle first: pyinstaller kiosk.spec")
    with tempfile.TemporaryDirectory(prefix="kiosk-bundle-") as tmp:
        work = Path(tmp)
        ours = size_mb(BUNDLE)
        naive = size_mb(naive_bundle(work))
        print(
            f"bundle size: kiosk {ours:.0f} MB (with {size_mb(BUNDLE / '_internal' / 'assets'):.1f} MB of content, fonts, artwork), "
            f"naive hello-world {naive:.0f} MB -> ratio {ours / naive:.2f} (target <= 0.8)"
        )
        frozen_cmd = [str(BUNDLE / ("lna-kiosk.exe" if os.name == "nt" else "lna-kiosk"))]
        source_cmd = [sys.executable, "-m", "kiosk"]
        frozen, source = [], []
        for i in range(5):  # alternate, so both see the same machine noise
            source.append(first_frame_s(source_cmd, work / f"s{i}"))
            frozen.append(first_frame_s(frozen_cmd, work / f"f{i}"))
        f, s = statistics.median(frozen), statistics.median(source)
        print(f"first frame from process start (median of 5): frozen {f:.2f} s, source {s:.2f} s -> ratio {f / s:.2f} (target <= 1.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
