"""The metrics file as Prometheus reads it: parsed back with prometheus_client's own parser, every metric
with the `kiosk` label and only the labels it declares; written whole; the start reason from how the run
before ended."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from kiosk.core.hall import metrics
from kiosk.core.hall.metrics import METRICS, SAMPLE_NAMES, ContentShown, LogCounter, RunRecord, Snapshot
from kiosk.core.session import Mode


def snapshot(**changes: object) -> Snapshot:
    values: dict[str, object] = {
        "kiosk": "hall-2",
        "time": 1_790_000_030.5,
        "started": 1_790_000_000.0,
        "uptime_s": 30.5,
        "mode": "guided",
        "open": True,
        "content": ContentShown("spring-2027", "pack", as_asked=False, problems=3),
        "last_touch_age_s": 12.0,
        "visits_today": 4,
        "taps_today": 17,
        "attract_wakes_today": 2,
        "pillar_seconds_today": {"industry": 40.0, "ecology": 12.5},
        "page_views": {"industry": 3, "ecology": 1},
        "log_messages": {"warning": 2, "error": 1},
        "rss_bytes": 150_000_000,
        "frames_painted": 1234,
        "photo_failures": 1,
        "start_reason": "crashed",
        **changes,
    }
    return Snapshot(**values)  # type: ignore[arg-type]


def samples(text: str) -> list[Sample]:
    return [sample for family in text_string_to_metric_families(text) for sample in family.samples]


def value(text: str, name: str, **labels: str) -> float:
    found = [s.value for s in samples(text) if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())]
    assert len(found) == 1, (name, labels, found)
    return found[0]


def test_the_text_parses_back_to_every_figure() -> None:
    text = metrics.render(snapshot())
    assert value(text, "lna_kiosk_up") == 1
    assert value(text, "lna_kiosk_heartbeat_timestamp_seconds") == 1_790_000_030.5
    assert value(text, "lna_kiosk_start_time_seconds") == 1_790_000_000.0
    assert value(text, "lna_kiosk_uptime_seconds") == 30.5
    assert value(text, "lna_kiosk_info", version=metrics.__version__) == 1
    assert value(text, "lna_kiosk_start_reason", reason="crashed") == 1
    assert [s for s in samples(text) if s.name == "lna_kiosk_stop_reason"] == []
    assert {s.labels["mode"]: s.value for s in samples(text) if s.name == "lna_kiosk_mode"} == {
        m.value: float(m is Mode.GUIDED) for m in Mode
    }
    assert value(text, "lna_kiosk_open") == 1
    assert value(text, "lna_kiosk_content_info", content="spring-2027", source="pack") == 1
    assert value(text, "lna_kiosk_content_as_asked") == 0
    assert value(text, "lna_kiosk_content_problems") == 3
    assert value(text, "lna_kiosk_last_touch_age_seconds") == 12
    assert (value(text, "lna_kiosk_visits_today"), value(text, "lna_kiosk_taps_today")) == (4, 17)
    assert value(text, "lna_kiosk_attract_wakes_today") == 2
    assert value(text, "lna_kiosk_pillar_seconds_today", pillar="ecology") == 12.5
    assert value(text, "lna_kiosk_page_views_total", pillar="industry") == 3
    assert value(text, "lna_kiosk_log_messages_total", level="warning") == 2
    assert value(text, "lna_kiosk_log_messages_total", level="error") == 1
    assert value(text, "lna_kiosk_resident_memory_bytes") == 150_000_000
    assert value(text, "lna_kiosk_frames_painted_total") == 1234
    assert value(text, "lna_kiosk_photo_failures") == 1


def test_a_clean_stop_leaves_up_0_and_why() -> None:
    text = metrics.render(snapshot(up=False, stop_reason="maintenance"))
    assert value(text, "lna_kiosk_up") == 0
    assert value(text, "lna_kiosk_stop_reason", reason="maintenance") == 1


def test_every_sample_is_the_kiosks_and_carries_only_its_declared_labels() -> None:
    text = metrics.render(snapshot(stop_reason="stopped", pack_refusal="replay"))
    families = {family.name: family for family in text_string_to_metric_families(text)}
    for metric in METRICS:
        family = families[metric.name]
        assert family.type == metric.kind
        assert family.samples, metric.name
        for sample in family.samples:
            assert sample.name == metric.sample_name
            assert set(sample.labels) == {"kiosk", *metric.labels}
            assert sample.labels["kiosk"] == "hall-2"
    assert set(families) == {m.name for m in METRICS}
    assert {s.name for s in samples(text)} == SAMPLE_NAMES


def test_the_file_is_replaced_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    target = metrics.write(snapshot(), tmp_path)
    assert target == tmp_path / "lna_kiosk.prom"
    metrics.write(snapshot(taps_today=18), tmp_path)
    assert os.listdir(tmp_path) == ["lna_kiosk.prom"]
    assert value(target.read_text(encoding="utf-8"), "lna_kiosk_taps_today") == 18


def test_a_folder_that_is_not_there_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        metrics.write(snapshot(), tmp_path / "missing")


def test_a_rename_that_is_refused_raises_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """As on Windows while windows_exporter holds the file open: the caller tries again next time."""
    (tmp_path / "lna_kiosk.prom").mkdir()
    (tmp_path / "lna_kiosk.prom" / "in-the-way").write_text("x")
    with pytest.raises(OSError):
        metrics.write(snapshot(), tmp_path)
    assert os.listdir(tmp_path) == ["lna_kiosk.prom"]


def test_old_temporary_files_of_cut_writes_are_removed_and_nothing_else(tmp_path: Path) -> None:
    old, fresh = tmp_path / "lna_kiosk.prom.4242.139876", tmp_path / "lna_kiosk.prom.4243.139877"
    others = [tmp_path / "lna_kiosk.prom", tmp_path / "node.prom", tmp_path / "lna_kiosk.prom.bak"]
    for path in [old, fresh, *others]:
        path.write_text("x")
    an_hour_ago = time.time() - 3600
    for path in [old, *others]:
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert metrics.remove_stale_temporaries(tmp_path) == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in [fresh, *others])
    assert metrics.remove_stale_temporaries(tmp_path / "missing") == []


def test_the_content_label_is_the_folder_name_never_its_path(tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    assert metrics.content_label(bundled, bundled) == ContentShown("bundled", "bundled")
    folder = tmp_path / "home" / "alice" / "Hall content (Zhang San's copy)"
    shown = metrics.content_label(folder, bundled)
    assert shown == ContentShown("Hall_content__Zhang_San_s_copy_", "folder")
    assert len(metrics.content_label(tmp_path / ("x" * 200), bundled).content) == 63


def test_warnings_and_errors_are_counted_without_their_words() -> None:
    counter = LogCounter()
    logger = logging.getLogger("tests.metrics.counter")
    logger.propagate = False
    logger.addHandler(counter)
    try:
        logger.info("not counted")
        logger.warning("visitor typed something")
        logger.error("e1")
        logger.critical("e2")
    finally:
        logger.removeHandler(counter)
        logger.propagate = True
    counter.seed(["WARNING", "ERROR"])
    assert counter.counts == {"warning": 2, "error": 3}


def test_the_start_reason_is_how_the_run_before_ended(tmp_path: Path) -> None:
    crash_log = tmp_path / "crash.log"
    record = RunRecord(tmp_path / "metrics-run.json", crash_log)
    assert record.begin(1000.0) == ("first_start", None)
    for code, reason in [(0, "stopped"), (69, "maintenance"), (75, "planned_restart"), (1, "error")]:
        assert record.end(code, 1100.0) is None
        assert RunRecord(record.path, crash_log).begin(1200.0) == (reason, None)
    # A run that noted no end: killed (nothing written), or crashed (crash.log written after it started).
    assert RunRecord(record.path, crash_log).begin(1300.0)[0] == "killed"
    crash_log.write_text("Fatal Python error")
    os.utime(crash_log, (1400.0, 1400.0))
    assert RunRecord(record.path, crash_log).begin(1500.0)[0] == "crashed"
    record.path.write_text("not json")
    assert RunRecord(record.path, crash_log).begin(1600.0)[0] == "first_start"
    record.forget()
    assert not record.path.exists()


def test_a_record_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    record = RunRecord(tmp_path / "data" / "metrics-run.json", tmp_path / "crash.log")
    reason, problem = record.begin(1000.0)
    assert reason == "first_start" and problem and "cannot be kept" in problem
    assert "not kept" in (record.end(0, 1001.0) or "")
