"""Motion: staggered count-ups start together at zero and end together, and a figure counting up never
changes its unit on the way (kiosk.core.motion)."""

from __future__ import annotations

from kiosk import resources
from kiosk.core.content import load_content
from kiosk.core.motion import ease_out_cubic, staggered


def test_every_element_starts_at_zero_and_ends_together() -> None:
    for count in (1, 2, 6, 12):
        assert [staggered(0.0, i, count) for i in range(count)] == [0.0] * count
        assert [staggered(1.0, i, count) for i in range(count)] == [1.0] * count
    middle = [staggered(0.4, i, 5) for i in range(5)]
    assert middle == sorted(middle, reverse=True)  # earlier elements are further along
    assert ease_out_cubic(0.5) > 0.5


def test_count_up_frames_never_change_unit() -> None:
    result = load_content(resources.bundled_content_dir())
    assert result.dataset is not None and result.formatter is not None
    dataset, fmt = result.dataset, result.formatter
    ind = dataset.indicator("tier-100bn-scale")
    frames = [fmt.indicator(ind, "zh", value=ind.value * staggered(t / 60, 0, 1)) for t in range(61)]
    assert frames[-1] == "1000亿元级" and all(f.endswith("亿元级") and "." not in f for f in frames)
