"""The hall report's page: index.html beside its chart images, for a hall manager to open in any
browser. Self-contained apart from those images: the style inline, no script, no font or file from the
network. The figures staff quote are text; the charts are pictures with their numbers in words beside
them (alt text), drawn by the kiosk's own chart code (kiosk/ui/hall_report.py)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kiosk.core.hall.report import Hall, publish

PAGE = "index.html"


@dataclass(frozen=True)
class Figure:
    """A chart image beside the page: its file name, its size in CSS pixels, and what it shows in words."""

    file: str
    width: int
    height: int
    alt: str


def duration_text(seconds: float) -> str:
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def period_text(period: tuple[date, date] | None) -> str:
    if period is None:
        return "no days recorded"
    first, last = period
    days = (last - first).days + 1
    return f"{_day(first)} – {_day(last)} ({days} day{'s' if days != 1 else ''})" if days > 1 else f"{_day(first)} (1 day)"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _figure(figures: Mapping[str, Figure], key: str, empty: str) -> str:
    figure = figures.get(key)
    if figure is None:
        return f'<p class="empty">{_esc(empty)}</p>'
    return (
        f'<img src="{_esc(figure.file)}" width="{figure.width}" height="{figure.height}" alt="{_esc(figure.alt)}" '
        f'title="{_esc(figure.alt)}">'
    )


def _style(colours: Mapping[str, str]) -> str:
    c = {name: _esc(value) for name, value in colours.items()}
    return f"""
:root {{ color-scheme: dark; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: {c["background"]}; color: {c["text"]};
  font: 17px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "Segoe UI", Roboto, sans-serif; }}
main {{ max-width: 1180px; margin: 0 auto; padding: 40px 32px 64px; }}
header {{ border-bottom: 4px solid {c["gold"]}; padding-bottom: 18px; margin-bottom: 28px; }}
h1 {{ font-size: 40px; line-height: 1.15; margin: 0 0 6px; }}
h2 {{ font-size: 26px; margin: 44px 0 14px; color: {c["gold"]}; }}
h3 {{ font-size: 19px; margin: 0 0 8px; color: {c["text_muted"]}; font-weight: 600; }}
.meta {{ color: {c["text_muted"]}; margin: 2px 0; }}
.tiles {{ display: flex; flex-wrap: wrap; gap: 16px; margin-bottom: 16px; }}
.tile {{ flex: 1 1 180px; background: {c["surface"]}; border-radius: 14px; padding: 16px 20px; }}
.tile b {{ display: block; white-space: nowrap; font-size: 32px; line-height: 1.2; color: {c["text"]}; }}
.tile span {{ color: {c["text_muted"]}; }}
.card {{ background: {c["surface"]}; border-radius: 14px; padding: 18px 20px; margin: 0 0 16px; }}
.pair {{ display: flex; flex-wrap: wrap; gap: 16px; }}
.pair > .card {{ flex: 1 1 480px; }}
img {{ display: block; max-width: 100%; height: auto; }}
.heat {{ display: flex; flex-wrap: wrap; gap: 16px; }}
.heat figure {{ margin: 0; flex: 1 1 360px; background: {c["surface"]}; border-radius: 14px; padding: 14px; }}
figcaption {{ color: {c["text_muted"]}; margin-top: 8px; }}
table {{ border-collapse: collapse; width: 100%; }}
td:first-child, td:nth-child(2) {{ white-space: nowrap; }}
th, td {{ text-align: left; padding: 8px 12px; border-bottom: 1px solid {c["surface_raised"]}; vertical-align: top; }}
th {{ color: {c["text_muted"]}; font-weight: 600; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
.warn {{ border-left: 6px solid {c["warning"]}; }}
.warn h3 {{ color: {c["warning"]}; }}
ul {{ margin: 0; padding-left: 22px; }}
.empty {{ color: {c["text_faint"]}; }}
a {{ color: {c["link"]}; }}
footer {{ margin-top: 48px; color: {c["text_faint"]}; font-size: 15px; }}
"""


def _tiles(hall: Hall) -> str:
    languages = hall.languages()
    tiles = [
        (f"{hall.visits():,}", "visits"),
        (duration_text(hall.median_visit_s()) if any(k.sessions for k in hall.kiosks) else "–", "median visit"),
        (str(len(hall.kiosks)), "kiosks"),
        (f"{sum(k.taps_total() for k in hall.kiosks):,}", "taps"),
        (str(len(languages)), "languages used"),
    ]
    return '<div class="tiles">' + "".join(f'<div class="tile"><b>{_esc(v)}</b><span>{_esc(t)}</span></div>' for v, t in tiles) + "</div>"


def _lists(hall: Hall) -> str:
    parts = []
    if hall.left_out:
        items = "".join(f"<li>{_esc(line)}</li>" for line in hall.left_out)
        parts.append(f'<section class="card warn"><h3>Left out of this report</h3><ul>{items}</ul></section>')
    if hall.notes:
        items = "".join(f"<li>{_esc(line)}</li>" for line in hall.notes)
        parts.append(f'<section class="card"><h3>How the exports were read</h3><ul>{items}</ul></section>')
    return "".join(parts)


def _kiosk_table(hall: Hall) -> str:
    rows = []
    for kiosk in hall.kiosks:
        visits = sum(kiosk.visits_by_day().values())
        median = duration_text(kiosk.median_visit_s()) if kiosk.sessions else "–"
        languages = ", ".join(f"{code} {n}" for code, n in kiosk.languages().most_common(4)) or "–"
        named = " (named by its folder)" if any(e.named_by_folder for e in kiosk.exports) else ""
        exports = ", ".join(e.source.name for e in kiosk.exports)
        rows.append(
            f"<tr><td><b>{_esc(kiosk.kiosk_id)}</b>{_esc(named)}</td><td>{_esc(period_text(kiosk.period()))}</td>"
            f'<td class="n">{visits:,}</td><td class="n">{_esc(median)}</td><td class="n">{kiosk.taps_total():,}</td>'
            f"<td>{_esc(languages)}</td><td>{_esc(exports)}</td></tr>"
        )
    head = "<tr><th>Kiosk</th><th>Period</th><th>Visits</th><th>Median visit</th><th>Taps</th><th>Languages</th><th>Exports</th></tr>"
    return f'<div class="card"><table>{head}{"".join(rows)}</table></div>'


def _heat_maps(hall: Hall, figures: Mapping[str, Figure]) -> str:
    shown = []
    for kiosk in hall.kiosks:
        figure = figures.get(f"heat-{kiosk.kiosk_id}")
        caption = f"{kiosk.kiosk_id}: {kiosk.taps_total():,} taps"
        body = _figure(figures, f"heat-{kiosk.kiosk_id}", "no taps recorded") if figure else '<p class="empty">no taps recorded</p>'
        shown.append(f"<figure>{body}<figcaption>{_esc(caption)}</figcaption></figure>")
    return f'<div class="heat">{"".join(shown)}</div>' if shown else '<p class="empty">no kiosk</p>'


def render(hall: Hall, figures: Mapping[str, Figure], colours: Mapping[str, str], made: datetime, csvs: list[str]) -> str:
    """The whole page as text."""
    chart = _figure
    kiosks = ", ".join(k.kiosk_id for k in hall.kiosks) or "none"
    links = " · ".join(f'<a href="{_esc(name)}">{_esc(name)}</a>' for name in csvs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hall report: {_esc(period_text(hall.period()))}</title>
<style>{_style(colours)}</style>
</head>
<body>
<main>
<header>
<h1>Hall report</h1>
<p class="meta"><b>Period:</b> {_esc(period_text(hall.period()))}</p>
<p class="meta"><b>Kiosks:</b> {_esc(kiosks)}</p>
<p class="meta">Made {_esc(made.strftime("%Y-%m-%d %H:%M"))} from {len(hall.sources)} export(s). Times are each kiosk's local time.</p>
</header>
{_tiles(hall)}
{_lists(hall)}
<h2>Visits per day</h2>
<div class="card">{chart(figures, "visits-per-day", "no visits recorded")}</div>
<h2>Visits per hour of the day</h2>
<div class="card">{chart(figures, "visits-per-hour", "no visits recorded in detail")}</div>
<div class="pair">
<section class="card"><h3>Time per pillar</h3>{chart(figures, "time-per-pillar", "no page time recorded")}</section>
<section class="card"><h3>Language at the end of the visit</h3>{chart(figures, "languages", "no visits recorded")}</section>
</div>
<h2>Each kiosk side by side</h2>
<div class="pair">
<section class="card"><h3>Visits</h3>{chart(figures, "kiosks-visits", "no visits recorded")}</section>
<section class="card"><h3>Median visit, first to last touch</h3>{chart(figures, "kiosks-median", "no visits recorded in detail")}</section>
</div>
{_kiosk_table(hall)}
<h2>Where visitors touch</h2>
<p class="meta">Taps on a grid over each kiosk's screen; the brightest cell is that kiosk's busiest.</p>
{_heat_maps(hall, figures)}
<h2>The merged records</h2>
<p>Every row with its kiosk id, for Excel: {links}</p>
<footer>Made by the LNA kiosk (kiosk report) from visitor exports; anonymous counts only, no personal data.</footer>
</main>
</body>
</html>
"""


def write_page(folder: Path, page: str) -> Path:
    """index.html replaced whole or not at all. Raises OSError."""
    path = folder / PAGE
    publish(path, page)
    return path
