"""`kiosk check` and the self-test: every photo decoded as the kiosk would, fast enough for an album of
thousands.

Three things make it fast, none of them by looking at less of a file:
- a small target (CHECK_BOX): a JPEG decodes at 1/8 of its size, which still entropy-decodes every
  block of every scan, so a cut-off or corrupt JPEG fails as it would on screen; other formats decode
  whole, as on screen;
- worker processes, one a core: decoding is CPU-bound, prepare.py's decode lock makes threads take
  turns, and each process has its own stderr for libtiff's words;
- a result cache in the kiosk's cache folder, keyed by each file's blake2b and the versions of this
  check, the pipeline and Pillow: checking an unchanged album again only reads and hashes its files.

Only verdicts that follow from the bytes are cached. A file refused for what it is (a FIFO, a device, a
link out of the content folder, unreadable) or that ran out of memory is checked again every time."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import PIL

from kiosk.core.files import describe, read_json, write_atomic
from kiosk.core.photos.prepare import PIPELINE_VERSION, PhotoError, content_hash, open_photo, prepare_file

log = logging.getLogger(__name__)

CHECK_BOX = (64, 64)  # a JPEG of any camera's size decodes at 1/8 for this
CHECK_VERSION = 1  # part of the result cache's key: bump it when the words in causes.py change
PARALLEL_FROM = 24  # fewer photos to decode: in this process (starting workers costs a few tenths of a second)
MAX_WORKERS = 4  # each may hold one decode of up to DECODE_BUDGET
CACHE_FILE = "photo-check.json"
CACHE_MAX_BYTES = 32 * 1024 * 1024
CACHE_MAX_ENTRIES = 50_000


@dataclass(frozen=True)
class PhotoCheck:
    """What failed, what decoded with notes, and how long it took."""

    problems: list[tuple[str, str]]  # (path in content, problem)
    notes: list[tuple[str, str]]  # (path in content, what the decoder said about a photo it showed)
    decoded: int
    seconds: float
    cached: int = 0  # verdicts from the result cache (files read and hashed, not decoded)
    workers: int = 1  # processes that decoded


@dataclass(frozen=True)
class _Verdict:
    cause: str | None  # None: it decodes
    notes: tuple[str, ...] = ()
    lasting: bool = True  # follows from the bytes: may be cached
    digest: str | None = None  # of the bytes decoded (when a cache is kept)
    known: bool = False  # not decoded: the cache holds the verdict for this digest


def _check_one(path: str, within: str | None, known: frozenset[str] | None) -> _Verdict:
    """Decode one photo small, through open_photo. With `known` (the digests the cache holds), hash it
    first and decode only an unknown one: a worker reads each file once."""
    name = Path(path).name
    digest = None
    try:
        with open_photo(Path(path), within=Path(within) if within else None) as handle:
            if known is not None:
                try:
                    digest = content_hash(handle).hexdigest()
                except OSError as exc:
                    return _Verdict(describe(exc), lasting=False)
                if digest in known:
                    return _Verdict(None, digest=digest, known=True)
            prepared = prepare_file(handle, name, CHECK_BOX, "contain", scale=False)
    except PhotoError as exc:
        return _Verdict(exc.cause, lasting=exc.lasting, digest=digest)
    except Exception as exc:  # a bug, not the file: said, never a traceback in kiosk check
        log.exception("photo %s: the check failed", path)
        return _Verdict(f"could not be checked ({type(exc).__name__}: {exc})", lasting=False)
    return _Verdict(None, prepared.notes, digest=digest)


_known_in_worker: list[frozenset[str] | None] = [None]


def _start_worker(known: frozenset[str] | None) -> None:
    _known_in_worker[0] = known


def _check_chunk(items: list[tuple[str, str | None, bool]]) -> list[_Verdict]:
    """In a worker process: `_check_one` for each (path, within, use the known digests)."""
    return [_check_one(path, within, _known_in_worker[0] if use_known else None) for path, within, use_known in items]


class _ResultCache:
    """Verdicts by content digest, in one JSON file; versions that differ from this process's make it
    start empty. Damage, a full disk or a read-only folder only cost speed."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self.stamp = {"check": CHECK_VERSION, "pipeline": PIPELINE_VERSION, "pillow": PIL.__version__}
        self.results: dict[str, _Verdict] = {}
        self.changed = False
        try:
            data = read_json(self.path, CACHE_MAX_BYTES)
        except OSError:  # none yet, damaged, too large, not a regular file: start afresh
            return
        if not isinstance(data, dict) or data.get("stamp") != self.stamp or not isinstance(data.get("results"), dict):
            return
        for digest, entry in data["results"].items():
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list):
                cause, notes = entry
                if cause is None or isinstance(cause, str):
                    self.results[digest] = _Verdict(cause, tuple(str(n) for n in notes), digest=digest)

    def put(self, verdict: _Verdict) -> None:
        if verdict.lasting and verdict.digest:
            self.results.pop(verdict.digest, None)  # newest last: the oldest go first when it is full
            self.results[verdict.digest] = verdict
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        kept = list(self.results.values())[-CACHE_MAX_ENTRIES:]
        data = {"stamp": self.stamp, "results": {v.digest: [v.cause, list(v.notes)] for v in kept}}
        try:
            import json

            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OSError as exc:
            log.info("photo check results not kept in %s (%s): the next check decodes again", self.path, describe(exc))


def _workers_for(count: int, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    if count < PARALLEL_FROM or getattr(sys, "frozen", False):  # a frozen build needs freeze_support() in its entry
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, MAX_WORKERS, count // PARALLEL_FROM))


def _decode_all(
    items: Sequence[tuple[str, str | None, bool]], known: frozenset[str] | None, workers: int, on_checked: Callable[[int], object]
) -> tuple[list[_Verdict], int]:
    """`_check_one` for every item, in `workers` processes (1: here). Anything that stops the pool
    (no processes allowed, a worker killed) leaves the rest to this process."""

    def here(some: Sequence[tuple[str, str | None, bool]], done: list[_Verdict]) -> list[_Verdict]:
        for p, w, k in some:
            done.append(_check_one(p, w, known if k else None))
            on_checked(len(done))
        return done

    if workers <= 1 or len(items) < 2:
        return here(items, []), 1
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(4, min(64, len(items) // (workers * 8)))  # chunks: few round trips, yet even shares
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    results: list[_Verdict] = []
    try:
        context = multiprocessing.get_context("spawn")  # never fork: the kiosk that self-tests has threads
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(known,))
    except (OSError, RuntimeError, NotImplementedError, ImportError) as exc:  # no processes on this system
        log.warning("photo check workers could not start (%s); checking in this process", exc)
        return here(items, []), 1
    broken = False
    try:
        try:
            futures: list[Future[list[_Verdict]]] = [pool.submit(_check_chunk, chunk) for chunk in chunks]
        except Exception as exc:  # no process could be started
            log.warning("photo check workers could not start (%s); checking in this process", exc)
            return here(items, []), 1
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                results += future.result()
            except Exception as exc:  # a worker could not start or was killed: the rest here
                if not broken:
                    log.warning("photo check workers stopped (%s); checking the rest in this process", exc)
                broken = True
                here(chunk, results)
                continue
            on_checked(len(results))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C in kiosk check: nothing left queued
    if broken:
        return results, 1
    return results, workers


def check_photos(
    files: Sequence[tuple[str, Path]],
    *,
    within: Path | None = None,
    cache_dir: Path | None = None,
    workers: int | None = None,
    on_checked: Callable[[int], object] | None = None,
) -> PhotoCheck:
    """Decode every photo small, as the kiosk would. `within`: the content folder (no file may lead out
    of it); `cache_dir`: where verdicts are remembered by content; `workers`: processes (default: one a
    core, none for a few photos); `on_checked`: told how many are checked so far, as they are (an
    exception it raises stops the check, workers and all: a content install that is cancelled)."""
    started = time.perf_counter()
    cache = _ResultCache(cache_dir) if cache_dir is not None else None
    known = frozenset(cache.results) if cache is not None else None
    where = str(within) if within is not None else None
    items = [(str(path), where, known is not None) for _, path in files]
    count = _workers_for(len(items), workers)
    verdicts, used = _decode_all(items, known, count, on_checked or (lambda _done: None))
    problems: list[tuple[str, str]] = []
    notes: list[tuple[str, str]] = []
    cached = 0
    for (place, path), verdict in zip(files, verdicts, strict=True):
        if verdict.known and cache is not None and verdict.digest in cache.results:
            cached += 1
            verdict = cache.results[verdict.digest]
        elif cache is not None:
            cache.put(verdict)
        if verdict.cause is not None:
            problems.append((place, f"{path.name}: {verdict.cause}"))
        notes += [(place, f"{path.name}: {note}") for note in verdict.notes]
    if cache is not None:
        cache.save()
    return PhotoCheck(problems, notes, len(files) - len(problems), time.perf_counter() - started, cached, used)
