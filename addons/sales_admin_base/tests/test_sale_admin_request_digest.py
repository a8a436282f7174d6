from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged

from .common_requests import SaleAdminRequestCommon


@tagged("post_install", "-at_install")
class TestSaleAdminRequestDigest(SaleAdminRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-02 09:00:00"):
            cls.escalated = cls._request(None, None, subject="Escalated pricing")
            cls.escalated._escalate("Discount above policy")
            cls.problem = cls._request(
                None,
                None,
                subject="Delivery late for other rep's customer",
                type_id=cls.type_issue.id,
                requester_id=cls.other_rep.id,
                partner_id=cls.other_customer.id,
            )
        with freeze_time("2026-02-10 09:00:00"):
            cls.old_problem = cls._request(
                None, None, subject="Old customer problem", type_id=cls.type_issue.id
            )
        other_company = cls.env["res.company"].create({"name": "Digest Other Co"})
        cls.other_manager = new_test_user(
            cls.env,
            "rq_other_manager",
            groups="base.group_user,sales_admin_base.group_sales_admin_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )

    @freeze_time("2026-03-04 08:00:00")
    def test_digest_content_is_scoped_to_what_each_manager_may_read(self):
        Digest = self.env["sale.admin.digest"]
        manager = Digest._content(self.manager)
        self.assertEqual(manager["escalations"], self.escalated)
        self.assertEqual(manager["customer_problems"], self.problem)

        # the head of sales only reads escalations (and their own customers' requests)
        head = Digest._content(self.head)
        self.assertEqual(head["escalations"], self.escalated)
        self.assertFalse(head["customer_problems"])

        other = Digest._content(self.other_manager)
        self.assertFalse(other["escalations"] or other["customer_problems"])

    @freeze_time("2026-03-04 08:00:00")
    def test_digest_mail_lists_the_managers_records(self):
        Digest = self.env["sale.admin.digest"]
        self.assertIn(self.manager, Digest._recipients())
        self.assertIn(self.head, Digest._recipients(), "the head of sales is on the ladder")

        mail = Digest._send(self.manager)
        self.assertEqual(mail.recipient_ids, self.manager.partner_id)
        self.assertIn("Escalated pricing", mail.body_html)
        self.assertIn("Delivery late for other rep", mail.body_html)
        self.assertNotIn("Old customer problem", mail.body_html)

        head_mail = Digest._send(self.head)
        self.assertIn("Escalated pricing", head_mail.body_html)
        self.assertNotIn("Delivery late for other rep", head_mail.body_html)

        self.assertFalse(Digest._send(self.other_manager), "nothing to report")

    @freeze_time("2026-03-04 08:00:00")
    def test_the_weekly_cron_mails_the_managers_with_something_to_report(self):
        cron = self.env.ref("sales_admin_base.ir_cron_sale_admin_request_digest")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        mails = self.env["mail.mail"].search([("subject", "like", "Sales admin weekly digest")])
        self.assertIn(self.manager.partner_id, mails.recipient_ids)
        self.assertIn(self.head.partner_id, mails.recipient_ids)
        self.assertNotIn(self.other_manager.partner_id, mails.recipient_ids)
