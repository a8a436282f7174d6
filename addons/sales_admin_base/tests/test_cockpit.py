from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCockpit(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env, "ck_admin", groups="sales_admin_base.group_sales_admin_user"
        )
        cls.other_admin = new_test_user(
            cls.env, "ck_admin2", groups="sales_admin_base.group_sales_admin_user"
        )
        cls.manager = new_test_user(
            cls.env, "ck_manager", groups="sales_admin_base.group_sales_admin_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cockpit customer", "sales_admin_id": cls.admin.id}
        )
        product = cls.env["product.product"].create({"name": "Cockpit product"})
        cls.orders = cls.env["sale.order"].create(
            [
                {"partner_id": cls.customer.id, "order_line": [(0, 0, {"product_id": product.id})]}
                for _ in range(3)
            ]
        )
        cls.tile = cls.env.ref("sales_admin_base.cockpit_tile_quotations_to_send")

    def _tiles(self, user, **context):
        return (
            self.env["sale.admin.cockpit.tile"].with_user(user).with_context(**context).search([])
        )

    def test_counters_equal_the_lists_they_open(self):
        tiles = self._tiles(self.admin)
        for tile in tiles:
            action = tile.action_open()
            expected = (
                self.env[action["res_model"]].with_user(self.admin).search_count(action["domain"])
            )
            self.assertEqual(tile.count, expected, tile.name)
        self.assertEqual(self.tile.with_user(self.admin).count, 3)
        self.assertEqual(self.tile.with_user(self.other_admin).count, 0)

    def test_the_counters_take_the_same_few_queries_however_many_tiles(self):
        tiles = self._tiles(self.admin)
        tiles.mapped("count")  # warm the registry caches (record rules, groups)
        self.env.invalidate_all()
        # reading the tiles, the user's context, and ONE query for every counter
        with self.assertQueryCount(3):
            tiles.mapped("count")
        self.env["sale.admin.cockpit.tile"].create(
            [
                {
                    "name": f"Extra {i}",
                    "section": "orders",
                    "model_name": "sale.order",
                    "domain": f"[('amount_total', '>', {i})]",
                }
                for i in range(6)
            ]
        )
        tiles = self._tiles(self.admin)
        self.assertEqual(len(tiles), len(self.env["sale.admin.cockpit.tile"].search([])))
        tiles.mapped("count")
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            tiles.mapped("count")

    def test_a_manager_sees_the_team_or_one_admin(self):
        self.assertEqual(
            self.tile.with_user(self.manager).with_context(cockpit_admin_id=self.admin.id).count, 3
        )
        team = self.tile.with_user(self.manager).with_context(cockpit_admin_id=False).count
        self.assertGreaterEqual(team, 3)

    def test_an_admin_cannot_look_at_another_admins_cockpit(self):
        with self.assertRaises(UserError):
            self.tile.with_user(self.admin).with_context(cockpit_admin_id=self.other_admin.id).count  # noqa: B018

    def test_a_tile_with_a_broken_domain_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["sale.admin.cockpit.tile"].create(
                {
                    "name": "Broken",
                    "section": "orders",
                    "model_name": "sale.order",
                    "domain": "[('nope', '=', 1)]",
                }
            )
        with self.assertRaises(ValidationError):
            self.env["sale.admin.cockpit.tile"].create(
                {
                    "name": "Broken",
                    "section": "orders",
                    "model_name": "no.such.model",
                    "domain": "[]",
                }
            )

    def test_a_tile_on_a_model_the_admin_cannot_read_counts_nothing_and_spares_the_others(self):
        hidden = self.env["sale.admin.cockpit.tile"].create(
            {"name": "Scheduled actions", "section": "reports", "model_name": "ir.cron"}
        )
        tiles = (self.tile | hidden).with_user(self.admin)
        self.assertEqual(tiles.mapped("count"), [3, 0])
