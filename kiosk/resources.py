"""One way to find bundled files: in a source checkout, an installed wheel or a PyInstaller bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath

_PACKAGE_DIR = Path(__file__).resolve().parent
EXTRA_TRANSLATIONS_ENV = "KIOSK_TRANSLATIONS"  # folders of kiosk_<lang>.qm searched before the bundled ones


def bundle_root() -> Path:
    """The folder that holds `assets/` and `i18n/`."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller onedir: data files are listed in kiosk.spec
        return Path(frozen_root)
    if (_PACKAGE_DIR / "assets").is_dir():  # installed wheel: pyproject force-includes them into the package
        return _PACKAGE_DIR
    return _PACKAGE_DIR.parent  # source checkout


def resource_path(relative: str) -> Path:
    rel = PurePosixPath(relative)
    assert not rel.is_absolute(), relative
    assert ".." not in rel.parts, relative
    return bundle_root().joinpath(*rel.parts)


def bundled_content_dir() -> Path:
    return resource_path("assets/content")


def translations_dir() -> Path:
    return resource_path("i18n")


def fonts_dir() -> Path:
    return resource_path("assets/fonts")


def translation_dirs() -> tuple[Path, ...]:
    """Where Qt translations are looked for, first match wins: the folders in $KIOSK_TRANSLATIONS
    (separated like PATH; a hall's or a test's own languages, no rebuild needed), then the bundled ones."""
    extra = os.environ.get(EXTRA_TRANSLATIONS_ENV, "")
    return (*(Path(folder) for folder in extra.split(os.pathsep) if folder), translations_dir())
