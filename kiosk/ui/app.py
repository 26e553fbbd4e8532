"""Start-up: the application, fonts, settings, content, language and the window, in the order that gets
the first frame on screen soonest; then, right after that frame, the rest of the kiosk. Everything is
made here and handed to what needs it: nothing below reaches back up for a part."""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QLockFile, Qt, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from kiosk import resources
from kiosk.core.clocks import SYSTEM_CLOCKS, Clocks
from kiosk.core.content.source import BundledContentError, ContentSource
from kiosk.core.health import Health
from kiosk.core.paths import AppPaths, UnsafeFolderError
from kiosk.core.service import EXIT_ALREADY_RUNNING, EXIT_ERROR, EXIT_STOPPED, describe_exit
from kiosk.core.settings import Settings
from kiosk.ui.application import Early, acquire_single_instance, ensure_application
from kiosk.ui.fonts import CoverageOnFirstUse, load_bundled_fonts
from kiosk.ui.language import LanguageController
from kiosk.ui.lifecycle import CloseGuard, QuitOnSignal, ServiceLink
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.navigation import Navigation
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.theme import FONT_FAMILY
from kiosk.ui.views.page_stack import PageStack

if TYPE_CHECKING:  # built just after the first frame, and imported then (see complete_kiosk)
    from kiosk.core.commands import CommandRunner
    from kiosk.core.insight import InsightStore
    from kiosk.ui.content_inbox import ContentInbox
    from kiosk.ui.insight_recorder import InsightRecorder
    from kiosk.ui.metrics_writer import MetricsWriter
    from kiosk.ui.opening_hours import HallHours
    from kiosk.ui.session_controller import SessionController
    from kiosk.ui.staff.staff_screens import StaffScreens
    from kiosk.ui.start_window import StartPicture

log = logging.getLogger(__name__)
OVERRIDE_FILE = "opening_override.json"
T = TypeVar("T")


@dataclass(frozen=True)
class Shell:
    """What the first frame needs, and what everything after it builds on."""

    app: QApplication
    paths: AppPaths
    clocks: Clocks
    health: Health
    settings: LiveSettings
    content: LiveContent
    language: LanguageController
    loader: PhotoLoader
    navigation: Navigation  # where the visitor is: page, sections, what is open, their choices
    window: KioskWindow

    @property
    def pages(self) -> PageStack:
        return self.window.pages

    def shutdown(self) -> None:
        self.loader.shutdown()
        self.window.close()
        self.language.release()
        for part in (self.window, self.navigation, self.language, self.settings, self.content, self.loader):
            part.deleteLater()
        self.health.uninstall()
        # Delete now, not at the next turn of an event loop that may never come (tests, commands).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@dataclass(frozen=True)
class Kiosk(Shell):
    """The whole kiosk: the shell and everything built on it, every part there, none optional."""

    session: SessionController
    hall: HallHours
    insight: InsightRecorder
    staff: StaffScreens
    runner: CommandRunner
    metrics: MetricsWriter
    inbox: ContentInbox

    def shutdown(self) -> None:
        self.metrics.stop()  # first: its last figures read the visitor records
        self.inbox.shutdown()
        self.staff.close_all()
        self.insight.close()  # the visit in progress ends with the kiosk, at its last touch
        self.hall.shutdown()
        self.session.shutdown()
        self.runner.shutdown()
        super().shutdown()


def build_shell(
    paths: AppPaths,
    settings: Settings,
    *,
    content_dir: Path | None = None,
    language: str | None = None,
    clocks: Clocks = SYSTEM_CLOCKS,
    lazy_pages: bool = False,
) -> Shell:
    """The window with its content, settings and language. `content_dir`: a folder for this run (None:
    the `content` setting's, else the bundled content). `lazy_pages`: only the home page now, the rest
    with complete_kiosk."""
    app = ensure_application()
    health = Health(clocks.monotonic)
    health.install()  # the staff panel lists recent warnings and errors
    for warning in settings.warnings:  # a settings file that could not be used, in part or whole
        log.warning(warning)
        health.notes.append(warning)
    health.notes += load_bundled_fonts(resources.fonts_dir())
    font = app.font()
    font.setFamilies([FONT_FAMILY, *font.families()])
    app.setFont(font)
    live_settings = LiveSettings(settings, parent=app)
    chosen = content_dir if content_dir is not None else (Path(settings["content"]) if settings["content"] else None)
    try:
        content = LiveContent(ContentSource(chosen, resources.bundled_content_dir(), CoverageOnFirstUse(resources.fonts_dir())), parent=app)
    except BundledContentError as exc:
        health.uninstall()
        raise SystemExit(str(exc)) from exc
    content.follow(live_settings)
    health.notes += list(content.state.rejected[:1])
    dataset = content.dataset
    initial = language or settings["default_language"] or dataset.default_language
    if initial not in dataset.language_codes:
        health.notes.append(f"language '{initial}' is not in the content; using {dataset.default_language}")
        log.warning(health.notes[-1])
        initial = dataset.default_language
    controller = LanguageController(resources.translation_dirs(), dataset.language_codes, initial, parent=app)
    health.notes += controller.problems
    loader = PhotoLoader(paths.cache / "photos", parent=app)
    navigation = Navigation(controller, len(dataset.pages), parent=app)
    window = KioskWindow(content, live_settings, controller, loader, navigation, lazy_pages=lazy_pages)
    return Shell(app, paths, clocks, health, live_settings, content, controller, loader, navigation, window)


class Parts:
    """Builds the kiosk's parts one at a time. `alone`: a part that raises is left out, logged with its
    traceback and named for staff (the staff panel's recent problems), and so are the parts that need
    it; the others are still built. Otherwise (tests, commands) the first failure is raised. Once
    `stopping` says so, nothing more is built (a stop signal came: the kiosk ends sooner)."""

    def __init__(self, health: Health, *, alone: bool, stopping: Callable[[], bool] = lambda: False) -> None:
        self._health = health
        self._alone = alone
        self._stopping = stopping
        self.failed: list[str] = []  # one line per part left out, saying why

    def make(self, name: str, make: Callable[[], T], needs: tuple[object, ...] = ()) -> T | None:
        if self._stopping():
            return None
        if any(need is None for need in needs):
            self._note(f"{name} not built: a part it needs could not be built")
            return None
        if not self._alone:
            return make()
        try:
            return make()
        except Exception as exc:
            self._note(f"{name} could not be built ({type(exc).__name__}: {exc}); the kiosk runs without it", exc)
            return None

    def _note(self, note: str, exc: BaseException | None = None) -> None:
        log.error(note, exc_info=exc)
        self._health.notes.append(note)
        self.failed.append(note)


@dataclass
class Rest:
    """What the first frame does not need, each None when it (or a part it needs) could not be built."""

    session: SessionController | None = None
    hall: HallHours | None = None
    insight: InsightRecorder | None = None
    staff: StaffScreens | None = None
    runner: CommandRunner | None = None
    metrics: MetricsWriter | None = None
    inbox: ContentInbox | None = None
    failed: list[str] = field(default_factory=list)

    def stop(self, loader: PhotoLoader, exit_code: int = EXIT_STOPPED) -> None:
        """At the end of the kiosk, each part alone (one that fails to stop does not keep the others
        from it): the visit in progress ends at its last touch, the screen saver is given back, no
        Python runs for Qt's events while the process tears down."""
        metrics = self.metrics
        steps: list[tuple[str, Callable[[], None] | None]] = [
            ("the metrics file (its last figures read the visitor records)", (lambda: metrics.stop(exit_code)) if metrics else None),
            ("the content inbox (a scan or install is cancelled)", self.inbox.shutdown if self.inbox else None),
            ("the staff screens (a content install is cancelled)", self.staff.close_all if self.staff else None),
            ("the visit in progress", self.insight.close if self.insight else None),
            ("opening hours", self.hall.shutdown if self.hall else None),
            ("the session", self.session.shutdown if self.session else None),
            ("photo loading", loader.shutdown),
            ("external commands", self.runner.shutdown if self.runner else None),
        ]
        for name, step in steps:
            if step is None:
                continue
            try:
                step()
            except Exception:
                log.exception("could not stop %s", name)


def build_rest(shell: Shell, *, alone: bool = False, stopping: Callable[[], bool] = lambda: False) -> Rest:
    """Everything the first frame does not show: the other pages, the attract loop and the session
    that runs it, opening hours, visitor insight and the staff screens. `alone`, `stopping`: see Parts."""
    from kiosk.core.commands import CommandRunner
    from kiosk.core.export_targets import export_folders, removable_drives
    from kiosk.core.hall.inbox import PackInstaller, StickPacks
    from kiosk.core.pin import PinGate
    from kiosk.ui.attract.attract_view import AttractView
    from kiosk.ui.content_inbox import ContentInbox
    from kiosk.ui.insight_recorder import InsightRecorder
    from kiosk.ui.metrics_writer import MetricsWriter, Watched
    from kiosk.ui.opening_hours import HallHours, xset_display_power
    from kiosk.ui.session_controller import SessionController
    from kiosk.ui.staff.staff_screens import StaffScreens

    window, settings, paths, clocks = shell.window, shell.settings, shell.paths, shell.clocks
    parts = Parts(shell.health, alone=alone, stopping=stopping)
    parts.make("the other pages", shell.pages.ensure_views)
    window.swipe.listen()  # if the first frame has not started it: before the session's filter, which must see input first
    attract = parts.make("the attract loop", lambda: AttractView(shell.content, settings, shell.language, shell.loader, parent=window))
    session = parts.make(
        "the session", lambda: SessionController(window, shell.navigation, _built(attract), settings, clock=clocks.monotonic), (attract,)
    )
    insight = parts.make(
        "visitor insight",
        lambda: InsightRecorder(
            _open_insight_store(paths, clocks, shell.health), window, shell.navigation, _built(session), clocks.monotonic
        ),
        (session,),
    )
    runner = parts.make("external commands", CommandRunner)
    hall = parts.make(
        "opening hours",
        lambda: HallHours(_built(session), settings, clocks.wall, paths.config / OVERRIDE_FILE, xset_display_power(_built(runner))),
        (session, runner),
    )

    def pin_gate() -> PinGate:
        gate = PinGate(paths.config, clocks.wall_seconds, fallback=paths.data)
        for problem in gate.problems:
            log.warning(problem)
        return gate

    gate = parts.make("the staff PIN", pin_gate)
    # One installer for content from USB and the inbox (one install at a time), judged as at start and by `kiosk check`.
    installer = PackInstaller(paths.data, clocks.wall, glyphs=shell.content.source.glyphs, keys=lambda: str(settings["content_keys"]))
    inbox = parts.make(
        "the content inbox",
        lambda: ContentInbox(settings, shell.content, _built(session), installer, clocks.monotonic, clocks.wall_seconds),
        (session,),
    )
    staff = parts.make(
        "the staff screens",
        lambda: StaffScreens(
            window,
            shell.navigation,
            _built(session),
            settings,
            shell.content,
            shell.health,
            _built(hall),
            _built(insight),
            _built(gate),
            lambda: export_folders(paths.data / "exports"),
            shell.loader,
            installer,
            removable_drives,
            paths=paths,
            packs=StickPacks(installer),
            inbox_line=inbox.staff_line if inbox is not None else None,
        ),
        (session, hall, insight, gate),
    )
    metrics = parts.make(
        "metrics for Prometheus",
        lambda: MetricsWriter(
            Watched(window, settings, shell.content, shell.health, shell.loader, shell.navigation, _built(session), hall, insight),
            paths,
            clocks,
        ),
        (session,),  # without opening hours or visitor records it still reports (always open, no visits): when it matters most
    )
    if metrics is not None and inbox is not None:
        metrics.inbox_state = lambda: inbox.state  # what the inbox installed and refused, in the metrics
    return Rest(session, hall, insight, staff, runner, metrics, inbox, parts.failed)


def _built(part: T | None) -> T:
    """A part Parts.make was told is needed: there, or the maker would not have been called."""
    assert part is not None
    return part


def complete_kiosk(shell: Shell) -> Kiosk:
    """The whole kiosk from its shell, every part there or an exception."""
    rest = build_rest(shell)
    assert rest.session and rest.hall and rest.insight and rest.staff and rest.runner and rest.metrics and rest.inbox
    parts = {field.name: getattr(shell, field.name) for field in fields(Shell)}
    return Kiosk(
        **parts,
        session=rest.session,
        hall=rest.hall,
        insight=rest.insight,
        staff=rest.staff,
        runner=rest.runner,
        metrics=rest.metrics,
        inbox=rest.inbox,
    )


def _open_insight_store(paths: AppPaths, clocks: Clocks, health: Health) -> InsightStore:
    """Visitor records in the data folder; if it cannot be used, in memory for this run (visitors never
    notice; staff are told why)."""
    from kiosk.core.insight import InsightError, InsightStore

    try:
        store = InsightStore(paths.data / "insight.db", clock=clocks.wall_seconds)
    except InsightError as exc:
        note = f"visitor insight is kept in memory only, lost at restart: {exc}"
        log.error(note)
        health.notes.append(note)
        return InsightStore.in_memory(clock=clocks.wall_seconds)
    for problem in store.problems:
        log.warning(problem)
    health.notes += store.problems
    return store


def build_kiosk(
    paths: AppPaths,
    settings: Settings | None = None,
    *,
    content_dir: Path | None = None,
    language: str | None = None,
    clocks: Clocks = SYSTEM_CLOCKS,
) -> Kiosk:
    """The whole kiosk at once (tests and commands); `settings` default to those saved in `paths.config`."""
    shell = build_shell(paths, settings or Settings.load(paths.config), content_dir=content_dir, language=language, clocks=clocks)
    return complete_kiosk(shell)


HEAVY_MODULES = ("pyqtgraph", "numpy")
# What the home page's first frame does not show, imported after it (the first-frame report lists any
# loaded before it; tests hold the kiosk to none): photo decoding, visitor records, the attract loop,
# the staff screens and their PIN, the charts, opening hours, content installs, the QA tools.
DEFERRED_MODULES = (
    "PIL",
    "pillow_heif",
    "pi_heif",
    "sqlite3",
    "kiosk.core.insight",
    "kiosk.core.content.install",
    "kiosk.core.photos.prepare",
    "kiosk.core.pin",
    "kiosk.core.commands",
    "kiosk.core.schedule",
    "kiosk.core.export_targets",
    "kiosk.core.hall.inbox",
    "kiosk.core.hall.packs",
    "kiosk.qa",
    "kiosk.ui.attract",
    "kiosk.ui.charts",
    "kiosk.ui.staff",
    "kiosk.ui.photos.lightbox",
    "kiosk.ui.photos.carousel",
    "kiosk.ui.session_controller",
    "kiosk.ui.content_inbox",
    "kiosk.ui.opening_hours",
    "kiosk.ui.insight_recorder",
    "kiosk.ui.unattended",
    "kiosk.ui.crash_guard",
    "kiosk.ui.metrics_writer",
    "kiosk.core.hall.metrics",
    "prometheus_client",
)


def _loaded(prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in sys.modules if m.split(".")[0] in prefixes and "." not in m)


def loaded_modules(names: tuple[str, ...]) -> list[str]:
    """Those of `names` imported in this process, each a module or a package (with anything in it)."""
    return sorted(name for name in names if any(m == name or m.startswith(name + ".") for m in sys.modules))


def _report_first_frame(window: KioskWindow, pages: PageStack, started: float, start: StartPicture | None = None) -> None:
    """--first-frame-report: what was loaded when the first frame was painted, then quit once the
    deferred work (charts) is done. Used by tests and benchmarks. `first_frame_at` is the kiosk's own
    first frame; `start_picture_at` when the start picture was on the screen before it (or null)."""
    report: dict[str, object] = {}

    def on_first_frame() -> None:
        report["first_frame_s"] = round(time.perf_counter() - started, 4)
        report["first_frame_at"] = time.time()  # wall clock: a parent process measures from its spawn
        report["start_picture_at"] = None if start is None else start.shown_at
        report["heavy_at_first_frame"] = _loaded(HEAVY_MODULES)
        report["deferred_at_first_frame"] = loaded_modules(DEFERRED_MODULES)

    def after_charts() -> None:
        report["start_picture_matched"] = None if start is None else start.matched
        report["charts_built"] = pages.charts_built
        report["heavy_after_charts"] = _loaded(HEAVY_MODULES)
        print(json.dumps(report), flush=True)
        QApplication.exit(EXIT_STOPPED)

    window.first_frame.connect(on_first_frame)
    window.first_frame.connect(lambda: QTimer.singleShot(0, after_charts))  # queued behind build_charts


def _hand_over(start: StartPicture, window: KioskWindow, shell: Shell, screen_index: int) -> None:
    """The kiosk's first frame is on the screen: the start picture goes, and this frame is kept for
    the next start; not when the content asked for was refused (it may be fixed without a setting
    changing), nor while opening hours are set (the first frame may be the closed screen, with times)."""
    from kiosk.ui.widgets.page_slide import screen_picture

    keep = not shell.content.state.rejected and not shell.settings["opening_hours"]
    start.hand_over(screen_picture(window), shell.content.folder, keep=keep, screen_index=screen_index)


def run_kiosk(
    *,
    content_dir: Path | None,
    windowed: bool,
    screen: int | None,
    language: str | None,
    paths: AppPaths,
    report: bool = False,
    early_signals: Sequence[int] = (),
    early: Early | None = None,
) -> int:
    """The kiosk until a stop signal, staff quitting for maintenance, a planned restart or (in a window)
    a close; its exit status says which (kiosk/core/service.py). `early_signals`: stop signals noted
    before this was called (while PySide was imported, say): the kiosk is not even built."""
    started = time.perf_counter()
    app = ensure_application()
    # From here any number of SIGTERM and SIGINT end the kiosk once, within lifecycle.HARD_EXIT_S at
    # worst (before it, what the caller installed, or their default action: the process holds nothing yet).
    signals = QuitOnSignal(app, crash_log=paths.logs / "crash.log", backstop=True)
    for signum in early_signals[:1]:
        signals.signals.adopt(signum)
    try:
        lock = early.held() if early is not None else acquire_single_instance(paths)
    except (UnsafeFolderError, OSError) as exc:
        print(f"kiosk: cannot make the single-instance lock: {exc}; exiting.", file=sys.stderr)
        return EXIT_ERROR
    if lock is None:
        info = QLockFile(str(paths.lock)).getLockInfo()  # PySide: (pid, host, app)
        pid = next((v for v in info if isinstance(v, int) and not isinstance(v, bool)), "?")
        print(f"kiosk: another kiosk is already running (pid {pid}, lock {paths.lock}); exiting.", file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    try:
        if signals.received is not None:  # stopped while it started: build nothing
            signals.stopped_by = signals.received
            log.info("kiosk stopping: %s before it was built; exit status %d", _signal_words(signals.received), EXIT_STOPPED)
            return EXIT_STOPPED
        return _run_locked(
            app,
            signals,
            paths,
            started,
            content_dir=content_dir,
            windowed=windowed,
            screen=screen,
            language=language,
            report=report,
            start=early.start if early is not None else None,
        )
    finally:
        if early is not None:
            early.close()
        lock.unlock()  # the next kiosk can start, whatever happened here
        signals.signals.ignore_more()


def _signal_words(signum: int) -> str:
    return f"{signal.Signals(signum).name} (a service manager, the supervisor, kill or Ctrl+C)"


def _run_locked(
    app: QApplication,
    signals: QuitOnSignal,
    paths: AppPaths,
    started: float,
    *,
    content_dir: Path | None,
    windowed: bool,
    screen: int | None,
    language: str | None,
    report: bool,
    start: StartPicture | None = None,
) -> int:
    settings = Settings.load(paths.config)
    shell = build_shell(paths, settings, content_dir=content_dir, language=language, lazy_pages=True)
    window = shell.window
    if report:
        _report_first_frame(window, shell.pages, started, start)
    # Before the window is shown: READY=1 follows the first frame, whatever is built after it.
    link = ServiceLink(
        window,
        paths.runtime,
        lambda: (
            f"showing {shell.content.folder}, language {shell.language.language}"
            + (" (not the content asked for: it did not validate)" if shell.content.state.rejected else "")
        ),
    )
    guard = None if windowed else CloseGuard(window)  # in a window (trying it) closing it stops it
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
    if start is not None:
        window.first_frame.connect(lambda: _hand_over(start, window, shell, -1 if windowed else index))
    built: list[Rest] = []

    def after_first_frame() -> None:  # not needed to show the first frame: made right after it
        from kiosk.ui.crash_guard import CrashGuard
        from kiosk.ui.unattended import Unattended

        def home() -> None:  # after an error in a slot: back to the home view, as for a new visitor
            session = built[0].session if built else None
            shell.navigation.reset(session.default_language if session else shell.content.dataset.default_language)

        def stopping() -> bool:
            return signals.received is not None

        parts = Parts(shell.health, alone=True, stopping=stopping)  # each part fails alone: the others are built
        parts.make("the crash guard", lambda: CrashGuard(home))
        rest = build_rest(shell, alone=True, stopping=stopping)
        built.append(rest)
        parts.make(
            "unattended running (daily restart, screens, screen saver)",
            lambda: Unattended(
                window,
                _built(rest.session),
                shell.settings,
                index,
                fullscreen=not windowed,
                clock=shell.clocks.wall,
                runner=_built(rest.runner),
            ),
            (rest.session, rest.runner),
        )
        rest.failed += parts.failed

    # Queued before build_charts' own zero-delay timer: pages first, then their charts.
    window.first_frame.connect(lambda: QTimer.singleShot(0, window, after_first_frame))
    log.info(
        "kiosk started: content %s, language %s, screen %d%s",
        shell.content.folder,
        shell.language.language,
        index,
        " (windowed)" if windowed else "",
    )
    code = signals.run(app)
    why = describe_exit(code) if signals.stopped_by is None else _signal_words(signals.stopped_by)
    log.info("kiosk stopping: %s; exit status %d", why, code)
    link.stopping(why)
    if guard is not None:
        guard.release()
        if guard.refused:
            log.info("%d window close request(s) refused while it ran", guard.refused)
    for rest in built:
        rest.stop(shell.loader, code)
    if not built:
        shell.loader.shutdown()
    if signals.signals.count > 1:
        log.info("%d more stop signal(s) came while it stopped: the same stop", signals.signals.count - 1)
    return code
