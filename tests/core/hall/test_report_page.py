"""The hall report's page: self-contained, no script, no network, everything named escaped."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from kiosk.core.hall.report import Export, Hall, Kiosk
from kiosk.core.hall.report_page import Figure, period_text, render, write_page

COLOURS = dict.fromkeys(
    ("background", "text", "text_muted", "text_faint", "gold", "surface", "surface_raised", "warning", "link"), "#123456"
)


def _hall() -> Hall:
    kiosk = Kiosk("<b>west</b>")
    kiosk.take(Export(Path("/usb/lna-kiosk-insight-20261130-100000"), "<b>west</b>", True, ""))
    kiosk.sessions[1] = ("1", "2026-11-30T10:00:00", "2026-11-30T10:01:00", "60.0", "zh", "0")
    return Hall([kiosk], ["/usb/gone: does not exist; left out"], ["a note & more"], [Path("/usb/a"), Path("/usb/gone")])


def test_the_page_is_self_contained_and_names_what_was_left_out(tmp_path: Path) -> None:
    figures = {"visits-per-day": Figure("visits-per-day.png", 1100, 300, 'Visits per day: "2026-11-30" 1')}
    page = render(_hall(), figures, COLOURS, datetime(2026, 12, 1, 9, 30), ["sessions.csv"])
    assert "<script" not in page.lower() and not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "<b>&lt;b&gt;west&lt;/b&gt;</b> (named by its folder)" in page and "<b>west</b>" not in page
    assert "Left out of this report" in page and "/usb/gone: does not exist; left out" in page
    assert "a note &amp; more" in page
    assert '<img src="visits-per-day.png" width="1100" height="300" alt="Visits per day: &quot;2026-11-30&quot; 1"' in page
    assert "no visits recorded in detail" in page  # a chart not drawn is said in words
    assert "30 Nov 2026 (1 day)" in page and "Made 2026-12-01 09:30 from 2 export(s)" in page
    written = write_page(tmp_path, page)
    assert written.read_text(encoding="utf-8") == page
    assert written.stat().st_mode & 0o777 == 0o644  # readable by whoever the manager shares it with


def test_period_text() -> None:
    assert period_text(None) == "no days recorded"
    assert period_text((date(2026, 11, 28), date(2026, 12, 4))) == "28 Nov 2026 – 4 Dec 2026 (7 days)"
