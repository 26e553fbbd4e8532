"""Content from a USB stick (or any folder) onto the kiosk, for staff with no keyboard.

A content folder on a stick is found (its root, or a folder one level down, holding content.json),
checked, and summed up against what is shown (pages, figures, photos added, removed, changed). Installing
copies it into the kiosk's own data folder under a new name, fsynced, then renamed into place: a stick
pulled out halfway leaves a `.partial` folder that is cleaned up later, never half a content. The
`content` setting then points at the copy; the folder it pointed at before is remembered, so one tap
goes back to it. Qt-free."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kiosk.core.content.loader import CONTENT_FILE, LoadResult, load_content
from kiosk.core.content.model import Dataset
from kiosk.core.files import sync_folder, write_atomic

INSTALLED = "installed-content"  # under the data folder
HISTORY_FILE = "history.json"
KEEP = 2  # installed copies kept: the one shown and the one before it


class InstallError(Exception):
    """Nothing was installed; what is shown stays. The message says why."""


def find_content(drives: list[Path]) -> list[Path]:
    """Content folders on `drives`: a drive's root, or a folder just inside it, with content.json."""
    found: list[Path] = []
    for drive in drives:
        candidates = [drive]
        try:
            candidates += sorted(p for p in drive.iterdir() if p.is_dir() and not p.name.startswith("."))
        except OSError:
            continue
        found += [folder for folder in candidates if (folder / CONTENT_FILE).is_file()]
    return found


@dataclass(frozen=True)
class Changes:
    """What installing would change, against what is shown."""

    pages_added: list[str] = field(default_factory=list)  # titles, in the first language
    pages_removed: list[str] = field(default_factory=list)
    figures_changed: list[str] = field(default_factory=list)  # "id: old -> new"
    figures_added: int = 0
    figures_removed: int = 0
    photos_added: int = 0
    photos_removed: int = 0
    pages_changed: int = 0

    @property
    def none(self) -> bool:
        return not (
            self.pages_added
            or self.pages_removed
            or self.figures_changed
            or self.figures_added
            or self.figures_removed
            or self.photos_added
            or self.photos_removed
            or self.pages_changed
        )


def describe(changes: Changes) -> list[str]:
    """The changes in plain English, for `kiosk install-content` (the staff panel says them in its language)."""
    if changes.none:
        return ["nothing: it is the content shown now"]
    lines = []
    if changes.pages_added or changes.pages_removed:
        lines.append(f"pages: added {', '.join(changes.pages_added) or 'none'}; removed {', '.join(changes.pages_removed) or 'none'}")
    if changes.pages_changed:
        lines.append(f"pages changed (texts or figures): {changes.pages_changed}")
    if changes.figures_changed or changes.figures_added or changes.figures_removed:
        lines.append(f"figures: {len(changes.figures_changed)} changed, {changes.figures_added} added, {changes.figures_removed} removed")
        lines += [f"  {change}" for change in changes.figures_changed]
    if changes.photos_added or changes.photos_removed:
        lines.append(f"photos: {changes.photos_added} added or replaced, {changes.photos_removed} removed")
    return lines


def compare(shown: Dataset, new: Dataset, shown_folder: Path, new_folder: Path) -> Changes:
    lang = shown.default_language
    old_pages, new_pages = {p.id: p for p in shown.pages}, {p.id: p for p in new.pages}
    old_figures = {i.id: i for p in shown.pages for i in p.indicators}
    new_figures = {i.id: i for p in new.pages for i in p.indicators}

    def photos(dataset: Dataset, folder: Path) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for album in dataset.albums:
            for photo in album.photos:
                try:
                    files[photo.file] = (folder / photo.file).read_bytes()[:4096] + str((folder / photo.file).stat().st_size).encode()
                except OSError:
                    files[photo.file] = b""
        return files

    old_photos, new_photos = photos(shown, shown_folder), photos(new, new_folder)
    changed_figures = [
        f"{key}: {old_figures[key].value:g} -> {new_figures[key].value:g}"
        for key in old_figures.keys() & new_figures.keys()
        if (old_figures[key].value, old_figures[key].unit, old_figures[key].period)
        != (new_figures[key].value, new_figures[key].unit, new_figures[key].period)
    ]
    texts = sum(1 for key in old_pages.keys() & new_pages.keys() if old_pages[key] != new_pages[key])
    return Changes(
        pages_added=[new_pages[k].title.in_language(lang) for k in new_pages.keys() - old_pages.keys()],
        pages_removed=[old_pages[k].title.in_language(lang) for k in old_pages.keys() - new_pages.keys()],
        figures_changed=sorted(changed_figures),
        figures_added=len(new_figures.keys() - old_figures.keys()),
        figures_removed=len(old_figures.keys() - new_figures.keys()),
        photos_added=sum(1 for f in new_photos if f not in old_photos or old_photos[f] != new_photos[f]),
        photos_removed=len(old_photos.keys() - new_photos.keys()),
        pages_changed=texts,
    )


@dataclass(frozen=True)
class Candidate:
    folder: Path
    result: LoadResult

    @property
    def problems(self) -> list[str]:
        return [str(p) for p in self.result.problems]


def examine(folder: Path) -> Candidate:
    return Candidate(folder, load_content(folder))


class Installer:
    """Installs into `data / INSTALLED`; `history.json` there remembers what was shown before."""

    def __init__(self, data: Path, clock: Callable[[], datetime] = datetime.now) -> None:
        self.root = data / INSTALLED
        self._clock = clock

    def install(self, source: Path) -> Path:
        """Copy `source` in, durably, and return the installed folder. Raises InstallError."""
        candidate = examine(source)
        if not candidate.result.ok:
            raise InstallError(f"{source} has {len(candidate.problems)} problem(s); first: {candidate.problems[0]}")
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        final = self.root / f"content-{stamp}"
        n = 1
        while final.exists():
            n += 1
            final = self.root / f"content-{stamp}-{n}"
        partial = final.with_name(final.name + ".partial")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._clean_partials()
            _copy_durably(source, partial)
            copied = load_content(partial)  # what arrived, not what the stick claimed
            if not copied.ok:
                raise InstallError(f"the copy from {source} does not validate ({copied.problems[0]}); was the stick pulled out?")
            os.rename(partial, final)
            sync_folder(self.root)
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise InstallError(f"could not copy {source} to {self.root}: {exc.strerror or exc}") from None
        except InstallError:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        return final

    def record(self, shown_before: str, now_shown: str) -> None:
        """After the `content` setting changed: remember the one before, and drop copies nobody can
        go back to."""
        write_atomic(self.root / HISTORY_FILE, json.dumps({"previous": shown_before, "current": now_shown}))
        self._prune(keep={shown_before, now_shown})

    def previous(self) -> str | None:
        """The content folder shown before the last install or going back ("" is the bundled content);
        None when there is none to go back to."""
        try:
            history = json.loads((self.root / HISTORY_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        previous = history.get("previous") if isinstance(history, dict) else None
        if not isinstance(previous, str) or (previous and not (Path(previous) / CONTENT_FILE).is_file()):
            return None
        return previous

    def _clean_partials(self) -> None:
        for leftover in self.root.glob("*.partial"):
            shutil.rmtree(leftover, ignore_errors=True)

    def _prune(self, keep: set[str]) -> None:
        kept = {Path(k).resolve() for k in keep if k}
        copies = sorted(p for p in self.root.glob("content-*") if p.is_dir() and not p.name.endswith(".partial"))
        for old in copies[:-KEEP] if len(copies) > KEEP else []:
            if old.resolve() not in kept:
                shutil.rmtree(old, ignore_errors=True)


def _copy_durably(source: Path, target: Path) -> None:
    """Files and folders, not links (a link could lead off the stick); each file fsynced."""
    for folder, dirs, files in os.walk(source, followlinks=False):
        here = Path(folder)
        relative = here.relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        dirs[:] = [d for d in dirs if not (here / d).is_symlink() and not d.startswith(".")]
        for name in files:
            path = here / name
            if path.is_symlink() or name.startswith("."):
                continue
            destination = target / relative / name
            with path.open("rb") as reading, destination.open("wb") as writing:
                shutil.copyfileobj(reading, writing, 1024 * 1024)
                writing.flush()
                os.fsync(writing.fileno())
        sync_folder(target / relative)
