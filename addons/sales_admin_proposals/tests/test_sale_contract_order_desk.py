from odoo.tests import tagged

from .contract_common import SaleContractCommon

WAITING = "The contract this order needs is not signed yet."


@tagged("post_install", "-at_install")
class TestSaleContractOrderDesk(SaleContractCommon):
    """The order desk follows the order's contract at once, without a Recheck."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # no template asks for a contract: only a contract in progress makes the order wait
        cls.template.contract_required = False

    def test_drafting_a_contract_blocks_the_confirmed_order_at_once(self):
        order = self._create_order(self.customer)
        self.assertNotIn(WAITING, order.sales_admin_block_reasons or "")
        contract = self._draft_contract(order)
        self.assertEqual(contract.order_id, order)
        self.assertEqual(order.sales_admin_state, "blocked")
        self.assertIn(WAITING, order.sales_admin_block_reasons)

    def test_deleting_the_draft_contract_releases_the_order(self):
        order = self._create_order(self.customer)
        state = order.sales_admin_state
        contract = self._draft_contract(order)
        self.assertEqual(order.sales_admin_state, "blocked")
        contract.with_user(self.admin).unlink()
        self.assertEqual(order.sales_admin_state, state)
        self.assertNotIn(WAITING, order.sales_admin_block_reasons or "")

    def test_the_customers_signature_releases_the_order(self):
        order = self._create_order(self.customer)
        self._signed_contract(order)
        self.assertNotIn(WAITING, order.sales_admin_block_reasons or "")
