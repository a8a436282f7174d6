from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class SalesAdminDeskCommon(TransactionCase):
    """A company requiring email and phone on customers, a complete customer, products invoiced
    on ordered or on delivered quantities, users for each role and a bank journal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.sales_admin_required_partner_fields = "email,phone"
        cls.admin_user = new_test_user(
            cls.env,
            "desk_admin",
            groups="sales_admin_base.group_sales_admin_user,account.group_account_invoice,"
            "base.group_partner_manager",
            company_id=cls.company.id,
        )
        cls.rep = new_test_user(
            cls.env, "desk_rep", groups="sales_team.group_sale_salesman", company_id=cls.company.id
        )
        cls.accountant = new_test_user(
            cls.env,
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
    def _invoice(order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def _take_payment(self, user=None, **values):
        wizard = (
            self.env["sales.admin.phone.payment"]
            .with_user(user or self.admin_user)
            .create({"journal_id": self.bank_journal.id, **values})
        )
        wizard.action_take_payment()
        return wizard
