from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSaleProposalTour(HttpCase):
    def test_rfp_from_import_to_acceptance_on_the_portal(self):
        proposal = self.env.ref("sales_admin_proposals.proposal_baltic_rfp")
        order = proposal.order_id
        self.assertEqual(order.state, "draft")
        # the demo dates the RFP from the day the database was installed (its submission deadline
        # 12 days later, its validity 45): from today here, however old the test database is
        now = fields.Datetime.now()
        proposal.write(
            {
                "date_submission_deadline": now.replace(hour=12, minute=0, second=0)
                + timedelta(days=12),
                "date_qa_cutoff": now.date() + timedelta(days=5),
                "validity_date": now.date() + timedelta(days=45),
            }
        )

        self.start_tour("/odoo", "sale_proposal_rfp_tour", login="sadmin")
        self.assertEqual(proposal.state, "to_approve")
        self.assertEqual(len(proposal.line_ids), 3)
        delivery = proposal.line_ids.filtered(lambda line: "delivery" in line.question)
        self.assertEqual(
            delivery.answer_id, self.env.ref("sales_admin_proposals.answer_delivery_time")
        )

        form_url = f"/odoo/action-sales_admin_proposals.sale_proposal_action/{proposal.id}"
        self.start_tour(form_url, "sale_proposal_approve_tour", login="smanager")
        self.assertEqual(proposal.approved_by_id.login, "smanager")
        self.start_tour(form_url, "sale_proposal_send_tour", login="sadmin")
        self.assertEqual(proposal.state, "sent")
        self.assertEqual(proposal.revision_number, 1)

        # the customer opens the link of the email, draws the signature and accepts
        self.start_tour(proposal.get_portal_url(), "sale_proposal_portal_accept_tour")
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(proposal.signed_by, "Ilze Berzina")
        self.assertTrue(proposal.signature)
        self.assertEqual(order.state, "sale")
