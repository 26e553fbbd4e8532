"""`python -m kiosk.qa.bench.usb_install`: that it makes the stick it says (photos named by content.json,
the big ones padded, files it does not name) and, run on the smallest stick, goes through the staff
panel's look and install and prints each figure it promises, sane and whole, then leaves no stick or
kiosk folders behind. Its figures are never judged here: machines are noisy."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image

from kiosk.core.content.install import examine
from kiosk.qa.bench.usb_install import make_stick, tiny_jpeg
from tests.process import REPO, kiosk_env

NUMBER = r"[\d,]+(?:\.\d+)?"


def _figure(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in:\n{text}"
    return float(found.group(1).replace(",", ""))


def test_a_tiny_photo_is_a_real_jpeg_of_a_few_hundred_bytes() -> None:
    data = tiny_jpeg()
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (16, 16))
    assert len(data) < 2048


def test_the_stick_names_its_photos_pads_the_big_ones_and_holds_files_it_does_not_name(tmp_path: Path) -> None:
    folder = make_stick(tmp_path / "stick" / "content", 4, big=1, big_bytes=300_000, extra=3)
    candidate = examine(folder)
    assert candidate.ok, candidate.problems
    named = dict(candidate.files)
    photos = [f"photos/stick-0/{i:05d}.jpg" for i in range(4)]
    assert all(p in named for p in photos)
    assert named[photos[0]] == 300_000 and named[photos[1]] == len(tiny_jpeg())
    assert len(list((folder / "not-content").iterdir())) == 3
    assert not any(name.startswith("not-content") for name in named)
    albums = json.loads((folder / "content.json").read_text(encoding="utf-8"))["albums"]
    assert [len(a["photos"]) for a in albums if a["id"] == "stick-0"] == [4]


def test_on_the_smallest_stick_it_prints_every_figure_and_leaves_nothing_behind(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.qa.bench.usb_install",
            "--files",
            "1",
            "--big",
            "1",
            "--big-mb",
            "1",
            "--extra",
            "2",
            "--freeze",
            "look",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env=kiosk_env(tmp_path / "home", TMPDIR=str(scratch)),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "1 photos named by content.json (1 of 1 MB), 1.0 MB, and 2 files it does not name" in out
    assert "gc.freeze() after the look" in out and _figure(r"frozen: (" + NUMBER + r")\)", out) > 0
    assert _figure(r"(" + NUMBER + r") after start-up", out) > 0
    assert _figure(r"look \(look thread[^)]*\): (" + NUMBER + r") s", out) >= 0
    assert _figure(r"copy, fsync, check\): (" + NUMBER + r") s", out) >= 0
    assert _figure(r"s, (" + NUMBER + r") files/s", out) > 0
    assert _figure(r"(" + NUMBER + r") progress texts seen", out) >= 1
    stages = re.findall(rf"^    install ?(\w*): longest UI stall {NUMBER} ms over {NUMBER} ticks", out, re.MULTILINE)
    assert set(stages) - {""} and set(stages) <= {"", "copying", "verifying", "checking"}, out  # each stage the UI thread heard of
    assert _figure(r"pages rebuilt\): (" + NUMBER + r") ms in one go", out) >= 0
    outcome = re.search(r"^  outcome: (.+)$", out, re.MULTILINE)
    assert outcome and outcome.group(1).strip()
    assert not list(scratch.iterdir())  # the stick and the kiosk's folders were in a temporary folder, gone
