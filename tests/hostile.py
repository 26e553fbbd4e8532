"""Files that are not what they claim to be, as a tampered folder or a hostile USB stick holds them.
`make_hostile(path, kind)` puts one at `path`; every reader of a file is tested against each kind."""

from __future__ import annotations

import os
from pathlib import Path

# mode 000 is left out when tests run as root (CI does): root reads it anyway. tests/core/test_files.py
# reads one as an unprivileged user instead.
KINDS = ("fifo", "dev-zero", "dev-null", "directory", "link-loop", "huge", "empty", "mode-000")
HUGE_BYTES = 64 * 1024 * 1024  # sparse: costs no disk
# How kiosk.core.files names each kind, whichever file it is; "huge" and "empty" depend on the reader
# (its limit, and whether an empty file is its own reason or bad JSON), so each test adds those.
KIND_REASONS = {
    "fifo": "is a pipe (FIFO), not a file",
    "dev-zero": "is a device, not a file",
    "dev-null": "is a device, not a file",
    "directory": "is a folder, not a file",
    "link-loop": "leads into a loop of links",
    "mode-000": "no permission to read it",
}


def kinds() -> tuple[str, ...]:
    return tuple(k for k in KINDS if k != "mode-000" or os.geteuid() != 0)


def make_hostile(path: Path, kind: str) -> None:
    """Replace whatever is at `path` with a hostile `kind` of file."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        import shutil

        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dev-null":
        path.symlink_to("/dev/null")
    elif kind == "directory":
        path.mkdir()
    elif kind == "link-loop":
        loop = path.with_name(path.name + ".loop")
        loop.unlink(missing_ok=True)
        loop.symlink_to(path.name)
        path.symlink_to(loop.name)
    elif kind == "huge":
        with path.open("wb") as handle:
            handle.truncate(HUGE_BYTES)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "mode-000":
        path.write_text("{}", encoding="utf-8")
        path.chmod(0)
    else:
        raise ValueError(kind)


# What each kind is called, with the content folder given as `within` (a link to a device leads out of it).
PHOTO_REASONS = {
    **KIND_REASONS,
    "dev-zero": "leads outside its folder (through a link)",
    "dev-null": "leads outside its folder (through a link)",
    "huge": "not an image this kiosk reads: it is nothing but zero bytes at its start (a copy that did not finish?)",
    "empty": "the file is empty",
    "mode-000": "no permission to read it",
}
