"""The proposals' business numbers, defined once for every screen that shows them.

- Won: proposals accepted in the period (by their closing date). Lost: proposals declined or
  expired in the period: a proposal that ran out of validity was not won. Win rate: won out of won
  and lost; cancelled proposals were never decided and count for neither.
- Value: the untaxed amount of the quotation, converted into the company currency with the
  quotation's rate, as `sale.report` converts it.
- Days to submit: from the creation of a proposal to its sending, averaged over the proposals sent
  in the period.
"""

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

LOST_STATES = ("declined", "expired")


class SaleAdminKpi(models.AbstractModel):
    _inherit = "sale.admin.kpi"

    # === NUMBER METHODS === #
    @api.model
    def _proposal_outcomes(self, company, start, end, domain=None):
        """Rows (owner, won, lost, value won in the company currency) of the proposals of
        `company` decided in [start, end) (UTC datetimes), per owner (an empty record for
        none); `domain` narrows the proposals."""
        Proposal = self.env["sale.proposal"]
        Proposal.flush_model(["user_id", "state", "amount_untaxed", "order_id", "date_closed"])
        self.env["sale.order"].flush_model(["currency_rate"])
        decided = (
            Domain("company_id", "=", company.id)
            & Domain("date_closed", ">=", start)
            & Domain("date_closed", "<", end)
            & Domain("state", "in", ("accepted", *LOST_STATES))
        )
        query = Proposal._search(decided & Domain(domain or []))
        order = query.left_join(query.table, "order_id", "sale_order", "id", "order_id")
        owner = SQL.identifier(query.table, "user_id")
        won = SQL("%s = 'accepted'", SQL.identifier(query.table, "state"))
        query.groupby = owner
        query.order = None
        rows = self.env.execute_query(
            query.select(
                owner,
                SQL("COUNT(*) FILTER (WHERE %s)", won),
                SQL("COUNT(*) FILTER (WHERE NOT %s)", won),
                SQL(
                    "SUM(%s / %s) FILTER (WHERE %s)",
                    SQL.identifier(query.table, "amount_untaxed"),
                    self._order_rate(order),
                    won,
                ),
            )
        )
        owners = tuple(user_id for user_id, *_rest in rows if user_id)
        Users = self.env["res.users"]
        return [
            (
                Users.browse(user_id or ()).with_prefetch(owners),
                won_count,
                lost_count,
                float(value or 0.0),
            )
            for user_id, won_count, lost_count, value in rows
        ]

    @api.model
    def _win_rate(self, won, lost):
        """Won out of decided, in percent (None when nothing was decided)."""
        return round(won / (won + lost) * 100, 1) if won + lost else None

    @api.model
    def _days_to_submit(self, company, start, end):
        """Average days from a proposal's (or RFP response's) creation to its sending, over the
        proposals of `company` sent in [start, end) (None when none was)."""
        return self._proposal_periods(company, [(start, end)])[0]["days_to_submit"]

    @api.model
    def _proposal_periods(self, company, periods):
        """The proposals' figures of `company` in each of `periods` ([start, end) UTC bounds) in
        one query (conditional aggregates per period): {"sent", "won", "lost", "won_value" (in
        the company currency), "days_to_submit"} per period, by the rules above."""
        Proposal = self.env["sale.proposal"]
        Proposal.flush_model(
            [
                "company_id",
                "user_id",
                "state",
                "amount_untaxed",
                "order_id",
                "date_sent",
                "date_closed",
                "create_date",
            ]
        )
        self.env["sale.order"].flush_model(["currency_rate"])

        def within(field, start, end):
            return self._within_domain(field, [(start, end)])

        query = Proposal._search(
            Domain("company_id", "=", company.id)
            & Domain.OR(
                within("date_sent", start, end)
                | (
                    within("date_closed", start, end)
                    & Domain("state", "in", ("accepted", *LOST_STATES))
                )
                for start, end in periods
            )
        )
        order = query.left_join(query.table, "order_id", "sale_order", "id", "order_id")

        def column(name):
            return SQL.identifier(query.table, name)

        won = SQL("%s = 'accepted'", column("state"))
        columns = []
        for start, end in periods:
            sent = SQL("%s >= %s AND %s < %s", column("date_sent"), start, column("date_sent"), end)
            decided = SQL(
                "%s >= %s AND %s < %s AND %s IN %s",
                column("date_closed"),
                start,
                column("date_closed"),
                end,
                column("state"),
                ("accepted", *LOST_STATES),
            )
            columns += [
                SQL("COUNT(*) FILTER (WHERE %s)", sent),
                SQL("COUNT(*) FILTER (WHERE %s AND %s)", decided, won),
                SQL("COUNT(*) FILTER (WHERE %s AND NOT %s)", decided, won),
                SQL(
                    "SUM(%s / %s) FILTER (WHERE %s AND %s)",
                    column("amount_untaxed"),
                    self._order_rate(order),
                    decided,
                    won,
                ),
                SQL(
                    "AVG(EXTRACT(EPOCH FROM %s - %s)) FILTER (WHERE %s) / 86400",
                    column("date_sent"),
                    column("create_date"),
                    sent,
                ),
            ]
        [row] = self.env.execute_query(query.select(*columns))
        result = []
        for index in range(len(periods)):
            sent, won_count, lost_count, value, days = row[index * 5 : index * 5 + 5]
            result.append(
                {
                    "sent": sent,
                    "won": won_count,
                    "lost": lost_count,
                    "won_value": float(value or 0.0),
                    "days_to_submit": round(float(days), 1) if days is not None else None,
                }
            )
        return result
