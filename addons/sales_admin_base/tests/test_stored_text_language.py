from odoo.tests import tagged
from odoo.tools import formatLang

from .common import SalesAdminDeskCommon
from .lang_common import LATVIAN, load_latvian


@tagged("post_install", "-at_install")
class TestStoredTextLanguage(SalesAdminDeskCommon):
    """What the desk stores and shows later is written in the reader's language, whoever made
    it: the order's blocking reasons and the to-dos our code schedules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_latvian(cls.env)
        cls.latvian_admin = cls._new_user(
            "desk_admin_lv",
            groups="sales_admin_base.group_sales_admin_user,account.group_account_invoice",
            company_id=cls.company.id,
            lang=LATVIAN,
        )
        cls.admin_user.lang = "en_US"

    def _read_as(self, order, user):
        """The reasons as the web client shows them to `user`: in the user's language."""
        return order.with_user(user).with_context(lang=user.lang).sales_admin_block_reasons

    def _blocked_order(self):
        """Blocked by an English admin: on hold, its prepayment missing, its customer
        incomplete."""
        order = self._create_order(require_payment=True, prepayment_percent=0.5)
        order.action_confirm()
        order.with_user(self.admin_user)._sales_admin_put_on_hold("PO 4711 missing")
        self.customer.phone = False
        order._sales_admin_recheck()
        self.assertEqual(order.sales_admin_state, "blocked")
        return order

    def test_the_blocking_reasons_read_in_the_readers_language(self):
        order = self._blocked_order()
        english = self._read_as(order, self.admin_user)
        latvian = self._read_as(order, self.latvian_admin)
        self.assertIn("On hold: PO 4711 missing", english)
        self.assertIn("The required prepayment has not been received.", english)
        self.assertIn("Customer record incomplete", english)
        self.assertIn("Aizturēts: PO 4711 missing", latvian)
        self.assertIn("Nepieciešamā priekšapmaksa nav saņemta.", latvian)
        self.assertIn("Klienta kartīte nepilnīga", latvian)
        self.assertNotIn("prepayment", latvian)

    def test_a_reason_stored_by_a_latvian_admin_reads_in_english_for_an_english_one(self):
        order = self._create_order(require_payment=True, prepayment_percent=0.5)
        order.with_user(self.latvian_admin).with_context(lang=LATVIAN).action_confirm()
        self.assertEqual(order.sales_admin_block_reason_keys, [{"key": "prepayment"}])
        self.assertEqual(
            self._read_as(order, self.admin_user),
            "The required prepayment has not been received.",
        )

    def test_the_credit_limit_reason_gives_the_figures_in_the_readers_format(self):
        self.company.account_use_credit_limit = True
        self.customer.credit_limit = 50.0
        order = self._create_order()
        [reason] = order.sales_admin_block_reason_keys
        self.assertEqual(reason["key"], "credit")
        self.assertEqual(reason["limit"], 50.0)
        currency = self.company.currency_id
        english = self._read_as(order, self.admin_user)
        latvian = self._read_as(order, self.latvian_admin)
        self.assertIn("credit limit", english)
        self.assertIn(
            formatLang(self.env(context={"lang": "en_US"}), 50.0, currency_obj=currency), english
        )
        in_latvian = formatLang(self.env(context={"lang": LATVIAN}), 50.0, currency_obj=currency)
        self.assertIn("50,00", in_latvian, "Latvian writes a decimal comma")
        self.assertIn(in_latvian, latvian)

    def test_the_reminder_to_do_is_written_in_its_assignees_language(self):
        order = self._blocked_order()
        order.sales_admin_id = self.latvian_admin
        order.with_user(self.admin_user).action_sales_admin_send_reminder()
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.latvian_admin)
        self.assertEqual(activity.summary, f"Pasūtījumam {order.name} nepieciešama uzmanība")
        self.assertIn("Aizturēts: PO 4711 missing", activity.note)

        order.sales_admin_id = self.admin_user
        order.with_user(self.latvian_admin).with_context(
            lang=LATVIAN
        ).action_sales_admin_send_reminder()
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.admin_user)
        self.assertEqual(activity.summary, f"Order {order.name} needs attention")
        self.assertIn("On hold: PO 4711 missing", activity.note)
