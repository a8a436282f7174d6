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

from datetime import timedelta

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
    def _receivable_ctes(self, company, dates, partners=None):
        """SQL of three CTEs over the receivable journal items, in one scan of them:

        - `item`: the receivable items of the posted customer invoices and credit notes of
          `company` dated up to the last of `dates` (of the commercial `partners` only when
          given), with their document's commercial partner, type, payment state and invoice date;
        - `later`: per item, what was reconciled with it after each date of `dates` (sorted):
          columns after_1, after_2... (`_owed_at` reads them);
        - `open_line`: (as_of, line_id, move_id, commercial_partner_id, due, residual), a row per
          item and date it was open on, its residual at that date in the company currency."""
        self.env["account.move.line"].flush_model(
            [
                "date",
                "date_maturity",
                "amount_residual",
                "parent_state",
                "account_id",
                "company_id",
                "move_id",
            ]
        )
        self.env["account.account"].flush_model(["account_type"])
        self.env["account.move"].flush_model(
            ["move_type", "commercial_partner_id", "payment_state", "invoice_date"]
        )
        self.env["account.partial.reconcile"].flush_model(
            ["amount", "max_date", "debit_move_id", "credit_move_id"]
        )
        dates = sorted(set(dates))
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
            item AS MATERIALIZED (
                SELECT line.id, line.move_id, move.commercial_partner_id, line.date,
                       COALESCE(line.date_maturity, line.date) AS due, line.amount_residual,
                       move.move_type, move.payment_state, move.invoice_date
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE line.company_id = %(company)s
                   AND line.parent_state = 'posted'
                   AND line.account_id = ANY(%(accounts)s)
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND line.date <= %(last)s
                   %(partner_filter)s
            ), later AS (
                -- per item: what was reconciled with it after each date of `dates`, in their
                -- order (signed as it took off; NULL when nothing was)
                SELECT part.item_id, %(after)s
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
                 GROUP BY part.item_id
            ), open_line AS (
                SELECT at.as_of, item.id AS line_id, item.move_id, item.commercial_partner_id,
                       item.due, %(owed)s AS residual
                  FROM item
                  JOIN unnest(%(dates)s::date[]) WITH ORDINALITY AS at(as_of, k)
                    ON item.date <= at.as_of
                  LEFT JOIN later ON later.item_id = item.id
                 -- open now, or reconciled (partly) after the as-of date
                 WHERE item.amount_residual != 0 OR %(reconciled_after)s IS NOT NULL
            )
            """,
            after=SQL(", ").join(
                SQL(
                    "SUM(part.amount) FILTER (WHERE part.max_date > %s) AS %s",
                    as_of,
                    SQL.identifier(f"after_{index}"),
                )
                for index, as_of in enumerate(dates, start=1)
            ),
            owed=self._owed_at(dates),
            reconciled_after=self._reconciled_after(dates),
            first=min(dates),
            dates=dates,
            last=max(dates),
            company=company.id,
            accounts=list(self.env["account.account"]._sales_admin_receivable_ids()),
            partner_filter=partner_filter,
        )

    @api.model
    def _reconciled_after(self, dates, index=None):
        """SQL of what was reconciled with a row of the CTE `item` of `_receivable_ctes` after
        the `index`-th of its `dates` (from 1, of the dates sorted), NULL when nothing was; by
        default after the date of the row of `open_line` (`at.k`)."""
        if index is not None:
            return SQL.identifier("later", f"after_{index}")
        return SQL(
            "CASE at.k %s END",
            SQL(" ").join(
                SQL("WHEN %s THEN %s", number, SQL.identifier("later", f"after_{number}"))
                for number in range(1, len(set(dates)) + 1)
            ),
        )

    @api.model
    def _owed_at(self, dates, index=None):
        """SQL of what a row of the CTE `item` of `_receivable_ctes` owed at the end of a date
        (as `_reconciled_after` picks it): what it owes now (its stored residual) plus what was
        reconciled with it after that date."""
        return SQL("item.amount_residual + COALESCE(%s, 0)", self._reconciled_after(dates, index))

    @api.model
    def _receivable_totals_select(self, dates, buckets=()):
        """SQL of the SELECT that sums the CTEs `item` and `later` of `_receivable_ctes` (built
        for `dates`) into the company's totals at each date, the rows of
        `_receivable_figures_select` without partners (the documents not counted: NULL): one
        pass over the items, a sum per date filtered on it, instead of a row per item and
        date."""
        sums = []
        rows = []
        for index, as_of in enumerate(sorted(set(dates)), start=1):
            owed = self._owed_at(dates, index)
            # days late (as_of - due) compared as due dates: constants the rows' dates meet
            conditions = [
                SQL("item.due < %s", as_of),  # overdue
                SQL("item.due >= %s", as_of),  # not due
                *(
                    SQL(
                        "item.due <= %s%s",
                        as_of - timedelta(days=max(low, 1)),
                        SQL("")
                        if high is None
                        else SQL(" AND item.due >= %s", as_of - timedelta(days=high)),
                    )
                    for low, high in buckets
                ),
            ]
            names = [f"d{index}_{number}" for number in range(len(conditions))]
            sums += [
                SQL(
                    "SUM(%s) FILTER (WHERE item.date <= %s AND %s) AS %s",
                    owed,
                    as_of,
                    condition,
                    SQL.identifier(name),
                )
                for condition, name in zip(conditions, names, strict=True)
            ]
            overdue, not_due, *by_bucket = (SQL.identifier("total", name) for name in names)
            # open is overdue and not due; the three are 0 when nothing is owed, as elsewhere
            rows.append(
                SQL(
                    "(%s::date, NULL::int, COALESCE(%s, 0) + COALESCE(%s, 0), COALESCE(%s, 0),"
                    " COALESCE(%s, 0), NULL::bigint, NULL::bigint%s)",
                    as_of,
                    overdue,
                    not_due,
                    overdue,
                    not_due,
                    SQL("").join(SQL(", %s", column) for column in by_bucket),
                )
            )
        return SQL(
            """
            SELECT by_date.*
              FROM (SELECT %(sums)s
                      FROM item LEFT JOIN later ON later.item_id = item.id) total
             CROSS JOIN LATERAL (VALUES %(rows)s) by_date
            """,
            sums=SQL(", ").join(sums),
            rows=SQL(", ").join(rows),
        )

    @api.model
    def _receivable_lines_at_query(self, company, dates, partners=None):
        """SQL of the receivable journal items open at the end of each of `dates`, in one scan:
        (as_of, line, move, commercial partner, due date, residual at that date in the company
        currency), a row per item and date it was open on."""
        return SQL(
            "WITH %s SELECT * FROM open_line", self._receivable_ctes(company, dates, partners)
        )

    @api.model
    def _receivable_figures_select(self, partners=None, buckets=()):
        """SQL of the SELECT that sums the CTE `open_line` of `_receivable_ctes`: (as_of,
        commercial partner id or None for the total, open, overdue, not due, documents open,
        documents overdue, then each bucket of `buckets`), a row per date, and per date and
        partner when `partners` are given."""
        bucket_sums = [
            SQL(
                "SUM(residual) FILTER (WHERE late > 0 AND late >= %s%s)",
                low,
                SQL("") if high is None else SQL(" AND late <= %s", high),
            )
            for low, high in buckets
        ]
        return SQL(
            """
            SELECT as_of, %(partner)s, SUM(residual),
                   COALESCE(SUM(residual) FILTER (WHERE late > 0), 0),
                   COALESCE(SUM(residual) FILTER (WHERE late <= 0), 0),
                   COUNT(DISTINCT move_id) FILTER (WHERE residual > 0),
                   COUNT(DISTINCT move_id) FILTER (WHERE residual > 0 AND late > 0)
                   %(buckets)s
              FROM (
                  -- what each document owes at each date, per due date (instalments)
                  SELECT as_of, commercial_partner_id, move_id, as_of - due AS late,
                         SUM(residual) AS residual
                    FROM open_line
                   GROUP BY as_of, commercial_partner_id, move_id, due
                  HAVING SUM(residual) != 0
              ) owed
             GROUP BY %(grouping)s
            """,
            partner=(
                SQL("CASE WHEN GROUPING(commercial_partner_id) = 0 THEN commercial_partner_id END")
                if partners is not None
                else SQL("NULL::int")
            ),
            buckets=SQL("").join(SQL(", %s", bucket_sum) for bucket_sum in bucket_sums),
            grouping=(
                SQL("GROUPING SETS ((as_of), (as_of, commercial_partner_id))")
                if partners is not None
                else SQL("as_of")
            ),
        )

    @api.model
    def _days_to_pay_select(self, windows, partners=None):
        """SQL of the SELECT of the days to pay in each of `windows` ((date_from, as_of) pairs)
        from the CTE `item` of `_receivable_ctes` (built up to the last as_of): (window number
        from 1, whether the row is the window's total, commercial partner id, average days), the
        total only unless `partners` are given."""
        # the customer invoices settled today and their last reconciliation: the receivable item
        # of an invoice only ever loses residual, so an invoice was settled at a date exactly
        # when it is settled today and was last reconciled by then (after its own date, so the
        # items up to the last as_of hold every invoice settled by then)
        return SQL(
            """
            SELECT w.k, %(total)s, %(partner)s, AVG(settled.settled_on - settled.invoice_date)
              FROM (
                  SELECT item.move_id, item.commercial_partner_id,
                         MIN(item.invoice_date) AS invoice_date, MAX(part.max_date) AS settled_on
                    FROM item
                    LEFT JOIN account_partial_reconcile part ON part.debit_move_id = item.id
                   WHERE item.move_type = 'out_invoice' AND item.payment_state != 'reversed'
                   GROUP BY item.move_id, item.commercial_partner_id
                  HAVING bool_and(item.amount_residual = 0)
                     AND MAX(part.max_date) BETWEEN %(first)s AND %(last)s
              ) settled
              JOIN unnest(%(froms)s::date[], %(tos)s::date[]) WITH ORDINALITY AS w(date_from, as_of, k)
                ON settled.settled_on BETWEEN w.date_from AND w.as_of
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
            grouping=(
                SQL("GROUPING SETS ((w.k), (w.k, settled.commercial_partner_id))")
                if partners is not None
                else SQL("w.k")
            ),
            froms=[date_from for date_from, _as_of in windows],
            tos=[as_of for _date_from, as_of in windows],
            first=min(date_from for date_from, _as_of in windows),
            last=max(as_of for _date_from, as_of in windows),
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
        query = SQL(
            "WITH %s %s",
            self._receivable_ctes(company, dates, partners),
            self._receivable_figures_select(partners, buckets),
        )
        # PostgreSQL over-estimates this query on a company's whole books and JIT-compiles it
        # (1.1 s of compiling for 0.5 s of work on 200,000 invoices); it runs without JIT then
        # (a few customers' invoices cost too little to be compiled)
        execute = self._execute_without_jit if partners is None else self.env.execute_query
        return self._receivable_results(company, dates, partners, buckets, execute(query))

    @api.model
    def _receivables_and_days_to_pay(self, company, windows, buckets=(), counts=True):
        """The company's `_receivables_at` the end of each window (date_from, as_of) of
        `windows` and its `_days_to_pay_windows` of them, in one query over one scan of the
        receivable items: ({as_of: figures}, [days per window]), as those two give them; without
        `counts`, the documents open and overdue are not counted (None)."""
        dates = [as_of for _date_from, as_of in windows]
        # the rows of both, side by side: a figures row has no window, a days row no figures
        rows = self._execute_without_jit(
            SQL(
                """
                WITH %(ctes)s, figures AS (%(figures)s), days_to_pay AS (%(days)s)
                SELECT figures.*, days_to_pay.k, days_to_pay.avg
                  FROM figures FULL JOIN days_to_pay ON FALSE
                """,
                ctes=self._receivable_ctes(company, dates),
                figures=(
                    self._receivable_figures_select(buckets=buckets)
                    if counts
                    else self._receivable_totals_select(dates, buckets)
                ),
                days=self._days_to_pay_select(windows),
            )
        )
        figures = [row[:-2] for row in rows if row[-2] is None]
        days = [(row[-2], True, None, row[-1]) for row in rows if row[-2] is not None]
        return (
            self._receivable_results(company, dates, None, buckets, figures, counts=counts),
            self._days_to_pay_results(windows, days),
        )

    @api.model
    def _receivable_results(self, company, dates, partners, buckets, rows, counts=True):
        """{date: {None: figures, partner id: figures}} of the rows of
        `_receivable_figures_select`, zeros where a date or a partner has no row (the counts
        None when the rows have none)."""
        currency = company.currency_id

        def figures_of(values=None):
            open_, overdue, not_due, open_count, overdue_count, *by_bucket = values or (
                [0.0] * 3 + [0 if counts else None] * 2 + [0.0] * len(buckets)
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
        return self._days_to_pay_results(windows, rows)

    @api.model
    def _days_to_pay_results(self, windows, rows):
        """[{commercial partner id or None: days}] per window of the rows of
        `_days_to_pay_select`."""
        results = [{} for _window in windows]
        for k, total, partner_id, days in rows:
            if days is not None:
                results[k - 1][None if total else partner_id] = round(float(days), 1)
        return results

    @api.model
    def _days_to_pay_windows_sql(self, company, windows, partners=None):
        """SQL of `_days_to_pay_windows`: (window number from 1, whether the row is the window's
        total, commercial partner id, average days)."""
        return SQL(
            "WITH %s %s",
            self._receivable_ctes(company, [as_of for _date_from, as_of in windows], partners),
            self._days_to_pay_select(windows, partners),
        )
