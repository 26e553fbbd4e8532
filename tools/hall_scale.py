"""A hall on one machine (issue 25): N kiosk data folders (KIOSK_HOMEs) fed from one inbox by the pack path.
One pack is published into the inbox as Syncthing does it (a temporary name, then a rename), with a
tampered copy beside it; each kiosk runs the real `kiosk inbox --once` (the running kiosk's own scan,
verify and install: kiosk/core/hall/inbox.py), a few at a time, then once more. Every kiosk must install
the good pack exactly once and refuse the tampered copy, and each home's installed pack must be the new
one. Prints the time from the publish to the last kiosk installed (a figure: it depends on the machine
and its load; never judged).

    .venv/bin/python tools/hall_scale.py --kiosks 20 --parallel 4

The keys and the pack are made by the real `kiosk pack keygen` and `kiosk pack build`. Exit status 1 when
any kiosk did not install the pack once, installed the tampered copy, or had a wrong installed pack."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACK_ID = "hall-content"
VERSION = 2
TIMEOUT_S = 300.0  # one kiosk's run: far beyond any machine; a run over it is a failure, not a hang


@dataclass
class Kiosk:
    home: Path
    runs: list[tuple[int, str]] = field(default_factory=list)  # exit status, output, per run
    installed_at: float = 0.0  # seconds after the publish its first run ended (with the pack in)

    @property
    def copies(self) -> list[Path]:
        installed = self.home / "data" / "installed-content"
        return sorted(p for p in installed.glob("content-*") if p.is_dir()) if installed.is_dir() else []

    def record(self) -> dict[str, object]:
        path = self.home / "data" / "installed-pack.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def metrics(self) -> dict[str, float]:
        """This kiosk's metrics file as Prometheus reads it: each sample as `name{labels}` (kiosk left
        out), with its value; empty when there is none."""
        from prometheus_client.parser import text_string_to_metric_families

        path = self.home / "metrics" / "lna_kiosk.prom"
        if not path.is_file():
            return {}
        samples = {}
        for family in text_string_to_metric_families(path.read_text(encoding="utf-8")):
            for sample in family.samples:
                labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()) if k != "kiosk")
                samples[f"{sample.name}{{{labels}}}"] = sample.value
        return samples

    def problems(self) -> list[str]:
        """What is wrong with this kiosk after the runs (empty: installed once, tampered copy refused, its
        metrics file naming the pack)."""
        said = []
        shown = f'lna_kiosk_content_info{{content="{PACK_ID}",source="pack"}}'
        if self.metrics().get(shown) != 1.0:
            said.append(f"its metrics do not report pack {PACK_ID} shown: {sorted(k for k in self.metrics() if 'content' in k)}")
        record = self.record()
        if (record.get("pack_id"), record.get("version"), record.get("file")) != (PACK_ID, VERSION, "hall.lnapack"):
            said.append(f"installed pack is {record or 'none'}")
        if len(self.copies) != 1:
            said.append(f"{len(self.copies)} installed copies, not 1")
        first, *later = [output for _, output in self.runs]
        if first.count("installed ") != 1 or "tampered.lnapack" not in first:
            said.append("the first run did not install the pack once and refuse the tampered copy")
        if any("installed " in output and "nothing new" not in output for output in later):
            said.append("a later run installed again")
        return said


@dataclass
class Hall:
    kiosks: list[Kiosk]
    publish_to_all_s: float
    seconds: list[float]

    @property
    def ok(self) -> bool:
        return not any(kiosk.problems() for kiosk in self.kiosks)

    def lines(self) -> list[str]:
        done = sum(1 for kiosk in self.kiosks if not kiosk.problems())
        said = [
            f"hall: {len(self.kiosks)} kiosks fed from one inbox: {done} installed the pack once, refused the tampered copy"
            " and report the pack in their metrics file",
            f"publish to all installed: {self.publish_to_all_s:.1f} s"
            f" (each kiosk's run: median {statistics.median(self.seconds):.1f} s, longest {max(self.seconds):.1f} s)",
        ]
        for kiosk in self.kiosks:
            said += [f"  {kiosk.home.name}: {problem}" for problem in kiosk.problems()]
        return said


def kiosk_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", *args]


def _run(command: list[str], *, home: Path | None = None, cwd: Path | None = None) -> tuple[int, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    if home is not None:
        env["KIOSK_HOME"] = str(home)
    done = subprocess.run(command, cwd=cwd or REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    return done.returncode, done.stdout + done.stderr


def make_pack(work: Path) -> tuple[Path, Path]:
    """(the keys folder, the pack) made by the real commands: a key pair, then a pack of the bundled content."""
    keys = work / "keys"
    keys.mkdir()
    code, output = _run(kiosk_command("pack", "keygen", "hall"), cwd=work)
    if code != 0:
        raise SystemExit(f"kiosk pack keygen failed: {output}")
    shutil.move(work / "hall.pub", keys / "hall.pub")
    content = work / "content"
    shutil.copytree(REPO / "assets" / "content", content)
    pack = work / "hall.lnapack"
    build = ("pack", "build", str(content), "--key", str(work / "hall.key"), "--out", str(pack), "--id", PACK_ID, "--version", str(VERSION))
    code, output = _run(kiosk_command(*build), home=work / "builder")
    if code != 0:
        raise SystemExit(f"kiosk pack build failed: {output}")
    return keys, pack


def tampered(pack: Path, out: Path) -> Path:
    """The pack with content.json changed after it was signed (same size: only the hash tells)."""
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content/content.json":
                data = data.replace(b"Lanzhou New Area", b"Lanzhou Old Area", 1)
            copy.writestr(info, data)
    return out


def publish(pack: Path, inbox: Path, name: str) -> None:
    """As Syncthing writes a file into a folder: a temporary name, then a rename."""
    temporary = inbox / f".syncthing.{name}.tmp"
    shutil.copyfile(pack, temporary)
    os.replace(temporary, inbox / name)


def homes(work: Path, count: int, inbox: Path, keys: Path) -> list[Kiosk]:
    from kiosk.core.paths import AppPaths
    from kiosk.core.settings import Settings

    kiosks = []
    for n in range(1, count + 1):
        home = work / f"kiosk-{n:02d}"
        (home / "metrics").mkdir(parents=True)  # the exporter's textfile folder: there before the kiosk writes
        settings = Settings(
            AppPaths.under(home).config,
            {"content_inbox": str(inbox), "content_keys": str(keys), "kiosk_id": f"kiosk-{n:02d}", "metrics_dir": str(home / "metrics")},
        )
        settings.save()
        kiosks.append(Kiosk(home))
    return kiosks


def run(work: Path, count: int = 20, parallel: int = 4, settle_s: float = 1.0, progress: bool = False, again: int | None = None) -> Hall:
    """The hall in `work` (see the module's doc); `again`: how many kiosks (spread over the hall) run a
    second time, all by default."""
    inbox = work / "inbox"
    inbox.mkdir()
    keys, pack = make_pack(work)
    bad = tampered(pack, work / "tampered.lnapack")
    kiosks = homes(work, count, inbox, keys)
    once = ("inbox", "--once", "--settle", str(settle_s), "--wait", "60")
    seconds: list[float] = []

    def one(kiosk: Kiosk) -> None:
        started = time.perf_counter()
        kiosk.runs.append(_run(kiosk_command(*once), home=kiosk.home))
        kiosk.installed_at = time.perf_counter() - published
        seconds.append(time.perf_counter() - started)
        if progress:
            print(f"  {kiosk.home.name}: {kiosk.installed_at:.1f} s after the publish", flush=True)

    publish(bad, inbox, "tampered.lnapack")
    publish(pack, inbox, "hall.lnapack")
    published = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, kiosks))
    publish_to_all = max(kiosk.installed_at for kiosk in kiosks)
    step = max(1, len(kiosks) // again) if again else 1
    with ThreadPoolExecutor(parallel) as pool:  # once more: nothing new, nothing installed again
        list(pool.map(lambda kiosk: kiosk.runs.append(_run(kiosk_command(*once), home=kiosk.home)), kiosks[::step]))
    return Hall(kiosks, publish_to_all, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiosks", type=int, default=20, help="kiosk data folders (default 20)")
    parser.add_argument("--parallel", type=int, default=4, help="kiosks run at once (default 4)")
    parser.add_argument("--settle", type=float, default=1.0, help="seconds a pack must stay unchanged (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the hall's folders (printed)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="hall-scale-"))
    try:
        hall = run(work, args.kiosks, args.parallel, args.settle, progress=True)
        print("\n".join(hall.lines()))
        return 0 if hall.ok else 1
    finally:
        if args.keep:
            print(f"the hall's folders: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
