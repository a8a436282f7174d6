from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalPhoneTour(HttpCase):
    browser_size = "390x844"

    def test_customer_on_a_phone_files_a_complaint_with_details(self):
        contact = self.env.ref("sales_admin_base.partner_baltic_office_contact")
        new_test_user(
            self.env,
            "ilze_phone",
            groups="base.group_portal",
            partner_id=contact.id,
            name=contact.name,
        )
        self.env["sale.complaint"].create(
            {"subject": "Invoice sent twice", "partner_id": contact.id}
        )

        self.start_tour("/my", "sales_admin_portal_complaint_phone", login="ilze_phone")

        complaint = self.env["sale.complaint"].search(
            [("subject", "=", "Two chairs arrived broken")]
        )
        self.assertEqual(complaint.partner_id, contact)
        self.assertIn("The legs of two chairs were snapped", str(complaint.description))
