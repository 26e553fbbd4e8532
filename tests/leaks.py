"""What a test may not leave behind for the next one (qutebrowser's `logfail`, napari's leak checks):
Qt translators or application event filters it installed, top-level widgets it made, and warnings or
errors logged that it did not look at. Each check compares the state after the test with the state
before it, so a kiosk shared by a module's tests (tests/ui/conftest.py) is not counted against them.

Qt keeps no list of installed translators or application event filters that Python can read, so
`track_application_hooks` wraps the two install and remove calls once per process to keep one."""

from __future__ import annotations

import gc
import logging
from collections import Counter

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTranslator
from PySide6.QtWidgets import QWidget

_translators: dict[int, QTranslator] = {}  # installed on the application, by id
_filters: dict[int, QObject] = {}  # installed on the application, by id


def track_application_hooks() -> None:
    """From now on, keep the translators and application event filters installed (idempotent)."""
    if getattr(QCoreApplication, "_kiosk_tracked", False):
        return
    install_translator, remove_translator = QCoreApplication.installTranslator, QCoreApplication.removeTranslator
    install_filter, remove_filter = QCoreApplication.installEventFilter, QCoreApplication.removeEventFilter

    def installed_translator(translator: QTranslator) -> bool:
        done = bool(install_translator(translator))
        if done:
            _translators[id(translator)] = translator
        return done

    def removed_translator(translator: QTranslator) -> bool:
        _translators.pop(id(translator), None)
        return bool(remove_translator(translator))

    def installed_filter(self: QObject, watcher: QObject) -> None:
        install_filter(self, watcher)
        if isinstance(self, QCoreApplication):
            _filters[id(watcher)] = watcher

    def removed_filter(self: QObject, watcher: QObject) -> None:
        remove_filter(self, watcher)
        if isinstance(self, QCoreApplication):
            _filters.pop(id(watcher), None)

    QCoreApplication.installTranslator = staticmethod(installed_translator)  # type: ignore[method-assign]
    QCoreApplication.removeTranslator = staticmethod(removed_translator)  # type: ignore[method-assign]
    QCoreApplication.installEventFilter = installed_filter  # type: ignore[method-assign]
    QCoreApplication.removeEventFilter = removed_filter  # type: ignore[method-assign]
    QCoreApplication._kiosk_tracked = True  # type: ignore[attr-defined]


def _alive(obj: QObject) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


def _describe(obj: QObject) -> str:
    name = obj.objectName()
    parent = obj.parent()
    owner = f" of {type(parent).__name__}" if parent is not None and _alive(parent) else ""
    return f"{type(obj).__name__}{f' {name!r}' if name else ''}{owner}"


def _qt_style_helper(widget: QWidget) -> bool:
    import shiboken6
    from PySide6.QtCore import Qt

    return (
        type(widget) is QWidget
        and not shiboken6.createdByPython(widget)
        and not widget.children()
        and not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Created)
    )


class QtState:
    """The application's translators, event filters and top-level widgets at one moment."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        # What a test deleted with deleteLater is gone before we look (no event loop may turn again), and
        # so is what only Python's garbage still holds (a widget in a reference cycle of a deleted page).
        if app is not None:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.collect()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.translators = {key for key, obj in _translators.items() if _alive(obj)}
        self.filters = {key for key, obj in _filters.items() if _alive(obj)}
        widgets = QApplication.topLevelWidgets() if isinstance(app, QApplication) else []
        # Counted by kind, not by identity (a rebuild replaces widgets one for one); Qt's own helpers left
        # out: each QGraphicsLayout keeps an empty parentless QWidget, made in C++ and never shown, to ask
        # the style with, and deletes it with itself (QGraphicsLayoutStyleInfo).
        self.widgets = Counter(_describe(widget) for widget in widgets if not _qt_style_helper(widget))

    def left_since(self, before: QtState) -> list[str]:
        left = [f"a translator {_describe(_translators[key])}" for key in self.translators - before.translators]
        left += [f"an application event filter {_describe(_filters[key])}" for key in self.filters - before.filters]
        more = self.widgets - before.widgets
        if more:
            shown = ", ".join(f"{count} {what}" for what, count in sorted(more.items())[:8])
            left.append(f"{more.total()} more top-level widget(s) ({shown})")
        return left


class LogFail(logging.Handler):
    """Collects warnings and errors logged while a test runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        return [f"{r.levelname} {r.name}: {r.getMessage()}" for r in self.records]
