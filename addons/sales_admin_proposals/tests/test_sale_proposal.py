from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_demo_proposal_has_sections(self):
        proposal = self.env.ref("sales_admin_proposals.proposal_baltic_rfp")
        self.assertTrue(proposal.section_ids)
