"""A content folder the kiosk's font cannot draw: every entry point that judges content must refuse it
as `kiosk check` does (issue 23: it used to be installed and previewed as empty boxes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kiosk import resources

TOFU = "龘"  # a real character, in no font subset of the kiosk's
TOFU_CAPTION = f"{TOFU}龙腾飞的栖霞湖"


def tofu_folder(where: Path) -> Path:
    """A copy of the bundled content, valid but for 龘 in its first photo's Chinese caption."""
    shutil.copytree(resources.bundled_content_dir(), where)
    path = where / "content.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["albums"][0]["photos"][0]["caption"]["zh"] = TOFU_CAPTION
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return where


def tofu_path() -> str:
    """Where the problem says the character is: the text's path in content.json."""
    return "content.json: albums[0].photos[0].caption.zh"
