"""Lanzhou New Area exhibition kiosk."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "lna-kiosk"
