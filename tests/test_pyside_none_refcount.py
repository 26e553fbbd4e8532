"""Regression guard for the PySide6 6.12.0 / Python 3.11 crash (BRIEF section 5): each call of a Qt
method returning void dropped a reference to None, and the interpreter aborted after ~5,000 calls.
pyproject.toml pins around it; this proves the installed build is not affected."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_qt_calls_do_not_drop_references_to_none() -> None:
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range(20_000):
        obj.setObjectName("a" if i % 2 else "b")  # returns void
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references over 20,000 void calls"
