"""Where the kiosk keeps its own files on each platform. KIOSK_HOME puts them all under one folder
(tests use it so nothing touches a real user's settings)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk import APP_NAME


@dataclass(frozen=True)
class AppPaths:
    config: Path
    cache: Path
    data: Path
    logs: Path
    runtime: Path

    @classmethod
    def for_platform(cls, environ: dict[str, str] | None = None) -> AppPaths:
        env = dict(os.environ if environ is None else environ)
        home = env.get("KIOSK_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "cache", root / "data", root / "logs", root / "run")
        user = Path.home()
        if sys.platform == "win32":
            local = Path(env.get("LOCALAPPDATA", user / "AppData" / "Local")) / APP_NAME
            roaming = Path(env.get("APPDATA", user / "AppData" / "Roaming")) / APP_NAME
            return cls(roaming, local / "cache", local / "data", local / "logs", local / "run")
        if sys.platform == "darwin":
            lib = user / "Library"
            return cls(
                lib / "Preferences" / APP_NAME,
                lib / "Caches" / APP_NAME,
                lib / "Application Support" / APP_NAME,
                lib / "Logs" / APP_NAME,
                lib / "Caches" / APP_NAME / "run",
            )

        def xdg(var: str, default: Path) -> Path:
            return Path(env.get(var) or default) / APP_NAME

        if env.get("XDG_RUNTIME_DIR"):
            runtime = Path(env["XDG_RUNTIME_DIR"]) / APP_NAME
        else:
            import tempfile  # here: the running kiosk seldom needs it, and it is slow to import

            runtime = Path(tempfile.gettempdir()) / f"{APP_NAME}-{os.getuid()}"
        return cls(
            xdg("XDG_CONFIG_HOME", user / ".config"),
            xdg("XDG_CACHE_HOME", user / ".cache"),
            xdg("XDG_DATA_HOME", user / ".local" / "share"),
            xdg("XDG_STATE_HOME", user / ".local" / "state") / "logs",
            runtime,
        )
