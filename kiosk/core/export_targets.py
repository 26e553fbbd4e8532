"""Where staff can export visitor insight: USB sticks and other removable drives mounted by the
desktop or by hand, then the kiosk's own exports folder. Writable places only."""

from __future__ import annotations

import getpass
import os
from pathlib import Path


def removable_drives(roots: list[Path] | None = None) -> list[Path]:
    """Mounted, writable folders under the usual mount roots (Linux desktop, hand mounts, macOS)."""
    if roots is None:
        user = getpass.getuser()
        roots = [Path("/media") / user, Path("/run/media") / user, Path("/media"), Path("/mnt"), Path("/Volumes")]
    found: list[Path] = []
    for root in roots:
        try:
            entries = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError:
            continue
        for entry in entries:
            if entry in found or entry in roots:
                continue
            if os.path.ismount(entry) and os.access(entry, os.W_OK):
                found.append(entry)
    return found


def export_folders(own_exports: Path, roots: list[Path] | None = None) -> list[Path]:
    """Removable drives first (what staff mean by "a USB stick"), then `own_exports`."""
    return [*removable_drives(roots), own_exports]
