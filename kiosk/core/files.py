"""The one way the kiosk writes a file: to a temporary file beside it, flushed and fsynced, then renamed
over the old one, then the folder fsynced. A power cut or a killed process leaves the old file or the
new one, never half of one (POSIX rename and Windows MoveFileEx with REPLACE_EXISTING are atomic on
one volume). Settings, the staff PIN and its lock-out, the opening-hours override and prepared photos
all go through here."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


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
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); Windows cannot open a folder for this and needs nothing."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
