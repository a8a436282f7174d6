from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .complaint_common import ComplaintCommon

NEW_MAIL = """Return-Path: <carla@complaining.example.com>
From: Carla Contact <carla@complaining.example.com>
To: complaints@test.example.com
Subject: Chairs broken on arrival
Message-ID: <first-complaint-123@complaining.example.com>
Date: Mon, 30 Nov 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Two chairs of our last order arrived broken.
"""

REPLY_MAIL = """From: Carla Contact <carla@complaining.example.com>
To: complaints@test.example.com
Subject: Re: Chairs broken on arrival
Message-ID: <reply-456@complaining.example.com>
In-Reply-To: <first-complaint-123@complaining.example.com>
References: <first-complaint-123@complaining.example.com>
Date: Mon, 30 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Here are the photos you asked for.
"""

UNKNOWN_MAIL = """From: Stranger <stranger@nowhere.example.com>
To: complaints@test.example.com
Subject: Your truck hit my fence
Message-ID: <stranger-789@nowhere.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Please call me.
"""


@tagged("post_install", "-at_install")
class TestComplaintMailGateway(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["sale.complaint"]

    def _process(self, raw):
        return self.env["mail.thread"].message_process("sale.complaint", raw)

    def test_email_creates_then_threads_a_complaint(self):
        complaint = self.Complaint.browse(self._process(NEW_MAIL))
        self.assertEqual(complaint.subject, "Chairs broken on arrival")
        self.assertEqual(complaint.partner_id, self.contact)
        self.assertEqual(complaint.commercial_partner_id, self.customer)
        self.assertEqual(complaint.channel, "email")
        self.assertFalse(complaint.is_unknown_customer)
        self.assertIn("arrived broken", str(complaint.description))
        self.assertTrue(complaint.name.startswith("CMP/"))
        acknowledgement = complaint.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(complaint.name, acknowledgement.subject + str(acknowledgement.body))
        self.assertIn(self.contact, acknowledgement.partner_ids)
        self.assertFalse(
            complaint.date_first_response, "the automatic acknowledgement is no response"
        )

        reply_id = self._process(REPLY_MAIL)
        self.assertEqual(reply_id, complaint.id)
        self.assertEqual(self.Complaint.search_count([("subject", "ilike", "Chairs broken")]), 1)
        self.assertIn("photos you asked", str(complaint.message_ids[0].body))

    def test_commercial_entity_email_matches_the_company(self):
        raw = NEW_MAIL.replace(
            "Carla Contact <carla@complaining.example.com>", "office@complaining.example.com"
        )
        complaint = self.Complaint.browse(self._process(raw))
        self.assertEqual(complaint.partner_id, self.customer)

    def test_unknown_sender_is_kept_and_flagged(self):
        complaint = self.Complaint.browse(self._process(UNKNOWN_MAIL))
        self.assertTrue(complaint.is_unknown_customer)
        self.assertFalse(complaint.partner_id)
        self.assertIn("stranger@nowhere.example.com", complaint.email_from)
        self.assertEqual(complaint.subject, "Your truck hit my fence")

    @mute_logger(
        "odoo.addons.sales_admin_base.models.sale_complaint", "odoo.addons.mail.models.mail_thread"
    )
    def test_empty_and_malformed_mails_never_crash(self):
        empty = "From: Carla <carla@complaining.example.com>\nMessage-ID: <empty-1@x>\n\n"
        complaint = self.Complaint.browse(self._process(empty))
        self.assertEqual(complaint.subject, "(no subject)")
        self.assertEqual(complaint.partner_id, self.contact)

        garbage = (
            "Subject: =?broken?Q?=ZZ?=\nTo: complaints@test.example.com\n\n\x01 no sender, no id"
        )
        garbage_complaint = self.Complaint.browse(self._process(garbage))
        self.assertTrue(garbage_complaint.is_unknown_customer, "kept, flagged, never lost")

    def _portal_user_for_contact(self):
        """The mail gateway then processes Carla's mails as her own (portal) user."""
        return new_test_user(
            self.env,
            "carla.portal",
            groups="base.group_portal",
            partner_id=self.contact.id,
            name=self.contact.name,
            email=self.contact.email,
        )

    def test_a_customer_with_a_portal_user_is_acknowledged_in_our_name(self):
        self._portal_user_for_contact()
        complaint = self.Complaint.browse(self._process(NEW_MAIL))
        self.assertEqual(complaint.partner_id, self.contact)
        acknowledgement = complaint.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(acknowledgement.author_id, self.admin.partner_id, "the responsible admin")
        self.assertEqual(acknowledgement.email_from, self.admin.partner_id.email_formatted)
        self.assertIn(self.contact, acknowledgement.notification_ids.res_partner_id)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", acknowledgement.id)])
        self.assertIn(self.contact, mail.recipient_ids)

    def test_without_a_responsible_admin_the_company_signs_the_acknowledgement(self):
        self.customer.sales_admin_id = False
        self._portal_user_for_contact()
        complaint = self.Complaint.browse(self._process(NEW_MAIL))
        self.assertFalse(complaint.sales_admin_id)
        acknowledgement = complaint.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(acknowledgement.author_id, self.env.company.partner_id)
        self.assertIn(self.contact, acknowledgement.notification_ids.res_partner_id)
