"""Where the kiosk keeps its files on each platform, as platformdirs gives them, checked with each
platform's rules on this one (the environment a Windows or macOS account would have is set here)."""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

import pytest

from kiosk.core.paths import AppPaths, UnsafeFolderError, private_folder


@pytest.fixture
def no_kiosk_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_HOME", raising=False)


def test_windows_folders_are_under_local_app_data(no_kiosk_home: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # What Windows answers for the user's folders, given the way platformdirs lets it be given.
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\kiosk\AppData\Local")
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", r"C:\Users\kiosk\AppData\Roaming")
    paths = AppPaths.for_platform("win32")
    win = {name: PureWindowsPath(str(getattr(paths, name))) for name in ("config", "cache", "data", "logs", "runtime")}
    local = PureWindowsPath(r"C:\Users\kiosk\AppData\Local")
    assert win["data"] == local / "lna-kiosk"
    assert win["config"] == local / "lna-kiosk"
    assert win["cache"] == local / "lna-kiosk" / "Cache"
    assert win["logs"] == local / "lna-kiosk" / "Logs"
    assert all(p.drive == "C:" and p.is_relative_to(local) for p in win.values())


def test_linux_folders_follow_xdg(no_kiosk_home: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run-user"))
    paths = AppPaths.for_platform("linux")
    assert paths.config == tmp_path / "xdg_config_home" / "lna-kiosk"
    assert paths.cache == tmp_path / "xdg_cache_home" / "lna-kiosk"
    assert paths.data == tmp_path / "xdg_data_home" / "lna-kiosk"
    assert paths.logs.is_relative_to(tmp_path / "xdg_state_home" / "lna-kiosk")
    assert paths.runtime == tmp_path / "run-user" / "lna-kiosk"


def test_without_xdg_runtime_dir_the_lock_stays_in_the_user_s_own_folders(no_kiosk_home: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    paths = AppPaths.for_platform("linux")
    assert paths.runtime == paths.cache / "run"  # never a predictable shared /tmp folder
    assert paths.runtime.is_relative_to(Path.home())


def test_macos_folders_are_in_the_library(no_kiosk_home: None) -> None:
    paths = AppPaths.for_platform("darwin")
    library = Path.home() / "Library"
    assert paths.data == library / "Application Support" / "lna-kiosk"
    assert paths.cache == library / "Caches" / "lna-kiosk"
    assert paths.logs == library / "Logs" / "lna-kiosk"


@pytest.mark.skipif(os.name != "posix", reason="POSIX ownership and modes")
def test_the_lock_folder_is_made_private(tmp_path: Path) -> None:
    loose = tmp_path / "run"
    loose.mkdir(mode=0o777)
    os.chmod(loose, 0o777)
    assert private_folder(loose) == loose
    assert loose.stat().st_mode & 0o777 == 0o700
    made = private_folder(tmp_path / "new" / "run")
    assert made.stat().st_mode & 0o777 == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX links")
def test_a_link_in_place_of_the_lock_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "run").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafeFolderError, match="a link"):
        private_folder(tmp_path / "run")
