"""The sales admin's cockpit: counters of what needs them today, one click from the filtered list.

Each tile names a model, a domain (written with Odoo's domain editor) and the fields naming the
person a record waits for (the admin looked at); all counters of the screen come from ONE SQL query
built from the ORM's own `_search` (so record rules and companies apply exactly as in the list the
tile opens).
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time


class SaleAdminCockpitTile(models.Model):
    _name = "sale.admin.cockpit.tile"
    _description = "Sales Admin Cockpit Tile"
    # the admin fields' names are computed from the fields chosen, never typed
    _inherit = ["sale.admin.protected.mixin"]
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
        help="The records counted, for the whole team. Relative dates are written as in Odoo's "
        "filters: context_today(), relativedelta(...), datetime.",
    )
    admin_field_ids = fields.Many2many(
        "ir.model.fields",
        groups="sales_admin_base.group_sales_admin_manager",  # the fields' metadata is theirs
        string="Waiting For",
        domain="[('model', '=', model_name), ('ttype', '=', 'many2one'), "
        "('relation', '=', 'res.users')]",
        help="The user fields naming who a record waits for (e.g. the sales admin, or the manager "
        "an escalation waits for). A desk counts the records where one of them is its owner; "
        "without any, every desk counts the whole team's records.",
    )
    admin_field_names = fields.Char(
        compute="_compute_admin_field_names",
        store=True,
        help="Technical names of the Waiting For fields, comma-separated: read with the tile, "
        "so that counting needs no access to the fields' metadata.",
    )
    list_view_id = fields.Many2one(
        "ir.ui.view",
        domain="[('type', '=', 'list'), ('model', '=', model_name)]",
        help="The list the tile opens; leave empty for the model's default list.",
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
        admins = self._cockpit_admins()
        for tile in self:
            tile.cockpit_admin_id = admins[:1] if admins else False

    def _search_cockpit_admin_id(self, operator, value):
        # the choice travels in the context (cockpit_admin_id); every tile stays listed
        return Domain.TRUE

    @api.depends("admin_field_ids.name")
    def _compute_admin_field_names(self):
        for tile in self:
            tile.admin_field_names = ",".join(tile.admin_field_ids.mapped("name")) or False

    @api.depends_context("uid", "cockpit_admin_id", "allowed_company_ids")
    def _compute_count(self):
        admins = self._cockpit_admins()
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
            query = Model._search(tile._domain_for(admins))
            parts.append(
                SQL("0") if query.is_empty() else SQL("(%s)", query.select(SQL("COUNT(*)")))
            )
        [counts] = self.env.execute_query(SQL("SELECT %s", SQL(", ").join(parts)))
        for tile, value in zip(counted, counts, strict=True):
            tile.count = value

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("model_name", "domain", "admin_field_ids")
    def _check_domain(self):
        for tile in self:
            if tile.model_name not in self.env:
                raise ValidationError(
                    self.env._("Unknown model '%s' on a cockpit tile.", tile.model_name)
                )
            try:
                self.env[tile.model_name]._search(tile._domain_for(None))
            except (ValueError, SyntaxError, NameError, KeyError) as error:
                raise ValidationError(
                    self.env._(
                        "The domain of tile '%(tile)s' is not valid: %(error)s",
                        tile=tile.name,
                        error=error,
                    )
                ) from error
            if tile.admin_field_ids.filtered(
                lambda field, tile=tile: field.model != tile.model_name
            ):
                raise ValidationError(
                    self.env._(
                        "The 'Waiting For' fields of tile '%(tile)s' must be fields of %(model)s.",
                        tile=tile.name,
                        model=tile.model_name,
                    )
                )

    # === ACTION METHODS === #
    def action_open(self):
        """The list the tile counts. The web client shows its domain as a search facet named
        after the tile (the cockpit's kanban moves it there); an empty list says there is
        nothing to do instead of showing sample records."""
        self.ensure_one()
        Model = self.env[self.model_name]
        Model.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self.model_name,
            "view_mode": "list,form",
            "views": [(self.list_view_id.id, "list"), (False, "form")],
            "domain": list(self._domain_for(self._cockpit_admins())),
            "target": "current",
            "useSampleModel": False,
            "help": Markup('<p class="o_view_nocontent_smiling_face">%s</p><p>%s</p>')
            % (
                self.env._("Nothing to do: %s", self.name),
                self.env._(
                    "No record matches this tile right now. It fills up when something needs "
                    "you; remove the filter above to see all records."
                ),
            ),
        }

    # === BUSINESS METHODS === #
    @api.model
    def _cockpit_admins(self):
        """The admins whose desk is shown (a res.users recordset), or None for the whole team.

        Everyone sees their own desk; managers may look at another admin (picked in the search,
        or typed: every internal user whose name matches), or at the whole team."""
        Users = self.env["res.users"]
        admin = self.env.context.get("cockpit_admin_id", self.env.uid)
        if admin == self.env.uid:
            return Users.browse(admin)
        if not self.env.user._is_sales_admin_manager():
            raise UserError(
                self.env._("Only a Sales Admin Manager can look at another admin's cockpit.")
            )
        if not admin:
            return None
        if isinstance(admin, str):
            # a name typed in the search and confirmed with Enter, not picked from the list
            return Users.search([("share", "=", False), ("name", "ilike", admin)])
        return Users.browse(admin)

    def _domain_for(self, admins):
        """The tile's domain for the desk of ``admins`` (None: the whole team)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        context = {
            "uid": self.env.uid,
            "context_today": lambda: today,
            "relativedelta": relativedelta,
            "datetime": safe_datetime,
            "time": safe_time,
            # the names of earlier tiles' domains
            "admin_id": admins[:1].id if admins else False,
            "today": today,
            "now": fields.Datetime.now(),
            "timedelta": timedelta,
        }
        domain = Domain(safe_eval(self.domain, context))
        if admins is not None and self.admin_field_names:
            domain &= Domain.OR(
                Domain(name, "in", admins.ids) for name in self.admin_field_names.split(",")
            )
        return domain
