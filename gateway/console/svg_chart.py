"""A topic's volume as an inline SVG, drawn on the server: the usual range
(the same hours of past weeks) as a band, the median as a dashed line, the
observed counts as a line, and warnings as shaded spans. Nothing is loaded
from anywhere; the SVG carries its own title and description for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 170
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 22


def _x(i: float, n: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (i / max(1, n - 1))


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def _path(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def render(points: Sequence[Any], warnings: Sequence[Any], *, title: str, desc: str) -> Markup:
    """`points`: ChartPoint (at, observed, expected, low, high); `warnings`: SignalWarning."""
    n = len(points)
    peak = max([1.0, *(float(p.observed) for p in points),
                *(float(p.high) for p in points if p.high is not None)])
    top = peak * 1.1
    parts = [f'<svg class="signal-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"]
    first, last = (points[0].at, points[-1].at) if points else (None, None)
    for w in warnings:  # shaded episode spans, behind the lines
        if first is None or last is None:
            break
        start = max(0.0, _index(w.opened_at, first, last, n))
        end = _index(w.closed_at, first, last, n) if w.closed_at else n - 1
        x0, x1 = _x(start, n), _x(min(end, n - 1), n)
        parts.append(f'<rect class="chart-warning" x="{x0:.1f}" y="{TOP}" '
                     f'width="{max(3.0, x1 - x0):.1f}" height="{HEIGHT - TOP - BOTTOM}">'
                     f"<title>#{w.id} {escape(w.status)}</title></rect>")
    band = [(i, p) for i, p in enumerate(points) if p.low is not None]
    if band:
        upper = [(_x(i, n), _y(p.high, top)) for i, p in band]
        lower = [(_x(i, n), _y(p.low, top)) for i, p in reversed(band)]
        parts.append(f'<polygon class="chart-band" points="{_path(upper + lower)}"/>')
        parts.append('<polyline class="chart-expected" points="'
                     f'{_path([(_x(i, n), _y(p.expected, top)) for i, p in band])}"/>')
    parts.append('<polyline class="chart-observed" points="'
                 f'{_path([(_x(i, n), _y(p.observed, top)) for i, p in enumerate(points)])}"/>')
    for value in (0, peak):
        parts.append(f'<text class="chart-axis" x="{LEFT - 4}" y="{_y(value, top) + 4:.1f}" '
                     f'text-anchor="end">{int(value)}</text>')
    for i in range(0, n, max(1, n // 6)):
        parts.append(f'<text class="chart-axis" x="{_x(i, n):.1f}" y="{HEIGHT - 6}" '
                     f'text-anchor="middle">{points[i].at:%d %H:%M}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _index(at: datetime, first: datetime, last: datetime, n: int) -> float:
    span = (last - first).total_seconds() or 1.0
    return (at - first).total_seconds() / span * (n - 1)
