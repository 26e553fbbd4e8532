"""The staff panel's setting rows come from the settings schema: a setting added to the schema is a
working row, with no other code; each row is its label beside its control, shows what the setting
holds whoever changed it, and saves through the panel."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.health import Health
from kiosk.core.settings import QT_TRANSLATE_NOOP, SCHEMA, SETTINGS_FILE, Setting, Settings
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.live import LiveSettings
from kiosk.ui.staff.setting_rows import SegmentsRow, StepperRow, translated
from kiosk.ui.staff.staff_panel import StaffActions, StaffPanel

# Three settings a later release might add, one of each kind; nothing but these entries is written for them.
ADDED = (
    Setting(
        "clock_24h", bool, True, "Show times as 14:30 (off: 2:30 pm).", staff=True, label=QT_TRANSLATE_NOOP("Settings", "24-hour clock")
    ),
    Setting(
        "volume",
        int,
        40,
        "Loudness of the attract loop's music, in percent.",
        minimum=0,
        maximum=50,
        staff=True,
        label=QT_TRANSLATE_NOOP("Settings", "Volume"),
        step=20,
        shown_as=QT_TRANSLATE_NOOP("Settings", "{value} %"),
    ),
    Setting(
        "map_style",
        str,
        "terrain",
        "The base map under the ecology page.",
        choices=("terrain", "satellite"),
        staff=True,
        label=QT_TRANSLATE_NOOP("Settings", "Map"),
        choice_labels={"terrain": QT_TRANSLATE_NOOP("Settings", "Terrain")},
    ),
    Setting("map_cache_mb", int, 200, "Not for staff: only `kiosk config` changes it.", minimum=10, maximum=2000),
)


def _actions() -> StaffActions:
    return StaffActions(
        reload_content=list,
        start_attract=lambda: None,
        quit=lambda: None,
        status=lambda: ([], []),
        hall=lambda: (True, False, None),
        set_hall=lambda _choice: None,
        open_insight=lambda: None,
        open_content=lambda: None,
        content=lambda: ("Content:", "/srv/kiosk/content"),
    )


@pytest.fixture
def panel_on_a_wider_schema(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[StaffPanel, LiveSettings]]:
    schema = (*SCHEMA, *ADDED)
    settings = LiveSettings(Settings(tmp_path, schema=schema))
    window = QWidget()
    window.resize(1920, 1080)
    panel = StaffPanel(settings, {"zh": "中文", "en": "English"}, _actions(), Health(), window)
    window.show()
    panel.open_overlay()
    yield panel, settings
    panel.close_overlay()
    window.close()
    window.deleteLater()
    settle(qapp)


def test_a_setting_added_to_the_schema_is_a_working_row(panel_on_a_wider_schema: tuple[StaffPanel, LiveSettings], tmp_path: Path) -> None:
    panel, settings = panel_on_a_wider_schema
    assert list(panel.rows)[-3:] == ["clock_24h", "volume", "map_style"]  # in the schema's order, after the others
    assert "map_cache_mb" not in panel.rows  # not for staff
    clock, volume, style = panel.rows["clock_24h"], panel.rows["volume"], panel.rows["map_style"]
    assert isinstance(clock, SegmentsRow) and isinstance(volume, StepperRow) and isinstance(style, SegmentsRow)
    assert clock.label.text() == "24-hour clock" and [b.text() for b in clock.buttons.values()] == [translated("On"), translated("Off")]
    assert clock.buttons[True].isChecked() and not clock.buttons[False].isChecked()
    clock.buttons[False].click()
    volume.plus.click()  # 40 + 20 stops at the maximum, 50
    assert volume.value_label.text() == "50 %" and not volume.plus.isEnabled() and volume.minus.isEnabled()
    assert [b.text() for b in style.buttons.values()] == ["Terrain", "satellite"]  # a choice without a label shows its value
    style.buttons["satellite"].click()
    saved = Settings.load(tmp_path, schema=settings.store.schema)  # applied and saved through the panel
    assert (saved["clock_24h"], saved["volume"], saved["map_style"]) == (False, 50, "satellite")
    settings.change("clock_24h", True, save=False)  # changed elsewhere (kiosk config, a reload): the row follows
    settings.change("volume", 0, save=False)
    assert clock.buttons[True].isChecked() and not clock.buttons[False].isChecked()
    assert volume.value_label.text() == "0 %" and not volume.minus.isEnabled()


def test_a_row_that_cannot_be_saved_still_applies_and_the_panel_says_so(
    panel_on_a_wider_schema: tuple[StaffPanel, LiveSettings], tmp_path: Path
) -> None:
    panel, settings = panel_on_a_wider_schema
    (tmp_path / SETTINGS_FILE).mkdir()  # the file's place is taken: saving fails, as on a broken disk
    panel.rows["map_style"].buttons["satellite"].click()
    assert settings["map_style"] == "satellite"
    assert "could not be saved" in panel.status_label.text() or "无法保存" in panel.status_label.text()
    assert panel.rows["map_style"].buttons["satellite"].isChecked()


def test_a_setting_the_panel_cannot_show_is_refused_where_the_schema_is_written() -> None:
    with pytest.raises(ValueError, match="needs a label"):
        Setting("clock_24h", bool, True, "…", staff=True)
    with pytest.raises(ValueError, match="minimum, maximum and step"):
        Setting("volume", int, 40, "…", minimum=0, maximum=100, staff=True, label="Volume")
    with pytest.raises(ValueError, match="choices or choices_from"):
        Setting("greeting", str, "", "…", staff=True, label="Greeting")
    with pytest.raises(ValueError, match="not choices"):
        Setting("map_style", str, "terrain", "…", choices=("terrain",), choice_labels={"roads": "Roads"})


def test_each_row_is_its_label_beside_its_control_in_both_languages(kiosk: Kiosk, qapp: QApplication) -> None:
    """A switch reads as a switch: its name on the left, On and Off on the right, one row each, so two
    switches never read as one; labels and choices in the visitor's language of the staff."""
    panel = kiosk.staff.panel
    for language, attract, on in (("zh", "待机展示", "开"), ("en", "Attract loop", "On")):
        kiosk.language.set_language(language)
        panel.open_overlay()
        settle(qapp)
        row = panel.rows["attract_enabled"]
        assert row.label.text() == attract and row.buttons[True].text() == on
        spans = []
        for name, each in panel.rows.items():
            label, control = each.label.geometry(), each.geometry()
            assert label.right() < control.left(), name  # the name, then the control
            assert control.top() <= label.center().y() <= control.bottom(), name  # on the same row
            spans.append((control.top(), control.bottom()))
        assert all(above[1] < below[0] for above, below in pairwise(spans))  # one row each, no overlap
        panel.close_overlay()


def test_the_action_buttons_keep_their_spacing(kiosk: Kiosk, qapp: QApplication) -> None:
    """The buttons under 'Actions' never overlap (hidden widgets in their grid once took its spacing, and the
    card was laid out for the window's width instead of its own), and the question before quitting keeps
    the card's size."""
    panel = kiosk.staff.panel
    kiosk.language.set_language("en")
    panel.open_overlay()
    settle(qapp)
    buttons = [panel.reload_button, panel.attract_button, panel.quit_button]
    assert all(upper.geometry().bottom() < lower.geometry().top() for upper, lower in pairwise(buttons))
    height = panel.card.height()
    panel.quit_button.click()
    settle(qapp)
    assert panel.quit_confirm.isVisible() and panel.card.height() == height
    panel.quit_cancel.click()
    panel.close_overlay()


def test_the_opening_hours_line_still_follows_its_setting(panel_on_a_wider_schema: tuple[StaffPanel, LiveSettings]) -> None:
    """The panel's parts that are not settings stay as they were: the opening hours line follows a change
    of the schedule setting."""
    panel, settings = panel_on_a_wider_schema
    always_open = panel.hours_label.text()
    settings.change("opening_hours", "mon-sun 09:00-17:00", save=False)
    assert panel.hours_label.text() not in ("", always_open)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (1080, 1920)])
def test_rows_stand_apart_and_every_control_keeps_to_the_two_columns(kiosk: Kiosk, qapp: QApplication, width: int, height: int) -> None:
    """A rule between two settings and more space than between a row's own segments (two on/off rows
    read as one control of four); the stepper's - and + share the second column, none in a third."""
    kiosk.window.resize(width, height)
    panel = kiosk.staff.panel
    panel.open_overlay()
    settle(qapp)
    rows = list(panel.rows.values())
    assert len(panel.dividers) == len(rows) - 1
    for above, divider, below in zip(rows, panel.dividers, rows[1:], strict=False):
        assert above.geometry().bottom() < divider.geometry().top() <= divider.geometry().bottom() < below.geometry().top()
    segments = panel.rows["attract_enabled"]
    assert isinstance(segments, SegmentsRow)
    on, off = (segments.buttons[v].geometry() for v in (True, False))
    gap_inside = off.left() - on.right()
    gap_between = panel.rows["default_language"].geometry().top() - segments.geometry().bottom()
    assert gap_between > 2 * gap_inside
    stepper = panel.rows["idle_timeout_s"]
    assert isinstance(stepper, StepperRow)
    second = stepper.mapTo(panel, stepper.plus.geometry().topRight()).x()
    assert abs(second - segments.mapTo(panel, off.topRight()).x()) <= 2  # + ends where Off ends
    assert stepper.mapTo(panel, stepper.minus.geometry().topLeft()).x() >= segments.mapTo(panel, off.topLeft()).x() - 2
    panel.close_overlay()


@pytest.mark.logs("is not in the content")
def test_the_language_new_visitors_get_is_always_lit(kiosk: Kiosk, qapp: QApplication) -> None:
    """No default language set: the content's own is what new visitors get, and it is lit."""
    panel = kiosk.staff.panel
    row = panel.rows["default_language"]
    assert isinstance(row, SegmentsRow)
    for value, lit in (("", kiosk.content.dataset.default_language), ("en", "en"), ("fr", kiosk.content.dataset.default_language)):
        kiosk.settings.change("default_language", value, save=False)
        panel.open_overlay()
        assert [code for code, button in row.buttons.items() if button.isChecked()] == [lit], value
        panel.close_overlay()
