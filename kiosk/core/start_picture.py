"""The start picture: the kiosk's last first frame, kept so the next start can show it before the
kiosk's own modules are even imported (about half of a start is importing and building them).

A picture is kept with the facts that decided what that first frame showed: the kiosk's and Qt's
versions, the command line's choices (content folder, language, screen), the bytes of every file in
the settings folder (settings, PIN, opening-hours override), the screen's size and pixel ratio, and
the content folder the kiosk showed, fingerprinted by the names, sizes and times of its files. A start
whose facts differ shows no picture. The running kiosk compares its own first frame with the picture
it followed: a picture that was wrong anyway (a fact this list misses) is replaced, and shown once
at most, for the fraction of a second until the kiosk's first frame.

Nothing time-dependent is kept: while opening hours are set the kiosk keeps no picture (its first
frame may be the closed screen with the next opening time), and shows none.

Qt-free: the picture is raw 32-bit pixels as Qt's QImage.Format_RGB32 lays them out (read in well
under a millisecond at 1920x1080 from the page cache; a PNG takes 20 ms to decode)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.core.files import describe, open_regular, read_bytes, read_json, write_atomic

PICTURE_FILE = "start-picture.raw"
FACTS_FILE = "start-picture.json"
FORMAT = 1
MOST_FILES = 5000  # a content folder with more is not fingerprinted (the walk would cost more than it saves)
MOST_SETTINGS_BYTES = 4 * 1024 * 1024
MOST_PIXELS = 8192 * 8192


@dataclass(frozen=True)
class Screen:
    width: int  # device pixels
    height: int
    ratio: float


@dataclass(frozen=True)
class Facts:
    """What decided a first frame. Equal facts: the same first frame."""

    versions: str
    choices: tuple[str, ...]  # the command line's content folder, language and screen
    settings: str  # digest of the settings folder's files
    screen_index: int  # the screen the kiosk filled
    screen: Screen
    content: str  # the folder the kiosk showed ("" before it is known)
    content_print: str  # its fingerprint


def settings_digest(folder: Path) -> str | None:
    """A digest of every regular file's name and bytes directly in `folder`; None when one cannot be
    read (no picture then: a settings file the kiosk would refuse may change what it shows)."""
    digest = hashlib.sha256()
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except FileNotFoundError:
        return digest.hexdigest()  # no settings yet: the defaults
    except OSError:
        return None
    for entry in entries:
        if entry.name.startswith("."):
            continue  # a writer's temporary file
        try:
            data = read_bytes(Path(entry.path), MOST_SETTINGS_BYTES)
        except OSError:
            return None
        digest.update(entry.name.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def folder_print(folder: Path) -> str | None:
    """The names, sizes and modification times of every file under `folder` (links not followed),
    as a digest; None when it cannot be walked or holds more than MOST_FILES entries."""
    digest = hashlib.sha256()
    count = 0
    pending = [folder]
    try:
        while pending:
            current = pending.pop()
            for entry in sorted(os.scandir(current), key=lambda e: e.name):
                count += 1
                if count > MOST_FILES:
                    return None
                info = entry.stat(follow_symlinks=False)
                name = os.path.relpath(entry.path, folder).encode("utf-8", "surrogateescape")
                digest.update(b"%s\0%d\0%d\0%d\n" % (name, info.st_mode, info.st_size, info.st_mtime_ns))
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
    except OSError:
        return None
    return digest.hexdigest()


def choices(content_dir: Path | None, language: str | None, screen: int | None) -> tuple[str, ...]:
    return (str(content_dir or ""), language or "", "" if screen is None else str(screen))


@dataclass(frozen=True)
class Kept:
    """A picture read back: its pixels and the facts it was kept with."""

    facts: Facts
    pixels: bytes


class StartPictures:
    """The start picture in the cache folder `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def picture_path(self) -> Path:
        return self.folder / PICTURE_FILE

    @property
    def facts_path(self) -> Path:
        return self.folder / FACTS_FILE

    def read(self, facts: Facts) -> Kept | None:
        """The picture kept with the versions, choices and settings of `facts` (its content folder's
        fingerprint checked again now), or None: none kept, kept for other facts, or unreadable.
        Whether its screen is still there, as large, is the caller's to check. Raises nothing."""
        try:
            raw = read_json(self.facts_path, 64 * 1024)
            kept = _facts_from(raw)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if kept is None or not kept.content or kept.content_print != folder_print(Path(kept.content)):
            return None
        if (kept.versions, kept.choices, kept.settings) != (facts.versions, facts.choices, facts.settings):
            return None  # the screen is the caller's to check: kept.screen_index and kept.screen
        size = kept.screen.width * kept.screen.height * 4
        try:
            with open_regular(self.picture_path) as handle:  # a FIFO or device in its place is refused, never read
                pixels = handle.read(size + 1)  # in one piece: read_bytes' counted chunks cost 10 ms more at 1920x1080
        except OSError:
            return None
        return Kept(kept, pixels) if len(pixels) == size else None

    def keep(self, facts: Facts, pixels: bytes) -> str | None:
        """Keep `pixels` (RGB32, the screen's size) with `facts`; None, or what went wrong in words."""
        if facts.screen.width * facts.screen.height * 4 != len(pixels) or facts.screen.width * facts.screen.height > MOST_PIXELS:
            return "the picture is not the size of the screen"
        try:
            self.facts_path.unlink(missing_ok=True)  # never a picture with the facts of another
            write_atomic(self.picture_path, pixels)
            write_atomic(self.facts_path, json.dumps({"format": FORMAT, **asdict(facts)}, sort_keys=True))
        except OSError as exc:
            return describe(exc)
        return None

    def forget(self) -> None:
        for path in (self.facts_path, self.picture_path):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _facts_from(raw: object) -> Facts | None:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return None
    screen = raw["screen"]
    choices_kept: Sequence[object] = raw["choices"]
    facts = Facts(
        versions=str(raw["versions"]),
        choices=tuple(str(c) for c in choices_kept),
        settings=str(raw["settings"]),
        screen_index=int(raw["screen_index"]),
        screen=Screen(int(screen["width"]), int(screen["height"]), float(screen["ratio"])),
        content=str(raw["content"]),
        content_print=str(raw["content_print"]),
    )
    if not (facts.screen.width > 0 and facts.screen.height > 0 and facts.screen.width * facts.screen.height <= MOST_PIXELS):
        return None
    return facts
