from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SalesAdminDeskCommon


@tagged("post_install", "-at_install")
class TestOrderDesk(SalesAdminDeskCommon):
    def test_quotation_waiting_for_its_signature_is_to_check(self):
        order = self._create_order(require_signature=True)
        self.assertFalse(order.sales_admin_signature_ok)
        self.assertEqual(order.sales_admin_state, "to_check")
        order.signature = b"R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs="
        self.assertTrue(order.sales_admin_signature_ok)
        self.assertEqual(order.sales_admin_state, "ready")

    def test_incomplete_customer_blocks_the_order_until_completed(self):
        self.customer.phone = False
        order = self._create_order()
        self.assertFalse(order.sales_admin_customer_ok)
        self.assertEqual(order.sales_admin_state, "blocked")
        self.assertIn("Phone", order.sales_admin_block_reasons)
        self.customer.phone = "+371 2000 0001"
        self.assertTrue(order.sales_admin_customer_ok)
        self.assertEqual(order.sales_admin_state, "ready")

    def test_credit_limit_blocks_the_order_and_raising_it_releases_it(self):
        self.company.account_use_credit_limit = True
        self.customer.credit_limit = 50.0
        order = self._create_order()
        self.assertFalse(order.sales_admin_credit_ok)
        self.assertEqual(order.sales_admin_state, "blocked")
        self.assertIn("credit limit", order.sales_admin_block_reasons)
        self.customer.credit_limit = 1000.0
        self.assertTrue(order.sales_admin_credit_ok)
        self.assertEqual(order.sales_admin_state, "ready")

    def test_credit_limits_are_ignored_when_the_company_does_not_use_them(self):
        self.company.account_use_credit_limit = False
        self.customer.credit_limit = 50.0
        order = self._create_order()
        self.assertTrue(order.sales_admin_credit_ok)
        self.assertEqual(order.sales_admin_state, "ready")

    def test_manual_hold_blocks_with_its_reason_until_released(self):
        order = self._confirmed_order()
        action = order.with_user(self.admin_user).action_sales_admin_put_on_hold()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard_form.reason = "Waiting for the PO number"
        wizard_form.save().with_user(self.admin_user).action_confirm()
        self.assertEqual(order.sales_admin_state, "blocked")
        self.assertIn("Waiting for the PO number", order.sales_admin_block_reasons)
        order.with_user(self.admin_user).action_sales_admin_release_hold()
        self.assertFalse(order.sales_admin_hold_reason)
        self.assertEqual(order.sales_admin_state, "ready")

    def test_confirmed_order_missing_its_prepayment_is_blocked_until_paid(self):
        order = self._create_order(require_payment=True, prepayment_percent=0.5)
        order.action_confirm()
        self.assertFalse(order.sales_admin_prepayment_ok)
        self.assertEqual(order.sales_admin_state, "blocked")
        self._take_payment(order_id=order.id, amount=50.0)
        self.assertTrue(order.sales_admin_prepayment_ok)
        self.assertEqual(order.sales_admin_state, "ready")

    def test_prepayment_made_online_is_read_from_the_payment_transaction(self):
        order = self._create_order(require_payment=True, prepayment_percent=0.5)
        self.assertEqual(order.sales_admin_state, "to_check")
        provider = self.env["payment.provider"].create({"name": "Desk Test", "code": "none"})
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": order.amount_total / 2,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "DESK-PREPAY-1",
                "state": "pending",
                "sale_order_ids": order.ids,
            }
        )
        self.assertFalse(order.sales_admin_prepayment_ok, "a pending transaction is not paid")
        transaction.state = "done"
        self.assertTrue(order.sales_admin_prepayment_ok)
        self.assertEqual(order.sales_admin_state, "ready")

    def test_delivery_of_a_service_is_read_from_the_quantities_entered_by_hand(self):
        # Delivered quantities entered on the lines, as without sale_stock; with it, pickings
        # fill the same qty_delivered field, which is all the checklist reads.
        order = self._confirmed_order([(self.manual_service, 2)])
        self.assertEqual(order.order_line.qty_delivered_method, "manual")
        self.assertFalse(order.sales_admin_delivered)
        order.order_line.qty_delivered = 1
        self.assertFalse(order.sales_admin_delivered)
        self.assertIn(order, self._desk_filter("sales_admin_waiting_delivery"))
        order.order_line.qty_delivered = 2
        self.assertTrue(order.sales_admin_delivered)
        self.assertNotIn(order, self._desk_filter("sales_admin_waiting_delivery"))

    def test_delivery_is_read_from_pickings_with_sale_stock(self):
        if "picking_ids" not in self.env["sale.order"]._fields:
            self.skipTest("sale_stock is not installed: delivered quantities are entered by hand")
        with freeze_time("2026-03-02 09:00:00"):
            order = self._confirmed_order([(self.delivered_product, 3), (self.manual_service, 1)])
            order.order_line.filtered(lambda line: line.product_id == self.manual_service).write(
                {"qty_delivered": 1}
            )
            self.env.flush_all()
        picking = order.picking_ids
        self.assertEqual(len(picking), 1, "the service is not shipped")
        self.assertFalse(order.sales_admin_delivered)
        self.assertIn(order, self._desk_filter("sales_admin_waiting_delivery"))

        with freeze_time("2026-03-03 09:00:00"):
            picking.move_ids.quantity = 2
            picking.move_ids.picked = True
            action = picking.button_validate()
            backorder_wizard = Form.from_action(self.env, action).save()
            backorder_wizard.process()
            self.env.flush_all()
        backorder = order.picking_ids - picking
        self.assertEqual(picking.state, "done")
        self.assertEqual(backorder.move_ids.product_uom_qty, 1)
        goods_line = order.order_line.filtered(
            lambda line: line.product_id == self.delivered_product
        )
        self.assertEqual(goods_line.qty_delivered, 2)
        self.assertFalse(order.sales_admin_delivered, "one left in the backorder")
        self.assertFalse(order.sales_admin_date_delivered)
        self.assertIn(order, self._desk_filter("sales_admin_waiting_delivery"))

        with freeze_time("2026-03-05 09:00:00"):
            self._deliver(order)
            self.env.flush_all()
        self.assertEqual(backorder.state, "done")
        self.assertTrue(order.sales_admin_delivered)
        self.assertEqual(str(order.sales_admin_date_delivered), "2026-03-05 09:00:00")
        self.assertEqual(order.sales_admin_days_to_deliver, 3.0)
        self.assertEqual(order.sales_admin_state, "ready", "delivered, not invoiced yet")
        self.assertNotIn(order, self._desk_filter("sales_admin_waiting_delivery"))
        invoice = self._invoice(order)
        self.assertIn(order, self._desk_filter("sales_admin_waiting_payment"))
        self._take_payment(invoice_id=invoice.id)
        self.assertEqual(order.sales_admin_state, "fulfilled")

    def _register_payment(self, invoice, amount, method_line=None):
        """Pay the invoice as an accountant does, with Odoo's payment registration."""
        method_line = method_line or self.bank_journal.inbound_payment_method_line_ids[:1]
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "journal_id": self.bank_journal.id,
                    "payment_method_line_id": method_line.id,
                    "amount": amount,
                }
            )
            ._create_payments()
        )

    def test_payments_registered_and_unreconciled_by_accounting_update_the_checklist(self):
        order = self._confirmed_order([(self.manual_service, 2)])
        order.order_line.qty_delivered = 2
        invoice = self._invoice(order)
        total = invoice.amount_total
        self._register_payment(invoice, 30.0)
        self.assertEqual(order.sales_admin_amount_received, 30.0)
        self.assertFalse(order.sales_admin_paid)
        second = self._register_payment(invoice, 20.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(order.sales_admin_amount_received, 50.0, "partial to partial")
        self._register_payment(invoice, total - 50.0)
        self.assertTrue(order.sales_admin_paid)
        self.assertEqual(order.sales_admin_state, "fulfilled")
        self.assertTrue(order.sales_admin_date_paid)

        # the accountant takes the second payment off the invoice
        second.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(order.sales_admin_amount_received, total - 20.0)
        self.assertFalse(order.sales_admin_paid)
        self.assertFalse(order.sales_admin_date_paid)
        self.assertEqual(order.sales_admin_state, "ready")
        # and cancels the first one (reset to draft first, as the user interface does)
        first = self.env["account.payment"].search(
            [("partner_id", "=", order.partner_id.id), ("amount", "=", 30.0)]
        )
        first.action_draft()
        first.action_cancel()
        self.assertEqual(order.sales_admin_amount_received, total - 50.0)

    def test_payment_without_journal_entry_pays_the_order(self):
        """With Odoo's full accounting (Enterprise), a payment method without outstanding
        account gives payments without journal entry: the invoice is in payment with its
        residual unchanged, and the payment's amount counts as received. Community always
        books an entry; the switch accounting turns is _get_invoice_in_payment_state."""
        method_line = self.bank_journal.inbound_payment_method_line_ids[:1]
        method_line.payment_account_id = False
        order = self._confirmed_order([(self.manual_service, 2)])
        order.order_line.qty_delivered = 2
        invoice = self._invoice(order)
        Move = type(self.env["account.move"])
        with patch.object(Move, "_get_invoice_in_payment_state", lambda self: "in_payment"):
            payment = self._register_payment(invoice, invoice.amount_total, method_line)
            self.assertFalse(payment.move_id)
            self.assertEqual(invoice.payment_state, "in_payment")
            self.assertTrue(order.sales_admin_paid)
            self.assertEqual(order.sales_admin_amount_received, invoice.amount_total)
            self.assertEqual(order.sales_admin_state, "fulfilled")
            payment.action_cancel()
            self.assertEqual(order.sales_admin_amount_received, 0.0)

    def test_order_is_fulfilled_once_delivered_invoiced_and_paid_with_timestamps(self):
        with freeze_time("2026-03-02 09:00:00"):
            order = self._create_order([(self.manual_service, 2)])
            order.action_quotation_sent()
            self.env.flush_all()
        with freeze_time("2026-03-04 09:00:00"):
            order.action_confirm()
            self.env.flush_all()
        with freeze_time("2026-03-05 09:00:00"):
            order.order_line.qty_delivered = 2
            self.env.flush_all()
        with freeze_time("2026-03-06 09:00:00"):
            invoice = self._invoice(order)
            self.env.flush_all()
            self.assertEqual(order.sales_admin_state, "ready")
        with freeze_time("2026-03-10 09:00:00"):
            self._take_payment(invoice_id=invoice.id)
            self.env.flush_all()
        self.assertTrue(order.sales_admin_paid)
        self.assertEqual(order.sales_admin_state, "fulfilled")
        self.assertEqual(str(order.sales_admin_date_sent), "2026-03-02 09:00:00")
        self.assertEqual(str(order.sales_admin_date_delivered), "2026-03-05 09:00:00")
        self.assertEqual(str(order.sales_admin_date_paid), "2026-03-10 09:00:00")
        self.assertEqual(order.sales_admin_days_to_confirm, 2.0)
        self.assertEqual(order.sales_admin_days_to_deliver, 1.0)
        self.assertEqual(order.sales_admin_days_to_invoice, 2.0)
        self.assertEqual(order.sales_admin_days_to_pay, 4.0)
        self.assertEqual(order.sales_admin_days_to_fulfil, 6.0)

    def test_overdue_filter_finds_orders_with_a_late_invoice(self):
        with freeze_time("2026-01-05"):
            late = self._confirmed_order()
            self._invoice(late)
        on_time = self._confirmed_order()
        self._invoice(on_time)
        with freeze_time("2026-06-01"):
            found = self.env["sale.order"].search(
                [("sales_admin_overdue", "=", True), ("id", "in", (late | on_time).ids)]
            )
        self.assertEqual(found, late)

    def test_overdue_filter_finds_orders_past_their_promised_delivery(self):
        late = self._confirmed_order(
            [(self.manual_service, 1)], commitment_date="2026-01-05 12:00:00"
        )
        with freeze_time("2026-01-04"):
            self.assertNotIn(late, self._desk_filter("sales_admin_overdue"))
        with freeze_time("2026-02-01"):
            self.assertIn(late, self._desk_filter("sales_admin_overdue"))
            late.order_line.qty_delivered = 1
            self.assertNotIn(late, self._desk_filter("sales_admin_overdue"))

    def test_bulk_assign_and_reminder_reach_the_responsible_admin(self):
        orders = self._confirmed_order() | self._create_order(require_signature=True)
        other = self.admin_user.copy({"login": "desk_admin_2"})
        action = orders.with_user(self.admin_user).action_sales_admin_assign()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"sales_admin_id": other.id})
        )
        wizard.with_user(self.admin_user).action_confirm()
        self.assertEqual(orders.sales_admin_id, other)
        orders.with_user(self.admin_user).action_sales_admin_send_reminder()
        for order in orders:
            self.assertEqual(order.activity_ids.user_id, other)
        self.assertIn("signature", orders[1].activity_ids.note)

    def test_sales_rep_cannot_put_an_order_on_hold_through_the_wizard(self):
        order = self._confirmed_order()
        with self.assertRaises(AccessError):
            self.env["sale.admin.order.hold"].with_user(self.rep).create(
                {"order_ids": order.ids, "reason": "no"}
            )

    def test_order_desk_list_query_count_does_not_grow_with_the_number_of_orders(self):
        orders = self._confirmed_order()
        for _i in range(5):
            orders |= self._create_order()
        spec = {
            "name": {},
            "partner_id": {"fields": {"display_name": {}}},
            "sales_admin_id": {"fields": {"display_name": {}}},
            "sales_admin_state": {},
            "sales_admin_delivered": {},
            "sales_admin_invoiced": {},
            "sales_admin_paid": {},
            "sales_admin_block_reasons": {},
            "amount_total": {},
            "currency_id": {"fields": {}},
        }
        Order = self.env["sale.order"].with_user(self.admin_user)
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            Order.web_search_read([("id", "in", orders[:1].ids)], spec)
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            Order.web_search_read([("id", "in", orders.ids)], spec)

    def _desk_filter(self, name):
        """Evaluate a filter of the order desk search view as the web client would."""
        view = self.env["sale.order"].get_view(
            self.env.ref("sale.view_sales_order_filter").id, "search"
        )
        node = etree.fromstring(view["arch"]).xpath(f"//filter[@name='{name}']")[0]
        domain = safe_eval(node.get("domain"), {"uid": self.admin_user.id})
        return self.env["sale.order"].search(domain)

    def test_desk_filters_find_blocked_waiting_and_own_orders(self):
        waiting_delivery = self._confirmed_order([(self.delivered_product, 1)])
        waiting_payment = self._confirmed_order()
        self._deliver(waiting_payment)
        self._invoice(waiting_payment)
        blocked = self._confirmed_order(sales_admin_hold=True, sales_admin_hold_reason="Check")
        others_order = self._confirmed_order(sales_admin_id=self.env.ref("base.user_admin").id)
        mine = self._desk_filter("sales_admin_mine")
        self.assertIn(waiting_payment, mine)
        self.assertNotIn(others_order, mine)
        self.assertIn(blocked, self._desk_filter("sales_admin_blocked"))
        self.assertNotIn(waiting_payment, self._desk_filter("sales_admin_blocked"))
        delivery = self._desk_filter("sales_admin_waiting_delivery")
        self.assertIn(waiting_delivery, delivery)
        self.assertNotIn(waiting_payment, delivery)
        payment = self._desk_filter("sales_admin_waiting_payment")
        self.assertIn(waiting_payment, payment)
        self.assertNotIn(waiting_delivery, payment)

    def test_checklist_reads_what_lies_outside_the_orders_in_one_query(self):
        """Invoices, advances, online payments (and contracts, with proposals) of any number of
        orders: one query."""
        orders = self._confirmed_order([(self.product, 1)]) | self._confirmed_order(
            [(self.product, 2)]
        )
        invoice = self._invoice(orders[0])
        self._take_payment(invoice_id=invoice.id, amount=5.0)
        self._take_payment(order_id=orders[1].id, amount=7.0)
        self.env.flush_all()
        with self.assertQueryCount(1):
            facts = orders._sales_admin_checklist_facts()
        self.assertEqual(facts[orders[0].id]["invoices"]["count"], 1)
        self.assertEqual(facts[orders[0].id]["invoices"]["received"], 5.0)
        self.assertFalse(facts[orders[0].id]["invoices"]["paid"])
        self.assertEqual(facts[orders[1].id]["advances"], 7.0)
        self.assertEqual(facts[orders[1].id]["invoices"]["count"], 0)

    def test_checklist_recompute_costs_the_same_queries_for_1_and_20_orders(self):
        """Invoices, payments, credit and contracts are read once for all the orders."""
        self.company.account_use_credit_limit = True
        self.customer.credit_limit = 1000000.0
        other_customer = self.customer.copy({"name": "Second Desk Customer"})
        orders = self.env["sale.order"]
        for index in range(20):
            customer = other_customer if index % 2 else self.customer
            orders |= self._confirmed_order(
                [(self.product, 1), (self.manual_service, 1)], partner_id=customer.id
            )
        # every kind of data on the first order: an invoice paid in part, an advance
        invoice = self._invoice(orders[0])
        self._take_payment(invoice_id=invoice.id, amount=50.0)
        self._take_payment(order_id=orders[0].id, amount=30.0)
        for order in orders[1:10]:
            self._invoice(order)
        self._take_payment(order_id=orders[5].id, amount=20.0)
        self.env.flush_all()
        self.assertEqual(orders[0].sales_admin_amount_received, 80.0)

        for some_orders in (orders[:1], orders):
            self.env.invalidate_all()
            with self.assertQueryCount(25):
                some_orders._sales_admin_recheck()
                self.env.flush_all()
        self.assertEqual(orders[0].sales_admin_amount_received, 80.0)
        self.assertEqual(orders[5].sales_admin_amount_received, 20.0)
