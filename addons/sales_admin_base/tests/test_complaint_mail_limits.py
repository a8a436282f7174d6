import time
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .complaint_common import ComplaintCommon

MALLORY = "mallory@attacker.example.net"


@tagged("post_install", "-at_install")
class TestComplaintMailLimits(ComplaintCommon):
    """Hostile mail to the complaints alias: an unknown charset, a huge body, outsiders in Cc."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # what Settings > Discuss > Alias domain sets up
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "limits.example.org"})
        cls.env.company.alias_domain_id = cls.alias_domain
        cls.alias = cls.env.ref("sales_admin_base.mail_alias_complaint")
        cls.alias.alias_domain_id = cls.alias_domain
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "Bob Buyer",
                "parent_id": cls.customer.id,
                "email": "bob@complaining.example.com",
            }
        )

    def _mail(self, sender=None, subject="Chairs broken on arrival", cc=None, reply_to=None):
        message = EmailMessage()
        message["From"] = sender or formataddr((self.contact.name, self.contact.email))
        message["To"] = self.alias.alias_full_name
        if cc:
            message["Cc"] = cc
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="complaining.example.com")
        if reply_to:
            message["In-Reply-To"] = reply_to
            message["References"] = reply_to
        return message

    def _process(self, message):
        complaint_id = self.env["mail.thread"].message_process(False, message.as_string())
        self.assertTrue(complaint_id, "the mail is kept")
        return self.env["sale.complaint"].browse(complaint_id)

    def _incoming(self, complaint):
        return complaint.message_ids.filtered(lambda m: m.message_type == "email")[:1]

    def _suggested_emails(self, complaint, **kwargs):
        suggested = complaint.with_user(self.admin)._message_get_suggested_recipients(
            reply_discussion=True, **kwargs
        )
        return {recipient["email"] for recipient in suggested}

    # ------------------------------------------------------------------ charsets

    @mute_logger("odoo.addons.sales_admin_base.models.mail_thread")
    def test_a_text_in_an_unknown_charset_is_read_as_utf8(self):
        message = self._mail()
        message.set_content("Krēsli ir salauzti, visi četri.", cte="base64")
        message.set_param("charset", "x-no-such-charset")
        complaint = self._process(message)
        self.assertEqual(complaint.partner_id, self.contact)
        self.assertIn("Krēsli ir salauzti, visi četri.", str(complaint.description))
        self.assertIn("četri", str(self._incoming(complaint).body))

    @mute_logger("odoo.addons.sales_admin_base.models.mail_thread")
    def test_parts_in_bogus_charsets_that_are_not_utf8_are_read_as_latin1(self):
        message = self._mail()
        message.set_content(b"Caf\xe9 chairs: all broken.", "text", "plain")
        message.set_param("charset", "windows-9999")
        message.add_alternative(b"<p>Caf\xe9 chairs: <b>all</b> broken.</p>", "text", "html")
        message.get_payload()[1].set_param("charset", "base64")  # a codec, but not for text
        message.add_attachment(
            b"Chair;Damage\nCaf\xe9;legs\n", "text", "csv", filename="damage.csv"
        )
        message.get_payload()[-1].set_param("charset", "x-bogus")
        complaint = self._process(message)
        self.assertIn("Café chairs: <b>all</b> broken.", str(complaint.description))
        attachment = self._incoming(complaint).attachment_ids
        self.assertEqual(attachment.name, "damage.csv")
        self.assertEqual(attachment.raw, b"Chair;Damage\nCaf\xe9;legs\n", "the bytes as sent")

    # ------------------------------------------------------------------ size

    def test_a_two_megabyte_html_mail_is_cut_and_processed_fast(self):
        rows = "".join(
            f"<tr><td>Chair {n}</td><td><span style='color:red'>broken</span></td></tr>"
            for n in range(30000)
        )
        html = f"<html><body><p>Our order:</p><table>{rows}</table></body></html>"
        self.assertGreater(len(html), 2_000_000)
        message = self._mail()
        message.set_content("Our order: " + "chair broken. " * 150000)
        message.add_alternative(html, subtype="html")
        started = time.monotonic()
        complaint = self._process(message)
        self.assertLess(time.monotonic() - started, 20, "seconds, not a minute")
        for body in (str(complaint.description), str(self._incoming(complaint).body)):
            self.assertLess(len(body), 260_000)
            self.assertIn("Chair 1 ", body.replace("</td>", " "))
            self.assertIn("only the first", body)
            self.assertNotIn("Chair 29999", body)

    # ------------------------------------------------------------------ copied addresses

    def test_an_outsider_in_cc_is_not_suggested_nor_following_and_the_complaint_is_flagged(self):
        other_company_contact = self.other_customer  # a partner we know, of another customer
        cc = ", ".join(
            [
                formataddr(("Mallory", MALLORY)),
                formataddr((self.buyer.name, self.buyer.email)),
                self.other_customer.email,
                self.admin.email,  # our own staff
                self.alias.alias_full_name,
            ]
        )
        complaint = self._process(self._mail(cc=cc))
        self.assertEqual(complaint.partner_id, self.contact)
        self.assertTrue(complaint.with_user(self.admin).needs_review)

        suggested = self._suggested_emails(complaint)
        self.assertIn(self.contact.email, suggested)
        self.assertIn(self.buyer.email, suggested, "the customer's own people are suggested")
        self.assertNotIn(MALLORY, suggested)
        self.assertNotIn(other_company_contact.email, suggested)
        # reply-all in the web client finds or creates partners for what it suggests
        reply_all = self._suggested_emails(complaint, no_create=False)
        self.assertNotIn(MALLORY, reply_all)
        self.assertFalse(self.env["res.partner"].search([("email", "ilike", MALLORY)]))

        followers = complaint.message_partner_ids
        self.assertIn(self.contact, followers)
        self.assertNotIn(other_company_contact, followers)
        self.assertNotIn(MALLORY, followers.mapped("email"))

        note = complaint.message_ids.filtered(lambda m: "Flagged for review" in str(m.body))
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal, "an internal note, not sent to the customer")
        self.assertIn(MALLORY, str(note.body))
        self.assertIn(self.other_customer.email, str(note.body))
        self.assertNotIn(self.buyer.email, str(note.body))
        self.assertNotIn(self.admin.email, str(note.body))
        activity = complaint.activity_ids
        self.assertEqual(activity.user_id, self.admin, "the responsible admin checks it")
        self.assertIn(MALLORY, str(activity.note))

        complaints = self.env["sale.complaint"].with_user(self.admin)
        self.assertEqual(complaints.search([("needs_review", "=", True)]), complaint)
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep).action_mark_reviewed()
        complaint.with_user(self.admin).action_mark_reviewed()
        self.assertFalse(complaint.needs_review)

    def test_copying_only_the_customers_people_and_our_staff_needs_no_review(self):
        cc = f"{self.buyer.email}, {self.admin.email}, {self.customer.email}"
        complaint = self._process(self._mail(cc=cc))
        self.assertFalse(complaint.needs_review)
        self.assertFalse(complaint.activity_ids)
        self.assertFalse(complaint.message_ids.filtered(lambda m: "Flagged" in str(m.body)))

    def test_a_reply_of_the_customer_copying_an_outsider_flags_the_complaint(self):
        first = self._mail()
        first.set_content("Two chairs arrived broken.")
        complaint = self._process(first)
        self.assertFalse(complaint.needs_review)
        reply = self._mail(cc=MALLORY, subject="Re: Chairs", reply_to=first["Message-ID"])
        reply.set_content("Here are the photos.")
        self.assertEqual(self._process(reply), complaint)
        self.assertTrue(complaint.needs_review)
        self.assertNotIn(MALLORY, self._suggested_emails(complaint))

    def test_an_unknown_senders_copied_addresses_are_not_suggested(self):
        stranger = "stranger@nowhere.example.com"
        complaint = self._process(self._mail(sender=stranger, cc=MALLORY))
        self.assertTrue(complaint.is_unknown_customer)
        self.assertFalse(complaint.needs_review, "no customer to impersonate")
        suggested = self._suggested_emails(complaint)
        self.assertIn(stranger, suggested, "we answer the sender")
        self.assertNotIn(MALLORY, suggested)
