"""Signed content packs: every way a pack is refused, with real files (tampered bytes, truncations, a
second key pair, hostile zip entries), and a loop of random damage that only ever ends in PackRefused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import stat
import struct
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.hall import packs
from kiosk.core.hall.minisign import PublicKey, SecretKey, new_key_pair, sign
from kiosk.core.hall.packs import PackRefused, extract_verified, load_trusted_keys, verify_pack

CREATED = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)
FILES = {
    "content.json": b'{"version": 1}\n',
    "locales/en.json": b'{"hello": "Hello"}\n',
    "photos/lake.jpg": bytes(range(256)) * 40,
}


@pytest.fixture(scope="module")
def key() -> SecretKey:
    return new_key_pair()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "hall-content"
    for name, data in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.fixture
def pack(folder: Path, key: SecretKey, tmp_path: Path) -> Path:
    out = tmp_path / "hall.pack"
    packs.build_pack(folder, list(FILES), out, pack_id="hall", version=42, created=CREATED, key=key)
    return out


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rewrite(path: Path, members: dict[str, bytes], extra: list[zipfile.ZipInfo | tuple[zipfile.ZipInfo, bytes]] | None = None) -> Path:
    """A valid zip (good CRCs) with these members: tampering as someone who knows zip would do it."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for item in extra or []:
            info, data = item if isinstance(item, tuple) else (item, b"")
            archive.writestr(info, data)
    return path


def refused(path: Path, keys: list[PublicKey]) -> PackRefused:
    with pytest.raises(PackRefused) as caught:
        verify_pack(path, keys)
    return caught.value


def test_a_signed_pack_verifies_and_extracts_to_the_same_files(pack: Path, key: SecretKey, tmp_path: Path) -> None:
    verified = verify_pack(pack, [key.public])
    assert (verified.pack_id, verified.version, verified.created, verified.key_id) == ("hall", 42, CREATED, key.public.id_text)
    assert {e.path: e.sha256 for e in verified.files} == {f"content/{n}": hashlib.sha256(d).hexdigest() for n, d in FILES.items()}
    assert verified.trusted_comment == "pack:hall version:42"
    out = extract_verified(pack, verified, tmp_path / "out")
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == FILES


def test_extracting_into_a_folder_that_is_not_empty_is_refused(pack: Path, key: SecretKey, tmp_path: Path) -> None:
    verified = verify_pack(pack, [key.public])
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "content.json").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FileExistsError):
        extract_verified(pack, verified, busy)
    assert not (tmp_path / "elsewhere").exists()


def test_a_pack_changed_between_verify_and_extract_is_refused_and_leaves_nothing(
    pack: Path, key: SecretKey, folder: Path, tmp_path: Path
) -> None:
    verified = verify_pack(pack, [key.public])
    members = entries(pack)
    members["content/photos/lake.jpg"] = b"X" + members["content/photos/lake.jpg"][1:]  # same size, good CRC
    rewrite(pack, members)
    with pytest.raises(PackRefused) as caught:
        extract_verified(pack, verified, tmp_path / "out")
    assert caught.value.kind == packs.FILE_MISMATCH
    assert "changed since it was verified" in caught.value.reason
    assert not (tmp_path / "out").exists()


def test_a_changed_content_file_is_refused_by_its_sha256(pack: Path, key: SecretKey) -> None:
    members = entries(pack)
    members["content/locales/en.json"] = members["content/locales/en.json"].replace(b"Hello", b"Hallo")
    error = refused(rewrite(pack, members), [key.public])
    assert error.kind == packs.FILE_MISMATCH
    assert "content/locales/en.json, which does not match its SHA-256" in error.reason


def test_one_byte_flipped_in_a_stored_content_file_is_refused(pack: Path, key: SecretKey) -> None:
    raw = bytearray(pack.read_bytes())
    at = raw.find(bytes(range(256)))  # lake.jpg is stored: its bytes lie in the file as they are
    raw[at + 100] ^= 0x01
    pack.write_bytes(raw)
    error = refused(pack, [key.public])
    assert error.kind == packs.DAMAGED
    assert "content/photos/lake.jpg" in error.reason


def test_a_changed_manifest_is_refused(pack: Path, key: SecretKey) -> None:
    members = entries(pack)
    members["manifest.json"] = members["manifest.json"].replace(b'"version": 42', b'"version": 43')
    error = refused(rewrite(pack, members), [key.public])
    assert error.kind == packs.MANIFEST_TAMPERED
    assert "manifest.json that was changed after it was signed" in error.reason


@pytest.mark.parametrize("line", [1, 2, 3])
def test_a_changed_signature_or_trusted_comment_is_refused(pack: Path, key: SecretKey, line: int) -> None:
    members = entries(pack)
    lines = members["manifest.json.minisig"].decode().split("\n")
    if line == 2:
        lines[2] = lines[2].replace("version:42", "version:99")
    else:
        text = lines[line]
        lines[line] = text[:20] + ("A" if text[20] != "A" else "B") + text[21:]
    members["manifest.json.minisig"] = "\n".join(lines).encode()
    error = refused(rewrite(pack, members), [key.public])
    assert error.kind == packs.BAD_SIGNATURE
    assert "bad signature" in error.reason


def test_a_trusted_comment_that_does_not_name_the_pack_is_refused(pack: Path, key: SecretKey) -> None:
    members = entries(pack)
    members["manifest.json.minisig"] = sign(members["manifest.json"], key, "pack:other version:42")
    error = refused(rewrite(pack, members), [key.public])
    assert error.kind == packs.BAD_SIGNATURE
    assert "must say 'pack:hall version:42'" in error.reason


def test_a_pack_signed_by_another_key_is_refused_until_that_key_is_trusted(pack: Path, key: SecretKey) -> None:
    other = new_key_pair()
    error = refused(pack, [other.public])
    assert error.kind == packs.UNKNOWN_KEY
    assert f"signed by the key {key.public.id_text}, which is not a trusted key (trusted: {other.public.id_text})" in error.reason
    assert verify_pack(pack, [other.public, key.public]).key_id == key.public.id_text


def test_a_key_id_that_matches_but_a_key_that_does_not_is_a_bad_signature(pack: Path, key: SecretKey) -> None:
    impostor = PublicKey(key.key_id, new_key_pair().public.key)
    assert refused(pack, [impostor]).kind == packs.BAD_SIGNATURE


def test_no_trusted_keys_refuses(pack: Path) -> None:
    assert refused(pack, []).kind == packs.NO_KEYS


def test_an_unsigned_pack_is_refused(folder: Path, tmp_path: Path, key: SecretKey) -> None:
    out = tmp_path / "unsigned.pack"
    packs.build_pack(folder, list(FILES), out, pack_id="hall", version=1, created=CREATED, key=None)
    error = refused(out, [key.public])
    assert (error.kind, error.reason) == (packs.UNSIGNED, "is unsigned: it holds no manifest.json.minisig")


@pytest.mark.parametrize("cut", [0, 1, 4, 30, 200, 0.5, -22, -1])
def test_a_truncated_pack_is_refused(pack: Path, key: SecretKey, cut: float) -> None:
    raw = pack.read_bytes()
    keep = int(len(raw) * cut) if isinstance(cut, float) else cut if cut >= 0 else len(raw) + cut
    pack.write_bytes(raw[:keep])
    error = refused(pack, [key.public])
    assert error.kind in (packs.TRUNCATED, packs.NOT_A_PACK)
    if keep >= 2:
        assert error.kind == packs.TRUNCATED
        assert "cut short" in error.reason


def test_what_is_not_a_pack_is_refused(tmp_path: Path, key: SecretKey) -> None:
    text = tmp_path / "notes.pack"
    text.write_text("a shopping list\n")
    assert refused(text, [key.public]).kind == packs.NOT_A_PACK
    assert refused(tmp_path, [key.public]).kind == packs.UNREADABLE  # a folder
    assert refused(tmp_path / "missing.pack", [key.public]).kind == packs.UNREADABLE
    bare = rewrite(tmp_path / "bare.pack", {"content/content.json": b"{}"})
    assert "holds no manifest.json" in refused(bare, [key.public]).reason


def test_an_extra_file_is_refused(pack: Path, key: SecretKey) -> None:
    members = entries(pack)
    members["content/photos/extra.jpg"] = b"not listed"
    error = refused(rewrite(pack, members), [key.public])
    assert error.kind == packs.FILE_EXTRA
    assert "content/photos/extra.jpg" in error.reason


def test_a_missing_file_is_refused(pack: Path, key: SecretKey) -> None:
    members = entries(pack)
    del members["content/locales/en.json"]
    error = refused(rewrite(pack, members), [key.public])
    assert error.kind == packs.FILE_MISSING
    assert "content/locales/en.json" in error.reason


@pytest.mark.parametrize(
    "name", ["../evil.txt", "content/../../evil.txt", "/etc/evil", "C:/evil.txt", "content\\..\\evil", "content/NUL.txt"]
)
def test_an_entry_with_an_unsafe_path_is_refused_before_anything_is_used(pack: Path, key: SecretKey, name: str) -> None:
    members = entries(pack)
    error = refused(rewrite(pack, members, [(zipfile.ZipInfo(name), b"x")]), [key.public])
    assert error.kind == packs.UNSAFE_PATH


def test_a_symlink_entry_is_refused(pack: Path, key: SecretKey) -> None:
    link = zipfile.ZipInfo("content/photos/link.jpg")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    error = refused(rewrite(pack, entries(pack), [(link, b"/etc/passwd")]), [key.public])
    assert error.kind == packs.UNSAFE_PATH
    assert "is a link" in error.reason


def test_a_device_entry_is_refused(pack: Path, key: SecretKey) -> None:
    device = zipfile.ZipInfo("content/photos/disk")
    device.external_attr = (stat.S_IFBLK | 0o600) << 16
    assert "device" in refused(rewrite(pack, entries(pack), [device]), [key.public]).reason


def test_two_names_that_are_one_file_on_windows_are_refused(pack: Path, key: SecretKey) -> None:
    members = entries(pack)
    members["content/Content.json"] = b"{}"
    assert refused(rewrite(pack, members), [key.public]).kind == packs.UNSAFE_PATH


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("content/photos/a.jpg", None),
        ("content/photos/con.jpg", "device"),
        ("content/COM1", "device"),
        ("content/lpt9.txt", "device"),
        ("content/a./b", "ends in a dot"),
        ("content/a /b", "ends in a dot or a space"),
        ("content//b", "empty"),
        ("content/./b", "'.'"),
        ("content/a:b", "not allowed"),
        ("content/a\x01b", "not allowed"),
        ("", "empty"),
        ("content/" + "a" * 400, "too long"),
    ],
)
def test_unsafe_path_problem(name: str, problem: str | None) -> None:
    found = packs.unsafe_path_problem(name)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_a_zip_bomb_declaring_more_than_the_limit_is_refused_before_reading(pack: Path, key: SecretKey) -> None:
    members = entries(pack)
    rewrite(pack, {**members, "content/photos/b1.jpg": b"1", "content/photos/b2.jpg": b"2"})
    raw = bytearray(pack.read_bytes())
    start = 0
    while (start := raw.find(b"PK\x01\x02", start + 1)) != -1:  # central directory: uncompressed size at +24
        struct.pack_into("<I", raw, start + 24, 0xFFFFFFF0)
    pack.write_bytes(raw)
    error = refused(pack, [key.public])
    assert error.kind == packs.TOO_BIG
    assert "more than the 4.0 GB" in error.reason


def test_an_entry_that_inflates_past_its_listed_size_is_refused(pack: Path, key: SecretKey, folder: Path, tmp_path: Path) -> None:
    """A deflated entry whose headers say 100 bytes but which inflates to ten megabytes: the read stops
    at the size the signed manifest gives."""
    (folder / "photos" / "lake.jpg").write_bytes(b"\0" * 100)
    out = tmp_path / "small.pack"
    packs.build_pack(folder, list(FILES), out, pack_id="hall", version=42, created=CREATED, key=key)
    members = entries(out)
    bomb = zipfile.ZipInfo("content/photos/lake.jpg")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    del members["content/photos/lake.jpg"]
    rewrite(out, members, [(bomb, b"\0" * 10_000_000)])
    raw = bytearray(out.read_bytes())
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):  # local header, central directory
        at = raw.find(signature)
        while at != -1:
            if raw[at + name_at : at + name_at + 23] == b"content/photos/lake.jpg":
                struct.pack_into("<I", raw, at + size_at, 100)
            at = raw.find(signature, at + 1)
    out.write_bytes(raw)
    error = refused(out, [key.public])
    assert error.kind in (packs.FILE_MISMATCH, packs.DAMAGED)


def test_too_many_entries_are_refused(pack: Path, key: SecretKey) -> None:
    members = entries(pack)
    with zipfile.ZipFile(pack, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for n in range(packs.MAX_FILES + 1):
            archive.writestr(f"content/photos/{n}.jpg", b"")
    error = refused(pack, [key.public])
    assert error.kind == packs.TOO_BIG
    assert "entries, more than the 20,000 files" in error.reason


def test_random_damage_only_ever_ends_in_pack_refused(pack: Path, key: SecretKey) -> None:
    """Bytes flipped, cut or inserted anywhere: the pack is refused with a reason, or (a byte the zip
    format ignores, like a time stamp or the untrusted comment) verifies as exactly the signed content."""
    original = pack.read_bytes()
    signed = verify_pack(pack, [key.public]).files
    rng = random.Random(25)
    outcomes: dict[str, int] = {}
    for _ in range(400):
        raw = bytearray(original)
        damage = rng.choice(["flip", "flip", "cut", "insert"])
        at = rng.randrange(len(raw))
        if damage == "flip":
            raw[at] ^= 1 << rng.randrange(8)
        elif damage == "cut":
            del raw[at:]
        else:
            raw[at:at] = os.urandom(rng.randrange(1, 9))
        pack.write_bytes(raw)
        try:
            verified = verify_pack(pack, [key.public])
        except PackRefused as exc:
            assert exc.reason
            outcomes[exc.kind] = outcomes.get(exc.kind, 0) + 1
        else:
            assert verified.files == signed
            outcomes["verified"] = outcomes.get("verified", 0) + 1
    assert sum(n for kind, n in outcomes.items() if kind != "verified") > 200, outcomes


def test_load_trusted_keys_names_the_files_it_cannot_read(tmp_path: Path, key: SecretKey) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "good.pub").write_text(key.public.file_text())
    (keys / "garbage.pub").write_text("untrusted comment: x\nnot base64!\n")
    (keys / "folder.pub").mkdir()
    (keys / "readme.txt").write_text("not a key")
    trusted = load_trusted_keys(keys)
    assert [k.id_text for k in trusted] == [key.public.id_text]
    assert len(trusted) == 1
    assert sorted(p.split(":")[0] for p in trusted.problems) == [str(keys / "folder.pub"), str(keys / "garbage.pub")]
    assert load_trusted_keys(tmp_path / "none").problems == (f"{tmp_path / 'none'}: not found",)


def test_a_pack_verifies_with_the_keys_of_a_folder(pack: Path, key: SecretKey, tmp_path: Path) -> None:
    (tmp_path / "k.pub").write_text(key.public.file_text())
    assert verify_pack(pack, load_trusted_keys(tmp_path)).pack_id == "hall"


def test_build_refuses_an_existing_file_and_unsafe_names(folder: Path, tmp_path: Path, key: SecretKey, pack: Path) -> None:
    with pytest.raises(FileExistsError):
        packs.build_pack(folder, list(FILES), pack, pack_id="hall", version=1, created=CREATED, key=key)
    for bad in ({"pack_id": "has space"}, {"version": -1}):
        with pytest.raises(ValueError):
            packs.build_pack(folder, list(FILES), tmp_path / "x.pack", **{"pack_id": "hall", "version": 1, **bad}, created=CREATED, key=key)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="device"):
        packs.build_pack(folder, ["aux.json"], tmp_path / "y.pack", pack_id="hall", version=1, created=CREATED, key=key)
    assert not (tmp_path / "x.pack").exists() and not (tmp_path / "y.pack").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_a_pack_is_a_zip_a_manifest_and_a_signature(pack: Path) -> None:
    with zipfile.ZipFile(pack) as archive:
        names = archive.namelist()
        kinds = {i.filename: i.compress_type for i in archive.infolist()}
    assert sorted(names) == sorted([*(f"content/{n}" for n in FILES), "manifest.json", "manifest.json.minisig"])
    assert kinds["content/photos/lake.jpg"] == zipfile.ZIP_STORED and kinds["manifest.json"] == zipfile.ZIP_DEFLATED
    assert io.BytesIO(pack.read_bytes()).read(4) == b"PK\x03\x04"


@pytest.mark.parametrize(
    ("change", "kind", "words"),
    [
        (lambda m: {**m, "format": "zip"}, packs.INVALID_MANIFEST, "not a content pack's"),
        (lambda m: {**m, "format_version": 2}, packs.INVALID_MANIFEST, "format version 2"),
        (lambda m: {**m, "pack_id": "a b"}, packs.INVALID_MANIFEST, "pack_id"),
        (lambda m: {**m, "version": "42"}, packs.INVALID_MANIFEST, "version"),
        (lambda m: {**m, "created": "yesterday"}, packs.INVALID_MANIFEST, "created"),
        (lambda m: {**m, "created": "2026-12-05T06:00:00"}, packs.INVALID_MANIFEST, "time zone"),
        (lambda m: {**m, "files": [f for f in m["files"] if f["path"] != "content/content.json"]}, packs.INVALID_MANIFEST, "content.json"),
        (lambda m: {**m, "files": [*m["files"], {**m["files"][0], "path": "content/../evil"}]}, packs.UNSAFE_PATH, "'..'"),
        (lambda m: {**m, "files": [*m["files"], m["files"][0]]}, packs.INVALID_MANIFEST, "twice"),
        (lambda m: {**m, "files": [{**m["files"][0], "sha256": "ABC"}]}, packs.INVALID_MANIFEST, "sha256"),
        (lambda m: {**m, "files": [{**m["files"][0], "size": -1}]}, packs.INVALID_MANIFEST, "size"),
        (lambda m: {**m, "files": [{**m["files"][0], "size": 2**40}]}, packs.INVALID_MANIFEST, "size"),
        (lambda m: {**m, "files": [{**m["files"][0], "path": "other/x"}]}, packs.INVALID_MANIFEST, "not a file in content/"),
    ],
)
def test_a_signed_manifest_the_kiosk_does_not_read_is_refused(
    pack: Path, key: SecretKey, change: Callable[[dict[str, Any]], dict[str, Any]], kind: str, words: str
) -> None:
    """Signed by a trusted key, and still refused: what the manifest says must make sense too."""
    members = entries(pack)
    document = change(json.loads(members["manifest.json"]))
    members["manifest.json"] = json.dumps(document).encode()
    members["manifest.json.minisig"] = sign(members["manifest.json"], key, f"pack:{document['pack_id']} version:{document['version']}")
    error = refused(rewrite(pack, members), [key.public])
    assert error.kind == kind
    assert words in error.reason
