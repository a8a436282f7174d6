from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.fields import Domain

DEFAULT_REQUIRED_PARTNER_FIELDS = "vat,email,phone,street,property_payment_term_id,sales_admin_id"


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_admin_required_partner_fields = fields.Char(
        string="Required Customer Fields",
        default=DEFAULT_REQUIRED_PARTNER_FIELDS,
        help="Technical names of the customer fields a complete customer record must have, "
        "separated by commas (e.g. vat,email,phone,property_payment_term_id).",
    )
    sales_admin_date_customer_check = fields.Datetime(
        string="Incomplete Customers Block Orders From",
        # the transaction's time: at install, the orders it creates (demo) are new ones
        default=lambda self: self.env.cr.now(),
        help="Orders created or confirmed from this moment on are blocked while their customer "
        "misses a required field. Older orders (those in progress when Sales Admin was "
        "installed) only show the missing fields as a warning. Set at installation; move it "
        "when you add a required field and want the open orders spared.",
    )
    sales_admin_payment_link_reminder_days = fields.Integer(
        string="Remind Unpaid Payment Links After (Days)",
        default=7,
        help="An unpaid payment link older than this number of days produces a reminder.",
    )
    sales_admin_payment_link_reminder_mode = fields.Selection(
        selection=[
            ("activity", "Activity for the sales admin"),
            ("email", "Email to the customer"),
        ],
        string="Payment Link Reminder",
        default="activity",
        required=True,
    )

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("sales_admin_required_partner_fields")
    def _check_sales_admin_required_partner_fields(self):
        partner_fields = self.env["res.partner"]._fields
        for company in self:
            names = company._sales_admin_required_partner_field_names()
            unknown = [name for name in names if name not in partner_fields]
            if unknown:
                raise ValidationError(
                    self.env._(
                        "These required customer fields do not exist on contacts: %s",
                        ", ".join(unknown),
                    )
                )
            not_stored = [name for name in names if not partner_fields[name].store]
            if not_stored:
                raise ValidationError(
                    self.env._(
                        "These fields cannot be required on customers because they are computed "
                        "on the fly: %s",
                        ", ".join(not_stored),
                    )
                )

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env.registry.clear_cache()  # _sales_admin_all_required_partner_field_names
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "sales_admin_required_partner_fields" in vals:
            self.env.registry.clear_cache()  # _sales_admin_all_required_partner_field_names
        if {"sales_admin_required_partner_fields", "sales_admin_date_customer_check"} & vals.keys():
            # sudo: the order checklist is derived data that follows the configuration
            orders = (
                self.env["sale.order"]
                .sudo()
                .search(
                    Domain("company_id", "in", self.ids)
                    & self.env["sale.order"]._sales_admin_open_domain()
                )
            )
            orders._sales_admin_recheck()
        return res

    # === BUSINESS METHODS === #
    @api.model
    @tools.ormcache()
    def _sales_admin_all_required_partner_field_names(self):
        """The customer fields some company requires (a frozenset). Cached: res.partner.write
        asks on every write of a contact, and the answer changes only with the configuration."""
        # sudo: configuration of all companies, only field names come out
        companies = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("sales_admin_required_partner_fields", "!=", False)],
                ["sales_admin_required_partner_fields"],
            )
        )
        return frozenset(
            name
            for company in companies
            for name in company._sales_admin_required_partner_field_names()
        )

    def _sales_admin_required_partner_field_names(self):
        self.ensure_one()
        raw = self.sales_admin_required_partner_fields or ""
        return [name.strip() for name in raw.split(",") if name.strip()]

    def _sales_admin_next_number(self, code, name, prefix, padding=4):
        """Next number of this company's own `code` sequence, created on first use: complaints,
        requests, proposals and contracts are numbered per company."""
        self.ensure_one()
        # sudo: whoever creates a document draws its number; sequences are admin-only records
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code), ("company_id", "=", self.id)], limit=1)
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": name,
                    "code": code,
                    "prefix": prefix,
                    "padding": padding,
                    "company_id": self.id,
                }
            )
        return sequence.next_by_id()
