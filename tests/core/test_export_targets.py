"""Where staff can export: writable removable drives first, the kiosk's own folder last, found by each
platform's own facts, given here as the platform would give them (no root, no stick, no Windows)."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

from kiosk.core.export_targets import export_folders, linux_drives, mac_drives, removable_drives, windows_drives

PROC_MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
/dev/sda1 /media/kiosk/HALL\\040USB vfat rw,nosuid,nodev,uid=1000 0 0
/dev/sdb1 /run/media/staff/EXPORTS exfat rw,nosuid,nodev 0 0
/dev/sdc1 /mnt/usb vfat rw 0 0
/dev/sdd1 /mnt ext4 rw 0 0
"""


def test_linux_sticks_come_from_the_mount_table() -> None:
    assert linux_drives(PROC_MOUNTS) == ["/media/kiosk/HALL USB", "/run/media/staff/EXPORTS", "/mnt/usb"]


def test_macos_volumes_without_the_startup_disk() -> None:
    volumes = [("/Volumes/Macintosh HD", True), ("/Volumes/HALL USB", False)]
    assert mac_drives(volumes) == ["/Volumes/HALL USB"]


def test_windows_removable_drive_letters() -> None:
    # GetLogicalDrives/GetDriveTypeW as Windows reports them: C: fixed, D: a DVD, E: and F: sticks,
    # A: a floppy drive (removable, but never an export target), Z: a network share.
    drives = [("A:\\", 2), ("C:\\", 3), ("D:\\", 5), ("E:\\", 2), ("F:\\", 2), ("Z:\\", 4)]
    found = windows_drives(drives)
    assert found == ["E:\\", "F:\\"]
    assert [PureWindowsPath(root).drive for root in found] == ["E:", "F:"]


def test_only_writable_drives_are_offered_in_order(tmp_path: Path) -> None:
    read_only = {"F:\\"}
    found = removable_drives(drives=lambda: ["E:\\", "F:\\", "E:\\"], writable=lambda path: str(path) not in read_only)
    assert [str(p) for p in found] == ["E:\\"]


def test_the_kiosk_s_own_folder_comes_last(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    assert export_folders(tmp_path / "exports", [stick]) == [stick, tmp_path / "exports"]
    assert export_folders(tmp_path / "exports", []) == [tmp_path / "exports"]


def test_reading_this_machine_never_raises() -> None:
    """Whatever this machine has mounted, the answer is a list of writable folders."""
    assert all(isinstance(p, Path) for p in removable_drives())
