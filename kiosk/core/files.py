"""The one way the kiosk reads and writes its files.

Reading: every file the kiosk or a command reads (content, locales, photos, settings, the staff PIN and its
lock-out, the opening-hours override, install history, the visitor database, a stick's files) comes in
through `open_regular`, `read_bytes` or `read_json`. Only regular files are read: a FIFO would block the
reader for ever, `/dev/zero` would fill memory (its `st_size` is 0, so a size check before reading says
nothing), and opening some devices has effects of its own, so the kind is checked before the file is
opened and again on the open handle. The byte limit is enforced while reading. Every failure is an
OSError whose `strerror` says in words what is wrong (`describe`), so callers name it and never show a
traceback.

Writing: to a temporary file beside the target, flushed and fsynced, then renamed over the old one, then
the folder fsynced. A power cut or a killed process leaves the old file or the new one, never half of one
(POSIX rename and Windows MoveFileEx with REPLACE_EXISTING are atomic on one volume)."""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1 << 16
# Opening a FIFO with no writer blocks without O_NONBLOCK; a tty must not become our controlling terminal.
# Windows has neither flag but needs O_BINARY.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)

_WORDS = {
    errno.ENOENT: "not found",
    errno.ENOTDIR: "not found (a file stands where a folder should be)",
    errno.EACCES: "no permission to read it",
    errno.EPERM: "not permitted",
    errno.ELOOP: "leads into a loop of links",
    errno.EISDIR: "is a folder, not a file",
    errno.ENAMETOOLONG: "its name is too long for the file system",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EIO: "the disk could not be read (a failing disk, or a stick pulled out?)",
    errno.ENXIO: "the device is not there (a stick pulled out?)",
    errno.ENODEV: "the device is not there (a stick pulled out?)",
    errno.EMFILE: "too many files open in the kiosk",
    errno.ENFILE: "too many files open on this computer",
    errno.EBUSY: "is in use by another program",
    errno.ETXTBSY: "is in use by another program",
    errno.EXDEV: "is on another disk",
}


class FileRefusedError(OSError):
    """A file the kiosk will not read: not a regular file, too large, outside its folder, not JSON it
    accepts. `strerror` is the reason in words."""

    def __init__(self, path: Path | str, reason: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, reason, str(path))


def describe(exc: BaseException) -> str:
    """What went wrong with a file, in words for staff and exhibitors (no errno numbers, no path: the
    caller says which file)."""
    if isinstance(exc, FileRefusedError):
        return str(exc.strerror)
    if isinstance(exc, OSError):
        if exc.errno in _WORDS:
            return _WORDS[exc.errno]
        return f"{exc.strerror or type(exc).__name__}".rstrip(".")
    if isinstance(exc, ValueError) and "null" in str(exc):  # Python refuses a NUL in a path with ValueError
        return "its name contains a NUL character"
    return str(exc) or type(exc).__name__


def _kind(mode: int) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def check_regular(path: Path, *, within: Path | None = None) -> os.stat_result:
    """The stat of `path` (links followed) if it is a regular file, inside `within` when given; raises
    OSError (FileRefusedError for a refusal) naming why not. Nothing is opened."""
    if "\0" in str(path):
        raise FileRefusedError(path, "its name contains a NUL character")
    if within is not None:
        try:
            inside = Path(path).resolve(strict=False).is_relative_to(Path(within).resolve(strict=False))
        except RuntimeError as exc:  # Python < 3.13 reports a loop of links so
            raise FileRefusedError(path, "leads into a loop of links", errno.ELOOP) from exc
        if not inside:
            raise FileRefusedError(path, "leads outside its folder (through a link)", errno.EPERM)
    info = os.stat(path)
    reason = _kind(info.st_mode)
    if reason:
        raise FileRefusedError(path, reason, errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EINVAL)
    return info


def open_regular(path: Path, *, within: Path | None = None) -> BinaryIO:
    """Open a regular file for reading in binary; raises OSError naming why not (see module doc)."""
    check_regular(path, within=within)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        reason = _kind(os.fstat(fd).st_mode)  # replaced between the check and the open
        if reason:
            raise FileRefusedError(path, reason)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, limit: int, *, within: Path | None = None) -> bytes:
    """The whole of a regular file of at most `limit` bytes, counted while reading."""
    with open_regular(path, within=within) as handle:
        return read_limited(handle, limit, path)


def read_limited(handle: BinaryIO, limit: int, path: Path | str = "") -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := handle.read(min(_CHUNK, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise FileRefusedError(path, f"is larger than the limit of {limit:,} bytes", errno.EFBIG)
    return b"".join(chunks)


def read_json(path: Path, limit: int, *, within: Path | None = None) -> object:
    """A JSON document from a regular file of at most `limit` bytes (UTF-8, a BOM allowed). Refuses, as
    FileRefusedError: text that is not UTF-8 or not JSON, nesting hundreds deep, NaN and Infinity, numbers
    too large to hold, and a key given twice in one object (json would silently keep the last)."""
    raw = read_bytes(path, limit, within=within)
    return parse_json(raw, path)


def parse_json(raw: bytes, path: Path | str = "") -> object:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefusedError(path, f"is not UTF-8 (byte {exc.start}); save it as UTF-8") from exc
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError as exc:
        raise FileRefusedError(path, "is nested too deeply (brackets inside brackets, hundreds deep)") from exc
    except json.JSONDecodeError as exc:
        raise FileRefusedError(path, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    except _JsonRefusedError as exc:
        raise FileRefusedError(path, str(exc)) from exc
    except ValueError as exc:  # an integer thousands of digits long
        raise FileRefusedError(path, f"is not usable JSON: {exc}") from exc


class _JsonRefusedError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonRefusedError(f'has the key "{key[:80]}" twice in one object; keep one')
        out[key] = value
    return out


def _no_constant(name: str) -> float:
    raise _JsonRefusedError(f"has {name}, which is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _JsonRefusedError(f"has the number {text[:40]}, too large to hold")
    return value


def write_atomic(path: Path, data: bytes | str | Callable[[BinaryIO], object]) -> None:
    """Replace `path` with `data` (bytes, text written as UTF-8, or a function that writes to the open
    file). The file is readable by this user only (mkstemp's 0600: the PIN's hash among them). Raises
    OSError; the old file is then untouched."""
    import tempfile  # here: nothing is written before the first frame, and it is slow to import

    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    # A unique name: two writers of the same file (photo workers) never share a temporary file.
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        write_synced(fd, data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # The file is replaced now: a folder that cannot be fsynced (some network and FUSE file systems
    # refuse it) must not make the caller report "nothing changed" about a file that did change.
    with contextlib.suppress(OSError):
        sync_folder(folder)


def write_synced(fd: int, data: bytes | str | Callable[[BinaryIO], object]) -> None:
    """Write `data` (as for write_atomic) to the open file `fd`, flush and fsync it, and close it."""
    with os.fdopen(fd, "wb") as handle:
        if callable(data):
            data(handle)
        else:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        handle.flush()
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); Windows cannot open a folder for this and needs nothing."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
