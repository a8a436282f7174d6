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
