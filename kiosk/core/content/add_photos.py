"""`kiosk add-photos ALBUM FILE...`: the exhibitor's own photos into an album, ready for the screen.

Each file (any format the kiosk shows, HEIC included) becomes a web-ready JPEG in the album's folder:
orientation applied, at most MAX_SIDE pixels on its long side, and no metadata but its colour profile
(a public hall ships no GPS positions, camera serial numbers or owner names). Its entry goes into
content.json with empty caption and credit texts for the editor to fill in; `kiosk check` lists them.
content.json is rewritten with its indentation and key order kept.

All or nothing: the new photos and content.json are written beside their places first, then renamed in
together (kiosk/core/file_set.py), so a full or read-only disk leaves no photo unlisted in the album and
no entry without its photo. A source that cannot be used (not a photo, a FIFO, a device) is refused by
name while the others are added."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image

from kiosk.core import files
from kiosk.core.content.loader import CONTENT_FILE, MAX_CONTENT_BYTES
from kiosk.core.content.typed_json import json_type_name
from kiosk.core.file_set import FileSet
from kiosk.core.photos.prepare import PhotoError, prepare

MAX_SIDE = 3840  # a 4K panel's long side: sharper is never shown
JPEG_QUALITY = 90
CONTENT_FILE_MODE = 0o644  # as the bundled content: a kiosk running as another user (the hall's service account) reads it


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


def _read_content(content_path: Path, folder: Path) -> tuple[str, dict[str, Any]]:
    """content.json's text and document, through kiosk.core.files; raises AddPhotosError naming what
    is wrong with the parts add-photos changes (`kiosk check` names everything else)."""
    again = f"run kiosk check --content {folder}"
    try:
        raw = files.read_bytes(content_path, MAX_CONTENT_BYTES)
        data = files.parse_json(raw, content_path)
    except OSError as exc:
        raise AddPhotosError(f"{content_path}: cannot be read as content ({files.describe(exc)}); {again}") from None
    if not isinstance(data, dict):
        raise AddPhotosError(f"{content_path}: is not content (not a JSON object); {again}")
    for key in ("albums", "languages"):
        if key not in data:
            raise AddPhotosError(f"{content_path}: has no {key}; {again}")
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            raise AddPhotosError(f"{content_path}: {key} must be a list of objects, not {_json_kind(value)}; {again}")
    for i, album in enumerate(data["albums"]):
        if "photos" in album and not isinstance(album["photos"], list):
            raise AddPhotosError(f"{content_path}: albums[{i}].photos must be a list, not {_json_kind(album['photos'])}; {again}")
    return raw.decode("utf-8-sig"), data


def _json_kind(value: object) -> str:
    return "a list with other things in it" if isinstance(value, list) else json_type_name(value)


def add_photos(folder: Path, album_id: str, files_to_add: list[Path]) -> AddResult:
    """Add `files_to_add` to album `album_id` of the content in `folder`. Raises AddPhotosError when
    nothing can be added (no such album, content.json unreadable, the disk refuses); a file that cannot
    be used is refused in the result while the others are added."""
    content_path = folder / CONTENT_FILE
    text, data = _read_content(content_path, folder)
    albums: list[dict[str, Any]] = data["albums"]
    album = next((a for a in albums if a.get("id") == album_id), None)
    if album is None:
        known = ", ".join(a["id"] for a in albums if isinstance(a.get("id"), str)) or "none"
        raise AddPhotosError(f"there is no album {album_id!r} in {content_path}; the albums are: {known}")
    photos: list[Any] = album.setdefault("photos", [])
    languages = [lang["code"] for lang in data["languages"] if isinstance(lang.get("code"), str)]
    ids = _ids(data)
    target_dir = folder / "photos" / album_id
    result = AddResult()
    taken: set[str] = set()  # names given in this run, not on the disk until the end
    with FileSet() as together:
        for source in files_to_add:
            try:
                files.check_regular(source)  # a FIFO would block the decoder, a device fill memory
            except (OSError, ValueError) as exc:
                result.refused.append(f"{source.name}: {files.describe(exc)}")
                continue
            try:
                prepared = prepare(source, (MAX_SIDE, MAX_SIDE), "contain")
            except PhotoError as exc:
                result.refused.append(str(exc))
                continue
            slug = _slug(source.stem)
            name, n = f"{slug}.jpg", 1
            while name in taken or (target_dir / name).exists():
                n += 1
                name = f"{slug}-{n}.jpg"
            taken.add(name)
            photo_id, m = f"{album_id}-{slug}" if n == 1 else f"{album_id}-{slug}-{n}", 1
            while photo_id in ids:
                m += 1
                photo_id = f"{album_id}-{slug}-{n}-{m}"
            ids.add(photo_id)
            image, profile = prepared.image, prepared.icc_profile
            options: dict[str, Any] = {"quality": JPEG_QUALITY, "optimize": True}
            if profile:
                options["icc_profile"] = profile  # colour, not a person or a place: kept
            relative = f"photos/{album_id}/{name}"
            try:
                together.stage(target_dir / name, _jpeg_writer(image, options), mode=CONTENT_FILE_MODE)
            except OSError as exc:
                raise AddPhotosError(f"nothing added: {relative} could not be written in {folder}: {files.describe(exc)}") from None
            empty = {code: "" for code in languages}
            photos.append({"id": photo_id, "file": relative, "caption": dict(empty), "credit": dict(empty), "illustration": False})
            result.added.append(Added(source, relative, photo_id, image.size))
        if result.added:
            payload = json.dumps(data, ensure_ascii=False, indent=_indent_of(text)) + ("\n" if text.endswith("\n") else "")
            try:
                together.stage(content_path, payload, mode=CONTENT_FILE_MODE)
                together.commit()
            except OSError as exc:
                raise AddPhotosError(f"nothing added: {_written(exc, folder)}: {files.describe(exc)}") from None
    return result


def _written(exc: OSError, folder: Path) -> str:
    where = Path(exc.filename) if exc.filename else None
    if where is not None and where.name.startswith("."):  # a temporary file beside its target
        where = where.parent
    if where is None:
        return f"could not write in {folder}"
    return f"could not write {where}"
