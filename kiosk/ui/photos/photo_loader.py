"""Prepares photos on worker threads and hands them to the UI thread as QImages.

The UI never decodes: it asks, and paints a placeholder until `ready` arrives (Pillow releases the
GIL while decoding and resampling, so the UI thread keeps its frames). Finished images stay in a
memory cache bounded in bytes, so a second visit paints at once; the disk cache under it makes a
restart fast too."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from kiosk.core.photos.lru import ByteLRU

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from kiosk.core.photos.cache import PhotoStore
    from kiosk.core.photos.prepare import Fit

log = logging.getLogger(__name__)


def device_size(widget: QWidget) -> tuple[int, int]:
    """The widget's size in device pixels: photos are prepared for exactly what the screen shows."""
    ratio = widget.devicePixelRatioF()
    return max(1, round(widget.width() * ratio)), max(1, round(widget.height() * ratio))


def photo_key(path: Path, size: tuple[int, int], fit: Fit = "cover") -> str:
    return f"{path}|{size[0]}x{size[1]}|{fit}"


class PhotoLoader(QObject):
    ready = Signal(str, QImage)  # key, image
    failed = Signal(str, str)  # key, reason for staff

    def __init__(
        self, cache_dir: Path | None, memory_limit: int = 96 * 1024 * 1024, workers: int = 2, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._cache_dir = cache_dir
        self._store: PhotoStore | None = None  # made on first use: Pillow loads after the first frame
        self.images: ByteLRU[QImage] = ByteLRU(memory_limit, lambda image: image.sizeInBytes())
        self.failures: dict[str, str] = {}
        self._pending: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None  # started on the first request
        self._closed = False

    @property
    def store(self) -> PhotoStore:
        if self._store is None:
            from kiosk.core.photos.cache import PhotoStore

            self._store = PhotoStore(self._cache_dir, memory_limit=0)  # the QImage cache below is the memory cache
        return self._store

    def cached(self, path: Path, size: tuple[int, int], fit: Fit = "cover") -> QImage | None:
        return self.images.get(photo_key(path, size, fit))

    def request(self, path: Path, size: tuple[int, int], fit: Fit = "cover", *, within: Path | None = None) -> str:
        """Ask for a photo; `ready` or `failed` follows unless it is cached (check `cached` first).
        `within`: the content folder, which the file may not lead out of (through a link)."""
        key = photo_key(path, size, fit)
        if self._closed or key in self.failures or self.images.get(key) is not None:
            return key
        store = self.store  # made here, on the UI thread, before any worker needs it
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="photo")
        with self._lock:
            if key not in self._pending:
                self._pending[key] = self._executor.submit(self._work, store, key, path, size, fit, within)
        return key

    def _work(self, store: PhotoStore, key: str, path: Path, size: tuple[int, int], fit: Fit, within: Path | None) -> None:
        from kiosk.core.photos.prepare import PhotoError

        try:
            image = store.get(path, size, fit, within=within)  # read only through kiosk.core.files
            data = image.tobytes("raw", "RGB")
            qimage = QImage(data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888).copy()
        except PhotoError as exc:
            self._finish(key, None, str(exc))
        except Exception as exc:  # a bug or an exotic file: the carousel shows a placeholder either way
            log.exception("photo %s failed unexpectedly", path)
            self._finish(key, None, f"{path.name}: {exc}")
        else:
            self._finish(key, qimage, None)

    def _finish(self, key: str, image: QImage | None, error: str | None) -> None:
        with self._lock:
            self._pending.pop(key, None)
        if self._closed:
            return
        if image is not None:
            self.images.put(key, image)
            self.ready.emit(key, image)  # queued to the UI thread: the loader lives there
        else:
            self.failures[key] = error or "unknown error"
            self.failed.emit(key, self.failures[key])

    def forget(self) -> None:
        """Photo files may have changed (an editor saved one): decode again from the files. The disk
        cache is keyed by content, so an unchanged file still comes back at once."""
        self.images.clear()
        self.failures.clear()
        if self._store is not None:
            self._store.failures.clear()

    def failed_files(self) -> list[str]:
        """One reason per photo file that failed (at whatever size), newest last; each starts with the name."""
        seen: dict[str, str] = {}
        for key, reason in list(self.failures.items()):
            seen.setdefault(key.split("|", 1)[0], reason)
        return list(seen.values())

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        self._closed = True
        with self._lock:
            for future in self._pending.values():
                future.cancel()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
