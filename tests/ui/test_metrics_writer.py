"""The running kiosk's metrics file, from real taps on a real kiosk (offscreen) on a simulated clock: the
figures the visitors made, the setting followed live, a folder that refuses writes, the last file of a
clean stop, and nothing personal in it."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.hall.metrics import BY_NAME, METRICS_FILE, SAMPLE_NAMES
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from tests.kiosks import shutdown
from tests.visits import Clocks, build_on, end_by_timeout, tap_on, wait_on

MONDAY_10 = datetime(2026, 11, 30, 10, 0)


@pytest.fixture
def clocks() -> Clocks:
    return Clocks(MONDAY_10)


@pytest.fixture
def metrics_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "textfile"
    folder.mkdir()
    return folder


@pytest.fixture
def kiosk(own_home: Path, clocks: Clocks, metrics_dir: Path) -> Iterator[Kiosk]:
    built = build_on(own_home, clocks, metrics_dir=str(metrics_dir), kiosk_id="hall-7")
    yield built
    shutdown(built)


def figures(folder: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the file, by name and labels (without `kiosk`, checked to be hall-7)."""
    found: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families((folder / METRICS_FILE).read_text(encoding="utf-8")):
        for sample in family.samples:
            assert sample.labels.pop("kiosk") == "hall-7"
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def one(found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return found[(name, tuple(sorted(labels.items())))]


def test_the_file_carries_what_visitors_did(kiosk: Kiosk, clocks: Clocks, metrics_dir: Path) -> None:
    tabs, pages = kiosk.window.tab_bar.buttons, [p.id for p in kiosk.window.dataset.pages]
    wait_on(kiosk, clocks, 5)
    tap_on(kiosk, kiosk.pages.views[0])  # the first touch starts the visit
    tap_on(kiosk, tabs[1])
    wait_on(kiosk, clocks, 20)
    tap_on(kiosk, tabs[3])
    tap_on(kiosk, tabs[1])
    wait_on(kiosk, clocks, 7)
    assert kiosk.metrics.write_now()
    found = figures(metrics_dir)
    assert one(found, "lna_kiosk_up") == 1
    assert one(found, "lna_kiosk_page_views_total", pillar=pages[1]) == 2
    assert one(found, "lna_kiosk_page_views_total", pillar=pages[3]) == 1
    assert one(found, "lna_kiosk_visits_today") == 1
    assert one(found, "lna_kiosk_taps_today") == 4
    assert one(found, "lna_kiosk_pillar_seconds_today", pillar=pages[1]) == pytest.approx(20)
    assert one(found, "lna_kiosk_last_touch_age_seconds") == pytest.approx(7)
    assert one(found, "lna_kiosk_uptime_seconds") == pytest.approx(32)
    assert one(found, "lna_kiosk_heartbeat_timestamp_seconds") == pytest.approx(MONDAY_10.timestamp() + 32)
    assert one(found, "lna_kiosk_start_time_seconds") == pytest.approx(MONDAY_10.timestamp())
    assert one(found, "lna_kiosk_mode", mode="interactive") == 1
    assert one(found, "lna_kiosk_open") == 1
    assert one(found, "lna_kiosk_content_info", content="bundled", source="bundled") == 1
    assert one(found, "lna_kiosk_content_as_asked") == 1
    assert one(found, "lna_kiosk_start_reason", reason="first_start") == 1
    assert one(found, "lna_kiosk_resident_memory_bytes") > 10_000_000
    assert one(found, "lna_kiosk_frames_painted_total") >= 1
    end_by_timeout(kiosk, clocks)  # the visit ends: page changes without a visitor are not views
    kiosk.navigation.show_page(2)
    assert kiosk.metrics.write_now()
    assert (("lna_kiosk_page_views_total", (("pillar", pages[2]),))) not in figures(metrics_dir)


def test_it_writes_by_itself_soon_after_the_start(kiosk: Kiosk, metrics_dir: Path, qtbot: QtBot) -> None:
    assert kiosk.metrics.timer.isActive() and kiosk.metrics.timer.interval() == 30_000
    qtbot.waitUntil(lambda: (metrics_dir / METRICS_FILE).is_file(), timeout=30_000)
    assert kiosk.metrics.writes >= 1


def test_frames_painted_and_warnings_logged_are_counted(
    kiosk: Kiosk, clocks: Clocks, metrics_dir: Path, qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    assert kiosk.metrics.write_now()
    before = figures(metrics_dir)
    tap_on(kiosk, kiosk.pages.views[0])
    tap_on(kiosk, kiosk.window.tab_bar.buttons[2])
    settle(qapp)
    logging.getLogger("kiosk.test").warning("a warning for the count")
    logging.getLogger("kiosk.test").error("an error for the count")
    assert kiosk.metrics.write_now()
    after = figures(metrics_dir)
    assert one(after, "lna_kiosk_frames_painted_total") > one(before, "lna_kiosk_frames_painted_total")
    for level in ("warning", "error"):
        assert one(after, "lna_kiosk_log_messages_total", level=level) == one(before, "lna_kiosk_log_messages_total", level=level) + 1
    assert "a warning for the count" in caplog.text


def test_the_setting_is_followed_live(kiosk: Kiosk, metrics_dir: Path, tmp_path: Path) -> None:
    assert kiosk.metrics.write_now()
    kiosk.settings.change("metrics_dir", "", save=False)
    assert not (metrics_dir / METRICS_FILE).exists()  # off: the exporter stops serving stale figures
    assert not kiosk.metrics.timer.isActive() and not kiosk.metrics.write_now()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    kiosk.settings.change("metrics_dir", str(elsewhere), save=False)
    kiosk.settings.change("kiosk_id", "hall-7", save=False)
    assert kiosk.metrics.timer.isActive() and kiosk.metrics.write_now()
    assert (elsewhere / METRICS_FILE).is_file()
    kiosk.settings.change("metrics_dir", str(metrics_dir), save=False)
    assert not (elsewhere / METRICS_FILE).exists()


def test_a_folder_that_refuses_is_logged_once_and_tried_again(kiosk: Kiosk, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "not-yet"
    kiosk.settings.change("metrics_dir", str(missing), save=False)
    with caplog.at_level(logging.INFO, logger="kiosk.ui.metrics_writer"):
        assert not kiosk.metrics.write_now()
        assert not kiosk.metrics.write_now()
        missing.mkdir()
        assert kiosk.metrics.write_now()
    said = [r.getMessage() for r in caplog.records if r.name == "kiosk.ui.metrics_writer"]
    assert sum("metrics not written" in s for s in said) == 1
    assert any("written again" in s for s in said)
    assert (missing / METRICS_FILE).is_file()


def test_a_clean_stop_leaves_up_0_and_the_next_start_knows_why(own_home: Path, clocks: Clocks, metrics_dir: Path) -> None:
    built = build_on(own_home, clocks, metrics_dir=str(metrics_dir), kiosk_id="hall-7")
    built.metrics.stop(69)  # as staff quitting for maintenance ends it
    found = figures(metrics_dir)
    assert one(found, "lna_kiosk_up") == 0
    assert one(found, "lna_kiosk_stop_reason", reason="maintenance") == 1
    shutdown(built)  # stops once: the file still says maintenance
    assert one(figures(metrics_dir), "lna_kiosk_stop_reason", reason="maintenance") == 1
    again = build_on(own_home, clocks, metrics_dir=str(metrics_dir), kiosk_id="hall-7")
    try:
        assert again.metrics.write_now()
        assert one(figures(metrics_dir), "lna_kiosk_start_reason", reason="maintenance") == 1
    finally:
        shutdown(again)


def test_the_content_shown_is_named_by_its_folder_and_a_hook_can_name_a_pack(
    own_home: Path, clocks: Clocks, metrics_dir: Path, content_copy: Path, tmp_path: Path
) -> None:
    private = tmp_path / "home" / "alice-private" / "hall-content"
    private.parent.mkdir(parents=True)
    shutil.move(content_copy, private)
    built = build_on(own_home, clocks, metrics_dir=str(metrics_dir), kiosk_id="hall-7", content=str(private))
    try:
        assert built.metrics.write_now()
        text = (metrics_dir / METRICS_FILE).read_text(encoding="utf-8")
        assert one(figures(metrics_dir), "lna_kiosk_content_info", content="hall-content", source="folder") == 1
        assert "alice-private" not in text and str(tmp_path) not in text
        from kiosk.core.hall.metrics import ContentShown

        built.metrics.content_shown = lambda: ContentShown("spring-2027", "pack", as_asked=False, problems=2)
        assert built.metrics.write_now()
        found = figures(metrics_dir)
        assert one(found, "lna_kiosk_content_info", content="spring-2027", source="pack") == 1
        assert (one(found, "lna_kiosk_content_as_asked"), one(found, "lna_kiosk_content_problems")) == (0, 2)
    finally:
        shutdown(built)


def test_no_personal_data_only_the_declared_label_sets(kiosk: Kiosk, clocks: Clocks, metrics_dir: Path) -> None:
    """Whatever visitors do, the file holds the declared metrics and label names; the only label values
    are the kiosk id, the content's page ids, the modes, the levels and the kiosk's own version facts."""
    window = kiosk.window
    for button in [*window.tab_bar.buttons, window.language_toggle.buttons["en"], *window.tab_bar.buttons]:
        tap_on(kiosk, button)
        wait_on(kiosk, clocks, 3)
    assert kiosk.metrics.write_now()
    page_ids = {p.id for p in window.dataset.pages}
    allowed_values = {
        "pillar": page_ids,
        "mode": {"interactive", "attract_only", "guided", "maintenance"},
        "level": {"warning", "error"},
        "reason": {"first_start"},
        "content": {"bundled"},
        "source": {"bundled"},
    }
    for family in text_string_to_metric_families((metrics_dir / METRICS_FILE).read_text(encoding="utf-8")):
        declared = BY_NAME[family.name]
        for sample in family.samples:
            assert sample.name in SAMPLE_NAMES
            assert set(sample.labels) == {"kiosk", *declared.labels}
            assert sample.labels["kiosk"] == "hall-7"
            for name, value in sample.labels.items():
                if name in allowed_values:
                    assert value in allowed_values[name], (family.name, name, value)
            if family.name == "lna_kiosk_info":
                assert set(sample.labels) == {"kiosk", "version", "python", "platform"}


def test_it_reports_without_opening_hours_or_visitor_records(kiosk: Kiosk, own_home: Path, tmp_path: Path) -> None:
    """Parts built after the first frame fail alone (kiosk/ui/app.py's Parts): the metrics still report,
    always open (nothing closes the kiosk) and with no visits counted."""
    from dataclasses import replace

    from kiosk.core.paths import AppPaths
    from kiosk.ui.metrics_writer import MetricsWriter

    alone = tmp_path / "alone"
    alone.mkdir()
    kiosk.settings.change("metrics_dir", "", save=False)
    writer = MetricsWriter(replace(kiosk.metrics.watched, hall=None, insight=None), AppPaths.under(own_home), kiosk.clocks)
    try:
        kiosk.settings.change("metrics_dir", str(alone), save=False)
        assert writer.write_now()
        found = figures(alone)
        assert one(found, "lna_kiosk_open") == 1 and one(found, "lna_kiosk_visits_today") == 0
    finally:
        writer.stop()
    assert one(figures(alone), "lna_kiosk_up") == 0
