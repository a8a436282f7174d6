from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestProposalOpportunity(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lead customer", "email": "lead@example.com"}
        )
        cls.opportunity = cls.env["crm.lead"].create(
            {"name": "Office refit", "type": "opportunity", "partner_id": cls.customer.id}
        )
        cls.admin = new_test_user(
            cls.env, "prop_crm_admin", groups="sales_admin_base.group_sales_admin_user"
        )

    def test_a_proposal_on_an_opportunity_takes_its_customer_and_links_its_quotation(self):
        with Form(self.env["sale.proposal"].with_user(self.admin)) as form:
            form.title = "Office refit proposal"
            form.opportunity_id = self.opportunity
            self.assertEqual(form.partner_id, self.customer)
        proposal = form.record
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        proposal.order_id = quotation
        self.assertEqual(quotation.opportunity_id, self.opportunity)
        self.assertEqual(self.opportunity.sale_proposal_count, 1)
        action = self.opportunity.action_view_sale_proposals()
        self.assertEqual(self.env["sale.proposal"].search(action["domain"]), proposal)

    def test_the_opportunity_counts_only_its_own_proposals(self):
        other = self.env["crm.lead"].create({"name": "Other", "type": "opportunity"})
        self.env["sale.proposal"].create(
            {"title": "Elsewhere", "partner_id": self.customer.id, "opportunity_id": other.id}
        )
        self.assertEqual(self.opportunity.sale_proposal_count, 0)
        self.assertEqual(other.sale_proposal_count, 1)
