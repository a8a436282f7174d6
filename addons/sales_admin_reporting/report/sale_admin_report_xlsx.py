"""Lays out a run's data as an XLSX workbook: one sheet per section, no numbers computed here."""

import io

import xlsxwriter

from odoo import api, models

from ..models.sale_admin_report_kpi_sections import PROPOSAL_INDICATORS

KIND_FORMATS = {"money": "#,##0.00", "count": "#,##0", "percent": "0.0", "days": "0.0"}


class SaleAdminReportXlsx(models.AbstractModel):
    _name = "sale.admin.report.xlsx"
    _description = "Sales Admin Report: XLSX layout"

    @api.model
    def _render(self, data, recommendations, sections):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "constant_memory": False})
        styles = self._styles(workbook)
        builders = self._sheet_builders()
        for code in self._section_order():
            if code not in sections:
                continue
            if (
                code not in builders
                or builders[code](workbook, styles, data, recommendations) is False
            ):
                self._missing_section_sheet(workbook, styles, code)
        workbook.close()
        return output.getvalue()

    @api.model
    def _section_order(self):
        return [
            "summary",
            "sales",
            "orders",
            "payments",
            "proposals",
            "complaints",
            "requests",
            "recommendations",
        ]

    @api.model
    def _sheet_builders(self):
        """Hook: {section code: builder(workbook, styles, data, recommendations)}."""
        return {
            "summary": self._sheet_summary,
            "sales": self._sheet_sales,
            "payments": self._sheet_payments,
            "orders": self._sheet_orders,
            "complaints": self._sheet_complaints,
            "requests": self._sheet_requests,
            "proposals": self._sheet_proposals,
            "recommendations": self._sheet_recommendations,
        }

    @api.model
    def _styles(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1}),
            "text": workbook.add_format({}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            **{
                kind: workbook.add_format({"num_format": fmt}) for kind, fmt in KIND_FORMATS.items()
            },
        }

    @api.model
    def _write_table(
        self, sheet, styles, first_row, headers, rows, kinds, widths=None, autofilter=True
    ):
        """A formatted table: header row, typed cells, autofilter; returns the next free row."""
        for col, header in enumerate(headers):
            sheet.write(first_row, col, header, styles["header"])
            sheet.set_column(col, col, (widths or {}).get(col, max(14, len(header) + 2)))
        row = first_row
        for row, values in enumerate(rows, start=first_row + 1):
            for col, value in enumerate(values):
                if value is None:
                    sheet.write_blank(row, col, None)
                elif kinds[col] == "date" and value:
                    sheet.write_datetime(row, col, value, styles["date"])
                elif isinstance(value, (int, float)):
                    sheet.write_number(row, col, value, styles[kinds[col]])
                else:
                    sheet.write_string(row, col, str(value))
        if autofilter:
            sheet.autofilter(first_row, 0, max(row, first_row), len(headers) - 1)
        return row + 2

    @api.model
    def _sheet(self, workbook, styles, name, data):
        sheet = workbook.add_worksheet(name[:31])
        sheet.write(
            0,
            0,
            self.env._(
                "%(company)s: %(start)s to %(end)s",
                company=data["company"].name,
                start=data["date_from"],
                end=data["date_to"],
            ),
            styles["title"],
        )
        sheet.freeze_panes(3, 0)
        return sheet

    @api.model
    def _missing_section_sheet(self, workbook, styles, code):
        labels = dict(
            self.env["sale.admin.report.section"]._fields["code"]._description_selection(self.env)
        )
        sheet = workbook.add_worksheet(labels.get(code, code)[:31])
        sheet.write(
            0,
            0,
            self.env._(
                "This section needs a feature that is not installed in this database, so it is "
                "left out."
            ),
        )

    @api.model
    def _sheet_summary(self, workbook, styles, data, recommendations):
        sheet = self._sheet(workbook, styles, self.env._("Summary"), data)
        headers = [
            self.env._("Indicator"),
            self.env._("This period"),
            self.env._("Previous period"),
            self.env._("Change"),
            self.env._("Same period last year"),
            self.env._("Change vs last year"),
        ]
        row = 2
        for col, header in enumerate(headers):
            sheet.write(row, col, header, styles["header"])
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, 5, 20)
        catalogue = self.env["sale.admin.report.kpi"]._kpi_catalogue()
        for row, (key, label, kind) in enumerate(catalogue, start=3):
            value = data["kpis"].get(key)
            previous = data["previous"].get(key)
            last_year = data["last_year"].get(key)
            sheet.write_string(row, 0, label)
            cells = (
                value,
                previous,
                self._change(value, previous),
                last_year,
                self._change(value, last_year),
            )
            for col, cell in enumerate(cells, start=1):
                if cell is None:
                    sheet.write_blank(row, col, None)
                else:
                    sheet.write_number(row, col, cell, styles[kind])
        sheet.autofilter(2, 0, 2 + len(catalogue), 5)

    @api.model
    def _change(self, value, reference):
        if value is None or reference is None:
            return None
        return value - reference

    @api.model
    def _sheet_sales(self, workbook, styles, data, recommendations):
        sheet = self._sheet(workbook, styles, self.env._("Sales"), data)
        tables = data["tables"]["sales"]
        row = 2
        groupings = (
            ("team", self.env._("Sales team")),
            ("salesperson", self.env._("Salesperson")),
            ("customer", self.env._("Customer")),
            ("category", self.env._("Product category")),
        )
        for index, (key, title) in enumerate(groupings):
            row = self._write_table(
                sheet,
                styles,
                row,
                [title, self.env._("Revenue (untaxed)"), self.env._("Order lines")],
                tables[key],
                ["text", "money", "count"],
                widths={0: 36, 1: 20},
                autofilter=index == 0,  # a sheet has one autofilter: on the first table
            )
        kpis = data["kpis"]
        sheet.write(row, 0, self.env._("New customers"), styles["header"])
        sheet.write_number(row, 1, kpis["new_customers"], styles["count"])
        sheet.write(row + 1, 0, self.env._("Returning customers"), styles["header"])
        sheet.write_number(row + 1, 1, kpis["returning_customers"], styles["count"])

    @api.model
    def _sheet_payments(self, workbook, styles, data, recommendations):
        sheet = self._sheet(workbook, styles, self.env._("Payments"), data)
        kpis = data["kpis"]
        rows = [
            (self.env._("Invoiced (untaxed)"), kpis["invoiced"]),
            (self.env._("Collected"), kpis["collected"]),
            (self.env._("Open receivables"), kpis["receivable_open"]),
            (self.env._("Overdue receivables"), kpis["receivable_overdue"]),
        ]
        row = self._write_table(
            sheet,
            styles,
            2,
            [self.env._("Indicator"), self.env._("Amount")],
            rows,
            ["text", "money"],
            {0: 36, 1: 20},
        )
        sheet.write(row, 0, self.env._("Days sales outstanding"), styles["header"])
        if kpis["dso"] is not None:
            sheet.write_number(row, 1, kpis["dso"], styles["days"])
        row += 2
        ageing = data["tables"]["payments"]["ageing"]
        first = row
        for col, header in enumerate((self.env._("Ageing at period end"), self.env._("Amount"))):
            sheet.write(row, col, header, styles["header"])
        for row, (label, amount) in enumerate(ageing, start=first + 1):
            sheet.write_string(row, 0, label)
            sheet.write_number(row, 1, amount, styles["money"])
        chart = workbook.add_chart({"type": "column"})
        sheet_name = sheet.get_name()
        chart.add_series(
            {
                "name": self.env._("Receivables by age"),
                "categories": [sheet_name, first + 1, 0, row, 0],
                "values": [sheet_name, first + 1, 1, row, 1],
            }
        )
        chart.set_legend({"none": True})
        sheet.insert_chart(first, 3, chart)

    @api.model
    def _sheet_recommendations(self, workbook, styles, data, recommendations):
        sheet = self._sheet(workbook, styles, self.env._("Recommendations"), data)
        severity = dict(
            self.env["sale.admin.report.rule"]._fields["severity"]._description_selection(self.env)
        )
        lang = self.env.lang
        rows = [
            (
                severity.get(rec.severity, ""),
                rec.rule_id.name,
                rec._message_in(lang),
                rec.value,
                rec.reference,
            )
            for rec in recommendations.with_context(lang=lang)
        ]
        if not rows:
            rows = [
                ("", self.env._("No rule fired: nothing to recommend this period."), "", "", "")
            ]
        row = self._write_table(
            sheet,
            styles,
            2,
            [
                self.env._("Severity"),
                self.env._("Rule"),
                self.env._("Recommendation"),
                self.env._("Value"),
                self.env._("Compared with"),
            ],
            rows,
            ["text"] * 5,
            {0: 12, 1: 30, 2: 80, 3: 14, 4: 16},
        )
        follow_up = data["run"]._previous_recommendations() if data.get("run") else []
        if follow_up:
            sheet.write(row, 0, self.env._("Last periods' recommendations"), styles["title"])
            state = dict(
                self.env["sale.admin.report.recommendation"]
                ._fields["activity_state"]
                ._description_selection(self.env)
            )
            self._write_table(
                sheet,
                styles,
                row + 1,
                [self.env._("Period"), self.env._("Recommendation"), self.env._("Follow-up")],
                [
                    (
                        f"{rec.run_id.date_from} - {rec.run_id.date_to}",
                        rec._message_in(lang),
                        state[rec.activity_state],
                    )
                    for rec in follow_up.with_context(lang=lang)
                ],
                ["text"] * 3,
                {0: 24, 1: 80, 2: 14},
            )

    @api.model
    def _tables_sheet(self, workbook, styles, data, section, title, specs):
        """A sheet of several tables of `data["tables"][section]`; False when the section has none."""
        tables = data["tables"].get(section)
        if tables is None:
            return False
        sheet = self._sheet(workbook, styles, title, data)
        row = 2
        for index, (key, headers, kinds) in enumerate(specs):
            sheet.write(row, 0, headers[0], styles["title"])
            row = self._write_table(
                sheet,
                styles,
                row + 1,
                headers,
                tables[key],
                kinds,
                {0: 36, 1: 16, 2: 16, 3: 16, 4: 16},
                autofilter=index == 0,
            )
        return sheet

    @api.model
    def _sheet_orders(self, workbook, styles, data, recommendations):
        return self._tables_sheet(
            workbook,
            styles,
            data,
            "orders",
            self.env._("Order processing"),
            [
                (
                    "by_state",
                    [self.env._("Admin state"), self.env._("Orders"), self.env._("Untaxed amount")],
                    ["text", "count", "money"],
                ),
                ("cycle", [self.env._("Cycle time"), self.env._("Average days")], ["text", "days"]),
                (
                    "blocked",
                    [
                        self.env._("Blocked order"),
                        self.env._("Customer"),
                        self.env._("Order date"),
                        self.env._("Reasons"),
                    ],
                    ["text", "text", "date", "text"],
                ),
            ],
        )

    @api.model
    def _sheet_complaints(self, workbook, styles, data, recommendations):
        headers = [self.env._("Complaints"), self.env._("Remedy cost")]
        return self._tables_sheet(
            workbook,
            styles,
            data,
            "complaints",
            self.env._("Complaints"),
            [
                ("category", [self.env._("Category"), *headers], ["text", "count", "money"]),
                ("root_cause", [self.env._("Root cause"), *headers], ["text", "count", "money"]),
                ("product", [self.env._("Product"), *headers], ["text", "count", "money"]),
                (
                    "product_rate",
                    [
                        self.env._("Complaint rate by product"),
                        self.env._("Complaints"),
                        self.env._("Orders with the product"),
                        self.env._("Complaints per 100 orders"),
                        self.env._("Previous period"),
                    ],
                    ["text", "count", "count", "percent", "percent"],
                ),
            ],
        )

    @api.model
    def _sheet_requests(self, workbook, styles, data, recommendations):
        headers = [
            self.env._("Requests"),
            self.env._("Escalated"),
            self.env._("Hours to first response"),
            self.env._("Hours to resolution"),
        ]
        kinds = ["text", "count", "count", "days", "days"]
        return self._tables_sheet(
            workbook,
            styles,
            data,
            "requests",
            self.env._("Requests and escalations"),
            [
                ("type", [self.env._("Request type"), *headers], kinds),
                ("requester", [self.env._("Sales rep"), *headers], kinds),
                ("admin", [self.env._("Sales admin"), *headers], kinds),
            ],
        )

    @api.model
    def _sheet_proposals(self, workbook, styles, data, recommendations):
        Kpi = self.env["sale.admin.report.kpi"]
        catalogue = {key: label for key, label, _kind in Kpi._kpi_catalogue()}
        return self._tables_sheet(
            workbook,
            styles,
            data,
            "proposals",
            self.env._("Proposals"),
            [
                (
                    "indicators",
                    [self.env._("Proposals in the period")]
                    + [catalogue[key] for key in PROPOSAL_INDICATORS],
                    ["text", "count", "count", "count", "percent", "money", "days"],
                ),
                (
                    "owner",
                    [
                        self.env._("Owner"),
                        self.env._("Won"),
                        self.env._("Lost"),
                        self.env._("Win rate (%)"),
                        self.env._("Value won"),
                    ],
                    ["text", "count", "count", "percent", "money"],
                ),
            ],
        )
