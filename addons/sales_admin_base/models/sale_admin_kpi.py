"""The one definition of the business numbers that several screens show.

Open and overdue receivables and days to pay are computed here, as of a date, for one company, in
its currency; the customer overview, the order desk's overdue filter and the sales admin reports
read them here, so that they can never disagree.

Rules, decided once:

- A receivable is the residual of a receivable journal item of a posted customer invoice or credit
  note (`out_invoice`, `out_refund`) of the company, dated (accounting date) up to the as-of date,
  less what was reconciled with it up to then (`account.partial.reconcile` whose `max_date` is up
  to then), in the company currency: what Odoo's aged receivables show for those journal items on
  that date, whatever happened afterwards.
- An invoice `in_payment` counts as paid: its residual is zero (the payment is reconciled with it;
  only the bank statement is still to come).
- An open credit note reduces the open receivables (its residual is negative); a payment not yet
  reconciled with any invoice does not (it is not a document we chase).
- Overdue: the part of the open receivables whose due date (the journal item's maturity date, its
  date without one) is before the as-of date.
- Days to pay: the average, over the customer invoices fully settled by the as-of date with their
  last reconciliation in the window, of the days from invoice date to that reconciliation; invoices
  fully reversed by a credit note are not payments and are left out.
"""

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class SaleAdminKpi(models.AbstractModel):
    _name = "sale.admin.kpi"
    _description = "Sales Admin: business numbers"

    # === QUERY METHODS === #
    @api.model
    def _order_rate(self, alias):
        """SQL of the rate that converts amounts of the order `alias` into its company's currency,
        as `sale.report` applies it (1 when the order has none)."""
        return SQL(
            "(CASE COALESCE(%(rate)s, 0) WHEN 0 THEN 1.0 ELSE %(rate)s END)",
            rate=SQL.identifier(alias, "currency_rate"),
        )

    @api.model
    def _within_domain(self, field, bounds):
        """The records whose `field` (a stored column of the model) lies in one of `bounds`,
        [start, end) pairs: a condition `_search` writes as such, where a domain of the same
        ranges is parsed and optimized leaf by leaf at each search (the quarterly report makes
        22 searches). The rest of a domain it is part of, and the record rules, apply as ever."""
        bounds = list(bounds)
        if not bounds:
            return Domain.FALSE

        def to_sql(model, alias, query):
            column = model._field_to_sql(alias, field, query)
            return SQL(
                "(%s)",
                SQL(" OR ").join(
                    SQL("(%s >= %s AND %s < %s)", column, start, column, end)
                    for start, end in bounds
                ),
            )

        def predicate(record):
            value = record[field]
            return bool(value) and any(start <= value < end for start, end in bounds)

        return Domain.custom(to_sql=to_sql, predicate=predicate)

    @api.model
    def _receivable_lines_query(self, company, as_of, partners=None):
        """SQL of the receivable journal items open at the end of `as_of`: (as_of, line, move,
        commercial partner, due date, residual at that date in the company currency)."""
        return self._receivable_lines_at_query(company, [as_of], partners)

    @api.model
    def _receivable_lines_at_query(self, company, dates, partners=None):
        """SQL of the receivable journal items open at the end of each of `dates`, in one scan:
        (as_of, line, move, commercial partner, due date, residual at that date in the company
        currency), a row per item and date it was open on."""
        self.env["account.move.line"].flush_model(
            [
                "date",
                "date_maturity",
                "amount_residual",
                "parent_state",
                "account_id",
                "company_id",
            ]
        )
        self.env["account.account"].flush_model(["account_type"])
        self.env["account.move"].flush_model(["move_type", "commercial_partner_id"])
        self.env["account.partial.reconcile"].flush_model(
            ["amount", "max_date", "debit_move_id", "credit_move_id"]
        )
        partner_filter = (
            SQL("AND move.commercial_partner_id = ANY(%s)", list(partners.ids))
            if partners is not None
            else SQL()
        )
        # an item owes at the as-of date what it owes now (its stored residual) plus what was
        # reconciled with it after that date: only the reconciliations after the earliest as-of
        # date are read, through the items (a hash join over the company's books, index lookups
        # for a few customers' items)
        return SQL(
            """
            WITH item AS MATERIALIZED (
                SELECT line.id, line.move_id, move.commercial_partner_id, line.date,
                       COALESCE(line.date_maturity, line.date) AS due, line.amount_residual
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE line.company_id = %(company)s
                   AND line.parent_state = 'posted'
                   AND line.account_id = ANY(%(accounts)s)
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND line.date <= %(last)s
                   %(partner_filter)s
            ), later AS (
                -- per item and as-of date: reconciled after that date (signed as it took off)
                SELECT at.as_of, part.item_id, SUM(part.amount) AS amount
                  FROM (
                      SELECT item.id AS item_id, part.amount, part.max_date
                        FROM item
                        JOIN account_partial_reconcile part ON part.debit_move_id = item.id
                       WHERE part.max_date > %(first)s
                      UNION ALL
                      SELECT item.id, -part.amount, part.max_date
                        FROM item
                        JOIN account_partial_reconcile part ON part.credit_move_id = item.id
                       WHERE part.max_date > %(first)s
                  ) part
                  JOIN unnest(%(dates)s::date[]) AS at(as_of) ON part.max_date > at.as_of
                 GROUP BY at.as_of, part.item_id
            )
            SELECT at.as_of, item.id AS line_id, item.move_id, item.commercial_partner_id,
                   item.due, item.amount_residual + COALESCE(later.amount, 0) AS residual
              FROM item
              JOIN unnest(%(dates)s::date[]) AS at(as_of) ON item.date <= at.as_of
              LEFT JOIN later ON later.item_id = item.id AND later.as_of = at.as_of
             -- open now, or reconciled (partly) after the as-of date
             WHERE item.amount_residual != 0 OR later.item_id IS NOT NULL
            """,
            first=min(dates),
            dates=sorted(set(dates)),
            last=max(dates),
            company=company.id,
            accounts=list(self.env["account.account"]._sales_admin_receivable_ids()),
            partner_filter=partner_filter,
        )

    # === NUMBER METHODS === #
    @api.model
    def _receivables(self, company, partners=None, as_of=None, buckets=()):
        """Open and overdue receivables of `company` at the end of `as_of` (today by default), of
        the commercial `partners` (all customers by default), in total (key None) and, when
        `partners` are given, per commercial partner id: {"open", "overdue", "open_count",
        "overdue_count", "not_due", and one entry per (low, high) of `buckets`: what is low to
        high days overdue (high None: low or more)}; the counts are of the documents with
        something owed (overdue), credit notes not counted."""
        as_of = as_of or fields.Date.context_today(self)
        return self._receivables_at(company, [as_of], partners=partners, buckets=buckets)[as_of]

    @api.model
    def _receivables_at(self, company, dates, partners=None, buckets=()):
        """`_receivables` at the end of each of `dates`, in one query that sums in PostgreSQL
        (a row per date, and per date and partner when `partners` are given): {date: figures}."""
        bucket_sums = [
            SQL(
                "SUM(residual) FILTER (WHERE late > 0 AND late >= %s%s)",
                low,
                SQL("") if high is None else SQL(" AND late <= %s", high),
            )
            for low, high in buckets
        ]
        grouping = (
            SQL("GROUPING SETS ((as_of), (as_of, commercial_partner_id))")
            if partners is not None
            else SQL("as_of")
        )
        # PostgreSQL over-estimates this query on a company's whole books (each item's last
        # reconciliation is looked up once, 200,000 index lookups for 200,000 invoices: estimated
        # at 700,000) and JIT-compiles it: 1.1 s of compiling for 0.5 s of work; it runs without
        # JIT then (a few customers' invoices cost too little to be compiled)
        execute = self._execute_without_jit if partners is None else self.env.execute_query
        rows = execute(
            SQL(
                """
                WITH owed AS (
                    -- what each document owes at each date, per due date (instalments)
                    SELECT as_of, commercial_partner_id, move_id, as_of - due AS late,
                           SUM(residual) AS residual
                      FROM (%(lines)s) open_line
                     GROUP BY as_of, commercial_partner_id, move_id, due
                    HAVING SUM(residual) != 0
                )
                SELECT as_of, %(partner)s, SUM(residual),
                       COALESCE(SUM(residual) FILTER (WHERE late > 0), 0),
                       COALESCE(SUM(residual) FILTER (WHERE late <= 0), 0),
                       COUNT(DISTINCT move_id) FILTER (WHERE residual > 0),
                       COUNT(DISTINCT move_id) FILTER (WHERE residual > 0 AND late > 0)
                       %(buckets)s
                  FROM owed
                 GROUP BY %(grouping)s
                """,
                lines=self._receivable_lines_at_query(company, dates, partners),
                partner=(
                    SQL(
                        "CASE WHEN GROUPING(commercial_partner_id) = 0 THEN commercial_partner_id END"
                    )
                    if partners is not None
                    else SQL("NULL::int")
                ),
                buckets=SQL("").join(SQL(", %s", bucket_sum) for bucket_sum in bucket_sums),
                grouping=grouping,
            )
        )
        currency = company.currency_id

        def figures_of(values=None):
            open_, overdue, not_due, open_count, overdue_count, *by_bucket = values or (
                [0.0] * 3 + [0] * 2 + [0.0] * len(buckets)
            )
            return {
                "open": currency.round(float(open_)),
                "overdue": currency.round(float(overdue)),
                "not_due": currency.round(float(not_due)),
                "open_count": open_count,
                "overdue_count": overdue_count,
                **{
                    bucket: currency.round(float(amount or 0.0))
                    for bucket, amount in zip(buckets, by_bucket, strict=True)
                },
            }

        results = {}
        for as_of in dates:
            results[as_of] = {None: figures_of()}
            if partners is not None:
                results[as_of].update({partner_id: figures_of() for partner_id in partners.ids})
        for as_of, partner_id, *values in rows:
            results[as_of][partner_id] = figures_of(values)
        return results

    @api.model
    def _execute_without_jit(self, query):
        """The rows of `query`, planned and run without PostgreSQL's JIT compilation, for the
        queries whose cost PostgreSQL over-estimates; the setting is restored right after."""
        rows = self.env.execute_query(SQL("SET LOCAL jit = off; %s", query))
        self.env.cr.execute(SQL("RESET jit"))
        return rows

    @api.model
    def _overdue_invoices(self, companies, as_of=None):
        """The customer invoices of `companies` with something overdue at the end of `as_of`
        (today by default), by the rules of `_receivables`."""
        as_of = as_of or fields.Date.context_today(self)
        move_ids = set()
        for company in companies:
            move_ids.update(
                move_id
                for (move_id,) in self.env.execute_query(
                    SQL(
                        """
                        SELECT move_id FROM (%s) open_line
                         WHERE due < %s
                         GROUP BY move_id HAVING SUM(residual) > 0
                        """,
                        self._receivable_lines_query(company, as_of),
                        as_of,
                    )
                )
            )
        return self.env["account.move"].browse(sorted(move_ids))

    @api.model
    def _days_to_pay(self, company, partners=None, date_from=None, as_of=None):
        """Average days from invoice date to full settlement of the customer invoices of `company`
        settled between `date_from` (12 months before `as_of` by default) and the end of `as_of`
        (today by default): {commercial partner id: days, None: days over all}; a partner with
        nothing settled is left out, and None too when nothing was."""
        as_of = as_of or fields.Date.context_today(self)
        date_from = date_from or fields.Date.subtract(as_of, months=12)
        return self._days_to_pay_windows(company, [(date_from, as_of)], partners)[0]

    @api.model
    def _days_to_pay_windows(self, company, windows, partners=None):
        """`_days_to_pay` of each window (date_from, as_of) of `windows`, in one query: a list in
        the order of `windows`."""
        rows = self.env.execute_query(self._days_to_pay_windows_sql(company, windows, partners))
        results = [{} for _window in windows]
        for k, total, partner_id, days in rows:
            if days is not None:
                results[k - 1][None if total else partner_id] = round(float(days), 1)
        return results

    @api.model
    def _days_to_pay_windows_sql(self, company, windows, partners=None):
        """SQL of `_days_to_pay_windows`: (window number from 1, whether the row is the window's
        total, commercial partner id, average days)."""
        self.env["account.move"].flush_model(
            ["move_type", "state", "payment_state", "invoice_date", "commercial_partner_id"]
        )
        self.env["account.move.line"].flush_model(["amount_residual", "move_id", "account_id"])
        self.env["account.partial.reconcile"].flush_model(["max_date", "debit_move_id"])
        partner_filter = (
            SQL("AND move.commercial_partner_id = ANY(%s)", list(partners.ids))
            if partners is not None
            else SQL()
        )
        # per partner only when partners are asked for: the company's figure alone is one group
        # per window
        grouping = (
            SQL("GROUPING SETS ((w.k), (w.k, settled.commercial_partner_id))")
            if partners is not None
            else SQL("w.k")
        )
        return SQL(
            """
                WITH windows AS (
                    SELECT * FROM unnest(%(froms)s::date[], %(tos)s::date[])
                           WITH ORDINALITY AS w(date_from, as_of, k)
                ), settled AS (
                    -- the customer invoices settled today and their last reconciliation: the
                    -- receivable item of an invoice only ever loses residual, so an invoice was
                    -- settled at a date exactly when it is settled today and was last reconciled
                    -- by then
                    SELECT move.id, move.commercial_partner_id, move.invoice_date,
                           MAX(part.max_date) AS settled_on
                      FROM account_move move
                      JOIN account_move_line line
                        ON line.move_id = move.id AND line.account_id = ANY(%(accounts)s)
                      LEFT JOIN account_partial_reconcile part ON part.debit_move_id = line.id
                     WHERE move.company_id = %(company)s
                       AND move.move_type = 'out_invoice'
                       AND move.state = 'posted'
                       AND move.payment_state != 'reversed'
                       %(partner_filter)s
                     GROUP BY move.id
                    HAVING bool_and(line.amount_residual = 0)
                       AND MAX(part.max_date) BETWEEN %(first)s AND %(last)s
                )
                SELECT w.k, %(total)s, %(partner)s, AVG(settled.settled_on - settled.invoice_date)
                  FROM settled
                  JOIN windows w ON settled.settled_on BETWEEN w.date_from AND w.as_of
                 GROUP BY %(grouping)s
                """,
            total=(
                SQL("GROUPING(settled.commercial_partner_id) = 1")
                if partners is not None
                else SQL("TRUE")
            ),
            partner=(
                SQL("settled.commercial_partner_id") if partners is not None else SQL("NULL::int")
            ),
            grouping=grouping,
            froms=[date_from for date_from, _as_of in windows],
            tos=[as_of for _date_from, as_of in windows],
            first=min(date_from for date_from, _as_of in windows),
            last=max(as_of for _date_from, as_of in windows),
            company=company.id,
            accounts=list(self.env["account.account"]._sales_admin_receivable_ids()),
            partner_filter=partner_filter,
        )
