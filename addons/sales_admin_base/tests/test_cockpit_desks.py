import re

from odoo import Command
from odoo.tests import tagged

from .common_requests import SaleAdminRequestCommon

COCKPIT = "sales_admin_base.sales_admin_cockpit_action"


@tagged("post_install", "-at_install")
class TestCockpitDesks(SaleAdminRequestCommon):
    """Whose desk counts what: the admin's own records, the escalations waiting for a manager,
    another admin's desk looked at by name, and what an empty tile opens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.escalations = cls.env.ref("sales_admin_base.cockpit_tile_escalations_waiting")
        cls.requests_tile = cls.env.ref("sales_admin_base.cockpit_tile_requests_waiting")
        cls.waiting = cls._request(cls.rep, cls.order, subject="Discount beyond my limit")
        cls.waiting.with_user(cls.admin2)._escalate("Needs the manager")

    def _count(self, tile, user, **context):
        tile.invalidate_recordset(["count"])  # counted again, as each time the desk is opened
        return (
            tile.with_user(user).with_context(allowed_company_ids=self.company.ids, **context).count
        )

    def test_the_managers_desk_counts_the_escalations_waiting_for_him(self):
        # the head of sales as in the demo: a Sales Admin Manager on the last level
        self.head.group_ids = [
            Command.link(self.env.ref("sales_admin_base.group_sales_admin_manager").id)
        ]
        self.assertEqual(self.waiting.waiting_user_id, self.manager)
        self.assertEqual(self._count(self.escalations, self.manager), 1)
        self.assertEqual(self._count(self.escalations, self.head), 0, "not at his level yet")
        self.waiting.with_user(self.manager)._escalate("Needs the head of sales")
        self.assertEqual(self._count(self.escalations, self.head), 1)
        self.assertEqual(self._count(self.escalations, self.manager), 0)

    def test_the_admins_desk_still_counts_the_escalations_of_his_customers(self):
        self.assertEqual(self._count(self.escalations, self.admin2), 1)
        self.assertEqual(self._count(self.escalations, self.admin1), 0)

    def test_a_manager_typing_an_admins_name_sees_that_admins_desk(self):
        self._request(self.rep, self.order, subject="Another one")
        picked = self._count(self.requests_tile, self.manager, cockpit_admin_id=self.admin2.id)
        self.assertEqual(picked, 1)
        typed = self._count(self.requests_tile, self.manager, cockpit_admin_id=self.admin2.name)
        self.assertEqual(typed, picked, "Enter on a typed name filters like picking the admin")
        self.assertEqual(
            self._count(self.requests_tile, self.manager, cockpit_admin_id="nobody by that name"),
            0,
        )

    def test_a_tile_without_waiting_for_fields_counts_the_whole_team_on_every_desk(self):
        tile = self.env["sale.admin.cockpit.tile"].create(
            {
                "name": "All open requests",
                "section": "requests",
                "model_name": "sale.admin.request",
                "domain": "[('state', 'in', ('new', 'in_progress', 'escalated'))]",
            }
        )
        self.assertEqual(self._count(tile, self.admin1), self._count(tile, self.admin2))
        self.assertGreaterEqual(self._count(tile, self.admin1), 1)

    def test_the_waiting_for_fields_must_belong_to_the_tiles_model(self):
        with self.assertRaisesRegex(Exception, "must be fields of sale.order"):
            self.env["sale.admin.cockpit.tile"].create(
                {
                    "name": "Mixed",
                    "section": "orders",
                    "model_name": "sale.order",
                    "admin_field_ids": [
                        Command.set(
                            self.env.ref(
                                "sales_admin_base.field_sale_admin_request__waiting_user_id"
                            ).ids
                        )
                    ],
                }
            )

    def test_the_shipped_tiles_are_plain_domains_the_domain_editor_can_edit(self):
        for tile in self.env["sale.admin.cockpit.tile"].with_context(active_test=False).search([]):
            self.assertFalse(re.search(r"\badmin_id\b", tile.domain), tile.name)
            self.assertNotIn(" if ", tile.domain, tile.name)

    def test_an_empty_tile_opens_a_list_saying_there_is_nothing_to_do(self):
        self.assertEqual(self._count(self.requests_tile, self.admin1), 0)
        action = (
            self.requests_tile.with_user(self.admin1)
            .with_context(allowed_company_ids=self.company.ids)
            .action_open()
        )
        self.assertIs(action["useSampleModel"], False, "no sample records on an empty list")
        self.assertIn("o_view_nocontent_smiling_face", action["help"])
        self.assertIn("Nothing to do: Rep requests to handle", action["help"])
        self.assertEqual(
            self.env["sale.admin.request"].with_user(self.admin1).search_count(action["domain"]),
            0,
        )


@tagged("post_install", "-at_install")
class TestSalesAdminHomeAction(SaleAdminRequestCommon):
    def test_a_new_sales_admin_lands_on_the_cockpit(self):
        self.assertEqual(self.admin1.action_id.id, self.env.ref(COCKPIT).id)
        self.assertEqual(self.manager.action_id.id, self.env.ref(COCKPIT).id)
        self.assertFalse(self.rep.action_id, "reps keep Odoo's home")

    def test_a_user_given_the_group_later_lands_on_the_cockpit(self):
        user = self._user("later_admin", "sales_team.group_sale_salesman")
        self.assertFalse(user.action_id)
        user.group_ids = [Command.link(self.env.ref("sales_admin_base.group_sales_admin_user").id)]
        self.assertEqual(user.action_id.id, self.env.ref(COCKPIT).id)

    def test_a_user_added_from_the_groups_form_lands_on_the_cockpit(self):
        user = self._user("form_admin", "sales_team.group_sale_salesman")
        self.env.ref("sales_admin_base.group_sales_admin_manager").user_ids = [
            Command.link(user.id)
        ]
        self.assertEqual(user.action_id.id, self.env.ref(COCKPIT).id)

    def test_a_home_action_already_chosen_is_kept(self):
        own = self.env.ref("sale.action_orders")
        user = self._user("own_home", "sales_team.group_sale_salesman")
        user.action_id = own.id
        user.group_ids = [Command.link(self.env.ref("sales_admin_base.group_sales_admin_user").id)]
        self.assertEqual(user.action_id.id, own.id)

    def test_the_demo_sales_admins_land_on_the_cockpit(self):
        for xmlid in ("sales_admin_base.user_sales_admin", "sales_admin_base.user_sales_manager"):
            user = self.env.ref(xmlid, raise_if_not_found=False)
            if user:
                self.assertEqual(user.action_id.id, self.env.ref(COCKPIT).id, xmlid)
