"""`kiosk --self-test`: everything a hall PC needs, checked the way it will run, from source or from
the frozen bundle. Prints one line per check and exits non-zero with the reason when any fails."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QImage, QPixmap

from kiosk import __version__, resources
from kiosk.core import files
from kiosk.core.content import load_content
from kiosk.core.content.loader import LoadResult
from kiosk.core.content.model import Dataset
from kiosk.core.paths import AppPaths
from kiosk.core.photos.cache import check_photos
from kiosk.core.settings import Settings
from kiosk.core.text_inventory import characters_to_cover
from kiosk.core.translations import UI_SOURCE_LANGUAGE
from kiosk.qa.snapshot import render_all, scratch_paths
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.application import ensure_application
from kiosk.ui.fonts import load_bundled_fonts, missing_characters


def colour_count(picture: QPixmap) -> int:
    """Distinct colours in every fourth pixel of every fourth row: a blank or half-drawn view has few."""
    import numpy as np

    image = picture.toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.sizeInBytes() // 4)
    grid = pixels.reshape(image.height(), image.bytesPerLine() // 4)[::4, : image.width() : 4]
    return int(np.unique(grid).size)


BUILD_INFO = "build-info.json"  # written into the bundle by kiosk.spec (tools/bundle_rules.py)
BUILD_INFO_BYTES = 1024 * 1024  # a few hundred bytes in practice


def system_glibc() -> str | None:
    """This system's glibc version ("2.36"), None without glibc (Windows, macOS, musl). Asks the C library
    itself: platform.libc_ver() reads the executable's file instead, which in a bundle is PyInstaller's
    bootloader and says what that was linked against, not what the system has."""
    try:
        name, _, version = (os.confstr("CS_GNU_LIBC_VERSION") or "").partition(" ")
    except (AttributeError, ValueError, OSError):  # no confstr (Windows) or no such name (not glibc)
        name, version = platform.libc_ver()
    return version if name == "glibc" and version else None


def _version_key(version: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return None


def bundle_report(info_file: Path, frozen: bool, glibc: str | None) -> tuple[str, str | None]:
    """The self-test's line about the bundle (from its build-info.json: when and on what it was built, what
    it needs) and, when this system's glibc is older than the bundle needs, the sentence that says so.
    (Such a bundle normally stops before Python starts; the check is for one that gets this far.)"""
    if not frozen:
        return "  bundle: not a bundle (running from source)", None
    try:
        info = files.read_json(info_file, BUILD_INFO_BYTES)
    except FileNotFoundError:
        return f"  bundle: no {BUILD_INFO} (built by an older kiosk.spec)", None
    except OSError as exc:
        return f"  bundle: {BUILD_INFO} unreadable ({files.describe(exc)})", None
    if not isinstance(info, dict):
        return f"  bundle: {BUILD_INFO} unreadable (not a JSON object)", None
    line = f"  bundle: built {str(info.get('built_at', '?'))[:10]} on {info.get('build_system', '?')}"
    needed = info.get("glibc_needed")
    by = [str(name) for name in info.get("glibc_needed_by_all") or [info.get("glibc_needed_by")] if name]  # the libraries that ask
    if not needed:  # not Linux
        minimum = info.get("minimum_os")
        return line + (f"; needs {minimum} or later" if minimum else ""), None
    named = ", ".join(by[:3]) + (f" and {len(by) - 3} more" if len(by) > 3 else "")
    line += f"; needs glibc >= {needed}" + (f" ({named})" if named else "")
    line += f"; this system has glibc {glibc}" if glibc else "; this system has no glibc"
    need_key, have_key = _version_key(str(needed)), _version_key(glibc) if glibc else None
    if need_key is not None and have_key is not None and have_key < need_key:
        return line, (
            f"this bundle needs glibc {needed} or newer ({named or 'its libraries'} {'asks' if len(by) == 1 else 'ask'} for it) "
            f"and this system has {glibc}: build it on the oldest system the halls run, or in a container of it"
        )
    return line, None


class Checks:
    """Runs checks one by one: each prints a line, and a failing one (or one that raises) is kept."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def __call__(self, name: str, fn: Callable[[], str | None]) -> None:
        try:
            problem = fn()
        except Exception as exc:  # a self-test reports, it does not crash
            problem = f"{type(exc).__name__}: {exc}"
        print(f"  {'ok  ' if not problem else 'FAIL'} {name}" + (f": {problem}" if problem else ""))
        if problem:
            self.failures.append(f"{name}: {problem}")


def _content_problem(result: LoadResult) -> str | None:
    if result.ok:
        return None
    first = f", first: {result.problems[0]}" if result.problems else ""
    return f"{len(result.problems)} problem(s){first}"


def _translations_problem(dataset: Dataset) -> str | None:
    bad = []
    for lang in dataset.language_codes:
        if lang != UI_SOURCE_LANGUAGE and not QTranslator().load(str(resources.translations_dir() / f"kiosk_{lang}.qm")):
            bad.append(lang)
    return f"no loadable translation for {', '.join(bad)}" if bad else None


def _photos_problem(result: LoadResult) -> str | None:
    checked = check_photos(list(result.photos), within=result.folder)
    return "; ".join(f"{where}: {problem}" for where, problem in checked.problems) or None


def _camera_formats_problem() -> str | None:
    """What phones and cameras make beyond JPEG: an iPhone's HEIC and an AVIF (assets/self-test)."""
    from kiosk.core.photos.prepare import PhotoError, prepare

    failed = []
    for name in ("camera.heic", "camera.avif"):
        try:
            image = prepare(resources.resource_path(f"assets/self-test/{name}"), (160, 120)).image
            if image.getpixel((10, 60))[0] < 150:  # type: ignore[index]
                failed.append(f"{name}: decoded wrong")
        except PhotoError as exc:
            failed.append(str(exc))
    return "; ".join(failed) or None


def _insight_problem(paths: AppPaths) -> str | None:
    from kiosk.core.insight import InsightError, InsightStore

    database = paths.data / "insight.db"  # where this kiosk keeps them
    if not database.exists() and not database.is_symlink():
        return None  # the kiosk makes it at its first start
    try:
        # As a reader: a running kiosk may be writing, and only the writer sets a broken file aside.
        store = InsightStore(database, read_only=True)
    except InsightError as exc:
        return str(exc)
    try:
        store.summary(7)
    except InsightError as exc:
        return str(exc)
    finally:
        store.close()
    return "; ".join(store.problems) or None


def _render_problem(kiosk: Kiosk, shots: Path) -> str | None:
    blank: list[str] = []

    def look(picture: QPixmap, path: Path) -> None:  # looked at, not written: nobody reviews these
        if colour_count(picture) < 200:
            blank.append(path.name)

    render_all(kiosk, shots, 1920, 1080, keep=look)
    slots = [slot for view in kiosk.pages.views for slot in view.chart_slots]
    if not all(slot.built for slot in slots):
        return f"charts not built ({len(slots)} expected)"
    return f"blank renders: {', '.join(blank)}" if blank else None


def run_self_test(content_dir: Path | None, paths: AppPaths) -> int:
    app = ensure_application()
    check = Checks()
    started = time.perf_counter()
    frozen = bool(getattr(sys, "frozen", False))
    print(f"kiosk {__version__} self-test ({'frozen bundle' if frozen else 'source'}; files in {resources.bundle_root()})")
    line, too_old = bundle_report(resources.bundle_root() / BUILD_INFO, frozen, system_glibc())
    print(line)
    if too_old:
        check("this system's glibc is new enough for the bundle", lambda: too_old)

    folder = content_dir or resources.bundled_content_dir()
    result = load_content(folder)
    check("content loads and validates", lambda: _content_problem(result))
    dataset = result.dataset
    if dataset is None:
        print("self-test FAILED: the content cannot be loaded")
        return 1
    check("bundled fonts load", lambda: "; ".join(load_bundled_fonts(resources.fonts_dir())) or None)
    check(
        "every character is in the font",
        lambda: (lambda m: f"missing {m!r}" if m else None)(
            missing_characters(characters_to_cover(folder, resources.translations_dir()), resources.fonts_dir())
        ),
    )
    check("translations load", lambda: _translations_problem(dataset))
    check(f"{len(result.photos)} photos decode", lambda: _photos_problem(result))
    check("HEIC and AVIF photos decode", _camera_formats_problem)
    check("visitor records open", lambda: _insight_problem(paths))

    with tempfile.TemporaryDirectory(prefix="kiosk-self-test-") as tmp:
        scratch = scratch_paths(Path(tmp))  # never the hall's own settings, PIN or records
        settings = Settings(scratch.config, {"page_transition_ms": 0, "reduced_motion": True})
        kiosk = build_kiosk(scratch, settings, content_dir=content_dir)  # renders the insight panel too
        check("every view renders in every language (with charts)", lambda: _render_problem(kiosk, Path(tmp) / "shots"))
        kiosk.shutdown()
    seconds = time.perf_counter() - started
    if check.failures:
        print(f"self-test FAILED ({len(check.failures)} problem(s), {seconds:.1f} s)")
        return 1
    print(f"self-test passed ({seconds:.1f} s)")
    app.processEvents()
    return 0
