"""Keys and signatures in minisign's format (https://jedisct1.github.io/minisign/), so that a hall's
integrator can sign a pack with the `minisign` program and check one the kiosk signed.

The crypto is libsodium's, through PyNaCl (what minisign itself uses): Ed25519 signatures over the
BLAKE2b-512 hash of the message ("ED", minisign's default), and a second, "global" signature over the
first one and the trusted comment, so that comment cannot be changed either. Nothing here is crypto of
our own: this module only reads and writes the files' layout.

- A public key file: an untrusted comment line, then base64 of "Ed", the key id (8 bytes, shown as
  16 hex digits of the little-endian number) and the 32-byte public key.
- A secret key file: an untrusted comment line, then base64 of "Ed", the key derivation ("Sc": scrypt
  with a password; two zero bytes: none, as `minisign -G -W` makes it), "B2", a salt, two limits, the
  key id, the 64-byte secret key and a BLAKE2b-256 checksum. The kiosk reads and writes keys without a
  password only: it signs unattended, and the key's protection is its file's permissions.
- A signature file: an untrusted comment, base64 of the algorithm, key id and signature, a trusted
  comment line, and base64 of the global signature.
Qt-free."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nacl.exceptions
import nacl.signing

from kiosk.core import files

UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "
ALGORITHM = b"Ed"  # of keys, and of signatures over the message itself (legacy, not accepted)
PREHASHED = b"ED"  # of signatures over the message's BLAKE2b-512 hash
NO_KDF = b"\0\0"
SCRYPT = b"Sc"
CHECKSUM = b"B2"
KEY_ID_BYTES = 8
MAX_KEY_FILE_BYTES = 4096
MAX_SIGNATURE_FILE_BYTES = 16 * 1024  # minisign's trusted comment is at most 8 KiB
MAX_TRUSTED_COMMENT = 8000
_PUBLIC_BYTES = 2 + KEY_ID_BYTES + 32
_SECRET_BYTES = 2 + 2 + 2 + 32 + 8 + 8 + KEY_ID_BYTES + 64 + 32
_SIGNATURE_BYTES = 2 + KEY_ID_BYTES + 64


class KeyFileError(ValueError):
    """A key that cannot be used; the message says why, in words."""


class SignatureError(ValueError):
    """A signature file that cannot be read, or that does not verify; the message says why."""


def key_id_text(key_id: bytes) -> str:
    """A key id as minisign prints it: 16 hex digits of the little-endian number."""
    return f"{int.from_bytes(key_id, 'little'):016X}"


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 bytes, as in the file
    key: bytes  # the Ed25519 public key, 32 bytes
    source: str = ""  # where it was read from, for messages

    @property
    def id_text(self) -> str:
        return key_id_text(self.key_id)

    def file_text(self) -> str:
        """The .pub file, as `minisign -G` writes it."""
        encoded = base64.b64encode(ALGORITHM + self.key_id + self.key).decode("ascii")
        return f"{UNTRUSTED}minisign public key {self.id_text}\n{encoded}\n"


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    seed: bytes = field(repr=False)  # the Ed25519 seed: the secret

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key_id, bytes(nacl.signing.SigningKey(self.seed).verify_key))

    def file_text(self, comment: str = "minisign secret key (unencrypted)") -> str:
        """The .key file, as `minisign -G -W` writes it (with its checksum filled in: minisign leaves it
        zero for an unencrypted key and does not check it then)."""
        signing = nacl.signing.SigningKey(self.seed)
        secret = self.seed + bytes(signing.verify_key)  # libsodium's 64-byte secret key
        checksum = hashlib.blake2b(ALGORITHM + self.key_id + secret, digest_size=32).digest()
        raw = ALGORITHM + NO_KDF + CHECKSUM + bytes(32 + 8 + 8) + self.key_id + secret + checksum
        return f"{UNTRUSTED}{comment}\n{base64.b64encode(raw).decode('ascii')}\n"


def new_key_pair() -> SecretKey:
    """A new key with a random id, from the operating system's random numbers (through libsodium)."""
    signing = nacl.signing.SigningKey.generate()
    return SecretKey(os.urandom(KEY_ID_BYTES), bytes(signing))


def _decoded(line: str, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError(f"is not a {what}: its key line is not base64") from None
    if len(raw) != size:
        raise KeyFileError(f"is not a {what}: its key is {len(raw)} bytes, not {size}")
    return raw


def _key_line(text: str, what: str) -> str:
    """The base64 line of a key file: the one after the untrusted comment (or the only line, as
    `minisign -P` takes a public key)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0].startswith(UNTRUSTED):
        lines = lines[1:]
    if not lines:
        raise KeyFileError(f"is not a {what}: it holds no key")
    return lines[0]


def parse_public_key(text: str, source: str = "") -> PublicKey:
    raw = _decoded(_key_line(text, "minisign public key"), _PUBLIC_BYTES, "minisign public key")
    if raw[:2] != ALGORITHM:
        raise KeyFileError(f"is a key of an algorithm the kiosk does not know ({raw[:2]!r}; minisign's is 'Ed')")
    return PublicKey(raw[2:10], raw[10:], source)


def read_public_key(path_or_text: Path | str) -> PublicKey:
    """A minisign public key: from a file (a Path), or from its text (a str: the file's contents, or the
    base64 line alone, as `minisign -P` takes it). Raises KeyFileError (or OSError for a file) saying why."""
    if isinstance(path_or_text, Path):
        raw = files.read_bytes(path_or_text, MAX_KEY_FILE_BYTES)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise KeyFileError("is not a minisign public key: it is not text") from None
        return parse_public_key(text, str(path_or_text))
    return parse_public_key(path_or_text)


def read_secret_key(path: Path) -> SecretKey:
    """An unencrypted minisign secret key (from `kiosk pack keygen` or `minisign -G -W`). Raises
    KeyFileError (or OSError) saying why not."""
    try:
        text = files.read_bytes(path, MAX_KEY_FILE_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KeyFileError("is not a minisign secret key: it is not text") from None
    raw = _decoded(_key_line(text, "minisign secret key"), _SECRET_BYTES, "minisign secret key")
    if raw[:2] != ALGORITHM or raw[4:6] != CHECKSUM:
        raise KeyFileError("is not a minisign secret key the kiosk knows (algorithm or checksum kind)")
    if raw[2:4] == SCRYPT:
        raise KeyFileError(
            "is protected by a password, which the kiosk cannot type: make an unencrypted key with "
            "`kiosk pack keygen NAME` or `minisign -G -W`, or remove the password with `minisign -C -W`"
        )
    if raw[2:4] != NO_KDF:
        raise KeyFileError("is not a minisign secret key the kiosk knows (key derivation)")
    key_id, secret, checksum = raw[54:62], raw[62:126], raw[126:]
    expected = hashlib.blake2b(ALGORITHM + key_id + secret, digest_size=32).digest()
    if checksum not in (expected, bytes(32)):  # minisign -G -W leaves it zero
        raise KeyFileError("is damaged: its checksum does not match the key")
    seed = secret[:32]
    if bytes(nacl.signing.SigningKey(seed).verify_key) != secret[32:]:
        raise KeyFileError("is damaged: its public half does not match its secret half")
    return SecretKey(key_id, seed)


@dataclass(frozen=True)
class Signature:
    """A minisign signature file as read (not yet verified)."""

    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes
    untrusted_comment: str = ""

    @property
    def key_id_text(self) -> str:
        return key_id_text(self.key_id)


def _lines(raw: bytes) -> Iterator[str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SignatureError("the signature file is not text") from None
    yield from (line.rstrip("\r") for line in text.split("\n"))


def parse_signature(raw: bytes) -> Signature:
    """A .minisig file's four lines; raises SignatureError naming what is wrong."""
    if len(raw) > MAX_SIGNATURE_FILE_BYTES:
        raise SignatureError(f"the signature file is larger than {MAX_SIGNATURE_FILE_BYTES:,} bytes")
    lines = list(_lines(raw))
    if len(lines) < 4 or not lines[0].startswith(UNTRUSTED) or not lines[2].startswith(TRUSTED):
        raise SignatureError("the signature file is not in minisign's format (four lines: comments and signatures)")
    if any(line.strip() for line in lines[4:]):
        raise SignatureError("the signature file has lines after the signature")
    comment = lines[2][len(TRUSTED) :]
    if len(comment) > MAX_TRUSTED_COMMENT or not all(c == "\t" or c.isprintable() for c in comment):
        raise SignatureError("the signature's trusted comment is too long or holds characters that cannot be shown")
    try:
        first = base64.b64decode(lines[1].strip(), validate=True)
        second = base64.b64decode(lines[3].strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("the signature file is damaged (not base64)") from None
    if len(first) != _SIGNATURE_BYTES or len(second) != 64:
        raise SignatureError("the signature file is damaged (a signature of the wrong length)")
    if first[:2] == ALGORITHM:
        raise SignatureError("the signature is minisign's legacy kind (over the whole file); sign without -l")
    if first[:2] != PREHASHED:
        raise SignatureError(f"the signature is of an algorithm the kiosk does not know ({first[:2]!r})")
    return Signature(first[:2], first[2:10], first[10:], comment, second, lines[0][len(UNTRUSTED) :])


def prehash(message: bytes) -> bytes:
    return hashlib.blake2b(message, digest_size=64).digest()


def sign(message: bytes, key: SecretKey, trusted_comment: str, untrusted_comment: str = "signature from minisign secret key") -> bytes:
    """A .minisig file for `message`, as `minisign -S` writes it."""
    if "\n" in trusted_comment or "\r" in trusted_comment or len(trusted_comment) > MAX_TRUSTED_COMMENT:
        raise ValueError("a trusted comment is one line of at most 8,000 characters")
    signing = nacl.signing.SigningKey(key.seed)
    signature = signing.sign(prehash(message)).signature
    global_signature = signing.sign(signature + trusted_comment.encode("utf-8")).signature
    lines = [
        f"{UNTRUSTED}{untrusted_comment}",
        base64.b64encode(PREHASHED + key.key_id + signature).decode("ascii"),
        f"{TRUSTED}{trusted_comment}",
        base64.b64encode(global_signature).decode("ascii"),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _verifies(key: PublicKey, message: bytes, signature: bytes) -> bool:
    try:
        nacl.signing.VerifyKey(key.key).verify(message, signature)
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        return False
    return True


def signer(message: bytes, signature: Signature, keys: list[PublicKey]) -> PublicKey:
    """The trusted key that made `signature` over `message`; raises SignatureError saying why none did:
    `UnknownKeyError`, `CommentChangedError` (the signature file was altered) or `MessageChangedError`
    (the message was changed after it was signed)."""
    key = next((k for k in keys if k.key_id == signature.key_id), None)
    if key is None:
        trusted = ", ".join(k.id_text for k in keys) or "none"
        raise UnknownKeyError(f"signed by the key {signature.key_id_text}, which is not a trusted key (trusted: {trusted})")
    if not _verifies(key, signature.signature + signature.trusted_comment.encode("utf-8"), signature.global_signature):
        raise CommentChangedError(
            f"the signature does not verify with the key {key.id_text}: the signature file or its trusted comment was altered"
        )
    if not _verifies(key, prehash(message), signature.signature):
        raise MessageChangedError(
            f"the signed file was changed after it was signed (its signature by the key {key.id_text} does not match)"
        )
    return key


class UnknownKeyError(SignatureError):
    pass


class CommentChangedError(SignatureError):
    pass


class MessageChangedError(SignatureError):
    pass
