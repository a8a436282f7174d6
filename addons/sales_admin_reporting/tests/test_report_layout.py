import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import ReportingCommon


@tagged("post_install", "-at_install")
class TestReportLayout(ReportingCommon):
    """The XLSX layout writes the document the sections prepared: it reads and computes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.customer_a, 2, "2026-02-10")
        Rule = cls.env["sale.admin.report.rule"]
        Rule.search([]).active = False
        Rule.create(
            {
                "name": "Few orders",
                "metric": "orders",
                "comparison": "target",
                "operator": "below",
                "threshold": 1000,
                "message": "Only {value} orders",
                "activity_user_id": cls.manager.id,
                "company_id": cls.company.id,
            }
        )

    def test_the_xlsx_layout_runs_no_query(self):
        self._process_run("2026-01-01", "2026-01-31")  # its to-do is February's follow-up
        february = self._process_run("2026-02-01", "2026-02-28")
        self.assertEqual(february.state, "done", february.error)
        data = self.env["sale.admin.report.kpi"]._report_data(
            self.company, february.date_from, february.date_to
        )
        follow_ups = february._previous_recommendations()
        self.assertTrue(february.recommendation_ids and follow_ups)
        document = self.definition.section_ids._sheets(
            data, february.recommendation_ids, follow_ups
        )
        Xlsx = self.env["sale.admin.report.xlsx"]
        with self.assertQueryCount(0):
            content = Xlsx._render(document)
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        self.assertEqual(workbook.sheetnames, [sheet["name"] for sheet in document["sheets"]])
        summary = {
            row[0]: row[1]
            for row in workbook["Summary"].iter_rows(min_row=4, values_only=True)
            if row[0]
        }
        self.assertEqual(summary["Confirmed orders"], data["kpis"]["orders"])
        self.assertEqual(summary["Confirmed orders"], 1)
        texts = [
            cell
            for row in workbook["Recommendations"].iter_rows(values_only=True)
            for cell in row
            if cell
        ]
        self.assertIn("Only 1 orders", texts)
        self.assertIn("Only 0 orders", texts, "January's recommendation is followed up")

    def test_the_summary_states_the_changes_against_both_periods(self):
        data = self.env["sale.admin.report.kpi"]._report_data(
            self.company, date(2026, 2, 1), date(2026, 2, 28)
        )
        data["previous"]["orders"], data["last_year"]["orders"] = 4, None
        [sheet] = self.env.ref("sales_admin_reporting.section_summary")._sheets(data)["sheets"]
        [table] = sheet["blocks"]
        orders = next(row for row in table["rows"] if row[0] == "Confirmed orders")
        self.assertEqual(orders[1:], (1, 4, -3, None, None))

    def test_a_change_against_zero_is_left_blank(self):
        data = self.env["sale.admin.report.kpi"]._report_data(
            self.company, date(2026, 2, 1), date(2026, 2, 28)
        )
        data["previous"]["orders"], data["last_year"]["orders"] = 0, 3
        [sheet] = self.env.ref("sales_admin_reporting.section_summary")._sheets(data)["sheets"]
        [table] = sheet["blocks"]
        orders = next(row for row in table["rows"] if row[0] == "Confirmed orders")
        self.assertEqual(orders[1:], (1, 0, None, 3, -2))

    def test_every_number_of_the_file_has_its_number_format(self):
        data = self.env["sale.admin.report.kpi"]._report_data(
            self.company, date(2026, 2, 1), date(2026, 2, 28)
        )
        data["kpis"].update(
            {"sla_breach_rate": 12.5, "dso": 0.000128, "revenue": 1234.5, "orders": 3}
        )
        data["tables"]["requests"]["type"] = [
            (self.env["sale.admin.request.type"].search([], limit=1), 2, 1, 0.000128, 3.25)
        ]
        document = self.definition.section_ids._sheets(data)
        workbook = openpyxl.load_workbook(
            io.BytesIO(self.env["sale.admin.report.xlsx"]._render(document))
        )
        numbers = [
            cell
            for sheet in workbook
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
        ]
        self.assertTrue(numbers)
        self.assertEqual(
            [cell.coordinate for cell in numbers if cell.number_format == "General"], []
        )
        summary = {
            row[0].value: row[1] for row in workbook["Summary"].iter_rows(min_row=4) if row[0].value
        }
        self.assertEqual(summary["Revenue (confirmed orders, untaxed)"].number_format, "#,##0.00")
        self.assertEqual(summary["Confirmed orders"].number_format, "#,##0")
        self.assertEqual(summary["Days sales outstanding"].number_format, "0.0")
        breach = summary["Complaints breaching their SLA (%)"]
        self.assertEqual((breach.value, breach.number_format), (0.125, "0.0%"))
        hours = next(
            row
            for row in workbook["Requests and escalations"].iter_rows(min_row=4)
            if isinstance(row[3].value, float)
        )
        self.assertEqual(
            [cell.number_format for cell in hours[1:5]], ["#,##0", "#,##0", "0.0", "0.0"]
        )

    def test_a_section_created_later_joins_every_definition(self):
        archived = self.definition.copy({"name": "Archived report", "active": False})
        section = self.env.ref("sales_admin_reporting.section_requests")
        section.unlink()
        self.assertNotIn("requests", self.definition.section_ids.mapped("code"))
        section = self.env["sale.admin.report.section"].create(
            {"name": "Requests and escalations", "code": "requests", "sequence": 70}
        )
        self.assertIn(section, self.definition.section_ids)
        self.assertIn(section, archived.section_ids)

    def test_text_beginning_with_an_equals_sign_stays_text(self):
        document = {
            "title": '=HYPERLINK("http://evil.example","Click")',
            "sheets": [
                {
                    "name": "Summary",
                    "blocks": [
                        {
                            "caption": "=1+1",
                            "headers": ["=SUM(A1:A2)", "Value"],
                            "kinds": ["text", "count"],
                            "row_kinds": [],
                            "rows": [["=cmd|' /C calc'!A0", 3]],
                            "chart": False,
                        }
                    ],
                }
            ],
        }
        content = self.env["sale.admin.report.xlsx"]._render(document)
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Summary"]
        texts = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        self.assertEqual(len(texts), 5)
        for cell in texts:
            self.assertEqual(cell.data_type, "s", f"{cell.coordinate} {cell.value!r} is a formula")
