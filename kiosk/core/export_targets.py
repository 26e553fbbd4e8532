"""Where staff can export visitor insight: USB sticks and other removable drives, then the kiosk's own
exports folder. Each platform says in its own way what is plugged in: Linux lists mounts in
/proc/self/mounts (desktops mount sticks under /media/<user> or /run/media/<user>, people by hand under
/mnt), macOS puts every volume in /Volumes (the startup disk as a link to /), Windows gives drive
letters and a drive type for each. Those facts are read here, or passed in (tests), and only writable
places are offered."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

DRIVE_REMOVABLE = 2  # GetDriveTypeW: a USB stick or a card reader (USB hard disks report 3, fixed)
_MOUNT_ROOTS = ("/media/", "/run/media/", "/mnt/")


def linux_drives(mounts: str) -> list[str]:
    """Mount points below the desktop's and people's usual places, from /proc/self/mounts text."""
    found = []
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        point = _unescape(fields[1])
        if point.startswith(_MOUNT_ROOTS) and point.rstrip("/") not in ("/media", "/run/media", "/mnt"):
            found.append(point)
    return found


def _unescape(field: str) -> str:
    r"""The kernel writes a space in a mount point as \040 (a tab \011, a newline \012, a backslash \134)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mac_drives(volumes: Iterable[tuple[str, bool]]) -> list[str]:
    """(path in /Volumes, whether it is the startup disk) -> the others."""
    return [path for path, startup in volumes if not startup]


def windows_drives(drives: Iterable[tuple[str, int]]) -> list[str]:
    """(root such as "E:\\", GetDriveTypeW's answer) -> removable ones, without the floppy letters."""
    return [root for root, kind in drives if kind == DRIVE_REMOVABLE and root[:1].upper() not in ("A", "B")]


def _read_linux() -> list[str]:
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            return linux_drives(mounts.read())
    except OSError:
        return []


def _read_mac() -> list[str]:
    try:
        entries = sorted(Path("/Volumes").iterdir())
    except OSError:
        return []
    return mac_drives((str(entry), entry.is_symlink() and entry.resolve() == Path("/")) for entry in entries)


def _read_windows() -> list[str]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    roots = [f"{chr(ord('A') + i)}:\\" for i in range(26) if mask & (1 << i)]
    return windows_drives((root, int(kernel32.GetDriveTypeW(root))) for root in roots)


def _writable(path: Path) -> bool:
    return os.path.isdir(path) and os.access(path, os.W_OK)


def removable_drives(
    platform: str | None = None,
    drives: Callable[[], list[str]] | None = None,
    writable: Callable[[Path], bool] = _writable,
) -> list[Path]:
    """Writable removable drives, in the platform's order. `drives` replaces reading the platform's
    facts (tests give each platform's facts without that platform)."""
    if drives is None:
        platform = platform or sys.platform
        drives = _read_windows if platform == "win32" else _read_mac if platform == "darwin" else _read_linux
    found: list[Path] = []
    for place in drives():
        path = Path(place)
        if path not in found and writable(path):
            found.append(path)
    return found


def export_folders(own_exports: Path, drives: list[Path] | None = None) -> list[Path]:
    """Removable drives first (what staff mean by "a USB stick"), then `own_exports`."""
    return [*(removable_drives() if drives is None else drives), own_exports]
