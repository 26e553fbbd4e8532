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


_OWNERS = "_kiosk_translations_owners"  # on the application: the LanguageControllers that set a language, latest last


def _owners(app: QCoreApplication) -> list[weakref.ref[LanguageController]]:
    """The controllers still alive that hold or held the application's translators, the holder last."""
    owners: list[weakref.ref[LanguageController]] = [ref for ref in getattr(app, _OWNERS, []) if ref() is not None]
    setattr(app, _OWNERS, owners)
    return owners


def _owner(app: QCoreApplication) -> LanguageController | None:
    owners = _owners(app)
    return owners[-1]() if owners else None


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
        self._set = ""  # the language set (set_language), which a quiet swap leaves as it is
        self._translator: QTranslator | None = None
        self._translators: dict[str, QTranslator | None] = {}
        self.problems: list[str] = []
        self.set_language(initial)

    @property
    def language(self) -> str:
        return self._language

    @property
    def swapped(self) -> bool:
        """Whether `language` is one swapped in quietly, not the one set: the window is being drawn in
        another language (kiosk.ui.language_picture), and only what shows need take it up."""
        return self._language != self._set

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
        """Uninstall our translator for good (the window is going away); the kiosk that held the
        translators before us, if it is still there, takes its language back."""
        app = QCoreApplication.instance()
        if app is None:
            return
        was_holder = _owner(app) is self
        self._give_up(app)
        owners = _owners(app)
        owners[:] = [ref for ref in owners if ref() is not self]
        holder = _owner(app)
        if was_holder and holder is not None:
            holder._take_back(app)

    def _give_up(self, app: QCoreApplication) -> None:
        """Another kiosk sets a language, or this one goes: our translator comes off the application."""
        if self._translator is not None:
            app.removeTranslator(self._translator)
        self._translator = None

    def _take_back(self, app: QCoreApplication) -> None:
        """The kiosk after us went away: our language is the application's again."""
        self._translator = self._translator_for(self._language)
        if self._translator is not None:
            app.installTranslator(self._translator)  # posts the LanguageChange widgets retranslate on
        else:
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        self.language_changed.emit(self._language)

    def swap_quietly(self, lang: str) -> str | None:
        """The application's translators and `language` set to `lang` telling no one: no language_changed,
        and the LanguageChange Qt posts to every window taken back, so only the widgets the caller
        tells take it up (a picture of the window in another language, drawn ahead of time). Returns
        the language before, to swap back to; None, changing nothing, when another kiosk in this
        process holds the translators. A LanguageChange still on its way is delivered first."""
        app = QCoreApplication.instance()
        if app is None or _owner(app) is not self or lang not in self._languages:
            return None
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        before, old = self._language, self._translator
        self._translator = self._translator_for(lang)
        self._language = lang
        if self._translator is not None and self._translator is not old:
            app.installTranslator(self._translator)
        if old is not None and old is not self._translator:
            app.removeTranslator(old)
        QCoreApplication.removePostedEvents(None, QEvent.Type.LanguageChange)  # type: ignore[arg-type]  # None: every receiver, as in Qt
        return before

    def set_language(self, lang: str) -> None:
        app = QCoreApplication.instance()
        assert app is not None
        if lang == self._language and _owner(app) is self:
            return
        if lang not in self._languages:
            raise ValueError(f"unknown language {lang!r}")
        # Qt's translators belong to the application, not to a window: a second kiosk in the same process
        # (tests, the preview beside a kiosk) would otherwise show the first one's language. The kiosk
        # that sets a language last takes them over; the other takes them back when it next sets one,
        # or when the later kiosk goes away (release).
        previous = _owner(app)
        if previous is not None and previous is not self:
            previous._give_up(app)
        owners = _owners(app)
        owners[:] = [*(ref for ref in owners if ref() is not self), weakref.ref(self)]
        old = self._translator
        self._translator = self._translator_for(lang)
        self._language = self._set = lang
        # Install before removing: each call posts a LanguageChange; an unchanged set posts none,
        # so post one ourselves so content text still follows.
        if self._translator is not None:
            app.installTranslator(self._translator)
        if old is not None and old is not self._translator:
            app.removeTranslator(old)
        if self._translator is None and old is None:
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        self.language_changed.emit(lang)
