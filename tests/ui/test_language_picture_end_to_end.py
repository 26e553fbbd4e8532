"""Through the real door: the real `python -m kiosk` on a real X server (Xvfb, 1920x1080), a real click
on the English button from xdotool (a touch screen's press reaches the kiosk the same way, through X),
and the screen read back from the X server: the press is answered, the checked button and the words
follow, and they stay (the window took the language up under the picture it showed first)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage

from kiosk.ui.app import Kiosk
from tests.kiosks import matching
from tests.process import REPO, kiosk_env, stop, wait_until, xvfb

START_S = 120  # generous: judged on behaviour, never on speed
# The screen as the X server has it, read by a Qt client of its own (no screenshot tool needed).
GRAB = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "app.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
)


@pytest.fixture
def x_display() -> Iterator[dict[str, str]]:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install xvfb xdotool)")
    with xvfb() as display:
        yield {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}


def _screen(env: dict[str, str], folder: Path) -> QImage:
    path = folder / f"screen-{time.monotonic_ns()}.png"
    subprocess.run([sys.executable, "-c", GRAB, str(path)], env=env, check=True, timeout=60, capture_output=True)
    return QImage(str(path))


def _ground(button: QRect) -> QPoint:
    """A point of the button's ground, clear of its words (the two buttons meet square in the middle)."""
    return QPoint(button.center().x() - button.width() * 2 // 5, button.center().y())


def test_a_real_click_on_the_other_language_switches_the_real_kiosk(kiosk: Kiosk, x_display: dict[str, str], tmp_path: Path) -> None:
    window = kiosk.window  # the same window, laid out at the same size: where the buttons are
    buttons = {code: QRect(b.mapTo(window, QPoint(0, 0)), b.size()) for code, b in window.language_toggle.buttons.items()}
    shown = kiosk.language.language
    other = next(code for code in buttons if code != shown)
    env = {**kiosk_env(tmp_path / "home"), **x_display}
    header = QRect(0, 0, 1920, buttons[other].bottom())
    with (tmp_path / "kiosk-output.txt").open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "kiosk"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:

        def lit(image: QImage, code: str) -> int:
            return image.pixel(_ground(buttons[code]))

        def up() -> bool:
            screen = _screen(env, tmp_path)
            return lit(screen, shown) != lit(screen, other)

        wait_until(up, START_S, "the kiosk on the screen")
        before = _screen(env, tmp_path)
        gold = lit(before, shown)  # the checked button's ground
        time.sleep(2)  # a visitor reads: the kiosk draws the other language ahead of time
        centre = buttons[other].center()
        subprocess.run(["xdotool", "mousemove", str(centre.x()), str(centre.y()), "click", "1"], env=env, check=True, timeout=60)
        wait_until(lambda: lit(_screen(env, tmp_path), other) == gold, 60, f"{other} checked after the click")
        time.sleep(1)  # and it stays so, with the words in that language
        after = _screen(env, tmp_path)
        assert lit(after, other) == gold and lit(after, shown) != gold
        assert matching(before.copy(header), after.copy(header)) < 0.99  # the title in the other language
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        stop(process)
