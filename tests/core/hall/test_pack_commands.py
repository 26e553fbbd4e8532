"""`kiosk pack keygen | build | verify | sign` as staff and integrators type them, with the real
`minisign` program (Debian package minisign; those tests skip without it) on both sides."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.hall import pack_commands

MINISIGN = shutil.which("minisign")
needs_minisign = pytest.mark.skipif(MINISIGN is None, reason="needs the minisign program (Debian package minisign)")


def minisign(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert MINISIGN is not None
    return subprocess.run([MINISIGN, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL)


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "keys"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert main(["pack", "keygen", "hall"]) == 0
    return folder


def test_keygen_writes_a_secret_only_its_owner_can_read_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    before = os.umask(0)  # the mode is the one asked for at creation, not what a umask leaves
    try:
        assert main(["pack", "keygen", "hall"]) == 0
    finally:
        os.umask(before)
    out = capsys.readouterr().out
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "hall.key").stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "hall.pub").stat().st_mode) == 0o644
    assert "keep it secret" in out and "content_keys" in out
    secret = (tmp_path / "hall.key").read_bytes()
    assert main(["pack", "keygen", "hall"]) == 1
    assert "exists already; nothing written" in capsys.readouterr().err
    assert (tmp_path / "hall.key").read_bytes() == secret
    (tmp_path / "hall.key").unlink()
    assert main(["pack", "keygen", "hall"]) == 1  # the .pub alone is enough to refuse
    assert not (tmp_path / "hall.key").exists()
    assert main(["pack", "keygen", "../elsewhere"]) == 2


def test_keygen_on_windows_says_what_the_mode_does_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pack_commands.keygen("hall", tmp_path, platform="win32") == 0
    assert "on Windows a file's mode says nothing about who may read it" in capsys.readouterr().out
    assert pack_commands.keygen("other", tmp_path, platform="linux") == 0
    assert "Windows" not in capsys.readouterr().out


def test_build_then_verify(keys: Path, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "hall.pack"
    assert main(["pack", "build", str(content_copy), "--key", str(keys / "hall.key"), "--out", str(pack), "--version", "7"]) == 0
    assert "pack content version 7" in capsys.readouterr().out
    assert main(["pack", "verify", str(pack), "--pub", str(keys / "hall.pub")]) == 0
    out = capsys.readouterr().out
    key_id = (keys / "hall.pub").read_text().splitlines()[0].split()[-1]
    assert f"id: content\nversion: 7\nkey id: {key_id}\nfiles: 16" in out
    assert main(["pack", "build", str(content_copy), "--key", str(keys / "hall.key"), "--out", str(pack)]) == 1  # never over a pack
    assert "exists already" in capsys.readouterr().err


def test_verify_refuses_with_the_reason_and_exit_status_1(
    keys: Path, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "hall.pack"
    assert main(["pack", "build", str(content_copy), "--key", str(keys / "hall.key"), "--out", str(pack), "--id", "hall"]) == 0
    assert main(["pack", "keygen", "stranger"]) == 0
    capsys.readouterr()
    assert main(["pack", "verify", str(pack), "--pub", str(keys / "stranger.pub")]) == 1
    assert "is refused: it is signed by the key" in capsys.readouterr().err
    pack.write_bytes(pack.read_bytes()[:-100])
    assert main(["pack", "verify", str(pack), "--pub", str(keys / "hall.pub")]) == 1
    assert "cut short" in capsys.readouterr().err


def test_verify_takes_the_content_keys_folder_when_no_key_is_given(
    keys: Path, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "hall.pack"
    assert main(["pack", "build", str(content_copy), "--key", str(keys / "hall.key"), "--out", str(pack)]) == 0
    assert main(["pack", "verify", str(pack)]) == 2
    assert "give --pub NAME.pub, or set content_keys" in capsys.readouterr().err
    trusted = tmp_path / "trusted"
    trusted.mkdir()
    shutil.copy(keys / "hall.pub", trusted)
    (trusted / "broken.pub").write_text("nonsense")
    assert main(["config", "content_keys", str(trusted)]) == 0
    assert main(["pack", "verify", str(pack)]) == 0
    captured = capsys.readouterr()
    assert "verified: pack content" in captured.out
    assert "broken.pub" in captured.err


def test_build_refuses_a_folder_that_does_not_check_out_with_its_reasons(
    keys: Path, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    raw["languages"] = "every one"
    (content_copy / "content.json").write_text(json.dumps(raw), encoding="utf-8")
    pack = tmp_path / "hall.pack"
    assert main(["pack", "build", str(content_copy), "--key", str(keys / "hall.key"), "--out", str(pack)]) == 1
    captured = capsys.readouterr()
    assert "languages" in captured.out and "problem(s)" in captured.out
    assert "no pack written" in captured.err
    assert not pack.exists()
    assert main(["pack", "build", str(tmp_path / "nothing"), "--key", str(keys / "hall.key"), "--out", str(pack)]) == 1
    assert main(["pack", "build", str(content_copy), "--out", str(pack)]) == 2  # neither --key nor --unsigned
    assert "give --key NAME.key" in capsys.readouterr().err


@needs_minisign
def test_minisign_verifies_a_pack_the_kiosk_signed(keys: Path, content_copy: Path, tmp_path: Path) -> None:
    pack = tmp_path / "hall.pack"
    assert main(["pack", "build", str(content_copy), "--key", str(keys / "hall.key"), "--out", str(pack), "--version", "9"]) == 0
    with zipfile.ZipFile(pack) as archive:
        archive.extract("manifest.json", tmp_path)
        archive.extract("manifest.json.minisig", tmp_path)
    checked = minisign("-V", "-p", str(keys / "hall.pub"), "-m", "manifest.json", "-x", "manifest.json.minisig", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "Trusted comment: pack:content version:9" in checked.stdout


@needs_minisign
def test_a_key_made_by_minisign_builds_a_pack_the_kiosk_verifies(content_copy: Path, tmp_path: Path) -> None:
    made = minisign("-G", "-W", "-p", "m.pub", "-s", "m.key", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    pack = tmp_path / "hall.pack"
    assert main(["pack", "build", str(content_copy), "--key", str(tmp_path / "m.key"), "--out", str(pack)]) == 0
    assert main(["pack", "verify", str(pack), "--pub", str(tmp_path / "m.pub")]) == 0


@needs_minisign
@pytest.mark.parametrize("maker", ["minisign -G -W", "kiosk pack keygen"])
def test_an_integrator_signs_with_minisign(maker: str, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's flow: build unsigned, sign the manifest written beside it with minisign -S, put the
    signature in with kiosk pack sign; the pack then verifies."""
    if maker == "kiosk pack keygen":
        assert pack_commands.keygen("integrator", tmp_path) == 0
    else:
        assert minisign("-G", "-W", "-p", "integrator.pub", "-s", "integrator.key", cwd=tmp_path).returncode == 0
    pack = tmp_path / "hall.pack"
    capsys.readouterr()
    assert main(["pack", "build", str(content_copy), "--unsigned", "--out", str(pack), "--id", "hall", "--version", "12"]) == 0
    told = capsys.readouterr().out
    assert "UNSIGNED" in told
    assert f"minisign -S -s YOUR.key -m {pack}.manifest.json -t 'pack:hall version:12'" in told
    assert main(["pack", "verify", str(pack), "--pub", str(tmp_path / "integrator.pub")]) == 1
    assert "is unsigned" in capsys.readouterr().err
    signed = minisign("-S", "-s", "integrator.key", "-m", f"{pack}.manifest.json", "-t", "pack:hall version:12", cwd=tmp_path)
    assert signed.returncode == 0, signed.stderr
    sig = f"{pack}.manifest.json.minisig"
    assert main(["pack", "sign", str(pack), "--minisig", sig, "--pub", str(tmp_path / "integrator.pub")]) == 0
    assert "signed and verified: pack hall version 12" in capsys.readouterr().out
    assert main(["pack", "verify", str(pack), "--pub", str(tmp_path / "integrator.pub")]) == 0
    assert main(["pack", "sign", str(pack), "--minisig", sig, "--pub", str(tmp_path / "integrator.pub")]) == 1  # once
    assert "is signed already" in capsys.readouterr().err


@needs_minisign
def test_sign_refuses_a_signature_of_something_else_and_leaves_the_pack(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pack_commands.keygen("integrator", tmp_path) == 0
    pack = tmp_path / "hall.pack"
    assert main(["pack", "build", str(content_copy), "--unsigned", "--out", str(pack), "--id", "hall", "--version", "12"]) == 0
    (tmp_path / "other.txt").write_text("something else")
    assert minisign("-S", "-s", "integrator.key", "-m", "other.txt", "-t", "pack:hall version:12", cwd=tmp_path).returncode == 0
    before = pack.read_bytes()
    assert (
        main(["pack", "sign", str(pack), "--minisig", str(tmp_path / "other.txt.minisig"), "--pub", str(tmp_path / "integrator.pub")]) == 1
    )
    assert "changed after it was signed" in capsys.readouterr().err
    assert pack.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
