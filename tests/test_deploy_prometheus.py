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
