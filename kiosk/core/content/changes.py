"""What installing content would change, against what is shown: every page, figure, text and photo, each
named as staff know it (by its label, in their language, with its units), never by an id.

`compare` finds the changes (Qt-free, in the USB look's thread: it reads each photo's first bytes);
`describe` says them in a language, with words the caller gives (`ChangeWords`: English by default, for
`kiosk install-content`; the staff panel passes its Qt translations) and figures formatted as the
kiosk shows them (kiosk/core/content/formatting.py): "开工重大项目：178个 → 182个"."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kiosk.core import files
from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Dataset, Indicator, Page, Text

PAGE, FIGURE, TEXT, PHOTO = "page", "figure", "text", "photo"
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
QUOTED = 40  # characters of a text quoted in a change: enough to recognise it


@dataclass(frozen=True)
class ChangeWords:
    """The words of a change summary in one language ({label}, {old}, {new}, {where}, {name} filled in).
    The parts name which text of a thing changed."""

    nothing: str = "Nothing: it is the content shown now."
    figure_changed: str = "{label}: {old} → {new}"
    figure_added: str = "New figure: {label}: {new}"
    figure_removed: str = "Figure removed: {label}: {old}"
    text_changed: str = "{where}: “{old}” → “{new}”"
    text_added: str = "Added: {where}: “{new}”"
    text_removed: str = "Removed: {where}: “{old}”"
    page_added: str = "Page added: {name}"
    page_removed: str = "Page removed: {name}"
    photo_added: str = "Photo added: {name}"
    photo_removed: str = "Photo removed: {name}"
    photo_replaced: str = "Photo replaced: {name}"
    more: str = "… and {count} more"
    parts: dict[str, str] = field(
        default_factory=lambda: {
            "title": "title",
            "headline": "headline",
            "tagline": "tagline",
            "summary": "summary",
            "highlight": "highlight {n}",
            "label": "label",
            "note": "note",
            "period": "period",
            "name": "name",
            "document": "document",
            "caption": "caption",
            "credit": "credit",
            "bar": "bar {n}",
        }
    )


@dataclass(frozen=True)
class Change:
    """One change: `what` (PAGE, FIGURE, TEXT, PHOTO) was ADDED, REMOVED or CHANGED. `owner` names the
    thing in every language (a page's title, a figure's label, an album's title); `part` says which of
    its texts (a key of ChangeWords.parts, with `n` for a highlight or a bar); `old` and `new` are the
    texts or figures before and after."""

    what: str
    action: str
    owner: Text | None = None
    part: str = ""
    n: int = 0
    old: Text | Indicator | None = None
    new: Text | Indicator | None = None


@dataclass(frozen=True)
class Changes:
    """What installing would change, against what is shown; `formatter` and `language` (the new
    content's) say its figures, and stand in for a staff language the content lacks."""

    entries: tuple[Change, ...] = ()
    formatter: NumberFormatter | None = None
    language: str = ""

    @property
    def none(self) -> bool:
        return not self.entries

    def count(self, what: str, action: str | None = None) -> int:
        return sum(1 for c in self.entries if c.what == what and (action is None or c.action == action))


def _go_on() -> None:
    """A `check` that never stops the work."""


# --- finding the changes --------------------------------------------------------------------------

_Key = tuple[object, ...]
_Entry = tuple[str | None, Text | None, str, int, Text]  # (page id it belongs to, owner, part, n, the text)


def _page_texts(page: Page) -> Iterator[tuple[_Key, _Entry]]:
    p = page.id
    for part in ("title", "headline", "tagline", "summary"):
        yield ("page", p, part), (p, page.title, part, 0, getattr(page, part))
    for i, highlight in enumerate(page.highlights):
        yield ("page", p, "highlight", i), (p, page.title, "highlight", i + 1, highlight)
    for ind in page.indicators:
        yield ("figure", ind.id, "label"), (p, ind.label, "label", 0, ind.label)
        if ind.note is not None:
            yield ("figure", ind.id, "note"), (p, ind.label, "note", 0, ind.note)
        if isinstance(ind.period, Text):
            yield ("figure", ind.id, "period"), (p, ind.label, "period", 0, ind.period)
    for chart in page.charts:
        yield ("chart", chart.id, "title"), (p, chart.title, "title", 0, chart.title)
        if chart.note is not None:
            yield ("chart", chart.id, "note"), (p, chart.title, "note", 0, chart.note)
        for i, bar in enumerate(chart.bars):
            if bar.label is not None:
                yield ("chart", chart.id, "bar", bar.indicator), (p, chart.title, "bar", i + 1, bar.label)
    for group in page.groups:
        yield ("group", group.id, "title"), (p, group.title, "title", 0, group.title)
        for item in group.items:
            yield ("item", item.id, "name"), (p, group.title, "name", 0, item.name)
            if item.note is not None:
                yield ("item", item.id, "note"), (p, item.name, "note", 0, item.note)


def _texts(dataset: Dataset) -> dict[_Key, _Entry]:
    """Every text of the content a visitor reads, keyed by what it belongs to (ids, never places)."""
    found: dict[_Key, _Entry] = {("dataset", "title"): (None, None, "title", 0, dataset.title)}
    for source in dataset.sources:
        found[("source", source.id, "name")] = (None, source.name, "name", 0, source.name)
        found[("source", source.id, "document")] = (None, source.name, "document", 0, source.document)
        if source.note is not None:
            found[("source", source.id, "note")] = (None, source.name, "note", 0, source.note)
    for page in dataset.pages:
        found.update(_page_texts(page))
    for album in dataset.albums:
        found[("album", album.id, "title")] = (None, album.title, "title", 0, album.title)
        found[("album", album.id, "caption")] = (None, album.title, "caption", 0, album.caption)
        for photo in album.photos:
            found[("photo", photo.id, "caption")] = (None, album.title, "caption", 0, photo.caption)
            if photo.credit is not None:
                found[("photo", photo.id, "credit")] = (None, album.title, "credit", 0, photo.credit)
    return found


def _figures(dataset: Dataset) -> dict[str, tuple[str, Indicator]]:
    return {ind.id: (page.id, ind) for page in dataset.pages for ind in page.indicators}


def _in(text: Text | None, languages: frozenset[str]) -> Text | None:
    """`text` in `languages` only: a language the other content lacks is one change of its own (its
    texts all come or go with it), not a change of every text."""
    return None if text is None else Text({code: words for code, words in text.items() if code in languages})


def _shown_as(ind: Indicator, languages: frozenset[str]) -> tuple[object, ...]:
    """What of a figure reads on its tile besides its label and note (those are texts of their own)."""
    counted = _in(ind.counter, languages)
    counter = tuple(sorted(counted.items())) if counted is not None else None
    period = ind.period if isinstance(ind.period, str) else None  # a worded period is a text of its own
    return (ind.value, ind.unit, ind.qualifier, counter, period)


def compare(
    shown: Dataset,
    new: Dataset,
    shown_folder: Path,
    new_folder: Path,
    check: Callable[[], object] = _go_on,
    formatter: NumberFormatter | None = None,
) -> Changes:
    """The changes, pages first, then figures, texts and photos. `check` is asked before each photo is
    read (it may raise InstallCancelledError); `formatter`: the new content's, to say its figures."""
    old_pages, new_pages = {p.id: p for p in shown.pages}, {p.id: p for p in new.pages}
    gone = old_pages.keys() - new_pages.keys()
    came = new_pages.keys() - old_pages.keys()
    entries = [Change(PAGE, ADDED, new=new_pages[k].title) for k in new_pages if k in came]
    entries += [Change(PAGE, REMOVED, old=old_pages[k].title) for k in old_pages if k in gone]
    both = frozenset(shown.language_codes) & frozenset(new.language_codes)
    entries += _figure_changes(_figures(shown), _figures(new), came | gone, both)
    entries += _text_changes(_texts(shown), _texts(new), came | gone, both)
    entries += _photo_changes(shown, new, shown_folder, new_folder, check)
    return Changes(tuple(entries), formatter, new.default_language)


def _figure_changes(
    old: dict[str, tuple[str, Indicator]], new: dict[str, tuple[str, Indicator]], pages: set[str], languages: frozenset[str]
) -> list[Change]:
    changes = []
    for key, (page, ind) in new.items():
        if key not in old:
            if page not in pages:
                changes.append(Change(FIGURE, ADDED, owner=ind.label, new=ind))
        elif _shown_as(old[key][1], languages) != _shown_as(ind, languages):
            changes.append(Change(FIGURE, CHANGED, owner=ind.label, old=old[key][1], new=ind))
    changes += [
        Change(FIGURE, REMOVED, owner=ind.label, old=ind) for key, (page, ind) in old.items() if key not in new and page not in pages
    ]
    return changes


_ANCHORS = {"photo": "caption", "figure": "label"}  # a text every photo and figure has: whether it is there


def _text_changes(old: dict[_Key, _Entry], new: dict[_Key, _Entry], pages: set[str], languages: frozenset[str]) -> list[Change]:
    """Texts changed, added and removed; those of a page, photo or figure added or removed are said
    with it, not each again."""

    def said_with_its_own(key: _Key, page: str | None) -> bool:
        anchor = _ANCHORS.get(str(key[0]))
        whole = anchor is not None and ((key[0], key[1], anchor) not in old or (key[0], key[1], anchor) not in new)
        return page in pages or whole

    changes = []
    for key, (page, owner, part, n, text) in new.items():
        if said_with_its_own(key, page):
            continue
        if key not in old:
            changes.append(Change(TEXT, ADDED, owner, part, n, new=text))
        elif _in(old[key][4], languages) != _in(text, languages):
            changes.append(Change(TEXT, CHANGED, owner, part, n, old=old[key][4], new=text))
    for key, (page, owner, part, n, text) in old.items():
        if key not in new and not said_with_its_own(key, page):
            changes.append(Change(TEXT, REMOVED, owner, part, n, old=text))
    return changes


def _photo_changes(shown: Dataset, new: Dataset, shown_folder: Path, new_folder: Path, check: Callable[[], object]) -> list[Change]:
    def photos(dataset: Dataset, folder: Path) -> dict[str, tuple[Text, bytes]]:
        found: dict[str, tuple[Text, bytes]] = {}
        for album in dataset.albums:
            for photo in album.photos:
                check()
                found[photo.id] = (photo.caption, _fingerprint(folder, photo.file))
        return found

    old, now = photos(shown, shown_folder), photos(new, new_folder)
    changes = []
    for key, (caption, print_) in now.items():
        if key not in old:
            changes.append(Change(PHOTO, ADDED, new=caption))
        elif old[key][1] != print_:
            changes.append(Change(PHOTO, CHANGED, new=caption))
    changes += [Change(PHOTO, REMOVED, old=caption) for key, (caption, _) in old.items() if key not in now]
    return changes


def _fingerprint(folder: Path, name: str) -> bytes:
    """A photo's first bytes and its size: enough to tell a replaced photo, without reading it whole."""
    try:
        with files.open_regular(folder.joinpath(*PurePosixPath(name).parts), within=folder) as handle:
            return handle.read(4096) + str(os.fstat(handle.fileno()).st_size).encode()
    except (OSError, ValueError):
        return b""


# --- saying them ----------------------------------------------------------------------------------


def describe(changes: Changes, language: str, words: ChangeWords | None = None, limit: int | None = None) -> list[str]:
    """The changes in `language` (the content's own words where it lacks it), one line each; past
    `limit` lines, one more says how many are left out."""
    say = _Saying(changes, language, words or ChangeWords())
    if changes.none:
        return [say.words.nothing]
    lines = [say.line(change) for change in changes.entries]
    if limit is not None and len(lines) > limit:
        lines[limit - 1 :] = [say.words.more.format(count=len(lines) - limit + 1)]
    return lines


class _Saying:
    def __init__(self, changes: Changes, language: str, words: ChangeWords) -> None:
        self.changes, self.words = changes, words
        formatter = changes.formatter
        self.lang = language if formatter is None or language in formatter.languages else changes.language

    def text(self, text: Text | None) -> str:
        if text is None:
            return ""
        return text.in_language(self.lang) or text.in_language(self.changes.language)

    def quoted(self, text: Text | Indicator | None, lang: str = "") -> str:
        shown = (text.in_language(lang) or self.text(text) if lang else self.text(text)) if isinstance(text, Text) else ""
        return shown if len(shown) <= QUOTED else shown[: QUOTED - 1] + "…"

    def figure(self, ind: Indicator | Text | None, with_period: bool = True) -> str:
        """The figure as its tile says it; with its period unless that is a text (a change of its own)."""
        if not isinstance(ind, Indicator):
            return ""
        formatter = self.changes.formatter
        if formatter is None:
            return f"{ind.value:g}"
        shown = formatter.indicator(ind, self.lang)
        return f"{shown} ({formatter.period(ind.period, self.lang)})" if with_period and isinstance(ind.period, str) else shown

    def where(self, change: Change) -> str:
        part = self.words.parts.get(change.part, change.part).format(n=change.n)
        owner = self.text(change.owner)
        return f"{owner} · {part}" if owner else part

    def text_line(self, change: Change) -> str:
        """A text in the staff's language; changed only in another language, in that one, named."""
        words = self.words
        template = {ADDED: words.text_added, REMOVED: words.text_removed, CHANGED: words.text_changed}[change.action]
        where, lang = self.where(change), self.lang
        old, new = change.old, change.new
        if isinstance(old, Text) and isinstance(new, Text) and old.in_language(lang) == new.in_language(lang):
            lang = next((code for code in new if old.in_language(code) != new.in_language(code)), lang)
            where = f"{where} [{lang}]"
        return template.format(where=where, old=self.quoted(old, lang), new=self.quoted(new, lang))

    def line(self, change: Change) -> str:
        words = self.words
        if change.what == FIGURE:
            template = {ADDED: words.figure_added, REMOVED: words.figure_removed, CHANGED: words.figure_changed}[change.action]
            # A figure of the same period reads "178个 → 182个"; one moved to another period names both.
            periods = {ind.period for ind in (change.old, change.new) if isinstance(ind, Indicator)}
            with_period = change.action != CHANGED or len(periods) > 1
            old, new = self.figure(change.old, with_period), self.figure(change.new, with_period)
            return template.format(label=self.text(change.owner), old=old, new=new)
        if change.what == TEXT:
            return self.text_line(change)
        name = self.quoted(change.new if change.new is not None else change.old)
        if change.what == PAGE:
            return (words.page_added if change.action == ADDED else words.page_removed).format(name=name)
        template = {ADDED: words.photo_added, REMOVED: words.photo_removed, CHANGED: words.photo_replaced}[change.action]
        return template.format(name=name)
