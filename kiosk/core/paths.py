"""Where the kiosk keeps its own files: the platform's folders as platformdirs knows them (XDG on Linux,
AppData on Windows, ~/Library on macOS). KIOSK_HOME puts them all under one folder instead (tests use
it, so nothing touches a real user's settings; so do `kiosk soak` and friends)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import APP_NAME

if TYPE_CHECKING:
    from platformdirs.api import PlatformDirsABC


@dataclass(frozen=True)
class AppPaths:
    config: Path  # settings, staff PIN, opening-hours override
    cache: Path  # prepared photos (safe to delete)
    data: Path  # visitor insight, exports
    logs: Path  # kiosk.log (rotated), crash.log
    runtime: Path  # the single-instance lock; made private when used (see private_folder)

    @property
    def lock(self) -> Path:
        """The single-instance lock: held by the running kiosk (`kiosk stop` asks whether it is)."""
        return self.runtime / "kiosk.lock"

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        return cls(root / "config", root / "cache", root / "data", root / "logs", root / "run")

    @classmethod
    def for_platform(cls, platform: str | None = None) -> AppPaths:
        """`platform` as sys.platform names it (tests pass another to check its rules)."""
        home = os.environ.get("KIOSK_HOME")
        if home:
            return cls.under(Path(home))
        platform = platform or sys.platform
        if platform == "win32":
            from platformdirs.windows import Windows

            windows = Windows(APP_NAME, appauthor=False)
            return cls(
                Path(windows.user_config_dir),
                Path(windows.user_cache_dir),
                Path(windows.user_data_dir),
                Path(windows.user_log_dir),
                Path(windows.user_runtime_dir),
            )
        if platform == "darwin":
            from platformdirs.macos import MacOS

            dirs: PlatformDirsABC = MacOS(APP_NAME)
        else:
            from platformdirs.unix import Unix

            dirs = Unix(APP_NAME)
        cache = Path(dirs.user_cache_dir)
        # Not platformdirs' user_runtime_dir: without XDG_RUNTIME_DIR it falls back to a shared /tmp
        # folder, creating it and warning as it is merely asked. A folder in the user's own cache
        # cannot be taken over by another user; private_folder checks whichever is used.
        xdg_runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        runtime = Path(xdg_runtime) / APP_NAME if os.path.isabs(xdg_runtime) else cache / "run"
        return cls(Path(dirs.user_config_dir), cache, Path(dirs.user_data_dir), Path(dirs.user_log_dir), runtime)


class UnsafeFolderError(OSError):
    pass


def private_folder(path: Path) -> Path:
    """Make `path` (and its parents) if needed, and make sure only this user can use it: a real folder,
    not a link, owned by this user, mode 0700. Raises UnsafeFolderError when another user owns it.
    On Windows the user's AppData is already private; the folder is only made."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name != "posix":
        return path
    info = path.lstat()
    if not os.path.isdir(path) or os.path.islink(path):
        raise UnsafeFolderError(f"{path} is not a folder of its own (a link or a file); refusing to use it")
    if info.st_uid != os.getuid():
        raise UnsafeFolderError(f"{path} belongs to user id {info.st_uid}, not to this user ({os.getuid()}); refusing to use it")
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path
