"""tools/hall_scale.py: a hall of 20 kiosk data folders fed from one inbox by the pack path, on one machine.
The real `kiosk pack keygen` and `kiosk pack build` make the key and the pack; it is published as Syncthing
does it (a temporary name, then a rename) beside a tampered copy; each kiosk runs the real `kiosk inbox
--once`, a few at a time, then once more. Every kiosk installs the good pack exactly once, none installs
the tampered copy, each home's installed pack is the new one. The time from the publish to all installed
is printed, never judged."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
KIOSKS = 20


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hall_scale", REPO / "tools" / "hall_scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_twenty_kiosks_install_the_published_pack_once_and_refuse_the_tampered_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tool = _tool()
    hall = tool.run(tmp_path, KIOSKS, parallel=4, settle_s=0.5, again=4)  # four run again: a machine of two cores
    with capsys.disabled():
        print("\n" + "\n".join(hall.lines()))  # the figure, for whoever runs it: never judged
    assert len(hall.kiosks) == KIOSKS
    assert [(kiosk.home.name, kiosk.problems()) for kiosk in hall.kiosks if kiosk.problems()] == []
    for kiosk in hall.kiosks:
        assert kiosk.record()["pack_id"] == tool.PACK_ID and kiosk.record()["version"] == tool.VERSION
        assert len(kiosk.copies) == 1  # installed once: one copy, never the tampered one
        metrics = kiosk.metrics()  # as Prometheus reads the file: the pack shown, one installed, the tampered copy refused
        assert metrics[f'lna_kiosk_content_info{{content="{tool.PACK_ID}",source="pack"}}'] == 1.0
        assert metrics['lna_kiosk_pack_refusal{kind="file-mismatch"}'] == 1.0 and metrics["lna_kiosk_up{}"] == 0.0  # not running
        first, *again = kiosk.runs
        assert first[0] == 1 and "refused: tampered.lnapack has content/content.json, which does not match" in first[1]
        assert f"installed hall.lnapack (pack {tool.PACK_ID}, version {tool.VERSION})" in first[1]
        for _code, output in again:
            assert "nothing new to install (pack hall-content version 2 installed)" in output and "installed hall" not in output
    assert sum(len(kiosk.runs) == 2 for kiosk in hall.kiosks) == 4
    assert hall.ok and hall.publish_to_all_s > 0
