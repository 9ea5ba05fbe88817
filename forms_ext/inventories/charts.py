"""Charts as accessible SVG, rendered on the server from a :class:`.tables.Table`.

No JavaScript and no library: a column chart for a series over periods and
horizontal bars for counts per option. Each ``<svg>`` is ``role="img"`` with a
``<title>`` and a ``<desc>`` that name it and say what it shows (and that the
numbers are in the table beside it, which is always rendered with it). Meaning
never rests on colour: one series per chart, drawn dark on white (contrast
above 7:1, prints in black and white), with axis labels and direct value labels
where they fit. A suppressed value is drawn as a hatched stub labelled "<5", a
period without reports as nothing with "–" below the axis; neither is a number.
"""

from __future__ import annotations

import itertools
import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .tables import Cell, Table

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 44
INK = "#1b1b1b"
BAR = "#1f4e79"  # 9.3:1 on white
GRID = "#767676"
_ids = itertools.count(1)


def nice_max(value: float) -> float:
    """The axis's top: 1, 2 or 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _num(value: Decimal | int | float) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _label(cell: Cell, minimum: int | None) -> str:
    if cell.suppressed:
        return f"<{minimum or ''}"
    if cell.value is None:
        return "–"
    return _num(cell.value)


def _defs(uid: str) -> str:
    return (
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/></pattern></defs>'
    )


def _frame(uid: str, title: str, desc: str, body: str, height: int = HEIGHT) -> SafeString:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" class="forms-ext-chart" '
        f'font-family="sans-serif" font-size="12" width="100%" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(desc)}</desc>{_defs(uid)}{body}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 (every text in it went through escape)


def _y_axis(top: float, bottom: float, maximum: float) -> str:
    parts = []
    for step in range(5):
        value = maximum * step / 4
        y = bottom - (bottom - top) * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="0.5" stroke-dasharray="{"" if step == 0 else "2 3"}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{_num(value)}</text>"
        )
    return "".join(parts)


def column_chart(table: Table) -> SafeString:
    """A column per point of ``table`` (a series over periods, oldest on the left)."""
    uid = f"chart-{next(_ids)}"
    points = table.chart_points()
    values = [float(c.shown) for _l, c in points if c.shown is not None]
    maximum = nice_max(max(values, default=0))
    bottom, top = HEIGHT - BOTTOM, TOP
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    every = max(1, math.ceil(len(points) / 12))
    body = [_y_axis(top, bottom, maximum)]
    for index, (label, cell) in enumerate(points):
        x = LEFT + index * slot
        body.append(_column(uid, x, slot, cell, maximum, top, bottom, table, len(points) <= 31))
        if index % every == 0 or index == len(points) - 1:
            body.append(
                f'<text x="{x + slot / 2:.1f}" y="{bottom + 16}" text-anchor="middle" '
                f'fill="{INK}" font-size="11">{escape(label)}</text>'
            )
    return _frame(uid, table.caption, _series_desc(table, points), "".join(body))


def _column(uid, x, slot, cell: Cell, maximum, top, bottom, table, direct: bool) -> str:
    width = max(slot * 0.7, 1)
    left = x + (slot - width) / 2
    middle = x + slot / 2
    if cell.shown is None:
        stub = (
            f'<rect x="{left:.1f}" y="{bottom - 8}" width="{width:.1f}" height="8" '
            f'fill="url(#{uid}-hatch)"/>'
        )
        mark = f'<text x="{middle:.1f}" y="{bottom - 11}" text-anchor="middle" fill="{INK}" '
        mark += f'font-size="10">{escape(_label(cell, table.suppressed_below))}</text>'
        return (stub if cell.suppressed else "") + (mark if direct or cell.suppressed else "")
    height = (bottom - top) * float(cell.shown) / maximum
    rect = (
        f'<rect x="{left:.1f}" y="{bottom - height:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" fill="{BAR}" stroke="{INK}" stroke-width="0.5"/>'
    )
    if not direct:
        return rect
    return rect + (
        f'<text x="{middle:.1f}" y="{bottom - height - 4:.1f}" text-anchor="middle" '
        f'fill="{INK}" font-size="10">{escape(_label(cell, None))}</text>'
    )


def _series_desc(table: Table, points) -> str:
    shown = [(label, c.shown) for label, c in points if c.shown is not None]
    if not shown:
        return _("No values to draw for this range. The table beside the chart has the details.")
    low = min(shown, key=lambda p: p[1])
    high = max(shown, key=lambda p: p[1])
    return _(
        "Column chart of %(count)s periods from %(first)s to %(last)s. Lowest %(low)s "
        "(%(low_at)s), highest %(high)s (%(high_at)s), latest %(latest)s. The table beside "
        "the chart has every value."
    ) % {
        "count": len(points),
        "first": points[0][0],
        "last": points[-1][0],
        "low": _num(low[1]),
        "low_at": low[0],
        "high": _num(high[1]),
        "high_at": high[0],
        "latest": points[-1][1].text(table.suppressed_below),
    }


def bar_chart(table: Table) -> SafeString:
    """A horizontal bar per row of ``table`` (counts per option), labelled on both ends."""
    uid = f"chart-{next(_ids)}"
    points = table.chart_points()
    row, label_width, left = 28, 200, 210
    height = TOP + row * len(points) + 8
    values = [float(c.shown) for _l, c in points if c.shown is not None]
    maximum = nice_max(max(values, default=0))
    span = WIDTH - left - 60
    body = []
    for index, (label, cell) in enumerate(points):
        y = TOP + index * row
        body.append(
            f'<text x="{label_width}" y="{y + 17}" text-anchor="end" fill="{INK}">'
            f"{escape(_short(label))}</text>"
        )
        body.append(_bar(uid, left, y, span, cell, maximum, table.suppressed_below))
    desc = _("Bar chart: %(items)s. The table beside the chart has the same numbers.") % {
        "items": "; ".join(f"{label} {c.text(table.suppressed_below)}" for label, c in points)
    }
    return _frame(uid, table.caption, desc, "".join(body), height=height)


def _bar(uid, left, y, span, cell: Cell, maximum, minimum) -> str:
    if cell.shown is None:
        stub = ""
        if cell.suppressed:
            stub = f'<rect x="{left}" y="{y + 5}" width="10" height="18" fill="url(#{uid}-hatch)"/>'
        text = escape(cell.text(minimum) if cell.suppressed else _label(cell, minimum))
        return stub + f'<text x="{left + 16}" y="{y + 18}" fill="{INK}">{text}</text>'

    width = span * float(cell.shown) / maximum
    return (
        f'<rect x="{left}" y="{y + 5}" width="{width:.1f}" height="18" fill="{BAR}" '
        f'stroke="{INK}" stroke-width="0.5"/>'
        f'<text x="{left + width + 6:.1f}" y="{y + 18}" fill="{INK}">{_num(cell.shown)}</text>'
    )


def _short(label: str, length: int = 30) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def chart_for(table: Table) -> SafeString:
    """The chart ``table`` asks for, or an empty string."""
    if table.chart == "series":
        return column_chart(table)
    if table.chart == "bars":
        return bar_chart(table)
    return mark_safe("")


def panels(dashboard) -> list[dict]:
    """Each question of ``dashboard`` with its tables and their charts, for a template."""
    return [
        {
            "question": question,
            "tables": [{"table": table, "chart": chart_for(table)} for table in tables],
        }
        for question, tables in dashboard.questions
    ]
