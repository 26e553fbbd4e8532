"""Real content packs for the inbox's tests: real minisign keys (kiosk/core/hall/minisign.py), packs built by
the packs API from a copy of the bundled content with one text changed (so the screen shows which pack is
in), and the ways a pack goes wrong on its way to a hall (tampered, truncated, unsigned, signed by a key
the kiosk does not trust), published into an inbox as a sync tool does it: a temporary name, then a rename."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from kiosk import resources
from kiosk.core.content.install import examine
from kiosk.core.hall import minisign
from kiosk.core.hall.packs import build_pack

TAGLINE = "Out in front for a strong capital"  # the bundled overview's English tagline


def key_pair(keys: Path, name: str = "hall") -> minisign.SecretKey:
    """A new key pair whose public half is trusted in the folder `keys` (made if missing)."""
    key = minisign.new_key_pair()
    keys.mkdir(parents=True, exist_ok=True)
    (keys / f"{name}.pub").write_text(key.public.file_text(), encoding="utf-8")
    return key


def content_saying(folder: Path, tagline: str) -> Path:
    """A copy of the bundled content at `folder` whose overview's English tagline is `tagline`."""
    shutil.copytree(resources.bundled_content_dir(), folder)
    path = folder / "content.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["overview"]["tagline"]["en"] = tagline
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def make_pack(content: Path, out: Path, key: minisign.SecretKey | None, *, version: int, pack_id: str = "hall-content") -> Path:
    """A pack of `content` (the files its content.json names), signed with `key` (None: unsigned)."""
    names = [name for name, _ in examine(content).files]
    build_pack(content, names, out, pack_id=pack_id, version=version, created=datetime(2026, 12, 5, 6, 0, tzinfo=UTC), key=key)
    return out


def tampered(pack: Path, out: Path) -> Path:
    """The pack with content.json changed after it was signed (the manifest and signature as they were)."""
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content/content.json":
                data = data.replace(b"Lanzhou New Area", b"Lanzhou Old Area", 1)  # the same size: only the hash tells
            copy.writestr(info, data)
    return out


def truncated(pack: Path, out: Path) -> Path:
    """The first two thirds of the pack: a copy that stopped."""
    data = pack.read_bytes()
    out.write_bytes(data[: len(data) * 2 // 3])
    return out


def publish(pack: Path, inbox: Path, name: str | None = None) -> Path:
    """Into `inbox` as Syncthing does it: written under a temporary name, then renamed."""
    inbox.mkdir(parents=True, exist_ok=True)
    final = inbox / (name or pack.name)
    temporary = inbox / f".syncthing.{final.name}.tmp"
    shutil.copyfile(pack, temporary)
    os.replace(temporary, final)
    return final
