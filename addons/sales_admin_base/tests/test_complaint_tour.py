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
        # a subject longer than the card: the reference must stay readable beside it
        complaint.subject = (
            "Chairs arrived scratched on the legs and the seats of the whole second delivery"
        )

        self.start_tour("/odoo", "sales_admin_complaint", login="sadmin")

        sadmin = self.env.ref("sales_admin_base.user_sales_admin")
        self.assertEqual(complaint.sales_admin_id, sadmin)
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_first_response)
        self.assertEqual(complaint.credit_note_ids.state, "posted")
        self.assertEqual(complaint.credit_note_ids.invoice_line_ids.quantity, 1)
        self.assertEqual(complaint.remedy_cost, 80.0)

    def test_rep_saves_corrects_and_asks_about_a_new_complaint(self):
        Complaint = self.env["sale.complaint"]
        rep = self.env.ref("sales_admin_base.user_sales_rep")
        admin = self.env.ref("sales_admin_base.user_sales_admin")
        self.start_tour(
            "/odoo/action-sales_admin_base.sale_complaint_action/new",
            "sales_admin_complaint_rep",
            login="srep",
        )
        complaint = Complaint.search([("subject", "=like", "Tour: wrong colour delivered%")])
        self.assertEqual(complaint.subject, "Tour: wrong colour delivered, 2 chairs")
        self.assertEqual(complaint.create_uid, rep)
        self.assertEqual(complaint.sales_admin_id, admin)
        request = self.env["sale.admin.request"].search(
            [("res_model", "=", "sale.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual((request.requester_id, request.sales_admin_id), (rep, admin))
