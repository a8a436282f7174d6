from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestComplaintTour(HttpCase):
    def test_sales_admin_takes_answers_credits_and_closes_a_complaint(self):
        complaint = self.env.ref("sales_admin_base.sale_complaint_demo_new")
        customer = complaint.commercial_partner_id
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": complaint.product_ids[:1].id,
                            "quantity": 3,
                            "price_unit": 80.0,
                            "tax_ids": False,
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        complaint.invoice_ids = invoice

        self.start_tour("/odoo", "sales_admin_complaint", login="sadmin")

        sadmin = self.env.ref("sales_admin_base.user_sales_admin")
        self.assertEqual(complaint.sales_admin_id, sadmin)
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_first_response)
        self.assertEqual(complaint.credit_note_ids.state, "posted")
        self.assertEqual(complaint.credit_note_ids.invoice_line_ids.quantity, 1)
        self.assertEqual(complaint.remedy_cost, 80.0)
