from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common_requests import SaleAdminRequestCommon


@tagged("post_install", "-at_install")
class TestSaleAdminRequestAccess(SaleAdminRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # rep's own request, a colleague's request about rep's customer, a colleague's own one
        cls.own = cls._request(cls.rep, subject="Own")
        cls.on_my_customer = cls._request(
            cls.other_rep, subject="On rep's customer", partner_id=cls.customer.id
        )
        cls.foreign = cls._request(
            cls.other_rep, subject="Colleague's", partner_id=cls.other_customer.id
        )
        cls.escalated = cls._request(cls.other_rep, subject="Escalated")
        cls.escalated.with_user(cls.admin1)._escalate("Needs a manager")
        cls.other_company = cls.env["res.company"].create({"name": "Other Requests Co"})
        stranger = new_test_user(
            cls.env,
            "rq_stranger",
            groups="sales_team.group_sale_salesman",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.elsewhere = cls.env["sale.admin.request"].create(
            {
                "subject": "Other company",
                "type_id": cls.type_pricing.id,
                "requester_id": stranger.id,
                "company_id": cls.other_company.id,
            }
        )

    def _visible(self, user):
        Request = self.env["sale.admin.request"].with_user(user)
        return Request.with_context(allowed_company_ids=user.company_ids.ids).search(
            [
                (
                    "subject",
                    "in",
                    ["Own", "On rep's customer", "Colleague's", "Escalated", "Other company"],
                )
            ]
        )

    def test_rep_sees_own_requests_and_those_on_own_customers(self):
        self.assertEqual(self._visible(self.rep), self.own | self.on_my_customer)
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.rep).read(["subject"])

    def test_admin_sees_every_request_of_the_company(self):
        self.assertEqual(
            self._visible(self.admin1),
            self.own | self.on_my_customer | self.foreign | self.escalated,
        )

    def test_sales_manager_sees_the_escalations_of_the_company(self):
        self.assertEqual(self._visible(self.head), self.escalated)

    def test_nobody_sees_another_companys_requests(self):
        manager = self.manager.with_context(allowed_company_ids=self.company.ids)
        self.assertNotIn(self.elsewhere, self._visible(manager))
        with self.assertRaises(AccessError):
            self.elsewhere.with_user(self.manager).with_context(
                allowed_company_ids=self.company.ids
            ).read(["subject"])

    def test_rep_reads_the_escalations_of_own_requests_only(self):
        Escalation = self.env["sale.admin.request.escalation"]
        self.assertFalse(
            Escalation.with_user(self.rep)
            .search([])
            .filtered(lambda e: e.request_id == self.escalated)
        )
        self.assertEqual(
            Escalation.with_user(self.other_rep).search([("request_id", "=", self.escalated.id)]),
            self.escalated.escalation_ids,
        )

    def test_reps_cannot_configure_types_or_levels(self):
        with self.assertRaises(AccessError):
            self.type_pricing.with_user(self.rep).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            self.level_manager.with_user(self.admin1).write({"user_id": self.admin1.id})
