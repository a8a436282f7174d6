"""The report's figures equal those of its floor (tests/benchmarks/report_floor.py, hand-written
SQL with sale.report's rules) on a small dataset with two companies and two currencies: orders in
the company currency and in another one, a customer ordering through a contact, a line section,
a cancelled order, a blocked order, invoices, a credit note and a payment, archived complaints
about two products, requests and proposals, in the period, the previous one and last year.

The floor is the reference: a figure that disagrees is a bug of the report; those it had (amounts
not converted into the company currency, averages of nothing written as 0) have a test each.
"""

import re
from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from .benchmarks.bench_report import generate_dataset
from .benchmarks.report_floor import (
    REPORT_BUGS,
    ReportFloor,
    compare_report_data,
    floor_report_data,
    receivable_shortcut_problems,
    unexplained,
)

PERIOD = (date(2025, 10, 1), date(2025, 12, 31))
# two sizes of the benchmark's generated dataset (orders, invoices, complaints and proposals over
# the 8 quarters up to the end of PERIOD) for the query count; products stay under a ranking's
# 200 rows so that both sizes read their names in one batch
SMALLER = {
    "orders": 60,
    "lines": 3,
    "customers": 20,
    "products": 10,
    "invoices": 40,
    "complaints": 30,
    "proposals": 20,
}
BIGGER = {
    "orders": 4_000,
    "lines": 4,
    "customers": 400,
    "products": 150,
    "invoices": 800,
    "complaints": 600,
    "proposals": 300,
}
# queries of the KPIs of the three periods and every table: one per family of figures, not one per
# period (the names of the ranked records and of the blocked orders' customers included)
REPORT_QUERIES = 21


@tagged("post_install", "-at_install")
class TestReportFloor(TransactionCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        usd, eur = env.ref("base.USD"), env.ref("base.EUR")
        eur.active = usd.active = True
        cls.company = env["res.company"].create({"name": "Floor US", "currency_id": usd.id})
        cls.company2 = env["res.company"].create({"name": "Floor EU", "currency_id": eur.id})
        for company, currency in ((cls.company, usd), (cls.company2, eur)):
            env["account.chart.template"].try_loading(
                "generic_coa", company=company, install_demo=False
            )
            company.currency_id = currency  # the chart sets its own
        # 1 USD = 0.8 EUR, then 0.9 EUR from November 2025 (and the reverse for the EU company)
        for day, rate in ((date(2024, 1, 1), 0.8), (date(2025, 11, 1), 0.9)):
            env["res.currency.rate"].create(
                {"name": day, "rate": rate, "currency_id": eur.id, "company_id": cls.company.id}
            )
            env["res.currency.rate"].create(
                {
                    "name": day,
                    "rate": 1 / rate,
                    "currency_id": usd.id,
                    "company_id": cls.company2.id,
                }
            )
        cls.env = env = env(
            context=dict(env.context, allowed_company_ids=[cls.company.id, cls.company2.id])
        )
        cls.eur_pricelist = env["product.pricelist"].create(
            {"name": "Floor EUR", "currency_id": eur.id, "company_id": cls.company.id}
        )
        cls.usd_pricelist2 = env["product.pricelist"].create(
            {"name": "Floor USD", "currency_id": usd.id, "company_id": cls.company2.id}
        )
        cls.user1, cls.user2 = (
            new_test_user(
                env,
                login,
                groups="sales_team.group_sale_salesman_all_leads",
                company_id=cls.company.id,
                company_ids=[Command.set((cls.company | cls.company2).ids)],
            )
            for login in ("floor_rep1", "floor_rep2")
        )
        cls.team1, cls.team2 = (
            env["crm.team"].create({"name": name, "company_id": cls.company.id})
            for name in ("Floor North", "Floor South")
        )
        categ_a, categ_b = (
            env["product.category"].create({"name": name}) for name in ("Floor A", "Floor B")
        )
        cls.p1, cls.p2, cls.p3 = (
            env["product.product"].create(
                {
                    "name": name,
                    "default_code": code,
                    "categ_id": categ.id,
                    "list_price": price,
                    "invoice_policy": "order",
                    "taxes_id": False,
                }
            )
            for name, code, categ, price in (
                ("Floor widget", "FW", categ_a, 100.0),
                ("Floor gadget", False, categ_a, 50.0),
                ("Floor service", "FS", categ_b, 30.0),
            )
        )
        Partner = env["res.partner"]
        cls.acme = Partner.create({"name": "Floor Acme", "is_company": True})
        cls.jane = Partner.create({"name": "Jane", "parent_id": cls.acme.id})
        cls.beta = Partner.create({"name": "Floor Beta", "is_company": True})
        cls.gamma = Partner.create({"name": "Floor Gamma", "is_company": True})

        order = cls._order
        cls.o1 = order(
            cls.acme, [(cls.p1, 2), (cls.p2, 1)], "2025-10-10 09:00", cls.team1, cls.user1
        )
        cls.o2 = order(
            cls.jane, [(cls.p1, 1)], "2025-10-15 10:00", cls.team2, cls.user2, cls.eur_pricelist
        )
        cls.o3 = order(cls.beta, [(cls.p3, 4)], "2025-12-31 22:30", None, cls.user1, section=True)
        cls.o4 = order(
            cls.gamma, [(cls.p3, 1)], "2025-12-01 08:00", cls.team1, cls.user2, cls.eur_pricelist
        )
        order(cls.gamma, [(cls.p2, 3)], "2025-08-01 12:00", cls.team1, cls.user2)  # previous period
        # the previous period in UTC, this one in Brussels
        order(cls.gamma, [(cls.p2, 1)], "2025-09-30 22:30", cls.team2, cls.user2)
        order(cls.beta, [(cls.p1, 1), (cls.p3, 2)], "2024-11-11 12:00", cls.team2, cls.user1)
        order(cls.beta, [(cls.p2, 2)], "2025-10-20 12:00", cls.team1, cls.user1).action_cancel()
        quotation = order(
            cls.acme, [(cls.p2, 1)], "2025-11-03 12:00", cls.team1, cls.user1, confirm=False
        )
        held = order(cls.beta, [(cls.p1, 1)], "2025-10-25 12:00", cls.team2, cls.user2)
        held.write({"sales_admin_hold": True, "sales_admin_hold_reason": "Floor check"})
        cls.o9 = order(
            cls.acme,
            [(cls.p1, 3)],
            "2025-11-20 12:00",
            None,
            cls.user1,
            cls.usd_pricelist2,
            company=cls.company2,
        )
        env.flush_all()
        env.cr.execute(
            SQL(
                "UPDATE sale_order SET create_date = date_order WHERE id IN %s",
                tuple((quotation | cls.o1 | cls.o4).ids),
            )
        )
        env.invalidate_all()
        cls._invoices()
        cls._complaints()
        cls._requests()
        if "sale.proposal" in env:
            cls._proposals()
        env.flush_all()

    @classmethod
    def _order(
        cls,
        partner,
        lines,
        when,
        team,
        user,
        pricelist=None,
        company=None,
        section=False,
        confirm=True,
    ):
        company = company or cls.company
        values = {
            "partner_id": partner.id,
            "company_id": company.id,
            "user_id": user.id,
            "team_id": team.id if team else False,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
                for product, qty in lines
            ],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        if section:
            values["order_line"].append(
                Command.create({"display_type": "line_section", "name": "Floor section"})
            )
        order = cls.env["sale.order"].with_company(company).create(values)
        if confirm:
            order.action_confirm()
        order.write(
            {"date_order": datetime.fromisoformat(when), "team_id": team.id if team else False}
        )
        return order

    @classmethod
    def _invoice(cls, order, invoice_date, due):
        invoice = order._create_invoices()
        invoice.write({"invoice_date": invoice_date, "invoice_payment_term_id": False})
        invoice.invoice_date_due = due
        invoice.action_post()
        return invoice

    @classmethod
    def _invoices(cls):
        inv1 = cls._invoice(cls.o1, date(2025, 10, 12), date(2025, 10, 12))
        cls._invoice(cls.o2, date(2025, 11, 20), date(2025, 12, 20))
        cls._invoice(cls.o4, date(2025, 12, 2), date(2026, 1, 15))
        previous = cls.env["sale.order"].search(
            [("partner_id", "=", cls.gamma.id), ("date_order", "<", "2025-09-01")]
        )
        cls._invoice(previous, date(2025, 8, 5), date(2025, 8, 5))
        refund = (
            cls.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=inv1.ids)
            .create(
                {"journal_id": inv1.journal_id.id, "date": date(2025, 11, 2), "reason": "Floor"}
            )
        )
        credit_note = cls.env["account.move"].browse(refund.reverse_moves()["res_id"])
        credit_note.invoice_line_ids[:1].quantity = 1
        credit_note.invoice_line_ids[1:].unlink()
        credit_note.invoice_date = date(2025, 11, 2)
        credit_note.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=inv1.ids
        ).create({"amount": 40.0, "payment_date": date(2025, 12, 5)}).action_create_payments()

    @classmethod
    def _complaints(cls):
        Complaint = cls.env["sale.complaint"]
        category = cls.env["sale.complaint.category"].create({"name": "Floor damage"})
        cause = cls.env["sale.complaint.root.cause"].create({"name": "Floor packing"})
        rows = [
            (
                cls.company,
                cls.acme,
                cls.p1,
                "2025-10-20 10:00",
                "2025-11-01 10:00",
                True,
                30.0,
                True,
            ),
            (cls.company, cls.beta, cls.p1 | cls.p2, "2025-12-01 10:00", None, False, 0.0, False),
            (
                cls.company,
                cls.gamma,
                cls.p3,
                "2025-08-10 10:00",
                "2025-10-02 10:00",
                False,
                12.5,
                True,
            ),
            (cls.company, cls.gamma, cls.p3, "2024-10-10 10:00", None, False, 0.0, True),
            (cls.company2, cls.acme, cls.p1, "2025-11-10 10:00", None, False, 0.0, True),
        ]
        for company, partner, products, opened, closed, breached, cost, active in rows:
            complaint = Complaint.create(
                {
                    "subject": "Floor complaint",
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "product_ids": [Command.set(products.ids)],
                    "category_id": category.id if breached else False,
                    "root_cause_id": cause.id if cost else False,
                }
            )
            cls.env.flush_all()
            cls.env.cr.execute(
                SQL(
                    "UPDATE sale_complaint SET date_open = %s, date_closed = %s, sla_breached = %s,"
                    " remedy_cost = %s, active = %s WHERE id = %s",
                    opened,
                    closed,
                    breached,
                    cost,
                    active,
                    complaint.id,
                )
            )
        cls.env.invalidate_all()

    @classmethod
    def _requests(cls):
        Request = cls.env["sale.admin.request"]
        Type = cls.env["sale.admin.request.type"]
        types = Type.create([{"name": "Floor credit"}, {"name": "Floor delivery"}])
        rows = [
            (types[0], cls.user1, cls.user2, "2025-10-05 10:00", True, 2.0, 10.0),
            (types[0], cls.user2, cls.user2, "2025-11-11 10:00", False, 4.0, None),
            (types[1], cls.user1, False, "2025-12-11 10:00", False, None, None),
            (types[1], cls.user1, cls.user2, "2025-08-11 10:00", True, 1.0, 3.0),
        ]
        for request_type, requester, admin, raised, escalated, response, resolution in rows:
            request = Request.create(
                {
                    "subject": "Floor request",
                    "company_id": cls.company.id,
                    "type_id": request_type.id,
                    "requester_id": requester.id,
                    "res_model": "res.partner",
                    "res_id": cls.acme.id,
                }
            )
            cls.env.flush_all()
            cls.env.cr.execute(
                SQL(
                    "UPDATE sale_admin_request SET date_raised = %s, is_escalated = %s,"
                    " first_response_hours = %s, resolution_hours = %s, sales_admin_id = %s WHERE id = %s",
                    raised,
                    escalated,
                    response,
                    resolution,
                    admin.id if admin else None,
                    request.id,
                )
            )
        cls.env.invalidate_all()

    @classmethod
    def _proposals(cls):
        Proposal = cls.env["sale.proposal"]
        eur_quotation = cls._order(
            cls.beta,
            [(cls.p1, 5)],
            "2025-11-01 10:00",
            cls.team1,
            cls.user2,
            cls.eur_pricelist,
            confirm=False,
        )
        usd_quotation = cls._order(
            cls.gamma, [(cls.p2, 2)], "2025-10-01 10:00", cls.team1, cls.user1, confirm=False
        )
        rows = [
            (eur_quotation, cls.user2, "accepted", "2025-10-20", "2025-10-25", "2025-11-20"),
            (usd_quotation, cls.user1, "declined", "2025-09-20", "2025-09-28", "2025-10-30"),
            (False, cls.user1, "sent", "2025-12-01", "2025-12-03", None),
            (False, cls.user2, "expired", "2025-10-02", "2025-10-05", "2025-11-05"),
            (False, cls.user1, "accepted", "2024-10-01", "2024-10-03", "2024-12-01"),
        ]
        for quotation, user, state, created, sent, closed in rows:
            proposal = Proposal.create(
                {
                    "title": "Floor proposal",
                    "company_id": cls.company.id,
                    "partner_id": (quotation.partner_id if quotation else cls.acme).id,
                    "order_id": quotation.id if quotation else False,
                    "user_id": user.id,
                }
            )
            cls.env.flush_all()
            cls.env.cr.execute(
                SQL(
                    "UPDATE sale_proposal SET state = %s, create_date = %s, date_sent = %s,"
                    " date_closed = %s WHERE id = %s",
                    state,
                    created,
                    sent,
                    closed,
                    proposal.id,
                )
            )
        cls.env.invalidate_all()

    # ------------------------------------------------------------------ helpers
    def _both(self, company, tz_name="UTC"):
        env = self.env(context=dict(self.env.context, lang="en_US"))
        report = (
            env["sale.admin.report.kpi"]
            .with_company(company)
            ._report_data(company, *PERIOD, tz_name)
        )
        return report, floor_report_data(env, company, *PERIOD, tz_name)

    def _problems(self, company, tz_name="UTC"):
        """Differences between the report and the floor that no known bug of the report explains."""
        return unexplained(compare_report_data(*self._both(company, tz_name)))

    def _bug(self, name):
        """Differences of the known bug `name`, in both companies."""
        return [
            problem
            for company in (self.company, self.company2)
            for problem in compare_report_data(*self._both(company))
            if re.search(REPORT_BUGS[name], problem)
        ]

    # ------------------------------------------------------------------ tests
    def test_the_floor_converts_and_filters_as_sale_report_does(self):
        _report, floor = self._both(self.company)
        kpis = floor["kpis"]
        # priced in EUR at today's rate (0.9), converted at the rate of the order's date: the
        # October order at 0.8, the December one at 0.9; the section line and the cancelled,
        # draft and other company's orders count for nothing
        usd_orders = 2 * 100 + 50 + 4 * 30 + 100
        self.assertAlmostEqual(kpis["revenue"], usd_orders + 90 / 0.8 + 27 / 0.9, places=2)
        self.assertEqual(kpis["orders"], 5)
        self.assertEqual((kpis["customers"], kpis["new_customers"]), (3, 1))
        self.assertEqual(floor["previous"]["orders"], 2)
        self.assertEqual(floor["last_year"]["orders"], 1)
        self.assertEqual(
            {key: lines for key, _amount, lines in floor["tables"]["sales"]["customer"]},
            {
                f"res.partner,{p.id}": n
                for p, n in ((self.acme, 3), (self.beta, 2), (self.gamma, 1))
            },
        )
        in_brussels = floor_report_data(self.env, self.company, *PERIOD, "Europe/Brussels")
        self.assertEqual(in_brussels["kpis"]["orders"], 6)
        # the other company's order, in USD, converted into its EUR
        self.assertNotEqual(self.o9.currency_rate, 1.0)
        _report, floor = self._both(self.company2)
        self.assertAlmostEqual(
            floor["kpis"]["revenue"], self.o9.amount_untaxed / self.o9.currency_rate, places=2
        )

    def test_every_figure_of_the_report_equals_the_floor(self):
        self.assertEqual(self._problems(self.company), [])

    def test_every_figure_of_another_company_in_another_currency_equals_the_floor(self):
        self.assertEqual(self._problems(self.company2), [])

    def test_periods_in_a_time_zone_of_their_own_equal_the_floor(self):
        self.assertEqual(self._problems(self.company, "Europe/Brussels"), [])

    def test_an_expired_proposal_counts_as_lost(self):
        report, floor = self._both(self.company)
        # declined on 30 October, expired on 5 November; won on 20 November
        self.assertEqual(
            (report["kpis"]["proposals_won"], report["kpis"]["proposals_lost"]), (1, 2)
        )
        self.assertEqual(report["kpis"]["win_rate"], floor["kpis"]["win_rate"])
        self.assertEqual(report["kpis"]["win_rate"], 33.3)

    def test_the_query_count_does_not_grow_with_the_data(self):
        Kpi = self.env["sale.admin.report.kpi"].with_company(self.company)

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            data = Kpi._report_data(self.company, *PERIOD)
            return self.env.cr.sql_log_count - before, data

        Kpi._report_data(self.company, *PERIOD)  # warm the caches
        generate_dataset(self.env, SMALLER, self.company, tag="S")
        smaller, data = queries()
        self.assertGreater(data["kpis"]["orders"], 10)
        self.assertGreater(data["last_year"]["complaints_opened"], 0)
        self.assertGreater(data["kpis"]["receivable_open"], 0)
        generate_dataset(self.env, BIGGER, self.company, tag="L")
        bigger, data = queries()
        self.assertGreater(data["kpis"]["orders"], 300)
        self.assertGreater(data["kpis"]["receivable_overdue"], 0)
        self.assertGreater(len(data["tables"]["sales"]["customer"]), 200, "a ranking with Others")
        self.assertEqual(bigger, smaller)
        self.assertLessEqual(smaller, REPORT_QUERIES)

    def test_the_generated_accounting_is_what_odoo_computes_from_it(self):
        generate_dataset(self.env, SMALLER, self.company, tag="S")
        moves = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("name", "=like", "S%")]
        )
        payments = moves.origin_payment_id
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice", "out_refund", "entry"})
        self.assertEqual(set(moves.mapped("payment_state")), {"not_paid", "partial", "paid"})
        stored = {
            "account.move.line": (
                moves.line_ids,
                ["amount_residual", "amount_residual_currency", "reconciled"],
            ),
            "account.move": (
                moves,
                [
                    "amount_untaxed_signed",
                    "amount_tax_signed",
                    "amount_total_signed",
                    "amount_residual",
                    "amount_residual_signed",
                    "payment_state",
                ],
            ),
            "account.payment": (payments, ["state", "is_reconciled", "is_matched"]),
        }

        def values():
            return {
                (model, record.id, name): round(value, 2) if isinstance(value, float) else value
                for model, (records, names) in stored.items()
                for record in records
                for name in names
                for value in [record[name]]
            }

        def recompute(records, method):
            """Odoo's compute `method` of `records` (to the cache only, as the ORM runs it)."""
            fields = [field for field in records._fields.values() if field.compute == method]
            with self.env.protecting(fields, records):
                getattr(records, method)()

        written = values()
        recompute(moves.line_ids, "_compute_amount_residual")
        recompute(moves, "_compute_amount")
        recompute(moves, "_compute_payment_state")
        recompute(payments, "_compute_state")
        recompute(payments, "_compute_reconciliation_status")
        computed = values()
        self.assertEqual(
            {
                key: (value, computed[key])
                for key, value in written.items()
                if computed[key] != value
            },
            {},
            "written by the generator, computed by Odoo",
        )
        moves.line_ids._constrains_matching_number()
        unbalanced = self.env["account.move.line"]._read_group(
            [("move_id", "in", moves.ids)], ["move_id"], ["balance:sum"]
        )
        self.assertFalse([move for move, balance in unbalanced if round(balance, 2)])

    def test_the_floors_receivables_equal_those_from_every_reconciliation(self):
        """The floor takes the stored residuals plus what was reconciled later; computed from every
        reconciliation up to each period's end instead, each figure is the same, on the fixture of
        both companies and on a generated dataset (payments before and after each period's end,
        credit notes, partly paid invoices)."""
        for company in (self.company, self.company2):
            self.assertEqual(receivable_shortcut_problems(self.env, company, *PERIOD), [])
        generate_dataset(self.env, SMALLER, self.company, tag="S")
        floor = ReportFloor(self.env, self.company, *PERIOD)
        receivables, days_to_pay = floor._receivables_and_days_to_pay()
        for end in range(3):
            self.assertGreater(sum(receivables[5 * end + 1 : 5 * end + 5]), 0, "overdue")
        self.assertTrue(all(days_to_pay), "invoices settled in every period")
        # reconciliations after the earlier periods' ends, which the shortest way adds back
        [(later,)] = self.env.execute_query(
            SQL(
                "SELECT COUNT(*) FROM account_partial_reconcile WHERE max_date > %s",
                floor.periods[1].last,
            )
        )
        self.assertGreater(later, 0)
        self.assertEqual(receivable_shortcut_problems(self.env, self.company, *PERIOD), [])

    def test_the_figures_of_each_period_are_computed_once_for_all_three(self):
        Kpi = self.env["sale.admin.report.kpi"].with_company(self.company)
        periods = [
            PERIOD,
            (date(2025, 7, 1), date(2025, 9, 30)),
            (date(2024, 10, 1), date(2024, 12, 31)),
        ]
        Kpi._periods_kpis(self.company, periods)  # warm the caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        together = Kpi._periods_kpis(self.company, periods)
        three = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        alone = Kpi._periods_kpis(self.company, periods[:1])
        one = self.env.cr.sql_log_count - before
        self.assertEqual(three, one, "one query per family, whatever the number of periods")
        self.assertEqual(together[0], alone[0])
        self.assertEqual(together, [Kpi._period_kpis(self.company, *period) for period in periods])

    # ------------------------------------------------------------------ bugs the report had
    def test_order_amounts_by_admin_state_are_in_company_currency(self):
        self.assertEqual(self._bug("order_states_in_company_currency"), [])

    def test_value_of_proposals_won_is_in_company_currency(self):
        self.assertEqual(self._bug("proposal_values_in_company_currency"), [])

    def test_an_average_of_nothing_is_left_blank(self):
        self.assertEqual(self._bug("averages_of_nothing_are_blank"), [])
