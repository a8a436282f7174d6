from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestResponsibleAdmin(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env, "ra_admin", groups="sales_admin_base.group_sales_admin_user"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Responsible Co", "is_company": True, "sales_admin_id": cls.admin.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Contact Person", "parent_id": cls.customer.id}
        )
        cls.product = cls.env["product.product"].create({"name": "Widget", "list_price": 10.0})

    def test_contact_follows_its_company_admin(self):
        self.assertEqual(self.contact.sales_admin_id, self.admin)
        other = new_test_user(
            self.env, "ra_admin2", groups="sales_admin_base.group_sales_admin_user"
        )
        self.customer.sales_admin_id = other
        self.assertEqual(self.contact.sales_admin_id, other)

    def test_order_defaults_to_the_customer_admin(self):
        with Form(self.env["sale.order"]) as order_form:
            order_form.partner_id = self.contact
            with order_form.order_line.new() as line:
                line.product_id = self.product
        self.assertEqual(order_form.record.sales_admin_id, self.admin)

    def test_order_keeps_a_manual_admin_when_customer_has_none(self):
        admin2 = new_test_user(
            self.env, "ra_admin3", groups="sales_admin_base.group_sales_admin_user"
        )
        lone = self.env["res.partner"].create({"name": "No admin"})
        order = self.env["sale.order"].create({"partner_id": lone.id, "sales_admin_id": admin2.id})
        self.assertEqual(order.sales_admin_id, admin2)
