"""rescale_layouts promises that margins and spacing written at 1080p follow the screen: every layout in
the tree is scaled from its design values (so scaling again never compounds), and a spacing the layout
does not set as one value (a grid with different row and column gaps) is left as it is."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.scaling import rescale_layouts


def _tree(qtbot: QtBot) -> tuple[QWidget, QVBoxLayout, QHBoxLayout]:
    root = QWidget()
    qtbot.addWidget(root)
    outer = QVBoxLayout(root)
    outer.setContentsMargins(10, 20, 30, 40)
    outer.setSpacing(12)
    child = QWidget(root)
    inner = QHBoxLayout(child)  # a layout of a widget deeper in the tree
    inner.setContentsMargins(4, 4, 4, 4)
    inner.setSpacing(6)
    outer.addWidget(child)
    return root, outer, inner


def _metrics(layout: QVBoxLayout | QHBoxLayout) -> tuple[int, int, int, int, int]:
    m = layout.contentsMargins()
    return m.left(), m.top(), m.right(), m.bottom(), layout.spacing()


def test_margins_and_spacing_of_every_layout_in_the_tree_follow_the_scale(qtbot: QtBot) -> None:
    root, outer, inner = _tree(qtbot)
    rescale_layouts(root, 2.0)
    assert _metrics(outer) == (20, 40, 60, 80, 24)
    assert _metrics(inner) == (8, 8, 8, 8, 12)


def test_scaling_again_starts_from_the_design_values(qtbot: QtBot) -> None:
    root, outer, inner = _tree(qtbot)
    rescale_layouts(root, 2.0)
    rescale_layouts(root, 0.5)  # the kiosk moved to a smaller screen
    assert _metrics(outer) == (5, 10, 15, 20, 6)
    rescale_layouts(root, 1.0)
    assert _metrics(outer) == (10, 20, 30, 40, 12)
    assert _metrics(inner) == (4, 4, 4, 4, 6)


def test_values_are_rounded_to_whole_pixels(qtbot: QtBot) -> None:
    root, outer, _ = _tree(qtbot)
    rescale_layouts(root, 1.25)
    assert _metrics(outer) == (12, 25, 38, 50, 15)


def test_a_grid_with_different_row_and_column_gaps_keeps_them(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    grid = QGridLayout(root)
    grid.setContentsMargins(10, 10, 10, 10)
    grid.setHorizontalSpacing(4)
    grid.setVerticalSpacing(8)
    rescale_layouts(root, 2.0)
    assert grid.contentsMargins().left() == 20
    assert (grid.horizontalSpacing(), grid.verticalSpacing()) == (4, 8)
