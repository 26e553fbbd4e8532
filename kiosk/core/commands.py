"""External commands (xset for the screen saver and display power) run on one worker thread with a
timeout, never on the thread that paints: an X server that hangs must not freeze the kiosk. Failures
and timeouts are logged for staff, not raised."""

from __future__ import annotations

import logging
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)
TIMEOUT_S = 5.0


class CommandRunner:
    def __init__(self, timeout_s: float = TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self._executor: ThreadPoolExecutor | None = None  # one thread, started on the first command

    def run(self, command: list[str]) -> Future[int | None]:
        """Start `command`; the future gives its exit status, or None when it could not run or timed out.
        Commands run one after another, in the order given."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="command")
        return self._executor.submit(self._run, command)

    def _run(self, command: list[str]) -> int | None:
        try:
            result = subprocess.run(command, check=False, capture_output=True, timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            log.warning("%s did not finish within %.0f s; carrying on without it", " ".join(command), self.timeout_s)
            return None
        except OSError as exc:
            log.warning("%s could not run: %s", " ".join(command), exc.strerror or exc)
            return None
        if result.returncode:
            detail = result.stderr.decode(errors="replace").strip()[:200]
            log.warning("%s failed (exit status %d)%s", " ".join(command), result.returncode, f": {detail}" if detail else "")
        return result.returncode

    def shutdown(self) -> None:
        """Wait for what was started (each is bounded by the timeout)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
