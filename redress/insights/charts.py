"""Small server-rendered SVG charts: no JavaScript, no external library.

Every label is escaped; the markup is built here and marked safe only once complete.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1d3557", "#457b9d", "#e76f51", "#2a9d8f", "#e9c46a", "#8d99ae"]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    items: Sequence[tuple[str, float]], *, title: str, width: int = 520, bar: int = 22
) -> SafeString:
    """Horizontal bars, one per (label, value)."""
    if not items:
        return mark_safe("")
    label_w = 170
    height = len(items) * (bar + 6) + 10
    peak = max(v for _, v in items) or 1
    span = width - label_w - 60
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(items):
        y = 5 + i * (bar + 6)
        w = max(1.0, span * float(value) / float(peak))
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar * 0.7:.1f}" text-anchor="end" '
            f'font-size="12">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {_fmt(value)}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar * 0.7:.1f}" '
            f'font-size="12">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """One line per series over the same labels (periods), with a legend."""
    if not labels or not series:
        return mark_safe("")
    left, right, top, bottom = 44, 12, 14, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((max(vals) for _, vals in series if vals), default=0) or 1
    n = len(labels)
    step = plot_w / max(n - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * float(v) / float(peak)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="11">{_fmt(peak)}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    every = max(1, n // 8)
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'font-size="11">{escape(label)}</text>'
            )
    for k, (name, values) in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        for i, v in enumerate(values):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)} {escape(labels[i])}: {_fmt(v)}</title></circle>"
            )
        lx = left + k * 160
        parts.append(
            f'<rect x="{lx}" y="{height - 16}" width="12" height="4" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="{height - 11}" font-size="11">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
