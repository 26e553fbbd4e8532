"""`kiosk add-photos ALBUM FILE...`: the exhibitor's own photos into an album, ready for the screen.

Each file (any format the kiosk shows, HEIC included) becomes a web-ready JPEG in the album's folder:
orientation applied, at most MAX_SIDE pixels on its long side, and no metadata but its colour profile
(a public hall ships no GPS positions, camera serial numbers or owner names). Its entry goes into
content.json with empty caption and credit texts for the editor to fill in; `kiosk check` lists them.
content.json is rewritten atomically, with its indentation and key order kept."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image

from kiosk.core.content.loader import CONTENT_FILE
from kiosk.core.files import write_atomic
from kiosk.core.photos.prepare import PhotoError, prepare

MAX_SIDE = 3840  # a 4K panel's long side: sharper is never shown
JPEG_QUALITY = 90


class AddPhotosError(Exception):
    """Nothing was added; the message says why."""


@dataclass(frozen=True)
class Added:
    source: Path
    file: str  # as written in content.json, relative to the content folder
    id: str
    size: tuple[int, int]


@dataclass
class AddResult:
    added: list[Added] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one line per file that could not be added


def _slug(stem: str) -> str:
    """A file name part that reads the same on every system: lowercase ASCII letters, digits, hyphens."""
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40] or "photo"


def _indent_of(text: str) -> int:
    """The file's own indentation (2 by default), so a rewrite changes only what was added."""
    match = re.search(r"\n( +)\S", text)
    return len(match.group(1)) if match else 2


def _ids(value: object) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            found.add(value["id"])
        for item in value.values():
            found |= _ids(item)
    elif isinstance(value, list):
        for item in value:
            found |= _ids(item)
    return found


def _jpeg_writer(image: Image.Image, options: dict[str, Any]) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        image.save(handle, "JPEG", **options)  # no exif=: nothing of the camera's or the place's goes along

    return write


def add_photos(folder: Path, album_id: str, files: list[Path]) -> AddResult:
    """Add `files` to album `album_id` of the content in `folder`. Raises AddPhotosError when nothing
    can be added (no such album, content.json unreadable); a file that cannot be used is refused in
    the result while the others are added."""
    content_path = folder / CONTENT_FILE
    try:
        text = content_path.read_text(encoding="utf-8-sig")
        data: Any = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise AddPhotosError(f"{content_path}: cannot be read as content ({exc}); run kiosk check --content {folder}") from None
    albums = data.get("albums") if isinstance(data, dict) else None
    album = next((a for a in albums or [] if isinstance(a, dict) and a.get("id") == album_id), None)
    if album is None:
        known = ", ".join(a["id"] for a in albums or [] if isinstance(a, dict) and isinstance(a.get("id"), str)) or "none"
        raise AddPhotosError(f"there is no album {album_id!r} in {content_path}; the albums are: {known}")
    if not isinstance(album.get("photos"), list):
        album["photos"] = []
    languages = [lang["code"] for lang in data.get("languages", []) if isinstance(lang, dict) and isinstance(lang.get("code"), str)]
    ids = _ids(data)
    target_dir = folder / "photos" / album_id
    result = AddResult()
    for source in files:
        try:
            prepared = prepare(source, (MAX_SIDE, MAX_SIDE), "contain")
        except PhotoError as exc:
            result.refused.append(str(exc))
            continue
        slug = _slug(source.stem)
        name, n = f"{slug}.jpg", 1
        while (target_dir / name).exists():
            n += 1
            name = f"{slug}-{n}.jpg"
        photo_id, m = f"{album_id}-{slug}" if n == 1 else f"{album_id}-{slug}-{n}", 1
        while photo_id in ids:
            m += 1
            photo_id = f"{album_id}-{slug}-{n}-{m}"
        ids.add(photo_id)
        image, profile = prepared.image, prepared.icc_profile
        options: dict[str, Any] = {"quality": JPEG_QUALITY, "optimize": True}
        if profile:
            options["icc_profile"] = profile  # colour, not a person or a place: kept
        try:
            write_atomic(target_dir / name, _jpeg_writer(image, options))
        except OSError as exc:
            result.refused.append(f"{source.name}: could not be written to {target_dir / name}: {exc.strerror or exc}")
            continue
        relative = f"photos/{album_id}/{name}"
        empty = {code: "" for code in languages}
        album["photos"].append({"id": photo_id, "file": relative, "caption": dict(empty), "credit": dict(empty), "illustration": False})
        result.added.append(Added(source, relative, photo_id, image.size))
    if result.added:
        payload = json.dumps(data, ensure_ascii=False, indent=_indent_of(text)) + ("\n" if text.endswith("\n") else "")
        write_atomic(content_path, payload)
    return result
