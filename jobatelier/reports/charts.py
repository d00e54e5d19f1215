"""Server-drawn SVG charts: plain shapes computed here, drawn by a template; no JavaScript."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

WIDTH, HEIGHT, MARGIN = 640, 220, 28
OPENING = range(9, 18)  # the hours the heat map shows even when no visit came then
# From white to dark blue, enough contrast at every step; grey: hidden (a small count).
HEAT_COLOURS = {-1: "#d9d9d9", 0: "#ffffff", 1: "#deebf7", 2: "#9ecae1", 3: "#4292c6",
                4: "#2171b5", 5: "#08306b"}
WEEKDAYS = (_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun"))


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    text: str  # the count as published ("< 5" when hidden)


def bar_chart(points: list[tuple[str, int, str]]) -> list[Bar]:
    """Bars for (label, value, published text); a hidden value is drawn as an empty bar."""
    top = max([value for _, value, text in points if not text.startswith("<")] + [1])
    slot = (WIDTH - 2 * MARGIN) / max(len(points), 1)
    bars = []
    for index, (label, value, text) in enumerate(points):
        height = 0 if text.startswith("<") else (HEIGHT - 2 * MARGIN) * value / top
        bars.append(Bar(MARGIN + index * slot + slot * 0.1, HEIGHT - MARGIN - height,
                        slot * 0.8, height, label, text))
    return bars


@dataclass
class HeatCell:
    x: float
    y: float
    shade: int  # 0 (none) to 5 (busiest); -1 hidden
    text: str
    day: int = 0  # Monday 0: the row of the chart's data table


def heat_map(cells: dict[tuple[int, int], tuple[int, str]], hours: range) -> list[HeatCell]:
    """Cells for (weekday, hour) -> (value, published text), shaded against the busiest hour."""
    busiest = max([value for value, text in cells.values() if not text.startswith("<")] + [1])
    drawn = []
    for day in range(7):
        for column, hour in enumerate(hours):
            value, text = cells.get((day, hour), (0, "0"))
            shade = -1 if text.startswith("<") else round(5 * value / busiest)
            drawn.append(HeatCell(60 + column * 44, 10 + day * 26, shade, text, day))
    return drawn
