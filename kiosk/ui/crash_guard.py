"""An exception in any slot or event handler must not leave a visitor in a broken view: it is logged
with its traceback, and the kiosk goes back to its home view. (PySide prints and swallows exceptions
raised in slots; this hook makes them visible to staff and recoverable for visitors.)"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QTimer

log = logging.getLogger("kiosk.crash")


class CrashGuard:
    def __init__(self, recover: Callable[[], None]) -> None:
        self._recover = recover
        self._previous = sys.excepthook
        self.count = 0
        sys.excepthook = self._hook

    def _hook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, (KeyboardInterrupt, SystemExit)):
            self._previous(kind, value, tb)
            return
        self.count += 1
        log.error("unhandled %s: %s\n%s", kind.__name__, value, "".join(traceback.format_tb(tb)).rstrip())
        QTimer.singleShot(0, self._safe_recover)

    def _safe_recover(self) -> None:
        try:
            self._recover()
        except Exception:  # recovering must never be what brings the kiosk down
            log.exception("could not return to the home view after an error")

    def uninstall(self) -> None:
        if sys.excepthook == self._hook:
            sys.excepthook = self._previous
