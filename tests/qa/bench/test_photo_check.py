"""`kiosk check` on a large album, as a bench: it makes a photo-like album and prints each way of
checking it beside its target, with the verdicts of every run agreeing. Run here on a few photos:
the figures must be there and make sense; how long they take is never judged (machines are noisy)."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from kiosk.qa.bench import photo_check

FIGURE = re.compile(r"^  (?P<label>.+?) +(?P<seconds>\d+\.\d) s  \(load [^)]+\)(?P<detail>.*)  target < 10 s -> (?P<verdict>PASS|FAIL)$")


def test_the_album_is_distinct_photo_like_jpegs_named_by_their_place_in_the_content(tmp_path: Path) -> None:
    files = photo_check.make_album(tmp_path / "photos", 4, size=(160, 120))
    assert [place for place, _ in files] == [f"albums[0].photos[{i}]" for i in range(4)]
    for _, path in files:
        with Image.open(path) as image:
            assert (image.format, image.size, image.mode) == ("JPEG", (160, 120), "RGB")
            assert image.getcolors(1000) is None  # over 1,000 colours: noise, so it compresses like a photo, not a flat fill
    assert len({path.read_bytes() for _, path in files}) == 4  # no two share a cache entry


def test_a_run_prints_every_way_of_checking_beside_its_target() -> None:
    lines = photo_check.run(3)
    assert re.fullmatch(r"kiosk check on 3 photos \(1600x1200 JPEGs, \d+ MB, made in \d+ s\):", lines[0])
    figures = [FIGURE.match(line) for line in lines[1:-1]]
    assert all(figures), lines
    labels = [f["label"] for f in figures if f]
    assert labels == [
        "before (prepared for 320x180, one by one)",
        "check_photos, in this process",
        "check_photos, 1 worker processes, no cache",  # three photos: too few to start worker processes
        "the same, result cache cold",
        "the same, result cache warm (nothing changed)",
    ]
    for figure in figures:
        assert figure is not None
        seconds = float(figure["seconds"])
        if abs(seconds - photo_check.TARGET_S) > 0.05:  # printed rounded: at the target itself it may be either
            assert (figure["verdict"] == "PASS") == (seconds < photo_check.TARGET_S)


def test_the_result_cache_is_cold_then_warm_and_every_run_finds_the_same_problems() -> None:
    lines = photo_check.run(3)
    cold = next(line for line in lines if "result cache cold" in line)
    warm = next(line for line in lines if "result cache warm" in line)
    assert "; 0 from the cache" in cold
    assert "; 3 from the cache" in warm
    assert lines[-1] == "  problems found: 0"
