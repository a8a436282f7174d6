from odoo.exceptions import AccessError
from odoo.tests import tagged

from .contract_common import SaleContractCommon


@tagged("post_install", "-at_install")
class TestSaleContractClauseVersions(SaleContractCommon):
    def test_new_clause_starts_at_version_one(self):
        self.assertEqual(self.clause_payment.version, 1)
        self.assertEqual(len(self.clause_payment.version_ids), 1)

    def test_editing_a_clause_never_signed_updates_its_current_version(self):
        self._draft_contract()  # a draft contract does not pin the text
        self.clause_payment.with_user(self.manager).body = "<p>Payment within 14 days.</p>"
        self.assertEqual(self.clause_payment.version, 1)
        self.assertIn("14 days", self.clause_payment.current_version_id.body)

    def test_editing_a_clause_used_by_a_signed_contract_creates_a_new_version(self):
        contract = self._signed_contract()
        signed_line = self._line(contract, self.clause_payment)
        old_version = self.clause_payment.current_version_id
        self.assertEqual(old_version.signed_line_count, 1)

        self.clause_payment.with_user(self.manager).body = "<p>Payment within 14 days.</p>"

        self.assertEqual(self.clause_payment.version, 2)
        self.assertNotEqual(self.clause_payment.current_version_id, old_version)
        self.assertIn("thirty days", old_version.body, "the signed version keeps its text")
        self.assertIn("thirty days", signed_line.body, "the signed contract keeps its text")
        self.assertEqual(signed_line.clause_version_id, old_version)

    def test_new_contracts_use_the_latest_version(self):
        self._signed_contract()
        self.clause_payment.with_user(self.manager).body = "<p>Payment within 14 days.</p>"
        second_order = self._create_order(self.customer)
        contract = self._draft_contract(second_order)
        line = self._line(contract, self.clause_payment)
        self.assertEqual(line.clause_version_id.number, 2)
        self.assertIn("14 days", line.body)

    def test_sales_admin_cannot_edit_the_clause_library(self):
        with self.assertRaises(AccessError):
            self.clause_payment.with_user(self.admin).body = "<p>Free delivery.</p>"


@tagged("post_install", "-at_install")
class TestSaleContractClauseTitleLanguage(SaleContractCommon):
    """A library clause's title on a contract reads in the reader's language; a title written
    for the contract stays as written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("lv_LV")
        cls.clause_payment.with_context(lang="lv_LV").name = "Apmaksa"
        cls.latvian_admin = cls._new_user(
            "ctr_admin_lv",
            groups="sales_admin_base.group_sales_admin_user",
            name="Līga Latviete",
            lang="lv_LV",
        )

    def _title(self, line, user):
        return line.with_user(user).with_context(lang=user.lang).title

    def test_a_library_title_reads_in_the_readers_language(self):
        contract = self._draft_contract()  # drafted by an English admin
        line = self._line(contract, self.clause_payment)
        self.assertEqual(line.name, "Payment")
        self.assertEqual(self._title(line, self.latvian_admin), "Apmaksa")
        self.assertEqual(self._title(line, self.admin), "Payment")

        order = self._create_order(self.customer_contact).with_context(lang="lv_LV")
        latvian_contract = self._draft_contract(order, user=self.latvian_admin)
        latvian_line = self._line(latvian_contract, self.clause_payment)
        self.assertEqual(latvian_line.name, "Apmaksa", "drafted in Latvian")
        self.assertEqual(self._title(latvian_line, self.admin), "Payment")

    def test_a_signed_version_keeps_its_titles_in_every_language(self):
        contract = self._signed_contract()
        line = self._line(contract, self.clause_payment)
        self.clause_payment.with_user(self.manager).name = "Payment terms"
        self.assertEqual(self.clause_payment.version, 2)
        self.assertEqual(self._title(line, self.admin), "Payment")
        self.assertEqual(self._title(line, self.latvian_admin), "Apmaksa")

    def test_a_title_written_for_the_contract_stays_as_written(self):
        contract = self._draft_contract()
        line = self._line(contract, self.clause_payment)
        line.name = "Payment of the first instalment"
        self.assertEqual(self._title(line, self.latvian_admin), "Payment of the first instalment")
