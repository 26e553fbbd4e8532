"""Start-up: application, fonts, content, language and the window, in the order that gets the first
frame on screen soonest."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLockFile, QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import resources
from kiosk.core.content import LoadResult, load_content
from kiosk.core.health import install_recent_errors
from kiosk.core.paths import AppPaths
from kiosk.core.settings import Settings
from kiosk.ui.fonts import load_bundled_fonts
from kiosk.ui.language import LanguageController
from kiosk.ui.main_window import KioskWindow, PhotoSettings
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.theme import FONT_FAMILY, use_theme

if TYPE_CHECKING:  # built just after the first frame (see complete_kiosk), imported then
    from kiosk.core.pin import PinGate
    from kiosk.ui.insight_recorder import InsightRecorder
    from kiosk.ui.opening_hours import HallHours
    from kiosk.ui.session_controller import SessionController
    from kiosk.ui.staff.insight_panel import InsightPanel
    from kiosk.ui.staff.pin_pad import PinPad
    from kiosk.ui.staff.staff_panel import StaffPanel

log = logging.getLogger(__name__)


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("lna-kiosk")
    return app


@dataclass
class Kiosk:
    window: KioskWindow
    language: LanguageController
    content: LoadResult
    loader: PhotoLoader | None = None
    problems: list[str] = field(default_factory=list)  # for staff: what is wrong but survivable
    session: SessionController | None = None
    settings: Settings | None = None
    pin_pad: PinPad | None = None
    staff_panel: StaffPanel | None = None
    unattended: QObject | None = None
    crash_guard: object | None = None
    hall: HallHours | None = None
    insight: InsightRecorder | None = None
    insight_panel: InsightPanel | None = None
    data_dir: Path | None = None  # visitor insight lives here (None: not recorded)
    wall_clock: Callable[[], datetime] = datetime.now  # opening hours

    def shutdown(self) -> None:
        if self.insight is not None:
            self.insight.close()
        if self.hall is not None:
            self.hall.timer.stop()
        if self.session is not None:
            self.session.shutdown()
        if self.loader is not None:
            self.loader.shutdown()
        self.window.close()
        self.language.release()
        self.window.deleteLater()
        self.language.deleteLater()
        # Delete now, not at the next turn of an event loop that may never come (tests, commands).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def load_content_with_fallback(content_dir: Path | None) -> tuple[LoadResult, list[str]]:
    """The exhibitor's content if it is valid; otherwise the bundled content and why."""
    bundled = resources.bundled_content_dir()
    notes: list[str] = []
    if content_dir is not None and content_dir.resolve() != bundled.resolve():
        result = load_content(content_dir)
        if result.ok:
            return result, notes
        notes.append(f"content in {content_dir} has {len(result.problems)} problem(s); showing the bundled content")
        notes += [str(p) for p in result.problems]
    result = load_content(bundled)
    if not result.ok:
        notes += [str(p) for p in result.problems]
    return result, notes


def build_kiosk(
    content_dir: Path | None,
    settings: Settings,
    *,
    language: str | None = None,
    cache_dir: Path | None = None,
    data_dir: Path | None = None,
    wall_clock: Callable[[], datetime] = datetime.now,
    clock: Callable[[], float] = time.monotonic,
    deferred: bool = False,
) -> Kiosk:
    """The whole kiosk. `cache_dir` holds prepared photos across restarts (None: memory only);
    `clock` drives idle time and `wall_clock` opening hours (tests pass their own); visitor insight is
    recorded in `data_dir` (None: not recorded). With `deferred`, only what the first frame
    shows is built now; the other pages, the attract loop, the session and the staff screens are
    built right after that frame (run_kiosk uses this; everything else gets the whole kiosk at once)."""
    app = ensure_application()
    install_recent_errors()  # the staff panel lists recent warnings and errors
    problems = load_bundled_fonts(resources.fonts_dir())
    font = app.font()
    font.setFamilies([FONT_FAMILY, *font.families()])
    app.setFont(font)

    content, notes = load_content_with_fallback(content_dir)
    problems += notes
    for note in notes:
        log.error(note)
    if not content.ok:
        raise SystemExit("the bundled content is broken:\n" + "\n".join(notes))
    dataset, formatter = content.dataset, content.formatter
    assert dataset is not None and formatter is not None
    initial = language or settings["default_language"] or dataset.default_language
    if initial not in dataset.language_codes:
        problems.append(f"default language '{initial}' is not in the content; using {dataset.default_language}")
        initial = dataset.default_language
    controller = LanguageController(resources.translations_dir(), dataset.language_codes, initial, parent=app)
    problems += controller.problems
    still = settings["reduced_motion"]
    use_theme(settings["theme"])
    loader = PhotoLoader(cache_dir / "photos" if cache_dir else None, parent=app)
    photos = PhotoSettings(loader, content.folder, settings["carousel_interval_ms"], settings["lightbox_timeout_ms"])
    window = KioskWindow(
        dataset,
        formatter,
        controller,
        swipe_distance=settings["swipe_distance"],
        transition_ms=0 if still else settings["page_transition_ms"],
        motion_ms=0 if still else settings["chart_animation_ms"],
        photos=photos,
        lazy_pages=deferred,
    )
    kiosk = Kiosk(window, controller, content, loader, problems, None, settings, data_dir=data_dir, wall_clock=wall_clock)
    if deferred:
        # Queued before build_charts' own zero-delay timer: pages first, then their charts.
        window.first_frame.connect(lambda: QTimer.singleShot(0, window, lambda: complete_kiosk(kiosk, clock)))
    else:
        complete_kiosk(kiosk, clock)
    return kiosk


def complete_kiosk(kiosk: Kiosk, clock: Callable[[], float]) -> None:
    """Everything the first frame does not show: the other pages, the attract loop and the session
    that runs it, and the staff screens."""
    if kiosk.session is not None:
        return
    from kiosk.core.pin import PinGate
    from kiosk.core.session import Mode, SessionConfig
    from kiosk.ui.attract.attract_view import AttractView
    from kiosk.ui.session_controller import SessionController

    window, settings, dataset = kiosk.window, kiosk.settings, kiosk.window.dataset
    assert settings is not None and kiosk.content.formatter is not None
    window.ensure_views()
    default_language = settings["default_language"] if settings["default_language"] in dataset.language_codes else dataset.default_language
    attract = AttractView(
        dataset,
        kiosk.content.formatter,
        kiosk.language,
        kiosk.loader,
        kiosk.content.folder,
        still=settings["reduced_motion"],
        parent=window,
    )
    kiosk.session = SessionController(
        window,
        attract,
        SessionConfig(settings["idle_timeout_s"], settings["warning_s"], settings["attract_enabled"]),
        Mode(settings["mode"]),
        default_language,
        clock=clock,
    )
    _add_insight(kiosk, clock)
    from kiosk.core.schedule import WeeklySchedule
    from kiosk.ui.opening_hours import HallHours

    kiosk.hall = HallHours(
        kiosk.session,
        WeeklySchedule.parse(settings["opening_hours"]),
        settings["closed_display"],
        kiosk.wall_clock,
        override_file=settings.folder / "opening_override.json",  # staff "close now" survives a restart
    )
    _add_staff(kiosk, PinGate(settings.folder), clock)


def _screen_miniature(window: KioskWindow) -> QImage:
    """The whole screen as a visitor sees it at rest, small: the ground of the touch heat map (taps
    are recorded as fractions of the whole window)."""
    window.views[window.current_index].finish_animation()
    return window.grab().toImage().scaledToWidth(640, Qt.TransformationMode.SmoothTransformation)


def _add_insight(kiosk: Kiosk, clock: Callable[[], float]) -> None:
    """Visitor insight: recorded by listening to the session; a store that cannot open is a problem for
    staff, never for visitors."""
    if kiosk.data_dir is None or kiosk.session is None:
        return
    from kiosk.core.insight import InsightError, InsightStore
    from kiosk.ui.insight_recorder import InsightRecorder

    try:
        store = InsightStore(kiosk.data_dir / "insight.db", clock=lambda: kiosk.wall_clock().timestamp())
    except InsightError as exc:
        log.error("visitor insight is off: %s", exc)
        kiosk.problems.append(f"visitor insight is off: {exc}")
        return
    for problem in store.problems:
        log.warning(problem)
    kiosk.problems += store.problems
    kiosk.insight = InsightRecorder(store, kiosk.window, kiosk.session, clock)


class FrameCounter(QObject):
    """Counts the window's repaint cycles over the last second, for the health display."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._stamps: deque[float] = deque(maxlen=240)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.UpdateRequest:
            self._stamps.append(time.monotonic())
        return False

    def per_second(self) -> int:
        now = time.monotonic()
        return sum(1 for t in self._stamps if now - t <= 1.0)


def _add_staff(kiosk: Kiosk, gate: PinGate, clock: Callable[[], float]) -> None:
    """The PIN pad, the staff panel and the mode overlays, wired to the session and the settings."""
    from kiosk.core.session import Mode
    from kiosk.ui.staff.mode_overlays import GuidedControls, MaintenanceInfo
    from kiosk.ui.staff.pin_pad import PinPad
    from kiosk.ui.staff.staff_panel import StaffActions, StaffPanel

    window, session, settings = kiosk.window, kiosk.session, kiosk.settings
    assert session is not None and settings is not None
    frames = FrameCounter(window)

    def health() -> dict[str, str]:
        return {
            "fps": str(frames.per_second()),
            "folder": str(kiosk.content.folder),
            "content_ok": "1" if kiosk.content.ok else "0",
            "content_problems": str(len(kiosk.content.problems)),
        }

    guided = GuidedControls(window, lambda step: window.show_page(window.current_index + step))
    maintenance = MaintenanceInfo(window, health)

    def show_mode(mode: Mode) -> None:
        guided.set_visible(mode is Mode.GUIDED)
        maintenance.set_visible(mode is Mode.MAINTENANCE)

    def apply_setting(name: str, value: object) -> None:
        settings.set(name, value)
        if name == "mode":
            session.set_mode(Mode(str(value)))
            show_mode(Mode(str(value)))
        elif name == "default_language":
            session.default_language = str(value)
        elif name == "idle_timeout_s":
            session.machine.config.idle_timeout_s = float(value)  # type: ignore[arg-type]
        elif name == "attract_enabled":
            session.machine.config.attract_enabled = bool(value)
        elif name == "reduced_motion":
            still = bool(value)
            window.set_motion(0 if still else settings["chart_animation_ms"], 0 if still else settings["page_transition_ms"])
            session.attract.set_still(still)
        elif name == "theme":
            window.set_theme(str(value))
        elif name == "opening_hours" and kiosk.hall is not None:
            from kiosk.core.schedule import WeeklySchedule

            kiosk.hall.set_schedule(WeeklySchedule.parse(str(value)))
        elif name == "closed_display" and kiosk.hall is not None:
            kiosk.hall.set_closed_display(str(value))
        settings.save()  # may raise OSError: the panel says it applied but was not saved

    def reload_content() -> list[str]:
        result = load_content(kiosk.content.folder)
        if not result.ok or result.dataset is None or result.formatter is None:
            log.error("content reload refused: %d problem(s); keeping the last good content", len(result.problems))
            return [str(p) for p in result.problems]
        kiosk.content = result
        window.set_content(result.dataset, result.formatter)
        session.attract.set_content(result.dataset, result.formatter)
        log.info("content reloaded from %s", result.folder)
        return []

    def quit_kiosk() -> None:
        log.info("quit for maintenance from the staff panel")
        QApplication.quit()

    def hall() -> tuple[bool, bool, datetime | None]:
        if kiosk.hall is None:
            return True, False, None
        state = kiosk.hall.state()
        return state.open, state.overridden, state.until

    def set_hall(choice: str) -> None:
        if kiosk.hall is None:
            return
        if choice == "schedule":
            kiosk.hall.follow_schedule()
        else:
            kiosk.hall.override(choice == "open")

    def open_insight() -> None:
        if kiosk.insight is None:
            return
        if kiosk.insight_panel is None:
            from kiosk.core.export_targets import export_folders
            from kiosk.ui.staff.insight_panel import InsightPanel

            own = kiosk.data_dir / "exports" if kiosk.data_dir is not None else Path.home()
            kiosk.insight_panel = InsightPanel(
                kiosk.insight.store,
                lambda: window.dataset,
                lambda: kiosk.language.language,
                lambda: _screen_miniature(window),
                lambda: export_folders(own),
                window,
                settings["staff_panel_timeout_s"] * 1000,
            )
        kiosk.insight_panel.open_overlay()

    def extra_problems() -> list[str]:
        problem = kiosk.insight.problem if kiosk.insight is not None else ""
        return [QCoreApplication.translate("StaffPanel", "Visitor insight: {problem}").format(problem=problem)] if problem else []

    languages = {lang.code: lang.name for lang in window.dataset.languages}
    actions = StaffActions(
        apply_setting,
        reload_content,
        session.start_attract_now,
        quit_kiosk,
        health,
        hall=hall,
        set_hall=set_hall,
        open_insight=open_insight if kiosk.insight is not None else None,
        extra_problems=extra_problems,
    )
    kiosk.pin_pad = PinPad(gate, clock, window)
    kiosk.staff_panel = StaffPanel(settings, languages, actions, window)
    session.staff_requested.connect(kiosk.pin_pad.open_overlay)
    kiosk.pin_pad.accepted.connect(kiosk.staff_panel.open_overlay)
    session.staff_open = lambda: (
        kiosk.pin_pad.isVisible()  # type: ignore[union-attr]
        or kiosk.staff_panel.isVisible()  # type: ignore[union-attr]
        or (kiosk.insight_panel is not None and kiosk.insight_panel.isVisible())
    )
    show_mode(session.machine.mode)


def acquire_single_instance(paths: AppPaths) -> QLockFile | None:
    paths.runtime.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(paths.runtime / "kiosk.lock"))
    lock.setStaleLockTime(0)  # only a dead owner's lock is stale, never a slow one
    if lock.tryLock(200):
        return lock
    return None


HEAVY_MODULES = ("pyqtgraph", "numpy")


def _loaded(prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in sys.modules if m.split(".")[0] in prefixes and "." not in m)


def _report_first_frame(window: KioskWindow, started: float) -> None:
    """--first-frame-report: what was loaded when the first frame was painted, then quit once the
    deferred work (charts) is done. Used by tests and benchmarks."""
    report: dict[str, object] = {}

    def on_first_frame() -> None:
        report["first_frame_s"] = round(time.perf_counter() - started, 4)
        report["first_frame_at"] = time.time()  # wall clock: a parent process measures from its spawn
        report["heavy_at_first_frame"] = _loaded(HEAVY_MODULES)

    def after_charts() -> None:
        report["charts_built"] = window.charts_built
        report["heavy_after_charts"] = _loaded(HEAVY_MODULES)
        print(json.dumps(report), flush=True)
        QApplication.quit()

    window.first_frame.connect(on_first_frame)
    window.first_frame.connect(lambda: QTimer.singleShot(0, after_charts))  # queued behind build_charts


def run_kiosk(
    *, content_dir: Path | None, windowed: bool, screen: int | None, language: str | None, paths: AppPaths, report: bool = False
) -> int:
    started = time.perf_counter()
    app = ensure_application()
    lock = acquire_single_instance(paths)
    if lock is None:
        info = QLockFile(str(paths.runtime / "kiosk.lock")).getLockInfo()  # PySide: (pid, host, app)
        pid = next((v for v in info if isinstance(v, int) and not isinstance(v, bool)), "?")
        print(f"kiosk: another kiosk is already running (pid {pid}, lock {paths.runtime / 'kiosk.lock'}); exiting.", file=sys.stderr)
        return 3
    settings = Settings.load(paths.config)
    for warning in settings.warnings:
        log.warning(warning)
    kiosk = build_kiosk(content_dir, settings, language=language, cache_dir=paths.cache, data_dir=paths.data, deferred=True)
    window = kiosk.window
    if report:
        _report_first_frame(window, started)
    screens = app.screens()
    index = settings["screen"] if screen is None else screen
    if not 0 <= index < len(screens):
        log.warning("screen %d does not exist (%d screen(s)); using screen 0", index, len(screens))
        index = 0
    target = screens[index]
    if windowed:
        available = target.availableGeometry()
        window.resize(min(1600, available.width()), min(900, available.height()))
        window.move(available.center() - window.rect().center())
        window.show()
    else:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.setGeometry(target.geometry())
        window.showFullScreen()
        app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))

    def after_first_frame() -> None:  # not needed to show the first frame: started right after it
        from kiosk.ui.crash_guard import CrashGuard
        from kiosk.ui.unattended import Unattended

        kiosk.crash_guard = CrashGuard(lambda: window.reset_session(window.language.language))
        kiosk.unattended = Unattended(
            kiosk,
            index,
            fullscreen=not windowed,
            keep_awake=settings["keep_awake"] and not windowed,
            daily_restart=settings["daily_restart"],
        )

    window.first_frame.connect(lambda: QTimer.singleShot(0, window, after_first_frame))
    log.info(
        "kiosk started: content %s, language %s, screen %d%s",
        kiosk.content.folder,
        kiosk.language.language,
        index,
        " (windowed)" if windowed else "",
    )
    code = app.exec()
    if kiosk.insight is not None:
        kiosk.insight.close()  # the visit in progress ends with the kiosk, at its last touch
    lock.unlock()
    return code
