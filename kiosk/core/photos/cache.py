"""Two caches for prepared photos: in memory, bounded in bytes; on disk, keyed by the file's content,
the target size and the pipeline version, so a restart shows photos at once and an edited file is
never shown stale. A disk that is full or read-only only costs speed."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PIL import Image

from kiosk.core.files import write_atomic
from kiosk.core.photos.lru import ByteLRU
from kiosk.core.photos.prepare import PIPELINE_VERSION, Fit, PhotoError, Prepared, prepare

log = logging.getLogger(__name__)
V = TypeVar("V")


def content_key(path: Path, box: tuple[int, int], fit: Fit) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    digest.update(f"|{box[0]}x{box[1]}|{fit}|v{PIPELINE_VERSION}".encode())
    return digest.hexdigest()


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
        self.failures: dict[tuple[str, float, int], str] = {}
        self._noted: set[tuple[str, float, int]] = set()  # files whose decoder notes were logged
        self._lock = threading.Lock()

    def failure(self, path: Path) -> str | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return self.failures.get((str(path), stat.st_mtime, stat.st_size))

    def get(self, path: Path, box: tuple[int, int], fit: Fit = "cover") -> Image.Image:
        """The prepared image, from memory, disk or the file. Raises PhotoError (once per file version)."""
        mem_key = f"{path}|{box}|{fit}"
        cached = self.memory.get(mem_key)
        if cached is not None:
            return cached
        try:
            stat = path.stat()
        except OSError:
            stat = None
        fail_key = (str(path), stat.st_mtime, stat.st_size) if stat else None
        if fail_key and fail_key in self.failures:
            raise PhotoError(self.failures[fail_key])
        key = None
        if self.disk is not None and stat is not None:
            key = content_key(path, box, fit)
            image = self.disk.load(key)
            if image is not None:
                self.memory.put(mem_key, image)
                return image
        try:
            prepared: Prepared = prepare(path, box, fit)
        except Exception as exc:
            if fail_key:
                with self._lock:
                    if fail_key not in self.failures:
                        log.error("photo %s cannot be shown: %s", path, exc)
                    self.failures[fail_key] = str(exc)
            raise
        if prepared.notes and fail_key:
            with self._lock:
                first = fail_key not in self._noted
                self._noted.add(fail_key)
            if first:  # once per file version, with its name: never nameless, never on stderr
                log.warning("photo %s shown, but its decoder said: %s", path.name, "; ".join(prepared.notes)[:400])
        if self.disk is not None and key is not None:
            self.disk.store(key, prepared.image)
        self.memory.put(mem_key, prepared.image)
        return prepared.image


@dataclass(frozen=True)
class PhotoCheck:
    """`kiosk check` and the self-test: what failed, what decoded with notes, and how long it took."""

    problems: list[tuple[str, str]]  # (path in content, problem)
    notes: list[tuple[str, str]]  # (path in content, what the decoder said about a photo it showed)
    decoded: int
    seconds: float


def check_photos(files: list[tuple[str, Path]]) -> PhotoCheck:
    """Decode every photo small and uncached, as the kiosk would."""
    import time

    started = time.perf_counter()
    problems, notes = [], []
    for where, path in files:
        try:
            prepared = prepare(path, (320, 180), "contain")
        except PhotoError as exc:
            problems.append((where, str(exc)))
        else:
            notes += [(where, f"{path.name}: {note}") for note in prepared.notes]
    return PhotoCheck(problems, notes, len(files) - len(problems), time.perf_counter() - started)
