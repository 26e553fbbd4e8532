"""Load a content folder (content.json, locales/, photos) and report every problem at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kiosk.core.content.model import SCHEMA_VERSION, Dataset, Page
from kiosk.core.content.problems import Problem, join_path
from kiosk.core.content.typed_json import DecodeContext, decode_document
from kiosk.core.formatting import LocaleFormat, NumberFormatter

CONTENT_FILE = "content.json"
LOCALES_DIR = "locales"
MAX_CONTENT_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class LoadResult:
    folder: Path
    dataset: Dataset | None
    formatter: NumberFormatter | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.dataset is not None and self.formatter is not None and not self.problems


class ContentError(Exception):
    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _read_json(path: Path, label: str, problems: list[Problem]) -> object | None:
    try:
        size = path.stat().st_size
        if size > MAX_CONTENT_BYTES:
            problems.append(Problem(label, "", f"file is {size:,} bytes; the limit is {MAX_CONTENT_BYTES:,}"))
            return None
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(label, "", "file not found"))
        return None
    except OSError as exc:
        problems.append(Problem(label, "", f"cannot be read: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(label, "", f"is not UTF-8 (byte {exc.start}); save it as UTF-8"))
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(label, "", f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"))
        return None


def _declared_languages(raw: object) -> tuple[str, ...]:
    """Languages as declared, read leniently so text checks can run even if `languages` is broken."""
    if isinstance(raw, dict) and isinstance(raw.get("languages"), list):
        codes = [lang.get("code") for lang in raw["languages"] if isinstance(lang, dict)]
        return tuple(c for c in codes if isinstance(c, str))
    return ()


def _page_paths(dataset: Dataset) -> Iterator[tuple[str, Page]]:
    yield "overview", dataset.overview
    for i, page in enumerate(dataset.pillars):
        yield f"pillars[{i}]", page


def _check_references(dataset: Dataset, folder: Path, file: str) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: str, message: str) -> None:
        problems.append(Problem(file, path, message))

    if dataset.schema_version != SCHEMA_VERSION:
        report("schema_version", f"is {dataset.schema_version}; this kiosk reads version {SCHEMA_VERSION}")
    codes = dataset.language_codes
    for i, code in enumerate(codes):
        if code in codes[:i]:
            report(f"languages[{i}].code", f"duplicate language '{code}'")
    if dataset.default_language not in codes:
        report("default_language", f"'{dataset.default_language}' is not one of the languages ({', '.join(codes)})")

    seen: dict[str, str] = {}

    def claim(id_: str, path: str) -> None:
        if id_ in seen:
            report(path, f"duplicate id '{id_}' (first used at {seen[id_]})")
        else:
            seen[id_] = path

    for i, source in enumerate(dataset.sources):
        claim(source.id, f"sources[{i}].id")
    for i, album in enumerate(dataset.albums):
        claim(album.id, f"albums[{i}].id")
        for j, photo in enumerate(album.photos):
            path = f"albums[{i}].photos[{j}]"
            claim(photo.id, f"{path}.id")
            rel = PurePosixPath(photo.file)
            if rel.is_absolute() or ".." in rel.parts or "\\" in photo.file:
                report(f"{path}.file", f"'{photo.file}' must be a relative path inside the content folder, with / separators")
            elif not (folder / rel).is_file():
                report(f"{path}.file", f"photo file '{photo.file}' not found in {folder}")
    for path, page in _page_paths(dataset):
        claim(page.id, f"{path}.id")
        for j, ind in enumerate(page.indicators):
            claim(ind.id, f"{path}.indicators[{j}].id")
        for j, group in enumerate(page.groups):
            claim(group.id, f"{path}.groups[{j}].id")
            for k, item in enumerate(group.items):
                claim(item.id, f"{path}.groups[{j}].items[{k}].id")

    indicator_ids = {ind.id for page in dataset.pages for ind in page.indicators}
    source_ids = {s.id for s in dataset.sources}
    album_ids = {a.id for a in dataset.albums}
    for path, page in _page_paths(dataset):
        for j, ind in enumerate(page.indicators):
            if ind.source not in source_ids:
                report(f"{path}.indicators[{j}].source", f"no source with id '{ind.source}'")
            periods = [p.period for p in ind.series]
            if periods != sorted(periods) or len(set(periods)) != len(periods):
                report(f"{path}.indicators[{j}].series", "points must be in time order, each period once")
        for j, ref in enumerate(page.key_figures):
            if ref not in indicator_ids:
                report(join_path(f"{path}.key_figures", j), f"no indicator with id '{ref}'")
        for j, ref in enumerate(page.albums):
            if ref not in album_ids:
                report(join_path(f"{path}.albums", j), f"no album with id '{ref}'")
    return problems


def load_locales(folder: Path, languages: tuple[str, ...]) -> tuple[NumberFormatter | None, list[Problem]]:
    problems: list[Problem] = []
    locales: dict[str, LocaleFormat] = {}
    for code in languages:
        label = f"{LOCALES_DIR}/{code}.json"
        raw = _read_json(folder / LOCALES_DIR / f"{code}.json", label, problems)
        if raw is None:
            continue
        fmt, found = LocaleFormat.from_json(raw)
        problems += [Problem(label, path, message) for path, message in found]
        if fmt is not None:
            locales[code] = fmt
    if problems or not locales:
        return None, problems
    return NumberFormatter(locales), problems


def load_content(folder: Path) -> LoadResult:
    """Never raises for bad content: the result carries every problem found."""
    folder = Path(folder)
    problems: list[Problem] = []
    raw = _read_json(folder / CONTENT_FILE, CONTENT_FILE, problems)
    if raw is None:
        return LoadResult(folder, None, None, tuple(problems))
    ctx = DecodeContext(CONTENT_FILE, _declared_languages(raw))
    dataset: Dataset | None = decode_document(Dataset, raw, ctx)
    problems += ctx.problems
    if dataset is not None:
        problems += _check_references(dataset, folder, CONTENT_FILE)
    formatter, locale_problems = load_locales(folder, ctx.languages)
    problems += locale_problems
    if dataset is not None and formatter is not None:
        for path, page in _page_paths(dataset):
            for j, ind in enumerate(page.indicators):
                if ind.unit == "count" and ind.value != int(ind.value):
                    problems.append(Problem(CONTENT_FILE, f"{path}.indicators[{j}].value", "a count must be a whole number"))
    if problems:
        return LoadResult(folder, None, None, tuple(problems))
    return LoadResult(folder, dataset, formatter, ())
