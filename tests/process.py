"""Running the real program in a subprocess, as an exhibitor or a service manager would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_kiosk(*args: str, env_home: Path, timeout: float = 120, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_HOME": str(env_home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
