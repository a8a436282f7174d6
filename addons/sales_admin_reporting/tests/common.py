from odoo import Command

from odoo.addons.sales_admin_base.tests.common import SalesAdminCommon


class ReportingCommon(SalesAdminCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own, so that the numbers only contain what the tests create
        cls.company = cls.env["res.company"].create(
            {"name": "Report Test Co", "email": "co@example.com"}
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.manager = cls._new_user(
            "rep_manager",
            email="manager@example.com",
            groups="sales_admin_base.group_sales_admin_manager,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.definition = cls.env["sale.admin.report.definition"].create(
            {
                "name": "Monthly test report",
                "company_id": cls.company.id,
                "periodicity": "monthly",
                "run_day": 2,
                "date_start": "2026-01-01",
                "tz": "UTC",
                "skip_empty": False,
                "recipient_user_ids": [Command.set(cls.manager.ids)],
            }
        )
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "Customer A", "email": "a@example.com"}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Customer B", "email": "b@example.com"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Report widget",
                "list_price": 100.0,
                "invoice_policy": "order",
                "taxes_id": False,
            }
        )

    @classmethod
    def _order(cls, partner, qty, date, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": qty})
                ],
            }
        )
        if confirm:
            order.action_confirm()
            order.date_order = date
        return order

    def _process_run(self, date_from="2026-01-01", date_to="2026-01-31"):
        """Run the test definition's report for a period, as the cron does."""
        run = self.env["sale.admin.report.run"].create(
            {"definition_id": self.definition.id, "date_from": date_from, "date_to": date_to}
        )
        run._process()
        return run
