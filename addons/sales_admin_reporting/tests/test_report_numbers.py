import io
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.fields import Domain
from odoo.tests import new_test_user, tagged

from odoo.addons.sales_admin_reporting.models.sale_admin_report_kpi import OTHERS
from odoo.addons.sales_admin_reporting.models.sale_admin_report_section import (
    LABEL_COMPUTES,
    display_name_computed_in,
)

from .common import ReportingCommon


@tagged("post_install", "-at_install")
class TestReportNumbers(ReportingCommon):
    """Every number of the file equals what Odoo's own _read_group gives for the same filters."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the day in UTC, as the periods below are bounded and the records dated ("now"): the
        # superuser's own day (Brussels) is already next month in the last hour of a month
        cls.today = fields.Date.today()
        cls.first = cls.today.replace(day=1)
        now = fields.Datetime.now()
        cls.order_a1 = cls._order(cls.customer_a, 3, now)
        cls.order_a2 = cls._order(cls.customer_a, 1, now)
        cls.order_b = cls._order(cls.customer_b, 5, now)
        cls._order(cls.customer_b, 7, now, confirm=False)  # a quotation: no revenue
        invoices = (cls.order_a1 | cls.order_b)._create_invoices()
        invoices.invoice_date = cls.today
        invoices.action_post()
        cls.invoice_b = invoices.filtered(lambda move: move.partner_id == cls.customer_b)
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.invoice_b.ids
        ).create({"amount": 200.0, "payment_date": cls.today}).action_create_payments()
        wizard = (
            cls.env["sale.admin.report.generate"]
            .with_user(cls.manager)
            .create(
                {"definition_id": cls.definition.id, "date_from": cls.first, "date_to": cls.today}
            )
        )
        cls.report_run = cls.env["sale.admin.report.run"].browse(wizard.action_generate()["res_id"])
        cls.workbook = openpyxl.load_workbook(
            io.BytesIO(cls.report_run.attachment_id.raw), data_only=True
        )

    def _summary(self):
        sheet = self.workbook["Summary"]
        return {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4) if row[0].value}

    def _sales_domain(self):
        start, end = self.env["sale.admin.report.kpi"]._datetime_bounds(
            self.first, self.today, "UTC"
        )
        return Domain.AND(
            [
                [("company_id", "=", self.company.id), ("state", "=", "sale")],
                [("date", ">=", start), ("date", "<", end)],
            ]
        )

    def test_the_run_is_done_with_a_checksummed_file(self):
        self.assertEqual(self.report_run.state, "done")
        self.assertEqual(len(self.report_run.checksum), 64)
        self.assertTrue(self.report_run.file_name.endswith(".xlsx"))
        sheets = [
            "Summary",
            "Sales",
            "Order processing",
            "Payments",
            "Complaints",
            "Requests and escalations",
            "Recommendations",
        ]
        self.assertEqual(len(self.workbook.sheetnames), len(self.definition.section_ids))
        self.assertEqual([name for name in self.workbook.sheetnames if name in sheets], sheets)

    def test_revenue_and_orders_equal_the_sales_analysis(self):
        [(revenue,)] = self.env["sale.report"]._read_group(
            self._sales_domain(), [], ["price_subtotal:sum"]
        )
        summary = self._summary()
        self.assertEqual(revenue, 900.0)
        self.assertAlmostEqual(summary["Revenue (confirmed orders, untaxed)"], revenue)
        self.assertEqual(summary["Confirmed orders"], 3)
        self.assertEqual(summary["Quotations created"], 4)
        self.assertAlmostEqual(summary["Average order value"], 300.0)
        self.assertEqual(summary["New customers"], 2)

    def test_sales_by_customer_equal_the_sales_analysis(self):
        expected = {
            partner.display_name: amount
            for partner, amount in self.env["sale.report"]._read_group(
                self._sales_domain(), ["commercial_partner_id"], ["price_subtotal:sum"]
            )
        }
        sheet = self.workbook["Sales"]
        rows = list(sheet.iter_rows(min_row=1, values_only=True))
        header = rows.index(("Customer", "Revenue (untaxed)", "Order lines"))
        found = {}
        for name, amount, _lines in rows[header + 1 :]:
            if name is None:
                break
            found[name] = amount
        self.assertEqual(found, expected)
        self.assertEqual(found, {"Customer A": 400.0, "Customer B": 500.0})

    def test_invoiced_collected_and_receivables_equal_accounting(self):
        invoices = Domain.AND(
            [
                [("company_id", "=", self.company.id), ("state", "=", "posted")],
                [("move_type", "in", ("out_invoice", "out_refund"))],
            ]
        )
        [(invoiced, residual)] = self.env["account.move"]._read_group(
            invoices, [], ["amount_untaxed_signed:sum", "amount_residual_signed:sum"]
        )
        summary = self._summary()
        self.assertAlmostEqual(summary["Invoiced (untaxed, net of credit notes)"], invoiced)
        self.assertEqual(invoiced, 800.0)
        self.assertAlmostEqual(summary["Collected from customers"], 200.0)
        self.assertAlmostEqual(summary["Open receivables"], residual)
        self.assertEqual(residual, 600.0)
        payments = {
            row[0]: row[1]
            for row in self.workbook["Payments"].iter_rows(min_row=4, values_only=True)
            if row[0]
        }
        self.assertAlmostEqual(payments["Open receivables"], 600.0)

    def test_the_numbers_take_a_constant_number_of_queries(self):
        Kpi = self.env["sale.admin.report.kpi"]
        Kpi._report_data(self.company, self.first, self.today)  # warm the caches

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Kpi._report_data(self.company, self.first, self.today)
            return self.env.cr.sql_log_count - before

        first = queries()
        other = self.env["res.partner"].create({"name": "Customer C"})
        for partner in (self.customer_a, self.customer_b, other) * 3:
            self._order(partner, 2, fields.Datetime.now())
        self.assertEqual(queries(), first)
        self.assertLessEqual(first, 21)  # 98 when each period was computed on its own

    def test_a_long_ranking_ends_with_the_sum_of_the_others(self):
        start, end = self.env["sale.admin.report.kpi"]._datetime_bounds(
            self.first, self.today, "UTC"
        )
        tables = (
            self.env["sale.admin.report.kpi"]
            .with_company(self.company)
            ._sales_tables(self.company, start, end, limit=1)
        )
        self.assertEqual(tables["customer"], [(self.customer_b, 500.0, 1), (OTHERS, 400.0, 2)])
        self.assertEqual(
            self.env["sale.admin.report.section"]._labelled(tables["customer"]),
            [("Customer B", 500.0, 1), ("Others", 400.0, 2)],
        )

    def test_partners_are_labelled_with_their_display_name_read_from_one_column(self):
        """A ranked partner reads as its display name ("Company, Contact" for a contact), taken
        from the full name Odoo stores: one query for the column, no display name computed."""
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "Label Company", "is_company": True})
        contact = Partner.create({"name": "Anna", "parent_id": company.id})
        person = Partner.create({"name": "Bruno"})
        rows = [(company, 1.0), (contact, 2.0), (person, 3.0), (Partner, 4.0), (OTHERS, 5.0)]
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            labelled = self.env["sale.admin.report.section"]._labelled(rows)
        self.assertEqual(
            labelled,
            [
                ("Label Company", 1.0),
                ("Label Company, Anna", 2.0),
                ("Bruno", 3.0),
                ("(none)", 4.0),
                ("Others", 5.0),
            ],
        )
        self.assertEqual(
            [label for label, _value in labelled[:3]],
            (company | contact | person).mapped("display_name"),
        )

    def test_products_and_categories_are_labelled_with_their_display_name(self):
        """A ranked product reads as Odoo's display name in the reader's language: "[code] name",
        the name alone without a code, the attribute values of a variant; a category as its
        full path. Plain products cost two queries whatever their number, not a display name
        computed each."""
        self.env["res.lang"]._activate_lang("lv_LV")
        Product = self.env["product.product"]
        coded = Product.create({"name": "Label Chair", "default_code": "CH-1"})
        coded.product_tmpl_id.with_context(lang="lv_LV").name = "Etiķetes krēsls"
        plain = Product.create({"name": "Label Table"})
        size = self.env["product.attribute"].create(
            {"name": "Label Size", "value_ids": [Command.create({"name": n}) for n in "SM"]}
        )
        single = self.env["product.attribute"].create(
            {"name": "Label Colour", "value_ids": [Command.create({"name": "Red"})]}
        )
        template = self.env["product.template"].create(
            {
                "name": "Label Shirt",
                "default_code": "SH",
                "attribute_line_ids": [
                    Command.create({"attribute_id": size.id, "value_ids": size.value_ids.ids}),
                    Command.create({"attribute_id": single.id, "value_ids": single.value_ids.ids}),
                ],
            }
        )
        parent = self.env["product.category"].create({"name": "Label Furniture"})
        category = self.env["product.category"].create({"name": "Chairs", "parent_id": parent.id})
        products = coded | plain | template.product_variant_ids
        Section = self.env["sale.admin.report.section"]
        for lang in ("en_US", "lv_LV"):
            rows = [(product, 1.0) for product in products] + [(category, 2.0)]
            self.env.invalidate_all()
            labelled = Section.with_context(lang=lang)._labelled(rows)
            self.assertEqual(
                [label for label, _value in labelled],
                [
                    *products.with_context(lang=lang).mapped("display_name"),
                    category.display_name,
                ],
            )
        self.assertEqual(labelled[0][0], "[CH-1] Etiķetes krēsls")
        self.assertEqual(labelled[1][0], "Label Table")
        self.assertIn("(S)", labelled[2][0])  # the variant's size, not its single colour
        self.assertEqual(labelled[-1][0], "Label Furniture / Chairs")
        many = Product.create(
            [{"name": f"Label Lamp {n}", "default_code": f"L{n}"} for n in range(20)]
        )
        for batch in (coded | plain, many):
            self.env.invalidate_all()
            with self.assertQueryCount(2):
                Section._labelled([(product, 1.0) for product in batch])
        # a customer's own product names: Odoo's display name, computed as usual
        self.assertEqual(
            Section._labelled([(coded.with_context(display_default_code=False), 1.0)]),
            [("Label Chair", 1.0)],
        )

    def test_a_display_name_computed_by_another_addon_is_the_label(self):
        """The labels read from stored columns agree with Odoo's own display names; when another
        addon computes a model's display name (l10n_gcc_invoice reworks every product's), its
        records are labelled with Odoo's display name, whatever it says."""
        Product = self.env["product.product"]
        product = Product.create({"name": "Label Lamp", "default_code": "LL"})
        own = type(Product)
        self.assertTrue(display_name_computed_in(own, LABEL_COMPUTES["product.product"]))

        def bracketed(products):
            for record in products:
                record.display_name = f"<{record.name}>"

        elsewhere = type(
            "ProductProduct",
            (own,),
            {
                "_compute_display_name": bracketed,
                "__module__": "odoo.addons.l10n_gcc_invoice.models.product",
            },
        )
        self.assertFalse(display_name_computed_in(elsewhere, LABEL_COMPUTES["product.product"]))
        Section = self.env["sale.admin.report.section"]
        with patch(
            "odoo.addons.sales_admin_reporting.models.sale_admin_report_section"
            ".display_name_computed_in",
            return_value=False,
        ):
            self.env.invalidate_all()
            with self.assertQueryCount(3):  # Odoo's display name: product, template, values
                labelled = Section._labelled([(product, 1.0)])
        self.assertEqual(labelled, [(product.display_name, 1.0)])

    def test_a_salesman_reading_the_figures_sees_only_what_the_sales_analysis_shows_him(self):
        rep = new_test_user(
            self.env,
            "rep_own_orders",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.order_b.user_id = rep
        self.env.flush_all()
        Kpi = self.env["sale.admin.report.kpi"].with_user(rep).with_company(self.company)
        start, end = Kpi._datetime_bounds(self.first, self.today, "UTC")
        [(expected,)] = (
            self.env["sale.report"]
            .with_user(rep)
            ._read_group(self._sales_domain(), [], ["price_subtotal:sum"])
        )
        self.assertEqual(expected, 500.0, "his own order only")
        [sales] = Kpi._sales_kpis(self.company, Kpi._periods_of([(self.first, self.today)], "UTC"))
        self.assertEqual(sales["revenue"], expected)
        self.assertEqual((sales["orders"], sales["customers"]), (1, 1))
        tables = Kpi._sales_tables(self.company, start, end)
        self.assertEqual(tables["customer"], [(self.customer_b, 500.0, 1)])
        self.assertEqual(tables["salesperson"], [(rep, 500.0, 1)])
