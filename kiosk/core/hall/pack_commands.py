"""`kiosk pack keygen | build | verify | sign`: the work of the pack commands (kiosk/cli.py registers
them, checks a folder as `kiosk check` does and calls in here). Each prints what it did or why not and
returns the exit status. Qt-free."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.core import files
from kiosk.core.content.glyphs import MissingCharacters
from kiosk.core.content.install import examine
from kiosk.core.hall import minisign
from kiosk.core.hall.packs import (
    PackRefused,
    PublicKey,
    TrustedKeys,
    VerifiedPack,
    attach_signature,
    build_pack,
    load_trusted_keys,
    read_manifest,
    trusted_comment,
    verify_pack,
)

EXIT_REFUSED = 1
EXIT_USAGE = 2
_SECRET_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
WINDOWS_KEY_NOTE = (
    "note: on Windows a file's mode says nothing about who may read it: {key} can be read by whoever may read "
    "this folder. Keep it in a folder only you can open (under your user profile, not a shared or synced one), "
    "or on a stick kept locked away."
)


def _error(text: str) -> None:
    print(f"kiosk: {text}", file=sys.stderr)


def keygen(name: str, folder: Path, platform: str = sys.platform) -> int:
    """NAME.key (the secret, created readable by this user only: no moment when others could read it)
    and NAME.pub in `folder`, in minisign's format (unencrypted, as `minisign -G -W`). Refuses to
    overwrite either."""
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        _error(f"give a plain name for the key pair, like hall-2026 (not a path): {name!r}")
        return EXIT_USAGE
    key_path, pub_path = folder / f"{name}.key", folder / f"{name}.pub"
    for path in (key_path, pub_path):
        if path.exists() or path.is_symlink():
            _error(f"{path} exists already; nothing written (choose another name, or move the old key pair away)")
            return EXIT_REFUSED
    key = minisign.new_key_pair()
    try:
        _write_new(key_path, key.file_text(f"minisign secret key {key.public.id_text} (unencrypted, kiosk pack keygen)"), 0o600)
        try:
            _write_new(pub_path, key.public.file_text(), 0o644)
        except OSError:
            key_path.unlink(missing_ok=True)
            raise
    except OSError as exc:
        _error(f"could not write the key pair: {exc.filename or ''}: {files.describe(exc)}; nothing written")
        return EXIT_REFUSED
    print(f"secret key: {key_path} (key id {key.public.id_text}): keep it secret, it signs packs every kiosk of the hall accepts")
    print(f"public key: {pub_path}: copy it into each kiosk's content_keys folder")
    if platform.startswith("win"):
        print(WINDOWS_KEY_NOTE.format(key=key_path))
    return 0


def _write_new(path: Path, text: str, mode: int) -> None:
    """A new file created with `mode` from the start (O_EXCL: never over an existing file or link)."""
    fd = os.open(path, _SECRET_FLAGS, mode)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # exactly `mode`, whatever the umask left
        files.write_synced(fd, text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def default_pack_id(folder: Path) -> str | None:
    """The content folder's name as a pack id, when it can be one."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.resolve().name).strip("-._")[:64]
    return name or None


def build(
    folder: Path,
    out: Path,
    *,
    key_path: Path | None,
    pack_id: str | None,
    version: int | None,
    glyphs: MissingCharacters | None,
    clock: Callable[[], float] = time.time,
) -> int:
    """A pack of the checked content folder `folder` (the caller has checked it as `kiosk check` does):
    the files its content.json names, signed with the key at `key_path` (None: unsigned, its manifest
    written beside it for minisign)."""
    key = None
    if key_path is not None:
        try:
            key = minisign.read_secret_key(key_path)
        except (OSError, minisign.KeyFileError) as exc:
            _error(f"{key_path} {files.describe(exc)}; no pack written")
            return EXIT_REFUSED
    pack_id = pack_id or default_pack_id(folder)
    if pack_id is None:
        _error(f"{folder}'s name cannot be a pack id: give one with --id (letters, digits, '.', '_', '-')")
        return EXIT_USAGE
    candidate = examine(folder, glyphs=glyphs)
    if not candidate.ok:
        _error(f"{folder} has {len(candidate.problems)} problem(s); no pack written")
        for problem in candidate.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_REFUSED
    now = clock()
    made = version if version is not None else int(now)
    try:
        manifest = build_pack(
            folder,
            [name for name, _ in candidate.files],
            out,
            pack_id=pack_id,
            version=made,
            created=datetime.fromtimestamp(now, UTC),
            key=key,
        )
        if key is None:
            files.write_atomic(out.with_name(out.name + ".manifest.json"), _stored_manifest(out))
    except (OSError, ValueError) as exc:
        reason = files.describe(exc) if isinstance(exc, OSError) else str(exc)
        where = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
        _error(f"could not write the pack: {where}{reason}; no pack written")
        return EXIT_REFUSED
    total = sum(entry.size for entry in manifest.files)
    signed = f"signed with the key {key.public.id_text}" if key else "UNSIGNED"
    print(f"{out}: pack {manifest.pack_id} version {manifest.version}, {len(manifest.files)} files, {total / 1e6:,.1f} MB, {signed}")
    if key is None:
        _say_how_to_sign(out, manifest.pack_id, manifest.version)
    return 0


def _stored_manifest(pack: Path) -> bytes:
    """manifest.json as the pack holds it: the bytes minisign is to sign."""
    return read_manifest(pack)[0]


def _say_how_to_sign(out: Path, pack_id: str, version: int) -> None:
    manifest = out.with_name(out.name + ".manifest.json")
    print(f"its manifest, to sign: {manifest}")
    print("sign it with minisign (an unencrypted key, or type its password) and put the signature into the pack:")
    print(f"  minisign -S -s YOUR.key -m {manifest} -t '{trusted_comment(pack_id, version)}'")
    print(f"  kiosk pack sign {out} --minisig {manifest}.minisig --pub YOUR.pub")


def _keys(pubs: list[Path] | None, keys_folder: str) -> TrustedKeys | None:
    """The keys to check with: the --pub files, else the content_keys folder's; None after saying why
    there are none to try."""
    if pubs:
        keys: list[PublicKey] = []
        for pub in pubs:
            try:
                keys.append(minisign.read_public_key(pub))
            except (OSError, minisign.KeyFileError) as exc:
                _error(f"{pub} {files.describe(exc)}")
                return None
        return TrustedKeys(tuple(keys))
    if not keys_folder:
        _error("no public key to check with: give --pub NAME.pub, or set content_keys (kiosk config content_keys FOLDER)")
        return None
    trusted = load_trusted_keys(Path(keys_folder))
    for problem in trusted.problems:
        print(f"warning: a key in content_keys is left out: {problem}", file=sys.stderr)
    return trusted


def _describe(verified: VerifiedPack) -> str:
    created = verified.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return (
        f"pack {verified.pack_id} version {verified.version}, signed by the key {verified.key_id}, "
        f"{len(verified.files)} files, {verified.total_bytes / 1e6:,.1f} MB, made {created}"
    )


def verify(pack: Path, pubs: list[Path] | None, keys_folder: str) -> int:
    keys = _keys(pubs, keys_folder)
    if keys is None:
        return EXIT_USAGE
    try:
        verified = verify_pack(pack, keys)
    except PackRefused as exc:
        _error(f"{pack} is refused: it {exc.reason}")
        return EXIT_REFUSED
    print(f"{pack}: verified: {_describe(verified)}")
    print(f"id: {verified.pack_id}\nversion: {verified.version}\nkey id: {verified.key_id}\nfiles: {len(verified.files)}")
    return 0


def sign(pack: Path, minisig: Path, pub: Path) -> int:
    """Put a signature made by `minisign -S` of the pack's manifest into the unsigned pack, once the pack
    with it verifies with `pub`."""
    keys = _keys([pub], "")
    if keys is None:
        return EXIT_USAGE
    try:
        raw = files.read_bytes(minisig, minisign.MAX_SIGNATURE_FILE_BYTES)
        verified = attach_signature(pack, raw, keys)
    except PackRefused as exc:
        _error(f"{pack} was not signed: it {exc.reason}")
        return EXIT_REFUSED
    except OSError as exc:
        _error(f"{exc.filename or minisig}: {files.describe(exc)}; the pack was not signed")
        return EXIT_REFUSED
    print(f"{pack}: signed and verified: {_describe(verified)}")
    return 0
