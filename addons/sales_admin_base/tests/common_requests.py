from odoo.fields import Command

from .common import SalesAdminCommon


class SaleAdminRequestCommon(SalesAdminCommon):
    """A company of its own with a Mon-Fri 08:00-16:00 (UTC) calendar, its people and a ladder:
    sales admin (4 working hours) -> sales manager (8) -> head of sales (8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Requests Test Co"})
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Office hours 8-16",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8,
                            "hour_to": 16,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.rep = cls._user("rq_rep", "sales_team.group_sale_salesman")
        cls.other_rep = cls._user("rq_other_rep", "sales_team.group_sale_salesman")
        cls.admin1 = cls._user("rq_admin1", "sales_admin_base.group_sales_admin_user")
        cls.admin2 = cls._user("rq_admin2", "sales_admin_base.group_sales_admin_user")
        cls.manager = cls._user(
            "rq_manager",
            "sales_admin_base.group_sales_admin_manager,sales_team.group_sale_manager",
        )
        cls.head = cls._user("rq_head", "sales_team.group_sale_manager")

        # only this company's ladder applies in these tests
        Level = cls.env["sale.admin.escalation.level"]
        Level.search([("company_id", "=", False)]).active = False
        cls.level_admin = Level.create(
            {"name": "Admin", "sequence": 1, "response_hours": 4, "company_id": cls.company.id}
        )
        cls.level_manager = Level.create(
            {
                "name": "Manager",
                "sequence": 2,
                "response_hours": 8,
                "user_id": cls.manager.id,
                "company_id": cls.company.id,
            }
        )
        cls.level_head = Level.create(
            {
                "name": "Head of sales",
                "sequence": 3,
                "response_hours": 8,
                "user_id": cls.head.id,
                "company_id": cls.company.id,
            }
        )

        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Request Customer Ltd",
                "is_company": True,
                "user_id": cls.rep.id,
                "sales_admin_id": cls.admin2.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Request Contact", "parent_id": cls.customer.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Rep Customer", "is_company": True, "user_id": cls.other_rep.id}
        )
        cls.product = cls.env["product.product"].create({"name": "Request Widget"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.rep.id,
                "company_id": cls.company.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls.type_pricing = cls.env.ref("sales_admin_base.sale_admin_request_type_pricing_exception")
        cls.type_issue = cls.env.ref("sales_admin_base.sale_admin_request_type_customer_issue")
        cls.type_process = cls.env.ref("sales_admin_base.sale_admin_request_type_process_problem")

    @classmethod
    def _user(cls, login, groups):
        return cls._new_user(
            login,
            groups=f"base.group_user,{groups}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _request(cls, user=None, source=None, **values):
        Request = cls.env["sale.admin.request"]
        if user:
            Request = Request.with_user(user).with_context(allowed_company_ids=cls.company.ids)
        vals = {
            "subject": "Need help",
            "type_id": cls.type_pricing.id,
            "company_id": cls.company.id,
            "requester_id": (user or cls.rep).id,
        }
        if source:
            vals.update(res_model=source._name, res_id=source.id)
        vals.update(values)
        return Request.create(vals)
