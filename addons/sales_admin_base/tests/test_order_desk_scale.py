import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import SQL

from .common import SalesAdminDeskCommon


@tagged("post_install", "-at_install")
class TestOrderDeskScale(SalesAdminDeskCommon):
    """Saving and confirming an order costs the same whatever the customer's or the company's
    history: the checklist reads only what belongs to the order, through indexes."""

    @classmethod
    def _customer_with_history(cls, name, orders):
        """A complete customer with `orders` confirmed orders, each invoiced (one invoice per
        order), half of the invoices paid, and one more order with a phone payment."""
        customer = cls.customer.copy({"name": name})
        history = cls.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "require_signature": False,
                    "require_payment": False,
                    "order_line": [Command.create({"product_id": cls.product.id})],
                }
                for _index in range(orders + 1)
            ]
        )
        history.action_confirm()
        invoices = history[:-1]._create_invoices(grouped=True)
        invoices.action_post()
        paid = invoices[: max(len(invoices) // 2, 1)]
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({"journal_id": cls.bank_journal.id, "group_payment": False})._create_payments()
        cls.env["sale.admin.phone.payment"].with_user(cls.admin_user).create(
            {"journal_id": cls.bank_journal.id, "order_id": history[-1].id, "amount": 1.0}
        ).action_take_payment()
        return customer

    def _queries_to_create_and_confirm(self, customer):
        """Queries of a sales rep saving an order for `customer` and confirming it (after a
        first one that fills the caches)."""
        counts = []
        for _attempt in range(2):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            order = (
                self.env["sale.order"]
                .with_user(self.rep)
                .create(
                    {
                        "partner_id": customer.id,
                        "require_signature": False,
                        "require_payment": False,
                        "order_line": [
                            Command.create({"product_id": self.product.id, "product_uom_qty": 2})
                        ],
                    }
                )
            )
            order.action_confirm()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - start)
            self.assertEqual(order.state, "sale")
            self.assertEqual(order.sales_admin_state, "ready")
        return counts[-1]

    def test_confirming_an_order_costs_the_same_queries_whatever_the_customers_history(self):
        new_customer = self._customer_with_history("Scale Customer New", 1)
        regular_customer = self._customer_with_history("Scale Customer Regular", 30)
        self.assertEqual(
            self._queries_to_create_and_confirm(regular_customer),
            self._queries_to_create_and_confirm(new_customer),
            "30 invoiced and paid orders of the customer cost no query more than one",
        )

    def test_checklist_reads_payments_and_invoices_through_indexes_only(self):
        """With sequential scans disabled, the plan of the checklist's facts query has none:
        each table is reached from the order through an index, never scanned whole (which
        also made PostgreSQL estimate such a cost that it JIT-compiled it, a second a query)."""
        order = self._confirmed_order()
        self._invoice(order)
        self._take_payment(order_id=order.id, amount=5.0)
        self.env.flush_all()
        columns = order._sales_admin_checklist_facts_sql()
        query = SQL(
            "SELECT so.id, %s FROM sale_order so WHERE so.id IN %s",
            SQL(", ").join(columns.values()),
            tuple(order.ids),
        )
        plan = self._plan_without_seq_scans(query)

        def scans(node):
            if node.get("Node Type") == "Seq Scan":
                yield node["Relation Name"]
            for child in node.get("Plans", ()):
                yield from scans(child)

        self.assertEqual(list(scans(plan[0]["Plan"])), [], json.dumps(plan, indent=1)[:3000])

    def test_a_customers_receivables_and_days_to_pay_read_only_the_customers_invoices(self):
        """The customer overview's accounting figures read the customer's own invoices through
        an index: with sequential scans disabled, no invoice of another customer is read (it
        was every receivable item of the company, through the accounts' index)."""
        customer = self._customer_with_history("Scale Customer Overview", 2)
        self._customer_with_history("Scale Customer Busy", 8)
        self.env.flush_all()
        Kpi = self.env["sale.admin.kpi"]
        today = fields.Date.context_today(Kpi)
        receivables = Kpi._receivables(self.env.company, partners=customer)
        self.assertEqual(receivables[customer.id]["open_count"], 1, "one of two invoices paid")
        own = self.env["account.move"].search_count([("commercial_partner_id", "=", customer.id)])
        queries = {
            "receivables": Kpi._receivable_lines_at_query(self.env.company, [today], customer),
            "days to pay": Kpi._days_to_pay_windows_sql(
                self.env.company, [(today - timedelta(days=365), today)], customer
            ),
        }
        for name, query in queries.items():
            read = self._moves_read(query)
            self.assertTrue(read, name)
            self.assertLessEqual(max(read), own, f"{name}: invoices of other customers read")

    def _moves_read(self, query):
        """Rows each scan of account_move in the plan of `query` reads (returned and filtered
        out), run with sequential scans disabled and the statistics autovacuum would keep."""
        self.env.cr.execute("ANALYZE account_move, account_move_line, account_partial_reconcile")
        plan = self._plan_without_seq_scans(query, analyze=True)

        def reads(node):
            if node.get("Relation Name") == "account_move":
                yield node["Actual Rows"] * node["Actual Loops"] + node.get(
                    "Rows Removed by Filter", 0
                )
            for child in node.get("Plans", ()):
                yield from reads(child)

        return list(reads(plan[0]["Plan"]))

    def _plan_without_seq_scans(self, query, analyze=False):
        """The plan of `query` (EXPLAIN in JSON, run too when `analyze`) with sequential scans
        disabled: what PostgreSQL does when an index can serve."""
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        try:
            self.env.cr.execute(
                SQL("EXPLAIN (ANALYZE, FORMAT JSON) %s", query)
                if analyze
                else SQL("EXPLAIN (FORMAT JSON) %s", query)
            )
            return self.env.cr.fetchone()[0]
        finally:
            self.env.cr.execute("SET LOCAL enable_seqscan = on")

    def test_payment_of_an_online_transaction_counts_once_as_received(self):
        """An online payment is counted when its transaction is done, then through the payment
        made from it; a payment both taken for the order and made from its transaction, once."""
        order = self._create_order(require_payment=True, prepayment_percent=0.5)
        provider = self.env["payment.provider"].create({"name": "Scale Test", "code": "none"})
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": 40.0,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "SCALE-PREPAY-1",
                "state": "done",
                "sale_order_ids": order.ids,
            }
        )
        self.assertEqual(order._sales_admin_checklist_facts()[order.id]["advances"], 40.0)
        payment = self.env["account.payment"].create(
            {
                "amount": 40.0,
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "journal_id": self.bank_journal.id,
                "payment_transaction_id": transaction.id,
            }
        )
        payment.action_post()
        transaction.payment_id = payment
        self.env.flush_all()
        self.assertEqual(order._sales_admin_checklist_facts()[order.id]["advances"], 40.0)
        payment.sales_admin_order_id = order
        self.env.flush_all()
        self.assertEqual(order._sales_admin_checklist_facts()[order.id]["advances"], 40.0)
