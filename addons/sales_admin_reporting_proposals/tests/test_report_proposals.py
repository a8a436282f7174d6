import io
from datetime import date, datetime

import openpyxl

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.sales_admin_reporting.tests.common import ReportingCommon


@tagged("post_install", "-at_install")
class TestReportProposals(ReportingCommon):
    """The proposals' figures reach the report's summary and its Proposals sheet."""

    def _workbook(self, run):
        self.assertEqual(run.state, "done", run.error)
        return openpyxl.load_workbook(io.BytesIO(run.attachment_id.raw), data_only=True)

    def test_the_proposals_sheet_comes_after_payments(self):
        workbook = self._workbook(self._process_run())
        self.assertEqual(
            workbook.sheetnames,
            [
                "Summary",
                "Sales",
                "Order processing",
                "Payments",
                "Proposals",
                "Complaints",
                "Requests and escalations",
                "Recommendations",
            ],
        )
        captions = [row[0] for row in workbook["Proposals"].iter_rows(values_only=True) if row[0]]
        self.assertIn("Owner", captions, "the proposals addon is installed: its sheet is filled")

    def test_time_to_submit_is_the_average_from_creation_to_submission(self):
        Proposal = self.env["sale.proposal"]
        proposals = Proposal.create(
            [
                {
                    "title": f"Offer {i}",
                    "partner_id": self.customer_a.id,
                    "user_id": self.manager.id,
                }
                for i in range(4)
            ]
        )
        created = [datetime(2026, 1, 2, 9), datetime(2026, 1, 5, 12), datetime(2026, 1, 20), None]
        sent = [datetime(2026, 1, 4, 21), datetime(2026, 1, 15), datetime(2026, 2, 3), None]
        for proposal, created_on, date_sent in zip(proposals, created, sent, strict=True):
            if created_on:
                proposal.date_sent = date_sent
                self.env.execute_query(
                    SQL(
                        "UPDATE sale_proposal SET create_date = %s WHERE id = %s",
                        created_on,
                        proposal.id,
                    )
                )
        proposals.invalidate_recordset(["create_date"])
        Kpi = self.env["sale.admin.report.kpi"]
        kpis = Kpi._period_kpis(self.company, date(2026, 1, 1), date(2026, 1, 31))
        submitted = proposals.filtered(
            lambda p: p.date_sent and datetime(2026, 1, 1) <= p.date_sent < datetime(2026, 2, 1)
        )
        self.assertEqual(len(submitted), 2)
        expected = sum(
            (p.date_sent - p.create_date).total_seconds() / 86400 for p in submitted
        ) / len(submitted)
        self.assertEqual(kpis["days_to_submit"], round(expected, 1))
        self.assertEqual(kpis["days_to_submit"], 6.0)
        self.assertIsNone(
            Kpi._period_kpis(self.company, date(2026, 3, 1), date(2026, 3, 31))["days_to_submit"],
            "no proposal submitted in March",
        )
        workbook = self._workbook(self._process_run())
        rows = list(workbook["Proposals"].iter_rows(values_only=True))
        header = next(row for row in rows if row[0] == "Proposals in the period" and row[1])
        values = dict(zip(header, rows[rows.index(header) + 1], strict=True))
        self.assertEqual(values["Average days to submit a proposal"], 6.0)
        self.assertEqual(values["Proposals sent"], 2)

    def test_win_rate_rule_fires_on_ten_points_down(self):
        rule = self.env.ref("sales_admin_reporting_proposals.rule_win_rate_down")

        def fires(rate, previous_rate):
            data = {"kpis": {"win_rate": rate}, "previous": {"win_rate": previous_rate}}
            return rule._evaluate(data)[0]

        self.assertTrue(fires(30.0, 40.0))
        self.assertFalse(fires(32.0, 40.0))
