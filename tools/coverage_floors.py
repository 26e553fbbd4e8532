"""Coverage per package against its floor: run after the tests (the README's test command does), reads
the `.coverage` file pytest-cov wrote, prints each package's share of statements run by the tests, and
fails if one is under its floor in tests/coverage_floors.json.

Floors only rise: `--raise` sets each floor to the whole percentage measured now, less NOISE points,
where that is higher, never lower. Lowering one is a hand edit a reviewer sees. The NOISE margin is for
branches that run or not by timing (a thread that finishes first, a timeout under load) and by the
random test order: a floor at the last run's exact figure would make the check itself flaky.

    python tools/coverage_floors.py            # check (exit 1 if a package is under its floor)
    python tools/coverage_floors.py --raise    # after a run that covered more: keep the gain
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import coverage

REPO = Path(__file__).resolve().parent.parent
FLOORS = REPO / "tests" / "coverage_floors.json"
DATA = REPO / ".coverage"
NOISE = 2.0  # percentage points a package may move from run to run with no change to code or tests


def package_of(path: Path) -> str:
    """kiosk/core/photos/cache.py -> kiosk.core.photos; kiosk/cli.py -> kiosk."""
    parts = path.resolve().relative_to(REPO).parts
    return ".".join(parts[:-1])


def measure(data_file: Path = DATA) -> dict[str, tuple[int, int]]:
    """(statements, statements run) per package of kiosk/, from a coverage data file."""
    cov = coverage.Coverage(data_file=str(data_file))
    cov.load()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for filename in cov.get_data().measured_files():
        path = Path(filename)
        if not path.resolve().is_relative_to(REPO / "kiosk"):
            continue
        _, statements, _, missing, _ = cov.analysis2(filename)
        totals[package_of(path)][0] += len(statements)
        totals[package_of(path)][1] += len(statements) - len(missing)
    return {name: (total, run) for name, (total, run) in sorted(totals.items())}


def percent(total: int, run: int) -> float:
    return 100.0 * run / total if total else 100.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raise", dest="raise_floors", action="store_true", help="raise floors to what was measured")
    parser.add_argument("--data", type=Path, default=DATA, help="coverage data file (default: .coverage)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no coverage data at {args.data}: run the tests first (python -m pytest)", file=sys.stderr)
        return 1
    floors: dict[str, int] = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.is_file() else {}
    measured = measure(args.data)
    under = []
    print(f"{'package':<24} {'statements':>10} {'covered':>8} {'floor':>6}")
    for name, (total, run) in measured.items():
        share = percent(total, run)
        floor = floors.get(name)
        mark = "" if floor is None or share >= floor else "  UNDER THE FLOOR"
        print(f"{name:<24} {total:>10} {share:>7.1f}% {'' if floor is None else f'{floor}%':>6}{mark}")
        if mark:
            under.append(f"{name} {share:.1f}% < {floor}%")
    missing = sorted(set(measured) - set(floors))
    if args.raise_floors:
        raised = {name: max(floors.get(name, 0), math.floor(percent(*measured[name]) - NOISE)) for name in measured}
        raised.update({name: floor for name, floor in floors.items() if name not in measured})
        FLOORS.write_text(json.dumps(dict(sorted(raised.items())), indent=2) + "\n", encoding="utf-8")
        print(f"floors written to {FLOORS}")
        return 0
    if missing:
        under.append("no floor yet for " + ", ".join(missing) + " (python tools/coverage_floors.py --raise)")
    if under:
        print("coverage: " + "; ".join(under), file=sys.stderr)
        return 1
    print("coverage: every package at or above its floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
