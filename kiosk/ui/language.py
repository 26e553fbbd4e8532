"""Live language switching: Qt translations for UI strings, the dataset for content.

Widgets set their strings in `retranslate()`, called at construction and on QEvent.LanguageChange;
pyqtgraph items (not widgets) listen to `language_changed` instead."""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTranslator, Signal

from kiosk.core.translations import UI_SOURCE_LANGUAGE

log = logging.getLogger(__name__)


_OWNER = "_kiosk_translations_owner"  # on the application: the LanguageController whose translator is installed


def _owner(app: QCoreApplication) -> LanguageController | None:
    ref = getattr(app, _OWNER, None)
    return ref() if ref is not None else None


def qm_path(i18n_dir: Path, lang: str) -> Path:
    return i18n_dir / f"kiosk_{lang}.qm"


def find_qm(i18n_dirs: tuple[Path, ...], lang: str) -> Path:
    """The first folder's kiosk_<lang>.qm that exists; else the last folder's (for the message)."""
    return next((path for path in (qm_path(d, lang) for d in i18n_dirs) if path.is_file()), qm_path(i18n_dirs[-1], lang))


class LanguageController(QObject):
    language_changed = Signal(str)

    def __init__(self, i18n_dirs: Path | tuple[Path, ...], languages: tuple[str, ...], initial: str, parent: QObject | None = None) -> None:
        """`i18n_dirs`: where kiosk_<lang>.qm files are, first match wins (resources.translation_dirs())."""
        super().__init__(parent)
        self._i18n_dirs = (i18n_dirs,) if isinstance(i18n_dirs, Path) else i18n_dirs
        assert self._i18n_dirs, "no translations folder"
        self._languages = languages
        self._language = ""
        self._translator: QTranslator | None = None
        self._translators: dict[str, QTranslator | None] = {}
        self.problems: list[str] = []
        self.set_language(initial)

    @property
    def language(self) -> str:
        return self._language

    @property
    def languages(self) -> tuple[str, ...]:
        return self._languages

    def _translator_for(self, lang: str) -> QTranslator | None:
        """Loaded once per language and kept: switching back and forth creates nothing."""
        if lang == UI_SOURCE_LANGUAGE:
            return None
        if lang not in self._translators:
            translator = QTranslator(self)
            path = find_qm(self._i18n_dirs, lang)
            if translator.load(str(path)):
                self._translators[lang] = translator
            else:
                message = f"translation {path} missing or unreadable: interface text stays in English"
                log.error(message)
                self.problems.append(message)
                self._translators[lang] = None
        return self._translators[lang]

    def release(self) -> None:
        """Uninstall our translator (the window is going away)."""
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None
        if app is not None and _owner(app) is self:
            setattr(app, _OWNER, None)

    def set_language(self, lang: str) -> None:
        app = QCoreApplication.instance()
        assert app is not None
        if lang == self._language and _owner(app) is self:
            return
        if lang not in self._languages:
            raise ValueError(f"unknown language {lang!r}")
        # Qt's translators belong to the application, not to a window: a second kiosk in the same process
        # (tests, the preview beside a kiosk) would otherwise show the first one's language. The kiosk
        # that sets a language last takes them over; the other takes them back when it next sets one.
        previous = _owner(app)
        if previous is not None and previous is not self:
            previous.release()
        setattr(app, _OWNER, weakref.ref(self))
        old = self._translator
        self._translator = self._translator_for(lang)
        self._language = lang
        # Install before removing: each call posts a LanguageChange; an unchanged set posts none,
        # so post one ourselves so content text still follows.
        if self._translator is not None:
            app.installTranslator(self._translator)
        if old is not None and old is not self._translator:
            app.removeTranslator(old)
        if self._translator is None and old is None:
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        self.language_changed.emit(lang)
