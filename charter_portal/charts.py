"""Bar charts drawn on the server as SVG, from the same table the page shows beneath them.

Each row of a chart is a labelled bar; a bar of several series is stacked, each series with its own
colour and pattern (templates/includes/chart_pattern.html, defined in the chart's own SVG, which is
all a PDF reads), so no one needs to tell colours apart.
The chart's name says what it shows and its numbers, for screen readers; no JavaScript draws it.
"""

from dataclasses import dataclass, field

from charter_portal.documents import Table

WIDTH = 320
BAR_SPACE = 260
ROW_HEIGHT = 48
# GOV.UK's blue, green, red and dark grey, each with its pattern (includes/chart_pattern.html).
SERIES = 4


@dataclass
class Series:
    label: str
    number: int
    chart_id: str

    @property
    def pattern(self) -> str:
        return f"{self.chart_id}-series-{self.number}"


@dataclass
class Segment:
    label: str
    value: int
    x: float
    width: float
    series: Series

    @property
    def fill(self) -> str:
        return f"url(#{self.series.pattern})"


@dataclass
class ChartRow:
    label: str
    segments: list[Segment]
    total: int
    y: int

    @property
    def label_y(self) -> int:
        return self.y + 16

    @property
    def bar_y(self) -> int:
        return self.y + 22

    @property
    def end_x(self) -> float:
        return (self.segments[-1].x + self.segments[-1].width if self.segments else 0) + 6


@dataclass
class Chart:
    id: str
    title: str
    series: list[Series]
    rows: list[ChartRow] = field(default_factory=list)

    @property
    def height(self) -> int:
        return max(1, len(self.rows)) * ROW_HEIGHT

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1

    @property
    def in_words(self) -> str:
        """ "Online form 40, Phone call 12", or with series "Families: 3 yes, 1 no"."""
        said = []
        for row in self.rows:
            if self.stacked:
                parts = ", ".join(f"{s.value} {s.label.lower()}" for s in row.segments if s.value) or "none"
                said.append(f"{row.label}: {parts}")
            else:
                said.append(f"{row.label} {row.total}")
        return "; ".join(said) if said else "nothing in this period"


def bar_chart(id: str, table: Table, columns: list[int] | None = None) -> Chart | None:
    """A chart of `table`: its first column labels the rows, `columns` (by default the second)
    are the series. None when every value is nought: the table beneath says so more plainly."""
    columns = columns or [1]
    series = [Series(table.headers[c], i % SERIES, id) for i, c in enumerate(columns)]
    totals = [sum(int(row[c] or 0) for c in columns) for row in table.rows]
    largest = max(totals, default=0)
    if not largest:
        return None
    chart = Chart(id=id, title=table.title, series=series)
    for number, (row, total) in enumerate(zip(table.rows, totals, strict=True)):
        x, segments = 0.0, []
        for one, c in zip(series, columns, strict=True):
            value = int(row[c] or 0)
            width = round(value / largest * BAR_SPACE, 1)
            segments.append(Segment(one.label, value, x, width, one))
            x += width
        chart.rows.append(ChartRow(str(row[0]), [s for s in segments if s.width], total, number * ROW_HEIGHT))
    return chart
