"""The Chart data sheet: what the charts of a pack with small numbers suppressed read.

Tables in such a pack show a suppressed figure as "c". Excel plots text as zero, so the
charts and sparklines read this copy of the tables instead, where those months are blank
(a gap in the line). It holds nothing the tables do not show.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from vitalsigns_xl.contract import CHART_DATA
from vitalsigns_xl.render.layout import FIRST_MONTH_COL, MONTHS, BlockLayout
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles

FIRST_ROW = 3


class ChartData:
    """Collects the chart figures while the section sheets are written; the sheet is written last."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], str | float | None] = {}
        self.next_row = FIRST_ROW

    def place(self, blocks: list[BlockLayout]) -> None:
        """Give each block rows here, and point its charts at them."""
        for block in blocks:
            block.chart_sheet = CHART_DATA
            block.chart_offset = self.next_row - block.value_row
            self.cells[(self.next_row - 1, 0)] = f"{block.item.indicator.code}. {block.item.indicator.title}"
            self.next_row += block.data_rows + 2

    def put(self, block: BlockLayout, row: int, col: int, value: str | float | None) -> None:
        if block.chart_sheet is not None:
            self.cells[(block.data_ref(row)[1], col)] = value

    def write(self, workbook: Workbook, styles: Styles, options: RenderOptions) -> None:
        if not self.cells:
            return
        sheet = workbook.add_worksheet(CHART_DATA)
        sheet.write_string(0, 0, "Chart data: the figures the charts draw; suppressed figures are left blank", styles("title"))
        sheet.set_column(0, 0, 40)
        sheet.set_column(FIRST_MONTH_COL, FIRST_MONTH_COL + MONTHS - 1, 9)
        for (row, col), value in sorted(self.cells.items()):
            if isinstance(value, str):
                sheet.write_string(row, col, value, styles("label" if col == 0 else "text"))
            elif value is not None:
                sheet.write_number(row, col, value, styles("text"))
        set_up_page(sheet, options, self.next_row, FIRST_MONTH_COL + MONTHS - 1)
