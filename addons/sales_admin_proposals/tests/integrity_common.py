"""Records and people of the workflow integrity tests."""

from odoo import Command, fields

from odoo.addons.sales_admin_base.tests.protected_common import (  # noqa: F401 (forged_value: re-exported for the integrity tests)
    ProtectedFieldsCommon,
    forged_value,
    image_b64,
)

PNG = image_b64("PNG")
XSS = '<p>Terms</p><img src="x" onerror="alert(document.cookie)"><script>alert(1)</script>'


class IntegrityCommon(ProtectedFieldsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.rep = cls.roles["rep"]
        cls.manager = cls.roles["manager"]
        cls.portal = cls.roles["portal"]
        cls.env["sale.proposal.approval.rule"].search([]).active = False
        cls.env["sale.proposal.bid.criterion"].search([]).active = False
        cls.env["sale.proposal.approval.rule"].create(
            {
                "name": "Every deal",
                "min_amount": 1,
                "approver_ids": [Command.set(cls.manager.ids)],
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.rep.id,
                "require_payment": False,
                "order_line": [
                    Command.create({"product_id": cls.env.ref("product.product_product_4").id})
                ],
            }
        )
        cls.clause_payment = cls.env.ref("sales_admin_proposals.sale_contract_clause_payment")
        cls.template = cls.env.ref("sales_admin_proposals.sale_contract_template_supply")

    def _proposal(self, **values):
        return (
            self.env["sale.proposal"]
            .with_user(self.rep)
            .create(
                {
                    "title": "Office chairs",
                    "partner_id": self.customer.id,
                    "order_id": self.order.id,
                    "validity_date": fields.Date.add(fields.Date.today(), days=30),
                    **values,
                }
            )
        )

    def _sent_proposal(self):
        proposal = self._proposal()
        proposal.action_submit()
        proposal.with_user(self.manager).action_approve()
        proposal.action_send()
        return proposal

    def _contract(self, user=None):
        order = self.env.ref("sales_admin_base.order_confirmed")
        return (
            self.env["sale.contract"]
            .with_user(user or self.admin)
            ._create_from_orders(order)
            .with_user(user or self.admin)
        )

    def _sent_contract(self):
        contract = self._contract()
        contract.action_submit()
        contract.with_context(mark_contract_as_sent=True).message_post(body="Please sign.")
        return contract

    def _signed_contract(self):
        contract = self._sent_contract()
        contract.sudo()._sign("Ilze Berzina", PNG, "10.0.0.1")
        return contract
