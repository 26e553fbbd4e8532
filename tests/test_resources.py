from __future__ import annotations

import pytest

from kiosk import resources


def test_bundled_files_are_found() -> None:
    assert (resources.bundled_content_dir() / "content.json").is_file()
    assert (resources.fonts_dir() / "OFL.txt").is_file()
    assert (resources.translations_dir() / "kiosk_zh.qm").is_file()


@pytest.mark.parametrize("bad", ["/etc/passwd", "../secrets", "assets/../../x"])
def test_paths_outside_the_bundle_are_refused(bad: str) -> None:
    with pytest.raises(AssertionError):
        resources.resource_path(bad)
