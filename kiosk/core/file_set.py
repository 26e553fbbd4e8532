"""Several files replaced together or not at all: the content setting with the install history, new
photos with the content.json that lists them.

Everything that can fail for want of space or permission happens first: each new file is written in
full beside its target and fsynced, and the file it replaces is kept under a second name (a hard link,
which needs no space). Only then are the new files renamed into place, one after another; should one
rename fail, those already made are undone from the kept files. A caller therefore sees either every
file replaced or every file as it was, whatever fails in between; a power cut during the renames can
leave some renamed (each file is still whole, never half written)."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from kiosk.core.files import FileRefusedError, check_regular, sync_folder, write_synced

Data = bytes | str | Callable[[BinaryIO], object]


@dataclass
class _Staged:
    path: Path
    temporary: Path
    kept: Path | None  # the file it replaces, under another name; None when there was none


class FileSet:
    """Stage files with `stage`, then `commit`; leaving the `with` block without a commit (or after a
    failed one) removes whatever was staged. Every failure is an OSError (files.describe words it)."""

    def __init__(self) -> None:
        self._staged: list[_Staged] = []
        self._made: list[Path] = []  # folders made for new files, outermost first
        self._committed = False

    def __enter__(self) -> FileSet:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not self._committed:
            self.discard()

    def stage(self, path: Path, data: Data, *, mode: int | None = None) -> None:
        """Write `data` (bytes, text as UTF-8, or a function writing to the open file) beside `path`.
        `mode`: its permissions (None: mkstemp's 0600, this user's only). Raises OSError; what is already
        there must be a regular file (never a folder or a device)."""
        try:
            exists = os.path.lexists(path)
        except ValueError as exc:  # a NUL in the name
            raise FileRefusedError(path, "its name contains a NUL character") from exc
        if exists:
            with contextlib.suppress(FileNotFoundError):  # a link leading nowhere: replaced like a missing file
                check_regular(path)
        self._make_folders(path.parent)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        temporary = Path(name)
        item = _Staged(path, temporary, None)
        self._staged.append(item)  # from here on, discard() removes it
        if mode is not None:
            os.chmod(temporary, mode)  # before the rename: never in place with the wrong permissions
        write_synced(fd, data)
        if exists:
            item.kept = self._keep(path)

    def commit(self) -> None:
        """Rename every staged file into place, in the order staged; on a failure, undo the renames
        already made and raise."""
        done: list[_Staged] = []
        try:
            for item in self._staged:
                os.replace(item.temporary, item.path)
                done.append(item)
        except BaseException:
            try:
                self._undo(done)
            finally:
                self.discard()
            raise
        self._committed = True
        for item in self._staged:
            if item.kept is not None:
                with contextlib.suppress(OSError):
                    item.kept.unlink()
        for folder in dict.fromkeys(item.path.parent for item in self._staged):
            with contextlib.suppress(OSError):  # the renames are made; only their durability is at stake
                sync_folder(folder)

    def discard(self) -> None:
        """Remove what was staged and the folders made for it (the targets are untouched)."""
        for item in self._staged:
            for leftover in (item.temporary, item.kept):
                if leftover is not None:
                    with contextlib.suppress(OSError):
                        leftover.unlink()
        self._staged = []
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty
        self._made = []

    def _make_folders(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for made in reversed(missing):
            made.mkdir()
            self._made.append(made)

    def _keep(self, path: Path) -> Path:
        """The file now at `path`, under a hidden name beside it: a hard link where the file system has
        them (no space needed, and the file comes back as it was), else a copy."""
        for _ in range(100):
            kept = path.with_name(f".{path.name}.{secrets.token_hex(4)}.kept")
            try:
                os.link(path, kept, follow_symlinks=False)
                return kept
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV, errno.EACCES):
                    raise
            try:
                shutil.copy2(path, kept, follow_symlinks=False)
            except FileExistsError:
                continue
            except BaseException:
                with contextlib.suppress(OSError):
                    kept.unlink()
                raise
            return kept
        raise FileExistsError(errno.EEXIST, "could not find a free name beside it", str(path))

    @staticmethod
    def _undo(done: list[_Staged]) -> None:
        for item in reversed(done):
            try:
                if item.kept is not None:
                    os.replace(item.kept, item.path)
                    item.kept = None
                else:
                    item.path.unlink()
            except OSError as exc:  # the disk went away between two renames: say which file is off
                raise OSError(exc.errno, f"{exc.strerror}; {item.path} could not be put back as it was", str(item.path)) from exc
