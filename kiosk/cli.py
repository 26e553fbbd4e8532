"""Command line: run the kiosk, and the exhibitor's tools (check, snapshot, schema)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from pathlib import Path

from kiosk import __version__, resources
from kiosk.core.paths import AppPaths


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text)
    if not match:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, not {text!r}")
    return int(match[1]), int(match[2])


def _content_dir(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"content folder {text!r} does not exist")
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Lanzhou New Area exhibition kiosk.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--content", type=_content_dir, metavar="DIR", help="content folder to use instead of the bundled one")
    parser.add_argument("--windowed", action="store_true", help="run in a window instead of fullscreen (for trying it)")
    parser.add_argument("--screen", type=int, metavar="N", help="display to fill (default: the 'screen' setting)")
    parser.add_argument("--lang", metavar="CODE", help="start in this language")
    parser.add_argument("--first-frame-report", action="store_true", help=argparse.SUPPRESS)  # tests and benchmarks
    parser.add_argument(
        "--supervise", action="store_true", help="run the kiosk and restart it when it dies (for PCs without a service manager)"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check content, fonts, translations, charts and photos, render every view offscreen, exit 0 when all is well",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="validate content, translations and font coverage; exit 0 only when clean")
    check.add_argument("--content", type=_content_dir, metavar="DIR", dest="sub_content")
    snap = sub.add_parser("snapshot", help="render every page in every language to PNG, offscreen")
    snap.add_argument("--out", type=Path, required=True, metavar="DIR")
    snap.add_argument("--size", type=_size, action="append", metavar="WxH", help="repeatable; default 1920x1080")
    snap.add_argument("--content", type=_content_dir, metavar="DIR", dest="sub_content")
    sub.add_parser("schema", help="print the content format as JSON Schema")
    sub.add_parser("set-pin", help="set the staff PIN (4-12 digits), typed twice; stored only as a salted hash")
    config = sub.add_parser("config", help="list the settings, or change one: kiosk config NAME VALUE")
    config.add_argument("name", nargs="?")
    config.add_argument("value", nargs="?")
    soak = sub.add_parser("soak", help="compressed hours of visitors, staff and attract loop; fails if memory or Qt objects grow")
    soak.add_argument("--cycles", type=int, default=200)
    storm = sub.add_parser("storm", help="a seeded random flood of touches, swipes, multi-touch and keys in every mode")
    storm.add_argument("--events", type=int, default=5000)
    storm.add_argument("--seed", type=int, default=1)
    export = sub.add_parser("export", help="write the visitor insight records as CSV files into a folder (a USB stick)")
    export.add_argument("--out", type=Path, metavar="DIR", help="default: the first USB stick found, else the kiosk's exports folder")
    export.add_argument("--days", type=int, default=7, metavar="N", help="also print a summary of the last N days (default 7)")
    bench = sub.add_parser("bench", help="measure performance and print the figures")
    bench.add_argument(
        "what",
        nargs="?",
        default="all",
        choices=["all", "charts", "photos"],
        help="all (default): every figure with its target; charts: chart frame cost; photos: the photo pipeline",
    )
    bench.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH")
    bench.add_argument("--repeats", type=int, default=3)
    return parser


def prepare_process(paths: AppPaths) -> None:
    """Before anything can crash: a hard crash leaves a trace in the log folder, and on Windows no
    error dialog waits over the restarted kiosk."""
    import faulthandler

    if sys.platform == "win32":
        import ctypes

        sem_failcriticalerrors, sem_nogpfaulterrorbox = 0x0001, 0x0002
        ctypes.windll.kernel32.SetErrorMode(sem_failcriticalerrors | sem_nogpfaulterrorbox)  # type: ignore[attr-defined]
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        crash_log = open(paths.logs / "crash.log", "a", encoding="utf-8")  # noqa: SIM115 - open for the life of the process
        faulthandler.enable(crash_log)
    except OSError:
        faulthandler.enable()


def setup_logging(paths: AppPaths) -> None:
    import logging.handlers  # here, not at the top: it pulls in sockets, which the first frame does not need

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(paths.logs / "kiosk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"))
    except OSError as exc:
        print(f"kiosk: cannot write logs to {paths.logs} ({exc}); logging to the console only", file=sys.stderr)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers, force=True)


def cmd_schema() -> int:
    from kiosk.core.content.model import Dataset
    from kiosk.core.content.typed_json import json_schema

    print(json.dumps(json_schema(Dataset), ensure_ascii=False, indent=2))
    return 0


def cmd_check(content_dir: Path | None) -> int:
    from kiosk.core.content import load_content
    from kiosk.core.text_inventory import characters_to_cover
    from kiosk.core.translations import translation_problems

    folder = content_dir or resources.bundled_content_dir()
    result = load_content(folder)
    problems = [str(p) for p in result.problems]
    languages = result.dataset.language_codes if result.dataset else ()
    problems += translation_problems(resources.translations_dir(), languages)
    if result.dataset is not None:
        from kiosk.core.photos.cache import check_photos

        photos = [
            (f"content.json: albums[{i}].photos[{j}].file", folder / photo.file)
            for i, album in enumerate(result.dataset.albums)
            for j, photo in enumerate(album.photos)
        ]
        problems += [f"{where}: {problem}" for where, problem in check_photos(photos)]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.fonts import missing_characters

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    missing = missing_characters(characters_to_cover(folder, resources.translations_dir()), resources.fonts_dir())
    if missing:
        problems.append(f"{len(missing)} character(s) not in the bundled font: {missing} (run tools/make_font_subset.py)")
    print(f"checked {folder}")
    for problem in problems:
        print(f"  {problem}")
    print(f"{len(problems)} problem(s)" if problems else "content, translations and font: OK")
    return 1 if problems else 0


def cmd_snapshot(out: Path, sizes: list[tuple[int, int]], content_dir: Path | None, paths: AppPaths) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile
    from datetime import datetime

    from kiosk.core.settings import Settings
    from kiosk.ui.app import build_kiosk, ensure_application
    from kiosk.ui.snapshot import SimulatedTime, render_all, simulate_visits

    ensure_application()
    with tempfile.TemporaryDirectory() as scratch:  # simulated visitors: never the hall's own records
        time_ = SimulatedTime(datetime.now().replace(hour=9, minute=30, second=0, microsecond=0))
        settings = Settings(paths.config, {"page_transition_ms": 0})
        kiosk = build_kiosk(content_dir, settings, data_dir=Path(scratch), clock=time_.monotonic, wall_clock=time_.wall)
        for problem in kiosk.problems:
            print(f"warning: {problem}", file=sys.stderr)
        kiosk.window.resize(*sizes[0])
        kiosk.window.show()
        simulate_visits(kiosk, time_)
        for width, height in sizes:
            for path in render_all(kiosk, out, width, height):
                print(path)
        kiosk.shutdown()
    return 0


def _exercise_kiosk(paths: AppPaths):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from kiosk.core.pin import save_pin
    from kiosk.core.settings import Settings
    from kiosk.ui.app import build_kiosk, ensure_application
    from kiosk.ui.snapshot import settle

    app = ensure_application()
    # Its own folders: the throwaway PIN, settings and visitor records never touch the hall's own.
    import atexit
    import shutil

    home = tempfile.mkdtemp(prefix="kiosk-exercise-")
    atexit.register(shutil.rmtree, home, True)
    scratch = AppPaths.for_platform({"KIOSK_HOME": home})
    save_pin(scratch.config, "271828")
    kiosk = build_kiosk(None, Settings(scratch.config, {"page_transition_ms": 0}), cache_dir=paths.cache, data_dir=scratch.data)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    settle(app)
    kiosk.window.build_charts()
    return kiosk, app


def cmd_soak(cycles: int, paths: AppPaths) -> int:
    from kiosk.bench.exercise import soak

    kiosk, app = _exercise_kiosk(paths)
    result = soak(kiosk, app, cycles)
    print(f"soak: {cycles} cycles of visitor session + staff panel + attract loop + wake")
    print("\n".join(result.lines))
    return 0 if result.ok else 1


def cmd_storm(events: int, seed: int, paths: AppPaths) -> int:
    from kiosk.bench.exercise import Storm

    kiosk, app = _exercise_kiosk(paths)
    started = time.perf_counter()
    result = Storm(kiosk, app, seed).run(events)
    seconds = time.perf_counter() - started
    ok = result.ok
    print(f"storm: {events} events (seed {seed}) in {seconds:.1f} s, every mode: {result.kinds}")
    print(
        f"  unhandled exceptions {len(result.exceptions)}, Qt warnings {len(result.warnings)}, "
        f"worst event-loop delay {result.worst_loop_delay_ms:.1f} ms (limit 100) -> {'PASS' if ok else 'FAIL'}"
    )
    for line in [*result.exceptions, *result.warnings][:5]:
        print(f"  {line}")
    return 0 if ok else 1


def cmd_bench(what: str, size: tuple[int, int], repeats: int, paths: AppPaths) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.bench import chart_frames
    from kiosk.core.settings import Settings
    from kiosk.ui.app import build_kiosk, ensure_application

    app = ensure_application()
    if what == "all":
        from kiosk.bench import overall

        kiosk, app = _exercise_kiosk(paths)
        print(overall.run(kiosk, app))
        return 0
    if what == "photos":
        from kiosk.bench import photo_pipeline

        print(photo_pipeline.run(app))
        return 0
    kiosk = build_kiosk(None, Settings(paths.config, {"page_transition_ms": 0}))
    width, height = size
    results = chart_frames.run(kiosk, app, width=width, height=height, repeats=repeats)
    print(chart_frames.report(results, width, height))
    print(chart_frames.replay_soak(kiosk, app))
    return 0


def cmd_set_pin(paths: AppPaths) -> int:
    import getpass

    from kiosk.core.pin import PinError, save_pin

    read = getpass.getpass if sys.stdin.isatty() else (lambda prompt="": sys.stdin.readline().strip())
    first = read("New staff PIN: ")
    if read("Again: ") != first:
        print("kiosk: the two PINs differ; nothing changed", file=sys.stderr)
        return 1
    try:
        save_pin(paths.config, first)
    except PinError as exc:
        print(f"kiosk: {exc}; nothing changed", file=sys.stderr)
        return 1
    print(f"staff PIN saved (salted scrypt hash) in {paths.config}")
    return 0


def cmd_config(paths: AppPaths, name: str | None, value: str | None) -> int:
    from kiosk.core.settings import SCHEMA, Settings

    settings = Settings.load(paths.config)
    for warning in settings.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if name is None:
        for s in SCHEMA:
            allowed = (
                f" ({'/'.join(map(str, s.choices))})" if s.choices else f" ({s.minimum}..{s.maximum})" if s.minimum is not None else ""
            )
            print(f"{s.name} = {json.dumps(settings[s.name])}{allowed}\n    {s.description}")
        return 0
    setting = next((s for s in SCHEMA if s.name == name), None)
    if setting is None or value is None:
        print(f"kiosk: usage: kiosk config NAME VALUE, with NAME one of {', '.join(s.name for s in SCHEMA)}", file=sys.stderr)
        return 2
    try:
        parsed = json.loads(value) if setting.type is not str else value
        settings.set(name, parsed)
        settings.save()
    except (ValueError, OSError) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    print(f"{name} = {json.dumps(settings[name])} (saved in {paths.config})")
    return 0


def cmd_export(out: Path | None, days: int, paths: AppPaths) -> int:
    from kiosk.core.export_targets import export_folders
    from kiosk.core.insight import InsightError, InsightStore

    database = paths.data / "insight.db"
    if not database.exists():
        print(f"kiosk: no visitor records yet ({database} does not exist)", file=sys.stderr)
        return 1
    try:
        store = InsightStore(database, recover=False)  # the kiosk may be running: its open visit stays open
    except InsightError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    try:
        for problem in store.problems:
            print(f"kiosk: {problem}", file=sys.stderr)
        summary = store.summary(max(1, days))
        folder = out or export_folders(paths.data / "exports")[0]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InsightError(f"could not make {folder}: {exc.strerror or exc}") from exc
        written = store.export_csv(folder)
    except InsightError as exc:
        print(f"kiosk: not exported: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    languages = ", ".join(f"{code} {n}" for code, n in summary.languages.items()) or "none"
    print(f"last {summary.days} day(s): {summary.sessions} visits, median {summary.median_session_s:.0f} s, languages {languages}")
    print(f"exported to {written}: {', '.join(sorted(p.name for p in written.iterdir()))}")
    return 0


def cmd_self_test(content_dir: Path | None, paths: AppPaths) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # renders without a screen, frozen or not
    from kiosk.ui.self_test import run_self_test

    return run_self_test(content_dir, paths)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from kiosk.core.health import stabilise_malloc

    stabilise_malloc()
    paths = AppPaths.for_platform()
    if args.command == "schema":
        return cmd_schema()
    if args.command == "set-pin":
        return cmd_set_pin(paths)
    if args.command == "config":
        return cmd_config(paths, args.name, args.value)
    content = getattr(args, "sub_content", None) or args.content
    if args.self_test:
        return cmd_self_test(content, paths)
    if args.command == "check":
        return cmd_check(content)
    if args.command == "export":
        return cmd_export(args.out, args.days, paths)
    if args.command == "bench":
        return cmd_bench(args.what, args.size, args.repeats, paths)
    if args.command == "soak":
        return cmd_soak(args.cycles, paths)
    if args.command == "storm":
        return cmd_storm(args.events, args.seed, paths)
    setup_logging(paths)
    if args.supervise:
        from kiosk.supervisor import kiosk_command, supervise

        child_args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--supervise"]
        return supervise(kiosk_command(child_args))
    prepare_process(paths)
    if args.command == "snapshot":
        return cmd_snapshot(args.out, args.size or [(1920, 1080)], content, paths)
    from kiosk.ui.app import run_kiosk

    return run_kiosk(
        content_dir=content, windowed=args.windowed, screen=args.screen, language=args.lang, paths=paths, report=args.first_frame_report
    )


if __name__ == "__main__":
    raise SystemExit(main())
