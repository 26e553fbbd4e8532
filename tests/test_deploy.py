"""deploy/: the systemd user unit as systemd itself reads it (`systemd-analyze verify` and `security`), and
run for real: a systemd user manager started for the test, with no capabilities (as a hall's unprivileged
user has none), runs the shipped unit on a real X server. It starts only when the kiosk says READY=1,
survives past WatchdogSec, restarts a frozen kiosk, stops cleanly (not "failed"), stays down when staff
quit for maintenance and comes back from a crash.

The user manager runs only where that cannot disturb a real one: as root on a machine that was not booted
with systemd (CI's), with cgroups to make one of its own."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.process import REPO

UNIT = REPO / "deploy" / "lna-kiosk.service"
SANDBOX = REPO / "deploy" / "sandbox.conf"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="systemd is Linux's")


def _analyze(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    runtime = home / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    return subprocess.run(["systemd-analyze", *args], env=env, capture_output=True, text=True, timeout=120)


needs_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze (Debian: systemd)")


def _installed(home: Path) -> Path:
    """The unit where a hall puts it, and an executable where its ExecStart (%h/lna-kiosk/lna-kiosk) looks."""
    units = home / ".config" / "systemd" / "user"
    units.mkdir(parents=True)
    shutil.copy(UNIT, units / UNIT.name)
    launcher = home / "lna-kiosk" / "lna-kiosk"
    launcher.parent.mkdir()
    launcher.write_text(f'#!/bin/sh\ncd {REPO}\nexport KIOSK_HOME={home / "kiosk-home"}\nexec {sys.executable} -m kiosk "$@"\n')
    launcher.chmod(0o755)
    return units


@linux_only
@needs_analyze
def test_systemd_reads_the_unit_without_a_complaint(tmp_path: Path) -> None:
    units = _installed(tmp_path)
    verified = _analyze("verify", "--user", str(units / UNIT.name), home=tmp_path)
    assert verified.returncode == 0 and verified.stdout + verified.stderr == "", verified.stdout + verified.stderr


@linux_only
@needs_analyze
def test_the_unit_is_hardened_as_far_as_a_user_unit_allows(tmp_path: Path) -> None:
    """It was 9.6 UNSAFE. The offline score reads the file as systemd reads a system service's; the
    options still marked are those that need user namespaces (deploy/sandbox.conf) or root."""
    units = _installed(tmp_path)
    report = _analyze("security", "--offline=true", "--user", str(units / UNIT.name), home=tmp_path)
    score = float(re.search(r"Overall exposure level for lna-kiosk.service: ([\d.]+)", report.stdout)[1])  # type: ignore[index]
    print(f"systemd-analyze security: {score} (unit alone)")
    assert score <= 3.5, report.stdout
    passed = {line.split()[1] for line in report.stdout.splitlines() if line.startswith("✓")}
    for option in ("NoNewPrivileges=", "RestrictAddressFamilies=~AF_(INET|INET6)", "MemoryDenyWriteExecute=", "RestrictNamespaces=~user"):
        assert option in passed, option
    (units / "lna-kiosk.service.d").mkdir()
    shutil.copy(SANDBOX, units / "lna-kiosk.service.d" / SANDBOX.name)
    with_sandbox = _analyze("security", "--offline=true", "--user", str(units / UNIT.name), home=tmp_path)
    sandboxed = float(re.search(r"Overall exposure level for lna-kiosk.service: ([\d.]+)", with_sandbox.stdout)[1])  # type: ignore[index]
    print(f"systemd-analyze security: {sandboxed} (with sandbox.conf)")
    assert sandboxed < score


# --- a real systemd user manager --------------------------------------------------------------

SYSTEMD = Path("/lib/systemd/systemd")
TEST_WATCHDOG_S = 12


def _why_no_user_manager() -> str | None:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "needs root on Linux (CI) to give a test user manager cgroups of its own"
    if Path("/proc/1/comm").read_text().strip() == "systemd":
        return "this machine runs systemd: the test leaves its managers alone"
    for tool in ("systemctl", "setpriv", "Xvfb"):
        if shutil.which(tool) is None:
            return f"needs {tool}"
    if not SYSTEMD.exists():
        return "needs systemd (Debian: systemd)"
    return None


def _cgroup_roots() -> list[Path]:
    """Where this process's cgroups are that systemd tracks with: the unified (v2) one and, on a hybrid
    machine, v1's name=systemd."""
    mounts = {}
    for line in Path("/proc/self/mounts").read_text().splitlines():
        _source, point, kind, options = line.split()[:4]
        if kind == "cgroup2":
            mounts["unified"] = Path(point)
        elif kind == "cgroup" and "name=systemd" in options.split(","):
            mounts["name=systemd"] = Path(point)
    roots = []
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _id, controllers, path = line.split(":", 2)
        key = "unified" if controllers == "" else controllers
        if key in mounts:
            roots.append(mounts[key] / path.lstrip("/"))
    return roots


@dataclass
class UserManager:
    home: Path
    env: dict[str, str]
    log: Path

    def ctl(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["systemctl", "--user", *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        if check:
            assert done.returncode == 0, f"systemctl {' '.join(args)}: {done.stderr}\n{self.log.read_text(errors='replace')[-3000:]}"
        return done

    def show(self, *names: str) -> dict[str, str]:
        out = self.ctl("show", "lna-kiosk", *(f"-p{n}" for n in names)).stdout
        return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    def wait(self, condition: Callable[[dict[str, str]], bool], timeout: float, what: str) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while True:
            state = self.show("ActiveState", "SubState", "MainPID", "NRestarts", "Result", "StatusText")
            if condition(state):
                return state
            assert time.monotonic() < deadline, f"not within {timeout} s: {what}; now {state}"
            time.sleep(0.2)


@pytest.fixture
def user_manager(tmp_path: Path) -> Iterator[UserManager]:
    reason = _why_no_user_manager()
    if reason:
        pytest.skip(reason)
    import fcntl  # POSIX only, like the rest of this fixture

    home = tmp_path / "user"
    units = _installed(home)
    # The watchdog made shorter for the test (the shipped unit's 30 s is the same mechanism, measured in the
    # closing note), still far above what a busy machine's slowest start-up stalls the event loop for.
    (units / "lna-kiosk.service.d").mkdir()
    (units / "lna-kiosk.service.d" / "test-watchdog.conf").write_text(f"[Service]\nWatchdogSec={TEST_WATCHDOG_S}\n")
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    groups = [root / f"lna-kiosk-test-{os.getpid()}-{tmp_path.name}" for root in _cgroup_roots()]
    for group in groups:
        group.mkdir()
    display = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert display.stdout is not None
    number = display.stdout.readline().decode().strip()
    display.stdout.close()
    # The manager in its own cgroups, with no capabilities at all: what a hall's kiosk user has.
    enter = "".join(f"echo $$ > {group}/cgroup.procs; " for group in groups)
    start = f"{enter}exec setpriv --bounding-set -all --inh-caps -all --ambient-caps -all {SYSTEMD} --user"
    log = tmp_path / "manager.txt"
    session = UserManager(home, env, log)
    # systemd starts a user manager only on a machine "booted with systemd", which it tells by this folder:
    # made for as long as the manager takes to start, one test at a time (xdist runs two).
    marker = Path("/run/systemd/system")
    with (tmp_path / "manager.txt").open("wb") as out, Path("/run/lna-kiosk-test-systemd.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = not marker.exists()
        marker.mkdir(parents=True, exist_ok=True)
        try:
            manager = subprocess.Popen(
                ["sh", "-c", start], env={**env, "SYSTEMD_LOG_TARGET": "console", "SYSTEMD_LOG_LEVEL": "info"}, stdout=out, stderr=out
            )
            deadline = time.monotonic() + 60
            while session.ctl("show-environment", check=False).returncode != 0:
                assert manager.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.1)
        finally:
            if made:
                marker.rmdir()
    try:
        session.ctl("set-environment", f"DISPLAY=:{number}")
        session.ctl("enable", "lna-kiosk")  # as a hall installs it: referenced, so systemd keeps its state
        yield session
    finally:
        session.ctl("stop", "lna-kiosk", check=False)
        manager.send_signal(signal.SIGTERM)
        try:
            manager.wait(60)
        except subprocess.TimeoutExpired:
            manager.kill()
            manager.wait()
        display.terminate()
        display.wait(30)
        for group in groups:
            for sub in sorted(group.rglob("*"), key=lambda p: -len(p.parts)):
                if sub.is_dir():
                    sub.rmdir()
            group.rmdir()


def test_the_unit_under_a_real_systemd_user_manager(user_manager: UserManager) -> None:
    um = user_manager
    um.ctl("start", "lna-kiosk")  # Type=notify: returns once the kiosk said READY=1
    state = um.show("ActiveState", "StatusText", "MainPID", "NRestarts")
    assert state["ActiveState"] == "active" and state["StatusText"].startswith("showing "), state
    pid = state["MainPID"]
    status = Path(f"/proc/{pid}/status").read_text()
    assert re.search(r"NoNewPrivs:\s+1", status) and re.search(r"Seccomp:\s+2", status), status
    time.sleep(TEST_WATCHDOG_S + 2)  # past WatchdogSec: the event loop's pings keep it alive
    assert um.show("MainPID", "NRestarts") == {"MainPID": pid, "NRestarts": "0"}

    os.kill(int(pid), signal.SIGSTOP)  # frozen: systemd hears no more pings
    frozen_at = time.monotonic()
    state = um.wait(lambda s: s["MainPID"] not in ("0", pid) and s["ActiveState"] == "active", 120, "a new kiosk after the freeze")
    print(f"systemd: SIGSTOP -> a new kiosk READY in {time.monotonic() - frozen_at:.1f} s (WatchdogSec={TEST_WATCHDOG_S})")
    assert state["NRestarts"] == "1"
    crash = (um.home / "kiosk-home" / "logs" / "crash.log").read_text(errors="replace")
    assert 'File "' in crash  # systemd's SIGABRT left where the kiosk was stuck

    um.ctl("stop", "lna-kiosk")  # SIGTERM: a clean stop, not a failed unit
    assert um.show("ActiveState", "Result") == {"ActiveState": "inactive", "Result": "success"}

    um.ctl("start", "lna-kiosk")
    env = {**os.environ, "KIOSK_HOME": str(um.home / "kiosk-home"), "XDG_RUNTIME_DIR": um.env["XDG_RUNTIME_DIR"]}
    asked = subprocess.run([sys.executable, "-m", "kiosk", "stop"], cwd=REPO, env=env, capture_output=True, text=True, timeout=90)
    assert asked.returncode == 0, asked.stderr
    um.wait(lambda s: s["ActiveState"] == "inactive", 60, "inactive after quit for maintenance")
    time.sleep(5)  # RestartSec is 3: it would be back by now
    assert um.show("ActiveState", "Result") == {"ActiveState": "inactive", "Result": "success"}  # 69 is neither restarted nor a failure

    um.ctl("start", "lna-kiosk")
    crashed = um.show("MainPID")["MainPID"]
    os.kill(int(crashed), signal.SIGKILL)
    state = um.wait(lambda s: s["MainPID"] not in ("0", crashed) and s["ActiveState"] == "active", 120, "a new kiosk after the crash")
    assert int(state["NRestarts"]) >= 1

    # The optional sandbox drop-in (user namespaces) still lets the kiosk start and draw.
    shutil.copy(SANDBOX, um.home / ".config" / "systemd" / "user" / "lna-kiosk.service.d" / SANDBOX.name)
    um.ctl("daemon-reload")
    um.ctl("restart", "lna-kiosk")
    assert um.show("ActiveState")["ActiveState"] == "active"
    um.ctl("stop", "lna-kiosk")
    log = (um.home / "kiosk-home" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "quit for maintenance, asked by the `kiosk stop` command" in log
    assert "Traceback" not in log


def test_a_minimal_x_session_starts_the_unit_from_openboxs_autostart(user_manager: UserManager) -> None:
    """The minimal X session of docs/deploy-linux.md: openbox-session runs deploy/openbox/autostart, which
    hands the display to the user manager and starts the unit; the kiosk fills the screen."""
    if shutil.which("openbox-session") is None or shutil.which("xdotool") is None:
        pytest.skip("needs openbox and xdotool")
    um = user_manager
    display = um.ctl("show-environment").stdout.split("DISPLAY=")[1].split()[0]
    um.ctl("unset-environment", "DISPLAY")  # as after boot: the manager knows no display yet
    autostart = um.home / ".config" / "openbox" / "autostart"
    autostart.parent.mkdir(parents=True)
    shutil.copy(REPO / "deploy" / "openbox" / "autostart", autostart)
    env = {**um.env, "DISPLAY": display}
    with (um.home / "openbox.txt").open("wb") as out:
        session = subprocess.Popen(["openbox-session"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        state = um.wait(lambda s: s["ActiveState"] == "active", 120, "the unit started by the autostart")
        assert state["StatusText"].startswith("showing ")
        deadline = time.monotonic() + 60
        geometry = ""
        while "Geometry: 1920x1080" not in geometry and time.monotonic() < deadline:
            geometry = subprocess.run(["xdotool", "getactivewindow", "getwindowgeometry"], env=env, capture_output=True, text=True).stdout
            time.sleep(0.2)
        assert "Position: 0,0" in geometry and "Geometry: 1920x1080" in geometry, geometry
    finally:
        um.ctl("stop", "lna-kiosk", check=False)
        session.terminate()
        session.wait(30)


# --- the bundle under cage, the Wayland kiosk compositor ----------------------------------------

# The frozen bundle to try (.ci/run sets it after building one): never a stale dist/ left from an old build.
BUNDLE = Path(os.environ.get("KIOSK_TEST_BUNDLE", "")).absolute() if os.environ.get("KIOSK_TEST_BUNDLE") else None
NOBODY = 65534


def _why_no_cage() -> str | None:
    if not sys.platform.startswith("linux"):
        return "cage is a Linux compositor"
    if shutil.which("cage") is None:
        return "needs cage (Debian: cage)"
    if BUNDLE is None or not BUNDLE.exists():
        return "needs a frozen bundle named by KIOSK_TEST_BUNDLE (.ci/run builds one and runs this)"
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return "cage refuses to run as root: needs setpriv to run it as nobody"
    return None


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A scratch folder that another user (nobody, as whom cage runs when the tests run as root) can
    reach: pytest's own are inside a folder only their owner may enter."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kiosk-cage-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_bundle_under_cage_with_the_supervisor(open_folder: Path) -> None:
    """The set-up of docs/deploy-linux.md for a PC with no desktop: `cage -- lna-kiosk --supervise` on a
    headless wlroots back end. The bundle's own Wayland plugin draws the first frame; a crashed kiosk is
    restarted inside cage; `lna-kiosk stop` ends kiosk, supervisor and cage, and stays ended."""
    from tests.process import NotifySocket

    reason = _why_no_cage()
    if reason:
        pytest.skip(reason)
    assert BUNDLE is not None
    as_user = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if os.geteuid() == 0 else []
    runtime, home = open_folder / "run", open_folder / "home"
    for folder in (runtime, home):
        folder.mkdir(mode=0o700)
        if as_user:
            os.chown(folder, NOBODY, NOBODY)
    notify = NotifySocket(open_folder)
    notify.path.chmod(0o777)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "KIOSK_HOME")}
    env |= {
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "WLR_BACKENDS": "headless",  # no screen here; a hall's PC uses its DRM back end
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "WLR_RENDERER": "pixman",
        "QT_QPA_PLATFORM": "wayland",
        "NOTIFY_SOCKET": str(notify.path),
    }
    with (open_folder / "cage.txt").open("wb") as out:
        cage = subprocess.Popen([*as_user, "cage", "--", str(BUNDLE), "--supervise"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            first = notify.wait_for("READY=1", 120, cage)
        except AssertionError as no_ready:  # say what cage and the kiosk printed, not only that they ended
            printed = (open_folder / "cage.txt").read_text(encoding="utf-8", errors="replace")
            raise AssertionError(f"{no_ready}\ncage and the kiosk printed:\n{printed[-6000:]}") from None
        assert "STATUS=showing " in first
        kiosks = subprocess.run(["pgrep", "-f", f"^{BUNDLE}$"], capture_output=True, text=True).stdout.split()
        assert len(kiosks) == 1, kiosks  # the kiosk under its supervisor ("lna-kiosk --supervise")
        os.kill(int(kiosks[0]), signal.SIGKILL)
        notify.wait_for("READY=1", 120, cage)  # the supervisor started it again, inside cage
        stopped = subprocess.run([*as_user, str(BUNDLE), "stop"], env=env, capture_output=True, text=True, timeout=120)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        cage.wait(60)  # kiosk (69), then its supervisor, then cage: nothing is restarted
    finally:
        if cage.poll() is None:
            cage.kill()
            cage.wait()
        notify.close()
    logs = home / ".local" / "state" / "lna-kiosk" / "log"
    supervisor = (logs / "supervisor.log").read_text(encoding="utf-8")
    assert "killed by SIGKILL" in supervisor and "not restarting: quit for maintenance" in supervisor, supervisor
    assert "quit for maintenance, asked by the `kiosk stop` command" in (logs / "kiosk.log").read_text(encoding="utf-8")
