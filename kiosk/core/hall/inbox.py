"""The content inbox: signed content packs (kiosk/core/hall/packs.py) that arrive in a folder kept in step by a
network share, Syncthing, rsync or robocopy (or a USB stick), checked and installed through the one install
path with its rollback (kiosk/core/content/install.py). Qt-free: the running kiosk (kiosk/ui/content_inbox.py,
which chooses when: never during a visit) and `kiosk inbox --once` run this same code.

A scan (`Inbox.scan`):

1. lists the inbox's pack files. Names that start with a dot or a tilde, or do not end in a pack suffix, are
   a sync tool's temporary files (Syncthing `.syncthing.NAME.tmp` and `~syncthing~NAME.tmp`, rsync
   `.NAME.XXXXXX`, our own `.NAME.XXXX.partial`): a pack on its way, never read. robocopy writes under the
   final name and dates the file 1980-01-01 until it is complete: such a file waits too.
2. takes a file only once its size and modification time are unchanged across two scans at least
   `settle_s` apart: a file still being written (half-synced) waits; that is not a refusal.
3. tries each file once per (path, size, modification time): verified with the trusted keys (signature,
   manifest, every file's hash; nothing of it is used before), refused when it is not newer than the
   installed pack (a replay), unpacked into a staging folder and checked as `kiosk check` checks content.
   A refusal is kept with its reason and the file is not tried again until it changes.
4. of the packs that pass, the newest is `prepared`; `Inbox.install` copies it in through
   Installer.install_loaded (every photo decoded on the copy; the setting and the history written
   together) and records the pack's id and version in the data folder (RECORD_FILE).

PackInstaller is the kiosk's one installer: the inbox and the staff panel's content from USB share it, so
only one install runs at a time, and a pack on a stick is judged as one in the inbox (StickPacks)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core import files
from kiosk.core.content.install import (
    COPYING,
    Candidate,
    Installer,
    InstallError,
    Progress,
    examine,
)
from kiosk.core.content.loader import LoadResult
from kiosk.core.content.problems import Problem

if TYPE_CHECKING:
    from kiosk.core.content.glyphs import MissingCharacters
    from kiosk.core.hall.packs import VerifiedPack
    from kiosk.core.settings import Settings

PACK_SUFFIXES = (".lnapack", ".pack")  # a pack file's name: `kiosk pack build DIR --key K --out NAME.lnapack` (or NAME.pack)
RECORD_FILE = "installed-pack.json"  # in the data folder: the last pack installed, against replays
RECORD_MAX_BYTES = 64 * 1024
STAGING = "pack-staging"  # in the data folder: a pack unpacked and checked, waiting to be installed
SETTLE_S = 5.0  # a pack's size and time must stay the same this long (two scans apart) before it is read
ROBOCOPY_MARK = 315_705_600  # 1980-01-03 00:00 UTC: robocopy dates a copy it has not finished 1980-01-01
# Refusal kinds beside those of kiosk/core/hall/packs.py (PackRefused.kind): for the log and the metrics.
REPLAY = "replay"
INVALID_CONTENT = "invalid-content"
INSTALL_FAILED = "install-failed"


def _go_on() -> None:
    """A `check` that never stops the work."""


def is_pack_name(name: str) -> bool:
    """A pack's file name: a pack suffix, and not a sync tool's temporary name (those start with . or ~)."""
    return not name.startswith((".", "~")) and name.lower().endswith(PACK_SUFFIXES)


def temporary_of(name: str) -> str:
    """Which tool is writing a file of this name into the folder ("" for none we know of)."""
    lower = name.lower()
    if lower.startswith(".syncthing.") or lower.startswith("~syncthing~"):
        return "Syncthing"
    if lower.startswith(".") and any(suffix in lower for suffix in PACK_SUFFIXES):
        return "rsync" if not lower.endswith((".partial", ".tmp")) else "a copy"
    return ""


@dataclass(frozen=True)
class PackRecord:
    """The last pack installed: a pack whose version is not newer is refused (a replay)."""

    pack_id: str
    version: int
    key_id: str = ""
    file: str = ""  # the pack file's name, as it arrived
    installed_at: str = ""  # local time, ISO
    folder: str = ""  # the content folder it was installed as (what the metrics call the pack while it is shown)


def read_record(data: Path) -> tuple[PackRecord | None, str]:
    """The record in the data folder (None when no pack was ever installed), and a problem in words when it
    cannot be used (then None: the next pack is judged as the first)."""
    path = data / RECORD_FILE
    try:
        raw = files.read_json(path, RECORD_MAX_BYTES)
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        return None, f"{path}: {files.describe(exc)}"
    if not isinstance(raw, dict):
        return None, f"{path}: not a pack record"
    pack_id, version = raw.get("pack_id"), raw.get("version")
    if not isinstance(pack_id, str) or not isinstance(version, int) or isinstance(version, bool):
        return None, f"{path}: not a pack record (pack_id and version missing)"
    texts = {key: raw.get(key) for key in ("key_id", "file", "installed_at", "folder")}
    return PackRecord(pack_id, version, **{key: value for key, value in texts.items() if isinstance(value, str)}), ""


def write_record(data: Path, record: PackRecord) -> None:
    """Atomically (kiosk/core/files.py); raises OSError, the old record then stays."""
    files.write_atomic(data / RECORD_FILE, json.dumps(asdict(record), ensure_ascii=False, indent=1) + "\n")


class PackInstaller(Installer):
    """The kiosk's installer (kiosk/core/content/install.py), shared by the inbox and the staff panel's content
    from USB: one install (or step back) at a time; a pack is verified with the `content_keys` folder's keys
    (`keys()` gives it, read when a pack is judged: a setting changed takes effect at once), unpacked into a
    staging folder, and recorded once installed. A staged pack is judged against the record again, under the
    lock, just before it is installed: of two installs racing, the older pack is refused."""

    def __init__(
        self,
        data: Path,
        clock: Callable[[], datetime] = datetime.now,
        glyphs: MissingCharacters | None = None,
        keys: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(data, clock, glyphs)
        self.data = data
        self.keys = keys
        self._lock = threading.Lock()
        self._staged: dict[Path, tuple[VerifiedPack, str]] = {}  # unpacked folder: the pack, its file's name
        self.record_problem = ""  # why the last record could not be written or read, if it could not

    # --- judging a pack ----------------------------------------------------------------------

    def installed(self) -> PackRecord | None:
        record, problem = read_record(self.data)
        self.record_problem = problem
        return record

    def verify(self, path: Path) -> VerifiedPack:
        """The pack verified whole by a trusted key; raises PackRefused (kind NO_KEYS when no key is set)."""
        from kiosk.core.hall.packs import NO_KEYS, PackRefused, load_trusted_keys, verify_pack

        folder = self.keys()
        if not folder:
            raise PackRefused("cannot be checked: the content_keys setting names no folder of trusted public keys", NO_KEYS)
        trusted = load_trusted_keys(Path(folder))
        if not len(trusted) and trusted.problems:
            raise PackRefused(f"cannot be checked: no trusted key could be read ({trusted.problems[0]})", NO_KEYS)
        return verify_pack(path, trusted)

    def is_new(self, pack: VerifiedPack) -> bool:
        """True when `pack` is newer than the installed one; False when it is that very pack (installed
        already: nothing to do); raises PackRefused (kind REPLAY) when it is older or another pack of that
        version."""
        from kiosk.core.hall.packs import PackRefused

        record = self.installed()
        if record is None or pack.version > record.version:
            return True
        if pack.version == record.version and pack.pack_id == record.pack_id:
            return False
        raise PackRefused(
            f"is version {pack.version} of pack {pack.pack_id}, not newer than the installed version {record.version} "
            f"of pack {record.pack_id}: an older pack sent again (a replay) is refused",
            REPLAY,
        )

    def unpack(self, path: Path, pack: VerifiedPack, purpose: str, check: Callable[[], object] = _go_on) -> Candidate:
        """The verified pack written into a staging folder of its own (`purpose`: "inbox" or "usb"; what it
        held before is removed) and examined as an install examines a folder, the font included. Raises
        PackRefused when the pack changed since it was verified, OSError when the disk refuses."""
        from kiosk.core.hall.packs import extract_verified

        staging = self.data / STAGING / purpose
        self._clear(staging)
        target = staging / f"{pack.pack_id}-{pack.version}"
        extract_verified(path, pack, target)
        candidate = examine(target, check, self.glyphs)
        if candidate.ok:
            self._staged[target] = (pack, path.name)
        return candidate

    def pack_of(self, folder: Path) -> Path | None:
        """The pack file a staged folder was unpacked from (None: not a staged pack)."""
        staged = self._staged.get(folder)
        return staged[0].path if staged is not None else None

    def discard(self, folder: Path) -> None:
        """A staged pack that will not be installed: its folder removed."""
        self._staged.pop(folder, None)
        shutil.rmtree(folder, ignore_errors=True)

    def _clear(self, staging: Path) -> None:
        for staged in [
            folder for folder in list(self._staged) if folder.parent == staging
        ]:  # list(): the USB look and the inbox run on two threads
            self._staged.pop(staged, None)
        shutil.rmtree(staging, ignore_errors=True)

    # --- installing, one at a time ------------------------------------------------------------

    def _locked(self, report: Callable[[Progress], object]) -> None:
        """Wait for an install running elsewhere, asking `report` meanwhile (it may cancel)."""
        while not self._lock.acquire(timeout=0.05):
            report(Progress(COPYING, 0, 1))

    def install_loaded(
        self,
        source: Path,
        settings: Settings,
        progress: Callable[[Progress], object] | None = None,
        examined: Candidate | None = None,
    ) -> LoadResult:
        """As Installer.install_loaded, one at a time; a staged pack is judged against the installed one
        first and recorded once installed (its staging folder then removed). A record that cannot be
        written is said in `record_problem`: the content is installed all the same."""
        from kiosk.core.hall.packs import PackRefused

        self._locked(progress or (lambda _progress: None))
        try:
            staged = self._staged.get(source)
            if staged is not None:
                try:
                    if not self.is_new(staged[0]):
                        raise InstallError(f"pack {staged[0].pack_id} version {staged[0].version} is installed already; nothing changed")
                except PackRefused as exc:
                    raise InstallError(f"{staged[1]} {exc.reason}; nothing changed") from None
            loaded = super().install_loaded(source, settings, progress, examined)
            if staged is not None:
                self._record(staged[0], staged[1], loaded.folder)
                self.discard(source)
            return loaded
        finally:
            self._lock.release()

    def go_back_loaded(self, settings: Settings) -> tuple[str, LoadResult | None]:
        with self._lock:
            return super().go_back_loaded(settings)

    def _record(self, pack: VerifiedPack, name: str, folder: Path) -> None:
        record = PackRecord(pack.pack_id, pack.version, pack.key_id, name, self._clock().isoformat(timespec="seconds"), str(folder))
        try:
            write_record(self.data, record)
            self.record_problem = ""
        except OSError as exc:
            self.record_problem = f"{self.data / RECORD_FILE}: {files.describe(exc)} (the pack is installed; its record is not)"


# --- the inbox -------------------------------------------------------------------------------------

Key = tuple[str, int, int]  # a pack file as tried: path, size, modification time (ns)


@dataclass(frozen=True)
class Refusal:
    """A pack file not installed: its path, why (words staff can read), and the kind of reason."""

    file: str
    reason: str
    kind: str

    def __str__(self) -> str:
        return f"{Path(self.file).name} {self.reason}"


@dataclass(frozen=True)
class Prepared:
    """A pack verified, newer than the installed one, unpacked and checked: ready to install."""

    path: Path
    key: Key
    pack: VerifiedPack
    candidate: Candidate  # its folder is the staging folder

    @property
    def name(self) -> str:
        return f"{self.path.name} (pack {self.pack.pack_id}, version {self.pack.version})"


@dataclass(frozen=True)
class Scan:
    """What one scan found: packs refused now, the pack prepared (if any), files still being written."""

    refused: tuple[Refusal, ...] = ()
    prepared: Prepared | None = None
    settling: tuple[str, ...] = ()  # pack files new or changed since the last scan, or not still long enough
    arriving: tuple[str, ...] = ()  # sync tools' temporary files and robocopy's unfinished copies
    problem: str = ""  # the inbox itself could not be read


@dataclass(frozen=True)
class InboxState:
    """The inbox as metrics and the staff panel read it (a new object after each change: read-only)."""

    folder: str = ""  # the inbox watched; "" when none is set
    installed_pack_id: str = ""  # the last pack installed (the data folder's record); "" when none
    installed_version: int = 0  # its version; 0 when none
    installed_folder: str = ""  # the content folder it was installed as ("" for a record from before it was kept)
    installed: int = 0  # packs installed since this kiosk (or command) started
    refused: int = 0  # pack files refused since then, each file once
    last_refusal_reason: str = ""
    last_refusal_file: str = ""
    last_refusal_kind: str = ""  # PackRefused.kind, REPLAY, INVALID_CONTENT or INSTALL_FAILED
    waiting: tuple[str, ...] = ()  # files still being written (not a refusal)
    pending: str = ""  # a pack checked and waiting to be installed (until nobody is visiting)
    problem: str = ""  # the inbox cannot be read, or the record cannot be kept
    last_scan: float = 0.0  # wall-clock seconds of the last scan; 0 before the first
    refusals: tuple[Refusal, ...] = field(default=(), repr=False)  # the last few, newest last


KEPT_REFUSALS = 10


class Inbox:
    """One inbox folder, scanned on the caller's schedule (see the module's doc). Not thread-safe: one
    scan or install at a time (the kiosk runs them on one worker at a time; the command in its only
    thread). `state` may be read from any thread."""

    def __init__(
        self,
        folder: Path,
        installer: PackInstaller,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        settle_s: float = SETTLE_S,
    ) -> None:
        self.folder = folder
        self.installer = installer
        self.settle_s = settle_s
        self.clock = clock
        self._wall = wall
        self._sightings: dict[Path, tuple[int, int, float]] = {}  # size, mtime (ns), first seen so
        self._tried: dict[Key, str] = {}  # what came of it: installed, refused, prepared, installed already
        self.state = InboxState(folder=str(folder))
        self._update_installed()

    # --- scanning -----------------------------------------------------------------------------

    def scan(self, check: Callable[[], object] = _go_on) -> Scan:
        """Look, verify what is ready, prepare the newest pack (see the module's doc). `check` is asked
        between packs and files (it may raise to stop the scan: InstallCancelledError)."""
        from kiosk.core.hall.packs import PackRefused

        check()
        try:
            ready, settling, arriving = self._look(self.clock())
        except OSError as exc:
            problem = f"the content inbox {self.folder} cannot be read: {files.describe(exc)}"
            self.state = replace(self.state, problem=problem, last_scan=self._wall(), waiting=())
            return Scan(problem=problem)
        refused: list[Refusal] = []
        verified: list[tuple[Path, Key, VerifiedPack]] = []
        for path, key in ready:
            check()
            try:
                pack = self.installer.verify(path)
                if not self.installer.is_new(pack):
                    self._tried[key] = "installed already"
                    continue
            except PackRefused as exc:
                refused.append(self._refuse(key, path, exc.reason, exc.kind))
                continue
            verified.append((path, key, pack))
        prepared = self._prepare(verified, refused, check)
        self.state = replace(
            self.state,
            waiting=settling + arriving,
            pending=prepared.name if prepared else "",
            problem=self.installer.record_problem,
            last_scan=self._wall(),
        )
        return Scan(tuple(refused), prepared, settling, arriving)

    def _look(self, now: float) -> tuple[list[tuple[Path, Key]], tuple[str, ...], tuple[str, ...]]:
        """(files ready to try, pack files settling, temporary files): one listing of the folder."""
        ready: list[tuple[Path, Key]] = []
        settling: list[str] = []
        arriving: list[str] = []
        seen: dict[Path, tuple[int, int, float]] = {}
        with os.scandir(self.folder) as entries:
            names = sorted(entry.name for entry in entries)
        for name in names:
            if not is_pack_name(name):
                if temporary_of(name):
                    arriving.append(name)
                continue
            path = self.folder / name
            try:
                info = path.stat()
            except OSError:
                continue  # gone since the listing (renamed by the tool that wrote it)
            key = (str(path), info.st_size, info.st_mtime_ns)
            if key in self._tried:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_mtime < ROBOCOPY_MARK:
                arriving.append(name)  # robocopy's copy in progress
                continue
            first = self._sightings.get(path)
            if first is None or first[:2] != key[1:]:
                first = (info.st_size, info.st_mtime_ns, now)
            seen[path] = first
            if now - first[2] < self.settle_s:
                settling.append(name)
                continue
            ready.append((path, key))
        self._sightings = seen
        return ready, tuple(settling), tuple(arriving)

    def _prepare(
        self, verified: list[tuple[Path, Key, VerifiedPack]], refused: list[Refusal], check: Callable[[], object]
    ) -> Prepared | None:
        """The newest verified pack whose content checks out, unpacked; the older ones wait for the next
        scan (judged then against what is installed: replays once the newest is in)."""
        from kiosk.core.hall.packs import PackRefused

        for path, key, pack in sorted(verified, key=lambda item: item[2].version, reverse=True):
            check()
            try:
                candidate = self.installer.unpack(path, pack, "inbox", check)
            except PackRefused as exc:
                refused.append(self._refuse(key, path, exc.reason, exc.kind))
                continue
            except OSError as exc:
                refused.append(self._refuse(key, path, f"could not be unpacked: {files.describe(exc)}", INSTALL_FAILED))
                continue
            if not candidate.ok:
                problems = candidate.problems
                reason = f"holds content with {len(problems)} problem(s), as 'kiosk check' says them; first: {problems[0]}"
                refused.append(self._refuse(key, path, reason, INVALID_CONTENT))
                self.installer.discard(candidate.folder)
                continue
            self._tried[key] = "prepared"
            return Prepared(path, key, pack, candidate)
        return None

    def _refuse(self, key: Key, path: Path, reason: str, kind: str) -> Refusal:
        refusal = Refusal(str(path), reason, kind)
        self._tried[key] = f"refused: {reason}"
        state = self.state
        self.state = replace(
            state,
            refused=state.refused + 1,
            last_refusal_reason=reason,
            last_refusal_file=str(path),
            last_refusal_kind=kind,
            refusals=(*state.refusals, refusal)[-KEPT_REFUSALS:],
        )
        return refusal

    # --- installing ---------------------------------------------------------------------------

    def install(self, prepared: Prepared, settings: Settings, progress: Callable[[Progress], object] | None = None) -> LoadResult | Refusal:
        """Install what `scan` prepared: the installed content as checked on the copy, or the Refusal (what
        is shown stays). An InstallCancelledError (raised by `progress`) passes on; the pack is then tried
        again at a later scan."""
        from kiosk.core.content.install import InstallCancelledError

        try:
            loaded = self.installer.install_loaded(prepared.candidate.folder, settings, progress, prepared.candidate)
        except InstallCancelledError:
            self._tried.pop(prepared.key, None)
            self.forget(prepared)
            raise
        except InstallError as exc:
            self.forget(prepared)
            return self._refuse(prepared.key, prepared.path, str(exc), INVALID_CONTENT if exc.problems else INSTALL_FAILED)
        self._tried[prepared.key] = "installed"
        self.state = replace(self.state, installed=self.state.installed + 1, pending="")
        self._update_installed()
        return loaded

    def forget(self, prepared: Prepared) -> None:
        """A prepared pack that will not be installed now (the kiosk stops, the inbox changed)."""
        self.installer.discard(prepared.candidate.folder)
        self.state = replace(self.state, pending="")

    def _update_installed(self) -> None:
        record = self.installer.installed()
        self.state = replace(
            self.state,
            installed_pack_id=record.pack_id if record else "",
            installed_version=record.version if record else 0,
            installed_folder=record.folder if record else "",
            problem=self.installer.record_problem,
        )


# --- packs on a USB stick ---------------------------------------------------------------------------


class StickPacks:
    """Packs on USB sticks, for the staff panel's content from USB: found at a stick's top or one folder
    down, beside content folders; verified, judged against the installed pack and unpacked as the inbox
    does it, then examined as a content folder. A pack that is refused is a Candidate with that one
    problem (the panel lists it, and nothing can be installed)."""

    def __init__(self, installer: PackInstaller) -> None:
        self.installer = installer

    @staticmethod
    def find(drives: list[Path]) -> list[Path]:
        found: list[Path] = []
        for drive in drives:
            places = [drive]
            with contextlib.suppress(OSError):
                places += sorted(p for p in drive.iterdir() if p.is_dir() and not p.name.startswith("."))
            for place in places:
                with contextlib.suppress(OSError):
                    found += sorted(p for p in place.iterdir() if is_pack_name(p.name) and p.is_file())
        return found

    def origin(self, folder: Path) -> Path:
        """What staff chose: the pack file a candidate's folder was unpacked from, or the folder itself."""
        return self.installer.pack_of(folder) or folder

    @staticmethod
    def is_pack(path: Path) -> bool:
        return is_pack_name(path.name) and path.is_file()

    def open(self, path: Path, check: Callable[[], object] = _go_on) -> Candidate:
        from kiosk.core.hall.packs import PackRefused

        installer = self.installer
        try:
            pack = installer.verify(path)
            if not installer.is_new(pack):
                return _refused_candidate(path, f"is version {pack.version} of pack {pack.pack_id}: the pack installed now")
            return installer.unpack(path, pack, "usb", check)
        except PackRefused as exc:
            return _refused_candidate(path, exc.reason)
        except OSError as exc:
            return _refused_candidate(path, f"could not be unpacked: {files.describe(exc)}")


def _refused_candidate(path: Path, reason: str) -> Candidate:
    return Candidate(path, LoadResult(path, None, None, (Problem(path.name, "", reason),)))


# --- one scan from the command line -----------------------------------------------------------------


@dataclass
class Once:
    """What `kiosk inbox --once` did: every refusal, what was installed, what is still arriving."""

    refused: list[Refusal] = field(default_factory=list)
    installed: Prepared | None = None
    folder: Path | None = None  # the installed content's folder
    still_arriving: tuple[str, ...] = ()
    problem: str = ""
    state: InboxState = field(default_factory=InboxState)

    def lines(self) -> list[str]:
        said = [f"refused: {refusal}" for refusal in self.refused]
        if self.installed is not None:
            said.append(f"installed {self.installed.name} into {self.folder}")
        elif not self.problem:
            state = self.state
            had = f"pack {state.installed_pack_id} version {state.installed_version}" if state.installed_pack_id else "no pack"
            said.append(f"nothing new to install ({had} installed)")
        said += [f"still being written, not tried: {name}" for name in self.still_arriving]
        if self.problem:
            said.append(f"problem: {self.problem}")
        return said


def run_once(inbox: Inbox, settings: Settings, wait_s: float, sleep: Callable[[float], None] = time.sleep) -> Once:
    """One scan, verify and install, as the running kiosk does them: pack files are read once they have
    stayed unchanged for the inbox's settle time (scanned again after it, for at most `wait_s` seconds in
    all while a pack file is still changing), then the newest good pack is installed."""
    once = Once()
    deadline = inbox.clock() + wait_s
    while True:
        scan = inbox.scan()
        once.refused += scan.refused
        once.problem = scan.problem
        if scan.prepared is not None:
            outcome = inbox.install(scan.prepared, settings)
            if isinstance(outcome, Refusal):
                once.refused.append(outcome)
                continue  # an older good pack may be next
            once.installed, once.folder = scan.prepared, outcome.folder
            break
        if not scan.settling or inbox.clock() >= deadline:
            break
        sleep(inbox.settle_s)
    once.still_arriving = scan.settling + scan.arriving
    once.state = inbox.state
    return once


def inbox_once(data: Path, settings: Settings, glyphs: MissingCharacters | None, wait_s: float, settle_s: float = SETTLE_S) -> int:
    """`kiosk inbox --once` for one kiosk's folders: prints what it did; exit status 0 when the newest good
    pack is installed (or was already), 1 when a pack was refused or the inbox could not be read, 2 when no
    inbox is set."""
    folder = str(settings["content_inbox"])
    if not folder:
        print("kiosk: no content inbox is set (kiosk config content_inbox DIR); nothing done", file=sys.stderr)
        return 2
    installer = PackInstaller(data, glyphs=glyphs, keys=lambda: str(settings["content_keys"]))
    inbox = Inbox(Path(folder), installer, settle_s=settle_s)
    once = run_once(inbox, settings, wait_s)
    for line in once.lines():
        print(line, file=sys.stderr if line.startswith(("refused", "problem")) else sys.stdout)
    if settings["metrics_dir"]:
        _write_metrics(Path(str(settings["metrics_dir"])), settings, once)
    return 1 if once.refused or once.problem else 0


def _write_metrics(folder: Path, settings: Settings, once: Once) -> None:
    """The kiosk's metrics file as the command leaves it (kiosk/core/hall/metrics.py): not up, showing
    the installed pack at its next start, what this scan installed and refused."""
    from kiosk.core.hall import metrics
    from kiosk.core.settings import kiosk_id

    state = once.state
    content = str(once.folder) if once.folder is not None else str(settings["content"])  # what the kiosk shows at its next start
    if state.installed_pack_id and state.installed_folder and state.installed_folder == content:
        shown = metrics.ContentShown(state.installed_pack_id, "pack")
    else:
        shown = metrics.content_label(Path(content), Path()) if content else metrics.ContentShown("bundled", "bundled")
    refusal = once.refused[-1].kind if once.refused else ""
    snapshot = metrics.offline_snapshot(
        kiosk_id(str(settings["kiosk_id"])),
        time.time(),
        str(settings["mode"]),
        shown,
        installed=1 if once.installed is not None else 0,
        refused=len(once.refused),
        refusal=refusal,
    )
    try:
        metrics.write(snapshot, folder)
    except OSError as exc:
        print(f"kiosk: the metrics file could not be written in {folder}: {files.describe(exc)}", file=sys.stderr)
