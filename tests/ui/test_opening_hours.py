"""Opening hours: the kiosk closes and reopens by itself on the schedule, staff overrides last until the next
change and survive a restart, the closed screen is on top, audited, and names days from the locale files."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.opening_hours import opening_text
from tests.kiosks import shutdown
from tests.visits import Clocks, build_on, end_by_timeout, tap_on, wait_on

MONDAY_10 = datetime(2026, 11, 30, 10, 0)  # a Monday


@pytest.fixture
def clocks() -> Clocks:
    return Clocks(datetime(2026, 11, 30, 10, 0))  # a Monday, open


def test_outside_opening_hours_the_kiosk_closes_and_reopens_by_itself(own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 16, 59, 30))  # Monday, half a minute before closing
    kiosk = build_on(own_home, clocks, opening_hours="mon-fri 09:00-17:00")
    try:
        hall, session = kiosk.hall, kiosk.session
        assert hall is not None and session is not None and kiosk.insight is not None
        assert not hall.closed and not hall.screen.isVisible()
        clocks.seconds += 60
        hall.check()
        assert hall.closed and hall.screen.isVisible() and session.suspended
        screen = hall.screen
        assert (screen.lang, screen.title_label.text(), screen.when_label.text()) == ("zh", "本展项暂停开放", "明天 09:00 开放")
        screen.show_language("en")  # each language in turn, on the screen's own timer
        assert (screen.title_label.text(), screen.when_label.text()) == ("The exhibition is closed", "Opens tomorrow at 09:00")
        assert screen.timer.isActive()
        before = kiosk.insight.store.summary(1).sessions
        tap_on(kiosk, kiosk.window)  # a passer-by touches the closed screen: nothing happens
        wait_on(kiosk, clocks, 600)
        assert kiosk.navigation.page == 0 and not session.attract.running
        assert kiosk.insight.store.summary(1).sessions == before
        # Next morning, by itself.
        clocks.start = datetime(2026, 12, 1, 9, 0, 5)
        clocks.seconds = 0
        hall.check()
        assert not hall.closed and not hall.screen.isVisible() and not session.suspended
        assert session.attract.running  # the hall opens to the attract loop
    finally:
        shutdown(kiosk)


def test_staff_override_lasts_until_the_next_change_and_display_off(own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 11, 0))  # Monday, open
    kiosk = build_on(own_home, clocks, opening_hours="mon-fri 09:00-17:00", closed_display="off")
    power: list[bool] = []
    try:
        hall, panel = kiosk.hall, kiosk.staff.panel
        assert hall is not None and panel is not None
        hall._display_power = power.append  # the OS's display switch, recorded (xset is not on CI)
        panel.open_overlay()
        panel.hours_buttons["closed"].click()  # a private event: close now
        assert hall.closed and hall.screen.display_off and power == [False]
        assert "by staff" in panel.hours_label.text() or "工作人员" in panel.hours_label.text()
        panel.close_overlay()
        clocks.seconds += 3 * 3600  # 14:00: still closed by staff
        hall.check()
        assert hall.closed
        clocks.start = datetime(2026, 12, 1, 9, 0, 1)  # the next opening: the override has ended
        clocks.seconds = 0
        hall.check()
        assert not hall.closed and power == [False, True]
        clocks.start = datetime(2026, 12, 1, 20, 0)  # evening: closed by the schedule
        hall.check()
        assert hall.closed
        panel.open_overlay()
        panel.hours_buttons["open"].click()  # staff open for an evening event
        assert not hall.closed
        panel.hours_buttons["schedule"].click()
        assert hall.closed
    finally:
        shutdown(kiosk)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=lambda v: str(v))
def test_staff_screens_and_the_closed_screen_pass_the_audit(
    qapp: QApplication, own_home: Path, clocks: Clocks, width: int, height: int
) -> None:
    from kiosk import resources
    from kiosk.qa.layout_audit import audit
    from kiosk.qa.snapshot import make_usb_stick
    from kiosk.ui.theme import scale_for

    sticks = {broken: make_usb_stick(own_home.parent / "sticks", broken) for broken in (False, True)}
    kiosk = build_on(own_home, clocks)
    try:
        kiosk.window.resize(width, height)
        tap_on(kiosk, kiosk.window.tab_bar.buttons[1])
        end_by_timeout(kiosk, clocks)
        assert kiosk.staff.panel is not None and kiosk.hall is not None

        from kiosk.core.content.install import examine
        from kiosk.ui.preview import ProblemBanner

        banner = ProblemBanner(kiosk.window)  # what kiosk preview shows over a bad save
        mistakes = examine(sticks[True] / "lna-content").problems

        def content_panel(broken: bool) -> None:
            kiosk.staff.open_content()
            assert kiosk.staff.content_panel is not None
            kiosk.staff.content_panel.drives = lambda: [sticks[broken]]
            kiosk.staff.content_panel.look()
            kiosk.staff.content_panel.wait_for_look()

        findings = []
        for lang in kiosk.language.languages:
            kiosk.language.set_language(lang)
            settle(qapp)
            for name, show, hide in (
                ("staff panel", kiosk.staff.panel.open_overlay, kiosk.staff.panel.close_overlay),
                ("insight", kiosk.staff.panel.insight_button.click, lambda: kiosk.staff.insight_panel.close_overlay()),  # type: ignore[union-attr]
                ("closed", lambda: kiosk.hall.screen.show_closed(clocks.wall() + timedelta(days=3), False), kiosk.hall.screen.hide),  # type: ignore[union-attr]
                ("content from USB", lambda: content_panel(False), kiosk.staff.close_all),
                ("content from USB, broken", lambda: content_panel(True), kiosk.staff.close_all),
                ("preview problems", lambda: banner.show_problems(mistakes), banner.clear),
            ):
                show()
                settle(qapp)
                findings += [f"{lang} {name}: {f}" for f in audit(kiosk.window, scale_for(width, height), resources.fonts_dir())]
                hide()
        assert findings == []
    finally:
        shutdown(kiosk)


def _on_top(kiosk: Kiosk, widget: QWidget) -> bool:
    """Whether a finger at the middle of `widget` would land on it (or its children)."""
    window = kiosk.window
    centre = widget.mapTo(window, widget.rect().center())
    hit = window.childAt(centre)
    return hit is not None and (hit is widget or widget.isAncestorOf(hit))


def test_while_closed_staff_keep_their_panel_and_nothing_plays_over_the_closed_screen(own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 20, 0))  # Monday evening: closed
    kiosk = build_on(own_home, clocks, opening_hours="mon-fri 09:00-17:00")
    try:
        hall, panel, session = kiosk.hall, kiosk.staff.panel, kiosk.session
        assert hall is not None and panel is not None and session is not None and hall.closed
        panel.open_overlay()
        hall.check()  # the 15 s check while staff work: the panel stays usable on top
        assert _on_top(kiosk, panel.card)
        panel.attract_button.click()  # "start attract now" while closed plays nothing
        assert not session.attract.running and hall.screen.isVisible()
        panel.open_overlay()
        panel.hours_buttons["open"].click()  # open for an evening event: the panel stays on top
        assert not hall.closed and _on_top(kiosk, panel.card) and not session.attract.running
        panel.hours_buttons["closed"].click()  # and closed again from the panel: still on top
        assert hall.closed and _on_top(kiosk, panel.card)
        panel.close_overlay()
    finally:
        shutdown(kiosk)


@pytest.mark.logs("override not restored")
def test_a_staff_override_survives_a_restart_until_it_ends(own_home: Path) -> None:
    clocks = Clocks(datetime(2026, 11, 30, 11, 0))  # Monday, open
    kiosk = build_on(own_home, clocks, opening_hours="mon-fri 09:00-17:00")
    assert kiosk.hall is not None
    kiosk.hall.override(False)  # closed for an incident
    shutdown(kiosk)
    clocks.seconds += 600  # a crash and a restart ten minutes later: still closed
    again = build_on(own_home, clocks, opening_hours="mon-fri 09:00-17:00")
    try:
        assert again.hall is not None and again.hall.closed and again.hall.state().overridden
        again.hall.follow_schedule()
        assert not again.hall.closed and not (own_home / "config" / "opening_override.json").exists()
    finally:
        shutdown(again)
    (own_home / "config" / "opening_override.json").write_text("{not json", encoding="utf-8")
    broken = build_on(own_home, clocks, opening_hours="mon-fri 09:00-17:00")  # a damaged file: the schedule rules
    try:
        assert broken.hall is not None and not broken.hall.closed
    finally:
        shutdown(broken)


def test_the_closed_screen_names_days_and_months_from_the_locale_files() -> None:
    formatter = load_content(resources.bundled_content_dir()).formatter
    assert formatter is not None
    now = datetime(2026, 11, 30, 18, 0)  # a Monday
    friday, later = datetime(2026, 12, 4, 9, 30), datetime(2026, 12, 14, 9, 0)
    assert opening_text(friday, now, formatter, "en") == "Opens Friday at 09:30"
    assert opening_text(friday, now, formatter, "zh") == "周五 09:30 开放"
    assert opening_text(later, now, formatter, "en") == "Opens 14 December at 09:00"
    assert opening_text(later, now, formatter, "zh") == "12月14日 09:00 开放"
    assert opening_text(None, now, formatter, "en") == "See you soon"
