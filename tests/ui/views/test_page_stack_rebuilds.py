"""Pages and their charts are made anew on every theme switch, content reload, USB install and save in
`kiosk preview`; what the old ones made must go with them. pyqtgraph's PlotItem made hidden menus of its
own (7 a chart) that outlived the chart: +35 windows at every rebuild of the bundled content."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QMenu

from kiosk.qa.drive import settle
from kiosk.qa.exercise import rises_steadily
from kiosk.ui.app import Kiosk
from tests.kiosks import build, shutdown


def widget_counts(app: QApplication) -> tuple[int, int]:
    """(windows, widgets) once what was deleted later is deleted."""
    settle(app)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    settle(app)
    return len(QApplication.topLevelWidgets()), len(QApplication.allWidgets())


def rebuild(kiosk: Kiosk, turn: int) -> None:
    """A theme switch, or every third turn a content reload: both make pages, tabs and charts anew."""
    if turn % 3 == 2:
        assert kiosk.content.reload() == []
    else:
        kiosk.settings.change("theme", "high_contrast" if kiosk.settings["theme"] == "standard" else "standard", save=False)


def test_rebuilding_pages_and_charts_leaves_no_widgets_behind(own_home: Path, qapp: QApplication) -> None:
    kiosk = build(own_home)
    try:
        kiosk.pages.build_charts()
        rebuild(kiosk, 0)  # the first rebuild: whatever is made once (caches, the style's own widgets) is made
        first = widget_counts(qapp)
        samples = []
        for turn in range(1, 9):
            rebuild(kiosk, turn)
            assert all(slot.built for view in kiosk.pages.views for slot in view.chart_slots)  # the charts were made again
            samples.append(widget_counts(qapp))
        windows, widgets = [float(w) for w, _ in samples], [float(w) for _, w in samples]
        trend = f"after the first rebuild {first}, then (windows, widgets) {samples}"
        assert not rises_steadily([first[0], *windows], 2), trend
        assert not rises_steadily([first[1], *widgets], 2), trend
        assert max(windows) <= first[0] and max(widgets) <= first[1], trend
    finally:
        shutdown(kiosk)


def test_a_chart_makes_no_menu_and_leaves_nothing_behind(qapp: QApplication) -> None:
    """The source of the leak: a chart (and the staff's heat map) makes no hidden menus, and what it
    makes goes with it."""
    from kiosk.ui.charts.heat_map import HeatMap
    from kiosk.ui.charts.still_plot import StillPlot
    from kiosk.ui.theme import THEMES

    before, windows = widget_counts(qapp), set(QApplication.topLevelWidgets())
    plot = StillPlot("#202020", bottom_axis=True)
    heat = HeatMap(THEMES["standard"])
    assert plot.view_box.menu is None and heat.plot.view_box.menu is None
    assert [w for w in set(QApplication.topLevelWidgets()) - windows if isinstance(w, QMenu)] == []
    plot.deleteLater()
    heat.deleteLater()
    del plot, heat
    assert widget_counts(qapp) == before


def test_the_soak_judges_windows_and_widgets_rebuild_by_rebuild() -> None:
    """Windows and widgets change only as pages are made anew, so the soak judges them over its rebuilds:
    a chart's leftovers are a staircase between them, which no trend over every cycle would call steady."""
    from collections import Counter

    from kiosk.qa.exercise import _rising

    taken = [(cycle, 2500, 300.0) for cycle in range(13)]
    by_type = [Counter({"QLabel": 400})] * 13
    assert _rising(taken, [(8, 523)] * 5, by_type) == []
    staircase = [(8 + 35 * i, 523 + 35 * i) for i in range(5)]  # five charts' menus left behind at each rebuild
    assert _rising(taken, staircase, by_type) == ["windows", "widgets"]
