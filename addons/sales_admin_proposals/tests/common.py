import base64

from odoo import Command, fields

from odoo.addons.sales_admin_base.tests.common import SalesAdminCommon

# a 1x1 PNG: what the portal's signature pad sends, base64 without the data-URL prefix
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


class SaleProposalCommon(SalesAdminCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # the demo rules and criteria must not decide for the tests
        cls.env["sale.proposal.approval.rule"].search([]).active = False
        cls.env["sale.proposal.bid.criterion"].search([]).active = False

        cls.rep = cls._new_user("prop_rep", role="rep", email="rep@example.com")
        cls.teammate = cls._new_user("prop_teammate", role="rep")
        cls.other_rep = cls._new_user("prop_other_rep", role="rep")
        cls.sales_admin = cls._new_user(
            "prop_sadmin",
            groups="sales_admin_base.group_sales_admin_user",
            email="sadmin@example.com",
        )
        cls.manager = cls._new_user(
            "prop_manager", groups="sales_admin_base.group_sales_admin_manager"
        )
        cls.approver = cls._new_user(
            "prop_approver", groups="sales_admin_base.group_sales_admin_user"
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Proposal Team",
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.rep.id}),
                    Command.create({"user_id": cls.teammate.id}),
                ],
            }
        )
        cls.other_team = cls.env["crm.team"].create(
            {
                "name": "Other Team",
                "crm_team_member_ids": [Command.create({"user_id": cls.other_rep.id})],
            }
        )

        cls.customer = cls.env["res.partner"].create(
            {"name": "Acme Buyers", "is_company": True, "email": "buy@acme.example.com"}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Ann Acme", "parent_id": cls.customer.id, "email": "ann@acme.example.com"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Globex", "is_company": True, "email": "info@globex.example.com"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Standing desk", "list_price": 400.0, "type": "consu"}
        )
        cls.order = cls._create_order(cls.customer)
        cls.approval_rule = cls.env["sale.proposal.approval.rule"].create(
            {
                "name": "Large deals",
                "min_amount": 10000,
                "approver_ids": [Command.set(cls.approver.ids)],
            }
        )

    @classmethod
    def _create_order(cls, partner, qty=2, discount=0.0):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.rep.id,
                "require_payment": False,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": qty, "discount": discount}
                    )
                ],
            }
        )

    @classmethod
    def _create_proposal(cls, **values):
        return cls.env["sale.proposal"].create(
            {
                "title": "Desks for the new office",
                "partner_id": cls.customer.id,
                "contact_id": cls.customer_contact.id,
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
                "order_id": cls.order.id,
                "validity_date": fields.Date.add(fields.Date.today(), days=30),
                **values,
            }
        )

    @staticmethod
    def _b64(data):
        return base64.b64encode(data)
