"""Load a content folder (content.json, locales/, photos) and report every problem at once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from kiosk.core import files
from kiosk.core.chart_kinds import kind_of
from kiosk.core.content.formatting import LocaleFormat, NumberFormatter
from kiosk.core.content.glyphs import MissingCharacters, glyph_problems
from kiosk.core.content.model import LANGUAGE_PATTERN, MAX_LANGUAGES, SCHEMA_VERSION, Dataset, Indicator
from kiosk.core.content.problems import Problem, join_path, shown
from kiosk.core.content.typed_json import DecodeContext, decode_document, json_type_name

CONTENT_FILE = "content.json"
LOCALES_DIR = "locales"
MAX_CONTENT_BYTES = 8 * 1024 * 1024
MAX_ENTRIES = 5000  # of any list in content.json (Album.photos holds the most): beyond, the checks stop
MAX_PROBLEMS = 500  # listed at once; a file with more has a mistake repeated, and the first ones show it


@dataclass(frozen=True)
class LoadResult:
    folder: Path
    dataset: Dataset | None
    formatter: NumberFormatter | None
    problems: tuple[Problem, ...] = field(default=())
    # Every photo file the content names that is there and inside the folder, valid content or not,
    # as (path in content, file): `kiosk check` decodes them all, whatever else is wrong.
    photos: tuple[tuple[str, Path], ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.dataset is not None and self.formatter is not None and not self.problems


class ContentError(Exception):
    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


_UNREADABLE = object()  # what _read_json returns for a file it could not read (JSON null is None)


def _read_json(path: Path, label: str, problems: list[Problem], folder: Path) -> object:
    """The file's JSON, or _UNREADABLE after naming why in `problems`. Through kiosk.core.files: a
    FIFO, a device, a folder or a loop of links is refused before anything blocks or fills memory, the
    size limit is counted while reading, and a key given twice is refused (json would keep the last)."""
    try:
        return files.read_json(path, MAX_CONTENT_BYTES, within=folder)
    except FileNotFoundError:
        problems.append(Problem(label, "", "file not found"))
    except OSError as exc:
        problems.append(_duplicate_key_problem(path, label, folder) or Problem(label, "", files.describe(exc)))
    return _UNREADABLE


class _Pairs(list[tuple[str, object]]):
    """An object as its key-value pairs, keys given twice kept (to say where they are)."""


def _duplicate_key_problem(path: Path, label: str, folder: Path) -> Problem | None:
    """Where a key given twice is, as a path (pillars[2].indicators[0]): the file is read again only in
    this rare case, so the usual load reads it once."""
    try:
        tree = json.loads(files.read_bytes(path, MAX_CONTENT_BYTES, within=folder).decode("utf-8-sig"), object_pairs_hook=_Pairs)
    except (OSError, ValueError, RecursionError):
        return None

    def find(node: object, where: str) -> tuple[str, str] | None:
        if isinstance(node, _Pairs):
            seen: set[str] = set()
            for key, _value in node:
                if key in seen:
                    return where, key
                seen.add(key)
            children = [(join_path(where, key), value) for key, value in node]
        elif isinstance(node, list):
            children = [(join_path(where, i), value) for i, value in enumerate(node)]
        else:
            return None
        for sub, value in children:
            if found := find(value, sub):
                return found
        return None

    try:
        found = find(tree, "")
    except RecursionError:
        return None
    if found is None:
        return None
    where, key = found
    return Problem(label, where, f"has the key {shown(key)} twice in one object; keep one")


# A photo's `file`, checked by the rules of every system content travels to (it is edited on one computer
# and shown on another): Windows' classic limit for a whole path is 260 characters, the content folder's
# own path included; ext4, NTFS and APFS allow 255 bytes (or UTF-16 units) in one folder or file name.
MAX_PHOTO_PATH = 200
MAX_NAME_BYTES = 255
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
_WINDOWS_FORBIDDEN = '<>:"|?*'


def photo_path_problem(folder: Path, name: str) -> str | None:
    """Why a photo's `file` cannot be used, or None. Checked by Windows and POSIX rules alike (content
    folders travel between the two), then on the disk: after links are followed, the file must still
    be a regular file inside `folder`."""
    posix = PurePosixPath(name)
    return _path_text_problem(name) or _path_shape_problem(name) or _path_names_problem(posix) or _path_disk_problem(folder, posix)


def _path_text_problem(name: str) -> str | None:
    """Characters no file system takes, and a length Windows cannot reach."""
    if "\0" in name:
        return "must not contain a NUL character"
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return "must not contain control characters (a tab, a line break)"
    if any("\ud800" <= c <= "\udfff" for c in name):
        return "must not contain an unpaired surrogate (\\ud800 to \\udfff): no file system can name it"
    if len(name) > MAX_PHOTO_PATH:
        return f"is {len(name):,} characters long; keep it to {MAX_PHOTO_PATH} (Windows limits a whole path to 260)"
    return None


def _path_shape_problem(name: str) -> str | None:
    """A path that is not relative, under the folder and written the same on Windows and POSIX."""
    windows, posix = PureWindowsPath(name), PurePosixPath(name)
    if "\\" in name:
        return "must use / between folders, not \\"
    if posix.is_absolute() or windows.drive or windows.root:
        return "must be a path inside the content folder (no drive letter, no leading / and no \\\\server)"
    if ".." in posix.parts:
        return "must not leave the content folder with '..'"
    forbidden = [c for c in _WINDOWS_FORBIDDEN if c in name]
    if forbidden:
        return f"must not contain {' '.join(repr(c) for c in forbidden)} (Windows cannot name a file with it)"
    return None


def _path_names_problem(posix: PurePosixPath) -> str | None:
    """A folder or file name along the path that some system cannot hold or finds as another."""
    for part in posix.parts:
        size = len(part.encode("utf-8", "surrogatepass"))
        if size > MAX_NAME_BYTES:
            return f"has a name of {size:,} bytes ({shown(part, 24)}); one folder or file name may have {MAX_NAME_BYTES}"
        if part.endswith((".", " ")):
            return f"has a name ending in a dot or a space ({shown(part)}); Windows drops them, so the file would not be found"
        if part.split(".")[0].rstrip(" ").upper() in _WINDOWS_DEVICES:
            return f"uses the name {shown(part)}, which Windows keeps for a device"
    return None


def _path_disk_problem(folder: Path, posix: PurePosixPath) -> str | None:
    """On the disk, after links are followed: a regular file inside `folder`."""
    try:
        root = folder.resolve()
        target = folder.joinpath(*posix.parts).resolve()
    except RuntimeError:  # Python < 3.13 reports a loop of links so
        return "leads into a loop of links"
    except (OSError, ValueError) as exc:
        return files.describe(exc)
    if not target.is_relative_to(root):
        return "leads outside the content folder (through a link)"
    try:
        files.check_regular(target)
    except FileNotFoundError:
        return "not found in the content folder"
    except OSError as exc:
        return files.describe(exc)
    return None


def _declared_languages(raw: object) -> tuple[str, ...]:
    """Languages as declared, read leniently so text checks can run even if `languages` is broken; only
    codes that can be languages (a code names a file in locales/), once each and as many as the toggle
    holds, so a broken list cannot ask every text for a thousand translations."""
    codes: list[str] = []
    if isinstance(raw, dict) and isinstance(raw.get("languages"), list):
        for lang in raw["languages"]:
            code = lang.get("code") if isinstance(lang, dict) else None
            if isinstance(code, str) and re.fullmatch(LANGUAGE_PATTERN, code) and code not in codes:
                codes.append(code)
    return tuple(codes[:MAX_LANGUAGES])


def _entries(obj: object, key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, entry) for the object entries of a list, skipping whatever is not an object:
    type errors are reported by decoding; these checks must still run around them. Past MAX_ENTRIES
    (more than any list may hold: decoding says so) the rest are not looked at."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return [(i, e) for i, e in enumerate(value[:MAX_ENTRIES]) if isinstance(e, dict)] if isinstance(value, list) else []


def _raw_pages(raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    pages = [("overview", raw["overview"])] if isinstance(raw.get("overview"), dict) else []
    return pages + [(f"pillars[{i}]", page) for i, page in _entries(raw, "pillars")]


class _Checks:
    """The problems the raw checks find, and every id claimed so far (an id is used once in the whole
    document)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._seen: dict[str, str] = {}

    def report(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))

    def claim(self, entry: dict[str, Any], path: str) -> None:
        id_ = entry.get("id")
        if not isinstance(id_, str):
            return
        if id_ in self._seen:
            self.report(f"{path}.id", f"duplicate id {shown(id_)} (first used at {self._seen[id_]})")
        else:
            self._seen[id_] = f"{path}.id"


def _ids(entries: list[tuple[int, dict[str, Any]]]) -> set[str]:
    return {e["id"] for _, e in entries if isinstance(e.get("id"), str)}  # a non-text id is a type error, reported by decoding


def _check_references(raw: object, folder: Path, file: str, found: list[tuple[str, Path]] | None = None) -> list[Problem]:
    """Ids, references and files, checked on the raw document so they are reported together with
    any type errors elsewhere in it. Photo files that are there go into `found`."""
    if not isinstance(raw, dict):
        return []
    checks = _Checks(file)
    _check_version_and_languages(raw, checks)
    for i, source in _entries(raw, "sources"):
        checks.claim(source, f"sources[{i}]")
    _check_albums(raw, folder, checks, found)
    pages = _raw_pages(raw)
    for path, page in pages:
        _claim_page(page, path, checks)
    indicator_ids = _ids([entry for _, page in pages for entry in _entries(page, "indicators")])
    source_ids, album_ids = _ids(_entries(raw, "sources")), _ids(_entries(raw, "albums"))
    for path, page in pages:
        _check_indicators(page, path, source_ids, checks)
        _check_chart_references(page, path, indicator_ids, checks)
        for key, known, what in (("key_figures", indicator_ids, "indicator"), ("albums", album_ids, "album")):
            refs = page.get(key)
            for j, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in known:
                    checks.report(join_path(f"{path}.{key}", j), f"no {what} with id {shown(ref)}")
    return checks.problems


def _check_version_and_languages(raw: dict[str, Any], checks: _Checks) -> None:
    version = raw.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        checks.report("schema_version", f"is {version}; this kiosk reads version {SCHEMA_VERSION}")
    codes: list[str] = []
    for i, lang in _entries(raw, "languages"):
        code = lang.get("code")
        if isinstance(code, str):
            if code in codes:
                checks.report(f"languages[{i}].code", f"duplicate language {shown(code)}")
            codes.append(code)
    default = raw.get("default_language")
    if isinstance(default, str) and codes and default not in codes:
        checks.report("default_language", f"{shown(default)} is not one of the languages ({', '.join(map(shown, codes[:MAX_LANGUAGES]))})")


def _check_albums(raw: dict[str, Any], folder: Path, checks: _Checks, found: list[tuple[str, Path]] | None) -> None:
    """Albums' and photos' ids, and each photo's file (those that are there go into `found`)."""
    for i, album in _entries(raw, "albums"):
        checks.claim(album, f"albums[{i}]")
        for j, photo in _entries(album, "photos"):
            path = f"albums[{i}].photos[{j}]"
            checks.claim(photo, path)
            file_name = photo.get("file")
            if not isinstance(file_name, str):
                continue
            problem = photo_path_problem(folder, file_name)
            if problem:
                checks.report(f"{path}.file", f"photo file {shown(file_name)} {problem}")
            elif found is not None:
                found.append((path, folder.joinpath(*PurePosixPath(file_name).parts)))


def _claim_page(page: dict[str, Any], path: str, checks: _Checks) -> None:
    checks.claim(page, path)
    for key in ("indicators", "charts"):
        for j, entry in _entries(page, key):
            checks.claim(entry, f"{path}.{key}[{j}]")
    for j, group in _entries(page, "groups"):
        checks.claim(group, f"{path}.groups[{j}]")
        for k, item in _entries(group, "items"):
            checks.claim(item, f"{path}.groups[{j}].items[{k}]")


def _check_indicators(page: dict[str, Any], path: str, source_ids: set[str], checks: _Checks) -> None:
    """Each indicator's source, the group it counts (on its own page) and its series' order."""
    group_ids = _ids(_entries(page, "groups"))
    for j, ind in _entries(page, "indicators"):
        source_ref = ind.get("source")
        if isinstance(source_ref, str) and source_ref not in source_ids:
            checks.report(f"{path}.indicators[{j}].source", f"no source with id {shown(source_ref)}")
        names = ind.get("names")
        if isinstance(names, str) and names not in group_ids:
            checks.report(f"{path}.indicators[{j}].names", f"no group with id {shown(names)} on this page")
        periods = [p["period"] for _, p in _entries(ind, "series") if isinstance(p.get("period"), str)]
        if periods != sorted(periods) or len(set(periods)) != len(periods):
            checks.report(f"{path}.indicators[{j}].series", "points must be in time order, each period once")


def _check_chart_references(page: dict[str, Any], path: str, indicator_ids: set[str], checks: _Checks) -> None:
    for j, chart in _entries(page, "charts"):
        chart_refs = [(f"{path}.charts[{j}].bars[{k}].indicator", bar.get("indicator")) for k, bar in _entries(chart, "bars")]
        chart_refs.append((f"{path}.charts[{j}].series", chart.get("series")))
        for ref_path, ref in chart_refs:
            if isinstance(ref, str) and ref not in indicator_ids:
                checks.report(ref_path, f"no indicator with id {shown(ref)}")


def _check_charts(dataset: Dataset, file: str) -> list[Problem]:
    """What each chart's kind needs from its fields and figures (kiosk.core.chart_kinds); references
    themselves are checked above."""
    problems: list[Problem] = []
    known = {ind.id: ind for page in dataset.pages for ind in page.indicators}
    pages = (("overview", dataset.overview), *((f"pillars[{i}]", p) for i, p in enumerate(dataset.pillars)))
    for page_path, page in pages:
        for j, chart in enumerate(page.charts):
            path = f"{page_path}.charts[{j}]"
            for sub, message in kind_of(chart).complaints(chart, known):
                problems.append(Problem(file, f"{path}.{sub}" if sub else path, message))
    return problems


def _counts_problems(ind: Indicator, path: str) -> list[Problem]:
    """`counts` says what a count figure counts, so that charts compare like with like
    (kiosk.core.chart_kinds); on a figure of another unit it would say nothing true."""
    if ind.counts is not None and ind.unit != "count":
        return [Problem(CONTENT_FILE, f"{path}.counts", f"is only for count figures; this one is in {ind.unit}: leave it out")]
    return []


def _shown_as_zero(ind: Indicator, formatter: NumberFormatter, path: str) -> list[Problem]:
    """A figure that is not zero must not read as zero: 0.001% is "0.00%" in a language that keeps two
    decimals (and its bar on a log chart would be labelled so)."""
    problems: list[Problem] = []
    values = [(f"{path}.value", ind.value), *((f"{path}.series[{k}].value", p.value) for k, p in enumerate(ind.series))]
    for where, value in values:
        for lang in formatter.languages:
            shown_as = formatter.number(value, lang, unit=ind.unit)
            if value != 0 and not any(c in "123456789" for c in shown_as):
                problems.append(
                    Problem(
                        CONTENT_FILE,
                        where,
                        f"{value:g} reads as {shown_as} in {lang} (its locale file keeps fewer decimals); "
                        "give the figure in a unit where it reads as more than zero",
                    )
                )
                break
    return problems


def load_locales(
    folder: Path, languages: tuple[str, ...], glyphs: MissingCharacters | None = None
) -> tuple[NumberFormatter | None, list[Problem]]:
    """Each language's locale file; with `glyphs`, its words are held to the font as content.json is."""
    problems: list[Problem] = []
    locales: dict[str, LocaleFormat] = {}
    for code in languages:
        label = f"{LOCALES_DIR}/{code}.json"
        raw = _read_json(folder / LOCALES_DIR / f"{code}.json", label, problems, folder)
        if raw is _UNREADABLE:
            continue
        fmt, found = LocaleFormat.from_json(raw)
        problems += [Problem(label, path, message) for path, message in found]
        if glyphs is not None:
            problems += glyph_problems(raw, glyphs, label)
        if fmt is not None:
            locales[code] = fmt
    if problems or not locales:
        return None, problems
    return NumberFormatter(locales), problems


def load_content(folder: Path, glyphs: MissingCharacters | None = None) -> LoadResult:
    """Never raises for bad content: the result carries every problem found. `glyphs` says which
    characters of a text the kiosk's font cannot draw (kiosk/core/content/glyphs.py): every entry point
    that judges content passes the bundled font's; without it, font coverage is not judged."""
    folder = Path(folder)
    problems: list[Problem] = []
    raw = _read_json(folder / CONTENT_FILE, CONTENT_FILE, problems, folder)
    if raw is _UNREADABLE:
        return LoadResult(folder, None, None, tuple(problems))
    if not isinstance(raw, dict):  # null, a list, a number: JSON, but not content
        message = f"must be an object {{ ... }} holding the content, not {json_type_name(raw)}"
        return LoadResult(folder, None, None, (Problem(CONTENT_FILE, "", message),))
    ctx = DecodeContext(CONTENT_FILE, _declared_languages(raw))
    dataset: Dataset | None = decode_document(Dataset, raw, ctx)
    problems += ctx.problems
    photos: list[tuple[str, Path]] = []
    problems += _check_references(raw, folder, CONTENT_FILE, photos)
    if glyphs is not None:
        problems += glyph_problems(raw, glyphs, CONTENT_FILE)
    formatter, locale_problems = load_locales(folder, ctx.languages, glyphs)
    problems += locale_problems
    if dataset is not None:
        problems += _check_charts(dataset, CONTENT_FILE)
        for path, page in (("overview", dataset.overview), *((f"pillars[{i}]", p) for i, p in enumerate(dataset.pillars))):
            for j, ind in enumerate(page.indicators):
                if ind.unit == "count" and ind.value != int(ind.value):
                    problems.append(Problem(CONTENT_FILE, f"{path}.indicators[{j}].value", "a count must be a whole number"))
                problems += _counts_problems(ind, f"{path}.indicators[{j}]")
                if formatter is not None:
                    problems += _shown_as_zero(ind, formatter, f"{path}.indicators[{j}]")
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems[MAX_PROBLEMS:] = [Problem(CONTENT_FILE, "", f"and {more:,} more problem(s): fix these first, then check again")]
    if problems:
        return LoadResult(folder, None, None, tuple(problems), tuple(photos))
    return LoadResult(folder, dataset, formatter, (), tuple(photos))
