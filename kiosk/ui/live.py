"""The models the running kiosk's widgets and services listen to. A change travels one way: staff (or
a reload) change the model, the model emits, whoever uses that part applies it. Nothing routes
changes by name.

- LiveSettings: one signal per setting of the schema (`settings.changed_signal("idle_timeout_s")`),
  plus `changed(name, value)` for whoever shows them all (the staff panel).
- LiveContent: `changed` when new content is in place; views rebuild themselves from it. Content
  already loaded and checked elsewhere (a USB install, in its own thread) is handed over with `expect`,
  so only the views' rebuild runs on the UI thread."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.loader import LoadResult
from kiosk.core.content.model import Dataset
from kiosk.core.content.source import ContentSource, ContentState
from kiosk.core.settings import Setting, Settings

log = logging.getLogger(__name__)


class SettingNotSavedError(OSError):
    """The change applies, but the disk refused it: it lasts until a restart."""


@cache
def _signals_for(schema: tuple[Setting, ...]) -> type[QObject]:
    """One Qt signal per setting, made from the schema (a class body cannot loop, so the class is built)."""
    return type("_SettingSignals", (QObject,), {s.name: Signal(object) for s in schema})


class LiveSettings(QObject):
    changed = Signal(str, object)  # name, new value: after the setting-specific signal

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = settings
        self._signals = _signals_for(settings.schema)(self)

    def __getitem__(self, name: str) -> Any:
        return self.store[name]

    @property
    def folder(self) -> Path:
        return self.store.folder

    def changed_signal(self, name: str) -> SignalInstance:
        """Emitted with the new value when `name` changes. Connect a bound method of a QObject: the
        connection ends with the object."""
        self.store.spec(name)  # a misspelt name fails here, not silently later
        signal = getattr(self._signals, name)
        assert isinstance(signal, SignalInstance)
        return signal

    def change(self, name: str, value: Any, *, save: bool = True) -> None:
        """Check, apply (listeners hear it now) and save. Raises SettingError for a value the schema
        refuses (nothing changes), SettingNotSavedError when the disk refuses (the change still applies)."""
        if self.store[name] == value:
            return
        self.store.set(name, value)
        log.info("setting %s = %r", name, value)
        self.changed_signal(name).emit(value)
        self.changed.emit(name, value)
        if save:
            try:
                self.store.save()
            except OSError as exc:
                raise SettingNotSavedError(exc.errno, f"{self.store.path}: {exc.strerror or exc}") from exc


class LiveContent(QObject):
    changed = Signal()  # new content is in place: read `dataset` and `formatter` again
    refused = Signal(list)  # the folder asked for did not validate: its problems (what is shown stays)

    def __init__(self, source: ContentSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._expected: LoadResult | None = None
        self.state = source.load()
        for reason in self.state.rejected:
            log.error(reason)

    def follow(self, settings: LiveSettings) -> None:
        """Show the `content` setting's folder whenever it changes (staff installed content from a USB
        stick, or went back to the previous one), even when `--content` chose the folder at start."""
        settings.changed_signal("content").connect(self._on_content_setting)

    def expect(self, result: LoadResult) -> None:
        """The next change of the `content` setting to `result.folder` shows `result` as it is, instead
        of reading the folder again: it was just loaded and checked (a USB install does it in its own
        thread, on the copy, and nothing changes an installed copy). Any other change reads its folder."""
        self._expected = result if result.ok else None

    def _on_content_setting(self, folder: object) -> None:
        self.source.request(Path(str(folder)) if folder else None)
        expected, self._expected = self._expected, None
        if expected is not None and folder and expected.folder == Path(str(folder)) and self.source.requested == expected.folder:
            self._show(ContentState(expected))
            return
        self.reload()

    @property
    def dataset(self) -> Dataset:
        return self.state.dataset

    @property
    def formatter(self) -> NumberFormatter:
        return self.state.formatter

    @property
    def folder(self) -> Path:
        """The folder of the content on screen (photo files are relative to it)."""
        return self.state.folder

    def reload(self) -> list[str]:
        """Read the content again; returns the problems that kept it out (empty: it is on screen)."""
        state, problems = self.source.reload(self.state)
        if problems:
            asked = self.source.requested or self.source.bundled
            log.error("content in %s refused: %d problem(s); keeping what is shown", asked, len(problems))
            self.state = ContentState(self.state.result, (f"content in {asked} was refused", *problems))
            self.refused.emit(problems)
            return problems
        self._show(state)
        return []

    def _show(self, state: ContentState) -> None:
        self.state = state
        log.info("content loaded from %s", state.folder)
        self.changed.emit()
