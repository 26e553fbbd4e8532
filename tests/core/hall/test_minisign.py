"""minisign's key and signature files, read and written as the real `minisign` program does (Debian
package minisign; those tests skip without it)."""

from __future__ import annotations

import base64
import contextlib
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.hall import minisign
from kiosk.core.hall.minisign import KeyFileError, SignatureError

MINISIGN = shutil.which("minisign")
needs_minisign = pytest.mark.skipif(MINISIGN is None, reason="needs the minisign program (Debian package minisign)")


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    assert MINISIGN is not None
    return subprocess.run([MINISIGN, *args], cwd=cwd, capture_output=True, text=True, input=stdin, timeout=60, check=False)


def test_a_key_pair_reads_back_as_written(tmp_path: Path) -> None:
    key = minisign.new_key_pair()
    (tmp_path / "k.key").write_text(key.file_text())
    (tmp_path / "k.pub").write_text(key.public.file_text())
    assert minisign.read_secret_key(tmp_path / "k.key") == key
    assert minisign.read_public_key(tmp_path / "k.pub") == minisign.PublicKey(key.key_id, key.public.key, str(tmp_path / "k.pub"))
    base64_line = key.public.file_text().splitlines()[1]
    assert minisign.read_public_key(base64_line) == key.public  # as minisign -P takes it
    assert key.public.file_text().startswith(f"untrusted comment: minisign public key {key.public.id_text}\n")
    assert "seed" not in repr(key)


def test_a_secret_key_with_a_password_is_refused_with_what_to_do(tmp_path: Path) -> None:
    key = minisign.new_key_pair()
    raw = bytearray(base64.b64decode(key.file_text().splitlines()[1]))
    raw[2:4] = b"Sc"
    (tmp_path / "k.key").write_text(f"untrusted comment: x\n{base64.b64encode(raw).decode()}\n")
    with pytest.raises(KeyFileError, match="password"):
        minisign.read_secret_key(tmp_path / "k.key")


@pytest.mark.parametrize("at", [60, 100, 140])
def test_a_damaged_secret_key_is_refused(tmp_path: Path, at: int) -> None:
    raw = bytearray(base64.b64decode(minisign.new_key_pair().file_text().splitlines()[1]))
    raw[at] ^= 1
    (tmp_path / "k.key").write_text(f"untrusted comment: x\n{base64.b64encode(raw).decode()}\n")
    with pytest.raises(KeyFileError, match="damaged"):
        minisign.read_secret_key(tmp_path / "k.key")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "untrusted comment: only\n",
        "RWQ=\n",
        "untrusted comment: x\n!!!\n",
        "untrusted comment: x\n" + base64.b64encode(b"Xy" + bytes(40)).decode(),
    ],
)
def test_what_is_not_a_public_key_is_refused(text: str) -> None:
    with pytest.raises(KeyFileError):
        minisign.read_public_key(text)


def test_a_signature_verifies_and_a_changed_message_or_comment_does_not() -> None:
    key = minisign.new_key_pair()
    signature = minisign.parse_signature(minisign.sign(b"message", key, "pack:a version:1"))
    assert minisign.signer(b"message", signature, [key.public]) == key.public
    with pytest.raises(minisign.MessageChangedError):
        minisign.signer(b"messagE", signature, [key.public])
    changed = minisign.Signature(signature.algorithm, signature.key_id, signature.signature, "pack:a version:2", signature.global_signature)
    with pytest.raises(minisign.CommentChangedError):
        minisign.signer(b"message", changed, [key.public])
    with pytest.raises(minisign.UnknownKeyError):
        minisign.signer(b"message", signature, [minisign.new_key_pair().public])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_signature_file_raise_only_signature_error(raw: bytes) -> None:
    with contextlib.suppress(SignatureError):
        minisign.parse_signature(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_as_a_public_key_raises_only_key_file_error(text: str) -> None:
    with contextlib.suppress(KeyFileError):
        minisign.read_public_key(text)


@needs_minisign
def test_a_key_from_minisign_signs_and_minisign_verifies_what_the_kiosk_signs(tmp_path: Path) -> None:
    made = run("-G", "-W", "-p", "m.pub", "-s", "m.key", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    key = minisign.read_secret_key(tmp_path / "m.key")
    assert key.public == minisign.read_public_key((tmp_path / "m.pub").read_text())
    (tmp_path / "file").write_bytes(b"signed by the kiosk\n")
    (tmp_path / "file.minisig").write_bytes(minisign.sign(b"signed by the kiosk\n", key, "pack:p version:3"))
    checked = run("-V", "-p", "m.pub", "-m", "file", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "Trusted comment: pack:p version:3" in checked.stdout


@needs_minisign
def test_the_kiosk_verifies_what_minisign_signs_with_a_kiosk_key(tmp_path: Path) -> None:
    key = minisign.new_key_pair()
    (tmp_path / "k.key").write_text(key.file_text())
    (tmp_path / "k.pub").write_text(key.public.file_text())
    (tmp_path / "file").write_bytes(b"signed by minisign\n")
    signed = run("-S", "-s", "k.key", "-m", "file", "-t", "pack:p version:4", cwd=tmp_path)
    assert signed.returncode == 0, signed.stderr
    signature = minisign.parse_signature((tmp_path / "file.minisig").read_bytes())
    assert signature.trusted_comment == "pack:p version:4"
    assert minisign.signer(b"signed by minisign\n", signature, [minisign.read_public_key(tmp_path / "k.pub")]).key_id == key.key_id
    recreated = run("-R", "-s", "k.key", "-p", "again.pub", cwd=tmp_path)  # minisign reads the kiosk's secret key whole
    assert recreated.returncode == 0, recreated.stderr
    assert minisign.read_public_key(tmp_path / "again.pub") == minisign.read_public_key(tmp_path / "k.pub").__class__(
        key.key_id, key.public.key, str(tmp_path / "again.pub")
    )


@needs_minisign
def test_a_legacy_signature_is_refused(tmp_path: Path) -> None:
    key = minisign.new_key_pair()
    (tmp_path / "k.key").write_text(key.file_text())
    (tmp_path / "file").write_bytes(b"x")
    assert run("-S", "-l", "-s", "k.key", "-m", "file", cwd=tmp_path).returncode == 0
    with pytest.raises(SignatureError, match="legacy"):
        minisign.parse_signature((tmp_path / "file.minisig").read_bytes())
