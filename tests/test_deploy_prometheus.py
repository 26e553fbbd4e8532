"""deploy/prometheus/: the alert rules as Prometheus reads them (`promtool check rules`), each alert shown
firing on made-up series of a kiosk in trouble and quiet on healthy ones (`promtool test rules`), and the
Grafana dashboard for a hall (one row per kiosk). Every metric the rules and the dashboard ask for is one
the kiosk writes (kiosk/core/hall/metrics.py), so a renamed metric cannot leave a silent alert behind."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.core.hall.metrics import SAMPLE_NAMES
from tests.process import REPO

FOLDER = REPO / "deploy" / "prometheus"
RULES = FOLDER / "lna-kiosk-alerts.yml"
RULE_TESTS = FOLDER / "lna-kiosk-alerts.test.yml"
DASHBOARD = FOLDER / "lna-kiosk-hall.json"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(PROMTOOL is None, reason="needs promtool (Debian: prometheus)")
ALERTS = {
    "KioskDown",
    "KioskQuitForMaintenance",
    "KioskMetricsGone",
    "KioskContentRejected",
    "KioskPackRefused",
    "KioskNoTouchWhileOpen",
    "KioskMemoryRising",
    "KioskRestarting",
    "KioskCrashed",
}

_KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads: what is left once strings, label matchers, ranges,
    groupings, functions, keywords and numbers are taken out."""
    bare = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', "", expr)
    bare = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", bare)
    bare = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", bare)
    names = set()
    for match in re.finditer(r"(?<![\w.$])([A-Za-z_:][A-Za-z0-9_:]*)\b(\s*\()?", bare):
        name, call = match.group(1), match.group(2)
        if not call and name.lower() not in _KEYWORDS:
            names.add(name)
    return names


def test_metric_names_are_found_in_promql() -> None:
    expr = 'sum by (pillar) (increase(lna_kiosk_page_views_total{kiosk="$kiosk", pillar=~"a|b"}[$__rate_interval])) > bool 2'
    assert metric_names(expr) == {"lna_kiosk_page_views_total"}
    assert metric_names("time() - a_b > 120 unless on (kiosk) c{reason='x'}") == {"a_b", "c"}


def rule_expressions(text: str) -> dict[str, str]:
    """alert name -> expr, from our rules file (one `- alert:` per rule, `expr:` on one line or as a `|` block)."""
    found: dict[str, str] = {}
    lines = text.splitlines()
    alert = ""
    for i, line in enumerate(lines):
        if m := re.match(r"\s*- alert: (\w+)", line):
            alert = m.group(1)
        elif m := re.match(r"(\s*)expr: (.*)", line):
            if m.group(2).strip() == "|":
                indent = len(m.group(1))
                block = []
                for following in lines[i + 1 :]:
                    if following.strip() and len(following) - len(following.lstrip()) <= indent:
                        break
                    block.append(following.strip())
                found[alert] = " ".join(block).strip()
            else:
                found[alert] = m.group(2).strip()
    return found


def dashboard_expressions(dashboard: dict[str, object]) -> list[tuple[str, str]]:
    """(panel title, expr) of every target, the variables' queries too."""
    found = []
    panels = dashboard["panels"]
    assert isinstance(panels, list)
    for panel in panels:
        for target in panel.get("targets", []):
            found.append((panel["title"], target["expr"]))
    templating = dashboard["templating"]
    assert isinstance(templating, dict)
    for variable in templating["list"]:
        if variable["type"] == "query":
            query = re.fullmatch(r"label_values\((.+), (\w+)\)", variable["query"]["query"])
            assert query is not None, variable
            found.append((f"variable {variable['name']}", query.group(1)))
    return found


@needs_promtool
def test_promtool_reads_the_rules() -> None:
    assert PROMTOOL is not None
    checked = subprocess.run([PROMTOOL, "check", "rules", str(RULES)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(ALERTS)} rules found" in checked.stdout


@needs_promtool
def test_each_alert_fires_on_trouble_and_stays_quiet_when_healthy() -> None:
    assert PROMTOOL is not None
    tested = subprocess.run([PROMTOOL, "test", "rules", RULE_TESTS.name], capture_output=True, text=True, timeout=120, cwd=FOLDER)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    tests = RULE_TESTS.read_text(encoding="utf-8")
    fired = set(re.findall(r"alertname: (\w+)\n\s+exp_alerts:\n\s+- exp_labels", tests))
    quiet = set(re.findall(r"alertname: (\w+)\n\s+exp_alerts: \[\]", tests))
    assert fired == ALERTS, "every alert is shown firing"
    assert quiet == ALERTS - {"KioskQuitForMaintenance"}, "every alert is shown quiet on a healthy kiosk"
    assert "kiosk: staff" not in tests.split("alertname: KioskDown")[2].split("alertname:")[0], "maintenance is not 'down'"


def test_the_rules_ask_only_for_metrics_the_kiosk_writes() -> None:
    expressions = rule_expressions(RULES.read_text(encoding="utf-8"))
    assert set(expressions) == ALERTS
    for alert, expr in expressions.items():
        names = metric_names(expr)
        assert names, alert
        assert names <= SAMPLE_NAMES, (alert, names - SAMPLE_NAMES)


def test_the_dashboard_has_a_row_per_kiosk_and_reads_only_metrics_the_kiosk_writes() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["kiosk"]["multi"] and variables["kiosk"]["includeAll"]
    rows = [p for p in dashboard["panels"] if p["type"] == "row"]
    repeated = [row for row in rows if row.get("repeat") == "kiosk"]
    assert len(repeated) == 1 and "$kiosk" in repeated[0]["title"]
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    in_row = dashboard["panels"][dashboard["panels"].index(repeated[0]) + 1 :]
    assert in_row and all(p["type"] != "row" for p in in_row)
    for panel in in_row:  # each panel of the kiosk's row shows that kiosk only
        assert all('kiosk="$kiosk"' in target["expr"] for target in panel["targets"]), panel["title"]
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
    for title, expr in dashboard_expressions(dashboard):
        names = metric_names(expr)
        assert names and names <= SAMPLE_NAMES, (title, names - SAMPLE_NAMES)


@needs_promtool
def test_every_dashboard_query_is_promql_prometheus_accepts(tmp_path: Path) -> None:
    """Each query (with Grafana's variables filled in) as a recording rule, for promtool's parser."""
    assert PROMTOOL is not None
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    lines = ["groups:", "  - name: dashboard", "    rules:"]
    for i, (_, expr) in enumerate(dashboard_expressions(dashboard)):
        filled = expr.replace("$__rate_interval", "5m").replace("$kiosk", "hall-1")
        lines += [f"      - record: dashboard_query_{i}", f"        expr: {json.dumps(filled)}"]
    rules = tmp_path / "dashboard.yml"
    rules.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = subprocess.run([PROMTOOL, "check", "rules", str(rules)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr


PROMETHEUS = shutil.which("prometheus")
NODE_EXPORTER = shutil.which("prometheus-node-exporter") or shutil.which("node_exporter")


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> dict[str, object] | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            answer: dict[str, object] = json.loads(response.read())
            return answer
    except (urllib.error.URLError, ConnectionError, ValueError):
        return None


def _until(what: str, probe: object, processes: list[subprocess.Popen[bytes]], timeout: float = 120) -> object:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()  # type: ignore[operator]
        if found:
            return found
        for process in processes:
            assert process.poll() is None, f"{process.args[0]} ended ({process.returncode}) before {what}"
        time.sleep(0.3)
    raise AssertionError(f"no {what} within {timeout} s")


@pytest.mark.skipif(
    PROMETHEUS is None or NODE_EXPORTER is None, reason="needs prometheus and node_exporter (Debian: prometheus, prometheus-node-exporter)"
)
def test_the_example_prometheus_scrapes_a_kiosk_through_node_exporter_and_its_alert_fires(tmp_path: Path) -> None:
    """The README's set-up with the real programs: the kiosk's metrics file (written by the kiosk's own
    writer) in node_exporter's textfile folder; Prometheus with deploy/prometheus/prometheus.example.yml
    (its targets and intervals replaced) and the alert rules beside it. The kiosk's samples arrive with
    its label, every rule loads, and a kiosk that just came back from a crash raises KioskCrashed."""
    import time

    from kiosk.core.hall import metrics

    textfile, storage = tmp_path / "textfile", tmp_path / "tsdb"
    textfile.mkdir()
    now = time.time()
    snapshot = metrics.Snapshot(
        kiosk="east-3",
        time=now,
        started=now - 60,
        uptime_s=60.0,
        mode="interactive",
        open=True,
        content=metrics.ContentShown("hall-content", "pack"),
        last_touch_age_s=5.0,
        start_reason="crashed",
    )
    metrics.write(snapshot, textfile)
    exporter_port, prometheus_port = _free_port(), _free_port()
    config = (FOLDER / "prometheus.example.yml").read_text(encoding="utf-8")
    config = re.sub(r"targets:\n(\s+- .+\n)+", f"targets:\n          - 127.0.0.1:{exporter_port}\n", config)
    config = config.replace("scrape_interval: 30s", "scrape_interval: 1s").replace("evaluation_interval: 30s", "evaluation_interval: 1s")
    (tmp_path / "prometheus.yml").write_text(config, encoding="utf-8")
    shutil.copy(RULES, tmp_path / RULES.name)
    assert NODE_EXPORTER is not None and PROMETHEUS is not None
    exporter = subprocess.Popen(
        [
            NODE_EXPORTER,
            f"--web.listen-address=127.0.0.1:{exporter_port}",
            "--collector.disable-defaults",
            "--collector.textfile",
            f"--collector.textfile.directory={textfile}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [
            PROMETHEUS,
            f"--config.file={tmp_path / 'prometheus.yml'}",
            f"--storage.tsdb.path={storage}",
            f"--web.listen-address=127.0.0.1:{prometheus_port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    api = f"http://127.0.0.1:{prometheus_port}/api/v1"
    try:

        def kiosk_up() -> object:
            answer = _get(f"{api}/query?query=lna_kiosk_up")
            results = answer.get("data", {}).get("result", []) if answer else []  # type: ignore[union-attr]
            return [r for r in results if r["metric"].get("kiosk") == "east-3" and r["value"][1] == "1"]

        assert _until("the kiosk's lna_kiosk_up in Prometheus", kiosk_up, [exporter, server])

        def rules() -> object:
            answer = _get(f"{api}/rules")
            groups = answer.get("data", {}).get("groups", []) if answer else []  # type: ignore[union-attr]
            return [rule for group in groups for rule in group["rules"]]

        loaded = _until("the alert rules", rules, [exporter, server])
        assert {rule["name"] for rule in loaded} == ALERTS  # type: ignore[attr-defined]
        assert {rule["health"] for rule in loaded} == {"ok"}  # type: ignore[attr-defined]

        def crashed() -> object:
            answer = _get(f"{api}/alerts")
            alerts = answer.get("data", {}).get("alerts", []) if answer else []  # type: ignore[union-attr]
            return [a for a in alerts if a["labels"]["alertname"] == "KioskCrashed" and a["labels"].get("kiosk") == "east-3"]

        fired = _until("KioskCrashed", crashed, [exporter, server])
        assert fired[0]["state"] == "firing"  # type: ignore[index]
    finally:
        for process in (server, exporter):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
