"""Signed content packs: one file that carries a content folder from whoever makes the content to every
kiosk of a hall, through any folder that moves files (a share, Syncthing, rsync, a stick).

A pack is a zip (stored or deflated) holding

- `content/...`: the content folder's files, the ones its content.json names (as an install copies);
- `manifest.json`: the pack's id, its version (a whole number: a pack made later has a larger one, so a
  kiosk can refuse an older pack sent again), when it was made, and each file's path, size and SHA-256;
- `manifest.json.minisig`: a minisign signature of manifest.json (kiosk/core/hall/minisign.py) whose
  trusted comment names the pack id and version.

`verify_pack` checks all of it before any file of the pack is used: the zip's listing (paths that stay
inside the content folder on Windows and Linux alike, no links or devices, limits on count and total size
against zip bombs), the signature by a trusted key, the manifest, and every file's size and SHA-256
(read with a cap at the size the manifest gives). Every refusal is a PackRefused whose reason staff can
read, and whose `kind` names it for metrics. `extract_verified` then writes only what the verified
manifest lists, hashing each file again as it writes it (the pack may change in between), never
following a link. Qt-free."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from kiosk.core import files
from kiosk.core.content.install import MAX_INSTALL_BYTES
from kiosk.core.hall.minisign import (
    CommentChangedError,
    KeyFileError,
    PublicKey,
    SecretKey,
    Signature,
    SignatureError,
    UnknownKeyError,
    parse_signature,
    read_public_key,
    sign,
    signer,
)

__all__ = [
    "KeyFileError",
    "PackRefused",
    "PublicKey",
    "SecretKey",
    "TrustedKeys",
    "VerifiedPack",
    "build_pack",
    "extract_verified",
    "load_trusted_keys",
    "read_public_key",
    "verify_pack",
]

FORMAT = "lna-kiosk-pack"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
CONTENT = "content"  # the folder inside the pack
MAX_FILES = 20_000  # a hall's content has a few thousand photos at most
MAX_TOTAL_BYTES = MAX_INSTALL_BYTES  # as much as an install copies from a stick
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_PATH = 400
_CHUNK = 1024 * 1024
_PACK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MAX_VERSION = 2**53 - 1  # a whole number every JSON reader holds exactly
# Windows gives these names (with any extension) to devices, in every folder.
_DEVICE_NAMES = {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in "123456789¹²³"}
_WINDOWS_FORBIDDEN = set('<>:"|?*\\')

# Why a pack is refused, as `PackRefused.kind` (a metrics label).
NOT_A_PACK = "not-a-pack"
TRUNCATED = "truncated"
DAMAGED = "damaged"
UNSIGNED = "unsigned"
NO_KEYS = "no-trusted-keys"
UNKNOWN_KEY = "unknown-key"
BAD_SIGNATURE = "bad-signature"
MANIFEST_TAMPERED = "manifest-tampered"
INVALID_MANIFEST = "invalid-manifest"
FILE_MISMATCH = "file-mismatch"
FILE_MISSING = "file-missing"
FILE_EXTRA = "file-extra"
UNSAFE_PATH = "unsafe-path"
TOO_BIG = "too-big"
UNREADABLE = "unreadable"


class PackRefused(Exception):  # noqa: N818 (the name the inbox and the CLI say it by)
    """A pack that is not used; `reason` says why in words staff can read, `kind` names the reason."""

    def __init__(self, reason: str, kind: str = NOT_A_PACK) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


@dataclass(frozen=True)
class ManifestEntry:
    path: str  # inside the pack: content/...
    size: int
    sha256: str  # lower-case hex

    @property
    def content_path(self) -> str:
        """The path inside the content folder (without content/)."""
        return self.path[len(CONTENT) + 1 :]


@dataclass(frozen=True)
class Manifest:
    pack_id: str
    version: int
    created: datetime  # aware
    files: tuple[ManifestEntry, ...]

    def encoded(self) -> bytes:
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "pack_id": self.pack_id,
            "version": self.version,
            "created": self.created.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "files": [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in self.files],
        }
        return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def trusted_comment(pack_id: str, version: int) -> str:
    """The signature's trusted comment: what an integrator signing with minisign passes as -t."""
    return f"pack:{pack_id} version:{version}"


@dataclass(frozen=True)
class VerifiedPack:
    path: Path
    pack_id: str
    version: int
    created: datetime
    key_id: str  # the signing key's id, 16 hex digits as minisign prints it
    files: tuple[ManifestEntry, ...]
    trusted_comment: str

    @property
    def total_bytes(self) -> int:
        return sum(entry.size for entry in self.files)


@dataclass(frozen=True)
class TrustedKeys:
    """The public keys of a folder (iterable as them), and the files in it that could not be read, each
    with its reason."""

    keys: tuple[PublicKey, ...]
    problems: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[PublicKey]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


def load_trusted_keys(folder: Path) -> TrustedKeys:
    """Every *.pub in `folder` (not its subfolders); one that cannot be read is named in `problems` and
    left out. Never raises."""
    keys: list[PublicKey] = []
    problems: list[str] = []
    try:
        found = sorted(p for p in folder.iterdir() if p.name.lower().endswith(".pub"))
    except OSError as exc:
        return TrustedKeys((), (f"{folder}: {files.describe(exc)}",))
    for path in found:
        try:
            keys.append(read_public_key(path))
        except (OSError, KeyFileError) as exc:
            problems.append(f"{path}: {files.describe(exc)}")
    return TrustedKeys(tuple(keys), tuple(problems))


def unsafe_path_problem(name: str) -> str | None:
    """Why a path inside a pack is refused, or None: it must stay inside its folder on Windows and Linux
    alike (no .., no absolute path or drive, no backslash, no device name, no name Windows cannot hold)."""
    if not name or len(name) > MAX_PATH:
        return "its path is empty or too long"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "its path is absolute"
    if any(c in _WINDOWS_FORBIDDEN or ord(c) < 32 or ord(c) == 127 for c in name):
        return 'its path holds a character that is not allowed in a file name (\\ : * ? " < > | or a control character)'
    parts = name.rstrip("/").split("/")
    for part in parts:
        if part in ("", ".", ".."):
            return "its path has an empty, '.' or '..' part"
        if part.endswith((".", " ")) or len(part.encode("utf-8")) > 255:
            return "its path has a part that ends in a dot or a space, or is too long"
        if part.split(".")[0].strip().lower() in _DEVICE_NAMES:
            return f"its path names a device ({part})"
    return None


def _entry_kind_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry is not a plain file or folder (a link, a device), or None."""
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind in (0, stat.S_IFREG, stat.S_IFDIR):
        return None
    return "is a link" if kind == stat.S_IFLNK else "is a device or another special file"


@contextlib.contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """The pack as a zip; PackRefused when it is not a regular file, not a zip, or cut short."""
    try:
        handle = files.open_regular(path)
    except OSError as exc:
        raise PackRefused(f"cannot be read: {files.describe(exc)}", UNREADABLE) from None
    with handle:
        head = handle.read(4)
        if not head:
            raise PackRefused("is empty (0 bytes: still being copied?)", TRUNCATED)
        try:
            handle.seek(0)
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, KeyError):
            if head.startswith(b"PK"):
                raise PackRefused(
                    "is cut short (truncated, or still being copied): its zip directory is missing or damaged", TRUNCATED
                ) from None
            raise PackRefused("is not a content pack (not a zip file)", NOT_A_PACK) from None
        with archive:
            yield archive


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The zip's files by name, once each, after checking every entry's name, kind and size."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES + 2:
        raise PackRefused(f"has {len(infos):,} entries, more than the {MAX_FILES:,} files a pack may have", TOO_BIG)
    members: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        problem = unsafe_path_problem(name) or _entry_kind_problem(info)
        if problem:
            raise PackRefused(f"holds an entry that is refused: {name[:200]!r} {problem}", UNSAFE_PATH)
        if name.casefold() in seen:
            raise PackRefused(f"holds {name!r} twice (or twice in different case, one file on Windows)", UNSAFE_PATH)
        seen.add(name.casefold())
        if name.endswith("/"):
            continue
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackRefused(f"holds {name!r} encrypted or compressed in a way a pack does not use", NOT_A_PACK)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackRefused(f"unpacks to more than the {_size(MAX_TOTAL_BYTES)} a pack may hold", TOO_BIG)
        members[name] = info
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The entry's bytes in chunks, at most `limit + 1` in all (more is refused by the caller); a damaged
    entry is PackRefused."""
    try:
        with archive.open(info) as reading:
            read = 0
            while chunk := reading.read(min(_CHUNK, limit + 1 - read)):
                read += len(chunk)
                yield chunk
                if read > limit:
                    return
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise PackRefused(f"is damaged: {info.filename} cannot be read ({exc}; changed or cut short)", DAMAGED) from None


def _small_member(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str, limit: int) -> bytes | None:
    info = members.get(name)
    if info is None:
        return None
    if info.file_size > limit:
        raise PackRefused(f"has a {name} larger than {limit:,} bytes", TOO_BIG)
    raw = b"".join(_read_member(archive, info, limit))
    if len(raw) > limit:
        raise PackRefused(f"has a {name} larger than {limit:,} bytes", TOO_BIG)
    return raw


def _signer(manifest_raw: bytes, signature: Signature, keys: list[PublicKey]) -> PublicKey:
    try:
        return signer(manifest_raw, signature, keys)
    except UnknownKeyError as exc:
        raise PackRefused(f"is {exc}", UNKNOWN_KEY) from None
    except CommentChangedError as exc:
        raise PackRefused(f"has a bad signature: {exc}", BAD_SIGNATURE) from None
    except SignatureError:
        raise PackRefused(
            f"has a manifest.json that was changed after it was signed (its signature by {signature.key_id_text} does not match)",
            MANIFEST_TAMPERED,
        ) from None


def verify_pack(path: Path, trusted_keys: Iterable[PublicKey]) -> VerifiedPack:
    """The pack checked whole (see the module's doc); raises PackRefused, never anything else."""
    keys = list(trusted_keys)
    try:
        with _open_zip(path) as archive:
            members = _members(archive)
            manifest_raw = _small_member(archive, members, MANIFEST, MAX_MANIFEST_BYTES)
            if manifest_raw is None:
                raise PackRefused(f"is not a content pack: it holds no {MANIFEST}", NOT_A_PACK)
            signature_raw = _small_member(archive, members, SIGNATURE, 2 * 16 * 1024)
            if signature_raw is None:
                raise PackRefused(f"is unsigned: it holds no {SIGNATURE}", UNSIGNED)
            if not keys:
                raise PackRefused(
                    "cannot be checked: no trusted public key was given (the content_keys folder holds no .pub file)", NO_KEYS
                )
            try:
                signature = parse_signature(signature_raw)
            except SignatureError as exc:
                raise PackRefused(f"has a bad signature: {exc}", BAD_SIGNATURE) from None
            key = _signer(manifest_raw, signature, keys)
            manifest = parse_manifest(manifest_raw)
            _check_comment(signature.trusted_comment, manifest)
            _check_listing(manifest, members)
            for entry in manifest.files:
                _check_file(archive, members[entry.path], entry)
    except PackRefused:
        raise
    except (OSError, ValueError, RuntimeError, EOFError, zlib.error, zipfile.BadZipFile) as exc:  # a last net: damage zipfile did not name
        raise PackRefused(f"is damaged: {exc}", DAMAGED) from None
    return VerifiedPack(path, manifest.pack_id, manifest.version, manifest.created, key.id_text, manifest.files, signature.trusted_comment)


def _check_comment(comment: str, manifest: Manifest) -> None:
    said = dict(token.split(":", 1) for token in comment.split() if ":" in token)
    if said.get("pack") != manifest.pack_id or said.get("version") != str(manifest.version):
        raise PackRefused(
            f"has a signature whose trusted comment ({comment[:200]!r}) does not name this pack: it must say "
            f"{trusted_comment(manifest.pack_id, manifest.version)!r} (minisign -t)",
            BAD_SIGNATURE,
        )


def _check_listing(manifest: Manifest, members: dict[str, zipfile.ZipInfo]) -> None:
    listed = {entry.path for entry in manifest.files}
    extra = sorted(set(members) - listed - {MANIFEST, SIGNATURE})
    if extra:
        raise PackRefused(f"holds {len(extra)} file(s) its manifest does not list, first: {extra[0]}", FILE_EXTRA)
    missing = [entry.path for entry in manifest.files if entry.path not in members]
    if missing:
        raise PackRefused(f"lacks {len(missing)} file(s) its manifest lists, first: {missing[0]}", FILE_MISSING)


def _check_file(archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: ManifestEntry) -> None:
    if info.file_size != entry.size:
        raise PackRefused(f"has {entry.path} of {info.file_size:,} bytes, but its manifest says {entry.size:,}", FILE_MISMATCH)
    digest = hashlib.sha256()
    size = 0
    for chunk in _read_member(archive, info, entry.size):
        digest.update(chunk)
        size += len(chunk)
    if size != entry.size or digest.hexdigest() != entry.sha256:
        raise PackRefused(f"has {entry.path}, which does not match its SHA-256 in the manifest (changed after signing)", FILE_MISMATCH)


def parse_manifest(raw: bytes) -> Manifest:
    """manifest.json as the kiosk reads it; PackRefused (INVALID_MANIFEST) naming what is wrong."""
    try:
        document = files.parse_json(raw, MANIFEST)
    except OSError as exc:
        raise PackRefused(f"has a {MANIFEST} that {files.describe(exc)}", INVALID_MANIFEST) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PackRefused(f"has a {MANIFEST} that is not a content pack's (format {FORMAT!r})", INVALID_MANIFEST)
    if document.get("format_version") != FORMAT_VERSION:
        raise PackRefused(
            f"is a pack of format version {document.get('format_version')!r}; this kiosk reads {FORMAT_VERSION}", INVALID_MANIFEST
        )
    pack_id, version = document.get("pack_id"), document.get("version")
    if not isinstance(pack_id, str) or not _PACK_ID.fullmatch(pack_id):
        raise PackRefused(f"has a {MANIFEST} whose pack_id is not 1-64 letters, digits, '.', '_' or '-'", INVALID_MANIFEST)
    if type(version) is not int or not 0 <= version <= _MAX_VERSION:
        raise PackRefused(f"has a {MANIFEST} whose version is not a whole number from 0", INVALID_MANIFEST)
    return Manifest(pack_id, version, _created(document.get("created")), _entries(document.get("files")))


def _created(value: object) -> datetime:
    try:
        created = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        created = None
    if created is None or created.tzinfo is None:
        raise PackRefused(f"has a {MANIFEST} whose created time is not a date and time with its time zone", INVALID_MANIFEST)
    return created


def _entries(value: object) -> tuple[ManifestEntry, ...]:
    if not isinstance(value, list) or len(value) > MAX_FILES:
        raise PackRefused(f"has a {MANIFEST} whose files are not a list of at most {MAX_FILES:,}", INVALID_MANIFEST)
    entries: list[ManifestEntry] = []
    seen: set[str] = set()
    for item in value:
        entry = _entry(item)
        if entry.path.casefold() in seen:
            raise PackRefused(f"has a {MANIFEST} that lists {entry.path} twice", INVALID_MANIFEST)
        seen.add(entry.path.casefold())
        entries.append(entry)
    if f"{CONTENT}/content.json" not in seen:
        raise PackRefused(f"holds no {CONTENT}/content.json: it is not a content folder", INVALID_MANIFEST)
    if sum(entry.size for entry in entries) > MAX_TOTAL_BYTES:
        raise PackRefused(f"lists files adding up to more than the {_size(MAX_TOTAL_BYTES)} a pack may hold", TOO_BIG)
    return tuple(entries)


def _entry(item: object) -> ManifestEntry:
    if not isinstance(item, dict) or set(item) != {"path", "size", "sha256"}:
        raise PackRefused(f"has a {MANIFEST} whose files are not each a path, a size and a sha256", INVALID_MANIFEST)
    path, size, sha256 = item["path"], item["size"], item["sha256"]
    if not isinstance(path, str) or not path.startswith(f"{CONTENT}/") or path.endswith("/"):
        raise PackRefused(f"has a {MANIFEST} that lists {str(path)[:200]!r}, not a file in {CONTENT}/", INVALID_MANIFEST)
    problem = unsafe_path_problem(path)
    if problem:
        raise PackRefused(f"has a {MANIFEST} that lists {path[:200]!r}: {problem}", UNSAFE_PATH)
    if type(size) is not int or not 0 <= size <= MAX_TOTAL_BYTES:
        raise PackRefused(f"has a {MANIFEST} whose size of {path} is not a whole number of bytes within the limit", INVALID_MANIFEST)
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise PackRefused(f"has a {MANIFEST} whose sha256 of {path} is not 64 lower-case hex digits", INVALID_MANIFEST)
    return ManifestEntry(path, size, sha256)


def extract_verified(pack_path: Path, verified: VerifiedPack, dest_folder: Path) -> Path:
    """Write the verified pack's content folder into `dest_folder` (made if missing; it must be empty):
    only the files the verified manifest lists, each hashed again as it is written (the pack may have
    changed since it was verified), each created new (never through a link), fsynced. Returns
    `dest_folder`, which is then the content folder (content.json at its top). Raises PackRefused when
    the pack no longer matches, OSError when writing fails; `dest_folder` is then left empty (or removed
    when this made it)."""
    made = not dest_folder.exists()
    dest_folder.mkdir(parents=True, exist_ok=True)
    if not made and any(dest_folder.iterdir()):
        raise FileExistsError(errno.EEXIST, "is not empty: a pack is extracted into a new folder", str(dest_folder))
    try:
        folders = _extract_all(pack_path, verified, dest_folder)
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            files.sync_folder(folder)
    except BaseException:
        _empty(dest_folder, remove=made)
        raise
    return dest_folder


def _extract_all(pack_path: Path, verified: VerifiedPack, dest: Path) -> set[Path]:
    folders = {dest}
    with _open_zip(pack_path) as archive:
        members = _members(archive)
        for entry in verified.files:
            info = members.get(entry.path)
            if info is None:
                raise PackRefused(f"changed since it was verified: {entry.path} is gone", FILE_MISSING)
            target = dest.joinpath(*PurePosixPath(entry.content_path).parts)
            for folder in reversed(target.parents):
                if folder.is_relative_to(dest) and folder not in folders:
                    folder.mkdir(exist_ok=True)
                    if folder.is_symlink() or not folder.is_dir():
                        raise PackRefused(f"cannot be extracted: {folder} is not a plain folder", UNSAFE_PATH)
                    folders.add(folder)
            _extract_one(archive, info, entry, target)
    return folders


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _extract_one(archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: ManifestEntry, target: Path) -> None:
    fd = os.open(target, _WRITE_FLAGS, 0o644)  # O_EXCL: a link or file already there is refused, not followed
    with os.fdopen(fd, "wb") as writing:
        digest = hashlib.sha256()
        size = 0
        for chunk in _read_member(archive, info, entry.size):
            digest.update(chunk)
            size += len(chunk)
            if size > entry.size:
                break
            writing.write(chunk)
        if size != entry.size or digest.hexdigest() != entry.sha256:
            raise PackRefused(f"changed since it was verified: {entry.path} no longer matches its SHA-256", FILE_MISMATCH)
        writing.flush()
        os.fsync(writing.fileno())


def _empty(folder: Path, *, remove: bool) -> None:
    if remove:
        shutil.rmtree(folder, ignore_errors=True)
        return
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


# Making packs.


def build_pack(
    folder: Path,
    names: Sequence[str],
    out: Path,
    *,
    pack_id: str,
    version: int,
    created: datetime,
    key: SecretKey | None,
) -> Manifest:
    """Write a pack of `names` (paths inside the content folder `folder`, as its content.json names them)
    to `out` (which must not exist), signed with `key` (None: unsigned, to be signed with minisign and
    `attach_signature`). Each file is read once, hashed as it is stored. Raises ValueError for an id,
    version or path a pack cannot hold, FileExistsError when `out` exists, OSError for a file that
    cannot be read or written."""
    if not _PACK_ID.fullmatch(pack_id):
        raise ValueError(f"the pack id must be 1-64 letters, digits, '.', '_' or '-', not {pack_id!r}")
    if not 0 <= version <= _MAX_VERSION:
        raise ValueError(f"the version must be a whole number from 0 to {_MAX_VERSION}, not {version}")
    if created.tzinfo is None:
        raise ValueError("the created time must have a time zone")
    for name in names:
        problem = unsafe_path_problem(f"{CONTENT}/{name}")
        if problem:
            raise ValueError(f"{name}: cannot go into a pack: {problem}")
    if out.exists() or out.is_symlink():
        raise FileExistsError(errno.EEXIST, "exists already; choose another name or remove it", str(out))
    stamp = created.astimezone(UTC).timetuple()[:6]
    holder: list[Manifest] = []

    def write(handle: BinaryIO) -> None:
        with zipfile.ZipFile(handle, "w") as archive:
            entries = tuple(_store(archive, folder, name, stamp) for name in names)
            manifest = Manifest(pack_id, version, created.replace(microsecond=0), entries)
            raw = manifest.encoded()
            _write_entry(archive, MANIFEST, raw, stamp)
            if key is not None:
                _write_entry(archive, SIGNATURE, sign(raw, key, trusted_comment(pack_id, version)), stamp)
            holder.append(manifest)

    _write_new(out, write)
    return holder[0]


def _zip_info(name: str, stamp: tuple[int, ...], size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(max(1980, stamp[0]), *stamp[1:6]))  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_DEFLATED if name.endswith((".json", ".txt", ".minisig")) else zipfile.ZIP_STORED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.file_size = size
    return info


def _write_entry(archive: zipfile.ZipFile, name: str, data: bytes, stamp: tuple[int, ...]) -> None:
    archive.writestr(_zip_info(name, stamp, len(data)), data)


def _store(archive: zipfile.ZipFile, folder: Path, name: str, stamp: tuple[int, ...]) -> ManifestEntry:
    """One file of the content folder into the pack, read through kiosk.core.files (a regular file
    inside the folder), hashed as it is written; a file that changes size meanwhile is refused."""
    path = folder.joinpath(*PurePosixPath(name).parts)
    with files.open_regular(path, within=folder) as reading:
        size = os.fstat(reading.fileno()).st_size
        digest = hashlib.sha256()
        copied = 0
        with archive.open(_zip_info(f"{CONTENT}/{name}", stamp, size), "w", force_zip64=size > 2**31) as writing:
            while chunk := reading.read(min(_CHUNK, size + 1 - copied)):
                copied += len(chunk)
                if copied > size:
                    break
                digest.update(chunk)
                writing.write(chunk)
        if copied != size:
            raise files.FileRefusedError(path, "changed while the pack was made")
    return ManifestEntry(f"{CONTENT}/{name}", size, digest.hexdigest())


def _write_new(out: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through a temporary file beside `out`, then rename it into place (a pack seen half-written
    in a synced folder would be refused as cut short, but better never seen)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    try:
        with os.fdopen(fd, "w+b") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # a pack is not a secret; mkstemp made it 0600
        if out.exists() or out.is_symlink():
            raise FileExistsError(errno.EEXIST, "exists already; choose another name or remove it", str(out))
        os.replace(temp, out)
        files.sync_folder(out.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def read_manifest(path: Path) -> tuple[bytes, Manifest]:
    """The manifest of a pack (signed or not), its bytes as stored and as read: for signing it with
    minisign. Raises PackRefused."""
    with _open_zip(path) as archive:
        members = _members(archive)
        raw = _small_member(archive, members, MANIFEST, MAX_MANIFEST_BYTES)
    if raw is None:
        raise PackRefused(f"is not a content pack: it holds no {MANIFEST}", NOT_A_PACK)
    return raw, parse_manifest(raw)


def attach_signature(path: Path, signature_raw: bytes, keys: Iterable[PublicKey]) -> VerifiedPack:
    """Put a minisign signature of the pack's manifest (made with `minisign -S`) into the unsigned pack
    at `path`, once it is checked: the pack with it must verify with `keys`. Replaces `path` whole or not
    at all. Raises PackRefused (the pack, or the pack with this signature, is refused) or OSError."""
    with _open_zip(path) as archive:
        if SIGNATURE in _members(archive):
            raise PackRefused(f"is signed already (it holds {SIGNATURE})", BAD_SIGNATURE)
    folder = path.parent
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    os.close(fd)
    try:
        shutil.copyfile(path, temp)
        with zipfile.ZipFile(temp, "a") as archive:
            stamp = datetime.now(UTC).timetuple()[:6]
            _write_entry(archive, SIGNATURE, signature_raw, stamp)
        verified = verify_pack(Path(temp), keys)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
        files.sync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return dataclasses.replace(verified, path=path)


def _size(count: int) -> str:
    return f"{count / 1024**3:,.1f} GB" if count >= 1024**3 else f"{count / 1024**2:,.1f} MB"
