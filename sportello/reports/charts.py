"""Charts as SVG drawn on the server: no JavaScript, no build step, nothing the CSP must allow (presentation
attributes only, no `style`). Each chart is an image with a name; the page puts the same numbers in a table
beside it, which is what screen readers read. WeasyPrint embeds the same markup in the PDF."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0066cc", "#d1344c", "#008055", "#a66300", "#5c2f91", "#00758f")  # Bootstrap Italia tones
TEXT = "#1a1a1a"


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="report-chart" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{TEXT}" text-anchor="{anchor}" '
            f'font-family="Titillium Web, sans-serif">{escape(text)}</text>')


def bar_chart(title: str, rows: Sequence[tuple[str, float]], width: int = 640) -> SafeString:
    """Horizontal bars, one per labelled value, the value written at the end of its bar."""
    label_width, bar_height, gap = 230, 20, 8
    height = max(1, len(rows)) * (bar_height + gap) + gap
    top = max((v for _, v in rows), default=0) or 1
    body = []
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        length = (width - label_width - 70) * (value / top)
        body.append(_text(label_width - 8, y + 15, label[:34], anchor="end"))
        body.append(f'<rect x="{label_width}" y="{y}" width="{max(length, 1):.1f}" height="{bar_height}" '
                    f'fill="{PALETTE[0]}"/>')
        body.append(_text(label_width + length + 6, y + 15, _number(value)))
    return _svg(width, height, title, body)


def line_chart(title: str, x_labels: Sequence[str], series: dict[str, Sequence[float]], width: int = 640) -> SafeString:
    """One line per series over the same x axis, a legend below; at most ~8 x labels are written."""
    left, right, top_pad, plot_height = 48, 12, 12, 180
    legend_top = top_pad + plot_height + 34
    height = legend_top + 20 * max(1, (len(series) + 2) // 3)
    top = max((max(values, default=0) for values in series.values()), default=0) or 1
    n = max(1, len(x_labels) - 1)
    x = lambda i: left + (width - left - right) * i / n  # noqa: E731
    y = lambda v: top_pad + plot_height * (1 - v / top)  # noqa: E731
    body = [f'<line x1="{left}" y1="{top_pad + plot_height}" x2="{width - right}" y2="{top_pad + plot_height}" '
            f'stroke="{TEXT}" stroke-width="1"/>',
            _text(left - 6, top_pad + 10, _number(top), anchor="end"), _text(left - 6, top_pad + plot_height, "0", anchor="end")]
    step = max(1, len(x_labels) // 8)
    for i in range(0, len(x_labels), step):
        body.append(_text(x(i), top_pad + plot_height + 16, x_labels[i], anchor="middle", size=11))
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        if len(values) == 1:
            body.append(f'<circle cx="{x(0):.1f}" cy="{y(values[0]):.1f}" r="3" fill="{colour}"/>')
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        lx, ly = left + (k % 3) * 190, legend_top + 20 * (k // 3)
        body.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
        body.append(_text(lx + 18, ly, name[:28]))
    return _svg(width, height, title, body)


def heatmap(title: str, row_labels: Sequence[str], grid: Sequence[Sequence[int]], width: int = 640) -> SafeString:
    """Rows × 24 hours; darker is busier. Empty cells are left white so closed hours read as such."""
    left, top_pad, cell_h = 44, 18, 22
    cell_w = (width - left - 4) / 24
    top = max((max(row) for row in grid), default=0) or 1
    body = [_text(left + cell_w * h + cell_w / 2, 12, str(h), anchor="middle", size=10) for h in range(0, 24, 2)]
    for r, (label, row) in enumerate(zip(row_labels, grid)):
        y = top_pad + r * cell_h
        body.append(_text(left - 6, y + 15, label, anchor="end"))
        for h, value in enumerate(row):
            opacity = 0 if value == 0 else 0.15 + 0.85 * value / top
            body.append(f'<rect x="{left + h * cell_w:.1f}" y="{y}" width="{cell_w - 1:.1f}" height="{cell_h - 2}" '
                         f'fill="{PALETTE[0]}" fill-opacity="{opacity:.2f}" stroke="#d9dadb" stroke-width="0.5"/>')
    return _svg(width, top_pad + len(grid) * cell_h + 4, title, body)


def _number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")
