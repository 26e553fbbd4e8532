"""Command line: run the kiosk, and the exhibitor's tools (check, snapshot, schema)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__, resources
from kiosk.core.paths import AppPaths
from kiosk.core.start_up import note_stop_signals, noted_early, prepare_process

if TYPE_CHECKING:
    from kiosk.core.content.glyphs import MissingCharacters
    from kiosk.ui.app import Kiosk


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


MAX_EXPORT_DAYS = 3660  # ten years: far more than visitor records are kept (insight.DAILY_KEEP_DAYS)


def _days(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_EXPORT_DAYS:
        raise argparse.ArgumentTypeError(f"--days must be a whole number from 1 to {MAX_EXPORT_DAYS}, not {text!r}")
    return value


def _screen(text: str) -> int:
    from kiosk.core.settings import SettingError, setting

    try:
        value = setting("screen").parse(text)
    except SettingError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    assert isinstance(value, int)
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Lanzhou New Area exhibition kiosk. Without a command: run the kiosk (fullscreen; --windowed to try it).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--content", type=_content_dir, metavar="DIR", help="content folder to use instead of the bundled one")
    parser.add_argument("--windowed", action="store_true", help="run in a window instead of fullscreen (for trying it)")
    parser.add_argument("--screen", type=_screen, metavar="N", help="display to fill, 0 for the first (default: the 'screen' setting)")
    parser.add_argument("--lang", metavar="CODE", help="start in this language (zh, en, ...)")
    parser.add_argument(
        "--first-frame-report",
        action="store_true",
        help="start, print as JSON when the first frame was painted and which heavy modules were loaded by then, and quit "
        "once the charts are built (for measuring start-up)",
    )
    parser.add_argument(
        "--supervise",
        action="store_true",
        help="run the kiosk and restart it when it dies or hangs (silent for the 'hang_restart_s' setting), with back-off; "
        "for PCs without a service manager (Windows)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check content, fonts, translations, charts and photos, render every view offscreen, exit 0 when all is well",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=description)

    check = command(
        "check",
        "validate content, translations and font coverage; exit 0 only when clean",
        "Validate a content folder (the bundled one by default): every problem with its file and path, the "
        "translations, that the bundled font has every character, and that every photo decodes. Exit status 0 only when clean.",
    )
    check.add_argument("--content", type=_content_dir, metavar="DIR", dest="sub_content", help="the folder to check")
    snap = command(
        "snapshot",
        "render every page in every language to PNG, offscreen",
        "Render every page in every language, the accessibility modes, the attract loop, the countdown, the staff "
        "screens and the closed screen to PNG files, offscreen, for review. Uses its own scratch settings and "
        "visitor records, never this computer's.",
    )
    snap.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the PNG files (made if missing)")
    snap.add_argument("--size", type=_size, action="append", metavar="WxH", help="screen size, repeatable; default 1920x1080")
    snap.add_argument("--content", type=_content_dir, metavar="DIR", dest="sub_content", help="content folder (default: bundled)")
    add = command(
        "add-photos",
        "copy photos into an album as web-ready files and list them in content.json",
        "Copy photos (JPEG, PNG, HEIC from an iPhone, AVIF, TIFF...) into an album of a content folder as "
        "web-ready JPEGs: orientation applied, at most 3840 px on the long side, location, camera and other "
        "metadata removed. Adds their entries to content.json with captions and credit left empty; "
        "kiosk check --content DIR then lists what is left to fill in.",
    )
    add.add_argument("album", help="the album's id in content.json, e.g. qixia-lake")
    add.add_argument("files", nargs="+", type=Path, metavar="FILE", help="photo files")
    add.add_argument(
        "--content", type=_content_dir, metavar="DIR", dest="sub_content", help="content folder (default: the 'content' setting)"
    )
    preview = command(
        "preview",
        "a window that shows a content folder and follows every save",
        "Open the kiosk in a window on a content folder being edited. About a second after each save the "
        "content is checked again: a good edit shows at once on the page being edited; a bad one leaves the "
        "last good content on screen under a banner listing every problem until it is fixed.",
    )
    preview.add_argument("--content", type=_content_dir, metavar="DIR", dest="sub_content", required=True, help="the folder being edited")
    preview.add_argument("--lang", metavar="CODE", dest="sub_lang", help="open it in this language (zh, en, ...)")
    install = command(
        "install-content",
        "install a checked content folder (from a USB stick) into the kiosk's own data folder",
        "Check a content folder (a USB stick's, say), say what installing it would change, copy it into the "
        "kiosk's own data folder (a stick pulled out halfway leaves what is shown) and point the 'content' "
        "setting at the copy. --previous goes back to the content shown before. Staff do the same from the "
        "staff panel (Content from USB).",
    )
    install.add_argument("folder", nargs="?", type=_content_dir, metavar="DIR", help="the content folder to install")
    install.add_argument(
        "--previous",
        action="store_true",
        help="undo the last install: back to the content shown before it (once; a second --previous says there is nothing older)",
    )
    install.add_argument(
        "--language",
        metavar="CODE",
        dest="summary_language",
        help="the language of the content's labels in the change summary (default: en when the content has it, else its default language)",
    )
    command("schema", "print the content format as JSON Schema", "Print the format of content.json as JSON Schema, for editors.")
    command(
        "set-pin",
        "set the staff PIN (4-12 digits), typed twice; stored only as a salted hash",
        "Set the staff PIN that opens the staff panel: 4 to 12 digits, typed twice. Only a salted scrypt hash is "
        "stored, in this computer's settings folder; a new PIN also clears a lock-out.",
    )
    stop = command(
        "stop",
        "ask the running kiosk to quit for maintenance (it is not restarted)",
        "Ask the kiosk running on this computer for this user to quit for maintenance, as the staff panel's "
        "'Quit for maintenance' does: it ends with exit status 69, which neither systemd's unit nor --supervise "
        "restarts. Waits until it has quit. Exit status 0 when it quit, 1 when none was running or it did not quit in time.",
    )
    stop.add_argument("--wait", type=float, default=30.0, metavar="S", help="seconds to wait for it to quit (default 30)")
    config = command(
        "config",
        "list the settings, or change one: kiosk config NAME VALUE",
        "Without arguments: every setting with its value, what it allows and what it does. With NAME VALUE: "
        "change that setting and save it (a running kiosk reads it at its next start).",
    )
    config.add_argument("name", nargs="?", help="a setting's name, as listed")
    config.add_argument("value", nargs="?", help="its new value (on/off for switches)")
    soak = command(
        "soak",
        "compressed hours of visitors, staff and attract loop; fails if memory or Qt objects grow",
        "Run CYCLES compressed visitor sessions (taps, swipes, language, photos, staff panel, attract loop and a "
        "wake) and fail if live Qt objects rise steadily, memory trends up, or anything raises or warns.",
    )
    soak.add_argument("--cycles", type=int, default=200, help="visitor cycles after the warm-up (default 200)")
    storm = command(
        "storm",
        "a seeded random flood of touches, swipes, multi-touch and keys in every mode",
        "A seeded random flood of taps, long presses, swipes, two-finger touches and keys in every mode. Fails on "
        "an unhandled exception, a Qt warning, or a kiosk that no longer answers a tap afterwards.",
    )
    storm.add_argument("--events", type=int, default=5000, help="how many (default 5000)")
    storm.add_argument("--seed", type=int, default=1, help="the same seed gives the same storm (default 1)")
    export = command(
        "export",
        "write the visitor insight records as CSV files into a folder (a USB stick)",
        "Write the visitor records (sessions, time per page, taps, daily totals) as CSV files into a new folder, "
        "and print a summary. Works while the kiosk runs.",
    )
    export.add_argument("--out", type=Path, metavar="DIR", help="default: the first USB stick found, else the kiosk's exports folder")
    export.add_argument(
        "--days", type=_days, default=7, metavar="N", help=f"also print a summary of the last N days, 1 to {MAX_EXPORT_DAYS} (default 7)"
    )
    report = command(
        "report",
        "merge several kiosks' visitor exports into one hall report (HTML with charts, merged CSVs)",
        "Read the visitor exports of several kiosks (the folders 'kiosk export' and the staff panel write, or zips of "
        "them), merge them by kiosk id and write DIR/index.html with charts, the chart images and the merged CSV files. "
        "What cannot be used is left out and named; exits 1 only when nothing usable is left.",
    )
    report.add_argument("exports", nargs="+", type=Path, metavar="EXPORT", help="an export folder, or a zip of one")
    report.add_argument("--out", type=Path, required=True, metavar="DIR", help="where the report goes (made if missing)")
    diagnostics = command(
        "diagnostics",
        "write logs, crash log, health, settings (no PIN), versions and the last metrics as one zip (for a USB stick)",
        "Write lna-kiosk-diagnostics-<kiosk id>-<UTC time>.zip: the log folder (rotated logs and the crash log, capped), "
        "health, the settings without the staff PIN, versions, and the last metrics file when metrics_dir names one.",
    )
    diagnostics.add_argument("--out", type=Path, metavar="DIR", help="default: the first USB stick found, else the kiosk's exports folder")
    bench = command(
        "bench",
        "measure performance and print the figures",
        "Measure and print performance figures beside their targets, side by side in one run: figures to judge "
        "on a quiet machine, never pass/fail tests.",
    )
    bench.add_argument(
        "what",
        nargs="?",
        default="all",
        choices=["all", "display", "charts", "photos", "attract"],
        help="all (default): every figure with its target; display: what grows with the screen (taps, slides, "
        "charts, first frame), offscreen and on Xvfb; charts: chart frame cost; photos: the photo pipeline; "
        "attract: the CPU the attract loop and a resting page take on Xvfb, beside a bare window",
    )
    bench.add_argument(
        "--size",
        type=_size,
        action="append",
        metavar="WxH",
        help="screen size, repeatable (default: 1920x1080 and 3840x2160; charts: 1920x1080)",
    )
    bench.add_argument("--repeats", type=int, default=None, help="runs per figure (default 2 for display, 3 for charts)")
    bench.add_argument("--seconds", type=float, default=None, help="attract: seconds each figure is measured over (default 180)")
    bench.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # a display child: figures at one size, here
    _add_pack_commands(command("pack", "make and check signed content packs (keygen, build, verify, sign)", PACK_HELP))
    _add_inbox_command(command("inbox", "one scan of the content inbox: verify, check and install the newest pack", INBOX_HELP))
    return parser


PACK_HELP = (
    "Signed content packs: one file holding a content folder, a manifest of its files' SHA-256 and a minisign "
    "signature, for kiosks that take content from an inbox folder (the content_inbox and content_keys settings)."
)


def _add_pack_commands(pack: argparse.ArgumentParser) -> None:
    sub = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    keygen = sub.add_parser(
        "keygen",
        help="make a key pair: NAME.key (secret, readable by you only) and NAME.pub, in the current folder",
        description="Make a minisign key pair (unencrypted, as minisign -G -W) in the current folder: NAME.key, "
        "created readable by you only, signs packs; NAME.pub goes into each kiosk's content_keys folder. Never overwrites.",
    )
    keygen.add_argument("name", metavar="NAME")
    build = sub.add_parser(
        "build",
        help="check a content folder as kiosk check does and pack it, signed",
        description="Check DIR as kiosk check does (refused with every problem listed), then write the files its "
        "content.json names, a manifest and a signature into one pack file. --unsigned writes the pack and its "
        "manifest for signing with minisign (then kiosk pack sign).",
    )
    build.add_argument("folder", type=Path, metavar="DIR")
    build.add_argument("--key", type=Path, metavar="NAME.key", help="the secret key to sign with (kiosk pack keygen, or minisign -G -W)")
    build.add_argument("--unsigned", action="store_true", help="no signature: sign its manifest with minisign, then kiosk pack sign")
    build.add_argument("--out", type=Path, required=True, metavar="FILE", help="the pack file to write (must not exist)")
    build.add_argument(
        "--version", type=int, dest="pack_version", metavar="N", help="the pack's version (default: now, in seconds since 1970)"
    )
    build.add_argument("--id", dest="pack_id", metavar="ID", help="the pack's id (default: the folder's name)")
    verify = sub.add_parser(
        "verify",
        help="check a pack's signature, manifest and files; exit 1 with the reason when refused",
        description="Check a pack as a kiosk does before using it: signed by a trusted key (--pub, repeatable; "
        "default: the content_keys folder's), its manifest, every file's SHA-256, safe paths and sizes.",
    )
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--pub", type=Path, action="append", metavar="NAME.pub", help="a trusted public key (repeatable)")
    sign = sub.add_parser(
        "sign",
        help="put a signature made with minisign -S into an unsigned pack",
        description="Put a minisign signature of the pack's manifest (from kiosk pack build --unsigned) into the "
        "pack, once the pack with it verifies with --pub.",
    )
    sign.add_argument("file", type=Path, metavar="FILE")
    sign.add_argument("--minisig", type=Path, required=True, metavar="SIG", help="the .minisig file minisign -S wrote")
    sign.add_argument("--pub", type=Path, required=True, metavar="NAME.pub", help="the public key it must verify with")


def cmd_pack(args: argparse.Namespace, paths: AppPaths) -> int:
    """The pack commands: the work is in kiosk/core/hall/pack_commands.py; `build` checks the folder
    as `kiosk check` does first."""
    from kiosk.core.hall import pack_commands

    if args.pack_command == "keygen":
        return pack_commands.keygen(args.name, Path.cwd())
    if args.pack_command == "verify":
        from kiosk.core.settings import Settings

        return pack_commands.verify(args.file, args.pub, str(Settings.load(paths.config)["content_keys"]))
    if args.pack_command == "sign":
        return pack_commands.sign(args.file, args.minisig, args.pub)
    if (args.key is None) == (not args.unsigned):
        print("kiosk: give --key NAME.key to sign the pack, or --unsigned to sign it with minisign afterwards", file=sys.stderr)
        return pack_commands.EXIT_USAGE
    if cmd_check(args.folder, paths) != 0:
        print(f"kiosk: {args.folder} is not a content folder that checks out (see above); no pack written", file=sys.stderr)
        return pack_commands.EXIT_REFUSED
    glyphs = bundled_glyphs()
    return pack_commands.build(args.folder, args.out, key_path=args.key, pack_id=args.pack_id, version=args.pack_version, glyphs=glyphs)


INBOX_HELP = (
    "Scan the content_inbox folder once, as the running kiosk does every 10 s: pack files that stay unchanged for "
    "--settle seconds are verified with the content_keys folder's keys, refused when not newer than the installed "
    "pack (a replay), checked as kiosk check does, and the newest good one installed (its content shown at the "
    "kiosk's next start). For a kiosk that is not running (a running kiosk watches its inbox itself). Exit status "
    "0: installed, or nothing new; 1: a pack was refused (each with its reason); 2: no inbox set."
)


def _add_inbox_command(inbox: argparse.ArgumentParser) -> None:
    inbox.add_argument("--once", action="store_true", required=True, help="one scan, verify and install, then exit")
    inbox.add_argument(
        "--wait", type=float, default=60.0, metavar="S", help="seconds to wait at most for pack files still being written (default 60)"
    )
    inbox.add_argument(
        "--settle", type=float, default=5.0, metavar="S", help="seconds a pack file must stay unchanged before it is read (default 5)"
    )


def cmd_inbox(args: argparse.Namespace, paths: AppPaths) -> int:
    """The work is in kiosk/core/hall/inbox.py, the running kiosk's own code; content is judged by the bundled font."""
    from kiosk.core.hall.inbox import inbox_once
    from kiosk.core.settings import Settings

    settings = Settings.load(paths.config)
    for warning in settings.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    glyphs = bundled_glyphs()
    if glyphs is None:
        return 1
    return inbox_once(paths.data, settings, glyphs, max(0.0, args.wait), max(0.0, args.settle))


LOG_MAX_BYTES = 1_000_000  # per file, three old files kept; KIOSK_LOG_MAX_BYTES overrides it


def setup_logging(paths: AppPaths, name: str = "kiosk") -> None:
    """Log to the console and to `<name>.log` in the log folder. Each process has its own file (the kiosk
    kiosk.log, the supervisor supervisor.log): two processes rotating one file break it (on Windows the
    rename fails while the other holds it open, and logging stops; elsewhere one writes on into the
    renamed file)."""
    import logging.handlers  # here, not at the top: it pulls in sockets, which the first frame does not need

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    size = os.environ.get("KIOSK_LOG_MAX_BYTES", "")
    max_bytes = int(size) if size.isdigit() and int(size) > 0 else LOG_MAX_BYTES
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(paths.logs / f"{name}.log", maxBytes=max_bytes, backupCount=3, encoding="utf-8")
        )
    except OSError as exc:
        print(f"kiosk: cannot write logs to {paths.logs} ({exc}); logging to the console only", file=sys.stderr)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers, force=True)


def cmd_schema() -> int:
    from kiosk.core.content.model import Dataset
    from kiosk.core.content.typed_json import json_schema

    print(json.dumps(json_schema(Dataset), ensure_ascii=False, indent=2))
    return 0


CHECKOUT_TOOLS = Path(__file__).resolve().parent.parent / "tools"  # there in a checkout of the source only


def font_advice(tools: Path) -> str:
    """What to do about characters the bundled font lacks, from where this kiosk runs: a checkout has
    the font tool; a hall's bundle or an installed kiosk has not."""
    if (tools / "make_font_subset.py").is_file():
        return f"run {tools / 'make_font_subset.py'} to add them to the font"
    return (
        "use other characters, or ask whoever builds this kiosk for a font that has them"
        " (tools/make_font_subset.py in the kiosk's source makes one)"
    )


def bundled_glyphs() -> MissingCharacters | None:
    """The characters of a text the bundled font lacks, as every command judges content by; None after
    saying why when the font cannot be read (then nothing is installed or set: it could not be judged)."""
    from kiosk.core.files import describe
    from kiosk.ui.fonts import read_coverage

    try:
        return read_coverage(resources.fonts_dir())
    except (OSError, ValueError) as exc:
        reason = describe(exc) if isinstance(exc, OSError) else str(exc)
        print(f"kiosk: the bundled font in {resources.fonts_dir()} cannot be read ({reason}); nothing changed", file=sys.stderr)
        return None


def cmd_check(content_dir: Path | None, paths: AppPaths) -> int:
    """Every problem at once: content, translations, photos (decoded, whatever else is wrong) and the
    font. Exit status 0 only when clean; never a traceback, whatever the folder holds."""
    from kiosk.core.content import load_content
    from kiosk.core.content.glyphs import CANNOT_DRAW
    from kiosk.core.photos.cache import check_photos
    from kiosk.core.text_inventory import translation_strings
    from kiosk.core.translations import translation_problems
    from kiosk.ui.fonts import missing_characters, read_coverage

    folder = content_dir or resources.bundled_content_dir()
    print(f"checking {folder}", flush=True)
    glyphs: MissingCharacters | None
    try:
        glyphs = read_coverage(resources.fonts_dir())
    except (OSError, ValueError):
        glyphs = None  # said below, as a problem
    result = load_content(folder, glyphs)  # as preview, start-up, Reload and installs judge it, the font included
    problems = [str(p) for p in result.problems]
    languages = result.dataset.language_codes if result.dataset else ()
    problems += translation_problems(resources.translation_dirs(), languages)
    # Verdicts are kept by each file's content: a second check decodes only what changed.
    photos = check_photos(
        [(f"content.json: {where}.file", path) for where, path in result.photos], within=folder, cache_dir=paths.cache / "photo-check"
    )
    problems += [f"{where}: {problem}" for where, problem in photos.problems]
    if glyphs is None:
        problems.append(f"the bundled font {resources.fonts_dir()} cannot be read: no character could be checked")
    translations = "".join(t for d in resources.translation_dirs() for t in translation_strings(d))
    missing = missing_characters(translations, resources.fonts_dir())
    if missing:
        problems.append(f"{len(missing)} character(s) of the translations not in the bundled font: {missing}")
    for problem in problems:
        print(f"  {problem}")
    if missing or any(CANNOT_DRAW in problem for problem in problems):
        print(f"  characters the font lacks: {font_advice(CHECKOUT_TOOLS)}")
    remembered = f" ({photos.cached} unchanged since the last check)" if photos.cached else ""
    print(f"photos: {photos.decoded} of {len(result.photos)} decoded in {photos.seconds:.1f} s{remembered}")
    for where, note in photos.notes:
        print(f"  note (the photo is shown): {where}: {note}")
    print(f"{len(problems)} problem(s)" if problems else "content, translations, photos and font: OK")
    return 1 if problems else 0


def cmd_snapshot(out: Path, sizes: list[tuple[int, int]], content_dir: Path | None, paths: AppPaths) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.qa.snapshot import snapshot

    written, notes = snapshot(out, sizes, content_dir, cache=paths.cache)
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    for path in written:
        print(path)
    return 0


def exercised_kiosk(paths: AppPaths, *, size: tuple[int, int] = (1920, 1080), transition_ms: int | None = 0) -> Kiosk:
    """A kiosk for soak, storm and bench: its own folders (the throwaway PIN, settings and visitor
    records never touch the hall's), this computer's photo cache, charts built, at `size`; page
    slides off unless `transition_ms` says (None: the setting's default)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import atexit
    import shutil
    import tempfile

    from kiosk.core.pin import save_pin
    from kiosk.core.settings import Settings
    from kiosk.qa.drive import settle
    from kiosk.qa.snapshot import scratch_paths
    from kiosk.ui.app import build_kiosk

    home = tempfile.mkdtemp(prefix="kiosk-exercise-")
    atexit.register(shutil.rmtree, home, True)
    scratch = scratch_paths(Path(home), cache=paths.cache)
    save_pin(scratch.config, "271828")
    kiosk = build_kiosk(scratch, Settings(scratch.config, {} if transition_ms is None else {"page_transition_ms": transition_ms}))
    kiosk.window.resize(*size)
    kiosk.window.show()
    settle(kiosk.app)
    kiosk.pages.build_charts()
    return kiosk


def cmd_soak(cycles: int, paths: AppPaths) -> int:
    from kiosk.qa.exercise import soak

    kiosk = exercised_kiosk(paths)
    result = soak(kiosk, cycles)
    print(f"soak: {cycles} cycles of visitor session + staff panel + attract loop + wake")
    print("\n".join(result.lines))
    kiosk.shutdown()
    return 0 if result.ok else 1


def cmd_storm(events: int, seed: int, paths: AppPaths) -> int:
    from kiosk.qa.exercise import Storm

    kiosk = exercised_kiosk(paths)
    started = time.perf_counter()
    result = Storm(kiosk, seed).run(events)
    seconds = time.perf_counter() - started
    print(f"storm: {events} events (seed {seed}) in {seconds:.1f} s, every mode: {result.kinds}")
    print(
        f"  unhandled exceptions {len(result.exceptions)}, Qt warnings {len(result.warnings)}, "
        f"answers a tap afterwards: {'yes' if result.responsive else 'NO'} -> {'PASS' if result.ok else 'FAIL'}"
    )
    print(f"  worst event-loop delay {result.worst_loop_delay_ms:.1f} ms (a figure: it depends on the machine and its load)")
    for line in [*result.exceptions, *result.warnings][:5]:
        print(f"  {line}")
    kiosk.shutdown()
    return 0 if result.ok else 1


def cmd_bench(
    what: str, sizes: list[tuple[int, int]] | None, repeats: int | None, child: bool, paths: AppPaths, seconds: float | None = None
) -> int:
    if what == "attract":
        from kiosk.qa.bench import attract_cost

        attract_cost.run(
            tuple(sizes or attract_cost.SIZES), repeats or 1, seconds or attract_cost.SECONDS, progress=lambda line: print(line, flush=True)
        )
        return 0
    if what == "display":
        from kiosk.qa.bench import display

        if child:  # one platform, one size, in this process: the parent reads the figures as JSON
            size = (sizes or [(1920, 1080)])[0]
            kiosk = exercised_kiosk(paths, size=size, transition_ms=None)
            print(json.dumps(display.measure(kiosk, repeats or 2)))
            kiosk.shutdown()
            return 0
        print(display.run(tuple(sizes or display.SIZES), repeats or 2))
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.application import ensure_application

    app = ensure_application()
    if what == "photos":
        from kiosk.qa.bench import photo_pipeline

        print(photo_pipeline.run(app))
        return 0
    if what == "all":
        from kiosk.qa.bench import display, overall

        print(display.run(tuple(sizes or display.SIZES), repeats or 2))
        kiosk = exercised_kiosk(paths)
        print(overall.run(kiosk, app))
    else:
        from kiosk.qa.bench import chart_frames

        width, height = (sizes or [(1920, 1080)])[0]
        kiosk = exercised_kiosk(paths, size=(width, height))
        results = chart_frames.run(kiosk, app, width=width, height=height, repeats=repeats or 3)
        print(chart_frames.report(results, width, height))
        print(chart_frames.replay_soak(kiosk, app))
    kiosk.shutdown()
    return 0


NO_TERMINAL = (
    "kiosk: set-pin has nowhere to read the PIN from (no console). Open a Command Prompt (Windows) or a terminal "
    "in the kiosk's folder and run `lna-kiosk set-pin` there (from a checkout: `kiosk set-pin`), or give the PIN "
    "twice on standard input, one per line."
)


def _typed_at_a_terminal() -> bool | None:
    """Whether the PIN is typed at a terminal (else read from a pipe or file), or None when there is no
    standard input at all (a windowed program on Windows has none; a shortcut or service may close it)."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        return None
    try:
        return stdin.isatty()
    except (OSError, ValueError):
        return None


def cmd_set_pin(paths: AppPaths) -> int:
    import getpass

    from kiosk.core.pin import SCRYPT, PinError, check_cost_s, save_pin

    tty = _typed_at_a_terminal()
    if tty is None:
        print(NO_TERMINAL, file=sys.stderr)
        return 2
    typed: list[str] = []
    for prompt in ("New staff PIN: ", "Again: "):
        try:
            if tty:
                typed.append(getpass.getpass(prompt))
                continue
            line = sys.stdin.readline()
        except (OSError, ValueError, EOFError, KeyboardInterrupt):
            line = ""
        if not line:
            print("kiosk: no PIN on standard input (it is read twice, one per line); nothing changed", file=sys.stderr)
            return 2
        typed.append(line.strip())
    first, again = typed
    if again != first:
        print("kiosk: the two PINs differ; nothing changed", file=sys.stderr)
        return 1
    try:
        save_pin(paths.config, first)
    except PinError as exc:
        print(f"kiosk: {exc}; nothing changed", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk: could not save the PIN in {paths.config}: {exc.strerror or exc}; nothing changed", file=sys.stderr)
        return 1
    cost = check_cost_s()
    print(f"staff PIN saved (salted scrypt hash) in {paths.config}")
    print(f"each PIN check costs {cost * 1000:.0f} ms on this computer (scrypt n={SCRYPT['n']}, r={SCRYPT['r']}, p={SCRYPT['p']})")
    return 0


def cmd_stop(paths: AppPaths, wait_s: float) -> int:
    """Ask the running kiosk to quit for maintenance and wait until its single-instance lock is free."""
    from PySide6.QtCore import QLockFile

    from kiosk.core.service import request_stop

    lock_path = paths.lock

    def running() -> bool:
        if not lock_path.exists():
            return False
        lock = QLockFile(str(lock_path))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            lock.unlock()  # at once: a kiosk starting now must find it free
            return False
        return True

    if not running():
        print(f"kiosk: no kiosk is running for this user (no lock held at {lock_path})", file=sys.stderr)
        return 1
    request = request_stop(paths.runtime, "the `kiosk stop` command")
    print("asked the running kiosk to quit for maintenance; waiting for it", flush=True)
    deadline = time.monotonic() + max(0.0, wait_s)
    while running():
        if time.monotonic() >= deadline:
            request.unlink(missing_ok=True)
            print(
                f"kiosk: it did not quit within {wait_s:.0f} s; it may be hung (systemd's watchdog or --supervise "
                "restart a hung kiosk; then run this again)",
                file=sys.stderr,
            )
            return 1
        time.sleep(0.2)
    print("the kiosk quit for maintenance; it is not restarted until it is started again")
    return 0


def cmd_config(paths: AppPaths, name: str | None, value: str | None) -> int:
    from kiosk.core.files import describe
    from kiosk.core.settings import SCHEMA, SettingError, Settings, SettingsFileError, setting

    settings = Settings.load(paths.config)
    for warning in settings.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if name is None:
        for s in SCHEMA:
            allowed = f"  ({s.allowed()})" if s.allowed() else ""
            origin = "" if settings.is_default(s.name) else "  [set]"
            print(f"{s.name} = {json.dumps(settings[s.name], ensure_ascii=False)}{allowed}{origin}\n    {s.description}")
        print(f"(saved in {settings.path}; [set] marks values that differ from the default)")
        return 1 if settings.unreadable else 0  # the list shows defaults, not what the file says
    try:
        spec = setting(name)
    except SettingError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    if value is None:
        print(f"kiosk: give a value: kiosk config {name} VALUE ({spec.allowed() or spec.description})", file=sys.stderr)
        return 2
    try:
        parsed = spec.parse(value)
        settings.encoded()  # a file that could not be read is never replaced: say so before anything else
        if name == "content" and parsed and not _content_ok(Path(parsed)):
            return 1
        settings.set(name, parsed)
        settings.save()
    except SettingError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    except SettingsFileError as exc:
        print(f"kiosk: {settings.path} {exc.strerror}; nothing changed", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk: could not save {settings.path}: {describe(exc)}; nothing changed", file=sys.stderr)
        return 1
    print(f"{name} = {json.dumps(settings[name], ensure_ascii=False)} (saved in {settings.path})")
    return 0


def cmd_add_photos(album: str, files: list[Path], content_dir: Path | None, paths: AppPaths) -> int:
    from kiosk.core.content.add_photos import AddPhotosError, add_photos
    from kiosk.core.settings import Settings

    chosen = str(Settings.load(paths.config)["content"])
    folder = content_dir or (Path(chosen) if chosen else None)
    if folder is None:
        print(
            "kiosk: say which content folder to add to: --content DIR (a copy of the bundled content: copy "
            f"{resources.bundled_content_dir()} first; the bundled content itself is never changed)",
            file=sys.stderr,
        )
        return 2
    try:
        result = add_photos(folder, album, files)
    except AddPhotosError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    for added in result.added:
        print(f"added {added.file} ({added.size[0]}x{added.size[1]}, from {added.source.name}; location and camera data removed)")
    for refused in result.refused:
        print(f"  not added: {refused}", file=sys.stderr)
    if result.added:
        print(f"{len(result.added)} photo(s) added to album {album} in {folder}; fill in their captions and credit, then:")
        print(f"  kiosk check --content {folder}")
    return 0 if result.added and not result.refused else 1


def cmd_install_content(folder: Path | None, previous: bool, paths: AppPaths, language: str | None = None) -> int:
    """Install or go back: the setting, the history and the copies change together, or nothing does
    and the reason is said (kiosk/core/content/install.py). The content is judged as `kiosk check`
    judges it, the bundled font included. The change summary's words are English (as every line of the
    command line); the content's labels are in `language`, by default English where the content has it
    (a line in one language), else the content's default language."""
    from kiosk.core.content import load_content
    from kiosk.core.content.changes import compare, describe
    from kiosk.core.content.install import Installer, InstallError, examine
    from kiosk.core.settings import Settings

    settings = Settings.load(paths.config)
    for warning in settings.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    glyphs = bundled_glyphs()
    if glyphs is None:
        return 1
    installer = Installer(paths.data, glyphs=glyphs)
    current = str(settings["content"])
    try:
        if previous:
            target = installer.go_back(settings)
        else:
            if folder is None:
                print("kiosk: give the content folder to install, or --previous", file=sys.stderr)
                return 2
            candidate = examine(folder, glyphs=glyphs)
            if not candidate.ok:
                print(f"kiosk: {folder} has {len(candidate.problems)} problem(s); nothing installed:", file=sys.stderr)
                for problem in candidate.problems[:20]:
                    print(f"  {problem}", file=sys.stderr)
                return 1
            shown = load_content(Path(current) if current else resources.bundled_content_dir())
            new = candidate.result.dataset
            if shown.dataset is not None and new is not None:
                lang = language or ("en" if "en" in new.language_codes else new.default_language)
                print(f"installing {folder}; it changes:")
                changes = compare(shown.dataset, new, shown.folder, folder, formatter=candidate.result.formatter)
                for line in describe(changes, lang):
                    print(f"  {line}")
            target = str(installer.install(folder, settings, examined=candidate))  # the stick is read once
    except InstallError as exc:
        if len(exc.problems) > 1:
            print(f"kiosk: {exc.headline}; nothing changed:", file=sys.stderr)
            for problem in exc.problems[:20]:
                print(f"  {problem}", file=sys.stderr)
        else:
            print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    print(f"content = {target or '(the bundled content)'}; a running kiosk shows it after its next start")
    return 0


def _content_ok(folder: Path) -> bool:
    """A folder for the `content` setting must validate first: the kiosk never switches to broken content."""
    from kiosk.core.content import load_content

    glyphs = bundled_glyphs()
    if glyphs is None:
        return False
    result = load_content(folder, glyphs)  # as `kiosk check` judges it
    if result.ok:
        return True
    print(f"kiosk: content in {folder} has {len(result.problems)} problem(s); the setting is unchanged:", file=sys.stderr)
    for problem in result.problems[:20]:
        print(f"  {problem}", file=sys.stderr)
    print("  (kiosk check --content DIR lists them all, photos included)", file=sys.stderr)
    return False


def cmd_export(out: Path | None, days: int, paths: AppPaths) -> int:
    """Reads the records, never repairs them: a database that cannot be read is named and left where
    it is (only the kiosk, its writer, sets a broken one aside)."""
    from kiosk.core.export_targets import export_folders
    from kiosk.core.files import check_regular, describe
    from kiosk.core.insight import InsightError, InsightStore
    from kiosk.core.settings import Settings

    database = paths.data / "insight.db"
    try:
        check_regular(database)
    except FileNotFoundError:
        print(f"kiosk: no visitor records yet ({database} does not exist)", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk: {database} {describe(exc)}; nothing exported", file=sys.stderr)
        return 1
    try:
        store = InsightStore(database, read_only=True)  # the kiosk may be running: its open visit stays open
    except InsightError as exc:
        print(f"kiosk: {exc}; nothing exported", file=sys.stderr)
        return 1
    try:
        for problem in store.problems:
            print(f"kiosk: {problem}", file=sys.stderr)
        summary = store.summary(days)
        folder = out or export_folders(paths.data / "exports")[0]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InsightError(f"could not make {folder}: {describe(exc)}") from exc
        written = store.export_csv(folder, str(Settings.load(paths.config)["kiosk_id"]))
    except InsightError as exc:
        print(f"kiosk: not exported: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    languages = ", ".join(f"{code} {n}" for code, n in summary.languages.items()) or "none"
    print(f"last {summary.days} day(s): {summary.sessions} visits, median {summary.median_session_s:.0f} s, languages {languages}")
    print(f"exported to {written}: {', '.join(sorted(p.name for p in written.iterdir()))}")
    return 0


def cmd_report(exports: list[Path], out: Path) -> int:
    from kiosk.ui.hall_report import run_report

    return run_report(exports, out)


def cmd_diagnostics(out: Path | None, paths: AppPaths) -> int:
    from kiosk.ui.staff.diagnostics import run_diagnostics

    return run_diagnostics(out, paths)


def cmd_self_test(content_dir: Path | None, paths: AppPaths) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # renders without a screen, frozen or not
    from kiosk.qa.self_test import run_self_test

    return run_self_test(content_dir, paths)


def run_supervisor(argv: list[str] | None, paths: AppPaths, noted: list[int]) -> int:
    import signal

    from kiosk.core.paths import private_folder
    from kiosk.core.settings import Settings
    from kiosk.supervisor import StopRequest, Watch, kiosk_command, supervise

    stop = StopRequest()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop.note)
    for early in noted[:1]:
        stop.note(early)
    setup_logging(paths, "supervisor")
    settings = Settings.load(paths.config)
    for warning in settings.warnings:
        logging.getLogger("kiosk.supervisor").warning(warning)
    try:
        folder: Path | None = private_folder(paths.runtime)
    except OSError:
        folder = None  # the system's temporary folder
    child_args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--supervise"]
    return supervise(kiosk_command(child_args), watch=Watch(hang_s=float(settings["hang_restart_s"]), heartbeat_folder=folder), stop=stop)


def _offline_command(args: argparse.Namespace, paths: AppPaths) -> Callable[[], int] | None:
    """The commands that need no display, each as a call; None for those that show windows."""
    content = getattr(args, "sub_content", None) or args.content
    if args.self_test and args.command not in ("schema", "set-pin", "config", "stop", "pack", "inbox"):
        return lambda: cmd_self_test(content, paths)
    commands: dict[str | None, Callable[[], int]] = {
        "schema": cmd_schema,
        "set-pin": lambda: cmd_set_pin(paths),
        "config": lambda: cmd_config(paths, args.name, args.value),
        "stop": lambda: cmd_stop(paths, args.wait),
        "check": lambda: cmd_check(content, paths),
        "install-content": lambda: cmd_install_content(args.folder, args.previous, paths, args.summary_language),
        "add-photos": lambda: cmd_add_photos(args.album, args.files, content, paths),
        "export": lambda: cmd_export(args.out, args.days, paths),
        "report": lambda: cmd_report(args.exports, args.out),
        "diagnostics": lambda: cmd_diagnostics(args.out, paths),
        "bench": lambda: cmd_bench(args.what, args.size, args.repeats, args.json, paths, args.seconds),
        "soak": lambda: cmd_soak(args.cycles, paths),
        "storm": lambda: cmd_storm(args.events, args.seed, paths),
        "pack": lambda: cmd_pack(args, paths),
        "inbox": lambda: cmd_inbox(args, paths),
    }
    return commands.get(args.command)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    early_noted = noted_early()  # `python -m kiosk` noted them before kiosk.cli was imported
    noted = (early_noted if early_noted is not None else note_stop_signals()) if args.command is None and not args.self_test else []
    from kiosk.core.health import stabilise_malloc

    stabilise_malloc()
    paths = AppPaths.for_platform()
    offline = _offline_command(args, paths)
    if offline is not None:
        return offline()
    content = getattr(args, "sub_content", None) or args.content
    if args.command in (None, "preview"):
        from kiosk.core.service import EXIT_USAGE
        from kiosk.core.start_up import display_problem

        problem = display_problem()
        if problem:
            print(f"kiosk: {problem}", file=sys.stderr)
            return EXIT_USAGE
    if args.supervise:
        return run_supervisor(argv, paths, noted)
    setup_logging(paths)
    prepare_process(paths)
    if args.command == "preview":
        from kiosk.ui.preview import run_preview

        return run_preview(content, paths, getattr(args, "sub_lang", None) or args.lang)
    if args.command == "snapshot":
        return cmd_snapshot(args.out, args.size or [(1920, 1080)], content, paths)
    from kiosk.ui.application import early_start

    # Before the kiosk's own modules are imported: the lock, and the last first frame on the screen.
    early = early_start(paths, picture=not args.windowed, content_dir=content, language=args.lang, screen=args.screen, noted=noted)
    from kiosk.ui.app import run_kiosk

    return run_kiosk(
        early=early,
        content_dir=content,
        windowed=args.windowed,
        screen=args.screen,
        language=args.lang,
        paths=paths,
        report=args.first_frame_report,
        early_signals=noted,
    )


if __name__ == "__main__":
    raise SystemExit(main())
