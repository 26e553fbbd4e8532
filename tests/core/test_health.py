"""What a line of the staff panel's health list makes of a log message."""

from __future__ import annotations

import pytest

from kiosk.core.health import brief


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("could not write /var/lib/lna-kiosk/insight.db: disk full", "could not write insight.db: disk full"),
        (r"C:\Users\hall\content\photos\a.jpg: truncated", "a.jpg: truncated"),
        ("C:/hall/content/b.jpg: truncated", "b.jpg: truncated"),
        (r"\\hall-nas\content\c.jpg: not an image", "c.jpg: not an image"),
        ("photo '/media/usb/lna/d.jpg' cannot be shown", "photo 'd.jpg' cannot be shown"),
        # a path inside the content folder says where to look: kept whole
        (
            "albums[1].photos[0].file: photo file 'photos/qixia-lake/missing.jpg' not found",
            "albums[1].photos[0].file: photo file 'photos/qixia-lake/missing.jpg' not found",
        ),
    ],
)
def test_absolute_paths_come_down_to_their_file_name(message: str, shown: str) -> None:
    assert brief(message, 200) == shown


def test_long_messages_are_cut_with_an_ellipsis() -> None:
    assert brief("x" * 150, 100) == "x" * 99 + "…"
