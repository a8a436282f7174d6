from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SalesAdminDeskCommon

OVERVIEW_FIELDS = [
    "sales_admin_quotation_count",
    "sales_admin_open_order_count",
    "sales_admin_amount_to_invoice",
    "sales_admin_unpaid_invoice_count",
    "sales_admin_unpaid_amount",
    "sales_admin_overdue_invoice_count",
    "sales_admin_overdue_amount",
    "sales_admin_avg_days_to_pay",
    "sales_admin_open_complaint_count",
    "sales_admin_date_last_order",
    "sales_admin_currency_id",
]


@tagged("post_install", "-at_install")
class TestCustomerOverviewAccess(SalesAdminDeskCommon):
    """A customer's receivables are read by sales and invoicing users, not by every employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls._new_user("overview_employee", role="employee")
        cls.billing = cls._new_user("overview_billing", groups="account.group_account_invoice")
        cls._invoice(cls._confirmed_order())  # 100.0 unpaid

    def _open_form(self, user):
        """What the web client does to open the customer's form: load the views, then read the
        fields the form shows (those of its subviews are read by the subviews)."""
        Partner = self.env["res.partner"].with_user(user)
        views = Partner.get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        fields_info = views["models"]["res.partner"]["fields"]
        shown = {
            node.get("name")
            for node in etree.fromstring(arch).iter("field")
            if not any(parent.tag == "field" for parent in node.iterancestors())
        }
        specification = {
            name: {"fields": {"display_name": {}}}
            if fields_info[name]["type"].endswith(("2one", "2many"))
            else {}
            for name in shown
        }
        [values] = Partner.browse(self.customer.id).web_read(specification)
        return arch, values

    def test_an_employee_opens_the_customer_but_never_reads_its_receivables(self):
        arch, values = self._open_form(self.employee)
        self.assertEqual(values["name"], "Desk Customer")
        Partner = self.env["res.partner"].with_user(self.employee)
        fields_get = Partner.fields_get()
        for name in OVERVIEW_FIELDS:
            with self.subTest(field=name):
                self.assertNotIn(name, arch)
                self.assertNotIn(name, values)
                self.assertNotIn(name, fields_get)
                with self.assertRaises(AccessError):
                    Partner.browse(self.customer.id).read([name])
        with self.assertRaises(AccessError):
            Partner.search_read([("id", "=", self.customer.id)], ["sales_admin_unpaid_amount"])

    def test_sales_and_invoicing_users_read_the_receivables(self):
        for user in (self.rep, self.billing, self.admin_user):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                self.assertLessEqual(set(OVERVIEW_FIELDS), set(Partner.fields_get()))
                [values] = Partner.browse(self.customer.id).read(OVERVIEW_FIELDS)
                self.assertEqual(values["sales_admin_unpaid_amount"], 100.0)
                self.assertEqual(values["sales_admin_unpaid_invoice_count"], 1)
                self._open_form(user)

    def test_the_sales_admin_sees_the_overview_tab(self):
        arch, values = self._open_form(self.admin_user)
        self.assertIn('name="sales_admin_unpaid_amount"', arch)
        self.assertEqual(values["sales_admin_unpaid_amount"], 100.0)
