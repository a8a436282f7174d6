from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .contract_common import SaleContractCommon


@tagged("post_install", "-at_install")
class TestSaleContractAccess(SaleContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "ctr_portal",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer Ltd", "is_company": True, "email": "other@example.com"}
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            "ctr_portal_other",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Otto Other", "parent_id": cls.other_customer.id})
            .id,
        )

    def _visible(self, user):
        return self.env["sale.contract"].with_user(user).search([])

    def test_rep_sees_own_and_team_contracts_only(self):
        contract = self._draft_contract()
        self.assertIn(contract, self._visible(self.rep))
        self.assertIn(contract, self._visible(self.teammate), "same sales team")
        self.assertNotIn(contract, self._visible(self.outsider_rep))
        with self.assertRaises(AccessError):
            contract.with_user(self.outsider_rep).read(["name"])

    def test_rep_cannot_delete_or_approve(self):
        contract = self._draft_contract()
        with self.assertRaises(AccessError):
            contract.with_user(self.rep).unlink()
        with self.assertRaisesRegex(UserError, "Sales Admin Manager"):
            contract.with_user(self.rep).action_approve()

    def test_sales_admin_sees_all_contracts_of_the_company(self):
        contract = self._draft_contract(user=self.rep)
        self.assertIn(contract, self._visible(self.admin))

    def test_contracts_of_another_company_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other Company SIA"})
        self.admin.company_ids |= other_company
        order = (
            self.env["sale.order"]
            .with_company(other_company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": other_company.id,
                    "user_id": self.rep.id,
                }
            )
        )
        contract = self.env["sale.contract"].with_company(other_company)._create_from_orders(order)
        self.assertEqual(contract.company_id, other_company)
        self.assertNotIn(contract, self._visible(self.rep))
        self.assertNotIn(contract, self.env["sale.contract"].with_user(self.manager).search([]))
        self.assertIn(
            contract,
            self.env["sale.contract"]
            .with_user(self.admin)
            .with_context(allowed_company_ids=[other_company.id])
            .search([]),
        )

    def test_portal_user_sees_only_sent_contracts_of_their_company(self):
        draft = self._draft_contract()
        sent = self._sent_contract(self._create_order(self.customer))
        other = self._sent_contract(self._create_order(self.other_customer))
        visible = self._visible(self.portal_user)
        self.assertIn(sent, visible)
        self.assertNotIn(draft, visible, "not sent yet")
        self.assertNotIn(other, visible)
        self.assertEqual(self._visible(self.other_portal_user), other)
        with self.assertRaises(AccessError):
            sent.with_user(self.portal_user).write({"renewal_notice_days": 1})

    def test_portal_user_cannot_read_the_clause_library(self):
        with self.assertRaises(AccessError):
            self.clause_payment.with_user(self.portal_user).read(["body"])

    def test_accountant_without_sales_rights_sees_no_contracts(self):
        accountant = new_test_user(
            self.env, "ctr_accountant", groups="account.group_account_manager"
        )
        self._draft_contract()
        with self.assertRaises(AccessError):
            self.env["sale.contract"].with_user(accountant).search([])
