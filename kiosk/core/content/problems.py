"""A problem found in content, located precisely enough for an exhibitor to fix it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_QUOTED = 60  # characters of a value a problem quotes: enough to find it, not a whole pasted essay
_FIELD = 1000  # characters of a problem's path or message at most


def _printable(text: str, limit: int) -> str:
    """Text safe to print on any console and log: control characters (an escape sequence in a key)
    and unpaired surrogates (valid in JSON, not in UTF-8: printing one raises) are escaped."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def shown(value: object, limit: int = _QUOTED) -> str:
    """A value from the content as a problem quotes it: text in quotes, anything else as JSON would
    write it; shortened past `limit` characters."""
    if isinstance(value, str):
        return "'" + _printable(value, limit) + "'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return _printable(repr(value), limit)


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __post_init__(self) -> None:
        for name in ("file", "path", "message"):
            text = getattr(self, name)
            safe = _printable(text, _FIELD)
            if safe != text:
                object.__setattr__(self, name, safe)

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


def join_path(parent: str, key: str | int) -> str:
    """Build `pillars[2].indicators[0].value` style paths (a key of the content's own is shortened)."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if len(key) > _QUOTED:
        key = key[: _QUOTED - 1] + "…"
    return f"{parent}.{key}" if parent else key
