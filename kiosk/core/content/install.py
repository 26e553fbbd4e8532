"""Content from a USB stick (or any folder) onto the kiosk, for staff with no keyboard.

A content folder on a stick is found (its root, or a folder one level down, holding content.json),
checked, and summed up against what is shown (every page, figure, text and photo added, removed or
changed: kiosk/core/content/changes.py).

Installing copies only the regular files the content names (content.json, its languages' locale files,
its photos), never the rest of the stick: a FIFO would block the copy for ever and a device could fill
the disk. Links are followed only while they stay inside the content folder, for checking and copying
alike. The files' sizes are added up and checked against a cap (MAX_INSTALL_BYTES) and the free space
first. The copy goes into the
kiosk's own data folder under a new name, fsynced, is checked again there (every photo decoded, as
`kiosk check` does), then renamed into place: a stick pulled out halfway leaves a `.partial` folder that
is cleaned up later, never half a content.

An install takes a while (thousands of photos, each fsynced and decoded): `install` tells a `progress`
function how far it is, file by file and megabyte by megabyte, and that function may stop it by raising
InstallCancelledError: the staff panel runs it in a thread of its own and cancels it when it closes.
Looking at a stick takes a while too (content.json read and checked, every file it names looked at, the
photos' first bytes compared with what is shown): `examine` and `compare` ask a `check` function before
each file, which may stop them the same way.

The `content` setting and the install history (the folder shown before, so one tap undoes an install)
are then written together (kiosk/core/file_set.py): an install or a step back either completes or
leaves the setting, the history and the installed copies as they were, whatever fails in between.
Qt-free."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from kiosk.core import files
from kiosk.core.content.changes import Changes as Changes  # the staff panel names it from here
from kiosk.core.content.glyphs import MissingCharacters
from kiosk.core.content.loader import CONTENT_FILE, LOCALES_DIR, MAX_CONTENT_BYTES, LoadResult, load_content
from kiosk.core.content.model import Dataset
from kiosk.core.file_set import FileSet

if TYPE_CHECKING:
    from kiosk.core.settings import Settings

INSTALLED = "installed-content"  # under the data folder
HISTORY_FILE = "history.json"
HISTORY_MAX_BYTES = 64 * 1024
KEEP = 2  # installed copies kept: the one shown and the one before it
MAX_PHOTO_BYTES = 1024**3  # as prepare() takes (kiosk/core/photos/prepare.py MAX_FILE_BYTES)
# At most four gigabytes copied from a stick: a hall's content with thousands of photos prepared for the
# screen is well under one; more is a stick holding something else (videos, raw camera files).
MAX_INSTALL_BYTES = 4 * 1024**3
SPACE_MARGIN_BYTES = 64 * 1024 * 1024  # left free after a copy, beside a tenth of the copy's size
_CHUNK = 1024 * 1024


class InstallError(Exception):
    """Nothing was installed or changed; what is shown stays. The message says why: `headline`, then the
    first of `problems` when there are any (a stick's content, its photos; all of them listed there)."""

    def __init__(self, headline: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(f"{headline}; first: {problems[0]}" if problems else headline)
        self.headline = headline
        self.problems = problems


class InstallCancelledError(InstallError):
    """Raised by a progress function to stop an install; nothing was installed or changed."""

    def __init__(self) -> None:
        super().__init__("the install was cancelled; nothing changed")


@dataclass(frozen=True)
class Progress:
    """How far an install is: copying (files and bytes), then checking the copy (photos decoded)."""

    stage: str  # COPYING, then VERIFYING (content.json read back), then CHECKING (photos decoded)
    done: int  # files copied, or photos checked
    total: int
    bytes_done: int = 0
    bytes_total: int = 0

    @property
    def fraction(self) -> float:
        """Of the whole install, 0 to 1: the copy (each file weighed as its bytes and a fixed cost for
        opening and syncing it) is the first 80 %, the check of the photos the rest."""
        if self.stage == VERIFYING:
            return COPY_SHARE
        if self.stage == CHECKING:
            return COPY_SHARE + (1 - COPY_SHARE) * (self.done / self.total if self.total else 1.0)
        whole = self.bytes_total + self.total * FILE_COST_BYTES
        part = self.bytes_done + self.done * FILE_COST_BYTES
        return COPY_SHARE * (part / whole if whole else 1.0)


COPYING, VERIFYING, CHECKING = "copying", "verifying", "checking"
COPY_SHARE = 0.8
FILE_COST_BYTES = 256 * 1024  # a tiny file costs about as much as copying this much (an open, an fsync)


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


def _go_on() -> None:
    """A `check` that never stops the work."""


@dataclass(frozen=True)
class Candidate:
    """A content folder as checked: the loader's problems, then those of the files it names."""

    folder: Path
    result: LoadResult
    files: tuple[tuple[str, int], ...] = ()  # (path inside the folder, bytes): every file to copy
    refused: tuple[str, ...] = ()  # files the content names that cannot be copied, and why
    glyphs: MissingCharacters | None = None  # the font it was judged by (None: font coverage not judged)

    @property
    def problems(self) -> list[str]:
        return [str(p) for p in self.result.problems] + list(self.refused)

    @property
    def ok(self) -> bool:
        return self.result.ok and not self.refused


def referenced_files(dataset: Dataset) -> list[tuple[str, int]]:
    """What a content folder is made of, as (path inside it, byte limit): content.json, a locale file
    for each of its languages, and each photo it names, once."""
    named = [(CONTENT_FILE, MAX_CONTENT_BYTES)]
    named += [(f"{LOCALES_DIR}/{code}.json", MAX_CONTENT_BYTES) for code in dataset.language_codes]
    named += [(photo.file, MAX_PHOTO_BYTES) for album in dataset.albums for photo in album.photos]
    unique: dict[str, int] = {}
    for name, limit in named:
        unique.setdefault(PurePosixPath(name).as_posix(), limit)  # photos/./a.jpg and photos/a.jpg are one file
    return list(unique.items())


def examine(folder: Path, check: Callable[[], object] = _go_on, glyphs: MissingCharacters | None = None) -> Candidate:
    """The folder checked as `kiosk check` does (but for photo decoding, which the install does on
    the copy), and each file to copy checked as the copy reads it: a regular file, inside the folder
    (through links too), within its size limit. `check` is asked before each file is looked at (it may
    raise InstallCancelledError). `glyphs`: the characters the kiosk's font lacks, judged as `kiosk
    check` judges them (kiosk/core/content/glyphs.py)."""
    check()
    result = load_content(folder, glyphs)
    if not result.ok or result.dataset is None:
        return Candidate(folder, result, glyphs=glyphs)
    sized: list[tuple[str, int]] = []
    refused: list[str] = []
    for name, limit in referenced_files(result.dataset):
        check()
        parts = PurePosixPath(name).parts
        if PurePosixPath(name).is_absolute() or ".." in parts:
            refused.append(f"{name}: must be a path inside the content folder")
            continue
        try:
            size = files.check_regular(folder.joinpath(*parts), within=folder).st_size
        except (OSError, ValueError) as exc:
            refused.append(f"{name}: {files.describe(exc)}")
            continue
        if size > limit:
            refused.append(f"{name}: is {size:,} bytes, larger than the limit of {limit:,} bytes")
            continue
        sized.append((name, size))
    total = sum(size for _, size in sized)
    if total > MAX_INSTALL_BYTES:
        refused.append(
            f"the files to copy add up to {_size(total)}, more than the {_size(MAX_INSTALL_BYTES)} content from a stick may have"
        )
    return Candidate(folder, result, tuple(sized), tuple(refused), glyphs)


class Installer:
    """Installs into `data / INSTALLED`; `history.json` there remembers what was shown before. The
    `content` setting and the history change together, through a Settings whose own values stay as
    they were: the caller applies the new value once the disk has it (`Settings.set`, or LiveSettings
    without saving)."""

    def __init__(self, data: Path, clock: Callable[[], datetime] = datetime.now, glyphs: MissingCharacters | None = None) -> None:
        """`glyphs`: the characters of a text the kiosk's font lacks (the bundled font's, from whoever
        makes the installer: kiosk/ui/fonts.py); content using any is refused, the stick's and the copy."""
        self.root = Path(os.path.abspath(data / INSTALLED))  # the setting takes whole paths only
        self._clock = clock
        self.glyphs = glyphs

    def install(
        self,
        source: Path,
        settings: Settings,
        progress: Callable[[Progress], object] | None = None,
        examined: Candidate | None = None,
    ) -> Path:
        """Copy `source` in, check the copy, and switch the `content` setting to it with the history;
        returns the installed folder. Raises InstallError, and then nothing has changed. `progress` is
        told how far it is (many times); an InstallError it raises (InstallCancelledError) stops the
        install. `examined`: examine(source) as staff were shown it, so a large stick is not read twice
        (the copy is checked whole all the same: a stick changed since is refused then)."""
        return self.install_loaded(source, settings, progress, examined).folder

    def install_loaded(
        self,
        source: Path,
        settings: Settings,
        progress: Callable[[Progress], object] | None = None,
        examined: Candidate | None = None,
    ) -> LoadResult:
        """As `install`, but returns the installed content as the check of the copy loaded it (its
        folder the installed one): whoever shows it next need not read and check it all again."""
        report = progress or (lambda _progress: None)
        judged = examined is not None and examined.folder == source and examined.glyphs is self.glyphs  # by this font
        candidate = examined if examined is not None and judged else examine(source, glyphs=self.glyphs)
        if not candidate.ok:
            problems = tuple(candidate.problems)
            raise InstallError(f"{source} has {len(problems)} problem(s)", problems)
        before = str(settings["content"])
        self._check_settings(settings)
        self._check_space(candidate)
        made = _missing_folders(self.root)
        final: Path | None = None
        partial: Path | None = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._clean_partials()
            final = self._new_name()
            partial = final.with_name(final.name + ".partial")
            _copy_files(source, candidate.files, partial, report)
            loaded = _check_copy(source, partial, report, self.glyphs)
            os.rename(partial, final)
            partial = None
            files.sync_folder(self.root)
            self._switch(settings, [before, str(final)])
        except InstallError:
            _remove(partial, final, made)
            raise
        except OSError as exc:
            _remove(partial, final, made)
            raise InstallError(f"could not install {source} into {self.root}: {_where(exc)}; nothing changed") from None
        except ValueError as exc:  # the setting refused the folder's name
            _remove(partial, final, made)
            raise InstallError(f"could not install {source} into {self.root}: {exc}; nothing changed") from None
        self._prune(keep={before, str(final)})
        return _moved(loaded, partial_name=final.with_name(final.name + ".partial"), final=final)

    def go_back(self, settings: Settings) -> str:
        """Switch the `content` setting back to the folder shown before ("" is the bundled content),
        with the history; returns it. Raises InstallError, and then nothing has changed.

        The history is the content shown before the last install, one step deep: going back undoes
        that install, and a second step back says there is nothing older and changes nothing. Why not a
        longer list to walk back through: the kiosk keeps two installed copies (KEEP: the one shown and
        the one before; a hall PC's disk holds a few gigabytes of photos, not a stack of them), and staff
        have one Back button whose meaning must be plain, "undo the last install", never a toggle
        between two contents nor a walk into copies already deleted."""
        return self.go_back_loaded(settings)[0]

    def go_back_loaded(self, settings: Settings) -> tuple[str, LoadResult | None]:
        """As `go_back`, but also returns that folder's content as it was checked before the switch
        (None for the bundled content): whoever shows it next need not read and check it again."""
        before = str(settings["content"])
        result: LoadResult | None = None
        target, why_not = self._previous()
        if target is None:
            raise InstallError(
                f"there is no previous content to go back to ({why_not})"
                if why_not
                else "there is no previous content to go back to: nothing older than the content shown "
                "(going back undoes the last install, once); nothing changed"
            )
        if target:
            result = load_content(Path(target), self.glyphs)
            if not result.ok:
                problems = tuple(str(p) for p in result.problems)
                raise InstallError(f"the previous content in {target} no longer checks out", problems)
        self._check_settings(settings)
        try:
            self._switch(settings, [target])
        except (OSError, ValueError) as exc:
            reason = _where(exc) if isinstance(exc, OSError) else str(exc)
            raise InstallError(f"could not go back to the previous content: {reason}; nothing changed") from None
        self._prune(keep={before, target})
        return target, result

    def previous(self) -> str | None:
        """The content folder shown before the last install ("" is the bundled content); None when
        there is nothing older than the content shown (nothing installed, or gone back already)."""
        return self._previous()[0]

    def _previous(self) -> tuple[str | None, str | None]:
        """The folder to go back to, or None and why not (None: nothing older to go back to)."""
        path = self.root / HISTORY_FILE
        try:
            history = files.read_json(path, HISTORY_MAX_BYTES)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return None, f"{path}: {files.describe(exc)}"
        shown = _shown_list(history)
        if shown is None:
            return None, f"{path} does not name one"
        if len(shown) < 2:
            return None, None
        previous = shown[-2]
        if previous and not (Path(previous) / CONTENT_FILE).is_file():
            return None, f"{previous} is gone"
        return previous, None

    def _switch(self, settings: Settings, shown: list[str]) -> None:
        """The setting (to the last of `shown`) and the history, together or not at all (raises OSError)."""
        history = json.dumps({"shown": shown}, ensure_ascii=False)
        with FileSet() as together:
            together.stage(self.root / HISTORY_FILE, history)
            together.stage(settings.path, settings.encoded({"content": shown[-1]}))
            together.commit()

    @staticmethod
    def _check_settings(settings: Settings) -> None:
        try:
            settings.encoded()
        except OSError as exc:
            raise InstallError(f"{settings.path} {exc.strerror}; nothing changed") from None

    def _check_space(self, candidate: Candidate) -> None:
        """Before copying: the files with a margin must fit in what the data folder's disk has free."""
        needed = sum(size for _, size in candidate.files)
        margin = SPACE_MARGIN_BYTES + needed // 10
        existing = next((p for p in (self.root, *self.root.parents) if p.exists()), self.root)
        try:
            free = shutil.disk_usage(existing).free
        except OSError as exc:
            raise InstallError(f"could not tell how much space {existing} has: {files.describe(exc)}; nothing changed") from None
        if needed + margin > free:
            raise InstallError(
                f"not enough space on the kiosk's disk: the content needs {_size(needed)} (and {_size(margin)} kept free), "
                f"{_size(free)} free on {existing}; nothing changed"
            )

    def _new_name(self) -> Path:
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        final = self.root / f"content-{stamp}"
        n = 1
        while final.exists() or final.with_name(final.name + ".partial").exists():
            n += 1
            final = self.root / f"content-{stamp}-{n}"
        return final

    def _clean_partials(self) -> None:
        for leftover in self.root.glob("*.partial"):
            shutil.rmtree(leftover, ignore_errors=True)

    def _prune(self, keep: set[str]) -> None:
        kept = {Path(k).resolve() for k in keep if k}
        copies = sorted(p for p in self.root.glob("content-*") if p.is_dir() and not p.name.endswith(".partial"))
        for old in copies[:-KEEP] if len(copies) > KEEP else []:
            if old.resolve() not in kept:
                shutil.rmtree(old, ignore_errors=True)


class _Copy:
    """Counts what is copied and tells `report` (which may raise InstallCancelledError) after each file
    and chunk."""

    def __init__(self, named: tuple[tuple[str, int], ...], report: Callable[[Progress], object]) -> None:
        self.total, self.bytes_total = len(named), sum(size for _, size in named)
        self.done = self.bytes_done = 0
        self._report = report

    def tell(self) -> None:
        self._report(Progress(COPYING, self.done, self.total, self.bytes_done, self.bytes_total))


def _copy_files(source: Path, named: tuple[tuple[str, int], ...], target: Path, report: Callable[[Progress], object]) -> None:
    """Each named file, read through kiosk.core.files (a regular file inside `source`, checked again on
    the open handle), at most the size it had when checked, fsynced; then each folder. A file that
    cannot be read any more is a stick pulled out (or changed): said so."""
    target.mkdir()
    folders = {target}
    count = _Copy(named, report)
    count.tell()
    for name, size in named:
        parts = PurePosixPath(name).parts
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        folders.update(p for p in destination.parents if p.is_relative_to(target))
        try:
            _copy_one(source, name, size, destination, count)
        except _ReadError as exc:
            reason = files.describe(exc.__cause__) if exc.__cause__ is not None else str(exc)
            asked = "" if "pulled out" in reason else " (was the stick pulled out?)"
            raise InstallError(f"could not read {name} from {source}: {reason}{asked}; what is shown stays, nothing changed") from None
        count.done += 1
        count.tell()
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        files.sync_folder(folder)


class _ReadError(Exception):
    """Reading the stick failed (the OSError is its cause); writing the copy fails as an OSError."""


def _copy_one(source: Path, name: str, size: int, destination: Path, count: _Copy) -> None:
    try:
        reading = files.open_regular(source.joinpath(*PurePosixPath(name).parts), within=source)
    except OSError as exc:
        raise _ReadError from exc
    with reading, destination.open("xb") as writing:
        copied = 0
        while True:
            try:
                chunk = reading.read(min(_CHUNK, size + 1 - copied))
            except OSError as exc:
                raise _ReadError from exc
            if not chunk:
                break
            copied += len(chunk)
            if copied > size:
                raise _ReadError from files.FileRefusedError(source / name, "grew while it was copied (was the stick changed?)")
            writing.write(chunk)
            count.bytes_done += len(chunk)
            if size > _CHUNK:
                count.tell()
        if copied != size:
            raise _ReadError from files.FileRefusedError(source / name, "shrank while it was copied")
        writing.flush()
        os.fsync(writing.fileno())


def _check_copy(source: Path, copy: Path, report: Callable[[Progress], object], glyphs: MissingCharacters | None) -> LoadResult:
    """What arrived, not what the stick claimed: the content checks out and every photo decodes.
    Returns the copy as loaded."""
    from kiosk.core.photos.cache import check_photos

    report(Progress(VERIFYING, 0, 1))
    copied = load_content(copy, glyphs)
    if not copied.ok:
        problems = tuple(str(p) for p in copied.problems)
        raise InstallError(f"the copy from {source} does not check out (was the stick pulled out?)", problems)
    total = len(copied.photos)
    report(Progress(CHECKING, 0, total))
    photos = check_photos(
        [(f"content.json: {where}.file", path) for where, path in copied.photos],
        on_checked=lambda done: report(Progress(CHECKING, done, total)),
    )
    if photos.problems:
        problems = tuple(f"{where}: {problem}" for where, problem in photos.problems)
        raise InstallError(f"{source} has {len(problems)} photo(s) that cannot be shown", problems)
    return copied


def _moved(loaded: LoadResult, partial_name: Path, final: Path) -> LoadResult:
    """The copy's load result, as if made from where the copy was renamed to (photo paths too)."""
    photos = tuple((where, final / path.relative_to(partial_name)) for where, path in loaded.photos)
    return dataclasses.replace(loaded, folder=final, photos=photos)


def _shown_list(history: object) -> list[str] | None:
    """The contents shown, oldest first, the one shown now last; None when the file holds no such list.
    A history written before (`previous` and `current`) reads as those two."""
    if isinstance(history, dict) and "shown" in history:
        shown = history["shown"]
    elif isinstance(history, dict) and "previous" in history:
        shown = [history["previous"], history.get("current", "")]
    else:
        return None
    if not isinstance(shown, list) or not shown or not all(isinstance(f, str) and "\0" not in f for f in shown):
        return None
    return shown


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and its parents that do not exist yet, outermost first: removed again on a failure."""
    return list(reversed([p for p in (folder, *folder.parents) if not p.exists()]))


def _remove(partial: Path | None, final: Path | None, made: list[Path]) -> None:
    for copy in (partial, final):
        if copy is not None:
            shutil.rmtree(copy, ignore_errors=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _where(exc: OSError) -> str:
    """An OSError in words, with the file it happened to."""
    reason = files.describe(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _size(count: int) -> str:
    """Bytes as staff read them: 2.1 GB, 350.0 MB."""
    if count >= 1024**3:
        return f"{count / 1024**3:,.1f} GB"
    return f"{count / 1024**2:,.1f} MB"
