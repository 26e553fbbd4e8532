"""Keep i18n/*.ts current with the code (pyside6-lupdate) and compile them (pyside6-lrelease).

    python tools/update_translations.py            # update every kiosk_<lang>.ts, then compile
    python tools/update_translations.py --add ja   # start a new language
    python tools/update_translations.py --compile  # only compile .ts -> .qm

Translate the .ts files with Qt Linguist (pyside6-linguist) or any XLIFF/TS editor."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
SOURCE_LANGUAGE = "en"


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "kiosk").rglob("*.py"))


def update(ts: Path, lang: str) -> None:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources(),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            SOURCE_LANGUAGE,
            "-target-language",
            lang,
            "-ts",
            str(ts.relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )


def compile_ts(ts: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--add", metavar="LANG", help="create i18n/kiosk_LANG.ts")
    parser.add_argument("--compile", action="store_true", help="only compile")
    args = parser.parse_args()
    files = sorted(I18N.glob("kiosk_*.ts"))
    if args.add:
        files.append(I18N / f"kiosk_{args.add}.ts")
    if not args.compile:
        for ts in files:
            update(ts, ts.stem.removeprefix("kiosk_"))
    for ts in files:
        compile_ts(ts)
        print(f"{ts.relative_to(ROOT)} -> {ts.with_suffix('.qm').name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
