"""Render every page in every language to PNG, offscreen, for review before opening day."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.ui.app import Kiosk


def settle(app: QApplication) -> None:
    for _ in range(3):  # LanguageChange is posted; its retranslation may post layout requests
        app.processEvents()


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
            settle(app)
            path = out_dir / f"{index}-{view.page.id}-{lang}-{width}x{height}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
    kiosk.language.set_language(original)
    window.show_page(0)
    settle(app)
    return written
