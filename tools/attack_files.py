"""Hostile files against the real commands: every attack of issue 21, each in a scratch home, judged from
outside the process. Prints, per family, how many attacks were tried, how many were answered with a named
problem (or handled as a user would expect), and how many escaped (a traceback, a hang, a crash, memory
blown, a kiosk that does not come up or does not quit, or state left half-switched). Exits 1 if any escaped.

    python tools/attack_files.py [--only SUBSTRING] [--jobs 2] [-v]

Runs as root for device nodes (mknod) and real full or read-only disks (tmpfs mounts); attacks that need
what the machine cannot give are counted as skipped, not passed."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.hostile import make_hostile  # noqa: E402 - the tests' hostile files, made the same way

BUNDLED = REPO / "assets" / "content"
MEMORY_CAP = 6 << 30  # address space: reading /dev/zero into memory must fail here, not eat the machine
KINDS = ("fifo", "dev-zero", "directory", "link-loop", "huge", "empty")
TIMEOUT_S = 60
READY_S = 60
QUIT_S = 20


class EscapedError(Exception):
    pass


class SkippedError(Exception):
    pass


@dataclass
class Run:
    code: int | None
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err


def _limit() -> None:
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def kiosk(home: Path, *args: str, timeout: float = TIMEOUT_S, stdin: str | None = None) -> Run:
    env = {**os.environ, "KIOSK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", *args],
        env=env,
        cwd=home,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit,
    )
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise EscapedError(f"hung: `kiosk {' '.join(args)}` still running after {timeout} s") from None
    run = Run(process.returncode, out, err, time.monotonic() - started)
    _no_escape(run, args)
    return run


def _no_escape(run: Run, args: tuple[str, ...] | list[str]) -> None:
    if "Traceback" in run.text or "MemoryError" in run.text:
        raise EscapedError(f"traceback from `kiosk {' '.join(args)}`: ...{run.text[-600:]}")
    if run.code is not None and run.code < 0:
        raise EscapedError(f"`kiosk {' '.join(args)}` died of signal {-run.code}")


def refused(run: Run, *words: str) -> None:
    """A refusal: exit non-zero and the words naming the problem."""
    if run.code == 0:
        raise EscapedError(f"exit 0 where a refusal was expected: {run.text[-400:]}")
    missing = [w for w in words if not any(alt.lower() in run.text.lower() for alt in w.split("|"))]
    if missing:
        raise EscapedError(f"the answer does not name {missing}: {run.text[-500:]}")


def serve(home: Path, *args: str, dwell_s: float = 2.0) -> str:
    """Start the kiosk as a service manager does, wait for READY, let it settle, SIGTERM it: it must quit
    with 0 in time, with no traceback anywhere. Returns its log."""
    env = {**os.environ, "KIOSK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    notify = home / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(notify))
    env["NOTIFY_SOCKET"] = str(notify)
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", *args],
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit,
    )
    try:
        deadline = time.monotonic() + READY_S
        ready = False
        while time.monotonic() < deadline and process.poll() is None and not ready:
            sock.settimeout(0.5)
            with contextlib.suppress(TimeoutError):
                ready = sock.recv(4096).startswith(b"READY=1")
        if not ready:
            raise EscapedError(f"no READY within {READY_S} s (exit {process.poll()})")
        time.sleep(dwell_s)  # the work after the first frame: session, staff screens, PIN, hours
        if process.poll() is not None:
            raise EscapedError(f"the kiosk ended by itself after READY (exit {process.returncode})")
        process.send_signal(signal.SIGTERM)
        try:
            out, err = process.communicate(timeout=QUIT_S)
        except subprocess.TimeoutExpired:
            raise EscapedError(f"SIGTERM ignored: still running {QUIT_S} s later") from None
        run = Run(process.returncode, out, err, 0)
        _no_escape(run, args)
        if run.code != 0:
            raise EscapedError(f"SIGTERM gave exit {run.code}: {run.text[-400:]}")
        logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (home / "logs").glob("*.log*"))
        if "Traceback" in logs:
            raise EscapedError(f"traceback in the logs: ...{logs[logs.index('Traceback') :][:600]}")
        return logs
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
        sock.close()


def logged(log: str, *words: str) -> None:
    missing = [w for w in words if w.lower() not in log.lower()]
    if missing:
        raise EscapedError(f"the log does not name {missing}: ...{log[-600:]}")


def content_copy(home: Path, name: str = "content") -> Path:
    target = home / name
    shutil.copytree(BUNDLED, target)
    return target


@dataclass(frozen=True)
class Replace:
    """Returned by an `edit` change: write this document instead (None is JSON's null)."""

    document: object


def edit(folder: Path, change: Callable[[dict], object]) -> None:
    """`change` edits the document in place, or returns a Replace."""
    path = folder / "content.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    replaced = change(data)
    document = replaced.document if isinstance(replaced, Replace) else data
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file and link under `folder`, to compare before and after."""
    state: dict[str, bytes | str] = {}
    if not folder.exists():
        return state
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            state[key] = f"-> {os.readlink(path)}"
        elif path.is_file():
            state[key] = path.read_bytes()
        elif path.is_dir():
            state[key] = "dir"
        else:
            state[key] = "special"
    return state


@contextlib.contextmanager
def mounted(folder: Path, *, size: str = "64m", read_only: bool = False) -> Iterator[Path]:
    """A real tmpfs at `folder` (its files kept), full at `size` or read-only. Root only."""
    if os.geteuid() != 0:
        raise SkippedError("needs root to mount a tmpfs")
    keep = tempfile.mkdtemp()
    if folder.exists():
        shutil.copytree(folder, keep, dirs_exist_ok=True, symlinks=True)
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True)
    if done.returncode:
        raise SkippedError(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        shutil.copytree(keep, folder, dirs_exist_ok=True, symlinks=True)
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        shutil.rmtree(keep, ignore_errors=True)


def fill(folder: Path) -> None:
    """Fill the disk `folder` is on to the last byte."""
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()


# --- the attacks -----------------------------------------------------------------------------------------

ATTACKS: list[tuple[str, str, Callable[[Path], None]]] = []


def attack(family: str, name: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(function: Callable[[Path], None]) -> Callable[[Path], None]:
        ATTACKS.append((family, name, function))
        return function

    return register


def _files_attacks() -> None:
    for kind in KINDS:

        @attack("not regular files", f"content.json as {kind}: check")
        def _(home: Path, kind: str = kind) -> None:
            folder = content_copy(home)
            make_hostile(folder / "content.json", kind)
            refused(kiosk(home, "check", "--content", str(folder)), "content.json")

        @attack("not regular files", f"locales/zh.json as {kind}: check")
        def _(home: Path, kind: str = kind) -> None:
            folder = content_copy(home)
            make_hostile(folder / "locales" / "zh.json", kind)
            refused(kiosk(home, "check", "--content", str(folder)), "zh.json")

        @attack("not regular files", f"content.json as {kind}: kiosk start falls back")
        def _(home: Path, kind: str = kind) -> None:
            folder = content_copy(home)
            make_hostile(folder / "content.json", kind)
            logged(serve(home, "--content", str(folder)), "content.json")

        @attack("not regular files", f"settings.json as {kind}: config")
        def _(home: Path, kind: str = kind) -> None:
            make_hostile(home / "config" / "settings.json", kind)
            refused(kiosk(home, "config", "idle_timeout_s", "90"), "settings.json")

        @attack("not regular files", f"settings.json as {kind}: kiosk start")
        def _(home: Path, kind: str = kind) -> None:
            make_hostile(home / "config" / "settings.json", kind)
            logged(serve(home), "settings.json")

        for name in ("staff-pin.json", "staff-pin-lockout.json", "opening_override.json"):

            @attack("not regular files", f"{name} as {kind}: kiosk start")
            def _(home: Path, kind: str = kind, name: str = name) -> None:
                make_hostile(home / "config" / name, kind)
                logged(serve(home), name)

        @attack("not regular files", f"insight.db as {kind}: export")
        def _(home: Path, kind: str = kind) -> None:
            make_hostile(home / "data" / "insight.db", kind)
            before = snapshot(home / "data")
            refused(kiosk(home, "export", "--out", str(home / "out")), "insight.db")
            if snapshot(home / "data") != before:
                raise EscapedError("export changed the data folder")

        @attack("not regular files", f"history.json as {kind}: install-content --previous")
        def _(home: Path, kind: str = kind) -> None:
            make_hostile(home / "data" / "installed-content" / "history.json", kind)
            run = kiosk(home, "install-content", "--previous")
            refused(run, "previous")

        @attack("not regular files", f"photo as {kind}: check")
        def _(home: Path, kind: str = kind) -> None:
            folder = content_copy(home)
            photo = next((folder / "photos").rglob("*.jpg"))
            make_hostile(photo, kind)
            refused(kiosk(home, "check", "--content", str(folder)), photo.name)

        @attack("usb stick", f"add-photos source as {kind}")
        def _(home: Path, kind: str = kind) -> None:
            folder = content_copy(home)
            source = home / "stick" / "new.jpg"
            make_hostile(source, kind)
            before = snapshot(folder)
            refused(kiosk(home, "add-photos", "--content", str(folder), _first_album(folder), str(source)), "new.jpg")
            if snapshot(folder) != before:
                raise EscapedError("add-photos changed the content folder though it refused")

    for kind, make in (("fifo", lambda p: os.mkfifo(p)), ("device node", _zero_device)):

        @attack("usb stick", f"an unreferenced {kind} on the stick: install-content")
        def _(home: Path, make: Callable[[Path], None] = make, kind: str = kind) -> None:
            stick = content_copy(home, "stick")
            make(stick / "zero.bin")
            run = kiosk(home, "install-content", str(stick))
            if run.code != 0:
                raise EscapedError(f"a good stick with a stray {kind} was refused: {run.text[-300:]}")
            copied = list((home / "data").rglob("zero.bin"))
            if copied:
                raise EscapedError(f"the stray file was copied: {copied}")

        @attack("usb stick", f"a referenced photo that is a {kind}: install-content")
        def _(home: Path, make: Callable[[Path], None] = make) -> None:
            stick = content_copy(home, "stick")
            photo = next((stick / "photos").rglob("*.jpg"))
            photo.unlink()
            make(photo)
            refused(kiosk(home, "install-content", str(stick)), photo.name)
            if (home / "config" / "settings.json").exists() and "stick" in (home / "config" / "settings.json").read_text():
                raise EscapedError("the content setting switched to the refused stick")


def _zero_device(path: Path) -> None:
    """`mknod zero.bin c 1 5`: /dev/zero under another name, as a hostile stick may hold."""
    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    except PermissionError:
        raise SkippedError("needs root to make a device node") from None


def _first_album(folder: Path) -> str:
    return str(json.loads((folder / "content.json").read_text(encoding="utf-8"))["albums"][0]["id"])


def _values_attacks() -> None:
    def content_case(name: str, change: Callable[[dict], object], *words: str) -> None:
        @attack("values", f"content: {name}: check")
        def _(home: Path) -> None:
            folder = content_copy(home)
            edit(folder, change)
            refused(kiosk(home, "check", "--content", str(folder)), *words)

        @attack("values", f"content: {name}: self-test")
        def _(home: Path) -> None:
            folder = content_copy(home)
            edit(folder, change)
            refused(kiosk(home, "--self-test", "--content", str(folder), timeout=180), *words)

    def log_chart(top: float) -> Callable[[dict], None]:
        def change(data: dict) -> None:
            for page in data["pillars"]:
                for chart in page.get("charts", []):
                    if chart.get("bars"):
                        chart["scale"] = "log"
                        ids = [b["indicator"] for b in chart["bars"]]
                        values = [top / (10**i) for i in range(len(ids))][::-1]
                        for p in data["pillars"] + [data["overview"]]:
                            for ind in p.get("indicators", []):
                                if ind["id"] in ids:
                                    ind["value"] = values[ids.index(ind["id"])]
                                    ind["unit"] = "percent" if ind["unit"] == "percent" else ind["unit"]
                        return

        return change

    content_case("the document is null", lambda data: Replace(None), "content.json")
    content_case("the document is a list", lambda data: Replace([]), "content.json")
    # Refused for its scale, or for a figure that would print as 0 (either names the figure or chart).
    content_case("log chart whose largest value is 0.1", log_chart(0.1), "scale|reads as 0")
    content_case("log chart of 0.001 and 0.0001", log_chart(0.001), "scale|reads as 0")
    content_case("a pillar with figures only, no sections", _no_sections, "pillars[0]")
    for label, name in (
        ("a NUL byte", "photos/a\0b.jpg"),
        ("a 300-byte name", "photos/" + "x" * 300 + ".jpg"),
        ("5,000 levels deep", "photos/" + "d/" * 5000 + "a.jpg"),
        ("a Windows reserved name", "photos/CON.jpg"),
    ):
        content_case(f"photo path with {label}", _photo_file(name), "file")

    @attack("values", "content: duplicate keys: check")
    def _(home: Path) -> None:
        folder = content_copy(home)
        path = folder / "content.json"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"schema_version"', '"schema_version": 1, "schema_version"', 1), encoding="utf-8")
        refused(kiosk(home, "check", "--content", str(folder)), "schema_version", "twice")

    @attack("values", "content: 3,000 combining marks: check")
    def _(home: Path) -> None:
        folder = content_copy(home)
        edit(folder, lambda data: data["pillars"][0]["title"].update(en="A" + "\u0301" * 3000))
        refused(kiosk(home, "check", "--content", str(folder)), "title")

    @attack("values", "settings: content path with a NUL: kiosk start")
    def _(home: Path) -> None:
        (home / "config").mkdir(parents=True)
        (home / "config" / "settings.json").write_text(json.dumps({"version": 1, "content": "/tmp/a\0b"}), encoding="utf-8")
        logged(serve(home), "content")

    for label, record in (
        ("n = 1", {"n": 1}),
        ("n = 3", {"n": 3}),
        ("n = -16", {"n": -16}),
        ("n = 2^40", {"n": 2**40}),
        ("r = 0", {"r": 0}),
        ("p = 2^20", {"p": 2**20}),
        ("n a string", {"n": "16384"}),
        ("salt not hex", {"salt": "zz"}),
    ):

        @attack("values", f"staff-pin.json with scrypt {label}: kiosk start")
        def _(home: Path, record: dict = record) -> None:
            kiosk(home, "set-pin", stdin="2468\n2468\n")
            pin = home / "config" / "staff-pin.json"
            data = json.loads(pin.read_text(encoding="utf-8"))
            _deep_update(data, record)
            pin.write_text(json.dumps(data), encoding="utf-8")
            logged(serve(home), "staff-pin.json")

    for label, text in (
        ("failures Infinity", '{"failures": Infinity, "until": 0}'),
        ("failures 1e400", '{"failures": 1e400, "until": 0}'),
        ("failures 10**300", '{"failures": 1' + "0" * 300 + ', "until": 0}'),
        ("until -1e300", '{"failures": 3, "until": -1e300}'),
        ("a list", "[1, 2]"),
    ):

        @attack("values", f"staff-pin-lockout.json with {label}: kiosk start")
        def _(home: Path, text: str = text) -> None:
            (home / "config").mkdir(parents=True)
            (home / "config" / "staff-pin-lockout.json").write_text(text, encoding="utf-8")
            logged(serve(home), "staff-pin-lockout.json")

    @attack("values", "export --days 1000000")
    def _(home: Path) -> None:
        refused(kiosk(home, "export", "--days", "1000000", "--out", str(home / "out")), "days")

    for key, value in (("languages", 5), ("albums", 7), ("albums", [{"id": 3}])):

        @attack("values", f"add-photos on content.json with {key} = {value!r}")
        def _(home: Path, key: str = key, value: object = value) -> None:
            folder = content_copy(home)
            album = _first_album(folder)
            edit(folder, lambda data: data.update({key: value}))
            photo = next((folder / "photos").rglob("*.jpg"))
            source = home / "new.jpg"
            shutil.copy(photo, source)
            refused(kiosk(home, "add-photos", "--content", str(folder), album, str(source)), key)


def _deep_update(data: dict, changes: dict) -> None:
    """Set a scrypt parameter wherever the record keeps it."""
    for key, value in changes.items():
        holder = data
        for candidate in (data, *(v for v in data.values() if isinstance(v, dict))):
            if key in candidate:
                holder = candidate
        holder[key] = value


def _no_sections(data: dict) -> None:
    pillar = data["pillars"][0]
    for key in list(pillar):
        if key not in ("id", "title", "subtitle", "intro", "indicators", "key_figures", "accent", "icon"):
            pillar.pop(key)


def _photo_file(name: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["albums"][0]["photos"][0]["file"] = name

    return change


def _two_installs(home: Path) -> None:
    """Two contents installed one after the other: --previous has one to go back to."""
    first, second = content_copy(home, "one"), content_copy(home, "two")
    edit(second, lambda data: data["pillars"][0]["title"].update(en="Second"))
    kiosk(home, "install-content", str(first))
    kiosk(home, "install-content", str(second))


def _half_way_attacks() -> None:
    @attack("half-way", "install-content with history.json replaced by a folder")
    def _(home: Path) -> None:
        stick = content_copy(home, "stick")
        (home / "data" / "installed-content" / "history.json").mkdir(parents=True)
        settings_before = snapshot(home / "config")
        run = kiosk(home, "install-content", str(stick))
        refused(run, "history.json")
        if snapshot(home / "config") != settings_before:
            raise EscapedError("the content setting switched though the install failed")

    @attack("half-way", "install-content onto a full data disk")
    def _(home: Path) -> None:
        stick = content_copy(home, "stick")
        with mounted(home / "data", size="4m") as data:
            settings_before = snapshot(home / "config")
            run = kiosk(home, "install-content", str(stick))
            refused(run, "disk")
            if snapshot(home / "config") != settings_before:
                raise EscapedError("the content setting switched though the install failed")
            if any(p.name.endswith(".partial") for p in data.rglob("*")):
                raise EscapedError("a .partial folder was left behind")

    @attack("half-way", "install-content whose history write hits a full disk")
    def _(home: Path) -> None:
        stick = content_copy(home, "stick")
        size = sum(p.stat().st_size for p in stick.rglob("*") if p.is_file())
        with mounted(home / "data", size=str(size + (256 << 10))) as data:
            settings_before = snapshot(home / "config")
            run = kiosk(home, "install-content", str(stick))
            if run.code == 0:
                if "history" in run.text.lower():
                    return
                hist = data / "installed-content" / "history.json"
                if not hist.is_file():
                    raise EscapedError("installed, but history.json was not written")
                return
            refused(run)
            if snapshot(home / "config") != settings_before:
                raise EscapedError("the content setting switched though the install failed")

    @attack("half-way", "install-content --previous on a read-only data folder")
    def _(home: Path) -> None:
        _two_installs(home)
        settings_before = snapshot(home / "config")
        with mounted(home / "data", read_only=True):
            run = kiosk(home, "install-content", "--previous")
            if run.code == 0:
                return  # going back only changes the setting: the data folder need not be written
            refused(run, "read-only")
            if snapshot(home / "config") != settings_before:
                raise EscapedError("the content setting switched though going back failed")

    @attack("half-way", "install-content --previous on a read-only config folder")
    def _(home: Path) -> None:
        _two_installs(home)
        data_before = snapshot(home / "data")
        with mounted(home / "config", read_only=True):
            refused(kiosk(home, "install-content", "--previous"), "read-only")
        if snapshot(home / "data") != data_before:
            raise EscapedError("the history changed though the setting could not")

    for label, make in (
        ("a truncated JPEG", lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 3])),
        ("a text file named .jpg", lambda p: p.write_text("not a photo", encoding="utf-8")),
    ):

        @attack("half-way", f"a stick with {label}: install-content")
        def _(home: Path, make: Callable[[Path], None] = make) -> None:
            stick = content_copy(home, "stick")
            photo = next((stick / "photos").rglob("*.jpg"))
            make(photo)
            refused(kiosk(home, "install-content", str(stick)), photo.name)

    @attack("half-way", "a stick whose content.json is a link (inside the stick)")
    def _(home: Path) -> None:
        stick = content_copy(home, "stick")
        (stick / "content.json").rename(stick / "real.json")
        (stick / "content.json").symlink_to("real.json")
        run = kiosk(home, "install-content", str(stick))
        if run.code != 0 and "pulled out" in run.text:
            raise EscapedError("validated, then the copy blamed the stick")
        if run.code != 0:
            refused(run, "content.json")

    @attack("half-way", "add-photos into a read-only content folder")
    def _(home: Path) -> None:
        folder = content_copy(home)
        photo = next((folder / "photos").rglob("*.jpg"))
        source = home / "new.jpg"
        shutil.copy(photo, source)
        with mounted(folder, read_only=True):
            before = snapshot(folder)
            refused(kiosk(home, "add-photos", "--content", str(folder), _first_album(folder), str(source)), "read-only")
            if snapshot(folder) != before:
                raise EscapedError("changed")

    @attack("half-way", "add-photos onto a full content disk")
    def _(home: Path) -> None:
        folder = content_copy(home)
        photo = next((folder / "photos").rglob("*.jpg"))
        source = home / "new.jpg"
        shutil.copy(photo, source)
        with mounted(folder, size="64m"):
            fill(folder)  # full, with content.json and every photo intact
            before = snapshot(folder)
            refused(kiosk(home, "add-photos", "--content", str(folder), _first_album(folder), str(source)), "full")
            after = snapshot(folder)
            if after != before:
                raise EscapedError(f"changed: {sorted(set(after) ^ set(before))[:5]}")

    for kind in ("dev-zero", "directory", "fifo"):

        @attack("half-way", f"config over a settings.json that is a {kind}")
        def _(home: Path, kind: str = kind) -> None:
            settings = home / "config" / "settings.json"
            make_hostile(settings, kind)
            refused(kiosk(home, "config", "idle_timeout_s", "90"), "settings.json")
            if not (settings.is_symlink() or settings.is_dir() or settings.exists()):
                raise EscapedError("the settings file was replaced")
            if settings.is_file() and not settings.is_symlink() and kind != "fifo":
                raise EscapedError("the settings file was replaced")

    @attack("half-way", "config over a garbage settings.json")
    def _(home: Path) -> None:
        settings = home / "config" / "settings.json"
        settings.parent.mkdir(parents=True)
        settings.write_bytes(b'{"version": 1, "idle_timeout_s": 45, oops')
        refused(kiosk(home, "config", "language", "en"), "settings.json")
        if settings.read_bytes() != b'{"version": 1, "idle_timeout_s": 45, oops':
            raise EscapedError("a settings file it could not read was replaced")

    for label, data in (("garbage", b"this is not a database" * 100), ("a newer schema", None)):

        @attack("half-way", f"export with a {label} insight.db")
        def _(home: Path, data: bytes | None = data) -> None:
            database = home / "data" / "insight.db"
            database.parent.mkdir(parents=True)
            if data is None:
                import sqlite3

                connection = sqlite3.connect(database)
                connection.execute("PRAGMA user_version = 999")
                connection.execute("CREATE TABLE t (x)")
                connection.commit()
                connection.close()
            else:
                database.write_bytes(data)
            before = snapshot(home / "data")
            run = kiosk(home, "export", "--out", str(home / "out"))
            refused(run, "insight.db")
            if snapshot(home / "data") != before:
                raise EscapedError("a reader moved or changed the database")


_files_attacks()
_values_attacks()
_half_way_attacks()


def run_one(family: str, name: str, function: Callable[[Path], None]) -> tuple[str, str, str, str]:
    home = Path(tempfile.mkdtemp(prefix="attack-"))
    try:
        function(home)
        return family, name, "named", ""
    except EscapedError as exc:
        return family, name, "escaped", str(exc)
    except SkippedError as exc:
        return family, name, "skipped", str(exc)
    except Exception as exc:  # a broken attack is reported, not hidden
        return family, name, "escaped", f"the attack itself failed: {type(exc).__name__}: {exc}"
    finally:
        subprocess.run(["umount", "-R", "-l", str(home)], capture_output=True, check=False)
        for path in home.rglob("*"):
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    path.chmod(0o755)
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the attacks whose family or name contains this")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    chosen = [a for a in ATTACKS if args.only.lower() in f"{a[0]}: {a[1]}".lower()]
    if args.list:
        for family, name, _ in chosen:
            print(f"{family}: {name}")
        return 0
    started = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda a: run_one(*a), chosen))
    families: dict[str, dict[str, int]] = {}
    for family, name, outcome, why in results:
        families.setdefault(family, {"tried": 0, "named": 0, "escaped": 0, "skipped": 0})
        families[family]["tried"] += 1
        families[family][outcome] += 1
        if outcome != "named" or args.verbose:
            print(f"{outcome.upper():8} {family}: {name}{': ' + why if why else ''}")
    print(f"\n{'family':20} tried named escaped skipped")
    for family, counts in families.items():
        print(f"{family:20} {counts['tried']:5} {counts['named']:5} {counts['escaped']:7} {counts['skipped']:7}")
    total = {k: sum(c[k] for c in families.values()) for k in ("tried", "named", "escaped", "skipped")}
    print(f"{'all':20} {total['tried']:5} {total['named']:5} {total['escaped']:7} {total['skipped']:7}")
    print(f"in {time.monotonic() - started:.0f} s")
    return 1 if total["escaped"] else 0


if __name__ == "__main__":
    sys.exit(main())
