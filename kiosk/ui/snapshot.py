"""Render every page in every language to PNG, offscreen, for review before opening day."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from kiosk.ui.app import Kiosk
from kiosk.ui.attract.attract_view import AttractView


def settle(app: QApplication) -> None:
    for _ in range(3):  # LanguageChange is posted; its retranslation may post layout requests
        app.processEvents()


def wait_for_photos(kiosk: Kiosk, timeout_s: float = 20.0) -> None:
    """Let the photo workers finish what the visible carousels asked for."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    deadline = time.monotonic() + timeout_s
    settle(app)
    while kiosk.loader is not None and kiosk.loader.busy and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
    settle(app)


def render_all(kiosk: Kiosk, out_dir: Path, width: int, height: int) -> list[Path]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = kiosk.window
    window.resize(width, height)
    window.show()
    settle(app)
    window.build_charts()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    original = kiosk.language.language
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        settle(app)
        for index, view in enumerate(window.views):
            window.show_page(index)
            window.finish_transition()
            view.finish_animation()  # snapshots show the end of every animation
            wait_for_photos(kiosk)
            path = out_dir / f"{index}-{view.page.id}-{lang}-{width}x{height}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
    written += _render_overlays(kiosk, out_dir, width, height)
    kiosk.language.set_language(original)
    window.show_page(0)
    settle(app)
    return written


def _start_attract_still(attract: AttractView) -> None:
    attract.start()
    attract.count_up.finish()


def _render_overlays(kiosk: Kiosk, out_dir: Path, width: int, height: int) -> list[Path]:
    """The attract loop, the countdown, the PIN pad and the staff panel, in every language."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window, session = kiosk.window, kiosk.session
    if session is None or kiosk.pin_pad is None or kiosk.staff_panel is None:
        return []
    written = []
    for lang in kiosk.language.languages:
        kiosk.language.set_language(lang)
        window.show_page(0)
        window.finish_transition()
        settle(app)
        shots = {
            "attract": lambda: _start_attract_still(session.attract),
            "still-there": lambda: session.still_there.show_countdown(round(session.machine.config.warning_s)),
            "pin-pad": kiosk.pin_pad.open_overlay,
            "staff-panel": kiosk.staff_panel.open_overlay,
        }
        for name, show in shots.items():
            show()
            if name == "attract":
                session.attract.scene_lang = lang
            wait_for_photos(kiosk)
            path = out_dir / f"9-{name}-{lang}-{width}x{height}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
            session.attract.stop()
            session.still_there.hide()
            kiosk.pin_pad.close_overlay()
            kiosk.staff_panel.close_overlay()
    return written
