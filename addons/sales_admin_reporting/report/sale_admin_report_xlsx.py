"""Lays out a report document as an XLSX workbook: one sheet per section, its tables one under the
other. The document comes complete from `sale.admin.report.section._sheets` (labels in the file's
language, figures, changes, follow-ups): nothing is computed, translated or read here."""

import io

import xlsxwriter

from odoo import api, models

KIND_FORMATS = {
    "money": "#,##0.00",
    "count": "#,##0",
    "percent": "0.0%",
    "days": "0.0",
    "hours": "0.0",
    "number": "#,##0.00",  # a number of no declared kind
}
# the document states percentages in points (12.5 for 12.5 %); Excel's percent format wants 0.125
PERCENT_SCALE = 100
MIN_WIDTH, MAX_WIDTH = 14, 80
TITLE_ROWS = 2  # the title, then a blank row: the first table starts on the third row


class SaleAdminReportXlsx(models.AbstractModel):
    _name = "sale.admin.report.xlsx"
    _description = "Sales Admin Report: XLSX layout"

    @api.model
    def _render(self, document):
        """The XLSX file of `document` ({"title": str, "sheets": [sheet]}), as bytes."""
        output = io.BytesIO()
        # text is text: a company or customer name beginning with "=" never becomes a formula
        workbook = xlsxwriter.Workbook(
            output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        styles = self._styles(workbook)
        for sheet in document["sheets"]:
            self._write_sheet(workbook, styles, document["title"], sheet)
        workbook.close()
        return output.getvalue()

    @api.model
    def _styles(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            **{
                kind: workbook.add_format({"num_format": fmt}) for kind, fmt in KIND_FORMATS.items()
            },
        }

    @api.model
    def _write_sheet(self, workbook, styles, title, sheet):
        worksheet = workbook.add_worksheet(sheet["name"][:31])
        worksheet.write_string(0, 0, title, styles["title"])
        worksheet.freeze_panes(TITLE_ROWS + 1, 0)
        row = TITLE_ROWS
        first_table = True
        for block in sheet["blocks"]:
            if "pairs" in block:
                row = self._write_pairs(worksheet, styles, row, block["pairs"])
                continue
            if block["caption"]:
                worksheet.write_string(row, 0, block["caption"], styles["title"])
                row += 1
            # a sheet has one autofilter: on its first table
            row = self._write_table(workbook, worksheet, styles, row, block, first_table)
            first_table = False
        for col, width in enumerate(self._column_widths(sheet["blocks"])):
            worksheet.set_column(col, col, width)

    @api.model
    def _write_table(self, workbook, worksheet, styles, first_row, table, autofilter):
        """A header row and typed cells; returns the row after the blank row that follows."""
        headers = table["headers"]
        for col, header in enumerate(headers):
            worksheet.write_string(first_row, col, header, styles["header"])
        row = first_row
        for index, values in enumerate(table["rows"]):
            row = first_row + 1 + index
            for col, value in enumerate(values):
                kind = table["kinds"][col]
                if table["row_kinds"] and col:
                    kind = table["row_kinds"][index]
                self._write_cell(worksheet, styles, row, col, value, kind)
        if autofilter:
            worksheet.autofilter(first_row, 0, row, len(headers) - 1)
        if table["chart"] and table["rows"]:
            self._insert_chart(workbook, worksheet, table["chart"], first_row, row)
        return row + 2

    @api.model
    def _write_cell(self, worksheet, styles, row, col, value, kind):
        if value is None:
            worksheet.write_blank(row, col, None)
        elif kind == "date" and value:
            worksheet.write_datetime(row, col, value, styles["date"])
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self._write_number(worksheet, styles, row, col, value, kind)
        else:
            worksheet.write_string(row, col, str(value))

    @api.model
    def _write_pairs(self, worksheet, styles, first_row, pairs):
        """Label and value on a row each; returns the row after the blank row that follows."""
        for row, (label, value, kind) in enumerate(pairs, start=first_row):
            worksheet.write_string(row, 0, label, styles["header"])
            if value is not None:
                self._write_number(worksheet, styles, row, 1, value, kind)
        return first_row + len(pairs) + 1

    @api.model
    def _write_number(self, worksheet, styles, row, col, value, kind):
        """Every number with its kind's format: money with cents, counts whole, days and hours
        with one decimal, percentages as such."""
        if kind not in KIND_FORMATS:
            kind = "number"
        if kind == "percent":
            value /= PERCENT_SCALE
        worksheet.write_number(row, col, value, styles[kind])

    @api.model
    def _insert_chart(self, workbook, worksheet, name, header_row, last_row):
        """A column chart of the table's second column by its first, right of the table."""
        chart = workbook.add_chart({"type": "column"})
        sheet_name = worksheet.get_name()
        chart.add_series(
            {
                "name": name,
                "categories": [sheet_name, header_row + 1, 0, last_row, 0],
                "values": [sheet_name, header_row + 1, 1, last_row, 1],
            }
        )
        chart.set_legend({"none": True})
        worksheet.insert_chart(header_row, 3, chart)

    @api.model
    def _column_widths(self, blocks):
        """Each column as wide as its longest header or text, within bounds."""
        widths = []
        for block in blocks:
            lines = (
                [(label,) for label, _value, _kind in block["pairs"]]
                if "pairs" in block
                else [block["headers"], *block["rows"]]
            )
            for line in lines:
                for col, value in enumerate(line):
                    if col >= len(widths):
                        widths.append(MIN_WIDTH)
                    if isinstance(value, str):
                        widths[col] = max(widths[col], min(len(value) + 2, MAX_WIDTH))
        return widths
