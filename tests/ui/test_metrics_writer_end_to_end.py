"""Through the real door: `python -m kiosk config metrics_dir DIR`, then the real `python -m kiosk`
(offscreen, its own KIOSK_HOME) writes the file by itself; a stop signal leaves `lna_kiosk_up 0`, and the
next run says how the one before ended (stopped, then killed)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.core.hall.metrics import METRICS_FILE
from tests.process import REPO, kiosk_env, run_kiosk, stop, wait_until

START_S = 120  # generous: judged on behaviour, never on speed
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _figures(path: Path) -> dict[str, dict[str, str | float]]:
    """name -> its sample's labels and value (the metrics with one sample), {} while there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    found: dict[str, dict[str, str | float]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[sample.name] = {**sample.labels, "value": sample.value}
    return found


def _written(path: Path, **expect: str | float) -> dict[str, dict[str, str | float]]:
    """The file once it holds a run with these figures: `up=1` for lna_kiosk_up's value, `reason=...`
    for lna_kiosk_start_reason's label."""

    def matches() -> bool:
        found = _figures(path)
        if "lna_kiosk_up" not in found:
            return False
        up_ok = "up" not in expect or found["lna_kiosk_up"]["value"] == expect["up"]
        reason_ok = "reason" not in expect or found["lna_kiosk_start_reason"]["reason"] == expect["reason"]
        return up_ok and reason_ok

    wait_until(matches, START_S, f"{path} with {expect}")
    return _figures(path)


def _start(home: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "kiosk"], cwd=REPO, env=kiosk_env(home), stdout=out, stderr=subprocess.STDOUT)


@posix_only
def test_the_real_kiosk_writes_its_metrics_and_the_next_run_knows_how_the_last_ended(tmp_path: Path) -> None:
    home, folder, log = tmp_path / "home", tmp_path / "textfile", tmp_path / "kiosk-output.txt"
    folder.mkdir()
    for name, value in (("metrics_dir", str(folder)), ("kiosk_id", "door-test")):
        done = run_kiosk("config", name, value, env_home=home)
        assert done.returncode == 0, done.stdout + done.stderr
    target = folder / METRICS_FILE

    kiosk = _start(home, log)
    try:
        first = _written(target, up=1.0, reason="first_start")
        assert first["lna_kiosk_up"]["kiosk"] == "door-test"
        assert first["lna_kiosk_content_info"]["content"] == "bundled"
        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(60) == 0
    finally:
        stop(kiosk)
    last = _figures(target)
    assert last["lna_kiosk_up"]["value"] == 0 and last["lna_kiosk_stop_reason"]["reason"] == "stopped"

    kiosk = _start(home, log)
    try:
        second = _written(target, up=1.0, reason="stopped")
        assert second["lna_kiosk_start_time_seconds"]["value"] > first["lna_kiosk_start_time_seconds"]["value"]  # type: ignore[operator]
        kiosk.kill()  # no clean end: the next run reads that it was killed
        kiosk.wait(60)
    finally:
        stop(kiosk)

    kiosk = _start(home, log)
    try:
        _written(target, up=1.0, reason="killed")
    finally:
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(60)
        stop(kiosk)
    assert list(folder.iterdir()) == [target]  # no temporary file left behind
