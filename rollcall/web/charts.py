"""Charts drawn on the server as inline SVG: no JavaScript, nothing loaded from elsewhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0b5c8a", "#b3541e", "#2e7d32", "#6a3d9a", "#b00020", "#00796b", "#8a6d00", "#455a64"]


@dataclass
class Point:
    day: dt.date
    value: float
    high: float | None
    series: str
    label: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def scatter(points: list[Point], title: str, width: int = 760, height: int = 320) -> SafeString:
    """Figures over time, one colour per source of the figure; a range is drawn as a bar."""
    if not points:
        return mark_safe("")
    left, right, top, bottom = 70, 180, 20, 40
    days = [p.day.toordinal() for p in points]
    lo_day, hi_day = min(days) - 15, max(days) + 15
    top_value = _nice_max(max(max(p.value, p.high or 0) for p in points))
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: dt.date) -> float:
        return left + (day.toordinal() - lo_day) / (hi_day - lo_day) * plot_w

    def y(value: float) -> float:
        return top + plot_h - value / top_value * plot_h

    series = list(dict.fromkeys(p.series for p in points))
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i in range(5):
        value = top_value * i / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e3e7ea"/>')
        out.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
                   f'{escape(formats.number_format(value, 0, force_grouping=True))}</text>')
    years = range(dt.date.fromordinal(lo_day).year, dt.date.fromordinal(hi_day).year + 1)
    for year in years:
        tick = dt.date(year, 1, 1)
        if lo_day <= tick.toordinal() <= hi_day:
            out.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{top + plot_h}" stroke="#eef1f3"/>')
            out.append(f'<text x="{x(tick):.1f}" y="{height - bottom + 16}" text-anchor="middle">{year}</text>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#888"/>')
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/>')
    for p in points:
        c = colour[p.series]
        if p.high is not None and p.high > p.value:
            out.append(f'<line x1="{x(p.day):.1f}" x2="{x(p.day):.1f}" y1="{y(p.value):.1f}" y2="{y(p.high):.1f}" '
                       f'stroke="{c}" stroke-width="4" opacity=".6"/>')
        out.append(f'<circle cx="{x(p.day):.1f}" cy="{y(p.value):.1f}" r="5" fill="{c}"><title>{escape(p.label)}</title></circle>')
    for i, s in enumerate(series):
        ly = top + 10 + i * 18
        out.append(f'<circle cx="{width - right + 16}" cy="{ly}" r="5" fill="{colour[s]}"/>')
        out.append(f'<text x="{width - right + 26}" y="{ly + 4}">{escape(s[:24])}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))


def bars(rows: list[tuple[str, int]], title: str, width: int = 720) -> SafeString:
    """Horizontal bars, one per group, with the label and the count written beside each."""
    if not rows:
        return mark_safe("")
    row_h, left, right = 24, 320, 70
    height = row_h * len(rows) + 10
    top = max(n for _, n in rows) or 1
    plot_w = width - left - right
    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (text, n) in enumerate(rows):
        y = 5 + i * row_h
        w = max(1.0, n / top * plot_w)
        out.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(text[:48])}</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{PALETTE[0]}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 16}">'
                   f'{escape(formats.number_format(n, 0, force_grouping=True))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))
