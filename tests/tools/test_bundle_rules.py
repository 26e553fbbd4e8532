"""tools/bundle_rules.py, the rules kiosk.spec builds the bundle by, asked about every platform from this
one: what is left out (by the names PyInstaller gives files on Linux, Windows and macOS), the Windows
executable's options and version resource, the glibc a Linux bundle needs (checked against objdump),
build-info.json and the self-test's line about it; and kiosk.spec itself, run with stand-ins for
PyInstaller's build steps."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import kiosk
from kiosk.qa.self_test import bundle_report

Capture = pytest.CaptureFixture[str]
REPO = Path(__file__).resolve().parents[2]
TOOL = REPO / "tools" / "bundle_rules.py"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_rules", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bundle_rules"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


rules = _load_tool()
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# --- What is left out, by the names PyInstaller gives files on each platform ---------------------------
# Windows names are as in PySide6-Essentials 6.11.3's win_amd64 wheel; macOS ones as its frameworks.

DROPPED = {
    "linux": [
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "libQt6Pdf.so.6",  # PyInstaller's link at the top of _internal
        "PySide6/Qt/lib/libQt6QmlModels.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6QuickControls2Basic.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
        "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
        "PySide6/Qt/plugins/platforms/libqminimalegl.so",
        "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/qml/QtQuick/Controls/libqtquickcontrols2plugin.so",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qt_zh_TW.qm",
        "PySide6/Qt/translations/qtwebengine_zh_CN.qm",
        "libgtk-3.so.0",
        "libharfbuzz.so.0",
        "libreadline.so.8",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/imageformats/libqgif.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so",
    ],
    "windows": [
        r"PySide6\Qt6Pdf.dll",
        r"PySide6\Qt6QmlModels.dll",
        r"PySide6\Qt6Quick.dll",
        r"PySide6\Qt6QuickControls2Basic.dll",
        r"PySide6\Qt6Network.dll",
        r"PySide6\Qt6Sql.dll",
        r"PySide6\Qt6Test.dll",
        r"PySide6\Qt6Designer.dll",
        r"PySide6\Qt6Pdfd.dll",  # a debug build's name
        r"PySide6\opengl32sw.dll",
        r"PySide6\plugins\platforms\qvnc.dll",
        r"PySide6\plugins\platforms\qdirect2d.dll",
        r"PySide6\plugins\sqldrivers\qsqlite.dll",
        r"PySide6\plugins\tls\qschannelbackend.dll",
        r"PySide6\plugins\networkinformation\qnetworklistmanager.dll",
        r"PySide6\plugins\imageformats\qpdf.dll",
        r"PySide6\plugins\platforminputcontexts\qtvirtualkeyboardplugin.dll",
        r"PySide6\plugins\qmltooling\qmldbg_tcp.dll",
        r"PySide6\plugins\imageformats\qjpeg.dll",
        r"PySide6\plugins\imageformats\qwebp.dll",
        r"PySide6\plugins\imageformats\qsvg.dll",
        r"PySide6\plugins\imageformats\qico.dll",
        r"PySide6\plugins\iconengines\qsvgicon.dll",
        r"PySide6\plugins\generic\qtuiotouchplugin.dll",
        r"PySide6\translations\qtbase_de.qm",
        r"PySide6\translations\qt_zh_TW.qm",
    ],
    "macos": [
        "PySide6/Qt/lib/QtPdf.framework/Versions/A/QtPdf",
        "PySide6/Qt/lib/QtPdf.framework/Versions/A/Resources/Info.plist",
        "PySide6/Qt/lib/QtQmlModels.framework/Versions/A/QtQmlModels",
        "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
        "PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork",
        "PySide6/Qt/plugins/platforms/libqvnc.dylib",
        "PySide6/Qt/plugins/sqldrivers/libqsqlite.dylib",
        "PySide6/Qt/plugins/imageformats/libqpdf.dylib",
        "PySide6/Qt/plugins/imageformats/libqjpeg.dylib",
        "PySide6/Qt/translations/qtbase_de.qm",
    ],
}
KEPT = {
    "linux": [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/lib/libQt6OpenGLWidgets.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/Qt/lib/libQt6WlShellIntegration.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqwayland-egl.so",  # its name before Qt 6.10
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqminimal.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/wayland-decoration-client/libbradient.so",
        "PySide6/Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/translations/qt_zh_CN.qm",
        "PySide6/Qt/translations/qt_en.qm",
        "PySide6/Qt/translations/qtbase_en.qm",
        "PySide6/QtOpenGL.abi3.so",
        "libwayland-client.so.0",
        "libxkbcommon.so.0",
        "libstdc++.so.6",
        "libpython3.11.so.1.0",
        "i18n/kiosk_zh.qm",
        "assets/content/content.json",
    ],
    "windows": [
        r"PySide6\Qt6Core.dll",
        r"PySide6\Qt6Gui.dll",
        r"PySide6\Qt6Widgets.dll",
        r"PySide6\Qt6OpenGL.dll",
        r"PySide6\Qt6OpenGLWidgets.dll",
        r"PySide6\Qt6Svg.dll",
        r"PySide6\Qt6DBus.dll",
        r"PySide6\plugins\platforms\qwindows.dll",
        r"PySide6\plugins\platforms\qoffscreen.dll",
        r"PySide6\plugins\platforms\qminimal.dll",
        r"PySide6\plugins\styles\qmodernwindowsstyle.dll",
        r"PySide6\translations\qtbase_zh_CN.qm",
        r"PySide6\translations\qt_zh_CN.qm",
        r"PySide6\translations\qt_en.qm",
        r"PySide6\translations\qtbase_en.qm",
        r"PySide6\msvcp140.dll",
        r"PySide6\pyside6.abi3.dll",
        r"PySide6\QtOpenGL.pyd",
        "python311.dll",
        r"i18n\kiosk_zh.qm",
    ],
    "macos": [
        "PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore",
        "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui",
        "PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets",
        "PySide6/Qt/lib/QtOpenGL.framework/Versions/A/QtOpenGL",
        "PySide6/Qt/lib/QtOpenGLWidgets.framework/Versions/A/QtOpenGLWidgets",
        "PySide6/Qt/lib/QtSvg.framework/Versions/A/QtSvg",
        "PySide6/Qt/lib/QtDBus.framework/Versions/A/QtDBus",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/platforms/libqoffscreen.dylib",
        "PySide6/Qt/plugins/styles/libqmacstyle.dylib",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/translations/qt_en.qm",
    ],
}
PLATFORMS = {"linux": "linux", "windows": "win32", "macos": "darwin"}


@pytest.mark.parametrize("family", ["linux", "windows", "macos"])
def test_each_platform_leaves_out_its_own_names_for_the_unused_parts(family: str) -> None:
    platform = PLATFORMS[family]
    assert [name for name in DROPPED[family] if rules.wanted(name, platform)] == []
    assert [name for name in KEPT[family] if not rules.wanted(name, platform)] == []


def test_the_wayland_platform_plugin_stays_on_linux() -> None:
    """The kiosk runs under the cage compositor with QT_QPA_PLATFORM=wayland."""
    for name in (
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libqt-shell.so",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/Qt/lib/libQt6WlShellIntegration.so.6",
    ):
        assert rules.wanted(name, "linux"), name


def test_windows_names_are_matched_whatever_their_case() -> None:
    assert not rules.wanted(r"PYSIDE6\OPENGL32SW.DLL", "win32")
    assert not rules.wanted(r"PySide6\Plugins\Platforms\QVNC.dll", "win32")
    assert rules.wanted(r"PySide6\Translations\QTBASE_ZH_CN.qm", "win32")


# --- The executable's options and the Windows version resource -----------------------------------------


@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_off_windows_the_exe_gets_no_windows_only_options(platform: str) -> None:
    """PyInstaller warns "Ignoring ... supported only on Windows" for them (and CI runs with --log-level WARN)."""
    assert rules.exe_options(platform, REPO) == {"console": True}


class _WindowsStruct:
    """The struct module with Windows' sizes. PyInstaller's versioninfo packs FixedFileInfo as native '13L':
    52 bytes where a C long is 4 bytes (Windows), 104 on 64-bit Linux, where the bytes would not be a
    version resource and fromRaw() could not read them back."""

    @staticmethod
    def pack(fmt: str, *values: int) -> bytes:
        return struct.pack("<" + fmt, *values)

    @staticmethod
    def unpack(fmt: str, data: bytes) -> tuple[Any, ...]:
        return struct.unpack("<" + fmt, data)


@pytest.fixture
def versioninfo(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """PyInstaller's versioninfo, importable here: it imports win32api from PyInstaller.compat, which is
    there only on Windows (and used only to read and write an .exe, which these tests do not)."""
    import PyInstaller.compat

    name = "PyInstaller.utils.win32.versioninfo"
    monkeypatch.setattr(PyInstaller.compat, "win32api", getattr(PyInstaller.compat, "win32api", None), raising=False)
    already = name in sys.modules
    module = importlib.import_module(name)
    monkeypatch.setattr(module, "struct", _WindowsStruct)
    yield module
    if not already:
        sys.modules.pop(name, None)


def test_on_windows_the_exe_is_a_console_exe_that_hides_its_own_console(versioninfo: Any) -> None:
    options = rules.exe_options("win32", REPO, year=2026)
    assert options["console"] is True
    assert options["hide_console"] == "hide-early"
    assert Path(str(options["icon"])).is_file()
    assert isinstance(options["version"], versioninfo.VSVersionInfo)


def test_the_version_resource_reads_back_with_the_projects_metadata(versioninfo: Any) -> None:
    raw = rules.exe_options("win32", REPO, year=2026)["version"].toRaw()
    assert struct.unpack_from("<H", raw)[0] == len(raw)  # wLength: the whole resource
    parsed = versioninfo.VSVersionInfo()
    parsed.fromRaw(raw)
    strings = {entry.name: entry.val for table in parsed.kids[0].kids for entry in table.kids}
    assert strings == {
        "CompanyName": PROJECT["authors"][0]["name"],
        "FileDescription": PROJECT["description"],
        "FileVersion": kiosk.__version__,
        "InternalName": PROJECT["name"],
        "LegalCopyright": f"© 2026 {PROJECT['authors'][0]['name']}",
        "OriginalFilename": f"{PROJECT['name']}.exe",
        "ProductName": PROJECT["name"],
        "ProductVersion": kiosk.__version__,
    }
    assert parsed.kids[0].kids[0].name == "040904B0"
    assert parsed.kids[1].kids[0].kids == [0x0409, 0x04B0]  # the Translation that names that table
    parts = [int(part) for part in kiosk.__version__.split(".")]
    a, b, c, d = parts + [0] * (4 - len(parts))
    ffi = parsed.ffi
    assert (ffi.fileVersionMS, ffi.fileVersionLS, ffi.productVersionMS, ffi.productVersionLS) == ((a << 16) | b, (c << 16) | d) * 2
    assert ffi.sig == 0xFEEF04BD and ffi.fileType == 0x1  # VS_FIXEDFILEINFO of an application


@pytest.mark.parametrize(
    ("version", "numbers"), [("0.1.0", (0, 1, 0, 0)), ("1.2rc1", (1, 2, 0, 0)), ("2026.12.4.7.1", (2026, 12, 4, 7)), ("3", (3, 0, 0, 0))]
)
def test_versions_become_windows_four_numbers(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert rules.version_numbers(version) == numbers


def test_a_version_windows_cannot_hold_is_refused() -> None:
    with pytest.raises(ValueError, match="65535"):
        rules.version_numbers("1.70000")


# --- The glibc a Linux bundle needs, read from its ELF files -------------------------------------------


def _elf(wide: bool, order: str, needs: dict[str, list[str]]) -> bytes:
    """A minimal ELF file with a .gnu.version_r section naming `needs` (and the .dynstr it links to)."""
    strings = bytearray(b"\0")

    def at(text: str) -> int:
        if (found := strings.find(b"\0" + text.encode() + b"\0")) >= 0:
            return found + 1
        strings.extend(text.encode() + b"\0")
        return len(strings) - len(text) - 1

    verneed = b""
    for n, (library, versions) in enumerate(needs.items()):
        aux = b"".join(struct.pack(order + "IHHII", 0, 0, 2 + k, at(v), 16 if k < len(versions) - 1 else 0) for k, v in enumerate(versions))
        verneed += struct.pack(order + "HHIII", 1, len(versions), at(library), 16, 16 + len(aux) if n < len(needs) - 1 else 0) + aux
    names = b"\0.dynstr\0.gnu.version_r\0.shstrtab\0"
    header_size = 64 if wide else 52
    strings_at = header_size
    verneed_at = (strings_at + len(strings) + 7) // 8 * 8
    names_at = verneed_at + len(verneed)
    sections_at = (names_at + len(names) + 7) // 8 * 8
    section = order + ("IIQQQQIIQQ" if wide else "IIIIIIIIII")
    sections = [
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        (1, 3, 2, 0, strings_at, len(strings), 0, 0, 1, 0),  # SHT_STRTAB, SHF_ALLOC
        (9, 0x6FFFFFFE, 2, 0, verneed_at, len(verneed), 1, len(needs), 4, 0),  # SHT_GNU_verneed, linked to section 1
        (24, 3, 0, 0, names_at, len(names), 0, 0, 1, 0),
    ]
    ident = b"\x7fELF" + bytes([2 if wide else 1, 1 if order == "<" else 2, 1]) + bytes(9)
    fields = (3, 0, 1, 0, 0, sections_at, 0, header_size, 0, 0, struct.calcsize(section), len(sections), 3)  # ET_DYN
    out = bytearray(ident + struct.pack(order + ("HHIQQQIHHHHHH" if wide else "HHIIIIIHHHHHH"), *fields))
    for offset, blob in ((strings_at, strings), (verneed_at, verneed), (names_at, names), (sections_at, b"")):
        out += bytes(offset - len(out)) + blob
    for entry in sections:
        out += struct.pack(section, *entry)
    return bytes(out)


def _objdump_needs(path: Path) -> dict[str, list[str]]:
    """objdump -p's "Version References": "  required from libc.so.6:" then "    0x... 0x00 02 GLIBC_2.2.5"."""
    out = subprocess.run(["objdump", "-p", str(path)], check=True, capture_output=True, text=True, timeout=60).stdout
    needs: dict[str, list[str]] = {}
    library = ""
    for line in out.partition("Version References:")[2].splitlines():
        words = line.split()
        if line.startswith("  required from "):
            library = line.strip().removeprefix("required from ").removesuffix(":")
            needs[library] = []
        elif len(words) == 4 and words[0].startswith("0x") and library:
            needs[library].append(words[3])
        elif line.strip():
            break
    return needs


NEEDS = {"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.34"], "libstdc++.so.6": ["GLIBCXX_3.4.30", "CXXABI_1.3.9"], "libm.so.6": ["GLIBC_2.29"]}
needs_objdump = pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump (binutils) is not installed")


@pytest.mark.parametrize(("wide", "order"), [(True, "<"), (False, "<"), (True, ">"), (False, ">")], ids=["64le", "32le", "64be", "32be"])
def test_the_elf_reader_reads_32_and_64_bit_files_of_either_byte_order(tmp_path: Path, wide: bool, order: str) -> None:
    path = tmp_path / "lib.so"
    path.write_bytes(_elf(wide, order, NEEDS))
    assert rules.elf_version_needs(path) == NEEDS


@needs_objdump
@pytest.mark.parametrize(("wide", "order"), [(True, "<"), (False, "<"), (True, ">"), (False, ">")], ids=["64le", "32le", "64be", "32be"])
def test_objdump_reads_the_made_up_files_the_same(tmp_path: Path, wide: bool, order: str) -> None:
    """The made-up files above are real ELF to binutils too (so the reader is not only checked against
    the writer in this file)."""
    path = tmp_path / "lib.so"
    path.write_bytes(_elf(wide, order, NEEDS))
    assert _objdump_needs(path) == NEEDS


def _real_elf_files() -> list[Path]:
    """Libraries the bundle carries, from this venv, and the Python executable."""
    found: list[Path] = [Path(sys.executable).resolve()]
    wanted = [("PySide6", "Qt/lib/libQt6Core.so.6"), ("PySide6", "libpyside6*.so*"), ("numpy", "_core/_multiarray_umath*.so")]
    for package, pattern in wanted:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations
        found += sorted(Path(spec.submodule_search_locations[0]).glob(pattern))[:1]
    return found


@needs_objdump
def test_the_elf_reader_agrees_with_objdump_on_real_libraries() -> None:
    files = _real_elf_files()
    if rules.elf_version_needs(files[0]) is None:
        pytest.skip("this system's executables are not ELF")
    assert len(files) == 4, files
    for path in files:
        ours = rules.elf_version_needs(path)
        assert ours, path  # each needs versioned symbols from somewhere (libc at least)
        assert ours == _objdump_needs(path), path


def test_the_glibc_needed_is_the_highest_glibc_version_of_any_file(tmp_path: Path) -> None:
    files = {
        "old.so": {"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.9"]},
        "newest.so": {"libc.so.6": ["GLIBC_2.17", "GLIBC_PRIVATE"], "libm.so.6": ["GLIBC_2.17"], "libstdc++.so.6": ["GLIBCXX_3.4.32"]},
        "also-newest.so": {"libpthread.so.0": ["GLIBC_2.17"]},
        "no-glibc.so": {"libz.so.1": ["ZLIB_1.2.9"]},
    }
    for name, needs in files.items():
        (tmp_path / name).write_bytes(_elf(True, "<", needs))
    (tmp_path / "content.json").write_text("{}", encoding="utf-8")
    need = rules.glibc_needed(sorted(tmp_path.iterdir()))
    assert need == rules.GlibcNeed("2.17", ("also-newest.so", "newest.so"))  # 2.17 > 2.9: compared as numbers


def test_a_cut_short_elf_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "libcut.so"
    path.write_bytes(_elf(True, "<", NEEDS)[:-30])
    with pytest.raises(ValueError, match=r"libcut\.so"):
        rules.elf_version_needs(path)


# --- build-info.json and the self-test's line about it -------------------------------------------------

FACTS = rules.BuildFacts("Debian GNU/Linux 12 (bookworm)", "x86_64", "3.11.7", "6.11.3", "6.11.3")
BUILT = datetime(2026, 12, 4, 14, 30, tzinfo=UTC)


def _bundle(tmp_path: Path, needs: dict[str, list[str]]) -> Path:
    bundle = tmp_path / "dist" / "lna-kiosk"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "lna-kiosk").write_bytes(_elf(True, "<", {"libc.so.6": ["GLIBC_2.2.5"]}))
    (bundle / "_internal" / "libstdc++.so.6").write_bytes(_elf(True, "<", needs))
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    return bundle


def test_a_linux_bundle_records_the_glibc_it_needs_and_the_self_test_reads_it(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, {"libc.so.6": ["GLIBC_2.36"]})
    written = rules.write_build_info(bundle, "linux", REPO, FACTS, BUILT)
    assert written == bundle / "_internal" / "build-info.json"
    info = json.loads(written.read_text(encoding="utf-8"))
    assert info["version"] == kiosk.__version__
    assert info["built_at"] == "2026-12-04T14:30:00+00:00"
    assert (info["build_system"], info["python"], info["qt"]) == ("Debian GNU/Linux 12 (bookworm)", "3.11.7", "6.11.3")
    assert (info["glibc_needed"], info["glibc_needed_by"]) == ("2.36", "libstdc++.so.6")

    line, problem = bundle_report(written, frozen=True, glibc="2.36")
    built = "  bundle: built 2026-12-04 on Debian GNU/Linux 12 (bookworm)"
    assert line == built + "; needs glibc >= 2.36 (libstdc++.so.6); this system has glibc 2.36"
    assert problem is None
    line, problem = bundle_report(written, frozen=True, glibc="2.35")
    assert problem is not None and "needs glibc 2.36 or newer" in problem and "this system has 2.35" in problem


def test_a_windows_bundle_records_the_oldest_windows_qt_supports(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, {"libc.so.6": ["GLIBC_2.36"]})
    facts = rules.BuildFacts("Windows-10-10.0.19045-SP0", "AMD64", "3.11.7", "6.11.3", "6.11.3")
    info = rules.build_info(bundle, "win32", REPO, facts, BUILT)
    assert info["glibc_needed"] is None  # glibc means nothing there, whatever files are around
    assert info["minimum_os"] == "Windows 10 1809"
    assert info["minimum_os_source"] == "https://doc.qt.io/qt-6.11/windows.html"
    path = tmp_path / "build-info.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    assert bundle_report(path, frozen=True, glibc=None) == (
        "  bundle: built 2026-12-04 on Windows-10-10.0.19045-SP0; needs Windows 10 1809 or later",
        None,
    )


def test_the_self_test_says_when_it_is_not_a_bundle(tmp_path: Path) -> None:
    assert bundle_report(tmp_path / "build-info.json", frozen=False, glibc="2.36") == ("  bundle: not a bundle (running from source)", None)
    line, problem = bundle_report(tmp_path / "build-info.json", frozen=True, glibc="2.36")
    assert "no build-info.json" in line and problem is None


# --- After COLLECT: Pillow's second libXau, ICU's data; what a built bundle must not hold ---------------

needs_binutils = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(shutil.which(tool) for tool in ("objcopy", "ld", "objdump")),
    reason="links an ELF library with binutils (Linux)",
)


def test_the_icu_stub_is_icus_empty_common_data() -> None:
    data = rules.icu_stub_data()
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data)
    info_size, _, big_endian, charset, uchar, _ = struct.unpack_from("<HHBBBB", data, 4)
    assert (header_size, magic1, magic2) == (32, 0xDA, 0x27)  # MappedData
    assert (info_size, big_endian, charset, uchar) == (20, 0, 0, 2)  # UDataInfo: little-endian, ASCII, UTF-16
    assert data[12:16] == b"CmnD" and data[16:20] == bytes([1, 0, 0, 0])  # common data, format 1
    assert struct.unpack_from("<I", data, header_size)[0] == 0  # no entries
    assert rules.icu_stub_data(big_endian=True)[:2] == b"\x00\x20"


@needs_binutils
def test_the_icu_data_library_becomes_the_stub_under_its_own_name_and_symbol(tmp_path: Path) -> None:
    import _ctypes
    import ctypes

    bundle = tmp_path / "lna-kiosk"
    library = bundle / "_internal" / "PySide6" / "Qt" / "lib" / "libicudata.so.73"
    library.parent.mkdir(parents=True)
    shutil.copyfile(_ctypes.__file__, library)  # any ELF library of this machine stands in for ICU's data
    (library.parent / "libicudata.so").symlink_to(library.name)
    before = library.stat().st_size

    assert rules.stub_icu_data(bundle, "linux") == [(library, before - library.stat().st_size)]
    loaded = ctypes.CDLL(str(library))
    assert bytes((ctypes.c_char * 48).in_dll(loaded, "icudt73_dat")) == rules.icu_stub_data()  # what libicuuc reads
    assert "libicudata.so.73" in subprocess.run(["objdump", "-p", str(library)], capture_output=True, text=True).stdout  # its SONAME
    assert (library.parent / "libicudata.so").is_symlink()
    assert rules.stub_icu_data(bundle, "win32") == [] and rules.stub_icu_data(tmp_path / "nothing", "linux") == []


def test_the_kiosk_asks_qt_for_nothing_that_reads_icus_data() -> None:
    """QtCore's uses of ICU's data (the others read what is compiled into libicuuc): the Linux bundle has none."""
    icu_users = re.compile(r"\b(QCollator\w*|QStringConverter|QStringEncoder|QStringDecoder|QTextCodec|QTimeZone)\b")
    found = [
        f"{p.relative_to(REPO)}: {m.group(1)}"
        for p in (REPO / "kiosk").rglob("*.py")
        for m in icu_users.finditer(p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_pillows_second_libxau_becomes_a_link_to_the_bundles_own(tmp_path: Path) -> None:
    internal = tmp_path / "lna-kiosk" / "_internal"
    (internal / "pillow.libs").mkdir(parents=True)
    copy = internal / "pillow.libs" / "libXau-154567c4.so.6.0.0"
    copy.write_bytes(bytes(5000))
    assert rules.link_duplicate_libraries(internal.parent, "linux") == []  # the bundle has no libXau of its own: kept
    (internal / "libXau.so.6").write_bytes(b"own")
    assert rules.link_duplicate_libraries(internal.parent, "linux") == [(copy, 5000)]
    assert copy.is_symlink() and copy.read_bytes() == b"own" and copy.readlink() == Path("../libXau.so.6")
    assert rules.link_duplicate_libraries(internal.parent, "linux") == []  # once


def test_passengers_are_named_with_what_they_are(tmp_path: Path) -> None:
    internal = tmp_path / "lna-kiosk" / "_internal"
    files = [
        "pillow_heif.libs/libx265-4883ecb5.so.217",
        "pillow_heif.libs/libheif-e72ea93c.so.1.23.6",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",  # kept
        "pi_heif.libs/libheif-7a3e919c.so.1.23.0",  # kept
        "PySide6/Qt/lib/libicudata.so.73",
    ]
    for name in files:
        (internal / name).parent.mkdir(parents=True, exist_ok=True)
        (internal / name).write_bytes(b"x")
    with (internal / "PySide6/Qt/lib/libicudata.so.73").open("r+b") as icu:
        icu.truncate(32_000_000)  # ICU's full data (sparse)
    (internal / "libx265-4883ecb5.so.217").symlink_to("pillow_heif.libs/libx265-4883ecb5.so.217")  # a link takes no room
    modules = ["numpy", "numpy.f2py", "numpy.f2py.crackfortran", "numpyish", "pyqtgraph.exporters.ImageExporter", "pi_heif"]

    found = rules.passengers(internal.parent, "linux", modules)
    assert [line.split(":")[0] for line in found] == [
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "pillow_heif.libs/libheif-e72ea93c.so.1.23.6",
        "pillow_heif.libs/libx265-4883ecb5.so.217",
        "numpy.f2py",
        "numpy.f2py.crackfortran",
        "pyqtgraph.exporters.ImageExporter",
    ]
    assert "HEVC encoder" in found[5] and "ICU" in found[0]
    assert len(rules.passengers(internal.parent, "win32")) == 5  # not the ICU data: Windows' Qt has none of its own


# The frozen bundle to list (.ci/run sets it after building one): never a stale dist/ left from an old build.
FROZEN = Path(os.environ["KIOSK_TEST_BUNDLE"]).absolute() if os.environ.get("KIOSK_TEST_BUNDLE") else None


@pytest.mark.skipif(FROZEN is None, reason="needs a frozen bundle named by KIOSK_TEST_BUNDLE (.ci/run builds one)")
def test_the_built_bundle_carries_no_passengers() -> None:
    assert FROZEN is not None
    bundle = FROZEN.parent
    modules = rules.bundle_modules(FROZEN)
    assert {"kiosk.cli", "pi_heif", "PIL.AvifImagePlugin", "pyqtgraph", "numpy"} <= modules  # it read the real archive
    assert rules.passengers(bundle, sys.platform, modules) == []
    assert any(path.name.startswith("_pi_heif") for path in (bundle / "_internal").iterdir())  # HEIC still decodes (self-test: how well)


# --- kiosk.spec, run with stand-ins for PyInstaller's build steps --------------------------------------


def test_the_spec_hands_the_rules_to_pyinstaller(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    family = rules.family(sys.platform)
    collected = [(name, f"/site-packages/{name}", "BINARY") for name in DROPPED[family] + KEPT[family]]
    built: dict[str, Any] = {}

    class Analysis:
        def __init__(self, scripts: list[str], **options: Any) -> None:
            built["Analysis"] = options
            self.binaries, self.datas = list(collected), list(collected)
            self.pure, self.scripts = ["pure"], ["scripts"]

    def recorder(step: str) -> Any:
        return lambda *args, **options: built.setdefault(step, (args, options))

    bundle = _bundle(tmp_path, {"libc.so.6": ["GLIBC_2.34"]})
    namespace = {"SPECPATH": str(REPO), "DISTPATH": str(bundle.parent), "Analysis": Analysis}
    namespace |= {step: recorder(step) for step in ("PYZ", "EXE", "COLLECT")}
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts tools/ first
    monkeypatch.delitem(sys.modules, "bundle_rules")  # so that the spec imports tools/bundle_rules.py itself
    exec(compile((REPO / "kiosk.spec").read_text(encoding="utf-8"), "kiosk.spec", "exec"), namespace)

    assert built["Analysis"]["excludes"] == rules.EXCLUDED_MODULES
    kept = [entry for entry in collected if entry[0] in KEPT[family]]
    _, exe_options = built["EXE"]
    collect_args, collect_options = built["COLLECT"]
    assert collect_args[1] == collect_args[2] == kept  # binaries and datas, filtered by the rules
    assert collect_options["name"] == exe_options["name"] == "lna-kiosk" and exe_options["exclude_binaries"] is True
    expected = {key: str(value) for key, value in rules.exe_options(sys.platform, REPO).items()}  # str: a VSVersionInfo is not ==
    assert {key: str(value) for key, value in exe_options.items() if key in expected} == expected
    if family != "windows":
        assert "hide_console" not in exe_options and "version" not in exe_options
    info = json.loads((bundle / "_internal" / "build-info.json").read_text(encoding="utf-8"))
    assert info["version"] == kiosk.__version__
    if family == "linux":
        assert (info["glibc_needed"], info["glibc_needed_by"]) == ("2.34", "libstdc++.so.6")
    assert "build-info.json" in capsys.readouterr().out
