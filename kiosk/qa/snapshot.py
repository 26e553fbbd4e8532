"""Render every page in every language to PNG, offscreen, for review before opening day; also the
accessibility modes, the attract loop, the countdown, the staff screens and the closed screen."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from PySide6.QtGui import QPixmap

from kiosk.core.paths import AppPaths
from kiosk.core.settings import Settings
from kiosk.qa.drive import SimulatedTime, gesture, settle, wait_for_photos
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.application import ensure_application
from kiosk.ui.attract.attract_view import AttractView, build_scenes
from kiosk.ui.staff.staff_panel import StaffPanel


def scratch_paths(home: Path, cache: Path | None = None) -> AppPaths:
    """Folders of a kiosk that QA drives: its own settings, PIN and visitor records, never the hall's.
    `cache` may be the hall's photo cache (keyed by content: sharing it only saves time)."""
    paths = AppPaths.under(home)
    return replace(paths, cache=cache) if cache is not None else paths


def snapshot(out: Path, sizes: list[tuple[int, int]], content_dir: Path | None, cache: Path | None = None) -> tuple[list[Path], list[str]]:
    """`kiosk snapshot`: the pictures written, and what was wrong but survived (for stderr)."""
    ensure_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-snapshot-") as home:
        time_ = SimulatedTime(datetime.now().replace(hour=9, minute=30, second=0, microsecond=0))
        paths = scratch_paths(Path(home), cache)
        settings = Settings(paths.config, {"page_transition_ms": 0})
        kiosk = build_kiosk(paths, settings, content_dir=content_dir, clocks=time_.clocks())
        try:
            notes = list(kiosk.health.notes)
            kiosk.window.resize(*sizes[0])
            kiosk.window.show()
            simulate_visits(kiosk, time_)
            for width, height in sizes:
                written += render_all(kiosk, out, width, height)
        finally:
            kiosk.shutdown()
    return written, notes


Keep = Callable[[QPixmap, Path], None]


def save_png(picture: QPixmap, path: Path) -> None:
    if not picture.save(str(path)):
        raise OSError(f"could not write {path}")


def make_usb_stick(root: Path, broken: bool = False, base: Path | None = None) -> Path:
    """A stick as an exhibitor would bring it: a corrected copy of `base` (the content shown; the
    bundled content by default) one level down (a figure changed, a photo added), or one with mistakes
    in it. Returns the stick's root."""
    import json
    import shutil

    from kiosk import resources
    from kiosk.core import files
    from kiosk.core.content.loader import CONTENT_FILE, MAX_CONTENT_BYTES

    stick = root / ("USB-BROKEN" if broken else "USB-HALL")
    folder = stick / "lna-content"
    shutil.copytree(base if base is not None else resources.bundled_content_dir(), folder)
    data: Any = files.read_json(folder / CONTENT_FILE, MAX_CONTENT_BYTES, within=folder)
    pillars = data["pillars"]
    figures = [page["indicators"][0] for page in pillars if page.get("indicators")]  # each pillar's first figure
    if figures:
        figures[0]["value"] = 180  # 开工重大项目 178个 in the bundled content
    albums = [album for album in data.get("albums", []) if album.get("photos")]
    album = albums[min(1, len(albums) - 1)] if albums else None  # 栖霞湖 in the bundled content
    if album is not None:
        first = album["photos"][0]
        added = PurePosixPath(first["file"]).with_name("05-new" + PurePosixPath(first["file"]).suffix)
        album["photos"].append({**first, "id": f"{first['id']}-new", "file": str(added)})
        shutil.copy(folder.joinpath(*PurePosixPath(first["file"]).parts), folder.joinpath(*added.parts))
    if broken:
        if figures:
            figures[min(1, len(figures) - 1)]["value"] = "about thirty"
        headline = pillars[min(2, len(pillars) - 1)]["headline"]
        headline.pop(data["languages"][-1]["code"])  # a translation missing (the headline itself, with one language)
        if album is not None:
            album["photos"][0]["file"] = str(PurePosixPath(album["photos"][0]["file"]).with_name("missing.jpg"))
    (folder / CONTENT_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return stick


def render_all(kiosk: Kiosk, out_dir: Path, width: int, height: int, keep: Keep = save_png) -> list[Path]:
    """Every picture, handed to `keep` with the path it belongs at (by default written there as PNG)."""
    app = kiosk.app
    window = kiosk.window
    if kiosk.session.attract.running:
        raise RuntimeError("the attract loop is running: the pages would be hidden behind it")
    window.resize(width, height)
    window.show()
    settle(app)
    kiosk.pages.build_charts()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    original = kiosk.language.language
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        settle(app)
        for index, view in enumerate(kiosk.pages.views):
            show_settled(kiosk, index)
            written.append(_grab(kiosk, out_dir / f"{index}-{view.page.id}-{lang}-{width}x{height}.png", keep))
    written += _render_access(kiosk, out_dir, width, height, keep)
    written += _render_modes(kiosk, out_dir, width, height, keep)
    written += _render_overlays(kiosk, out_dir, width, height, keep)
    kiosk.language.set_language(original)
    kiosk.navigation.show_page(0)
    settle(app)
    return written


def simulate_visits(kiosk: Kiosk, time_: SimulatedTime, visits: int = 12, seed: int = 5) -> None:
    """Visitors tapping tabs, panel buttons and the language toggle, with time passing between
    taps; each visit ends by the idle timeout, as in the hall. For the visitor insight picture."""
    from PySide6.QtCore import QPoint

    app = kiosk.app
    window, session = kiosk.window, kiosk.session
    rng = random.Random(seed)
    for visit in range(visits):
        for _ in range(rng.randint(2, 7)):
            targets = [*window.tab_bar.buttons, *window.language_toggle.buttons.values()]
            view = kiosk.pages.views[kiosk.navigation.page]
            if view.panel is not None:
                targets += view.panel.segments[1:3]
            target = rng.choice(targets)
            centre = target.mapTo(window, target.rect().center()) + QPoint(rng.randint(-30, 30), rng.randint(-12, 12))
            gesture(window, centre, centre, steps=1)
            window.finish_transition()
            time_.seconds += rng.uniform(4, 45)
            session.tick()
        time_.seconds += session.machine.config.idle_timeout_s + 1
        session.tick()
        time_.seconds += session.machine.config.warning_s + 1
        session.tick()
        settle(app)
        time_.seconds += rng.uniform(60, 5400) if visit % 3 == 2 else rng.uniform(20, 300)  # quiet spells between visitors
    # Back to the home page for the pictures that follow, without counting a visit for it.
    session.attract.stop()
    session.machine.touch(time_.monotonic())
    kiosk.navigation.reset(session.default_language)
    settle(app)


def _grab(kiosk: Kiosk, path: Path, keep: Keep) -> Path:
    """`keep` the window as shown (a `keep` that only reads the widget tree says so: wants_picture = False)."""
    keep(kiosk.window.grab() if getattr(keep, "wants_picture", True) else QPixmap(), path)
    return path


def show_settled(kiosk: Kiosk, index: int) -> None:
    """Page `index` at the end of its animations, photos loaded."""
    window = kiosk.window
    kiosk.navigation.show_page(index)
    window.finish_transition()
    kiosk.pages.views[index].finish_animation()  # snapshots show the end of every animation
    wait_for_photos(kiosk.loader)


def _render_access(kiosk: Kiosk, out_dir: Path, width: int, height: int, keep: Keep) -> list[Path]:
    """Larger text, reach mode and the high-contrast theme, in every language."""
    window = kiosk.window
    page = min(1, len(window.dataset.pages) - 1)
    written = []
    switches: tuple[tuple[str, Callable[[bool], None]], ...] = (
        ("large-text", kiosk.navigation.set_large_text),
        ("reach", kiosk.navigation.set_reach),
    )
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        for name, switch in switches:
            switch(True)
            show_settled(kiosk, page)
            written.append(_grab(kiosk, out_dir / f"8-{name}-{lang}-{width}x{height}.png", keep))
            switch(False)
    theme = kiosk.settings["theme"]
    kiosk.settings.change("theme", "high_contrast", save=False)  # as staff would, but never saved
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        for index in (0, page):
            show_settled(kiosk, index)
            written.append(_grab(kiosk, out_dir / f"8-high-contrast-{index}-{lang}-{width}x{height}.png", keep))
    kiosk.settings.change("theme", theme, save=False)
    return written


def _render_modes(kiosk: Kiosk, out_dir: Path, width: int, height: int, keep: Keep) -> list[Path]:
    """Guided and maintenance mode on a pillar page, a photo opened large, and the attract loop's first
    figure scene and first photo scene (the loop's own picture shows its title card), in every language."""
    window, attract = kiosk.window, kiosk.session.attract
    page = min(1, len(window.dataset.pages) - 1)
    album = next((a for a in window.dataset.albums if a.photos), None)
    written = []
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        for mode in ("guided", "maintenance"):
            kiosk.settings.change("mode", mode, save=False)  # as staff would, but never saved
            show_settled(kiosk, page)
            written.append(_grab(kiosk, out_dir / f"7-{mode}-{lang}-{width}x{height}.png", keep))
        kiosk.settings.change("mode", "interactive", save=False)
        show_settled(kiosk, page)
        if album is not None:
            window.open_photo(album, 0, window.colours.accents[page % len(window.colours.accents)])
            wait_for_photos(kiosk.loader)
            written.append(_grab(kiosk, out_dir / f"7-lightbox-{lang}-{width}x{height}.png", keep))
            assert window.lightbox is not None
            window.lightbox.close_view()
        scenes = build_scenes(window.dataset)
        firsts = {
            "figure": next((s for s in scenes if s.indicator is not None), None),
            "photo": next((s for s in scenes if s.photo is not None), None),
        }
        for name, scene in firsts.items():
            if scene is None:
                continue
            _start_attract_still(attract)
            attract.show_scene(scene, lang)
            attract.settle()
            wait_for_photos(kiosk.loader)
            written.append(_grab(kiosk, out_dir / f"7-attract-{name}-{lang}-{width}x{height}.png", keep))
            attract.stop()
    settle(kiosk.app)
    return written


def _start_attract_still(attract: AttractView) -> None:
    attract.start()
    attract.settle()


def _render_overlays(kiosk: Kiosk, out_dir: Path, width: int, height: int, keep: Keep) -> list[Path]:
    """The attract loop, the countdown, the PIN pad, the staff panel (and its question before quitting),
    visitor insight, the closed screen, content from a USB stick (one that checks out and one with
    mistakes) and the preview's problem banner, in every language."""
    from kiosk.core.content.install import examine
    from kiosk.ui.preview import ProblemBanner

    session, staff = kiosk.session, kiosk.staff
    written = []
    banner = ProblemBanner(kiosk.window, kiosk.window.header)
    with tempfile.TemporaryDirectory(prefix="kiosk-sticks-") as sticks_dir:
        sticks = {broken: make_usb_stick(Path(sticks_dir), broken, kiosk.content.folder) for broken in (False, True)}
        mistakes = examine(sticks[True] / "lna-content").problems  # what an editor's bad save shows

        def content_from(stick: Path) -> None:
            staff.open_content()
            assert staff.content_panel is not None
            staff.content_panel.drives = lambda: [stick]
            staff.content_panel.look()
            staff.content_panel.wait_for_look()

        for lang in kiosk.language.languages:
            kiosk.language.set_language(lang)
            show_settled(kiosk, 0)  # the page under the overlays at rest, its figures counted up
            shots: dict[str, Callable[[], None]] = {
                "attract": lambda: _start_attract_still(session.attract),
                "still-there": lambda: session.still_there.show_countdown(round(session.machine.config.warning_s)),
                "pin-pad": staff.pin_pad.open_overlay,
                "staff-panel": staff.panel.open_overlay,
                "staff-quit": lambda: _ask_to_quit(staff.panel),
                "closed": lambda: kiosk.hall.screen.show_closed(_next_opening(kiosk), display_off=False),
                "visitor-insight": staff.panel.insight_button.click,
                "content-usb": lambda: content_from(sticks[False]),
                "content-usb-problems": lambda: content_from(sticks[True]),
                "preview-problems": lambda: banner.show_problems(mistakes),
            }
            for name, show in shots.items():
                show()
                if name == "attract" and session.attract.scene is not None:
                    session.attract.show_scene(session.attract.scene, lang)  # its words, tag and all, in `lang`
                    session.attract.settle()
                wait_for_photos(kiosk.loader)
                written.append(_grab(kiosk, out_dir / f"9-{name}-{lang}-{width}x{height}.png", keep))
                session.attract.stop()
                session.still_there.hide()
                staff.close_all()
                kiosk.hall.screen.hide()
                banner.clear()
    banner.deleteLater()
    return written


def _ask_to_quit(panel: StaffPanel) -> None:
    panel.open_overlay()
    panel.quit_button.click()  # it asks first


def _next_opening(kiosk: Kiosk) -> datetime:
    """For the closed screen's picture: the schedule's next opening, or tomorrow 09:00 with none set."""
    now = kiosk.clocks.wall()
    state = kiosk.hall.state()
    if not state.open and state.until is not None:
        return state.until
    return (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
