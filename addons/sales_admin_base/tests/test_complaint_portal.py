import html
import re
from datetime import timedelta

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sales_admin_base.models.sale_complaint import PORTAL_DESCRIPTION_MAX_LENGTH

from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintPortal(ComplaintCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(
            cls.env, "cmp_portal_a", groups="base.group_portal", partner_id=cls.contact.id
        )
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Olga Other",
                "parent_id": cls.other_customer.id,
                "email": "olga@other.example.com",
            }
        )
        cls.portal_b = new_test_user(
            cls.env, "cmp_portal_b", groups="base.group_portal", partner_id=cls.other_contact.id
        )
        cls.own = cls.env["sale.complaint"].create(
            {"subject": "Our own complaint", "partner_id": cls.customer.id}
        )
        cls.foreign = cls.env["sale.complaint"].create(
            {"subject": "Their secret complaint", "partner_id": cls.other_customer.id}
        )
        cls.other_order = cls.env["sale.order"].create(
            {
                "partner_id": cls.other_customer.id,
                "order_line": [(0, 0, {"product_id": cls.product.id})],
            }
        )
        cls.other_order.action_confirm()

    def _csrf(self):
        return http.Request.csrf_token(self)

    def test_portal_lists_only_own_commercial_entity_complaints(self):
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        page = self.url_open("/my/complaints").text
        self.assertIn("Our own complaint", page)
        self.assertNotIn("Their secret complaint", page)
        detail = self.url_open(f"/my/complaints/{self.own.id}")
        self.assertIn("Our own complaint", detail.text)
        foreign = self.url_open(f"/my/complaints/{self.foreign.id}")
        self.assertNotIn("Their secret complaint", foreign.text)

        self.authenticate("cmp_portal_b", "cmp_portal_b")
        page = self.url_open("/my/complaints").text
        self.assertIn("Their secret complaint", page)
        self.assertNotIn("Our own complaint", page)

    def test_portal_user_opens_a_complaint_on_own_invoice(self):
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        form = self.url_open("/my/complaints/new").text
        self.assertIn(self.invoice.name, form)
        self.assertNotIn(self.other_invoice.name, form)
        self.assertNotIn(self.other_order.name, form)
        response = self.url_open(
            "/my/complaints/new",
            data={
                "subject": "Lamp flickers",
                "invoice_id": self.invoice.id,
                "csrf_token": self._csrf(),
            },
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["sale.complaint"].search([("subject", "=", "Lamp flickers")])
        self.assertEqual(complaint.partner_id, self.contact)
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.invoice_ids, self.invoice)
        self.assertIn(complaint.name, response.text)

    def _complaint_card(self, complaint):
        """The text of the complaint's card on its portal page, tags removed."""
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        card = page[page.index("o_complaint_portal") : page.index("Messages</h3>")]
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", card)).split())

    def _local_date(self, value):
        """The date of ``value`` in the portal user's timezone."""
        return fields.Datetime.context_timestamp(self.own.with_user(self.portal_a), value).date()

    def test_the_form_has_a_details_box(self):
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        form = self.url_open("/my/complaints/new").text
        self.assertRegex(form, r'<textarea[^>]*name="description"[^>]*>\s*</textarea>')
        self.assertIn(f'maxlength="{PORTAL_DESCRIPTION_MAX_LENGTH}"', form)

    def test_the_details_are_kept_as_typed_and_shown_on_the_complaint(self):
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        self.url_open(
            "/my/complaints/new",
            data={
                "subject": "Chairs broken",
                "description": "Two legs snapped.\n<script>alert(1)</script>",
                "csrf_token": self._csrf(),
            },
        )
        complaint = self.env["sale.complaint"].search([("subject", "=", "Chairs broken")])
        self.assertNotIn("<script>", complaint.description)
        self.assertIn("Two legs snapped.", complaint.description)
        card = self._complaint_card(complaint)
        self.assertIn("What you wrote Two legs snapped. <script>alert(1)</script>", card)

    def test_too_long_details_are_refused_and_kept_in_the_form(self):
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        details = "x" * (PORTAL_DESCRIPTION_MAX_LENGTH + 1)
        response = self.url_open(
            "/my/complaints/new",
            data={"subject": "Too long", "description": details, "csrf_token": self._csrf()},
        )
        self.assertIn("Please keep the details under", response.text)
        self.assertIn(details, response.text)
        self.assertFalse(self.env["sale.complaint"].search([("subject", "=", "Too long")]))

    def test_answer_expected_by_is_a_date_while_in_the_future(self):
        self.assertGreater(self.own.date_resolution_deadline, fields.Datetime.now())
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        card = self._complaint_card(self.own)
        deadline = self._local_date(self.own.date_resolution_deadline)
        self.assertIn(f"Answer expected by: {deadline.strftime('%m/%d/%Y')}", card)
        self.assertNotRegex(card, r"\d{2}:\d{2}:\d{2}", "no date shows seconds")

    def test_a_passed_deadline_says_the_answer_is_late(self):
        late = self.env["sale.complaint"].create(
            {
                "subject": "Waiting for weeks",
                "partner_id": self.customer.id,
                "date_open": fields.Datetime.now() - timedelta(days=30),
            }
        )
        self.assertLess(late.date_resolution_deadline, fields.Datetime.now())
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        card = self._complaint_card(late)
        self.assertNotIn("Answer expected by", card)
        deadline = self._local_date(late.date_resolution_deadline)
        self.assertIn(f"Answer was due on: {deadline.strftime('%m/%d/%Y')}", card)
        self.assertIn("We are late and working on it.", card)

    def test_portal_user_pointing_at_another_customers_order_is_refused(self):
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        response = self.url_open(
            "/my/complaints/new",
            data={"subject": "Sneaky", "order_id": self.other_order.id, "csrf_token": self._csrf()},
        )
        self.assertIn("This order is not one of yours", response.text)
        self.assertFalse(self.env["sale.complaint"].search([("subject", "=", "Sneaky")]))
        response = self.url_open(
            "/my/complaints/new",
            data={
                "subject": "Sneaky",
                "invoice_id": self.other_invoice.id,
                "csrf_token": self._csrf(),
            },
        )
        self.assertIn("This invoice is not one of yours", response.text)
        self.assertFalse(self.env["sale.complaint"].search([("subject", "=", "Sneaky")]))

    def test_low_rating_reopens_and_notifies_the_responsible(self):
        self.own.write({"resolution": "<p>Refunded.</p>", "no_financial_remedy": True})
        self.own.action_close()
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        page = self.url_open(f"/my/complaints/{self.own.id}").text
        self.assertIn("How did we handle your complaint?", page)
        self.url_open(
            f"/my/complaints/{self.own.id}/rate",
            data={"rating": 2, "feedback": "Took far too long", "csrf_token": self._csrf()},
        )
        self.own.invalidate_recordset()
        self.assertFalse(self.own.is_closed)
        self.assertEqual(self.own.reopen_count, 1)
        self.assertEqual(self.own.rating_ids.rating, 2)
        notice = self.own.message_ids.filtered(lambda m: "reopened" in str(m.body))
        self.assertIn(self.admin.partner_id, notice.partner_ids)

    def test_good_rating_keeps_the_complaint_closed(self):
        self.own.write({"resolution": "<p>Refunded.</p>", "no_financial_remedy": True})
        self.own.action_close()
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        self.url_open(
            f"/my/complaints/{self.own.id}/rate",
            data={"rating": 5, "csrf_token": self._csrf()},
        )
        self.own.invalidate_recordset()
        self.assertTrue(self.own.is_closed)
        self.assertEqual(self.own.rating_last_value, 5)

    def test_rating_an_open_complaint_is_ignored(self):
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        self.url_open(
            f"/my/complaints/{self.own.id}/rate", data={"rating": 1, "csrf_token": self._csrf()}
        )
        self.assertFalse(self.own.rating_ids.filtered("consumed"))

    def test_portal_reply_lands_on_the_complaint_and_resumes_it(self):
        self.own.stage_id = self._stage("sale_complaint_stage_waiting")
        self.authenticate("cmp_portal_a", "cmp_portal_a")
        self.url_open(
            "/mail/message/post",
            json={
                "params": {
                    "thread_model": "sale.complaint",
                    "thread_id": self.own.id,
                    "post_data": {
                        "body": "Photo attached",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                }
            },
        )
        self.own.invalidate_recordset()
        reply = self.own.message_ids.filtered(lambda m: "Photo attached" in str(m.body))
        self.assertEqual(reply.author_id, self.contact)
        self.assertEqual(reply.message_type, "comment")
        self.assertFalse(self.own.is_waiting_customer, "the customer's answer resumes the SLA")
        self.url_open(
            "/mail/message/post",
            json={
                "params": {
                    "thread_model": "sale.complaint",
                    "thread_id": self.foreign.id,
                    "post_data": {"body": "Intrusion"},
                }
            },
        )
        self.assertFalse(self.foreign.message_ids.filtered(lambda m: "Intrusion" in str(m.body)))
