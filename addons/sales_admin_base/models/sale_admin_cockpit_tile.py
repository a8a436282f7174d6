"""The sales admin's cockpit: counters of what needs them today, one click from the filtered list.

Each tile names a model and a domain (evaluated for the admin being looked at); all counters of the
screen come from ONE SQL query built from the ORM's own `_search` (so record rules and companies
apply exactly as in the list the tile opens).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval


class SaleAdminCockpitTile(models.Model):
    _name = "sale.admin.cockpit.tile"
    _description = "Sales Admin Cockpit Tile"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    section = fields.Selection(
        [
            ("complaints", "Complaints"),
            ("orders", "Orders and payments"),
            ("requests", "Requests and escalations"),
            ("proposals", "Proposals and contracts"),
            ("customers", "Customers"),
            ("reports", "Reports"),
        ],
        required=True,
    )
    model_name = fields.Char(required=True, help="Technical name of the model counted.")
    domain = fields.Char(
        required=True,
        default="[]",
        help="Python domain evaluated with: admin_id (the admin looked at, or False for the whole "
        "team), uid, today, now, datetime, timedelta.",
    )
    tone = fields.Selection(
        [("info", "Neutral"), ("warning", "Needs attention"), ("danger", "Urgent")],
        default="info",
        required=True,
    )
    count = fields.Integer(compute="_compute_count")
    cockpit_admin_id = fields.Many2one(
        "res.users",
        string="Admin",
        compute="_compute_cockpit_admin_id",
        search="_search_cockpit_admin_id",
        help="Search on it to look at another admin's cockpit (managers).",
    )

    # === COMPUTE METHODS === #
    @api.depends_context("uid", "cockpit_admin_id")
    def _compute_cockpit_admin_id(self):
        admin = self.env["res.users"].browse(self._cockpit_admin())
        for tile in self:
            tile.cockpit_admin_id = admin

    def _search_cockpit_admin_id(self, operator, value):
        # the choice travels in the context (cockpit_admin_id); every tile stays listed
        return Domain.TRUE

    @api.depends_context("uid", "cockpit_admin_id", "allowed_company_ids")
    def _compute_count(self):
        admin_id = self._cockpit_admin()
        # a tile on a model this admin may not read counts nothing, the others still count
        counted = self.filtered(
            lambda tile: tile.model_name in self.env
            and self.env[tile.model_name].has_access("read")
        )
        (self - counted).count = 0
        if not counted:
            return
        parts = []
        for tile in counted:
            Model = self.env[tile.model_name]
            Model.flush_model()
            query = Model._search(tile._domain_for(admin_id))
            parts.append(
                SQL("0") if query.is_empty() else SQL("(%s)", query.select(SQL("COUNT(*)")))
            )
        [counts] = self.env.execute_query(SQL("SELECT %s", SQL(", ").join(parts)))
        for tile, value in zip(counted, counts, strict=True):
            tile.count = value

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("model_name", "domain")
    def _check_domain(self):
        for tile in self:
            if tile.model_name not in self.env:
                raise ValidationError(
                    self.env._("Unknown model '%s' on a cockpit tile.", tile.model_name)
                )
            try:
                self.env[tile.model_name]._search(tile._domain_for(False))
            except (ValueError, SyntaxError, NameError, KeyError) as error:
                raise ValidationError(
                    self.env._(
                        "The domain of tile '%(tile)s' is not valid: %(error)s",
                        tile=tile.name,
                        error=error,
                    )
                ) from error

    # === ACTION METHODS === #
    def action_open(self):
        self.ensure_one()
        Model = self.env[self.model_name]
        Model.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self.model_name,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": list(self._domain_for(self._cockpit_admin())),
            "target": "current",
        }

    # === BUSINESS METHODS === #
    @api.model
    def _cockpit_admin(self):
        """The admin whose cockpit is shown: managers may look at another admin, or the team."""
        admin_id = self.env.context.get("cockpit_admin_id", self.env.uid)
        if admin_id != self.env.uid and not self.env.user._is_sales_admin_manager():
            raise UserError(
                self.env._("Only a Sales Admin Manager can look at another admin's cockpit.")
            )
        return admin_id or False

    def _domain_for(self, admin_id):
        self.ensure_one()
        now = fields.Datetime.now()
        context = {
            "admin_id": admin_id,
            "uid": self.env.uid,
            "today": fields.Date.context_today(self),
            "now": now,
            "datetime": safe_datetime,
            "timedelta": timedelta,
        }
        return Domain(safe_eval(self.domain, context))
