"""The first frame alone, from process start, beside a bare PySide6 window, in turn so all see the same
noise: this checkout's kiosk, other checkouts' (an older commit, to compare), and a frozen bundle.
On Xvfb (xcb) by default, as `kiosk bench display` measures it, or offscreen.

    python tools/first_frame.py --size 1920x1080 --repeats 7 --also /path/to/old/checkout --bundle dist/lna-kiosk

The kiosk's figure is its `--first-frame-report` (the frame painted whole and handed to the screen);
an older checkout reports whatever moment it reported then."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.qa.bench.display import BARE_WINDOW, BUNDLE_ENV, bundle_command, frame_times, load, platform_env  # noqa: E402


def measure(size: tuple[int, int], platform: str, repeats: int, checkouts: list[Path], bundle: list[str] | None) -> str:
    kiosk = [sys.executable, "-m", "kiosk", "--first-frame-report"]
    runs: dict[str, tuple[list[str], bool, Path | None]] = {"bare PySide6 window": ([sys.executable, "-c", BARE_WINDOW], False, None)}
    for checkout in checkouts:
        runs[f"kiosk ({checkout})"] = (kiosk, True, checkout)  # `-m kiosk` imports the kiosk of the folder it runs in
    if bundle is not None:
        runs[f"frozen ({bundle[0]})"] = (bundle, True, None)
    times: dict[str, list[float]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory() as tmp, platform_env(platform, size, Path(tmp)) as env:
        if env is None:
            return f"{platform}: not run (Xvfb is not installed)"
        env = {**env, "KIOSK_HOME": str(Path(tmp) / "home")}
        for command, parse_json, cwd in runs.values():
            frame_times(command, env, parse_json, cwd)  # warm-up: bytecode written, files read once, start picture kept
        for _ in range(repeats):
            for name, (command, parse_json, cwd) in runs.items():
                measured = frame_times(command, env, parse_json, cwd)
                times[name].append(measured["first"] * 1000)
                if parse_json:
                    times.setdefault(f"{name}: its own first frame", []).append(measured["live"] * 1000)
    bare = statistics.median(times["bare PySide6 window"])
    lines = [f"first frame at {size[0]}x{size[1]} on {platform}, median of {repeats} (each start in turn):"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"  {name:<60} {median:7.1f} ms  {median / bare:5.2f}x   ({' '.join(f'{v:.0f}' for v in values)})")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1920x1080", help="screen size WxH (default 1920x1080)")
    parser.add_argument("--platform", choices=["xcb", "offscreen"], default="xcb", help="xcb: a fresh Xvfb (default); offscreen")
    parser.add_argument("--repeats", type=int, default=7, help="starts of each (default 7)")
    parser.add_argument("--also", type=Path, action="append", default=[], metavar="DIR", help="another checkout's kiosk, repeatable")
    parser.add_argument("--bundle", type=Path, metavar="PATH", help=f"a frozen bundle's folder or executable (default: ${BUNDLE_ENV})")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    environ = {**os.environ, BUNDLE_ENV: str(args.bundle)} if args.bundle else os.environ
    print(load())
    print(measure((width, height), args.platform, args.repeats, [ROOT, *args.also], bundle_command(environ)))
    print(load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
