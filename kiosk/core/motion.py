"""Timing curves for count-ups and growing bars: one clock per page, each element a staggered slice."""

from __future__ import annotations

STAGGER = 0.12  # each element starts this fraction of the whole animation after the previous one


def ease_out_cubic(t: float) -> float:
    t = min(1.0, max(0.0, t))
    return 1.0 - (1.0 - t) ** 3


def staggered(t: float, index: int, count: int, stagger: float = STAGGER) -> float:
    """Eased progress of element `index` of `count` when the whole animation is at `t` (0..1).

    Later elements start later but all finish together at t = 1."""
    t = min(1.0, max(0.0, t))
    if count <= 1:
        return ease_out_cubic(t)
    stagger = min(stagger, 0.6 / (count - 1))  # keep at least 40% of the time for the last one
    start = index * stagger
    span = 1.0 - (count - 1) * stagger
    return ease_out_cubic((t - start) / span)
