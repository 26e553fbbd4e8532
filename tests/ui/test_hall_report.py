"""`kiosk report` end to end: kiosks visited by touch export through the staff's insight panel, the
exports merge into one hall report, and the real headless Chromium opens the page: every chart image
loads and the page is drawn in the kiosk's colours."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from kiosk.core.insight import InsightStore
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.hall_report import make_report, run_report
from kiosk.ui.theme import Palette
from tests.kiosks import shutdown
from tests.visits import Clocks, build_on, end_by_timeout, tap_on, wait_on

CHROMIUM = "/usr/bin/chromium-headless-shell"  # Debian package chromium-headless-shell
MONDAY_10 = datetime(2026, 11, 30, 10, 0)
CHECK_IMAGES = """<script>
addEventListener("load", () => {
  const broken = [...document.images].filter((image) => !image.complete || image.naturalWidth === 0);
  document.body.dataset.images = document.images.length;
  document.body.dataset.broken = broken.map((image) => image.getAttribute("src")).join(" ") || "none";
});
</script>"""


def _visit_and_export(home: Path, kiosk_id: str, visitors: int, usb: Path, qapp: QApplication) -> Path:
    """A kiosk of its own, `visitors` visits by touch, exported as staff do it: the insight panel's button."""
    clocks = Clocks(MONDAY_10)
    kiosk: Kiosk = build_on(home, clocks, kiosk_id=kiosk_id)
    try:
        tabs = kiosk.window.tab_bar.buttons
        for n in range(visitors):
            tap_on(kiosk, kiosk.pages.views[0])
            wait_on(kiosk, clocks, 10 + 5 * n)
            tap_on(kiosk, tabs[1 + n % (len(tabs) - 1)])
            wait_on(kiosk, clocks, 20)
            tap_on(kiosk, tabs[0])
            end_by_timeout(kiosk, clocks)
            wait_on(kiosk, clocks, 3600)  # the next visitor an hour later
        kiosk.staff.open_insight()
        settle(qapp)
        panel = kiosk.staff.insight_panel
        assert panel is not None
        written = panel.export_to(usb)
        panel.close_overlay()
        assert written is not None
        return written
    finally:
        shutdown(kiosk)


@pytest.fixture
def exports(tmp_path: Path, qapp: QApplication) -> Iterator[list[Path]]:
    usb = tmp_path / "usb"
    usb.mkdir()
    yield [_visit_and_export(tmp_path / name, name, visitors, usb, qapp) for name, visitors in (("hall-a-1", 2), ("hall-a-2", 3))]


def _chromium(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, env=env, check=False)


def test_kiosks_visited_by_touch_make_one_hall_report_chromium_shows(exports: list[Path], tmp_path: Path, qapp: QApplication) -> None:
    import json

    assert [json.loads((e / "export.json").read_text(encoding="utf-8"))["kiosk_id"] for e in exports] == ["hall-a-1", "hall-a-2"]
    out = tmp_path / "report"
    hall, page = make_report(exports, out, Palette(), lambda: datetime(2026, 12, 1, 9, 0))
    assert [k.kiosk_id for k in hall.kiosks] == ["hall-a-1", "hall-a-2"] and hall.visits() == 5 and hall.left_out == []
    assert hall.visits_by_hour()[10:14] == [2, 2, 1, 0]  # a visitor an hour apart at each kiosk, from 10:00
    assert sum(map(sum, hall.kiosks[1].heat())) == 9  # three taps per visit
    images = sorted(p.name for p in out.glob("*.png"))
    charts = ["kiosks-median", "kiosks-visits", "languages", "time-per-pillar", "visits-per-day", "visits-per-hour"]
    assert images == ["heat-1.png", "heat-2.png", *(f"{name}.png" for name in charts)]
    day = QImage(str(out / "visits-per-day.png"))
    assert (day.width(), day.height()) == (2200, 600)  # twice its size on the page
    for name in images:  # drawn, not blank: the chart's colours over the card's
        picture = QImage(str(out / name))
        assert len({picture.pixel(x, y) for x in range(0, picture.width(), 7) for y in range(0, picture.height(), 7)}) >= 3, name
    text = page.read_text(encoding="utf-8")
    assert "Period:</b> 30 Nov 2026 (1 day)" in text and "hall-a-1, hall-a-2" in text
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium-headless-shell)")
    check = out / "check.html"
    check.write_text(text.replace("</body>", CHECK_IMAGES + "</body>"), encoding="utf-8")
    dom = _chromium("--virtual-time-budget=10000", "--dump-dom", check.as_uri(), home=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<body data-images="(\d+)" data-broken="([^"]*)"', dom.stdout)
    assert found is not None, dom.stdout[:2000]
    assert found.groups() == ("8", "none")  # every chart image loaded
    shot = tmp_path / "report.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1280,3000", page.as_uri(), home=tmp_path)
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    picture = QImage(str(shot))
    assert (picture.width(), picture.height()) == (1280, 3000)
    colours = {QColor(picture.pixel(x, y)).name() for x in range(0, 1280, 4) for y in range(0, 1500, 4)}
    palette = Palette()
    assert {palette.background.lower(), palette.surface.lower()} <= colours  # the kiosk's navy page and its cards
    assert any(QColor(c).red() > 200 and 150 < QColor(c).green() < 215 and QColor(c).blue() < 120 for c in colours)  # gold


def test_the_command_says_what_it_left_out_and_fails_only_without_anything_usable(
    exports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(exports[0], broken)
    (broken / "sessions.csv").write_text("who,what\n", encoding="utf-8")
    assert run_report([*exports, broken, tmp_path / "missing"], tmp_path / "ok") == 0
    said = capsys.readouterr()
    assert "hall report: 2 kiosk(s), 5 visits" in said.out
    assert (
        f"left out: {tmp_path / 'missing'}: does not exist" in said.err
        and "sessions.csv has a header this report does not know" in said.err
    )
    assert "kiosk hall-a-1: 2 exports merged" in said.err  # the copy is the same kiosk again
    empty = tmp_path / "empty"
    empty.mkdir()
    InsightStore(tmp_path / "none.db").close()
    store = InsightStore(tmp_path / "none.db")
    nothing = store.export_csv(empty, "quiet")
    store.close()
    assert run_report([nothing, tmp_path / "missing"], tmp_path / "empty-report") == 1
    said = capsys.readouterr()
    assert "nothing usable in the exports given" in said.err
    assert "Left out of this report" in (tmp_path / "empty-report" / "index.html").read_text(encoding="utf-8")  # the page still says why


def test_a_report_that_cannot_be_written_says_why(exports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert run_report(exports, blocked / "report") == 1
    assert f"could not write the report to {blocked / 'report'}" in capsys.readouterr().err
