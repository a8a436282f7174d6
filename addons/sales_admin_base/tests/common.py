from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# The groups of the demo users (demo/sales_admin_demo.xml): tests act as these people.
ROLE_GROUPS = {
    "rep": "sales_team.group_sale_salesman",
    "sales_admin": "sales_admin_base.group_sales_admin_user,account.group_account_invoice,"
    "base.group_partner_manager",
    "manager": "sales_admin_base.group_sales_admin_manager,sales_team.group_sale_manager",
    "accountant": "account.group_account_manager",
    "employee": "base.group_user",
    "portal": "base.group_portal",
}


class SalesAdminCommon(TransactionCase):
    """The base of the test classes of every Sales Admin addon: the company, and one way to make
    the people of a test, by role (the demo users' groups) or with the groups a test needs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company

    @classmethod
    def _new_user(cls, login, role=None, groups=None, company=None, **values):
        """A user named `login` with the groups of `role`, plus `groups` (comma-separated xml
        ids); in `company` only, when given."""
        groups = ",".join(filter(None, (ROLE_GROUPS.get(role), groups))) or "base.group_user"
        # the staff of one office: the time zone of the user the tests run as (the superuser,
        # Europe/Brussels with the demo data), so that "today" is the same day for a document
        # posted by the test and for the user who reads it, whatever the hour of the run
        values.setdefault("tz", cls.env.user.tz)
        if company:
            values.update(company_id=company.id, company_ids=[Command.set(company.ids)])
        return new_test_user(cls.env, login, groups=groups, **values)


class SalesAdminDeskCommon(SalesAdminCommon):
    """A company requiring email and phone on customers, a complete customer, goods invoiced on
    ordered or on delivered quantities (delivered through pickings when sale_stock is installed),
    a service whose delivered quantity is entered by hand, users for each role and a bank
    journal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.sales_admin_required_partner_fields = "email,phone"
        cls.admin_user = cls._new_user(
            "desk_admin",
            groups="sales_admin_base.group_sales_admin_user,account.group_account_invoice,"
            "base.group_partner_manager",
            company_id=cls.company.id,
        )
        cls.rep = cls._new_user("desk_rep", role="rep", company_id=cls.company.id)
        cls.accountant = cls._new_user(
            "desk_accountant",
            groups="account.group_account_manager",
            company_id=cls.company.id,
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Desk Customer",
                "is_company": True,
                "email": "desk@example.com",
                "phone": "+371 2000 0000",
                "sales_admin_id": cls.admin_user.id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Desk Chair",
                "list_price": 100.0,
                "invoice_policy": "order",
                "taxes_id": False,
            }
        )
        cls.delivered_product = cls.env["product.product"].create(
            {
                "name": "Desk Lamp",
                "list_price": 50.0,
                "invoice_policy": "delivery",
                "taxes_id": False,
            }
        )
        cls.manual_service = cls.env["product.product"].create(
            {
                "name": "Desk Assembly",
                "type": "service",
                "service_type": "manual",
                "list_price": 80.0,
                "invoice_policy": "delivery",
                "taxes_id": False,
            }
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [*cls.env["account.journal"]._check_company_domain(cls.company), ("type", "=", "bank")],
            limit=1,
        )

    @classmethod
    def _create_order(cls, lines=None, **values):
        lines = lines or [(cls.product, 1)]
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "require_signature": False,
                "require_payment": False,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
                **values,
            }
        )

    @classmethod
    def _confirmed_order(cls, lines=None, **values):
        order = cls._create_order(lines, **values)
        order.action_confirm()
        return order

    @staticmethod
    def _deliver(order, quantities=None):
        """Deliver the order's goods: validate its open pickings with every move done, or with
        ``quantities`` ({product: quantity}; what is left goes to a backorder). Without sale_stock
        the delivered quantities are entered on the lines, as a user would."""
        if "picking_ids" not in order._fields:
            for line in order.order_line.filtered(lambda line: line.product_id.type == "consu"):
                line.qty_delivered = (quantities or {}).get(line.product_id, line.product_uom_qty)
            return
        pickings = order.picking_ids.filtered(
            lambda picking: picking.state not in ("done", "cancel")
        )
        for move in pickings.move_ids:
            move.quantity = (quantities or {}).get(move.product_id, move.product_uom_qty)
        pickings.move_ids.picked = True
        pickings.with_context(skip_backorder=True).button_validate()

    @staticmethod
    def _invoice(order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def _take_payment(self, user=None, **values):
        wizard = (
            self.env["sale.admin.phone.payment"]
            .with_user(user or self.admin_user)
            .create({"journal_id": self.bank_journal.id, **values})
        )
        wizard.action_take_payment()
        return wizard
