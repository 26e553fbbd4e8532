"""Which content the kiosk shows and where it came from. The exhibitor asks for a folder (`--content`);
if it does not validate, the bundled content is shown and the reasons are kept for staff. A reload
always tries the folder that was asked for again, so fixing it and pressing Reload is enough; content
that does not validate never replaces what is on screen.

The requested folder is judged as `kiosk check` judges it, font coverage included (`glyphs`, the bundled
font's: kiosk/core/content/glyphs.py): a text the font cannot draw keeps the folder off screen. The
bundled content's coverage is a build check (tests/ui/test_fonts.py, `kiosk check`, the self-test), never
a reason for a kiosk not to start: it is loaded without it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.glyphs import MissingCharacters
from kiosk.core.content.loader import LoadResult, load_content
from kiosk.core.content.model import Dataset


@dataclass(frozen=True)
class ContentState:
    result: LoadResult  # always valid: what is on screen
    rejected: tuple[str, ...] = field(default=())  # why the requested folder is not what is on screen

    @property
    def dataset(self) -> Dataset:
        assert self.result.dataset is not None
        return self.result.dataset

    @property
    def formatter(self) -> NumberFormatter:
        assert self.result.formatter is not None
        return self.result.formatter

    @property
    def folder(self) -> Path:
        return self.result.folder


class BundledContentError(Exception):
    """The content shipped with the kiosk does not validate: a broken build, nothing staff can fix."""


class ContentSource:
    def __init__(self, requested: Path | None, bundled: Path, glyphs: MissingCharacters | None) -> None:
        """`glyphs`: the characters of a text the kiosk's font lacks (None where no font could be read:
        the health notes say so, and coverage is then not judged)."""
        self.bundled = bundled
        self.glyphs = glyphs
        self.requested: Path | None = None
        self.request(requested)

    def request(self, folder: Path | None) -> None:
        """The folder to show from now on (None: the bundled content); takes effect at the next load."""
        self.requested = folder if folder is not None and not _same_folder(folder, self.bundled) else None

    def load(self) -> ContentState:
        """At start: the requested folder if it validates, else the bundled content and why. Whatever the
        requested folder holds, this answers: a kiosk never crash-loops on content."""
        rejected: list[str] = []
        if self.requested is not None:
            result = _load_safely(self.requested, self.glyphs)
            if result.ok:
                return ContentState(result)
            rejected.append(f"content in {self.requested} has {len(result.problems)} problem(s); showing the bundled content")
            rejected += [str(p) for p in result.problems]
        bundled = load_content(self.bundled)
        if not bundled.ok:
            raise BundledContentError("the bundled content is broken:\n" + "\n".join(str(p) for p in bundled.problems))
        return ContentState(bundled, tuple(rejected))

    def reload(self, current: ContentState) -> tuple[ContentState, list[str]]:
        """The requested folder (or the bundled one) read again: the new state and no problems, or the
        current state and the problems that kept the new content out."""
        result = _load_safely(self.requested, self.glyphs) if self.requested is not None else _load_safely(self.bundled, None)
        if not result.ok:
            return current, [str(p) for p in result.problems]
        return ContentState(result), []


def _same_folder(one: Path, other: Path) -> bool:
    """Whether two paths lead to one folder. A path that cannot be followed (a loop of links raised
    RuntimeError at every start: a crash loop) is not the bundled folder; loading it names why."""
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError, ValueError):
        return False


def _load_safely(folder: Path, glyphs: MissingCharacters | None) -> LoadResult:
    """load_content never raises for bad content (a fuzz test holds it to that); should a bug make it,
    the folder is refused with the reason rather than the kiosk stopping."""
    try:
        return load_content(folder, glyphs)
    except Exception as exc:
        from kiosk.core.content.problems import Problem

        return LoadResult(folder, None, None, (Problem("content.json", "", f"could not be read: {type(exc).__name__}: {exc}"),))
