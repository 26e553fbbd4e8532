"""The real node_exporter (Debian's prometheus-node-exporter) serves a real kiosk's metrics file from its
textfile collector: scraped over HTTP on a loopback port, the kiosk's samples are there with the values
the test's taps made, and node_exporter reports no error reading the file."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from kiosk.ui.app import Kiosk
from tests.kiosks import shutdown
from tests.visits import Clocks, build_on, tap_on, wait_on

NODE_EXPORTER = shutil.which("prometheus-node-exporter") or shutil.which("node_exporter")
needs_node_exporter = pytest.mark.skipif(NODE_EXPORTER is None, reason="needs node_exporter (Debian: prometheus-node-exporter)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _scrape(url: str, exporter: subprocess.Popen[bytes], timeout: float = 60) -> str:
    """The exporter's /metrics once it answers (it needs a moment to listen)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return bytes(response.read()).decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            if exporter.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@dataclass(frozen=True)
class Exporter:
    folder: Path  # its textfile directory
    url: str
    process: subprocess.Popen[bytes]

    def scrape(self) -> list[Sample]:
        return [sample for family in text_string_to_metric_families(_scrape(self.url, self.process)) for sample in family.samples]


@pytest.fixture
def node_exporter(tmp_path: Path) -> Iterator[Exporter]:
    """node_exporter on a free loopback port with only the textfile collector, reading a fresh folder."""
    assert NODE_EXPORTER is not None
    folder = tmp_path / "textfile"
    folder.mkdir()
    port = _free_port()
    command = [
        NODE_EXPORTER,
        f"--web.listen-address=127.0.0.1:{port}",
        "--collector.disable-defaults",
        "--collector.textfile",
        f"--collector.textfile.directory={folder}",
    ]
    exporter = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/metrics"
        _scrape(url, exporter)
        yield Exporter(folder, url, exporter)
    finally:
        exporter.terminate()
        try:
            exporter.wait(30)
        except subprocess.TimeoutExpired:
            exporter.kill()
            exporter.wait(30)
        assert exporter.stderr is not None
        exporter.stderr.close()


def _value(samples: list[Sample], name: str, **labels: str) -> float:
    found = [s.value for s in samples if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())]
    assert len(found) == 1, (name, labels, found)
    return found[0]


@needs_node_exporter
def test_node_exporter_serves_the_kiosks_figures(node_exporter: Exporter, own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 10, 0))
    kiosk: Kiosk = build_on(own_home, clocks, metrics_dir=str(node_exporter.folder), kiosk_id="hall-west-3")
    try:
        tabs, pages = kiosk.window.tab_bar.buttons, [p.id for p in kiosk.window.dataset.pages]
        tap_on(kiosk, kiosk.pages.views[0])
        tap_on(kiosk, tabs[2])
        wait_on(kiosk, clocks, 9)
        tap_on(kiosk, tabs[4])
        tap_on(kiosk, tabs[2])
        assert kiosk.metrics.write_now()
        samples = node_exporter.scrape()
    finally:
        shutdown(kiosk)
    assert _value(samples, "node_textfile_scrape_error") == 0
    assert _value(samples, "lna_kiosk_up", kiosk="hall-west-3") == 1
    assert _value(samples, "lna_kiosk_taps_today", kiosk="hall-west-3") == 4
    assert _value(samples, "lna_kiosk_visits_today", kiosk="hall-west-3") == 1
    assert _value(samples, "lna_kiosk_page_views_total", kiosk="hall-west-3", pillar=pages[2]) == 2
    assert _value(samples, "lna_kiosk_page_views_total", kiosk="hall-west-3", pillar=pages[4]) == 1
    assert _value(samples, "lna_kiosk_pillar_seconds_today", kiosk="hall-west-3", pillar=pages[2]) == pytest.approx(9)
    assert _value(samples, "lna_kiosk_content_info", kiosk="hall-west-3", content="bundled") == 1
    assert [s.labels["file"] for s in samples if s.name == "node_textfile_mtime_seconds"] == [str(node_exporter.folder / "lna_kiosk.prom")]
    kiosk_samples = [s for s in samples if s.name.startswith("lna_kiosk_")]
    assert kiosk_samples and all(s.labels.get("kiosk") == "hall-west-3" for s in kiosk_samples)
    stopped = node_exporter.scrape()  # the kiosk has stopped: its last file says so
    assert _value(stopped, "node_textfile_scrape_error") == 0
    assert _value(stopped, "lna_kiosk_up", kiosk="hall-west-3") == 0
    assert _value(stopped, "lna_kiosk_stop_reason", kiosk="hall-west-3", reason="stopped") == 1
