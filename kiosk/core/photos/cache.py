"""Two caches for prepared photos: in memory, bounded in bytes; on disk, keyed by the file's content,
the target size and the pipeline version, so a restart shows photos at once and an edited file is
never shown stale. A disk that is full or read-only only costs speed."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import TypeVar

from PIL import Image

from kiosk.core.files import describe, write_atomic
from kiosk.core.photos.check import PhotoCheck, check_photos
from kiosk.core.photos.lru import ByteLRU
from kiosk.core.photos.prepare import PIPELINE_VERSION, Fit, PhotoError, Prepared, content_hash, open_photo, prepare_file

__all__ = [
    "ByteLRU",
    "DiskCache",
    "PhotoCheck",
    "PhotoStore",
    "check_photos",
    "content_hash",
    "content_key",
]  # check_photos: callers import it from here

log = logging.getLogger(__name__)
V = TypeVar("V")


def _key(content: hashlib.blake2b, box: tuple[int, int], fit: Fit) -> str:
    key = content.copy()
    key.update(f"|{box[0]}x{box[1]}|{fit}|v{PIPELINE_VERSION}".encode())
    return key.hexdigest()


def content_key(path: Path, box: tuple[int, int], fit: Fit, *, within: Path | None = None) -> str:
    """The disk-cache key of a photo: its content, the target size and the pipeline. Raises PhotoError."""
    with open_photo(path, within=within) as handle:
        try:
            return _key(content_hash(handle), box, fit)
        except OSError as exc:
            raise PhotoError(path.name, describe(exc), lasting=False) from None


class DiskCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.disabled_reason: str | None = None

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.jpg"

    def load(self, key: str) -> Image.Image | None:
        path = self._path(key)
        try:
            with Image.open(path) as im:
                im.load()
                return im.convert("RGB")
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:  # a damaged cache file: drop it and prepare again
            log.warning("photo cache: %s unreadable (%s); preparing again", path, exc)
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            return None

    def store(self, key: str, image: Image.Image) -> None:
        if self.disabled_reason:
            return
        try:
            write_atomic(self._path(key), lambda handle: image.save(handle, "JPEG", quality=90))
        except OSError as exc:
            self.disabled_reason = f"photo cache in {self.folder} not writable ({exc.strerror or exc}); photos are prepared each start"
            log.warning(self.disabled_reason)


class PhotoStore:
    """prepare() behind both caches, plus a memory of failures so a broken file is tried (and
    logged) once, not on every pass of the carousel. Thread-safe: workers call `get`."""

    def __init__(self, cache_dir: Path | None, memory_limit: int = 256 * 1024 * 1024) -> None:
        self.memory: ByteLRU[Image.Image] = ByteLRU(memory_limit, lambda im: im.width * im.height * 3)
        self.disk = DiskCache(cache_dir) if cache_dir is not None else None
        self.failures: dict[tuple[str, float, int], PhotoError] = {}
        self._noted: set[tuple[str, float, int]] = set()  # files whose decoder notes were logged
        self._lock = threading.Lock()

    @staticmethod
    def _version(path: Path) -> tuple[str, float, int] | None:
        """Which version of the file a failure belongs to (a link loop has one too: lstat)."""
        for stat in (os.stat, os.lstat):
            with contextlib.suppress(OSError, ValueError):
                info = stat(path)
                return (str(path), info.st_mtime, info.st_size)
        return None

    def failure(self, path: Path) -> str | None:
        version = self._version(path)
        failed = self.failures.get(version) if version else None
        return str(failed) if failed else None

    def get(self, path: Path, box: tuple[int, int], fit: Fit = "cover", *, within: Path | None = None) -> Image.Image:
        """The prepared image, from memory, disk or the file (read only through open_photo, inside
        `within` when given). Raises PhotoError (logged once per file version)."""
        mem_key = f"{path}|{box}|{fit}"
        cached = self.memory.get(mem_key)
        if cached is not None:
            return cached
        version = self._version(path)
        if version and version in self.failures:
            raise self.failures[version]
        key = None
        try:
            with open_photo(path, within=within) as handle:
                if self.disk is not None:
                    try:
                        key = _key(content_hash(handle), box, fit)
                    except OSError as exc:
                        raise PhotoError(path.name, describe(exc), lasting=False) from None
                    image = self.disk.load(key)
                    if image is not None:
                        self.memory.put(mem_key, image)
                        return image
                prepared: Prepared = prepare_file(handle, path.name, box, fit)
        except PhotoError as exc:
            with self._lock:
                first = version is None or version not in self.failures
                if version:
                    self.failures[version] = exc
            if first:
                log.error("photo %s cannot be shown: %s", path, exc)
            raise
        if prepared.notes and version:
            with self._lock:
                first = version not in self._noted
                self._noted.add(version)
            if first:  # once per file version, with its name: never nameless, never on stderr
                log.warning("photo %s shown, but its decoder said: %s", path.name, "; ".join(prepared.notes)[:400])
        if self.disk is not None and key is not None:
            self.disk.store(key, prepared.image)
        self.memory.put(mem_key, prepared.image)
        return prepared.image
