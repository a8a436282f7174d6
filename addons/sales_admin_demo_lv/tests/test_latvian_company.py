import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

# the company's documents the Latvian sales admin works with, by model
DOCUMENT_MODELS = (
    "sale.order",
    "account.move",
    "account.payment",
    "sale.complaint",
    "sale.admin.request",
    "sale.proposal",
    "sale.contract",
    "sale.admin.report.definition",
    "sale.admin.report.run",
)


def _iban_checksum_ok(number):
    """ISO 13616: the rearranged number, letters as 10..35, leaves 1 when divided by 97."""
    rearranged = number[4:] + number[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


@tagged("post_install", "-at_install")
class TestLatvianDemoCompany(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("sales_admin_demo_lv.lv_company")
        cls.lv_admin = cls.env.ref("sales_admin_demo_lv.lv_user_sales_admin")
        cls.lv_rep = cls.env.ref("sales_admin_demo_lv.lv_user_sales_rep")
        cls.customers = (
            cls.env["res.partner"].search(
                [
                    ("company_id", "=", cls.company.id),
                    ("is_company", "=", True),
                    ("vat", "!=", False),
                ]
            )
            - cls.company.partner_id
        )

    def _of_company(self, model, domain=()):
        return self.env[model].search([("company_id", "=", self.company.id), *domain])

    def test_the_company_keeps_latvian_books_in_euro(self):
        company = self.company
        self.assertEqual(company.chart_template, "lv")
        self.assertEqual(company.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(company.country_id, self.env.ref("base.lv"))
        self.assertEqual(company.city, "Rīga")
        latvian_vat = self.env["account.tax"].search(
            [
                ("company_id", "=", company.id),
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("amount", "=", 21.0),
            ]
        )
        self.assertTrue(latvian_vat, "the Latvian chart brings the 21% VAT")
        self.assertEqual(company.account_sale_tax_id.amount, 21.0)
        self.assertIn(company.account_sale_tax_id, latvian_vat)

    def test_the_company_and_its_customers_have_valid_latvian_vat_numbers(self):
        Partner = self.env["res.partner"]
        self.assertEqual(len(self.customers), 3)
        for partner in self.company.partner_id | self.customers:
            with self.subTest(partner=partner.name):
                self.assertEqual(partner.country_id.code, "LV")
                self.assertRegex(partner.vat, r"^LV\d{11}$")
                self.assertTrue(Partner._check_vat_number("LV", partner.vat[2:]), partner.vat)

    def test_the_company_is_paid_into_a_latvian_bank_account(self):
        account = self.company.partner_id.bank_ids
        self.assertEqual(len(account), 1)
        self.assertRegex(account.acc_number, r"^LV\d{2}[A-Z]{4}[0-9A-Z]{13}$")
        self.assertTrue(_iban_checksum_ok(account.acc_number))
        self.assertEqual(account.bank_id.bic, "HABALV22")
        self.assertEqual(account.bank_id.country.code, "LV")
        bank_journal = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")]
        )
        self.assertEqual(bank_journal.bank_account_id, account)

    def test_the_latvian_users_work_in_latvian_with_the_demo_users_rights(self):
        sadmin = self.env.ref("sales_admin_base.user_sales_admin")
        srep = self.env.ref("sales_admin_base.user_sales_rep")
        for user, model_user in ((self.lv_admin, sadmin), (self.lv_rep, srep)):
            with self.subTest(user=user.login):
                self.assertEqual(user.lang, "lv_LV")
                self.assertEqual(user.company_id, self.company)
                self.assertEqual(user.company_ids, self.company)
                self.assertEqual(user.group_ids, model_user.group_ids)
        self.assertEqual([self.lv_admin.login, self.lv_rep.login], ["lv.admin", "lv.rep"])
        self.assertIn(
            "lv_LV", dict(self.env["res.lang"].get_installed()), "the setup installs Latvian"
        )

    def test_customers_are_latvian_companies_with_contacts(self):
        for customer in self.customers:
            with self.subTest(customer=customer.name):
                self.assertTrue(customer.child_ids, "a contact person")
                self.assertEqual(customer.sales_admin_id, self.lv_admin)
                self.assertEqual(customer.user_id, self.lv_rep)
                self.assertEqual(customer.lang, "lv_LV")
        incomplete = self.customers.with_company(self.company).filtered("sales_admin_is_incomplete")
        self.assertEqual(incomplete.mapped("name"), ["SIA Kurzemes Jūras Loģistika"], "no phone")
        names = " ".join(self.customers.mapped("name") + self.customers.child_ids.mapped("name"))
        self.assertTrue(set(names) & set("āčēģīķļņšūž"), "Latvian names keep their diacritics")

    def test_invoices_carry_latvian_vat_are_posted_and_one_is_paid(self):
        invoices = self._of_company(
            "account.move",
            [("move_type", "=", "out_invoice"), ("partner_id", "in", self.customers.ids)],
        )
        self.assertEqual(len(invoices), 2)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(invoices.currency_id, self.company.currency_id)
        for invoice in invoices:
            with self.subTest(invoice=invoice.name):
                self.assertEqual(invoice.invoice_line_ids.tax_ids.mapped("amount"), [21.0])
                self.assertAlmostEqual(invoice.amount_tax, invoice.amount_untaxed * 0.21, places=2)
        self.assertEqual(sorted(invoices.mapped("payment_state")), ["not_paid", "paid"])
        payment = self._of_company("account.payment", [("partner_id", "in", self.customers.ids)])
        self.assertEqual(len(payment), 1)
        paid = invoices.filtered(lambda invoice: invoice.payment_state == "paid")
        self.assertEqual(payment.reconciled_invoice_ids, paid)
        self.assertEqual(payment.journal_id.bank_account_id, self.company.partner_id.bank_ids)

    def test_the_desk_has_orders_complaints_a_request_an_rfp_and_a_contract(self):
        orders = self._of_company("sale.order", [("partner_id", "child_of", self.customers.ids)])
        self.assertEqual(
            sorted(orders.mapped("state")), ["draft", "draft", "sale", "sale", "sale", "sale"]
        )
        self.assertTrue(orders.filtered("sales_admin_hold"))
        complaints = self._of_company("sale.complaint")
        self.assertEqual(len(complaints), 4)
        self.assertTrue(complaints.filtered("sla_breached"))
        self.assertTrue(complaints.filtered("is_closed"))
        self.assertTrue(complaints.filtered(lambda c: not c.sales_admin_id))
        self.assertTrue(self._of_company("sale.admin.request"))

        proposal = self._of_company("sale.proposal")
        self.assertEqual(len(proposal), 1)
        self.assertTrue(proposal.rfp_file)
        self.assertEqual(len(proposal.line_ids), 5)
        self.assertIn(proposal.order_id, orders)
        self.assertEqual(proposal.line_ids.answer_id.company_id, self.company)

        contract = self._of_company("sale.contract")
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.state, "approved")
        self.assertIn(contract.partner_id.vat, contract.line_ids[0].body)

    def test_the_monthly_report_of_last_month_is_in_latvian(self):
        run = self._of_company("sale.admin.report.run")
        self.assertEqual(len(run), 1)
        self.assertEqual(run.state, "done", run.error)
        self.assertEqual(run.file_ids.mapped("lang"), ["lv_LV"])
        self.assertIn("Rādītājs", run.summary_html)
        workbook = openpyxl.load_workbook(io.BytesIO(run.attachment_id.raw))
        self.assertIn("Kopsavilkums", workbook.sheetnames)
        summary = workbook["Kopsavilkums"]
        texts = {cell.value for row in summary.iter_rows() for cell in row if cell.value}
        self.assertIn("Rādītājs", texts)

    def test_what_the_demo_stored_reads_in_latvian_for_the_latvian_admin_and_english_for_others(
        self,
    ):
        order = self.env.ref("sales_admin_demo_lv.lv_order_latgales_hold")
        as_lv_admin = order.with_user(self.lv_admin).with_context(lang=self.lv_admin.lang)
        self.assertEqual(self.lv_admin.lang, "lv_LV")
        self.assertIn(
            "Aizturēts: Gaidām klienta pirkuma pasūtījuma numuru",
            as_lv_admin.sales_admin_block_reasons,
        )
        in_english = order.with_context(lang="en_US").sales_admin_block_reasons
        self.assertIn("On hold: Gaidām klienta pirkuma pasūtījuma numuru", in_english)

        run = self._of_company("sale.admin.report.run").with_user(self.lv_admin)
        run = run.with_context(lang="lv_LV")
        self.assertTrue(run.name.startswith("Ikmēneša pārdošanas administrēšanas pārskats"))
        self.assertIn(run.date_from.strftime("%d.%m.%Y"), run.name)
        action = run.action_download()
        self.assertIn(f"/web/content/{run.attachment_id.id}", action["url"])

    def test_the_latvian_admin_sees_only_the_latvian_companys_documents(self):
        for model in DOCUMENT_MODELS:
            with self.subTest(model=model):
                visible = self.env[model].with_user(self.lv_admin).search([])
                self.assertTrue(visible)
                self.assertEqual(visible.company_id, self.company)
        for xmlid in (
            "sales_admin_base.order_confirmed",
            "sales_admin_base.sale_complaint_demo_new",
            "sales_admin_proposals.proposal_baltic_rfp",
            "sales_admin_proposals.sale_contract_demo_northwind",
            "sales_admin_reporting.definition_monthly",
        ):
            with self.subTest(record=xmlid), self.assertRaises(AccessError):
                self.env.ref(xmlid).with_user(self.lv_admin).check_access("read")

    def test_the_san_francisco_admin_does_not_see_the_latvian_company(self):
        sadmin = self.env.ref("sales_admin_base.user_sales_admin")
        for record in (
            self.customers[0],
            self.env.ref("sales_admin_demo_lv.lv_order_vidzemes_paid"),
            self.env.ref("sales_admin_demo_lv.lv_complaint_new"),
            self.env.ref("sales_admin_demo_lv.lv_proposal_vidzemes_rfp"),
        ):
            with self.subTest(record=record.display_name), self.assertRaises(AccessError):
                record.with_user(sadmin).check_access("read")

    def test_the_latvian_admins_cockpit_counts_the_companys_documents(self):
        tiles = self.env["sale.admin.cockpit.tile"].with_user(self.lv_admin).search([])
        counted = 0
        for tile in tiles:
            action = tile.action_open()
            records = (
                self.env[action["res_model"]].with_user(self.lv_admin).search(action["domain"])
            )
            with self.subTest(tile=tile.name):
                self.assertEqual(tile.count, len(records))
                if "company_id" in records._fields and action["res_model"] != "res.partner":
                    self.assertLessEqual(records.company_id, self.company)
                    counted += len(records)
        self.assertTrue(counted, "the demo fills the Latvian admin's desk")
