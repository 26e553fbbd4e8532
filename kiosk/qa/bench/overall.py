"""`kiosk bench` (all), after the figures that depend on the screen (display.py): memory over a soak,
the photo pipeline and the staff PIN's cost, each beside its target."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.core.health import rss_mb
from kiosk.qa.bench import photo_pipeline
from kiosk.qa.drive import settle
from kiosk.qa.exercise import soak
from kiosk.ui.app import Kiosk


def run(kiosk: Kiosk, app: QApplication, soak_cycles: int = 100) -> str:
    lines = [f"RSS after start: {rss_mb():.0f} MB"]
    window = kiosk.window
    soaked = soak(kiosk, soak_cycles)
    lines.append(f"RSS after a {soak_cycles}-cycle soak: {rss_mb():.0f} MB ({soaked.lines[-1]})")
    # The photo figures come from kiosks of their own: this one must not paint meanwhile (its attract
    # loop would start after a minute and take the UI thread's time from theirs).
    kiosk.session.hold()
    window.hide()
    settle(app)
    lines.append(photo_pipeline.run(app))
    from kiosk.core.pin import SCRYPT, check_cost_s

    cost = check_cost_s()
    lines.append(
        f"staff PIN check (scrypt n={SCRYPT['n']}, r={SCRYPT['r']}, p={SCRYPT['p']}): {cost * 1000:.0f} ms "
        f"(target >= about 100 ms: slow for guessing a stolen hash, quick for a person)"
    )
    return "\n".join(lines)
