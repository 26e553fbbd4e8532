"""Start-up: the application, fonts, settings, content, language and the window, in the order that gets
the first frame on screen soonest; then, right after that frame, the rest of the kiosk. Everything is
made here and handed to what needs it: nothing below reaches back up for a part."""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import socket
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLockFile, QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import resources
from kiosk.core.clocks import SYSTEM_CLOCKS, Clocks
from kiosk.core.content.source import BundledContentError, ContentSource
from kiosk.core.health import Health
from kiosk.core.paths import AppPaths, UnsafeFolderError, private_folder
from kiosk.core.service import EXIT_ALREADY_RUNNING, EXIT_ERROR, EXIT_STOPPED, describe_exit
from kiosk.core.settings import Settings
from kiosk.ui.fonts import load_bundled_fonts
from kiosk.ui.language import LanguageController
from kiosk.ui.lifecycle import CloseGuard, ServiceLink
from kiosk.ui.live import LiveContent, LiveSettings
from kiosk.ui.main_window import KioskWindow
from kiosk.ui.photos.photo_loader import PhotoLoader
from kiosk.ui.theme import FONT_FAMILY

if TYPE_CHECKING:  # built just after the first frame, and imported then (see complete_kiosk)
    from kiosk.core.commands import CommandRunner
    from kiosk.core.insight import InsightStore
    from kiosk.ui.insight_recorder import InsightRecorder
    from kiosk.ui.opening_hours import HallHours
    from kiosk.ui.session_controller import SessionController
    from kiosk.ui.staff.staff_screens import StaffScreens

log = logging.getLogger(__name__)
OVERRIDE_FILE = "opening_override.json"


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("lna-kiosk")
    return app


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
    window: KioskWindow


@dataclass(frozen=True)
class Kiosk(Shell):
    """The whole kiosk: the shell and everything built on it, every part there, none optional."""

    session: SessionController
    hall: HallHours
    insight: InsightRecorder
    staff: StaffScreens
    runner: CommandRunner

    def shutdown(self) -> None:
        self.staff.close_all()
        self.insight.close()  # the visit in progress ends with the kiosk, at its last touch
        self.hall.shutdown()
        self.session.shutdown()
        self.loader.shutdown()
        self.runner.shutdown()
        self.window.close()
        self.language.release()
        for part in (self.window, self.language, self.settings, self.content, self.loader):
            part.deleteLater()
        self.health.uninstall()
        # Delete now, not at the next turn of an event loop that may never come (tests, commands).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


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
        content = LiveContent(ContentSource(chosen, resources.bundled_content_dir()), parent=app)
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
    controller = LanguageController(resources.translations_dir(), dataset.language_codes, initial, parent=app)
    health.notes += controller.problems
    loader = PhotoLoader(paths.cache / "photos", parent=app)
    window = KioskWindow(content, live_settings, controller, loader, lazy_pages=lazy_pages)
    return Shell(app, paths, clocks, health, live_settings, content, controller, loader, window)


def complete_kiosk(shell: Shell) -> Kiosk:
    """Everything the first frame does not show: the other pages, the attract loop and the session
    that runs it, opening hours, visitor insight and the staff screens."""
    from kiosk.core.commands import CommandRunner
    from kiosk.core.content.install import Installer
    from kiosk.core.export_targets import export_folders, removable_drives
    from kiosk.core.pin import PinGate
    from kiosk.ui.attract.attract_view import AttractView
    from kiosk.ui.insight_recorder import InsightRecorder
    from kiosk.ui.opening_hours import HallHours, xset_display_power
    from kiosk.ui.session_controller import SessionController
    from kiosk.ui.staff.staff_screens import StaffScreens

    window, settings, paths, clocks = shell.window, shell.settings, shell.paths, shell.clocks
    window.ensure_views()
    attract = AttractView(shell.content, settings, shell.language, shell.loader, parent=window)
    session = SessionController(window, attract, settings, clock=clocks.monotonic)
    insight = InsightRecorder(_open_insight_store(paths, clocks, shell.health), window, session, clocks.monotonic)
    runner = CommandRunner()
    hall = HallHours(session, settings, clocks.wall, paths.config / OVERRIDE_FILE, xset_display_power(runner))
    gate = PinGate(paths.config, clocks.wall_seconds)
    for problem in gate.problems:
        log.warning(problem)
    staff = StaffScreens(
        window,
        session,
        settings,
        shell.content,
        shell.health,
        hall,
        insight,
        gate,
        lambda: export_folders(paths.data / "exports"),
        shell.loader,
        Installer(paths.data, clocks.wall),
        removable_drives,
    )
    parts = {field.name: getattr(shell, field.name) for field in fields(Shell)}
    return Kiosk(**parts, session=session, hall=hall, insight=insight, staff=staff, runner=runner)


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


def acquire_single_instance(paths: AppPaths) -> QLockFile | None:
    """The lock, in a folder only this user can use. Raises UnsafeFolderError when that cannot be had."""
    private_folder(paths.runtime)
    lock = QLockFile(str(paths.lock))
    lock.setStaleLockTime(0)  # only a dead owner's lock is stale, never a slow one
    if lock.tryLock(200):
        return lock
    return None


class QuitOnSignal(QObject):
    """SIGTERM (a service manager, the supervisor, `kill`) and SIGINT (Ctrl+C) end the event loop, so the
    kiosk shuts down as when staff quit: the visit in progress ends with its language and last touch.

    Python runs a signal handler only when the interpreter next gets control, and Qt's event loop does
    not give it control by itself: the C-level handler also writes to a socket (signal.set_wakeup_fd)
    that a QSocketNotifier watches, whose slot lets the interpreter run the handler at once."""

    def __init__(self, app: QCoreApplication, signums: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT)) -> None:
        super().__init__(app)
        self.received: int | None = None  # the first signal that asked to quit
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {signum: signal.signal(signum, self._quit) for signum in signums}

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(512)

    def _quit(self, signum: int, _frame: object) -> None:
        if self.received is None:
            self.received = signum
        QCoreApplication.exit(EXIT_STOPPED)  # not quit(): in Qt 6 that asks the windows, and the kiosk's refuses

    def uninstall(self) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


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
        QApplication.exit(EXIT_STOPPED)

    window.first_frame.connect(on_first_frame)
    window.first_frame.connect(lambda: QTimer.singleShot(0, after_charts))  # queued behind build_charts


def run_kiosk(
    *, content_dir: Path | None, windowed: bool, screen: int | None, language: str | None, paths: AppPaths, report: bool = False
) -> int:
    started = time.perf_counter()
    app = ensure_application()
    try:
        lock = acquire_single_instance(paths)
    except (UnsafeFolderError, OSError) as exc:
        print(f"kiosk: cannot make the single-instance lock: {exc}; exiting.", file=sys.stderr)
        return EXIT_ERROR
    if lock is None:
        info = QLockFile(str(paths.lock)).getLockInfo()  # PySide: (pid, host, app)
        pid = next((v for v in info if isinstance(v, int) and not isinstance(v, bool)), "?")
        print(f"kiosk: another kiosk is already running (pid {pid}, lock {paths.lock}); exiting.", file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    settings = Settings.load(paths.config)
    shell = build_shell(paths, settings, content_dir=content_dir, language=language, lazy_pages=True)
    window = shell.window
    if report:
        _report_first_frame(window, started)
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
    built: list[Kiosk] = []

    def after_first_frame() -> None:  # not needed to show the first frame: made right after it
        from kiosk.ui.crash_guard import CrashGuard
        from kiosk.ui.unattended import Unattended

        kiosk = complete_kiosk(shell)
        built.append(kiosk)
        CrashGuard(lambda: window.reset_session(kiosk.session.default_language))
        Unattended(window, kiosk.session, shell.settings, index, fullscreen=not windowed, clock=shell.clocks.wall, runner=kiosk.runner)

    # Queued before build_charts' own zero-delay timer: pages first, then their charts.
    window.first_frame.connect(lambda: QTimer.singleShot(0, window, after_first_frame))
    log.info(
        "kiosk started: content %s, language %s, screen %d%s",
        shell.content.folder,
        shell.language.language,
        index,
        " (windowed)" if windowed else "",
    )
    signals = QuitOnSignal(app)
    code = app.exec()
    signals.uninstall()
    if signals.received is not None:
        why = f"{signal.Signals(signals.received).name} (a service manager, the supervisor, kill or Ctrl+C)"
        code = EXIT_STOPPED  # a clean stop: systemd lists it as success, not as a failed unit
    else:
        why = describe_exit(code)
    log.info("kiosk stopping: %s; exit status %d", why, code)
    link.stopping(why)
    if guard is not None:
        guard.release()
        if guard.refused:
            log.info("%d window close request(s) refused while it ran", guard.refused)
    for kiosk in built:
        kiosk.insight.close()  # the visit in progress ends with the kiosk, at its last touch
        kiosk.runner.shutdown()  # the screen saver is given back before the process ends
    lock.unlock()
    return code
