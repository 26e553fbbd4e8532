"""`kiosk preview --content DIR`: the kiosk in a window, following an editor's saves.

The folder is looked at twice a second (content.json, locales/*.json and every photo file it names).
When something changed and has stayed unchanged for one more look (an editor writes in several
steps), the content is read again: a good edit appears on the page being edited, keeping the page,
its panel's section and the language; a bad one leaves the last good content on screen under a banner
that lists every problem (file, path, message) until the next save fixes them. Nobody times out and no
attract loop starts while editing."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.content.loader import CONTENT_FILE, LOCALES_DIR
from kiosk.core.paths import AppPaths
from kiosk.core.settings import Settings
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.application import ensure_application
from kiosk.ui.widgets.labels import role_label
from kiosk.ui.widgets.retranslatable import RetranslateMixin

log = logging.getLogger(__name__)
LOOK_MS = 500
SHOWN_PROBLEMS = 8

Signature = tuple[tuple[str, float, int], ...]


def signature(folder: Path, photo_files: list[Path]) -> Signature:
    """What a save changes: each watched file's name, modification time and size."""
    files = [folder / CONTENT_FILE, *sorted((folder / LOCALES_DIR).glob("*.json")), *photo_files]
    seen = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            seen.append((str(path), -1.0, -1))
            continue
        seen.append((str(path), stat.st_mtime, stat.st_size))
    return tuple(seen)


class ProblemBanner(RetranslateMixin, QWidget):
    """Across the window under its header (whose controls stay free to try) while the folder's content
    does not validate: opaque, every line shown at the window's width and fonts."""

    def __init__(self, parent: QWidget, header: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header = header
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.problems: list[str] = []
        self.title_label = role_label("headline", self)
        self.list_label = role_label("staff-health", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.list_label)
        parent.installEventFilter(self)
        self.installEventFilter(self)  # its own fonts change with the window's scale
        if header is not None:
            header.installEventFilter(self)
        self.hide()
        self.retranslate()

    def show_problems(self, problems: list[str]) -> None:
        self.problems = problems
        self.retranslate()
        self.show()
        self.fit()  # polished now it is shown: the height its lines need in the theme's fonts
        self.raise_()

    def clear(self) -> None:
        self.problems = []
        self.hide()

    def fit(self) -> None:
        """The window's width, and the height its wrapped lines need at that width; under the header
        when the header is at the top (in reach mode it is at the bottom: then at the very top)."""
        parent = self.parentWidget()
        assert parent is not None
        width = parent.width()
        self.ensurePolished()  # the theme's fonts decide the height
        self.setFixedWidth(width)
        height = self.heightForWidth(width)
        self.setFixedHeight(height if height > 0 else self.sizeHint().height())
        header = self._header
        below_header = header is not None and header.isVisible() and header.y() <= 0
        self.move(0, header.height() if header is not None and below_header else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # The editor made the window wider or narrower, the header moved, or the theme's fonts changed
        # (the window's, or the banner's own as the window scales).
        outside = (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.StyleChange, QEvent.Type.FontChange)
        changes = (QEvent.Type.StyleChange, QEvent.Type.FontChange) if watched is self else outside
        if event.type() in changes and not self.isHidden():
            self.fit()
        return False

    def retranslate(self) -> None:
        self.title_label.setText(
            self.tr("Not shown: {count} problem(s) in the content. The last good content stays until they are fixed.").format(
                count=len(self.problems)
            )
        )
        lines = self.problems[:SHOWN_PROBLEMS]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(self.tr("... and {count} more (kiosk check lists them all)").format(count=len(self.problems) - SHOWN_PROBLEMS))
        self.list_label.setText("\n".join(lines))
        self.fit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(96, 20, 20))  # opaque: the page under it never reads through
        painter.end()


class Preview(QObject):
    """Watches `folder` for `kiosk`, reloading its content after each save."""

    def __init__(self, kiosk: Kiosk, folder: Path) -> None:
        super().__init__(kiosk.window)
        self.kiosk = kiosk
        self.folder = folder
        self.banner = ProblemBanner(kiosk.window, kiosk.window.header)
        self.reloads = 0
        kiosk.session.hold()
        kiosk.content.refused.connect(self._refused)
        kiosk.content.changed.connect(self._accepted)
        self._seen = self._look()
        self._pending: Signature | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(LOOK_MS)
        self.timer.timeout.connect(self.look)
        self.timer.start()
        if kiosk.content.state.rejected:  # the folder was broken from the start: say so at once
            self._refused(list(kiosk.content.state.rejected[1:]))

    def _look(self) -> Signature:
        photos = [path for _where, path in self.kiosk.content.state.result.photos]
        return signature(self.folder, photos)

    def look(self) -> None:
        """A change is acted on once it has stayed the same for one more look."""
        now = self._look()
        if now == self._seen:
            self._pending = None
            return
        if now != self._pending:
            self._pending = now
            return
        self._seen, self._pending = now, None
        self.reload()

    def reload(self) -> None:
        self.reloads += 1
        self.kiosk.loader.forget()  # a photo file may be what changed
        problems = self.kiosk.content.reload()
        if not problems:
            self.banner.clear()
        self._seen = self._look()  # the content may name other photo files now

    def _refused(self, problems: list[str]) -> None:
        log.info("preview: %d problem(s) in %s", len(problems), self.folder)
        self.banner.show_problems(problems)

    def _accepted(self) -> None:
        self.banner.clear()

    def stop(self) -> None:
        self.timer.stop()


def run_preview(content_dir: Path, paths: AppPaths, language: str | None) -> int:
    """The preview window until it is closed. Its own scratch settings and records: an editor's clicks
    are nobody's visit; this computer's photo cache is shared (it is keyed by content)."""
    app = ensure_application()
    with tempfile.TemporaryDirectory(prefix="kiosk-preview-") as home:
        scratch = replace(AppPaths.under(Path(home)), cache=paths.cache)
        kiosk = build_kiosk(scratch, Settings(scratch.config, {"attract_enabled": False}), content_dir=content_dir, language=language)
        preview = Preview(kiosk, content_dir)
        kiosk.window.setWindowTitle(f"Preview: {content_dir}")
        kiosk.window.resize(1600, 900)
        kiosk.window.show()
        code = app.exec()
        preview.stop()
        kiosk.shutdown()
    return code
