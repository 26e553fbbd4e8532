"""Failures injected at each step of a change to files: the Nth call (counted from 0) of the os
functions that open, make, write out, rename or link fails as a full or read-only disk would, so a test
can walk a change through every step it takes and check that each failure leaves everything as it was.
Removal (unlink, rmdir) is never failed: it is how a change cleans up after a failure."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

FAILED = ("open", "mkdir", "replace", "rename", "fsync", "link")


class Faults:
    def __init__(self, fail_at: int, code: int) -> None:
        self.fail_at = fail_at
        self.code = code
        self.calls = 0
        self.fired: str | None = None  # which call failed, if one did

    def wrap(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            n = self.calls
            self.calls += 1
            if n == self.fail_at:
                self.fired = f"os.{name}{args[:2]!r}"
                raise OSError(self.code, os.strerror(self.code), str(args[0]) if args else None)
            return original(*args, **kwargs)

        return call


@contextmanager
def failing_at(monkeypatch: pytest.MonkeyPatch, fail_at: int, code: int) -> Iterator[Faults]:
    faults = Faults(fail_at, code)
    with monkeypatch.context() as patch:
        for name in FAILED:
            patch.setattr(os, name, faults.wrap(name, getattr(os, name)))
        yield faults


def snapshot(*roots: Path) -> dict[str, object]:
    """Every file (its bytes), folder and link under `roots`: what "as it was" means."""
    found: dict[str, object] = {}
    for root in roots:
        if not root.exists():
            continue
        for folder, dirs, names in os.walk(root):
            here = Path(folder)
            for name in dirs + names:
                path = here / name
                key = str(path.relative_to(root.parent))
                if path.is_symlink():
                    found[key] = f"link to {os.readlink(path)}"
                elif path.is_dir():
                    found[key] = "folder"
                elif path.is_file():
                    found[key] = path.read_bytes()
                else:
                    found[key] = "other"
    return found
