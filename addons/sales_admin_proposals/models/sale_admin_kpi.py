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
        self.env["sale.proposal"].flush_model(["company_id", "date_sent"])
        [(days,)] = self.env.execute_query(
            SQL(
                """
                SELECT AVG(EXTRACT(EPOCH FROM date_sent - create_date)) / 86400
                  FROM sale_proposal
                 WHERE company_id = %(company)s
                   AND date_sent >= %(start)s AND date_sent < %(end)s
                """,
                company=company.id,
                start=start,
                end=end,
            )
        )
        return round(float(days), 1) if days is not None else None
