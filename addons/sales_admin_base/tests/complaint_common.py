from odoo import Command

from .common import SalesAdminCommon


class ComplaintCommon(SalesAdminCommon):
    """Two customers with a posted invoice each, people in every role, a UTC working-hours
    calendar (Mon-Fri 8-12 and 13-17) and an SLA of 4 h first response / 16 h resolution."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Complaint test hours",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": stop,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for period, start, stop in (("morning", 8, 12), ("afternoon", 13, 17))
                ],
            }
        )
        # only our policy applies in these tests
        cls.env["sale.complaint.sla"].search([]).active = False
        cls.category = cls.env["sale.complaint.category"].create({"name": "Broken goods"})
        cls.sla = cls.env["sale.complaint.sla"].create(
            {
                "name": "Test SLA",
                "calendar_id": cls.calendar.id,
                "response_hours": 4,
                "resolution_hours": 16,
                "company_id": cls.company.id,
            }
        )
        cls.admin = cls._new_user(
            "cmp_admin",
            groups="sales_admin_base.group_sales_admin_user,account.group_account_invoice",
            email="cmp.admin@example.com",
        )
        cls.manager = cls._new_user(
            "cmp_manager", groups="sales_admin_base.group_sales_admin_manager"
        )
        cls.rep = cls._new_user("cmp_rep", role="rep")
        cls.other_rep = cls._new_user("cmp_rep2", role="rep")
        cls.accountant = cls._new_user("cmp_accountant", groups="account.group_account_invoice")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Complaining Co",
                "is_company": True,
                "email": "office@complaining.example.com",
                "user_id": cls.rep.id,
                "sales_admin_id": cls.admin.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Carla Contact",
                "parent_id": cls.customer.id,
                "email": "carla@complaining.example.com",
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {
                "name": "Other Co",
                "is_company": True,
                "email": "info@other.example.com",
                "user_id": cls.other_rep.id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Office chair", "list_price": 100.0, "standard_price": 40.0, "taxes_id": False}
        )
        cls.product_b = cls.env["product.product"].create(
            {"name": "Desk lamp", "list_price": 50.0, "standard_price": 20.0, "taxes_id": False}
        )
        cls.invoice = cls._posted_invoice(cls.customer)
        cls.other_invoice = cls._posted_invoice(cls.other_customer)

    @classmethod
    def _posted_invoice(cls, partner):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 5,
                            "price_unit": 100.0,
                            "tax_ids": False,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.product_b.id,
                            "quantity": 2,
                            "price_unit": 50.0,
                            "tax_ids": False,
                        }
                    ),
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _complaint(self, **values):
        complaint = self.env["sale.complaint"].create(
            {
                "subject": "Broken chairs",
                "partner_id": self.customer.id,
                "category_id": self.category.id,
                **values,
            }
        )
        # the SLA status depends on the clock: compute it now, not at a later flush
        complaint.flush_recordset()
        return complaint

    def _stage(self, xmlid):
        return self.env.ref(f"sales_admin_base.{xmlid}")
