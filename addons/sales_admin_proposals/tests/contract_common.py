from odoo import Command

from odoo.addons.sales_admin_base.tests.common import SalesAdminCommon

# a 1x1 PNG: what the portal's signature pad sends, base64-encoded
SIGNATURE_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


class SaleContractCommon(SalesAdminCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.team = cls.env["crm.team"].create(
            {"name": "Contract Team", "company_id": cls.company.id}
        )
        cls.rep = cls._new_user("ctr_rep", role="rep", name="Rita Contract Rep")
        cls.teammate = cls._new_user("ctr_teammate", role="rep", name="Tom Teammate")
        cls.outsider_rep = cls._new_user("ctr_outsider", role="rep", name="Olga Outsider")
        cls.team.member_ids = cls.rep | cls.teammate
        cls.admin = cls._new_user(
            "ctr_admin",
            groups="sales_admin_base.group_sales_admin_user,account.group_account_invoice",
            name="Anna Contract Admin",
        )
        cls.manager = cls._new_user(
            "ctr_manager",
            groups="sales_admin_base.group_sales_admin_manager",
            name="Mark Contract Manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Acme Baltic SIA",
                "is_company": True,
                "vat": "LV40003999999",
                "email": "legal@acme-baltic.example.com",
                "credit_limit": 5000,
            }
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {
                "name": "Liga Legal",
                "parent_id": cls.customer.id,
                "email": "liga@acme-baltic.example.com",
            }
        )
        cls.category = cls.env["product.category"].create({"name": "Contracted services"})
        cls.product = cls.env["product.product"].create(
            {"name": "Managed print service", "list_price": 1000.0, "categ_id": cls.category.id}
        )
        cls.order = cls._create_order(cls.customer_contact)

        Clause = cls.env["sale.contract.clause"]
        cls.clause_scope = Clause.create(
            {
                "name": "Scope",
                "body": "<p>Supply to {{ customer.name }} (VAT {{ customer.vat }}) "
                "of order {{ order.name }}.</p>",
            }
        )
        cls.clause_payment = Clause.create(
            {
                "name": "Payment",
                "mandatory": True,
                "category": "payment",
                "body": "<p>The customer pays within thirty days of the invoice.</p>",
            }
        )
        cls.clause_confidentiality = Clause.create(
            {
                "name": "Confidentiality",
                "category": "confidentiality",
                "body": "<p>Both parties keep this contract confidential.</p>",
            }
        )
        cls.template = cls.env["sale.contract.template"].create(
            {
                "name": "Managed print agreement",
                "company_id": cls.company.id,
                "product_categ_ids": [Command.link(cls.category.id)],
                "contract_required": True,
                "duration_months": 12,
                "renewal_notice_days": 30,
                "intro": "<p>Agreement between {{ company.name }} and {{ customer.name }}.</p>",
                "line_ids": [
                    Command.create({"sequence": 10, "clause_id": cls.clause_scope.id}),
                    Command.create({"sequence": 20, "clause_id": cls.clause_payment.id}),
                    Command.create({"sequence": 30, "clause_id": cls.clause_confidentiality.id}),
                ],
            }
        )

    @classmethod
    def _create_order(cls, partner, user=None, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or cls.rep).id,
                "team_id": cls.team.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 2})
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _draft_contract(self, order=None, user=None):
        order = (order or self.order).with_user(user or self.admin)
        action = order.action_sales_admin_create_contract()
        return self.env["sale.contract"].with_user(user or self.admin).browse(action["res_id"])

    def _line(self, contract, clause):
        return contract.line_ids.filtered(lambda line: line.clause_id == clause)

    def _sent_contract(self, order=None):
        contract = self._draft_contract(order)
        contract.action_submit()
        self.assertEqual(contract.state, "approved")
        contract.with_context(mark_contract_as_sent=True).message_post(body="Please sign.")
        self.assertEqual(contract.state, "sent")
        return contract

    def _signed_contract(self, order=None):
        contract = self._sent_contract(order)
        contract.sudo()._sign("Liga Legal", SIGNATURE_PNG, "127.0.0.1")
        return contract
