"""What kiosk.spec needs to decide, as plain functions of the target platform, so that a test can ask them
about Windows or macOS on a Linux machine: which collected files the bundle leaves out, the options of
the executable (console, Windows version resource), the glibc a Linux bundle needs (read from the ELF
files themselves) and the build-info.json that says so inside the bundle.

`platform` is always a `sys.platform` value ("linux", "win32", "darwin"); kiosk.spec passes its own."""

from __future__ import annotations

import functools
import json
import os
import platform as platform_module
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Literal

Family = Literal["linux", "windows", "macos"]

BUILD_INFO = "build-info.json"  # in the bundle's data folder: resources.bundle_root() in the frozen kiosk
CONTENTS_DIRECTORY = "_internal"  # PyInstaller 6's onedir layout: the executable, then everything else in here


def family(platform: str) -> Family:
    """The naming scheme of the platform's libraries: PySide6 ships Qt as lib*.so (Linux and other ELF
    systems), *.dll (Windows) or *.framework (macOS)."""
    if platform.startswith(("win", "cygwin", "msys")):
        return "windows"
    if platform == "darwin":
        return "macos"
    return "linux"


# --- What the bundle leaves out ------------------------------------------------------------------------

# Python modules the kiosk never imports (the PySide6 hooks would otherwise pull in their Qt libraries).
EXCLUDED_MODULES = [
    # ssl stays (about 1.2 MB with libssl; libcrypto is there for hashlib): prometheus_client's exposition module,
    # which writes the metrics file (kiosk/core/hall/metrics.py), imports it at the top. The kiosk opens no connection.
    *("tkinter", "unittest", "pydoc_data", "readline", "matplotlib", "scipy", "pandas", "IPython", "PyQt5", "PyQt6"),
    *("PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtPdf", "PySide6.QtPdfWidgets"),
    *("PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtHelp"),
    *("PySide6.QtConcurrent", "PySide6.QtXml", "PySide6.QtDBus", "PySide6.QtPrintSupport", "PySide6.QtUiTools", "PySide6.QtStateMachine"),
    *("PySide6.QtNetworkAuth", "PySide6.QtWebSockets", "PySide6.QtSerialPort", "PySide6.QtBluetooth", "PySide6.QtPositioning"),
    *("PySide6.QtSensors", "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.Qt3DCore", "PySide6.QtWebEngineCore"),
    *("PySide6.QtSpatialAudio", "PySide6.QtTextToSpeech"),
    *("pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter", "pyqtgraph.canvas", "pyqtgraph.flowchart"),
    # Imported only by pyqtgraph.dbg()/stack() (console) and the export dialog of PlotItem's menu (the kiosk's
    # view boxes have no menu: kiosk/ui/charts/still_plot.py). pyqtgraph.parametertree stays: pyqtgraph's
    # __init__ imports it (ColorMapWidget, DataFilterWidget, ScatterPlotWidget).
    *("pyqtgraph.console", "pyqtgraph.exporters"),
    *("pyqtgraph.GraphicsScene.exportDialog", "pyqtgraph.GraphicsScene.exportDialogTemplate_generic"),
    # numpy's Fortran wrapper generator and its test helpers: numpy imports neither (numpy.testing on demand).
    *("numpy.f2py", "numpy.testing"),
    "pillow_heif",  # HEIC is decoded by pi-heif, its decode-only build (pillow-heif's libheif links the x265 encoder)
]

# Qt libraries the kiosk never loads, by Qt module name; each also drops the modules named after it
# (QtQml: QtQmlModels, QtQmlCore...; QtQuick: QtQuickControls2...). Kept, and never to be added here:
# QtCore, QtGui, QtWidgets, QtSvg, QtOpenGL and QtOpenGLWidgets (pyqtgraph imports QtOpenGL), QtDBus
# (QtGui links it on Linux), QtXcbQpa (the X11 platform plugin), and QtWaylandClient and
# QtWlShellIntegration (the Wayland platform plugin, for a kiosk under the cage compositor).
DROPPED_QT_MODULES = (
    *("QtPdf", "QtQml", "QtQuick", "QtNetwork", "QtMultimedia", "QtWebEngine", "QtVirtualKeyboard", "QtSql", "QtTest", "QtDesigner"),
    "QtCharts",
    # The eglfs platform (fullscreen on a bare framebuffer, no compositor) goes with its plugin:
    *("QtEglFSDeviceIntegration", "QtEglFsKmsSupport"),
)

# Whole plugin folders (plugins/<type>/) the kiosk never uses. egldeviceintegrations is loaded only by
# the eglfs platform plugin (dropped below) and links QtEglFSDeviceIntegration (dropped above).
# platformthemes: the GTK and xdg-desktop-portal themes; the kiosk draws its own theme.
# imageformats and iconengines: the kiosk decodes every photo with Pillow and hands Qt raw pixels
# (kiosk/ui/photos/photo_loader.py); it loads no image file and no icon through Qt, and writes its
# snapshots as PNG, which QtGui reads and writes itself. generic: evdev input (read by the eglfs and
# linuxfb platforms, both dropped) and TUIO touch over the network; touches come from the platform plugin.
DROPPED_PLUGIN_TYPES = (
    *("sqldrivers", "multimedia", "printsupport", "qmltooling", "networkinformation", "tls", "designer", "geometryloaders"),
    *("sceneparsers", "renderers", "position", "sensors", "texttospeech", "platformthemes", "egldeviceintegrations"),
    *("imageformats", "iconengines", "generic"),
)

# Single plugins, by type and Qt's plugin name (libqvnc.so, qvnc.dll, libqvnc.dylib are all "qvnc").
DROPPED_PLUGINS = {
    # Kept: xcb (X11), wayland (the cage compositor), windows, cocoa, offscreen (self-test, snapshots), minimal.
    # qdirect2d (Windows) is an alternative to qwindows, used only when asked for with -platform direct2d.
    "platforms": ("qvnc", "qlinuxfb", "qeglfs", "qminimalegl", "qvkkhrdisplay", "qdirect2d"),
    # Plugins of libraries dropped above (they could not load): the on-screen keyboard (QtVirtualKeyboard, QtQuick).
    "platforminputcontexts": ("qtvirtualkeyboardplugin",),
}

# Qt's own translations: only the languages the kiosk speaks (qtwebengine_*, designer_*... all go).
KEPT_QT_TRANSLATIONS = ("qt_zh_CN", "qtbase_zh_CN", "qt_en", "qtbase_en")

# Files of one platform only, matched by the start of their file name.
DROPPED_FILES: dict[Family, tuple[str, ...]] = {
    # What only the dropped GTK platform theme and Python's readline needed:
    "linux": (
        *("libatk", "libgdk", "libgtk", "libpango", "libcairo", "libharfbuzz", "libgraphite2", "libpixman", "libgio-", "libthai"),
        *("libdatrie", "libfribidi", "libepoxy", "libXrender", "libkrb5", "libk5crypto", "libgssapi", "libcom_err", "libkeyutils"),
        *("libreadline", "libtinfo"),
    ),
    # opengl32sw.dll is Mesa's llvmpipe, a software OpenGL (20,155 KB in PySide6-Essentials 6.11.3's
    # win_amd64 wheel) that Qt loads instead of the system's opengl32.dll only when something asks for
    # an OpenGL context and the driver cannot give OpenGL 2 (doc.qt.io/qt-6/windows-graphics.html).
    # The kiosk draws with QPainter on raster surfaces; pyqtgraph imports QtOpenGL but makes no context
    # here (no GLViewWidget, useOpenGL left off), so nothing ever asks for one.
    "windows": ("opengl32sw.dll",),
    "macos": (),
}


@dataclass(frozen=True)
class DropRules:
    """One platform's drop rules as file-name patterns (lower case), derived from the names above."""

    qt_module: re.Pattern[str]  # matched against the file name (Linux, Windows) or any folder (macOS frameworks)
    plugin_types: tuple[str, ...]  # "/plugins/sqldrivers/"
    plugin_files: tuple[str, ...]  # "/plugins/platforms/libqvnc.so"
    file_prefixes: tuple[str, ...]
    kept_translations: frozenset[str]  # "qtbase_zh_cn"


@functools.cache
def drop_rules(platform: str) -> DropRules:
    """The patterns one platform's file names follow: libQt6Pdf.so.6 / Qt6Pdf.dll / QtPdf.framework;
    plugins/platforms/libqvnc.so / plugins\\platforms\\qvnc.dll / plugins/platforms/libqvnc.dylib."""
    fam = family(platform)
    modules = "|".join(re.escape(name.removeprefix("Qt").lower()) for name in DROPPED_QT_MODULES)
    qt_module = {
        "linux": rf"^libqt6(?:{modules})\w*\.so(?:\.|$)",
        "windows": rf"^qt6(?:{modules})\w*\.dll$",  # \w* also takes the debug builds' Qt6Pdfd.dll
        "macos": rf"^qt(?:{modules})\w*\.framework$",
    }[fam]
    plugin_file = {"linux": "lib{}.so", "windows": "{}.dll", "macos": "lib{}.dylib"}[fam]
    return DropRules(
        qt_module=re.compile(qt_module),
        plugin_types=tuple(f"/plugins/{kind}/" for kind in DROPPED_PLUGIN_TYPES),
        plugin_files=tuple(f"/plugins/{kind}/{plugin_file.format(name)}" for kind, names in DROPPED_PLUGINS.items() for name in names),
        file_prefixes=tuple(prefix.lower() for prefix in DROPPED_FILES[fam]),
        kept_translations=frozenset(name.lower() for name in KEPT_QT_TRANSLATIONS),
    )


def wanted(entry_name: str, platform: str) -> bool:
    """Whether a file PyInstaller collected (its name in the bundle, a TOC entry's first item) stays in
    the bundle built for `platform`. Windows names use backslashes; case does not matter there."""
    rules = drop_rules(platform)
    path = "/" + entry_name.replace("\\", "/").lower()
    folders = path.split("/")[1:-1]
    name = path.rsplit("/", 1)[-1]
    if "qml" in folders:  # QML modules and their plugins
        return False
    if rules.qt_module.match(name) or any(rules.qt_module.match(folder) for folder in folders):
        return False
    if any(kind in path for kind in rules.plugin_types) or path.endswith(rules.plugin_files):
        return False
    if name.startswith(rules.file_prefixes):
        return False
    if "translations" in folders and name.endswith(".qm"):
        return name.removesuffix(".qm") in rules.kept_translations
    return True


# --- What a built bundle must not hold -----------------------------------------------------------------

# Known passengers: files earlier bundles carried that the kiosk cannot or never loads, as patterns of their
# path inside the contents folder (lower case, "/" between folders), with what they are. passengers() lists a
# built bundle against these, the modules of EXCLUDED_MODULES and the full ICU data (tests/tools/
# test_bundle_rules.py, on the bundle KIOSK_TEST_BUNDLE names).
PASSENGER_FILES: tuple[tuple[str, str], ...] = (
    (r"x265", "x265, an HEVC encoder that pillow-heif's libheif links (the kiosk decodes only: pi-heif)"),
    (r"(^|/)_?pillow_heif", "pillow-heif, which pi-heif replaces"),
    (r"/plugins/imageformats/", "a Qt image format plugin (photos are decoded by Pillow)"),
    (r"/plugins/iconengines/", "a Qt icon engine (the kiosk loads no icon files)"),
    (r"/plugins/generic/", "a Qt input plugin for evdev or TUIO (touches come from the platform plugin)"),
    (r"/plugins/(egldeviceintegrations/|platforms/(lib)?q(eglfs|linuxfb|vnc|minimalegl))", "a dropped Qt platform"),
    (r"(^|/)(lib)?qt6?eglfs", "the eglfs platform's library"),
    (r"(^|/)pillow\.libs/libxau-", "Pillow's own libXau, which the bundle has once already"),
)
ICU_DATA_MAX_BYTES = 1_000_000  # ICU's full data is 32 MB; its stub a few KB


def bundle_modules(executable: Path) -> set[str]:
    """The Python modules in a bundle's executable (its PYZ archive), read with PyInstaller's own reader."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable))
    names: set[str] = set()
    for entry in archive.toc:
        if entry.endswith(".pyz"):
            names.update(archive.open_embedded_archive(entry).toc)
    return names


def passengers(bundle: Path, platform: str, modules: Iterable[str] = ()) -> list[str]:
    """What a built bundle holds that it should not, one line each ("path: what it is"): files matching
    PASSENGER_FILES (regular files; links take no room), modules of EXCLUDED_MODULES among `modules`
    (bundle_modules() of its executable), and on Linux an ICU data library bigger than the stub."""
    internal = bundle / CONTENTS_DIRECTORY
    found = []
    for path in bundle_files(bundle):
        name = path.relative_to(internal).as_posix() if path.is_relative_to(internal) else path.name
        why = next((what for pattern, what in PASSENGER_FILES if re.search(pattern, "/" + name.lower())), None)
        if why is None and family(platform) == "linux" and ICU_DATA_LIBRARY.match(path.name) and path.stat().st_size > ICU_DATA_MAX_BYTES:
            why = "ICU's full data, which the kiosk never asks for (stub_icu_data)"
        if why is not None:
            found.append(f"{name}: {why}")
    excluded = tuple(EXCLUDED_MODULES)
    found += [f"{module}: an excluded module" for module in sorted(modules) if _is_under(module, excluded)]
    return found


def _is_under(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


# --- The executable ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectMetadata:
    """What the Windows version resource and build-info.json say about the kiosk, from pyproject.toml's
    [project] table and kiosk/__init__.py (the version's one home; hatch reads it there too)."""

    name: str
    version: str
    description: str
    company: str

    @classmethod
    def read(cls, root: Path) -> ProjectMetadata:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        init = (root / "kiosk" / "__init__.py").read_text(encoding="utf-8")
        found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", init, re.MULTILINE)
        if found is None:
            raise ValueError(f"no __version__ in {root / 'kiosk' / '__init__.py'}")
        return cls(project["name"], found.group(1), project["description"], project["authors"][0]["name"])


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """A version as Windows' four 16-bit numbers: "0.1.0" -> (0, 1, 0, 0); "1.2rc1" -> (1, 2, 0, 0)."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    if release is None:
        raise ValueError(f"{version!r} does not start with a version number")
    numbers = [int(part) for part in release.group().split(".")[:4]]
    numbers += [0] * (4 - len(numbers))
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"{version!r}: Windows version numbers stop at 65535")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def version_resource(meta: ProjectMetadata, year: int) -> object:
    """The exe's Windows version resource (Explorer's Details tab, Task Manager's name for the process),
    as PyInstaller's VSVersionInfo. Imports PyInstaller's versioninfo, which only loads on Windows
    (tests give it a stand-in for the Windows API it imports)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    numbers = version_numbers(meta.version)
    strings = {
        "CompanyName": meta.company,
        "FileDescription": meta.description,
        "FileVersion": meta.version,
        "InternalName": meta.name,
        "LegalCopyright": f"© {year} {meta.company}",
        "OriginalFilename": f"{meta.name}.exe",
        "ProductName": meta.name,
        "ProductVersion": meta.version,
    }
    return VSVersionInfo(
        # OS 0x40004: VOS_NT_WINDOWS32; fileType 0x1: VFT_APP (learn.microsoft.com: VS_FIXEDFILEINFO).
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0),
        kids=[
            StringFileInfo([StringTable("040904B0", [StringStruct(key, value) for key, value in strings.items()])]),
            VarFileInfo([VarStruct("Translation", [0x0409, 0x04B0])]),  # US English, Unicode: the table above
        ],
    )


def exe_options(platform: str, root: Path, year: int | None = None) -> dict[str, object]:
    """The platform-dependent keyword arguments of the spec's EXE().

    Windows: a console exe, so that `lna-kiosk set-pin`, `config`, `check` and `--self-test` print in a
    Command Prompt, which waits for them and gets their exit status (a windowed exe prints nothing and
    the prompt returns at once). hide_console="hide-early" hides the console only when the exe owns it
    (started from a shortcut, Task Scheduler or Explorer), at once in the bootloader, so the kiosk shows
    no console window (PyInstaller's EXE docstring). Plus the version resource and the icon.
    Linux and macOS: a plain executable; PyInstaller warns about (and ignores) hide_console, version and,
    on Linux, icon there, so they are not passed. macOS uses an icon only in a .app, which this is not."""
    if family(platform) != "windows":
        return {"console": True}
    meta = ProjectMetadata.read(root)
    return {
        "console": True,
        "hide_console": "hide-early",
        "version": version_resource(meta, year or datetime.now(UTC).year),
        "icon": str(root / "assets" / "icon" / "kiosk.ico"),
    }


# --- After COLLECT: strip, read the glibc needed, write build-info.json -------------------------------


def strip_libraries(bundle: Path, platform: str) -> int:
    """Strips debug symbols from the collected shared libraries (Linux): the Python runtime (a pyenv
    libpython carries ~18 MB of them), extension modules, Qt and system libraries. Not the
    auditwheel-patched libraries in numpy.libs and pillow.libs: stripping those corrupts them ("ELF load
    command address/offset not page-aligned"); for the same reason COLLECT itself runs with strip=False.
    Returns how many were stripped."""
    strip_tool = shutil.which("strip")
    internal = bundle / CONTENTS_DIRECTORY
    if family(platform) != "linux" or not strip_tool or not internal.is_dir():
        return 0
    targets = [
        p
        for p in internal.rglob("*.so*")
        if p.is_file() and not p.is_symlink() and not any(part.endswith(".libs") for part in p.relative_to(internal).parts)
    ]
    for target in targets:
        subprocess.run([strip_tool, "--strip-unneeded", str(target)], check=False, capture_output=True)
    return len(targets)


# ICU's data (libicudata.so.NN, 32 MB in PySide6 6.11's Linux wheels) is the biggest file of the bundle, and
# QtCore is the only user of ICU in it. QtCore asks ICU's data for: QCollator (locale-aware sorting), the
# legacy text encodings of QStringConverter (GBK, Big5, Shift-JIS...), QTimeZone's display names and
# canonical ids. Case mapping (QLocale::toUpper/toLower) reads properties compiled into libicuuc itself. The
# kiosk uses none of these (tests/tools/test_bundle_rules.py checks its sources), so the Linux bundle
# carries ICU's own "stub data" instead: a common-data archive with no entries, as ICU's stubdata library
# builds it (icu4c/source/stubdata/stubdata.cpp), under the same library name and symbol (icudtNN_dat).
# Were something to ask ICU for data anyway, ICU answers U_MISSING_RESOURCE_ERROR and Qt falls back
# (QCollator compares code points, an encoding is reported as not available); nothing crashes.
ICU_DATA_LIBRARY = re.compile(r"^libicudata\.so\.(\d+)$")


def icu_stub_data(big_endian: bool = False) -> bytes:
    """ICU's empty common data (stubdata.cpp's ICU_Data_Header): a MappedData header (headerSize 32,
    magic 0xda 0x27), its UDataInfo (20 bytes: size, reserved, endianness, ASCII charset family, 2-byte
    UChar, data format "CmnD" 1.0.0.0, data version 0), 8 bytes of padding, then the table of contents:
    a count of 0, a reserved word and one empty entry."""
    order = ">" if big_endian else "<"
    info = struct.pack(order + "HHBBBB4s4B4B", 20, 0, int(big_endian), 0, 2, 0, b"CmnD", 1, 0, 0, 0, 0, 0, 0, 0)
    return struct.pack(order + "HBB", 32, 0xDA, 0x27) + info + bytes(8) + struct.pack(order + "IIII", 0, 0, 0, 0)


def _objdump_format(library: Path, objdump: str) -> tuple[str, str]:
    """The BFD name and architecture of a library ("elf64-x86-64", "i386:x86-64"), as `objdump -f` says."""
    out = subprocess.run([objdump, "-f", str(library)], check=True, capture_output=True, text=True).stdout
    bfd = re.search(r"file format (\S+)", out)
    arch = re.search(r"architecture: ([^,\s]+)", out)
    if bfd is None or arch is None:
        raise ValueError(f"objdump -f {library} names no format: {out!r}")
    return bfd.group(1), arch.group(1)


def stub_icu_data(bundle: Path, platform: str) -> list[tuple[Path, int]]:
    """Linux: replaces each libicudata.so.NN in the bundle by ICU's empty stub data, linked by binutils'
    objcopy and ld (PyInstaller needs binutils on Linux anyway: objdump). Returns each library replaced
    with the bytes it saved; nothing where binutils is missing (the bundle keeps the full data then)."""
    internal = bundle / CONTENTS_DIRECTORY
    tools = [shutil.which(name) for name in ("objcopy", "ld", "objdump")]
    if family(platform) != "linux" or not internal.is_dir() or not all(tools):
        return []
    objcopy, ld, objdump = (str(tool) for tool in tools)
    done = []
    for library in sorted(p for p in internal.rglob("libicudata.so.*") if p.is_file() and not p.is_symlink()):
        match = ICU_DATA_LIBRARY.match(library.name)
        if match is None:
            continue
        with library.open("rb") as file:
            big_endian = file.read(6)[5:6] == b"\x02"  # e_ident[EI_DATA]: ELFDATA2MSB
        bfd, arch = _objdump_format(library, objdump)
        with tempfile.TemporaryDirectory(prefix="icu-stub-") as tmp:
            work = Path(tmp)
            (work / "stub").write_bytes(icu_stub_data(big_endian))
            symbol = f"icudt{match.group(1)}_dat"  # the one symbol libicuuc takes from the data library
            section = ("--rename-section", ".data=.rodata,alloc,load,readonly,data,contents", "--set-section-alignment", ".rodata=16")
            names = ("--redefine-sym", f"_binary_stub_start={symbol}", "--strip-symbol", "_binary_stub_end")
            make = [objcopy, "-I", "binary", "-O", bfd, "-B", arch, *section, *names, "--strip-symbol", "_binary_stub_size", "stub"]
            subprocess.run([*make, "stub.o"], check=True, cwd=work, capture_output=True)
            subprocess.run([ld, "-shared", "-soname", library.name, "-o", "stub.so", "stub.o"], check=True, cwd=work, capture_output=True)
            before = library.stat().st_size
            shutil.copyfile(work / "stub.so", library)
        done.append((library, before - library.stat().st_size))
    return done


# Second copies of a library the bundle already has, by wheel folder and the start of the file name, and the
# bundle's own copy (in the contents folder) they become links to. Pillow's wheel links libxcb (for
# ImageGrab on X11, which the kiosk never calls, but _imaging cannot load without it) against its own
# libXau, 2.1 MB in Pillow 13's manylinux wheel where the library itself is 14 KB: libxcb takes two
# unversioned functions from it (XauGetBestAuthByAddr, XauDisposeAuth), which every libXau.so.6 has.
SHARED_LIBRARIES: dict[Family, dict[str, str]] = {
    "linux": {"pillow.libs/libXau-": "libXau.so.6"},
    "windows": {},
    "macos": {},
}


def link_duplicate_libraries(bundle: Path, platform: str) -> list[tuple[Path, int]]:
    """Replaces each second copy named in SHARED_LIBRARIES by a relative link to the bundle's own copy
    (only where the bundle has that copy). Returns each replaced file with the bytes it saved."""
    internal = bundle / CONTENTS_DIRECTORY
    done = []
    for prefix, own in SHARED_LIBRARIES[family(platform)].items():
        folder, _, start = prefix.rpartition("/")
        target = internal / own
        if not target.is_file() or not (internal / folder).is_dir():
            continue
        for copy in sorted((internal / folder).glob(start + "*")):
            if copy.is_symlink() or not copy.is_file():
                continue
            size = copy.stat().st_size
            copy.unlink()
            copy.symlink_to(os.path.relpath(target, copy.parent))
            done.append((copy, size))
    return done


SHT_GNU_VERNEED = 0x6FFFFFFE  # the .gnu.version_r section: which versions of which libraries a file needs


def elf_version_needs(path: Path) -> dict[str, list[str]] | None:
    """The symbol versions an ELF file needs, by library ({"libc.so.6": ["GLIBC_2.34", ...]}), read from
    its SHT_GNU_verneed sections (Elf*_Verneed entries, each with Elf*_Vernaux entries naming versions in
    the section's linked string table), as `objdump -p` lists them under "Version References".
    None for a file that is not ELF. 32- and 64-bit, little- and big-endian.
    Layouts: the System V ABI and the LSB's "Symbol Versioning" (refspecs.linuxfoundation.org)."""
    with path.open("rb") as file:
        try:
            return _read_version_needs(file)
        except (struct.error, ValueError) as exc:  # cut short or inconsistent: name the file
            raise ValueError(f"{path}: damaged ELF file ({exc})") from exc


def _read_version_needs(file: BinaryIO) -> dict[str, list[str]] | None:
    ident = file.read(16)
    if len(ident) < 16 or ident[:4] != b"\x7fELF" or ident[4] not in (1, 2) or ident[5] not in (1, 2):
        return None
    wide = ident[4] == 2  # ELFCLASS64
    order = "<" if ident[5] == 1 else ">"  # ELFDATA2LSB or ELFDATA2MSB
    header = file.read(48 if wide else 36)
    # e_shoff, then e_shentsize and e_shnum, at their offsets after e_ident
    (shoff,) = struct.unpack_from(order + ("Q" if wide else "I"), header, 24 if wide else 16)
    shentsize, shnum = struct.unpack_from(order + "HH", header, 42 if wide else 30)
    if shoff == 0:
        return {}  # no section headers (an sstripped file): nothing to read versions from this way
    section_format = order + ("IIQQQQIIQQ" if wide else "IIIIIIIIII")

    def section(index: int) -> tuple[int, int, int, int, int]:
        """(type, offset, size, link, info) of section `index`."""
        file.seek(shoff + index * shentsize)
        _, kind, _, _, offset, size, link, info, _, _ = struct.unpack(section_format, file.read(struct.calcsize(section_format)))
        return kind, offset, size, link, info

    if shnum == 0:  # more than 0xff00 sections: the count is in section 0's size (ELF extended numbering)
        shnum = section(0)[2]
    needs: dict[str, list[str]] = {}
    for index in range(shnum):
        kind, offset, size, link, count = section(index)
        if kind != SHT_GNU_VERNEED:
            continue
        file.seek(offset)
        table = file.read(size)
        _, strings_offset, strings_size, _, _ = section(link)
        file.seek(strings_offset)
        strings = file.read(strings_size)
        for library, versions in _walk_verneed(table, strings, order, count):
            needs.setdefault(library, []).extend(versions)
    return needs


def _walk_verneed(table: bytes, strings: bytes, order: str, count: int) -> Iterator[tuple[str, list[str]]]:
    """Elf_Verneed {vn_version, vn_cnt: Half; vn_file, vn_aux, vn_next: Word} and Elf_Vernaux {vna_hash:
    Word; vna_flags, vna_other: Half; vna_name, vna_next: Word}: the same 16 bytes in 32- and 64-bit files;
    vn_aux, vna_next and vn_next are offsets from the entry they are in."""

    def text(at: int) -> str:
        return strings[at : strings.index(b"\0", at)].decode("utf-8", "replace")

    need = 0
    for _ in range(count):
        _, aux_count, file_name, aux, next_need = struct.unpack_from(order + "HHIII", table, need)
        versions = []
        at = need + aux
        for _ in range(aux_count):
            _, _, _, name, next_aux = struct.unpack_from(order + "IHHII", table, at)
            versions.append(text(name))
            at += next_aux
        yield text(file_name), versions
        if next_need == 0:
            break
        need += next_need


@dataclass(frozen=True)
class GlibcNeed:
    """The newest glibc any of a bundle's files asks for, and which files ask for it (file names)."""

    version: str | None = None
    needed_by: tuple[str, ...] = field(default=())


def _glibc_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def glibc_needed(paths: Iterable[Path]) -> GlibcNeed:
    """The highest GLIBC_x.y version the ELF files among `paths` need (other files are skipped). A bundle
    carries its own libraries but not glibc, and a library built against a newer glibc does not load on
    an older one, so this is the oldest glibc (and so the oldest Linux) the bundle starts on."""
    best: tuple[int, ...] = ()
    by: list[str] = []
    for path in paths:
        needs = elf_version_needs(path)
        names = [version for versions in (needs or {}).values() for version in versions]
        found = [_glibc_key(m.group(1)) for name in names if (m := re.fullmatch(r"GLIBC_(\d+(?:\.\d+)+)", name))]
        if not found:
            continue
        top = max(found)
        if top > best:
            best, by = top, [path.name]
        elif top == best:
            by.append(path.name)
    return GlibcNeed(".".join(map(str, best)) if best else None, tuple(sorted(set(by))))


def bundle_files(bundle: Path) -> list[Path]:
    """Every regular file of a onedir bundle: the executable and everything in its contents folder
    (symbolic links are skipped: PyInstaller links to files that are in the bundle themselves)."""
    return sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


# Qt's supported platforms, from its documentation for the Qt version the bundle carries.
QT_MINIMUM_OS: dict[tuple[Family, str], str] = {
    ("windows", "6.11"): "Windows 10 1809",  # https://doc.qt.io/qt-6.11/windows.html
    ("macos", "6.11"): "macOS 13",  # https://doc.qt.io/qt-6.11/macos.html
    ("macos", "6.12"): "macOS 14.4",  # https://doc.qt.io/qt-6.12/macos.html
}


@dataclass(frozen=True)
class BuildFacts:
    """Facts about the machine that builds the bundle (given by tests, read from the machine otherwise)."""

    build_system: str
    machine: str
    python: str
    pyside6: str
    qt: str

    @classmethod
    def of_this_machine(cls, platform: str) -> BuildFacts:
        import PySide6
        from PySide6 import QtCore

        return cls(
            build_system=os_pretty_name() if family(platform) == "linux" else platform_module.platform(),
            machine=platform_module.machine(),
            python=platform_module.python_version(),
            pyside6=PySide6.__version__,
            qt=QtCore.qVersion(),
        )


def os_pretty_name(os_release: Path = Path("/etc/os-release")) -> str:
    """The distribution's own name for itself ("Debian GNU/Linux 12 (bookworm)"), else platform.platform()."""
    try:
        for line in os_release.read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.partition("=")[2].strip().strip("\"'")
    except OSError:
        pass
    return platform_module.platform()


def build_info(bundle: Path, platform: str, root: Path, facts: BuildFacts, now: datetime | None = None) -> dict[str, object]:
    """What build-info.json holds: the kiosk's version, when and on what it was built, and what it needs
    of the system it runs on (Linux: the glibc, read from the bundle's files; Windows and macOS: the
    oldest version the bundled Qt supports, where known)."""
    meta = ProjectMetadata.read(root)
    fam = family(platform)
    need = glibc_needed(bundle_files(bundle)) if fam == "linux" else GlibcNeed()
    qt_minor = ".".join(facts.qt.split(".")[:2])
    info: dict[str, object] = {
        "name": meta.name,
        "version": meta.version,
        "built_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "platform": platform,
        **asdict(facts),
        "glibc_needed": need.version,
        "glibc_needed_by": need.needed_by[0] if need.needed_by else None,
        "glibc_needed_by_all": list(need.needed_by),
    }
    if fam != "linux":
        page = "windows" if fam == "windows" else "macos"
        info["minimum_os"] = QT_MINIMUM_OS.get((fam, qt_minor))
        info["minimum_os_source"] = f"https://doc.qt.io/qt-{qt_minor}/{page}.html"
    return info


def write_build_info(bundle: Path, platform: str, root: Path, facts: BuildFacts | None = None, now: datetime | None = None) -> Path:
    """Writes build-info.json into the bundle's contents folder (sys._MEIPASS when it runs, which is where
    kiosk --self-test reads it) and returns its path."""
    info = build_info(bundle, platform, root, facts or BuildFacts.of_this_machine(platform), now)
    target = bundle / CONTENTS_DIRECTORY / BUILD_INFO
    target.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":  # python tools/bundle_rules.py dist/lna-kiosk: what a bundle's ELF files need
    for arg in sys.argv[1:] or ["dist/lna-kiosk"]:
        print(arg, glibc_needed(bundle_files(Path(arg))))
