"""Where the visitor is: the page on show, each page's section, what is open over the pages (a photo
in the lightbox) and the visitor's reach and larger-text choices. One small model that emits each
change; the tab bar, swipes, pages, accessibility controls, session, visitor insight and staff
screens listen to it and call it, none through the window or into a page. A new visitor is one
call: `reset`."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.ui.language import LanguageController

LIGHTBOX = "lightbox"


class Navigation(QObject):
    page_changed = Signal(int)
    section_changed = Signal(int, int)  # page, section
    overlay_changed = Signal(str, bool)  # name, open
    reach_changed = Signal(bool)
    large_text_changed = Signal(bool)
    photos_rewound = Signal()  # a new visitor: every album back at its first photo

    def __init__(self, language: LanguageController, pages: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._pages = max(1, pages)
        self._page = 0
        self._sections: dict[int, int] = {}
        self._overlays: set[str] = set()
        self._reach = False
        self._large_text = False
        self.resetting = False  # within `reset`: the page changes at once, without a slide

    # --- pages and sections -----------------------------------------------------------------

    @property
    def page(self) -> int:
        return self._page

    @property
    def pages(self) -> int:
        return self._pages

    def set_pages(self, count: int) -> None:
        """New content: as many pages as it has; the visitor stays on theirs where it is still there."""
        self._pages = max(1, count)
        self._sections = {p: s for p, s in self._sections.items() if p < self._pages}
        if self._page >= self._pages:
            self.show_page(0)

    def show_page(self, index: int) -> None:
        index = max(0, min(index, self._pages - 1))
        if index != self._page:
            self._page = index
            self.page_changed.emit(index)

    def step(self, by: int) -> None:
        """The next or previous page (a swipe, guided mode's buttons); no further than the ends."""
        self.show_page(self._page + by)

    def section(self, page: int) -> int:
        return self._sections.get(page, 0)

    def show_section(self, page: int, section: int) -> None:
        section = max(0, section)
        if self.section(page) != section:
            self._sections[page] = section
            self.section_changed.emit(page, section)

    # --- what is open over the pages ----------------------------------------------------------

    def is_open(self, overlay: str) -> bool:
        return overlay in self._overlays

    def set_open(self, overlay: str, open_: bool) -> None:
        """An overlay opened or closed (it says so); closing it asks it to close (a new visitor)."""
        if open_ != (overlay in self._overlays):
            if open_:
                self._overlays.add(overlay)
            else:
                self._overlays.discard(overlay)
            self.overlay_changed.emit(overlay, open_)

    # --- the visitor's choices ------------------------------------------------------------------

    @property
    def reach(self) -> bool:
        return self._reach

    def set_reach(self, on: bool) -> None:
        if on != self._reach:
            self._reach = on
            self.reach_changed.emit(on)

    @property
    def large_text(self) -> bool:
        return self._large_text

    def set_large_text(self, on: bool) -> None:
        if on != self._large_text:
            self._large_text = on
            self.large_text_changed.emit(on)

    # --- the next visitor ---------------------------------------------------------------------

    def reset(self, language: str) -> None:
        """What the next visitor should find: nothing open, home, first sections and photos, the
        default language, normal text and the controls at the top."""
        for overlay in sorted(self._overlays):
            self.set_open(overlay, False)
        self.resetting = True
        try:
            self.show_page(0)
        finally:
            self.resetting = False
        for page in sorted(self._sections):
            self.show_section(page, 0)
        self.photos_rewound.emit()
        self._language.set_language(language)  # also takes Qt's translators back from another kiosk in this process
        self.set_large_text(False)
        self.set_reach(False)
