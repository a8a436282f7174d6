from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.sales_admin_base.tests.common import SalesAdminCommon


@tagged("post_install", "-at_install")
class TestMyRfpQuestions(SalesAdminCommon):
    def test_my_rfp_questions_are_mine_and_not_done_both(self):
        action = self.env.ref("sales_admin_proposals.sale_proposal_line_action_mine")
        self.assertEqual(
            safe_eval(action.context), {"search_default_mine": 1, "search_default_open": 1}
        )
        view = self.env.ref("sales_admin_proposals.sale_proposal_line_view_search")
        search = etree.fromstring(view.arch)
        # filters next to each other are ORed by the web client; a separator ANDs them
        siblings = [node.get("name") or node.tag for node in search if node.tag != "field"]
        mine, done = siblings.index("mine"), siblings.index("open")
        self.assertIn("separator", siblings[min(mine, done) : max(mine, done)])
