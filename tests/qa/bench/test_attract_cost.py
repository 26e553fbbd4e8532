"""`kiosk bench attract`: that it measures the bare window, the kiosk's loop and the kiosk at rest on a
real X server, and prints each figure with the load. Its figures are never judged here: machines are
noisy, and a few seconds say nothing about three minutes."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from kiosk.cli import build_parser
from kiosk.qa.bench import attract_cost


def test_bench_attract_is_a_choice_of_kiosk_bench() -> None:
    args = build_parser().parse_args(["bench", "attract", "--seconds", "5", "--size", "1280x720", "--repeats", "2"])
    assert (args.what, args.seconds, args.size, args.repeats) == ("attract", 5.0, [(1280, 720)], 2)


def test_a_short_run_prints_every_figure_beside_the_bare_window() -> None:
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb (apt-get install xvfb)")
    text = attract_cost.run(((1280, 720),), repeats=1, seconds=2, immediate=True)  # the loop from the start: no idle wait
    lines = text.splitlines()
    assert lines[0].startswith("load average") and lines[-1].startswith("load average")
    assert "attract loop cost at 1280x720 on Xvfb, 2 s windows" in text
    labels = ("bare PySide6 fullscreen window", "kiosk attract loop", "kiosk resting on its home page")
    rows = {label: line for label in labels for line in lines if label in line}
    assert len(rows) == 3, text
    for label, line in rows.items():
        figures = re.findall(r"(\d+\.\d)%?", line.split(label, 1)[1])
        assert len(figures) == 3, line  # CPU %, frames/s, Mpx/s
        assert all(float(f) >= 0 for f in figures)


def test_cpu_seconds_reads_this_process() -> None:
    before = attract_cost.cpu_seconds(os.getpid())
    sum(i * i for i in range(200_000))  # some work of its own
    assert attract_cost.cpu_seconds(os.getpid()) >= before >= 0
