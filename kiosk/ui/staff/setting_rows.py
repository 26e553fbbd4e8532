"""The staff panel's setting rows, made from the settings schema: every setting marked `staff=True`
gets a row, its translated label beside one control for its type (on/off segments for a switch, segments
for choices, a stepper with - and + for a whole number). A row shows the value LiveSettings announces for
its setting, and a tap goes through the panel's save path, which says when saving failed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.core.settings import LABELS, QT_TRANSLATE_NOOP, Setting
from kiosk.ui.live import LiveSettings
from kiosk.ui.widgets.labels import role_label

Change = Callable[[str, object], None]  # the panel's save path: apply, save, say what went wrong
ChoiceSources = Mapping[str, Mapping[str, str]]  # a schema's `choices_from` -> {value: name shown as is}

SWITCH = ((True, QT_TRANSLATE_NOOP("Settings", "On")), (False, QT_TRANSLATE_NOOP("Settings", "Off")))
PER_LINE = 2  # segments side by side before they wrap to the next line (four modes in two lines)
SPACING = 10  # between the segments of a row


def staff_button(parent: QWidget, role: str = "staff-choice", checkable: bool = True) -> QPushButton:
    button = QPushButton(parent)
    button.setProperty("role", role)
    button.setCheckable(checkable)
    return button


def translated(text: str) -> str:
    """A schema label in the current language (the schema marks it; Qt's translators hold it)."""
    return QCoreApplication.translate(LABELS, text)


@dataclass(frozen=True)
class Option:
    value: object
    text: str
    translate: bool  # a label from the schema; False for a name the content gives (a language's own name)

    def shown(self) -> str:
        return translated(self.text) if self.translate else self.text


def options_for(spec: Setting, sources: ChoiceSources) -> list[Option]:
    """The segments a switch or a choice shows, in order."""
    if spec.type is bool:
        return [Option(value, text, True) for value, text in SWITCH]
    if spec.choices_from is not None:
        return [Option(value, name, False) for value, name in sources.get(spec.choices_from, {}).items()]
    return [Option(value, spec.choice_labels.get(value, value), value in spec.choice_labels) for value in spec.choices or ()]


class SettingRow(QWidget):
    """One setting's control. `label` is a separate widget (the panel lines the labels up in a column),
    so a switch's state never reads as part of the next row's name."""

    def __init__(self, spec: Setting, settings: LiveSettings, change: Change, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec = spec
        self._settings = settings
        self._change = change
        self.label = role_label("figure-label", parent)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        settings.changed_signal(spec.name).connect(self.show_value)

    @property
    def value(self) -> Any:
        return self._settings[self.spec.name]

    def set_value(self, value: object) -> None:
        """Through the panel's save path; then the control shows what the setting holds (a refused or
        unchanged value included: nothing is announced then)."""
        self._change(self.spec.name, value)
        self.show_value(self.value)

    def retranslate(self) -> None:
        self.label.setText(translated(self.spec.label))
        self.show_value(self.value)

    def show_value(self, value: object) -> None:
        raise NotImplementedError


def _two_columns(row: QWidget) -> QGridLayout:
    """Every row's control on the same two equal columns, so nothing sits in a column of its own."""
    grid = QGridLayout(row)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(SPACING)
    for column in range(PER_LINE):
        grid.setColumnStretch(column, 1)
    return grid


class SegmentsRow(SettingRow):
    """On/off or one of a few choices: a segment each, the one in force highlighted. A setting that
    holds none of them (a default language left empty: the content's own) lights `implied`, the one
    that then applies, so one segment is always lit."""

    def __init__(
        self, spec: Setting, settings: LiveSettings, change: Change, parent: QWidget, options: Sequence[Option], implied: object = None
    ) -> None:
        super().__init__(spec, settings, change, parent)
        self.options = list(options)
        self.implied = implied
        self.buttons: dict[object, QPushButton] = {}
        grid = _two_columns(self)
        for i, option in enumerate(self.options):
            button = staff_button(self)
            button.clicked.connect(lambda _=False, value=option.value: self.set_value(value))
            grid.addWidget(button, i // PER_LINE, i % PER_LINE)
            self.buttons[option.value] = button

    def retranslate(self) -> None:
        for option in self.options:
            self.buttons[option.value].setText(option.shown())
        super().retranslate()

    def show_value(self, value: object) -> None:
        lit = value if value in self.buttons else self.implied
        for option_value, button in self.buttons.items():
            button.setChecked(option_value == lit)


class StepperRow(SettingRow):
    """A whole number, on the same two columns as the segments: the value in the first, - and + by the
    schema's step (within its range) side by side in the second."""

    def __init__(self, spec: Setting, settings: LiveSettings, change: Change, parent: QWidget) -> None:
        super().__init__(spec, settings, change, parent)
        self.minus, self.plus = staff_button(self, "staff-step", False), staff_button(self, "staff-step", False)
        self.minus.setText("−")
        self.plus.setText("+")
        self.value_label: QLabel = role_label("headline", self, wrap=False)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Its column as wide as the segments' first (a number is short): the steps then share the second.
        for part in (self.value_label, self.minus, self.plus):
            part.setSizePolicy(QSizePolicy.Policy.Ignored, part.sizePolicy().verticalPolicy())
        self.minus.clicked.connect(lambda: self.step(-1))
        self.plus.clicked.connect(lambda: self.step(1))
        grid = _two_columns(self)
        grid.addWidget(self.value_label, 0, 0)
        self.steps = steps = QHBoxLayout()
        steps.setSpacing(SPACING)
        steps.addWidget(self.minus, 1)
        steps.addWidget(self.plus, 1)
        grid.addLayout(steps, 0, 1)

    def step(self, direction: int) -> None:
        self.set_value(self.spec.clamped(int(self.value) + direction * (self.spec.step or 1)))

    def show_value(self, value: object) -> None:
        number = int(value)  # type: ignore[call-overload]
        self.value_label.setText(translated(self.spec.shown_as).format(value=number))
        self.minus.setEnabled(number != self.spec.clamped(number - 1))  # a step would still move it
        self.plus.setEnabled(number != self.spec.clamped(number + 1))


def _column_need(row: SettingRow) -> int:
    """The narrowest one of the row's two columns can be: its widest segment, or both steps side by side."""

    def least(button: QPushButton) -> int:
        return max(button.minimumWidth(), button.minimumSizeHint().width())

    if isinstance(row, StepperRow):
        return least(row.minus) + least(row.plus) + row.steps.spacing()  # as the window's scale left it
    if isinstance(row, SegmentsRow):
        return max((least(button) for button in row.buttons.values()), default=0)
    return 0


def align_columns(rows: Sequence[SettingRow]) -> None:
    """Every row's two columns equally wide, wide enough for the widest's content (the steps at their
    touch size): the stepper's - and + then line up under the segments, not in a column of their own.
    Called once the style has sized the buttons (on open: the scale may have changed)."""
    need = max((_column_need(row) for row in rows), default=0)
    for row in rows:
        grid = row.layout()
        row.setMinimumWidth(PER_LINE * need + (grid.spacing() if grid is not None else SPACING))


def make_row(
    spec: Setting,
    settings: LiveSettings,
    change: Change,
    parent: QWidget,
    sources: ChoiceSources,
    implied: Mapping[str, object] | None = None,
) -> SettingRow:
    """The control for the setting's type (the schema checked that the panel has one). `implied`: by
    `choices_from`, the choice that applies when the setting holds none of them."""
    if spec.type is int:
        return StepperRow(spec, settings, change, parent)
    fallback = (implied or {}).get(spec.choices_from) if spec.choices_from is not None else None
    return SegmentsRow(spec, settings, change, parent, options_for(spec, sources), fallback)


def setting_rows(
    settings: LiveSettings, change: Change, parent: QWidget, sources: ChoiceSources, implied: Mapping[str, object] | None = None
) -> dict[str, SettingRow]:
    """A row for every setting of the schema that staff may change, in the schema's order."""
    return {spec.name: make_row(spec, settings, change, parent, sources, implied) for spec in settings.store.schema if spec.staff}
