from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestHeadOfSalesTour(HttpCase):
    def test_the_head_of_sales_sees_what_waits_for_him_and_regenerates_a_report(self):
        manager = self.env.ref("sales_admin_base.user_sales_manager")
        waiting = self.env["sale.admin.request"].search_count(
            [("state", "=", "escalated"), ("waiting_user_id", "=", manager.id)]
        )
        self.assertTrue(waiting, "the demo escalates a request to the sales manager")
        # the period Generate Now proposes has its report, as the demo's due reports give it on
        # most days; before a month's run day, or in a database installed in an earlier month, it
        # has none yet: the head of sales makes it first, with the same button
        wizard = self.env["sale.admin.report.generate"].with_user(manager).create({})
        if not wizard.existing_run_id:
            wizard.action_generate()
        runs = self.env["sale.admin.report.run"].search([])
        versions = sum(runs.mapped("version"))
        self.start_tour("/odoo", "sales_admin_head_of_sales", login="smanager")
        runs.invalidate_recordset(["version"])
        self.assertEqual(
            self.env["sale.admin.report.run"].search_count([]), len(runs), "no new run"
        )
        self.assertEqual(
            sum(runs.mapped("version")), versions + 1, "a new version of the reported period"
        )
