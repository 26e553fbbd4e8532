"""The staff side of the kiosk in one place: the PIN pad the hidden gesture opens, the staff panel
behind it, visitor insight, and what the guided and maintenance modes add on screen. While any of
them is open the session leaves input alone (it is staff, not a visitor)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from kiosk.core.content.install import Installer
from kiosk.core.hall.inbox import StickPacks
from kiosk.core.health import Health
from kiosk.core.paths import AppPaths
from kiosk.core.pin import PinGate
from kiosk.core.session import Mode
from kiosk.ui.insight_recorder import InsightRecorder
from kiosk.ui.layers import Layer
from kiosk.ui.lifecycle import quit_for_maintenance
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.navigation import Navigation
from kiosk.ui.opening_hours import HallHours
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.session_controller import SessionController
from kiosk.ui.staff.content_panel import ContentPanel
from kiosk.ui.staff.diagnostics import kiosk_source
from kiosk.ui.staff.health_text import insight_problem, start_notes
from kiosk.ui.staff.insight_panel import InsightPanel
from kiosk.ui.staff.mode_overlays import GuidedControls, MaintenanceInfo
from kiosk.ui.staff.overlay import Overlay
from kiosk.ui.staff.pin_pad import PinPad
from kiosk.ui.staff.staff_panel import StaffActions, StaffPanel


class FrameCounter(QObject):
    """Counts the window's repaint cycles over the last second, for the health display."""

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self._clock = clock
        self._stamps: deque[float] = deque(maxlen=240)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.UpdateRequest:
            self._stamps.append(self._clock())
        return False

    def per_second(self) -> int:
        now = self._clock()
        return sum(1 for t in self._stamps if now - t <= 1.0)


class StaffScreens(QObject):
    def __init__(
        self,
        window: KioskWindow,
        navigation: Navigation,
        session: SessionController,
        settings: LiveSettings,
        content: LiveContent,
        health: Health,
        hall: HallHours,
        insight: InsightRecorder,
        gate: PinGate,
        export_folders: Callable[[], list[Path]],
        loader: PhotoLoader,
        installer: Installer,
        drives: Callable[[], list[Path]],
        paths: AppPaths | None = None,  # the kiosk's folders: the staff panel then writes diagnostics to a stick
        packs: StickPacks | None = None,
        inbox_line: Callable[[], tuple[str, bool]] | None = None,
    ) -> None:
        """`packs`: content packs on a stick, judged as the inbox judges them; `inbox_line`: the content
        inbox's line for the health list, and whether staff must see it (kiosk/ui/content_inbox.py)."""
        super().__init__(window)
        self._packs = packs
        self._inbox_line = inbox_line
        self._window = window
        self._loader = loader
        self._installer = installer
        self._drives = drives
        self._session = session
        self._settings = settings
        self._content = content
        self._health = health
        self._hall = hall
        self._insight = insight
        self._export_folders = export_folders
        self.frames = FrameCounter(window)
        self.insight_panel: InsightPanel | None = None  # made when first opened (it imports pyqtgraph)
        self.content_panel: ContentPanel | None = None  # made when first opened
        actions = StaffActions(
            reload_content=content.reload,
            start_attract=session.start_attract_now,
            quit=lambda: quit_for_maintenance("staff panel"),
            status=self.status_parts,
            content=self.content_shown,
            hall=self._hall_state,
            set_hall=self._set_hall,
            open_insight=self.open_insight,
            open_content=self.open_content,
            diagnostics=kiosk_source(paths, settings, health, self.frames.per_second, export_folders) if paths is not None else None,
        )
        languages = {lang.code: lang.name for lang in content.dataset.languages}
        self.pin_pad = PinPad(gate, window)
        self.panel = StaffPanel(settings, languages, actions, health, window, content.dataset.default_language)
        self.guided = GuidedControls(window, navigation.step)
        self.maintenance = MaintenanceInfo(window, self.status_parts, self.content_shown, self.frames.per_second, health)
        self._overlays: list[Overlay] = [self.pin_pad, self.panel]
        for overlay in self._overlays:
            overlay.visibility_changed.connect(self._overlays_changed)
        # What covers the page, in the one order the window keeps whatever is added, raised or shown.
        layers = window.layers
        for button in self.guided.buttons:
            layers.put(button, Layer.MODE)
        layers.put(self.maintenance, Layer.MODE)
        layers.put(session.attract, Layer.ATTRACT)
        layers.put(session.still_there, Layer.STILL_THERE)
        layers.put(hall.screen, Layer.CLOSED)
        layers.put(self.panel, Layer.STAFF)
        layers.put(self.pin_pad, Layer.PIN)
        session.staff_requested.connect(self.pin_pad.open_overlay)
        self.pin_pad.accepted.connect(self.panel.open_overlay)
        settings.changed_signal("mode").connect(self._show_mode)
        window.rebuilt.connect(self._on_rebuilt)
        self._show_mode(settings["mode"])

    # --- what staff see ---------------------------------------------------------------------

    def content_shown(self) -> tuple[str, str]:
        """Which content is showing, in words, and the folder it is read from (the panel elides it)."""
        state, source = self._content.state, self._content.source
        if state.folder == source.bundled:
            return self.tr("Content: the bundled content"), str(state.folder)
        return self.tr("Content:"), str(state.folder)

    def status_parts(self) -> tuple[list[str], list[str]]:
        """(what staff must see, what only says all is well): where room is short, the second goes first.
        Each line a sentence in the staff's language; the log has the details in English."""
        state, source = self._content.state, self._content.source
        routine: list[str] = []
        lines: list[str] = []
        if state.rejected:
            lines.append(
                self.tr(
                    "The content in {folder} was refused: {count} problem(s), details in the log. The content before it is shown."
                ).format(folder=Path(str(source.requested or source.bundled)).name, count=max(1, len(state.rejected) - 1))
            )
        else:
            routine.append(self.tr("Content checked: no problems"))
        inbox, essential = self._inbox_line() if self._inbox_line is not None else ("", False)
        (lines if essential else routine).append(inbox)
        broken = self._loader.failed_files()
        if broken:
            named = ", ".join(dict.fromkeys(Path(reason.split(": ", 1)[0]).name for reason in broken[:3]))
            lines.append(self.tr("Photos that cannot be shown: {count} ({which})").format(count=len(broken), which=named))
        lines.append(insight_problem(self._insight.problem))
        lines += start_notes(self._health.notes)
        return [line for line in lines if line], [line for line in routine if line]

    def _hall_state(self) -> tuple[bool, bool, datetime | None]:
        state = self._hall.state()
        return state.open, state.overridden, state.until

    def _set_hall(self, choice: str) -> None:
        if choice == "schedule":
            self._hall.follow_schedule()
        else:
            self._hall.override(choice == "open")

    def open_insight(self) -> None:
        if self.insight_panel is None:
            window = self._window
            self.insight_panel = InsightPanel(
                self._insight.store,
                lambda: window.dataset,
                lambda: window.language.language,
                self._screen_miniature,
                self._export_folders,
                window.colours,
                window,
                int(self._settings["staff_panel_timeout_s"]) * 1000,
                kiosk_id=lambda: str(self._settings["kiosk_id"]),
            )
            self.insight_panel.visibility_changed.connect(self._overlays_changed)
            self.insight_panel.back.connect(self.panel.open_overlay)  # Back returns to the staff panel
            self._overlays.append(self.insight_panel)
            window.layers.put(self.insight_panel, Layer.STAFF)
        self.insight_panel.open_overlay()

    def open_content(self) -> None:
        if self.content_panel is None:
            self.content_panel = ContentPanel(
                self._settings,
                self._content,
                self._installer,
                self._drives,
                self._window,
                int(self._settings["staff_panel_timeout_s"]) * 1000,
                staff_language=lambda: self._window.language.language,  # the kiosk's language is the staff's
                packs=self._packs,
            )
            self.content_panel.visibility_changed.connect(self._overlays_changed)
            self._overlays.append(self.content_panel)
            self._window.layers.put(self.content_panel, Layer.STAFF)
        self.content_panel.open_overlay()

    def _screen_miniature(self) -> QImage:
        """The whole screen as a visitor sees it at rest, small: the ground of the touch heat map (taps
        are recorded as fractions of the whole window)."""
        window = self._window
        window.come_to_rest()
        return window.grab().toImage().scaledToWidth(640, Qt.TransformationMode.SmoothTransformation)

    # --- keeping order ----------------------------------------------------------------------

    @property
    def any_open(self) -> bool:
        return any(overlay.is_open for overlay in self._overlays)

    def _overlays_changed(self, _open: bool) -> None:
        self._session.set_staff_open(self.any_open)

    def _show_mode(self, mode: object) -> None:
        self.guided.set_visible(mode == Mode.GUIDED)
        self.maintenance.set_visible(mode == Mode.MAINTENANCE)

    def _on_rebuilt(self) -> None:
        """Pages and tabs were made anew in new colours (the window keeps them under what is open)."""
        if self.insight_panel is not None:
            self.insight_panel.heat_map.set_colours(self._window.colours)

    def close_all(self) -> None:
        for overlay in self._overlays:
            overlay.close_overlay()
