"""The bundled dataset: its typed model, loading and validation."""

from __future__ import annotations

from kiosk.core.content.loader import ContentError, LoadResult, load_content
from kiosk.core.content.model import Dataset, Indicator, Page, Text
from kiosk.core.content.problems import Problem

__all__ = ["ContentError", "Dataset", "Indicator", "LoadResult", "Page", "Problem", "Text", "load_content"]
