from odoo.tests import tagged
from odoo.tools import SQL

from .complaint_common import ComplaintCommon
from .lang_common import LATVIAN, load_latvian


@tagged("post_install", "-at_install")
class TestComplaintMailLanguage(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_latvian(cls.env)

    def _acknowledge(self):
        complaint = self.env["sale.complaint"].create(
            {
                "partner_id": self.contact.id,
                "subject": "Broken chairs",
                "description": "Two chairs arrived broken.",
            }
        )
        complaint._send_acknowledgement()
        message = complaint.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(message), 1)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(len(mail), 1, "the acknowledgement goes out by email")
        self.assertIn(self.contact, mail.recipient_ids)
        return complaint, message, mail

    def test_the_acknowledgement_is_written_in_the_customers_language(self):
        self.contact.lang = LATVIAN
        complaint, message, mail = self._acknowledge()
        self.assertEqual(message.subject, f"Esam saņēmuši Jūsu sūdzību {complaint.name}")
        self.assertEqual(mail.subject, message.subject)
        for body in (str(message.body), str(mail.body_html)):
            self.assertIn("Jūsu sūdzība ir reģistrēta ar atsauces numuru", body)
            self.assertIn("Ar cieņu", body)
            self.assertNotIn("Thank you", body)
            self.assertNotIn("Kind regards", body)

    def test_an_english_customer_still_gets_english(self):
        self.contact.lang = "en_US"
        complaint, message, _mail = self._acknowledge()
        self.assertEqual(message.subject, f"We received your complaint {complaint.name}")
        self.assertIn("Thank you for telling us", str(message.body))

    def test_a_language_that_is_not_installed_falls_back_to_english(self):
        # a contact imported with, or left behind by, a language the database does not have:
        # Odoo refuses to render in it, so the acknowledgement must not depend on it
        self.assertNotIn("de_DE", dict(self.env["res.lang"].get_installed()))
        self.env.cr.execute(
            SQL("UPDATE res_partner SET lang = %s WHERE id = %s", "de_DE", self.contact.id)
        )
        self.contact.invalidate_recordset(["lang"])
        complaint, message, mail = self._acknowledge()
        self.assertEqual(message.subject, f"We received your complaint {complaint.name}")
        self.assertIn("Thank you for telling us", str(message.body))
        self.assertIn("Thank you for telling us", str(mail.body_html))
