"""The core must run where Qt does not: check it in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import kiosk.core


def test_core_modules_do_not_import_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(kiosk.core.__path__, "kiosk.core.")]
    assert "kiosk.core.content.formatting" in modules and "kiosk.core.content.loader" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from kiosk.core.content import load_content\n"
        "from kiosk import resources\n"
        "assert load_content(resources.bundled_content_dir()).ok\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph', 'numpy')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
